"""Roadmaps: shortest sequences of acceptable steps to a target, every stage holding (GMCR.md, "Roadmaps").

The engine's search is checked against the plain reference in
``tests/reference.py`` (every pair of states examined, breadth-first per
target state) on generated conflicts with 2-4 decision makers,
irreversible options, infeasible states, misperceptions and ties.
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from profiles import examples
from reference import ReferenceRoadmaps
from standoff.analyses.evolution import evolve
from standoff.analyses.exchanges import exchanges
from standoff.analyses.roadmap import roadmap
from standoff.analyses.stability import AnalysisResult, analyze
from standoff.engine.steps import breadth_first, step_kinds, steps_from
from standoff.interfaces import cli
from standoff.io import from_dict, load, loads
from strategies import conflicts

HANOI = Path(__file__).resolve().parents[1] / "examples" / "hanoi-2019.yaml"


def _joint(ref: ReferenceRoadmaps, path: list[int]) -> int:
    return sum(len(ref.movers(a, b) or ()) > 1 for a, b in pairwise(path))


@settings(max_examples=examples(50), deadline=None)
@given(
    conflicts(max_options=5),
    st.data(),
    st.sampled_from(["seq", "nash", "gmr", "smr"]),
    st.sampled_from([1, 2, None]),
    st.integers(1, 3),
    st.sampled_from(["improve", "target"]),
    st.booleans(),
    st.booleans(),
)
def test_roadmaps_equal_the_reference(
    conflict, data, concept, step_size, movers, rule, all_hold, detours
) -> None:  # type: ignore[no-untyped-def]
    """Same found or not, same shortest length, the same first roadmaps in the same order, each valid.

    The reference grows every sequence of states under the definitions
    (acceptable steps, each stage holding with its next step left out of its
    movers' improvements, the last holding, each option changed at most once
    unless ``detours``), with no shortcut through states. With ``all_hold``,
    every stage is made to hold (in the engine's result and in the reference
    alike), so that long roadmaps and many of them occur: on small generated
    conflicts few states are equilibria.
    """
    result = analyze(conflict, (concept,))
    space = result.space
    if all_hold:
        every = np.ones((space.n_decision_makers, space.n_states), dtype=np.bool_)
        result = AnalysisResult(conflict, space, {concept: every}, result.status_quo_index)
    start = data.draw(st.integers(0, space.n_states - 1), label="start")
    size = data.draw(st.integers(1, min(3, space.n_states)), label="targets")
    chosen = sorted(set(data.draw(st.lists(st.integers(0, space.n_states - 1), min_size=1, max_size=size))))
    codes = [int(space.codes[s]) for s in chosen]
    pattern_of = space.pattern
    # the target as a condition: one pattern per chosen state, joined by "or"
    names = conflict.option_names
    terms = [
        "(" + " and ".join(n if pattern_of(s)[j] == "Y" else f"not {n}" for j, n in enumerate(names)) + ")"
        for s in chosen
    ]
    found = roadmap(
        result,
        " or ".join(terms),
        start + 1,
        concept=concept,
        step_size=step_size,
        movers=movers,
        rule=rule,
        max_roadmaps=5,
        detours=detours,
    )
    ref = ReferenceRoadmaps(conflict, concept, step_size, movers, rule)
    if all_hold:
        ref.holds = dict.fromkeys(ref.holds, True)
    start_code = int(space.codes[start])
    expected = ref.shortest(start_code, set(codes), detours=detours)
    assume(expected is not None)  # too many sequences for the plain search (rare)
    assert expected is not None
    assert sorted(int(space.codes[t]) for t in found.target_indices) == sorted(codes)
    assert found.found == bool(expected)
    if not expected:
        assert found.breaks is not None
        reached = {int(space.codes[s]) for s, _ in found.breaks.reached}
        assert start_code in reached
        # every stage reached can hold: outright, or with some next step left out
        feasible = ref.model.feasible
        assert all(s == start_code or any(ref.stage_holds(s, t) for t in feasible) for s in reached)
        return
    assert found.length == len(expected[0]) - 1
    expected.sort(key=lambda path: (_joint(ref, path), path[1:]))
    listed = [
        [start_code, *(int(space.codes[step.target_index]) for step in steps)] for steps in found.roadmaps
    ]
    for path in listed:
        assert ref.is_roadmap(path, set(codes), detours), path
    assert listed == expected[: len(listed)]
    assert len(listed) == min(5, len(expected))
    assert found.more == (len(expected) > 5)
    for steps in found.roadmaps:
        changed = 0
        for step in steps:
            assert step.movers == ref.movers(
                int(space.codes[step.source_index]), int(space.codes[step.target_index])
            )
            flip = int(space.codes[step.source_index] ^ space.codes[step.target_index])
            assert step.undoes == tuple(j for j in range(space.n_options) if (flip & changed) >> j & 1)
            assert detours or not step.undoes
            changed |= flip


def test_long_roadmaps_occur() -> None:
    """The property test above meets roadmaps of several steps, several of them, joint steps among them."""
    hanoi = load(HANOI)
    result = analyze(hanoi, ("seq",))
    space = result.space
    every = np.ones((space.n_decision_makers, space.n_states), dtype=np.bool_)
    loose = AnalysisResult(hanoi, space, {"seq": every}, result.status_quo_index)
    found = roadmap(loose, "grand_bargain", max_roadmaps=3, rule="target")
    # four options apart, two per side, one option per mover and step: two joint steps at least
    assert found.length == 2
    assert len(found.roadmaps) == 3 and found.more
    assert all(step.joint for steps in found.roadmaps for step in steps)
    assert roadmap(loose, "grand_bargain", rule="target", step_size=2).length == 1


@settings(max_examples=examples(60), deadline=None)
@given(conflicts(max_options=6), st.data(), st.sampled_from([1, 2, None]), st.integers(1, 3))
def test_steps_equal_the_reference(conflict, data, step_size, movers) -> None:  # type: ignore[no-untyped-def]
    """Every step the engine generates from a state is a step by the definition, and none is missed."""
    result = analyze(conflict, ("nash",))
    space = result.space
    state = data.draw(st.integers(0, space.n_states - 1))
    kinds = step_kinds(space, movers, step_size)
    found = steps_from(space, np.array([state]), kinds, "any")
    ref = ReferenceRoadmaps(conflict, "nash", step_size, movers, "improve")
    code = int(space.codes[state])
    got = {(int(space.codes[t]), kinds[k].movers) for t, k in zip(found.target, found.kind, strict=True)}
    want = {(t, m) for t in ref.model.feasible if (m := ref.movers(code, t)) is not None}
    assert got == want


TOY = """
name: Disarm for relief
decision_makers:
  - name: Donor
    options: [relief]
    preferences:
      prioritization:
        - statement: disarm
        - statement: not relief
  - name: Holder
    options:
      - name: disarm
        direction: forward
    preferences:
      prioritization:
        - statement: relief
        - statement: not disarm
