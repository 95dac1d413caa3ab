"""The HTML report: self-contained, complete, faithful to the analysis, and written atomically.

The prisoner's dilemma (Rapoport & Chammah 1965; as a graph model in Fang,
Hipel & Kilgour 1993) is built here in code, so these tests do not depend
on the example files; the command-line tests write a small YAML model.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import standoff
import standoff.analyses.report as contents
import standoff.interfaces.commands.report as command
from profiles import examples
from standoff.analyses.report import GraphMove as Move
from standoff.analyses.report import Report, StateGraph
from standoff.analyses.stability import AnalysisResult, analyze
from standoff.analyses.unknown_explain import UnknownExplanation
from standoff.engine.moves import unilateral_moves
from standoff.interfaces.cli import app
from standoff.io import atomic
from standoff.model.conflict import Conflict, DecisionMaker, Direction, NamedState, OptionSpec
from standoff.model.expressions import Not, Option, pattern
from standoff.model.preferences import Prioritization, Ranking, Statement
from standoff.outputs.graph_svg import render_state_graph
from standoff.outputs.layout import grid_layout
from standoff.outputs.report import render_report
from strategies import conflicts

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def prisoners_dilemma(*, history: tuple[dict[str, str], ...] = ()) -> Conflict:
    """Row and Column, one option each (defect); each ranks DC > CC > DD > CD from its own side."""
    row = DecisionMaker(
        "Row",
        (0,),
        Ranking(((pattern("YN", 2),), (pattern("NN", 2),), (pattern("YY", 2),), (pattern("NY", 2),))),
    )
    column = DecisionMaker(
        "Column",
        (1,),
        Ranking(((pattern("NY", 2),), (pattern("NN", 2),), (pattern("YY", 2),), (pattern("YN", 2),))),
    )
    return Conflict(
        "Prisoner's dilemma",
        (
            OptionSpec("row_defects", 0, description="Row testifies against Column."),
            OptionSpec("col_defects", 1, description="Column testifies against Row."),
        ),
        (row, column),
        status_quo=pattern("NN", 2),
        named_states=(NamedState("both_defect", pattern("YY", 2)),),
        history=history,
    )


def three_party(options_each: int = 3) -> Conflict:
    """Three decision makers with ``options_each`` options each and no infeasibility: 2^(3k) states."""
    options = []
    dms = []
    for d in range(3):
        owned = tuple(range(d * options_each, (d + 1) * options_each))
        options += [OptionSpec(f"p{d}_o{j}", d) for j in range(options_each)]
        statements = tuple(Statement(Not(Option((j + options_each) % (3 * options_each)))) for j in owned)
        statements += tuple(Statement(Option(j)) for j in owned)
        dms.append(DecisionMaker(f"Party {d}", owned, Prioritization(statements)))
    m = 3 * options_each
    return Conflict("Three parties", tuple(options), tuple(dms), status_quo=pattern("N" * m, m))


@pytest.fixture(scope="module")
def dilemma() -> AnalysisResult:
    return analyze(prisoners_dilemma())


@pytest.fixture(scope="module")
def dilemma_html(dilemma: AnalysisResult) -> str:
    return render_report(contents.gather(dilemma, "seq"))


def svg_of(html: str) -> ET.Element:
    """The state graph parsed as XML (which also checks that it is well formed)."""
    start = html.index("<svg xmlns=")
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])


def drawn_states(svg: ET.Element) -> dict[int, set[str]]:
    return {
        int(g.get("data-state", "0")): set(g.get("class", "").split())
        for g in svg.iter(f"{SVG}g")
        if "state" in g.get("class", "").split()
    }


def drawn_moves(svg: ET.Element) -> list[ET.Element]:
    return [p for p in svg.iter(f"{SVG}path") if "move" in p.get("class", "").split()]


# -- the page ---------------------------------------------------------------------------------------------


def test_the_report_is_self_contained(dilemma_html: str) -> None:
    assert dilemma_html.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", dilemma_html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", dilemma_html, re.IGNORECASE)
    assert "@import" not in dilemma_html
    assert "<link" not in dilemma_html.lower()
    assert not re.search(r"<script[^>]*\ssrc=", dilemma_html, re.IGNORECASE)


def test_the_report_names_every_decision_maker_and_option(dilemma_html: str) -> None:
    conflict = prisoners_dilemma()
    for name in (*conflict.decision_maker_names, *conflict.option_names):
        assert name in dilemma_html
    assert "Row testifies against Column." in dilemma_html
    assert "Prisoner&#x27;s dilemma" in dilemma_html


def test_the_graph_marks_the_equilibria_and_the_status_quo(
    dilemma: AnalysisResult, dilemma_html: str
) -> None:
    states = drawn_states(svg_of(dilemma_html))
    assert sorted(states) == [1, 2, 3, 4]
    equilibria = {int(s) + 1 for s in np.flatnonzero(dilemma.equilibrium_mask("seq"))}
    assert equilibria == {1, 4}  # CC and DD under SEQ (Fang, Hipel & Kilgour 1993)
    assert {n for n, classes in states.items() if "equilibrium" in classes} == equilibria
    assert [n for n, classes in states.items() if "status-quo" in classes] == [dilemma.status_quo.number]
    assert re.search(r'<tr id="row-1" class="[^"]*status-quo', dilemma_html)
    for n in equilibria:
        assert re.search(rf'<tr id="row-{n}" class="[^"]*\bequilibrium\b', dilemma_html)
    assert not re.search(r'<tr id="row-2" class="[^"]*\bequilibrium\b', dilemma_html)


def reluctant_dilemma() -> Conflict:
    """The dilemma with a Row that would rather stay silent: its moves from NN are not improvements."""
    conflict = prisoners_dilemma()
    row = DecisionMaker(
        "Row",
        (0,),
        Ranking(((pattern("NN", 2),), (pattern("NY", 2),), (pattern("YN", 2),), (pattern("YY", 2),))),
    )
    return Conflict(
        conflict.name, conflict.options, (row, conflict.decision_makers[1]), status_quo=pattern("NN", 2)
    )


@pytest.mark.parametrize("build", [prisoners_dilemma, reluctant_dilemma])
def test_every_unilateral_move_is_drawn_once_with_the_right_arrowheads(build: Callable[[], Conflict]) -> None:
    result = analyze(build())
    svg = svg_of(render_report(contents.gather(result, "seq")))
    space = result.space
    expected = {
        (s + 1, int(t) + 1, dm)
        for s in range(space.n_states)
        for dm in range(space.n_decision_makers)
        for t in unilateral_moves(space, dm, s)
    }
    found = set()
    for path in drawn_moves(svg):
        dm = int(path.get("data-dm", "-1"))
        a, b = int(path.get("data-from", "0")), int(path.get("data-to", "0"))
        for end, (source, target) in (("marker-end", (a, b)), ("marker-start", (b, a))):
            marker = path.get(end)
            if marker is None:
                continue
            found.add((source, target, dm))
            better = space.ranks[dm, target - 1] > space.ranks[dm, source - 1]
            assert marker == f"url(#arrow-{'full' if better else 'open'}-{dm})"
    assert found == expected
    assert sum(int(p.get("data-moves", "0")) for p in drawn_moves(svg)) == len(expected) == 8


def test_tooltips_give_the_state_in_option_words(dilemma_html: str) -> None:
    svg = svg_of(dilemma_html)
    node = next(g for g in svg.iter(f"{SVG}g") if g.get("data-state") == "4")
    title = node.find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert "State 4: YY" in title.text
    assert "Row: takes row_defects" in title.text
    assert "named state: both_defect" in title.text


def test_the_status_quo_and_each_equilibrium_are_explained(dilemma_html: str) -> None:
    assert 'id="why-1"' in dilemma_html and 'id="why-4"' in dilemma_html
    why = dilemma_html[dilemma_html.index('id="why-1"') : dilemma_html.index('id="why-4"')]
    assert "an equilibrium under SEQ" in why
    # Row's defection from CC is deterred by Column defecting too (to DD, worse for Row than CC).
    assert "deterred:" in why and "Column: take col_defects" in why


def test_the_evolution_from_the_status_quo_is_listed_and_traced(dilemma_html: str) -> None:
    section = dilemma_html[dilemma_html.index('<section id="evolution">') :]
    assert "to <a" in section and 'href="#row-4"' in section
    svg = svg_of(dilemma_html)
    overlays = [p for p in svg.iter(f"{SVG}path") if "evolution" in p.get("class", "").split()]
    assert overlays, "the path from the status quo to DD is traced on the graph"


def test_the_observed_history_is_a_timeline_on_the_page_and_the_graph() -> None:
    history = (
        {"date": "2001-01-01", "state": "NN", "description": "Both silent."},
        {"date": "2001-01-02", "state": "YN", "mover": "Row", "description": "Row talks."},
        {"date": "2001-01-03", "state": "YY", "description": "Column talks too."},
    )
    html = render_report(contents.gather(analyze(prisoners_dilemma(history=history)), "seq"))
    section = html[html.index('<section id="history">') :]
    for entry in history:
        assert entry["date"] in section and entry["description"] in section
    svg = svg_of(html)
    assert [p for p in svg.iter(f"{SVG}path") if "history" in p.get("class", "").split()]


def test_sections_without_an_analysis_are_left_out(dilemma: AnalysisResult) -> None:
    full = contents.gather(dilemma, "seq")
    bare = Report(dilemma, "seq", full.graph)
    html = render_report(bare)
    for anchor in ("why", "evolution", "history"):
        assert f'<section id="{anchor}">' not in html
    assert '<section id="graph">' in html and '<section id="stability">' in html


def test_parallel_moves_of_different_decision_makers_are_bent_apart(dilemma: AnalysisResult) -> None:
    """In graph form two decision makers may join the same two states; their curves must not coincide."""
    graph = StateGraph((0, 1), (Move(0, 1, 0, True), Move(0, 1, 1, False)), dilemma.space.n_states)
    svg = ET.fromstring(render_state_graph(dilemma, graph, "seq"))
    curves = [p.get("d") for p in drawn_moves(svg)]
    assert len(curves) == 2 and curves[0] != curves[1]


# -- larger models ----------------------------------------------------------------------------------------


def test_a_large_model_is_drawn_around_its_status_quo_and_says_so() -> None:
    result = analyze(three_party(3))
    assert result.space.n_states == 512
    report = contents.gather(result, "seq", max_states=contents.MAX_GRAPH_STATES)
    graph = report.graph
    assert graph.is_partial and len(graph.states) <= contents.MAX_GRAPH_STATES
    assert result.status_quo_index in graph.states
    near = set(contents.neighbourhood(result, result.status_quo_index, 2))
    path_states = {s for p in graph.paths for s in p.states}
    assert set(graph.states) <= near | path_states
    html = render_report(report)
    assert "Only part of the graph is drawn" in html
    assert f"of {result.space.n_states} states" in html
    assert len(drawn_states(svg_of(html))) == len(graph.states)


def test_composite_moves_are_left_out_only_when_steps_through_drawn_states_remain() -> None:
    """Dropping a decision maker's several-options-at-once moves keeps every state reachable."""
    result = analyze(three_party(2))
    states = list(range(result.space.n_states))
    moves = contents.graph_moves(result, states)
    reduced = contents.without_composite_moves(result, moves, set(), [])
    assert len(reduced) < len(moves)
    for dm in range(result.space.n_decision_makers):
        full = {(m.source, m.target) for m in moves if m.decision_maker == dm}
        kept = {(m.source, m.target) for m in reduced if m.decision_maker == dm}
        assert reachable(kept, states) == reachable(full, states)


