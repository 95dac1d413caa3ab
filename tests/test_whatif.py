"""What would have to change: the least edits of the preferences that make a state an equilibrium.

The search (``standoff.analyses.whatif``) is checked against a brute force
written here apart from it: every sequence of edits up to a cost, applied
literally to the statement lists and rankings (GMCR.md, "Inverse
analysis"), every combination judged by the plain reference
implementation (``tests/reference.py``). On generated conflicts the least
cost must be the same, every change set returned must make the state an
equilibrium when the reference analyses the changed model, and no cheaper
set may exist.
"""

from __future__ import annotations

import json
from dataclasses import replace
from itertools import product
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import standoff
from profiles import examples
from reference import CONCEPTS, Concept, ReferenceModel
from standoff.analyses import whatif as whatif_module
from standoff.analyses.report import Report
from standoff.analyses.whatif import whatif
from standoff.interfaces import cli
from standoff.model.conflict import Conflict, DecisionMaker, Direction, OptionSpec
from standoff.model.expressions import Not, Option
from standoff.model.preferences import Payoffs, Preferences, Prioritization, Ranking
from strategies import conflicts, summary

BRUTE_COST = 2
"""Every edit set up to this total cost is enumerated by the brute force."""


# -- the brute force, apart from the search ----------------------------------------


def _statement_edits(statements: tuple[object, ...]) -> list[tuple[object, ...]]:
    """Every list one edit away: a statement one place up (= its neighbour one down), or dropped."""
    out = []
    for k in range(len(statements) - 1):
        changed = list(statements)
        changed[k], changed[k + 1] = changed[k + 1], changed[k]
        out.append(tuple(changed))
    for k in range(len(statements)):
        out.append(statements[:k] + statements[k + 1 :])
    return out


def _ranking_edits(groups: tuple[tuple[object, ...], ...]) -> list[tuple[tuple[object, ...], ...]]:
    """Every ranking one edit away: an entry moved by one group up or down.

    An entry tied with others leaves its group and stands alone just above
    (below) it; an entry alone in its group joins the group above (below).
    """
    out = []
    for g, group in enumerate(groups):
        for entry in group:
            rest = tuple(e for e in group if e != entry)
            if rest:
                out.append((*groups[:g], (entry,), rest, *groups[g + 1 :]))  # up: alone, above
                out.append((*groups[:g], rest, (entry,), *groups[g + 1 :]))  # down: alone, below
            else:
                if g > 0:
                    out.append((*groups[: g - 1], groups[g - 1] + (entry,), *groups[g + 1 :]))
                if g < len(groups) - 1:
                    out.append((*groups[:g], (entry,) + groups[g + 1], *groups[g + 2 :]))
    return out


def _canonical(groups: tuple[tuple[object, ...], ...]) -> tuple[frozenset[object], ...]:
    return tuple(frozenset(g) for g in groups)


def variants_within(preferences: Preferences, cost: int) -> list[tuple[int, Preferences]]:
    """Every preferences reachable in at most ``cost`` edits, with the fewest edits reaching it."""
    if isinstance(preferences, Payoffs):
        return [(0, preferences)]
    if isinstance(preferences, Prioritization):
        start: object = tuple(range(len(preferences.statements)))
        step = _statement_edits
    else:
        start = tuple(tuple(range(a, a + len(g))) for a, g in _starts(preferences.groups))
        step = _ranking_edits  # type: ignore[assignment]
    best: dict[object, tuple[int, object]] = {}
    frontier = [start]
    key = _canonical if isinstance(preferences, Ranking) else (lambda x: x)
    best[key(start)] = (0, start)  # type: ignore[operator]
    for k in range(1, cost + 1):
        following = []
        for item in frontier:
            for moved in step(item):  # type: ignore[arg-type]
                if key(moved) not in best:  # type: ignore[operator]
                    best[key(moved)] = (k, moved)  # type: ignore[operator]
                    following.append(moved)
        frontier = following
    out: list[tuple[int, Preferences]] = []
    for k, item in best.values():
        if isinstance(preferences, Prioritization):
            out.append((k, Prioritization(tuple(preferences.statements[i] for i in item))))  # type: ignore[attr-defined]
        else:
            entries = [e for g in preferences.groups for e in g]
            out.append((k, Ranking(tuple(tuple(entries[i] for i in g) for g in item))))  # type: ignore[attr-defined]
    return out