status_quo: NN
"""


def test_hand_worked_exchange() -> None:
    """Relief for disarmament, worked by hand.

    Donor's scores: disarm 2, not relief 1; Holder's: relief 2, not disarm 1.
    States NN (Donor 1, Holder 1), YN (relief only: Donor 0, Holder 3),
    NY (disarm only: Donor 3, Holder 0), YY (Donor 2, Holder 2).
    Alone, neither moves first: relief costs Donor, disarming costs Holder.
    Together (one joint step NN → YY) both gain (1 → 2). But at YY the Donor
    improves by withdrawing relief (NY: 3 > 2), and the Holder cannot answer:
    disarming is irreversible. YY is not SEQ stable, so no roadmap holds.
    """
    conflict = loads(TOY)
    found = roadmap(conflict, "YY")
    assert not found.found
    assert found.breaks is not None
    assert found.breaks.holding_targets == ()
    # the Donor defects from the deal by withdrawing relief, once disarmament cannot be undone
    (defection,) = found.breaks.defections
    assert conflict.decision_makers[defection.decision_maker].name == "Donor"
    assert found.result.space.pattern(defection.to_index) == "NY"


def test_hanoi_grand_bargain_is_unreachable_step_by_step() -> None:
    hanoi = load(HANOI)
    found = roadmap(hanoi, "grand_bargain")
    assert not found.found
    assert found.breaks is not None
    assert found.breaks.reached[0][0] == found.start_index


def test_bad_arguments() -> None:
    hanoi = load(HANOI)
    from standoff.errors import StandoffError, StateError

    with pytest.raises(StateError):
        roadmap(hanoi, "no_such_state and lift_sanctions")
    with pytest.raises(StandoffError):
        roadmap(hanoi, "grand_bargain", rule="hope")
    with pytest.raises(StandoffError):
        roadmap(hanoi, "grand_bargain", movers=0)


# -- joint improvements in evolve, and the exchanges table ------------------------


@settings(max_examples=examples(80), deadline=None)
@given(conflicts(max_options=6), st.data(), st.sampled_from([1, 2, None]), st.integers(1, 3))
def test_evolve_with_joint_improvements_equals_the_reference(conflict, data, step_size, movers) -> None:  # type: ignore[no-untyped-def]
    """``evolve --movers M``: the states reached, their distances, and every recorded step valid."""
    result = analyze(conflict, ("seq",))
    space = result.space
    start = data.draw(st.integers(0, space.n_states - 1))
    found = evolve(result, start + 1, movers=movers, step_size=step_size)
    ref = ReferenceRoadmaps(conflict, "seq", step_size, movers, "improve")
    code = lambda s: int(space.codes[s])  # noqa: E731
    distance = {code(start): 0}
    layer = [code(start)]
    while layer:
        following = []
        for s in layer:
            for t in ref.model.feasible:
                if t not in distance and ref.acceptable(s, t, t):
                    distance[t] = distance[s] + 1
                    following.append(t)
        layer = following
    assert {code(s): d for s, d in found.distance.items()} == distance
    for s in found.reachable[1:]:
        move = found.parents[s]
        assert ref.acceptable(code(move.source_index), code(s), code(s))
        assert move.movers == ref.movers(code(move.source_index), code(s))
        assert found.distance[move.source_index] == found.distance[s] - 1
    stops = {code(s) for s in found.stops}
    assert stops == {s for s in distance if not any(ref.acceptable(s, t, t) for t in ref.model.feasible)}


@settings(max_examples=examples(60), deadline=None)
@given(conflicts(max_options=6), st.data(), st.sampled_from([1, 2, None]))
def test_exchanges_equal_the_reference(conflict, data, step_size) -> None:  # type: ignore[no-untyped-def]
    result = analyze(conflict, ("seq",))
    space = result.space
    here = data.draw(st.integers(0, space.n_states - 1))
    table = exchanges(result, here + 1, step_size=step_size)
    ref = ReferenceRoadmaps(conflict, "seq", step_size, 2, "improve")
    code = int(space.codes[here])

    def own_changes(dm: int) -> list[int]:
        options = conflict.decision_makers[dm].options
        found = []
        for mask in range(1, 1 << len(options)):
            chosen = [j for k, j in enumerate(options) if mask >> k & 1]
            if step_size is not None and len(chosen) > step_size:
                continue
            if any(
                (conflict.options[j].direction.value == "forward" and code >> j & 1)
                or (conflict.options[j].direction.value == "backward" and not code >> j & 1)
                for j in chosen
            ):
                continue
            found.append(sum(1 << j for j in chosen))
        return sorted(found)

    assert table.rows == (0, *own_changes(0))
    assert table.columns == (0, *own_changes(1))
    for row in table.cells:
        for cell in row:
            if cell.row == 0 and cell.column == 0:
                continue
            after = code ^ cell.row ^ cell.column
            movers = tuple(d for d, flip in ((0, cell.row), (1, cell.column)) if flip)
            exists = ref.movers(code, after) == movers
            assert (cell.state is not None) == exists
            if exists:
                assert cell.better == (ref.model.prefers(0, after, code), ref.model.prefers(1, after, code))
                assert cell.holds == ref.holds[after]


# -- the command line -------------------------------------------------------------

runner = CliRunner()
cli._register_commands()


def _run(*args: str) -> tuple[int, str, str]:
    done = runner.invoke(cli.app, list(args))
    return done.exit_code, done.stdout, done.stderr


def test_roadmap_json_contract_without_a_roadmap() -> None:
    code, out, _ = _run("roadmap", str(HANOI), "--to", "grand_bargain", "--format", "json", "-q")
    assert code == 0
    data = json.loads(out)
    assert data["from"] == "NNNYYYYYNNN"
    assert data["targets"] == ["YNYYYYYYYYN"]
    assert data["concept"] == "seq"
    assert data["found"] is False and data["roadmaps"] == []
    breaks = data["breaks"]
    assert breaks["targets_hold"] is True
    assert [s["state"] for s in breaks["reachable_stages"]] == ["NNNYYYYYNNN"]
    first = breaks["failed_steps"][0]
    # the United States will not lift sanctions first (its score falls from 93 to 77: see the model's notes)
    assert first["movers"] == ["United States"] and first["take"] == ["lift_sanctions"]
    assert first["why"] == ["not an improvement for United States"]
    assert first["not_improving"] == ["United States"]


def test_roadmap_json_contract_with_roadmaps() -> None:
    code, out, _ = _run(
        "roadmap",
        str(HANOI),
        "--to",
        "grand_bargain",
        "--rule",
        "target",
        "--format",
        "json",
        "-q",
        "--max",
        "2",
    )
    assert code == 0
    data = json.loads(out)
    assert data["found"] is True and data["breaks"] is None
    assert data["length"] == 2 and data["more"] is True and len(data["roadmaps"]) == 2
    step = data["roadmaps"][0]["steps"][0]
    assert set(step) >= {"movers", "state", "name", "take", "drop"}
    assert step["movers"] == ["United States", "DPRK"]
    assert step["take"] == ["lift_sanctions", "dismantle_yongbyon"] and step["drop"] == []
    assert step["name"] == "yongbyon_for_full_lifting"
    assert step["worse_off"] == ["United States"]  # a leap of faith: full lifting before the other sites
    assert data["roadmaps"][0]["steps"][-1]["state"] == "YNYYYYYYYYN"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "nowhere_at_all"], "nowhere_at_all"),
        (["--to", "grand_bargain", "--rule", "hope"], "unknown rule"),
        (["--to", "grand_bargain", "--from", "9999"], "no state number 9999"),
        (["--to", "grand_bargain", "-c", "magic"], "unknown concept"),
    ],
)
def test_roadmap_bad_input_exits_2(args: list[str], message: str) -> None:
    code, _, err = _run("roadmap", str(HANOI), *args, "-q")
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_exchanges_and_evolve_with_movers_on_the_command_line() -> None:
    code, out, _ = _run("exchanges", str(HANOI), "--format", "json", "-q")
    assert code == 0
    data = json.loads(out)
    assert data["sides"] == ["United States", "DPRK"]
    assert data["rows"][0] == {"take": [], "drop": [], "words": "stay"}  # staying put comes first
    # nothing one option each way leaves both better off at the status quo
    assert not any(cell.get("improvement_for_both") for row in data["cells"] for cell in row)
    code, out, _ = _run("exchanges", str(HANOI), "--sides", "DPRK,nobody", "-q")
    assert code == 2
    code, out, _ = _run("exchanges", str(HANOI), "--sides", "2,1", "--format", "json", "-q")
    assert code == 0 and json.loads(out)["sides"] == ["DPRK", "United States"]  # numbers from 1
    code, _, err = _run("exchanges", str(HANOI), "--sides", "3,1", "-q")
    assert code == 2 and "no decision maker number 3" in err
    code, out, _ = _run(
        "evolve", str(HANOI), "--to", "grand_bargain", "--movers", "2", "--format", "json", "-q"
    )
    assert code == 0
    data = json.loads(out)
    assert data["reachable"] is True and data["movers"] == 2
    (path,) = [p for p in data["paths"] if p[-1]["to"] == "YNYYYYYYYYN"]
    assert path == [
        {
            "dm": "United States",
            "from": "NNNYYYYYNNN",
            "to": "YNYYYYYYYYN",
            "movers": ["United States", "DPRK"],
        }
    ]


# -- targets in the model file, and the report's section ---------------------------


def test_targets_in_the_model_file_round_trip_and_reach_the_report() -> None:
    from standoff.analyses.report import report
    from standoff.io.native import to_data

    hanoi = load(HANOI)
    assert hanoi.targets == ("grand_bargain", "yongbyon_for_partial_relief")
    assert to_data(hanoi)["targets"] == ["grand_bargain", "yongbyon_for_partial_relief"]
    page = report(hanoi)
    assert [r.target_text for r in page.roadmaps] == list(hanoi.targets)
    html = page.to_html()
    assert 'id="roadmaps"' in html and "To grand_bargain" in html
    assert "not an improvement for United States" in html
    assert page.to_dict()["roadmaps"][0]["found"] is False


def test_a_target_the_model_cannot_reach_is_reported_by_validate(tmp_path: Path) -> None:
    text = HANOI.read_text().replace(
        "targets: [grand_bargain, yongbyon_for_partial_relief]",
        "targets: [grand_bargain, 'test_freeze and new_way']",
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    code, _, err = _run("validate", str(bad))
    assert code == 2
    assert "targets[1]" in err and "not a feasible state" in err
    bad.write_text(text.replace("'test_freeze and new_way'", "'test_freeze and'"))
    code, _, err = _run("validate", str(bad))
    assert code == 2 and "targets" in err


def test_the_json_reference_shows_real_output() -> None:
    """The example in docs/reference/json-output.md is what ``--max 1`` prints (key order aside)."""
    page = (HANOI.parents[1] / "docs" / "reference" / "json-output.md").read_text()
    section = page[page.index("## `standoff roadmap --format json`") :]
    block = section[
        section.index("```json") + len("```json") : section.index("```\n", section.index("```json") + 7)
    ]
    code, out, _ = _run(
        "roadmap",
        str(HANOI),
        "--to",
        "grand_bargain",
        "--rule",
        "target",
        "--max",
        "1",
        "--format",
        "json",
        "-q",
    )
    assert code == 0
    assert json.loads(block) == json.loads(out)


@settings(max_examples=examples(60), deadline=None)
@given(
    conflicts(max_options=6),
    st.data(),
    st.sampled_from([1, 2, None]),
    st.integers(1, 3),
    st.sampled_from(["improve", "target"]),
)
def test_the_compiled_search_equals_the_numpy_search(conflict, data, step_size, movers, rule) -> None:  # type: ignore[no-untyped-def]
    """Big state spaces are searched by a numba kernel: same distances, parents, order and stops."""
    space = analyze(conflict, ("nash",)).space
    n = space.n_states
    origin = data.draw(st.integers(0, n - 1), label="start")
    holds = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n), label="holds"))
    stop = np.zeros(n, dtype=np.bool_)
    stop[data.draw(st.integers(0, n - 1), label="stop")] = data.draw(st.booleans(), label="stopping")
    max_steps = data.draw(st.sampled_from([None, 0, 1, 2]), label="max_steps")
    goal = space.ranks[:, data.draw(st.integers(0, n - 1), label="goal")]
    kinds = step_kinds(space, movers, step_size)
    found = [
        breadth_first(
            space,
            origin,
            kinds,
            rule=rule,
            goal=goal,
            holds=holds,
            stop=stop,
            max_steps=max_steps,
            compiled=compiled,
        )
        for compiled in (False, True)
    ]
    plain, compiled = found
    assert np.array_equal(plain.order, compiled.order)
    assert np.array_equal(plain.distance, compiled.distance)
    assert np.array_equal(plain.parent, compiled.parent)
    assert np.array_equal(plain.kind, compiled.kind)
    assert plain.complete == compiled.complete
    expanded = plain.order[plain.distance[plain.order] < (max_steps if max_steps is not None else n + 1)]
    if stop.any() and plain.complete is False and max_steps is None:
        return  # stopped at a target: the last layer was not looked at
    assert np.array_equal(plain.moving[expanded], compiled.moving[expanded])


def test_results_show_in_a_notebook() -> None:
    hanoi = load(HANOI)
    stuck = hanoi.roadmap("grand_bargain")
    html = stuck._repr_html_()
    assert "no roadmap" in html and "not an improvement for United States" in html
    columns = ["from_state", "movers", "move", "to_state", "to_pattern", "holds", "why"]
    assert list(stuck.to_frame().columns) == columns
    phased = hanoi.roadmap("grand_bargain", rule="target", max_roadmaps=1)
    assert "<table" in phased._repr_html_() and "shortest roadmap" in phased._repr_html_()
    assert phased.to_dict()["roadmaps"][0]["steps"][-1]["name"] == "grand_bargain"
    table = hanoi.exchanges()
    assert table.cells == exchanges(hanoi).cells
    assert "<table" in table._repr_html_()
    assert repr(table).startswith("<Exchanges at state 187 NNNYYYYYNNN between United States and DPRK: 0 ")
    assert len(table.to_frame()) == len(table.rows) * len(table.columns) - 1


@settings(max_examples=examples(100), deadline=None)
@given(
    conflicts(max_options=6),
    st.data(),
    st.sampled_from(["seq", "nash", "gmr"]),
    st.sampled_from([1, 2, None]),
    st.integers(1, 3),
    st.sampled_from(["improve", "target"]),
)
def test_where_it_breaks_equals_the_reference(conflict, data, concept, step_size, movers, rule) -> None:  # type: ignore[no-untyped-def]
    """Without a roadmap: the holding targets, the stages reached, the nearest, and each failing step
    toward the target with its reasons, as the definitions give them."""
    result = analyze(conflict, (concept,))
    space = result.space
    code = lambda s: int(space.codes[s])  # noqa: E731
    start = data.draw(st.integers(0, space.n_states - 1), label="start")
    target = data.draw(st.integers(0, space.n_states - 1), label="target")
    found = roadmap(
        result, target + 1, start + 1, concept=concept, step_size=step_size, movers=movers, rule=rule
    )
    if found.found:
        return
    ref = ReferenceRoadmaps(conflict, concept, step_size, movers, rule)
    goal = code(target)
    breaks = found.breaks
    assert breaks is not None
    assert breaks.holding_targets == ((target,) if ref.holds[goal] else ())
    assert bool(breaks.defections) == (not ref.holds[goal])
    for x in breaks.defections:  # an improvement of its decision maker that the concept leaves undeterred
        assert ref.model.prefers(x.decision_maker, code(x.to_index), goal)
        assert not ref.model.stable(concept, x.decision_maker, goal)
    # the stages reached, with their distances: a step into a stage that holds, or holds with a next
    # step of the right kind, allowed by the stage it leaves (the start is none), no option changed twice
    first = code(start)
    distance = {first: 0}
    layer = [first]
    while layer:
        following = []
        for s in layer:
            for t in ref.model.feasible:
                if t in distance or not ref.can_be_stage(t, first) or not ref.acceptable(s, t, goal):
                    continue
                if (s ^ t) & (s ^ first) or (s != first and not ref.stage_holds(s, t)):
                    continue
                distance[t] = distance[s] + 1
                following.append(t)
        layer = following
    assert {code(s): d for s, d in breaks.reached} == distance
    gap = min(bin(s ^ goal).count("1") for s in distance)
    # fewest steps from the start first, then by state number
    nearest = sorted((s for s in distance if bin(s ^ goal).count("1") == gap), key=lambda s: (distance[s], s))
    assert [code(s) for s, _ in breaks.nearest] == nearest[: len(breaks.nearest)]
    assert all(g == gap for _, g in breaks.nearest)
    # every step toward the target from the nearest stages, and why it fails
    expected = [
        (s, t)
        for s in nearest[: len(breaks.nearest)]
        for t in ref.model.feasible
        if ref.movers(s, t) is not None and (s ^ t) & ~(s ^ goal) == 0
    ]
    assert breaks.n_failed == len(expected)
    assert {(code(f.step.source_index), code(f.step.target_index)) for f in breaks.failed} == set(expected)
    for f in breaks.failed:
        s, t = code(f.step.source_index), code(f.step.target_index)
        refusing = tuple(
            d
            for d in ref.movers(s, t) or ()
            if not (ref.model.prefers(d, t, s) if rule == "improve" else ref.model.prefers(d, goal, s))
        )
        assert f.not_improving == refusing
        assert f.holds == (ref.holds[t] if t == goal else ref.can_be_stage(t, first))
        assert bool(f.undoes) == bool((s ^ t) & (s ^ first))
        # the stage it leaves holds only with another next step
        assert (f.not_the_next is not None) == (s != first and not ref.stage_holds(s, t))
        assert refusing or not f.holds or f.undoes or f.not_the_next is not None  # it fails for a reason


# -- the stage rule, flagged steps, at most once and detours (hand-built conflicts) ------------

DEAL_BY_TURNS = {
    "name": "Deal by turns",
    "decision_makers": [
        {"name": "A", "options": [{"name": "a"}], "preferences": {"ranking": ["YY", "YN", "NN", "NY"]}},
        {"name": "B", "options": [{"name": "b"}], "preferences": {"ranking": ["YY", "YN", "NN", "NY"]}},
    ],
    "status_quo": "NN",
    "states": {"deal": {"state": "YY"}},
}


def test_a_stage_does_not_fail_because_of_the_roadmaps_own_next_step() -> None:
    """Both rank YY > YN > NN > NY (patterns a b). By improvements NN → YN (A: YN > NN) → YY (B:
    YY > YN), and the deal YY is SEQ stable for both (A's only move, to NY, and B's, to YN, are
    worse for them). YN is not SEQ stable for B: B's move to YY is an improvement and A has no
    improving answer from YY. But that move is the roadmap's next step, so YN holds with it left
    out (A at YN: its only move, to NN, is worse): the roadmap is A takes a, then B takes b.
    Under the rule that asked every stage to be an equilibrium, no roadmap existed."""
    conflict = from_dict(DEAL_BY_TURNS)
    assert evolve(conflict, "NN").distance[conflict.analyze(("seq",)).state("YY").number - 1] == 2
    found = roadmap(conflict, "deal", movers=1)
    space = found.result.space
    assert found.found and found.length == 2 and len(found.roadmaps) == 1
    assert [(s.movers, space.pattern(s.target_index)) for s in found.roadmaps[0]] == [
        ((0,), "YN"),
        ((1,), "YY"),
    ]
    assert not any(s.flagged for s in found.roadmaps[0])
    # the last stage must hold outright: to YN (not SEQ stable for B) there is no roadmap
    assert not roadmap(conflict, "YN", movers=1).found


# A: NN > YN > NY > YY; B: YN > NY > YY > NN (patterns a b). From YY to YN: B drops b, an
# improvement for B (YN is its best). YN holds under SEQ: A's improvement to NN is deterred by
# B's improvement from NN to NY (NY is below YN for A); B has none. But B's step is itself
# deterred: from YN, A improves to NN, which B ranks below YY. Under SEQ B would not take the step
# on its own; the roadmap flags it, naming A's move to NN as what B must trust will not come.
FLAGGED = {
    "name": "Trust needed",
    "decision_makers": [
        {"name": "A", "options": [{"name": "a"}], "preferences": {"ranking": ["NN", "YN", "NY", "YY"]}},
        {"name": "B", "options": [{"name": "b"}], "preferences": {"ranking": ["YN", "NY", "YY", "NN"]}},
    ],
}


def test_a_step_a_sanction_deters_is_allowed_and_flagged_with_the_sanction() -> None:
    conflict = from_dict(FLAGGED)
    found = roadmap(conflict, "YN", "YY", movers=1)
    space = found.result.space
    assert found.found and found.length == 1
    (step,) = found.roadmaps[0]
    assert step.flagged and [d.decision_maker for d in step.deterred] == [1]
    (sanction,) = step.deterred[0].sanctions
    assert [(m.decision_maker, space.pattern(m.target_index)) for m in sanction.moves] == [(0, "NN")]
    data = found.to_dict()["roadmaps"][0]["steps"][0]
    assert data["flagged"] is True and data["deterred_by"][0]["decision_maker"] == "B"
    assert data["deterred_by"][0]["sanction"] == [{"dm": "A", "from": "YN", "to": "NN"}]
    assert "must trust" in data["deterred_by"][0]["why"]


# Options a (A), b and c (B); patterns a b c. A: YYN > NNY > NNN > YNN > NYY > NYN > YYY > YNY;
# B: YNN > NYN > NNY > NNN > YYY > YYN > YNY > NYY. From NNN to YNN only a differs, and A will not
# take a at once (YNN is below NNN for A). A detour does it: B takes b (NYN, better for B; A's
# improvement there, to YYN, is the next step), A takes a (YYN, A's best; B's improvement to YYY
# is deterred by A's improvement to NYY, B's worst; B's to YNN is the next step), B drops b (YNN,
# B's best; A's improvement to NNN is deterred by B's to NYN, below YNN for A). Each option
# changing at most once, every step would have to change a alone: no roadmap.
DETOUR = {
    "name": "Detour",
    "decision_makers": [
        {
            "name": "A",
            "options": [{"name": "a"}],
            "preferences": {"ranking": ["YYN", "NNY", "NNN", "YNN", "NYY", "NYN", "YYY", "YNY"]},
        },
        {
            "name": "B",
            "options": [{"name": "b"}, {"name": "c"}],
            "preferences": {"ranking": ["YNN", "NYN", "NNY", "NNN", "YYY", "YYN", "YNY", "NYY"]},
        },
    ],
}


def test_each_option_changes_at_most_once_unless_detours_and_detours_are_marked() -> None:
    conflict = from_dict(DETOUR)
    plain = roadmap(conflict, "YNN", "NNN", movers=1)
    assert not plain.found
    assert plain.breaks is not None
    detour = roadmap(conflict, "YNN", "NNN", movers=1, detours=True)
    space = detour.result.space
    assert detour.found and detour.length == 3
    path = [(s.movers, space.pattern(s.target_index), s.undoes) for s in detour.roadmaps[0]]
    assert path == [((1,), "NYN", ()), ((0,), "YYN", ()), ((1,), "YNN", (1,))]
    data = detour.to_dict()
    assert data["detours"] is True and data["roadmaps"][0]["steps"][2]["undoes"] == ["b"]
    result = CliRunner().invoke(
        cli.app, ["roadmap", _write(DETOUR), "--from", "NNN", "--to", "YNN", "--movers", "1", "--detours"]
    )
    assert result.exit_code == 0, result.output
    assert "[detour: changes back b]" in result.output


def _write(model: dict[str, object]) -> str:
    import tempfile

    import yaml

    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        yaml.safe_dump(model, handle)
    return handle.name
