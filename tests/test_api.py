"""The Python API as a notebook user meets it: one-line reprs, printed state numbers, tables, exports.

Published case: the prisoner's dilemma (Rapoport & Chammah 1965; as a graph
model in Fang, Hipel & Kilgour 1993, ch. 2): Nash {DD}; GMR, SMR, SEQ, SIM
and SEQ+SIM {CC, DD} (derived by hand in tests/test_published_cases.py).
"""

from __future__ import annotations

import html
import itertools
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import standoff
from profiles import examples
from standoff.analyses.states import state_names
from standoff.engine.moves import unilateral_improvements, unilateral_moves
from strategies import conflicts

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DILEMMA = EXAMPLES / "prisoners-dilemma.yaml"
HANOI = EXAMPLES / "hanoi-2019.yaml"


@pytest.fixture(scope="module")
def dilemma() -> standoff.AnalysisResult:
    return standoff.load(DILEMMA).analyze()


# -- concepts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("asked", ["nash", "Nash", "NASH", ["nash"], ("Nash",)])
def test_one_concept_by_name_in_any_case(asked: object) -> None:
    result = standoff.load(DILEMMA).analyze(asked)  # type: ignore[arg-type]
    assert result.concepts == ("nash",)
    assert result.equilibria["nash"] == ["YY"]


def test_concept_keys_accept_printed_names(dilemma: standoff.AnalysisResult) -> None:
    assert standoff.analyze(dilemma.conflict, ["SEQ+SIM", "gmr"]).concepts == ("gmr", "seqsim")
    assert dilemma.equilibrium_count("SEQ") == 2  # type: ignore[arg-type]
    assert standoff.explain(dilemma, "YY", "Seq+Sim").concept == "seqsim"


@pytest.mark.parametrize("asked", ["nmx", "l0", ["nash", "best"], []])
def test_an_unknown_concept_is_a_clear_error(asked: object) -> None:
    with pytest.raises(standoff.ConceptError, match="choose from nash, gmr, smr, seq, sim, seqsim"):
        standoff.load(DILEMMA).analyze(asked)  # type: ignore[arg-type]
    assert issubclass(standoff.ConceptError, ValueError)


# -- state numbers -----------------------------------------------------------------------------------------


def test_the_status_quo_carries_the_number_the_tables_print(dilemma: standoff.AnalysisResult) -> None:
    sq = dilemma.status_quo
    assert isinstance(sq, standoff.State)
    assert sq == "NN" and sq.number == 1 and sq.number == dilemma.status_quo_index + 1  # type: ignore[operator]
    data = dilemma.to_dict()
    assert data["status_quo"] == sq
    assert data["states"][sq.number - 1]["pattern"] == sq
    assert dilemma.to_frame().index[sq.number - 1] == (sq.number, "NN")
    hanoi = standoff.load(HANOI).analyze(("seq",))
    assert hanoi.status_quo is not None
    assert hanoi.patterns[hanoi.status_quo.number - 1] == hanoi.status_quo


def test_numbers_states_and_names_are_interchangeable(dilemma: standoff.AnalysisResult) -> None:
    by_number = standoff.explain(dilemma, 4, "nash")
    by_state = standoff.explain(dilemma, dilemma.equilibria["nash"][0], "nash")
    by_name = standoff.explain(dilemma, "both_defect", "nash")
    assert by_number.state == by_state.state == by_name.state == "YY"
    assert by_number.state.number == 4 and by_number.index == 3
    assert dilemma.state(4) == dilemma.state("both_defect") == "YY"
    assert dilemma.evolve(1).start.number == 1
    assert dilemma.evolve(2, to=4).target == "YY"


@pytest.mark.parametrize("number", [0, 5, -1])
def test_a_state_number_out_of_range_says_how_states_are_numbered(
    dilemma: standoff.AnalysisResult, number: int
) -> None:
    with pytest.raises(standoff.StateError, match="numbered 1 to 4"):
        dilemma.explain(number)


@settings(max_examples=examples(40), deadline=None)
@given(conflicts(max_options=4), st.data())
def test_explain_by_number_is_the_state_of_that_row(conflict: standoff.Conflict, data: st.DataObject) -> None:
    result = standoff.analyze(conflict, ("gmr",))
    number = data.draw(st.integers(1, result.space.n_states), label="number")
    explanation = result.explain(number, "gmr")
    assert explanation.state == result.patterns[number - 1]
    assert explanation.state.number == number
    assert result.to_dict()["states"][number - 1]["pattern"] == explanation.state


# -- reprs, tables, HTML -----------------------------------------------------------------------------------