def reachable(edges: set[tuple[int, int]], states: list[int]) -> set[tuple[int, int]]:
    """Pairs (s, t), s != t, with t reachable from s along ``edges``."""
    after: dict[int, set[int]] = {s: set() for s in states}
    for a, b in edges:
        after[a].add(b)
    pairs = set()
    for s in states:
        seen, frontier = {s}, [s]
        while frontier:
            for t in after[frontier.pop()]:
                if t not in seen:
                    seen.add(t)
                    frontier.append(t)
        pairs |= {(s, t) for t in seen if t != s}
    return pairs


@settings(max_examples=examples(80), deadline=None)
@given(conflicts(max_options=7), st.randoms(use_true_random=False))
def test_drawn_moves_and_composite_moves_follow_their_definitions(conflict: Conflict, rng: Any) -> None:
    """The array-based listing and pruning of drawn moves against their definitions, written plainly:
    every unilateral move between drawn states; a move of several options is dropped when the same
    decision maker reaches its target in two moves through a drawn state changing some of its options."""
    result = analyze(conflict, ("nash",))
    space = result.space
    every = list(range(space.n_states))
    drawn = rng.sample(every, max(1, rng.randint(1, space.n_states)))
    expected = [
        (s, int(t), d, bool(space.ranks[d, t] > space.ranks[d, s]))
        for s in drawn
        for d in range(space.n_decision_makers)
        for t in unilateral_moves(space, d, s)
        if int(t) in drawn
    ]
    moves = contents.graph_moves(result, drawn)
    assert [(m.source, m.target, m.decision_maker, m.improvement) for m in moves] == expected
    keep = {drawn[0]}
    paths = [tuple(drawn[:3])]
    steps = set(zip(paths[0], paths[0][1:], strict=False))
    code = [int(c) for c in space.codes]
    targets = {(d, s): {t for s_, t, d_, _ in expected if (s_, d_) == (s, d)} for s, _, d, _ in expected}

    def composite(s: int, t: int, d: int, better: bool) -> bool:
        flips = code[s] ^ code[t]
        if flips.bit_count() < 2 or (s in keep and better) or (s, t) in steps:
            return False
        return any(
            u != t and (code[s] ^ code[u]) & ~flips == 0 and t in targets.get((d, u), set())
            for u in targets[(d, s)]
        )

    kept = contents.without_composite_moves(result, moves, keep, paths)
    assert [(m.source, m.target) for m in kept] == [
        (s, t) for s, t, d, b in expected if not composite(s, t, d, b)
    ]