def _starts(groups: tuple[tuple[object, ...], ...]) -> list[tuple[int, tuple[object, ...]]]:
    out, at = [], 0
    for g in groups:
        out.append((at, g))
        at += len(g)
    return out


def with_preferences(conflict: Conflict, chosen: dict[int, Preferences]) -> Conflict:
    dms = tuple(
        replace(dm, preferences=chosen.get(d, dm.preferences))
        for d, dm in enumerate(conflict.decision_makers)
    )
    return replace(conflict, decision_makers=dms)


def is_equilibrium(conflict: Conflict, concept: Concept, code: int) -> bool:
    model = ReferenceModel(conflict)
    return all(model.stable(concept, i, code) for i in range(model.n_dms))


def brute_force_least_cost(
    conflict: Conflict, concept: Concept, code: int, allowed: list[int], cost: int
) -> int | None:
    """The least total number of edits (at most ``cost``) after which ``code`` is an equilibrium."""
    options = [
        variants_within(dm.preferences, cost) if d in allowed else [(0, dm.preferences)]
        for d, dm in enumerate(conflict.decision_makers)
    ]
    best: int | None = None
    for combo in product(*options):
        total = sum(k for k, _ in combo)
        if total > cost or (best is not None and total >= best):
            continue
        changed = with_preferences(conflict, {d: p for d, (k, p) in enumerate(combo) if k})
        if is_equilibrium(changed, concept, code):
            best = total
    return best


# -- the search against the brute force ---------------------------------------------


@st.composite
def questions(draw: st.DrawFn) -> tuple[Conflict, int, Concept, list[int]]:
    conflict = draw(conflicts(min_dms=2, max_dms=3, max_options=4))
    model = ReferenceModel(conflict)
    concept = draw(st.sampled_from(CONCEPTS))
    # mostly a state that is not an equilibrium yet: the interesting questions
    unstable = [c for c in model.feasible if not all(model.stable(concept, i, c) for i in range(model.n_dms))]
    code = draw(st.sampled_from(unstable if unstable and draw(st.integers(0, 4)) else model.feasible))
    n = len(conflict.decision_makers)
    if draw(st.booleans()):
        allowed = list(range(n))
    else:
        allowed = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    return conflict, code, concept, sorted(allowed)