def test_every_result_shows_itself_on_one_line(dilemma: standoff.AnalysisResult) -> None:
    conflict = dilemma.conflict
    shown = {
        "conflict": repr(conflict),
        "result": repr(dilemma),
        "explanation": repr(conflict.explain("both_cooperate", "nash")),
        "evolution": repr(conflict.evolve()),
        "report": repr(standoff.report(dilemma)),
    }
    for what, text in shown.items():
        assert "\n" not in text and len(text) < 160, what
    assert shown["conflict"].startswith('<Conflict "Prisoner\'s dilemma": 2 decision makers')
    assert (
        shown["explanation"]
        == "<Explanation of state 1 NN under Nash: not stable (unstable for Row, Column)>"
    )
    assert shown["evolution"].startswith("<Evolution from state 1 NN under SEQ: 4 states reachable")


def test_an_explanation_as_a_table_lists_each_improvement(dilemma: standoff.AnalysisResult) -> None:
    explanation = dilemma.explain("both_cooperate", "seq")
    frame = explanation.to_frame()
    space = dilemma.space
    expected = sorted(
        (dm, int(t) + 1) for dm in range(2) for t in unilateral_improvements(space, dm, explanation.index)
    )
    names = dilemma.conflict.decision_maker_names
    assert sorted(zip(frame["decision_maker"], frame["improvement_state"], strict=True)) == sorted(
        (names[dm], t) for dm, t in expected
    )
    # CC under SEQ: each defection is answered by the other's defection, to DD (state 4)
    assert frame["deterred"].all() and set(frame["sanction_state"]) == {4}
    assert explanation.to_dict()["number"] == 1
    html = explanation._repr_html_()
    assert "<table" in html and "State 1" in html


def test_an_evolution_as_a_table_lists_the_reachable_states(dilemma: standoff.AnalysisResult) -> None:
    evolution = dilemma.evolve(concept="seq")
    frame = evolution.to_frame()
    assert list(frame.index.get_level_values("state")) == [s + 1 for s in evolution.reachable]
    assert list(frame.index.get_level_values("pattern")) == [dilemma.patterns[s] for s in evolution.reachable]
    assert frame.loc[(4, "YY"), "steps"] == 2 and bool(frame.loc[(4, "YY"), "equilibrium"])
    assert evolution.equilibria == ["NN", "YY"]
    assert evolution.to_dict()["from"] == "NN"
    assert "<table" in evolution._repr_html_()


def test_a_timeline_has_the_same_views() -> None:
    history = "\n".join(
        [
            "history:",
            "  - {date: '1', state: NN}",
            "  - {date: '2', state: YN}",
        ]
    )
    conflict = standoff.loads(DILEMMA.read_text() + history)
    timeline = standoff.timeline(conflict)
    assert repr(timeline).startswith('<Timeline of "Prisoner\'s dilemma": 2 observed states')
    frame = timeline.to_frame()
    assert list(frame["state"]) == [1, 2] and list(frame["pattern"]) == ["NN", "YN"]
    assert timeline.to_dict()["steps"][1]["number"] == 2
    assert "<table" in timeline._repr_html_()