@settings(max_examples=examples(60), deadline=None)
@given(conflicts(max_options=7))
def test_in_the_layout_every_move_stays_in_its_row_or_column(conflict: Conflict) -> None:
    result = analyze(conflict, ("nash",))
    space = result.space
    layout = grid_layout([int(c) for c in space.codes], [int(o) for o in space.owned])
    positions = layout.positions
    assert len(set(positions.values())) == space.n_states, "two states share a place"
    for s in range(space.n_states):
        for dm in range(space.n_decision_makers):
            for t in unilateral_moves(space, dm, s):
                (x0, y0), (x1, y1) = positions[int(space.codes[s])], positions[int(space.codes[t])]
                assert x0 == x1 or y0 == y1


def test_the_layout_is_the_gmcr_matrix_for_two_decision_makers(dilemma: AnalysisResult) -> None:
    layout = grid_layout([int(c) for c in dilemma.codes], [int(o) for o in dilemma.space.owned])
    assert layout.across == (0,) and layout.down == (1,)
    assert layout.positions == {0: (0.0, 0.0), 1: (1.0, 0.0), 2: (0.0, 1.0), 3: (1.0, 1.0)}


# -- writing the file -------------------------------------------------------------------------------------


def test_a_failure_while_writing_leaves_the_existing_report_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("the previous report", encoding="utf-8")

    def broken_fsync(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(command.ReportWriteError, match="No space left on device"):
        command.write_atomically(target, "<html>" + "x" * 100_000)
    assert target.read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"], "the temporary file is removed"


def test_an_interrupted_rename_leaves_the_existing_report_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("the previous report", encoding="utf-8")

    def interrupted(source: str, destination: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        command.write_atomically(target, "<html>new</html>")
    assert target.read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_writing_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old " * 10_000, encoding="utf-8")
    command.write_atomically(target, "<p>new</p>")
    assert target.read_text(encoding="utf-8") == "<p>new</p>"


# -- the command ------------------------------------------------------------------------------------------

MODEL = """\
name: Two suspects
decision_makers:
  - name: Row
    options: [row_defects]
    preferences:
      ranking: [YN, NN, YY, NY]
  - name: Column
    options: [col_defects]
    preferences:
      ranking: [NY, NN, YY, YN]
status_quo: NN
"""


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "dilemma.yaml"
    path.write_text(MODEL, encoding="utf-8")
    return path


def test_the_command_writes_the_report(tmp_path: Path, model_file: Path) -> None:
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    outcome = CliRunner().invoke(app, ["report", str(model_file), "-o", str(target)])
    assert outcome.exit_code == 0, outcome.output
    assert "wrote" in outcome.output
    html = target.read_text(encoding="utf-8")
    assert "<svg" in html and "Two suspects" in html
    assert not [p for p in target.parent.iterdir() if p.name != "report.html"]


@pytest.mark.parametrize("where", ["missing-directory/report.html", "a-file/report.html", "."])
def test_an_unwritable_output_is_a_clear_error(tmp_path: Path, model_file: Path, where: str) -> None:
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    target = tmp_path / where
    outcome = CliRunner().invoke(app, ["report", str(model_file), "-o", str(target)])
    assert outcome.exit_code == 2, outcome.output
    assert "cannot write the report" in outcome.output
    assert "Traceback" not in outcome.output
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit)


def test_an_unknown_concept_is_a_clear_error(tmp_path: Path, model_file: Path) -> None:
    outcome = CliRunner().invoke(
        app, ["report", str(model_file), "-o", str(tmp_path / "r.html"), "--concepts", "xyz"]
    )
    assert outcome.exit_code == 2
    assert "unknown concept" in outcome.output
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("name", ["prisoners-dilemma", "elmira", "hanoi-2019"])
def test_the_examples_render(name: str, tmp_path: Path) -> None:
    path = EXAMPLES / f"{name}.yaml"
    if not path.exists():
        pytest.skip(f"{path.name} is not in examples/")
    outcome = CliRunner().invoke(app, ["report", str(path), "-o", str(tmp_path / "r.html")])
    assert outcome.exit_code == 0, outcome.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    svg = svg_of(html)
    assert drawn_states(svg) and drawn_moves(svg)


def test_option_directions_are_described() -> None:
    conflict = prisoners_dilemma()
    forward = Conflict(
        conflict.name,
        (OptionSpec("row_defects", 0, Direction.FORWARD), conflict.options[1]),
        conflict.decision_makers,
        status_quo=conflict.status_quo,
    )
    html = render_report(contents.gather(analyze(forward), "seq"))
    assert "once taken, cannot be dropped" in html


# -- the how-to page --------------------------------------------------------------------------------------

HOW_TO = Path(__file__).resolve().parents[1] / "docs" / "how-to" / "write-a-report.md"


def console_examples(text: str) -> list[tuple[str, list[str]]]:
    """Each ``$ standoff ...`` command in the page's console blocks and the output lines shown under it."""
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            elif examples and line.strip():
                examples[-1][1].append(line)
    return examples


def test_the_how_to_shows_real_commands_and_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every command of docs/how-to/write-a-report.md beside examples/ and compare what it prints."""
    (tmp_path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    examples = console_examples(HOW_TO.read_text(encoding="utf-8"))
    assert len(examples) >= 4
    for command_line, shown in examples:
        words = command_line.split()
        assert words[0] == "standoff"
        outcome = CliRunner().invoke(app, words[1:])
        printed = [line for line in outcome.output.splitlines() if line.strip()]
        assert printed == shown, command_line
        assert outcome.exit_code == (2 if any(line.startswith("error:") for line in shown) else 0)
        output = Path(words[words.index("-o") + 1])
        assert output.exists() == (outcome.exit_code == 0)


def test_sources_are_shown_with_their_kind_and_judgement_calls_marked() -> None:
    """A party's words, reporting and an analyst's claim are told apart where the report quotes sources."""
    conflict = prisoners_dilemma()
    row = conflict.decision_makers[0]
    statements = (
        Statement(Not(Option(1)), "not col_defects", "Column: 'I will not talk'", "", None, "statement"),
        Statement(Option(0), "row_defects", "the prosecutor expects Row to talk", "", None, "analysis"),
    )
    kinds = replace(
        conflict,
        decision_makers=(replace(row, preferences=Prioritization(statements)), *conflict.decision_makers[1:]),
    )
    html = render_report(contents.gather(analyze(kinds), "seq"))
    assert (
        '<span class="kind statement">A party\'s own words:</span> Column: &#x27;I will not talk&#x27;'
        in html
    )
    assert (
        '<span class="kind analysis">An analyst\'s claim:</span> the prosecutor expects Row to talk' in html
    )
    assert "Reported:" not in html


def test_the_hanoi_report_tells_statements_from_analysis(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(
        app, ["report", str(EXAMPLES / "hanoi-2019.yaml"), "-o", str(tmp_path / "r.html")]
    )
    assert outcome.exit_code == 0, outcome.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.count('class="kind analysis"') == 1  # the article's inference about new relations
    # reporting: the DPRK's New Year address on the exercises (Jane's summary), freeze for freeze
    # as Trump reported it, and Trump's account of the DPRK's demand for a full lifting
    assert html.count('class="kind reporting"') == 3
    # eight uncertain statements: four of the United States' (the freeze first, no relief before
    # every site, new relations, freeze for freeze) and four of the DPRK's
    assert html.count('class="call">judgement call') == 8
    # the US freeze for freeze, kept at place 5, worded as written or as the suspension for its own sake
    assert '<span class="call">judgement call: place 5; or another wording</span>' in html
    assert '<span class="call">judgement call: place 3; or another wording</span>' in html  # US relief
    assert '<span class="call">judgement call: places 1–5</span>' in html  # the DPRK and the exercises


@pytest.fixture(scope="module")
def hanoi_report() -> tuple[Report, str]:
    import standoff

    report = contents.gather(standoff.load(EXAMPLES / "hanoi-2019.yaml").analyze(), "seq")
    return report, render_report(report)


def _named_index(result: AnalysisResult) -> dict[str, int]:
    """Each named state's index, found by evaluating its expression over every feasible state."""
    found = {}
    for named in result.conflict.named_states:
        hits = np.flatnonzero(named.expression.evaluate(result.codes))
        if hits.size == 1:
            found[named.name] = int(hits[0])
    return found


def test_hanoi_report_draws_and_explains_every_named_state(hanoi_report: tuple[Report, str]) -> None:
    """Every named state (the deals, the escalation and the rebuilt Sohae stand too) is drawn with its
    name and explained in Why, though the model's 1,152 states are far more than the graph draws."""
    report, html = hanoi_report
    named = _named_index(report.result)
    assert set(named) == {
        "status_quo",
        "grand_bargain",
        "yongbyon_for_partial_relief",
        "yongbyon_for_full_lifting",
        "big_deal",
        "new_way_escalation",
        "sohae_rebuilt",
    }
    assert report.graph.is_partial
    explained = {e.index for e in report.explanations}
    svg = html[html.index("<svg xmlns") :]
    for name, s in named.items():
        assert s in report.graph.states, name
        assert s in explained, name
        assert f'id="why-{s + 1}"' in html, name
        if s != report.result.status_quo_index:
            group = svg[svg.index(f'id="state-{s + 1}"') :]
            assert f'data-names="{name}"' in group[: group.index("</g>")], name
    assert "every named state" in report.graph.focus


def test_hanoi_report_has_the_deadlock_table(hanoi_report: tuple[Report, str]) -> None:
    """The first steps each side refuses at the status quo (Hanoi: the United States will not lift or
    ease sanctions first, the DPRK will not dismantle Yongbyon first), and the exchange table."""
    report, html = hanoi_report
    assert report.exchanges is not None and report.exchanges.state_index == report.result.status_quo_index
    section = html[html.index('<section id="deadlock">') :]
    section = section[: section.index("</section>")]
    us = section[section.index("<b>United States</b> refuses") :]
    us = us[: us.index("</li>")]
    dprk = section[section.index("<b>DPRK</b> refuses") :]
    dprk = dprk[: dprk.index("</li>")]
    assert "lift the sanctions in full" in us and "grant partial sanctions relief" in us
    assert "dismantle Yongbyon" in dprk and "dismantle the other sites" in dprk
    assert "lift the sanctions" not in dprk and "dismantle Yongbyon" not in us
    assert '<table class="exchanges">' in section
    assert report.to_dict()["exchanges"]["sides"] == ["United States", "DPRK"]


def test_irreversible_steps_of_the_status_quo_are_not_headed_as_moves(
    hanoi_report: tuple[Report, str],
) -> None:
    """States from before the remains were returned are drawn (the history passes there), headed
    "before return_remains": no move drops an irreversible option, so "−return_remains" would be false."""
    report, html = hanoi_report
    svg = html[html.index("<svg xmlns") :]
    assert "before return_remains" in svg
    assert "−return_remains" not in svg and "−close_punggye_ri" not in svg
    forward = {j for j, o in enumerate(report.result.conflict.options) if o.direction is Direction.FORWARD}
    codes = report.result.codes
    for move in report.graph.moves:  # and no drawn move undoes a forward option
        dropped = int(codes[move.source]) & ~int(codes[move.target])
        assert not any(dropped >> j & 1 for j in forward)


def test_history_paths_do_not_cross_unrelated_states(hanoi_report: tuple[Report, str]) -> None:
    """Each piece of the observed history, as drawn, keeps out of every box but those of its two states."""
    from standoff.outputs import graph_svg

    report, html = hanoi_report
    geometry = graph_svg._Geometry(report.result, report.graph)
    half_w, half_h = geometry.node_width / 2, graph_svg.NODE_HEIGHT / 2
    [history] = [p for p in report.graph.paths if p.kind == "history"]
    pairs = [(a, b) for a, b in zip(history.states, history.states[1:], strict=False) if a != b]
    drawn = re.search(r'<path class="overlay history"[^>]* d="([^"]*)"', html)
    assert drawn is not None
    pieces = re.findall(
        r"M([-\d.]+),([-\d.]+) C([-\d.]+),([-\d.]+) ([-\d.]+),([-\d.]+) ([-\d.]+),([-\d.]+)", drawn[1]
    )
    assert len(pieces) == len(pairs) >= 5
    for (a, b), piece in zip(pairs, pieces, strict=True):
        p0, p1, p2, p3 = ((float(piece[k]), float(piece[k + 1])) for k in range(0, 8, 2))
        for k in range(101):
            t = k / 100
            weights = ((1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t**2 * (1 - t), t**3)
            x = sum(w * p[0] for w, p in zip(weights, (p0, p1, p2, p3), strict=True))
            y = sum(w * p[1] for w, p in zip(weights, (p0, p1, p2, p3), strict=True))
            for s, (cx, cy) in geometry.centre.items():
                if s not in (a, b):
                    assert not (abs(x - cx) < half_w and abs(y - cy) < half_h), (a + 1, b + 1, s + 1)


def test_the_history_section_shows_the_scorecard(hanoi_report: tuple[Report, str]) -> None:
    """The report's history says, per step, under which concepts the model predicted it, and tallies it:
    over Hanoi's 19 steps after the first, 12 under GMR, SMR and SEQ (tests/test_hanoi.py derives the
    ten after the summit; before it, the formal suspension of 18 June 2018 and the Pyongyang declaration
    of 19 September 2018 change nothing in an equilibrium) and 1 under Nash (the suspension of 12 June
    2018, an improvement for the United States that only Nash leaves undeterred)."""
    _, html = hanoi_report
    section = html[html.index('<section id="history">') :]
    assert "Scorecard: of the 19 steps after the first" in section
    assert "Nash 1, GMR 12, SMR 12, SEQ 12, SIM 0, SEQ+SIM 0" in section
    assert "predicted under GMR, SMR, SEQ" in section and "predicted under no concept" in section


# -- strength of preference and unknown preferences -------------------------------------------------------

PRICE_WAR = EXAMPLES / "price-war.yaml"
UNSURE = Path(__file__).resolve().parent / "data" / "unsure-sanction.yaml"


def _equilibria_rows(html: str) -> dict[tuple[str, str], list[str]]:
    """The report's equilibria table: per (concept, readings) row, the patterns of the states it lists."""
    table = html[html.index('<h3 id="equilibria">') :]
    table = table[: table.index("</table>")]
    rows = {}
    for attributes, cells in re.findall(r"<tr( data-[^>]*)>(.*?)</tr>", table, re.DOTALL):
        concept = re.search(r'data-concept="([^"]+)"', attributes)
        readings = re.search(r'data-readings="([^"]+)"', attributes)
        assert concept is not None
        key = (concept.group(1), readings.group(1) if readings else "")
        rows[key] = re.findall(r"<code>([YN]+)</code>", cells)
    return rows


def _write_report(tmp_path: Path, model: Path, concepts: str) -> str:
    target = tmp_path / "report.html"
    outcome = CliRunner().invoke(app, ["report", str(model), "-o", str(target), "-c", concepts, "--quiet"])
    assert outcome.exit_code == 0, outcome.output
    return target.read_text(encoding="utf-8")


def test_the_report_shows_strength_of_preference_beside_the_ordinary_concept(tmp_path: Path) -> None:
    """Price war (Hamouda, Kilgour & Hipel 2004 in small): GMR strong gets its column and its equilibria
    (those of `analyze`), and the status quo's explanation says only a mild sanction deters the Rival."""
    html = _write_report(tmp_path, PRICE_WAR, "gmr,gmr_strong")
    result = analyze(standoff.load(PRICE_WAR), ("gmr", "gmr_strong"))
    assert '<th colspan="2" class="concept">GMR strong</th>' in html
    rows = _equilibria_rows(html)
    for concept in ("gmr", "gmr_strong"):
        assert rows[concept, ""] == [s.pattern for s in result.equilibria[concept]], concept
    why = html[html.index('<section id="why-more">') :]
    status_quo = why[why.index('id="why-gmr_strong-1"') : why.index("</article>")]
    assert "not an equilibrium under GMR strong" in status_quo
    assert "only a mild one" in status_quo and "likes strongly less than" in status_quo
    assert ET.fromstring(status_quo[status_quo.index("<svg") : status_quo.index("</svg>") + 6]) is not None
    # the sections that take the ordinary concepts only follow GMR, and the page says so
    assert "follow GMR (asked for alongside)" in html
    assert '<section id="evolution">' in html and '<section id="deadlock">' in html


def test_the_report_shows_unknown_preferences_and_the_exact_answer(tmp_path: Path) -> None:
    """A model with an uncertain statement under GMR_b: its column, its equilibria and the exact answer over
    readings (every, some) as `analyze --format json` gives them; the explanations name the uncertain
    moves and the sanctions that count only as unknown."""
    import json

    html = _write_report(tmp_path, UNSURE, "gmr_b")
    outcome = CliRunner().invoke(app, ["analyze", str(UNSURE), "-c", "gmr_b", "-f", "json"])
    data = json.loads(outcome.stdout)
    assert '<th colspan="2" class="concept">GMR_b</th>' in html
    rows = _equilibria_rows(html)
    assert rows["gmr_b", ""] == data["equilibria"]["gmr_b"]
    assert rows["gmr", "every"] == data["readings"]["gmr_b"]["every"]
    assert rows["gmr", "some"] == data["readings"]["gmr_b"]["some"]
    why = html[html.index('<section id="why-more">') :]
    assert "uncertain move</span> (its preference is unknown)" in why
    assert "whose preference against where B started is unknown" in why
    # no ordinary concept asked for: the other sections follow GMR, which GMR_b extends, and say so
    assert "follow GMR (the ordinary concept GMR_b extends" in html


def test_the_report_takes_one_ordinary_concept_and_no_limited_move(tmp_path: Path) -> None:
    for concepts, said in (("gmr,seq", "follows one of"), ("l2,gmr_b", "no sanctions")):
        outcome = CliRunner().invoke(
            app, ["report", str(PRICE_WAR), "-o", str(tmp_path / "r.html"), "-c", concepts]
        )
        assert outcome.exit_code == 2 and said in outcome.output, concepts
        assert not (tmp_path / "r.html").exists()


def test_a_report_with_every_section_takes_the_extended_concepts() -> None:
    """Hanoi has named states, targets, judgement calls and a what-if: with SEQ_b beside SEQ, every one of
    those sections is still there (under SEQ), and the named states are explained under SEQ_b too."""
    report = contents.report(
        standoff.load(EXAMPLES / "hanoi-2019.yaml"), ("seq", "seq_b"), whatif=["big_deal"]
    )
    html = render_report(report)
    for anchor in ("why", "why-more", "robustness", "rests", "evolution", "deadlock", "roadmaps", "whatif"):
        assert f'<section id="{anchor}">' in html, anchor
    assert all(isinstance(e, UnknownExplanation) for e in report.extended_explanations)
    assert {e.concept for e in report.extended_explanations} == {"seq_b"}
    named = {e.index for e in report.explanations}
    assert {e.state for e in report.extended_explanations if isinstance(e, UnknownExplanation)} == named
    assert report.to_dict()["extended_concepts"] == ["seq_b"]