@settings(
    max_examples=examples(120),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(questions())
def test_least_cost_equals_brute_force(question: tuple[Conflict, int, Concept, list[int]]) -> None:
    conflict, code, concept, allowed = question
    model = ReferenceModel(conflict)
    number = model.feasible.index(code) + 1
    expected = brute_force_least_cost(conflict, concept, code, allowed, BRUTE_COST)
    answer = whatif(conflict, number, concept, dms=allowed, max_cost=BRUTE_COST, all_sets=True)
    context = f"{summary(conflict)}\nstate {number}, {concept}, may change {allowed}: {answer!r}"
    event(f"least cost {expected}")
    assert answer.cost == expected, context
    assert answer.exact, context
    if expected is None:
        assert not answer.changes, context
        return
    assert answer.changes, context
    for change in answer.changes:
        assert change.cost == expected, context
        assert is_equilibrium(change.conflict, concept, code), context
        changed = {d for d, _ in change.keys}
        assert changed <= set(allowed), context
        for d, dm in enumerate(change.conflict.decision_makers):
            if d not in changed:
                assert dm.preferences == conflict.decision_makers[d].preferences, context
        assert replace(change.conflict, decision_makers=conflict.decision_makers) == conflict, context


@st.composite
def one_sided_questions(draw: st.DrawFn) -> tuple[Conflict, int, Concept, list[int]]:
    """Two decision makers, at most eight states, one of them allowed to change: deep enough for cost 3."""
    conflict = draw(conflicts(min_dms=2, max_dms=2, max_options=3))
    model = ReferenceModel(conflict)
    concept = draw(st.sampled_from(CONCEPTS))
    unstable = [
        (c, i)
        for c in model.feasible
        for i in range(2)
        if not model.stable(concept, i, c)
        and not isinstance(conflict.decision_makers[i].preferences, Payoffs)
    ]
    assume(unstable)
    code, dm = draw(st.sampled_from(unstable))
    return conflict, code, concept, [dm]


@settings(
    max_examples=examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(one_sided_questions())
def test_least_cost_up_to_three_for_one_side(question: tuple[Conflict, int, Concept, list[int]]) -> None:
    conflict, code, concept, allowed = question
    number = ReferenceModel(conflict).feasible.index(code) + 1
    expected = brute_force_least_cost(conflict, concept, code, allowed, 3)
    event(f"least cost {expected}")
    answer = whatif(conflict, number, concept, dms=allowed, max_cost=3, all_sets=True)
    context = f"{summary(conflict)}\nstate {number}, {concept}, may change {allowed}: {answer!r}"
    assert (answer.cost, answer.exact) == (expected, True), context
    for change in answer.changes:
        assert change.cost == expected and is_equilibrium(change.conflict, concept, code), context


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questions())
def test_without_a_bound_the_answer_is_checked_by_the_reference(
    question: tuple[Conflict, int, Concept, list[int]],
) -> None:
    """Without ``max_cost`` the search goes on until it finds a change or proves there is none."""
    conflict, code, concept, allowed = question
    model = ReferenceModel(conflict)
    number = model.feasible.index(code) + 1
    answer = whatif(conflict, number, concept, dms=allowed)
    context = f"{summary(conflict)}\nstate {number}, {concept}, may change {allowed}: {answer!r}"
    if answer.cost is None:
        assert answer.impossible or not answer.exact, context
        if answer.impossible:
            assert brute_force_least_cost(conflict, concept, code, allowed, BRUTE_COST) is None, context
        return
    (change,) = answer.changes
    assert is_equilibrium(change.conflict, concept, code), context
    if answer.exact and answer.cost <= BRUTE_COST + 1:
        cheaper = (
            brute_force_least_cost(conflict, concept, code, allowed, answer.cost - 1) if answer.cost else None
        )
        assert cheaper is None, context


# -- worked examples -------------------------------------------------------------------


def test_prisoners_dilemma_cooperation_as_nash_needs_both_to_change() -> None:
    """Prisoner's dilemma (Row ranks YN > NN > YY > NY): NN is not Nash stable for either side, since
    each gains by defecting. Row must rank NN at least as high as YN: one step makes them tied (YN down
    one group, which is the same ranking as NN up one group); Column the same. Least cost 2, one per
    side, and no other set of two edits works."""
    conflict = standoff.load("examples/prisoners-dilemma.yaml")
    answer = conflict.whatif("NN", "nash", all_sets=True)
    assert (answer.cost, answer.exact, len(answer.changes)) == (2, True, 1)
    words = [answer.to_dict()["changes"][k]["words"] for k in range(2)]
    assert words == [
        "Row would have to move YN down one group (now tied with NN)",
        "Column would have to move NY down one group (now tied with NN)",
    ]
    only_row = conflict.whatif("NN", "nash", dm=["Row"])
    assert only_row.cost is None and only_row.impossible and only_row.exact


def test_hanoi_big_deal_under_seq() -> None:
    """Hanoi: the big deal (every site dismantled, no relief) is not SEQ stable for the United States
    (it would end the exercise suspension with nothing the DPRK can answer); one edit of its
    statements suffices, and the changed model makes it an equilibrium."""
    conflict = standoff.load("examples/hanoi-2019.yaml")
    answer = conflict.whatif("big_deal", "seq")
    assert (answer.cost, answer.exact) == (1, True)
    assert answer.stable_now == (False, True)
    changed = answer.changed
    assert changed is not None
    number = answer.state.number
    assert changed.analyze("seq").equilibrium_mask("seq")[number - 1]
    assert not conflict.analyze("seq").equilibrium_mask("seq")[number - 1]
    assert answer.requirements and answer.requirements[0].dm == 0


def test_a_state_already_stable_costs_nothing() -> None:
    answer = standoff.load("examples/hanoi-2019.yaml").whatif("grand_bargain", "gmr")
    assert answer.cost == 0 and answer.exact
    assert answer.to_dict()["changes"] == []


def test_json_contract() -> None:
    answer = standoff.load("examples/hanoi-2019.yaml").whatif("big_deal", "seq")
    data = answer.to_dict()
    assert {"target", "concept", "cost", "exact", "changes"} <= set(data)
    assert data["target"] == "NNNYYYYYYYN" and data["concept"] == "seq"
    assert isinstance(data["cost"], int) and data["exact"] is True
    for change in data["changes"]:
        assert {"dm", "edit", "statement"} <= set(change)
        assert change["edit"] in ("up", "down", "drop", "move")


def test_max_cost_too_small_gives_null_cost() -> None:
    answer = standoff.load("examples/prisoners-dilemma.yaml").whatif("NN", "nash", max_cost=1)
    assert answer.cost is None and answer.exact and not answer.impossible
    assert answer.to_dict()["cost"] is None


def test_frame_and_html() -> None:
    answer = standoff.load("examples/prisoners-dilemma.yaml").whatif("NN", "nash")
    frame = answer.to_frame()
    assert list(frame["dm"]) == ["Row", "Column"]
    assert "would have to move" in answer._repr_html_()


@pytest.mark.parametrize("concept", ["nash", "gmr", "seq", "sim"])
def test_payoffs_are_not_edited(concept: str) -> None:
    conflict = standoff.Conflict.from_payoffs([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    answer = conflict.whatif(1, concept)
    assert answer.impossible or answer.cost == 0
    assert any("payoffs" in note for note in answer.notes)


# -- the command line ------------------------------------------------------------------

HANOI = Path(__file__).resolve().parents[1] / "examples" / "hanoi-2019.yaml"
PD = HANOI.parent / "prisoners-dilemma.yaml"
cli._register_commands()
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_whatif_help_has_examples_and_every_shared_option() -> None:
    code, out, _ = _run("whatif", "--help")
    assert code == 0
    for part in (
        "Examples:",
        "--make",
        "--concept",
        "--dm",
        "--max-cost",
        "--all",
        "--format",
        "--output",
        "--quiet",
    ):
        assert part in out
    assert "<bool>" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--make", "nowhere"], "'nowhere' is not a state name"),
        (["--make", "big_deal", "--dm", "Nobody"], "unknown decision maker 'Nobody'"),
        (["--make", "big_deal", "--concept", "best"], "unknown concept"),
        (["--make", "9999"], "there is no state number 9999"),
    ],
)
def test_whatif_bad_input_exits_2_with_a_message(args: list[str], message: str) -> None:
    code, _, err = _run("whatif", str(HANOI), *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_whatif_refuses_an_output_it_cannot_name_a_format_for(tmp_path: Path) -> None:
    code, _, err = _run("whatif", str(HANOI), "--make", "big_deal", "-o", str(tmp_path / "changed.txt"))
    assert code == 2 and "extension" in err
    assert not (tmp_path / "changed.txt").exists()


@pytest.mark.parametrize("suffix", [".yaml", ".gmcr"])
def test_the_changed_model_differs_only_in_preferences(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"changed{suffix}"
    target.write_text("an older file, replaced whole\n")
    code, out, err = _run("whatif", str(HANOI), "--make", "big_deal", "-o", str(target), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["written"] == str(target) and data["cost"] == 1
    changed = standoff.load(target)
    original = standoff.load(HANOI) if suffix == ".yaml" else standoff.load(_as_gmcr(tmp_path))
    if suffix == ".gmcr":  # a .gmcr file takes its name from the file's
        changed = replace(changed, name=original.name)
    assert replace(changed, decision_makers=original.decision_makers) == original
    pairs = zip(original.decision_makers, changed.decision_makers, strict=True)
    differs = [d for d, (a, b) in enumerate(pairs) if a != b]
    assert [original.decision_makers[d].name for d in differs] == [data["changes"][0]["dm"]]
    for a, b in zip(original.decision_makers, changed.decision_makers, strict=True):
        assert replace(a, preferences=b.preferences) == b
    result = changed.analyze("seq")
    assert result.equilibrium_mask("seq")[data["state"]["number"] - 1]
    assert not list(tmp_path.glob(".changed*"))  # no temporary file left behind


def _as_gmcr(folder: Path) -> Path:
    path = folder / "original.gmcr"
    standoff.save(standoff.load(HANOI), path)
    return path


def test_whatif_table_names_the_answer() -> None:
    code, out, _ = _run("whatif", str(HANOI), "--make", "big_deal", "-q")
    assert code == 0
    assert out.startswith("state 763 = big_deal (NNNYYYYYYYN) under SEQ: not stable for United States.")
    assert "1 edit (exact)" in out
    assert "Conditions, in the model as it stands (under SEQ):" in out


def test_a_report_has_the_section_when_asked(tmp_path: Path, hanoi_report: Report) -> None:
    assert "What would have to change" not in hanoi_report.to_html()
    assert hanoi_report.to_dict()["whatif"] == []
    asked = standoff.report(standoff.load(HANOI), whatif=["big_deal"])
    html = asked.to_html()
    assert '<section id="whatif">' in html
    assert "United States would have to drop" in html
    (data,) = asked.to_dict()["whatif"]
    assert (data["target"], data["cost"], data["exact"]) == ("NNNYYYYYYYN", 1, True)
    # the command passes --whatif on (a smaller model: the section's contents are checked above)
    page = tmp_path / "dilemma.html"
    code, _, err = _run("report", str(PD), "-o", str(page), "--whatif", "both_cooperate", "-q")
    assert code == 0, err
    assert '<section id="whatif">' in page.read_text()


@pytest.mark.parametrize("budget", ["checks", "variants"])
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=questions())
def test_a_bounded_search_says_so_and_its_answers_hold(
    question: tuple[Conflict, int, Concept, list[int]], budget: str
) -> None:
    """With tiny budgets the search leaves its exact range early: whatever it then finds must still make
    the state an equilibrium (the reference says so), cost no less than the least cost, and be marked
    bounded unless the exact range already settled it; it never claims a cheaper set was ruled out when
    one exists."""
    conflict, code, concept, allowed = question
    number = ReferenceModel(conflict).feasible.index(code) + 1
    with pytest.MonkeyPatch.context() as patch:
        if budget == "checks":
            patch.setattr(whatif_module, "CHECK_BUDGET", 1)
        else:
            patch.setattr(whatif_module, "VARIANT_BUDGET", 3)
        answer = whatif(conflict, number, concept, dms=allowed, max_cost=4)
    least = brute_force_least_cost(conflict, concept, code, allowed, BRUTE_COST)
    context = (
        f"{summary(conflict)}\nstate {number}, {concept}, may change {allowed}: {answer!r}, least {least}"
    )
    event(f"{'exact' if answer.exact else 'bounded'}, cost {answer.cost}")
    if least is not None and least <= answer.exact_up_to:  # inside the range it calls checked...
        assert answer.cost == least, context  # ...it found the least cost
    if answer.exact and not answer.impossible:
        assert answer.cost == least or (
            least is None and (answer.cost is None or answer.cost > BRUTE_COST)
        ), context
    if answer.impossible:
        assert least is None, context
    for change in answer.changes:
        assert is_equilibrium(change.conflict, concept, code), context
        assert least is None or change.cost >= least, context
        assert change.cost == len(change.edits), context


def _ranking_of(*groups: str) -> Ranking:
    """A ranking written as tie groups of state patterns ("YNNY~NNNN"), best first."""
    return Ranking(
        tuple(
            tuple(sum(1 << j for j, c in enumerate(p) if c == "Y") for p in group.split("~"))
            for group in groups
        )
    )


@pytest.mark.slow  # a regression case whose brute force takes seconds; the quick run's property tests
# reach the beam too
def test_a_beam_past_the_variant_budget_does_not_count_as_checked() -> None:
    """Found by hypothesis: under SMR only DM2 must change (least cost 2: move NYNY up two half steps, into
    the top group). With a variant budget of 3, DM2's variants past cost 0 come from a beam that misses
    that change, and the search once said every change set up to cost 4 was checked. It may only claim
    the levels enumerated whole, so it must find the least cost or say it did not check that far."""
    options = (
        OptionSpec("o0", 0, Direction.FORWARD),
        OptionSpec("o1", 1, Direction.BOTH),
        OptionSpec("o2", 2, Direction.BOTH),
        OptionSpec("o3", 2, Direction.BOTH),
    )
    without_o0 = "NNNN~NYNN~NNYN~NYYN~NNNY~NYNY~NNYY~NYYY"
    with_o0 = "YNNN~YYNN~YNYN~YYYN~YNNY~YYNY~YNYY~YYYY"
    conflict = Conflict(
        "generated",
        options,
        (
            DecisionMaker("DM0", (0,), _ranking_of(without_o0, with_o0)),
            DecisionMaker("DM1", (1,), _ranking_of(with_o0, without_o0), misperceived=(Not(Option(0)),)),
            DecisionMaker(
                "DM2",
                (2, 3),
                _ranking_of(
                    "NNNN~YNNN~NYNN~YYNN~NNYN~YNYN~NYYN~YYYN~NNNY~YNNY~NYYY", "NYNY~YYNY~NNYY~YNYY~YYYY"
                ),
            ),
        ),
    )
    code = 0b1010  # NYNY
    number = ReferenceModel(conflict).feasible.index(code) + 1
    assert brute_force_least_cost(conflict, "smr", code, [2], 2) == 2  # DM0 and DM1 need no change
    exact = whatif(conflict, number, "smr", max_cost=4)
    assert (exact.cost, exact.exact, exact.exact_up_to) == (2, True, 2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(whatif_module, "VARIANT_BUDGET", 3)
        bounded = whatif(conflict, number, "smr", max_cost=4)
        alone = whatif(conflict, number, "smr", dms=["DM2"], max_cost=4)
    assert not bounded.exact and not alone.exact
    assert alone.cost == 2 or alone.exact_up_to < 2, repr(alone)
    assert bounded.cost == 2 or bounded.exact_up_to < 2, repr(bounded)
    for change in bounded.changes:
        assert change.cost >= 2 and is_equilibrium(change.conflict, "smr", code)


# -- what the answer claims, who gives up what, and the ranking-level inverse ----------------------


def test_no_change_found_is_worded_as_a_claim_about_the_edits_searched() -> None:
    """Only DPRK may change, and the United States is not stable at big_deal: no reordering or dropping
    of DPRK's statements helps, which is not "no change of DPRK's preferences" (adding a statement
    could, for instance)."""
    answer = standoff.load(HANOI).whatif("big_deal", "seq", dms=["DPRK"])
    words = answer_text(answer)
    assert answer.cost is None and answer.impossible
    assert "No reordering or dropping of the statements of DPRK" in words
    assert "No change of the preferences" not in words


def answer_text(answer: object) -> str:
    from standoff.outputs.whatif_text import verdict

    return verdict(answer)  # type: ignore[arg-type]


# Both rank NN > YN > NY > YY (patterns a b; A owns a, B owns b). At YN under SEQ, A's move to NN
# (its best) is an improvement, and B's only answer from NN, to NY, is no improvement for B: nothing
# deters it. B has no improvement at YN (YY is its worst). Either A stops preferring NN (YN moves up
# one group, tying NN: 1 edit), or B's answer becomes credible: B must rank NY strictly above NN,
# which takes 3 moves of one group (NY joins YN, then NN, then stands above it; or NN sinks as
# far), NY staying below YN for A. So the least total is 1, and the Pareto set over (A's edits,
# B's edits) is {(1, 0), (0, 3)}. At the level of rankings: A ties NN with YN (1/2 swap); B puts NY
# above NN, passing YN and NN (2 swaps).
BOTH_ALIKE = {
    "name": "Either side can fix it",
    "decision_makers": [
        {"name": "A", "options": [{"name": "a"}], "preferences": {"ranking": ["NN", "YN", "NY", "YY"]}},
        {"name": "B", "options": [{"name": "b"}], "preferences": {"ranking": ["NN", "YN", "NY", "YY"]}},
    ],
}


def test_per_decision_maker_costs_and_their_pareto_set() -> None:
    answer = standoff.from_dict(BOTH_ALIKE).whatif("YN", "seq")
    assert answer.cost == 1 and answer.exact
    assert set(answer.pareto) == {(1, 0), (0, 3)} and answer.pareto_exact
    data = answer.to_dict()
    assert data["cost"] == 1  # the summed least cost keeps its key
    assert data["per_dm"] == {"A": 1, "B": 0}
    assert {tuple(p.values()) for p in data["pareto"]} == {(1, 0), (0, 3)}
    assert data["change_sets"][0]["reorderings"] == 1 and data["change_sets"][0]["dropped"] == 0
    assert [(r["dm"], r["distance"], r["exact"]) for r in data["ranking_level"]] == [
        ("A", 0.5, True),
        ("B", 2.0, True),
    ]


def test_dropped_statements_are_counted_apart_from_reorderings() -> None:
    """Under Nash the United States must stop preferring its moves from the partial deal: the least
    change drops its statement 3 (checked by re-analysis in the search)."""
    answer = standoff.load(HANOI).whatif("yongbyon_for_partial_relief", "nash")
    first = answer.changes[0]
    assert first.dropped == sum(e.kind == "drop" for e in first.edits) >= 1
    assert first.reorderings == len(first.edits) - first.dropped


def _weak_orders(m: int) -> list[tuple[int, ...]]:
    """Every weak order of m items, as levels 0..k-1 (each level used)."""
    out = []
    for levels in product(range(m), repeat=m):
        used = set(levels)
        if used == set(range(len(used))):
            out.append(levels)
    return out


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    conflicts(min_dms=2, max_dms=2, max_options=3), st.data(), st.sampled_from(["nash", "gmr", "smr", "seq"])
)
def test_the_ranking_level_answer_equals_a_brute_force(
    conflict: Conflict, data: st.DataObject, concept: str
) -> None:
    """Every ranking (weak order) of the relevant states, its Kendall tau distance from the stated one
    counted pair by pair (1 per reversed pair, 1/2 per tie made or broken): the least distance under
    which the target holds is the search's."""
    import numpy as np

    from standoff.analyses.ranking_inverse import (
        _embedded,
        kendall_distance,
        least_ranking_change,
        relevant_states,
    )
    from standoff.engine.space import StateSpace
    from standoff.stability.at_state import Neighbourhood

    space = StateSpace.build(conflict)
    target = data.draw(st.integers(0, space.n_states - 1), label="target")
    i = data.draw(st.integers(0, 1), label="dm")
    hood = Neighbourhood.build(space, target, concept)  # type: ignore[arg-type]
    scores = [space.ranks[d][hood.states].astype(np.int64) for d in range(2)]
    relevant = relevant_states(hood, i)
    assume(relevant.size <= 5)
    found = least_ranking_change(hood, i, scores)
    _, levels = np.unique(scores[i][relevant], return_inverse=True)
    start = tuple(int(v) for v in np.asarray(levels).ravel())
    best = None
    for order in _weak_orders(relevant.size):
        trial = list(scores)
        trial[i] = _embedded(scores[i], relevant, order)
        # the goal: stable for i under Nash, GMR and SMR (nobody else's verdict depends on i's ranking),
        # an equilibrium under SEQ (i's ranking also decides which of its sanctions are credible)
        alone = concept in ("nash", "gmr", "smr")
        if (hood.undeterred_for(i, trial) == 0) if alone else hood.stable(trial):
            d = kendall_distance(start, order)
            best = d if best is None else min(best, d)
    assert found.exact
    assert found.distance == best, summary(conflict)