def test_a_report_renders_in_a_notebook_and_saves(dilemma: standoff.AnalysisResult, tmp_path: Path) -> None:
    report = standoff.report(dilemma, "Nash")
    assert report.concept == "nash"
    page = report.to_html()
    assert "</html>" in page
    framed = report._repr_html_()
    assert framed.startswith("<iframe srcdoc=") and html.unescape(framed.split('"')[1]) == page
    data = report.to_dict()
    assert data["graph"]["states"] == [1, 2, 3, 4] and data["concept"] == "nash"
    assert data["analysis"]["equilibria"]["nash"] == ["YY"]
    assert [e["number"] for e in data["explanations"]] == [1, 4]  # the status quo, then the Nash equilibrium
    assert len(data["graph"]["moves"]) == 8  # each suspect moves both ways in each of the two columns/rows
    report.save(tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == page


# -- reading models ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_loads_and_from_dict_give_the_model_load_gives(example: Path) -> None:
    loaded = standoff.load(example)
    assert standoff.loads(example.read_text(encoding="utf-8")) == loaded
    assert standoff.from_dict(loaded.to_dict()) == loaded


def test_loads_errors_name_the_text_the_place_and_the_line() -> None:
    text = DILEMMA.read_text().replace("status_quo: NN", "status_quo: NNN")
    with pytest.raises(standoff.ModelError) as caught:
        standoff.loads(text, name="pasted").analyze()
    assert caught.value.file == "pasted" and "status_quo" in str(caught.value)
    with pytest.raises(standoff.ModelError, match=r"^pasted:2:\d+: decision_makers: "):
        standoff.loads("name: x\ndecision_makers: 3\n", name="pasted")


# -- matrix form -------------------------------------------------------------------------------------------


def test_the_prisoners_dilemma_from_payoffs_matches_the_example_model(
    dilemma: standoff.AnalysisResult,
) -> None:
    """T > R > P > S = 5 > 3 > 1 > 0 for each suspect, strategies cooperate then defect."""
    game = standoff.Conflict.from_payoffs(
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        row_options=["cooperate", "defect"],
        col_options=["cooperate", "defect"],
        status_quo=("cooperate", "cooperate"),
    )
    result = game.analyze()
    assert {c: list(result.equilibria[c]) for c in result.concepts} == {
        c: list(dilemma.equilibria[c]) for c in dilemma.concepts
    }
    assert result.equilibria["nash"] == ["YY"] and result.equilibria["seq"] == ["NN", "YY"]
    assert result.status_quo == "NN"
    assert (result.space.ranks == dilemma.space.ranks).all()


@settings(max_examples=examples(60), deadline=None)
@given(st.integers(2, 3), st.integers(2, 4), st.data())
def test_graph_model_nash_equilibria_are_the_pure_nash_equilibria(
    rows: int, cols: int, data: st.DataObject
) -> None:
    """In matrix form a player moves from any strategy to any other: Nash stability is a pure best reply."""
    values = st.integers(-3, 3)
    a = np.array(data.draw(st.lists(values, min_size=rows * cols, max_size=rows * cols))).reshape(rows, cols)
    b = np.array(data.draw(st.lists(values, min_size=rows * cols, max_size=rows * cols))).reshape(rows, cols)
    game = standoff.Conflict.from_payoffs(a, b)
    result = game.analyze("nash")
    assert result.space.n_states == rows * cols
    pure = {
        (r, c)
        for r, c in itertools.product(range(rows), range(cols))
        if a[r, c] == a[:, c].max() and b[r, c] == b[r, :].max()
    }

    def cell(pattern: str) -> tuple[int, int]:
        row_bits, col_bits = pattern[: rows - 1], pattern[rows - 1 :]
        return row_bits.find("Y") + 1, col_bits.find("Y") + 1

    assert {cell(s) for s in result.equilibria["nash"]} == pure


@pytest.mark.parametrize(
    ("a", "b", "kwargs", "problem"),
    [
        ([[1, 2], [3, 4]], [[1, 2, 3], [4, 5, 6]], {}, "differ in shape"),
        ([[1, 2]], [[1, 2]], {}, "at least two strategies"),
        ([[1, "x"], [3, 4]], [[1, 2], [3, 4]], {}, "matrix of numbers"),
        ([[1, 2], [3, 4]], [[1, 2], [3, 4]], {"row_options": ["a"]}, "names 1 strategies"),
        ([[1, 2], [3, 4]], [[1, 2], [3, 4]], {"status_quo": ("a", "s1")}, "Row has no strategy 'a'"),
    ],
)
def test_bad_payoff_matrices_are_clear_errors(
    a: object, b: object, kwargs: dict[str, object], problem: str
) -> None:
    with pytest.raises(standoff.ModelError, match=problem):
        standoff.Conflict.from_payoffs(a, b, **kwargs)  # type: ignore[arg-type]


# -- networkx ----------------------------------------------------------------------------------------------


@settings(max_examples=examples(40), deadline=None)
@given(conflicts(max_options=4))
def test_the_networkx_graph_is_the_engines_state_graph(conflict: standoff.Conflict) -> None:
    result = standoff.analyze(conflict, ("nash", "seq"))
    graph = result.to_networkx()
    space = result.space
    names = conflict.decision_maker_names
    assert sorted(graph.nodes) == list(range(1, space.n_states + 1))
    expected = sorted(
        (s + 1, int(t) + 1, names[dm], bool(space.ranks[dm, t] > space.ranks[dm, s]))
        for s in range(space.n_states)
        for dm in range(len(names))
        for t in unilateral_moves(space, dm, s)
    )
    found = sorted((u, v, d["mover"], d["improvement"]) for u, v, d in graph.edges(data=True))
    assert found == expected
    named = dict(state_names(conflict, space))
    for s in range(space.n_states):
        node = graph.nodes[s + 1]
        assert node["number"] == s + 1 and node["pattern"] == space.pattern(s)
        assert node["name"] == named.get(s, "")
        best = [int(space.ranks[i].max()) for i in range(len(names))]
        assert node["rank"] == {n: best[i] - int(space.ranks[i, s]) + 1 for i, n in enumerate(names)}
        assert ("nash" in node["equilibrium"]) == bool(result.equilibrium_mask("nash")[s])


def test_without_networkx_the_error_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "networkx", None)
    with pytest.raises(ImportError, match=r"pip install 'standoff\[graph\]'"):
        standoff.load(DILEMMA).to_networkx()


def test_a_number_typed_as_text_is_the_printed_state_number(dilemma: standoff.AnalysisResult) -> None:
    """On the command line a state arrives as text: all digits is a state number."""
    assert dilemma.explain("4").state == dilemma.explain(4).state == "YY"
    assert dilemma.evolve(" 2 ").start == "YN"
    with pytest.raises(standoff.StateError, match="no state number 9"):
        dilemma.explain("9")


def test_the_report_commands_default_is_the_analysis_default() -> None:
    import standoff.analyses.report as contents
    import standoff.interfaces.commands.report as command

    assert command.MAX_GRAPH_STATES == contents.MAX_GRAPH_STATES
