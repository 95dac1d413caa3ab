"""Status quo analysis: reachability by unilateral improvements, paths, and ``standoff evolve``."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import standoff
from profiles import examples
from standoff.analyses.evolution import evolve
from standoff.analyses.stability import analyze
from standoff.engine.moves import unilateral_improvements
from standoff.errors import StateError
from standoff.interfaces import cli
from strategies import conflicts

HANOI = Path(__file__).resolve().parents[1] / "examples" / "hanoi-2019.yaml"

runner = CliRunner()
cli._register_commands()


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as a 200-column terminal shows them, so that cells do not wrap in the middle of a phrase."""
    monkeypatch.setattr(cli.stdout, "_width", 200)


def _closure(space, start: int) -> set[int]:  # type: ignore[no-untyped-def]
    """Every state reachable from ``start`` by improvements, by fixpoint iteration (independent of BFS)."""
    reached = {start}
    while True:
        more = {
            int(t)
            for s in reached
            for d in range(space.n_decision_makers)
            for t in unilateral_improvements(space, d, s)
        } - reached
        if not more:
            return reached
        reached |= more


@settings(max_examples=examples(80), deadline=None)
@given(conflicts(max_options=5), st.data())
def test_reachable_states_and_paths(conflict, data) -> None:  # type: ignore[no-untyped-def]
    result = analyze(conflict, ("seq",))
    space = result.space
    start = data.draw(st.integers(0, space.n_states - 1), label="start")
    target = data.draw(st.integers(0, space.n_states - 1), label="target")
    evolution = evolve(result, start + 1, target + 1)  # state numbers as printed
    assert set(evolution.reachable) == _closure(space, start)
    assert evolution.reachable[0] == start
    assert evolution.target_reachable == (target in _closure(space, start))
    equilibria = result.equilibrium_mask("seq")
    assert set(evolution.equilibria_reached) == {s for s in evolution.reachable if equilibria[s]}
    for s in evolution.stops:
        assert all(unilateral_improvements(space, d, s).size == 0 for d in range(space.n_decision_makers))
    for path in evolution.paths:
        assert path[0].source_index == start
        assert len(path) == evolution.distance[path[-1].target_index]
        for move in path:
            assert move.target_index in set(
                unilateral_improvements(space, move.decision_maker, move.source_index).tolist()
            )
        for before, after in pairwise(path):
            assert before.target_index == after.source_index
            assert before.decision_maker != after.decision_maker, "shortest paths are legal sequences"
    goal = int(space.codes[target])
    for refused in evolution.refused:
        move = refused.move
        assert (
            space.ranks[move.decision_maker, move.target_index]
            <= space.ranks[move.decision_maker, move.source_index]
        )
        flipped = int(space.codes[move.source_index]) ^ int(space.codes[move.target_index])
        assert flipped & ~(int(space.codes[move.source_index]) ^ goal) == 0, (
            "a refused move only moves toward the target"
        )


@settings(max_examples=examples(40), deadline=None)
@given(conflicts(max_options=5), st.integers(0, 3))
def test_step_limit(conflict, limit) -> None:  # type: ignore[no-untyped-def]
    result = analyze(conflict, ("seq",))
    evolution = evolve(result, 1, max_steps=limit)
    assert max(evolution.distance.values()) <= limit
    for s in evolution.frontier:
        assert evolution.distance[s] == limit


def test_hanoi_from_status_quo() -> None:
    """From the status quo only the DPRK's new way is an improvement, and it ends in escalation."""
    from standoff.io import load

    evolution = evolve(load(HANOI), target="grand_bargain")
    space = evolution.result.space
    # the new way with or without the Sohae stand rebuilt (the DPRK is indifferent to it), then the US answer
    assert [space.pattern(s) for s in evolution.reachable] == [
        "NNNYYYYYNNN",
        "NNNYNYNYNNY",
        "NNNYNYYYNNY",
        "NNNNNYNYNNY",
        "NNNNNYYYNNY",
    ]
    assert evolution.target_reachable is False
    refused = {(r.move.decision_maker, space.pattern(r.move.target_index)) for r in evolution.refused}
    assert (0, "YNNYYYYYNNN") in refused  # the US will not lift the sanctions first
    assert (1, "NNNYYYYYYNN") in refused  # the DPRK will not dismantle Yongbyon first


def test_cli_json_contract() -> None:
    out = runner.invoke(cli.app, ["evolve", str(HANOI), "--to", "yongbyon_for_partial_relief", "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["from"] == "NNNYYYYYNNN"
    assert data["target"] == "NYNYYYYYYNN" and data["reachable"] is False
    assert data["equilibria_reached"] == ["NNNYYYYYNNN", "NNNNNYNYNNY", "NNNNNYYYNNY"]
    assert data["paths"] == [
        [
            {"dm": "DPRK", "from": "NNNYYYYYNNN", "to": "NNNYNYNYNNY"},
            {"dm": "United States", "from": "NNNYNYNYNNY", "to": "NNNNNYNYNNY"},
        ],
        [
            {"dm": "DPRK", "from": "NNNYYYYYNNN", "to": "NNNYNYYYNNY"},
            {"dm": "United States", "from": "NNNYNYYYNNY", "to": "NNNNNYYYNNY"},
        ],
    ]
    assert {"dm": "United States", "from": "NNNYYYYYNNN", "to": "NYNYYYYYNNN", "worse": True} in data[
        "refused_moves"
    ]


def test_cli_table() -> None:
    out = runner.invoke(cli.app, ["evolve", str(HANOI), "--to", "grand_bargain"])
    assert out.exit_code == 0, out.output
    assert "is NOT reachable" in out.output
    assert "DPRK: take the new way (resume testing) and end the test freeze" in out.output
    assert "dismantle Yongbyon" in out.output


def test_cli_max_steps_and_from() -> None:
    out = runner.invoke(
        cli.app, ["evolve", str(HANOI), "--from", "NNNYNYYYNNY", "--max-steps", "0", "-f", "json"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["reachable_states"] == ["NNNYNYYYNNY"] and data["frontier"] == ["NNNYNYYYNNY"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "YYYYYYYYYYY"], "not a feasible state"),
        (["--to", "nowhere"], "is not a state name"),
        (["--to", "NNN"], "looks like a pattern but has 3 characters"),
        (["--concepts", "best"], "unknown concept"),
    ],
)
def test_cli_bad_input_exits_2(args: list[str], message: str) -> None:
    out = runner.invoke(cli.app, ["evolve", str(HANOI), *args])
    assert out.exit_code == 2
    assert message in out.output
    assert str(HANOI) in out.output or "concept" in out.output


def test_no_status_quo_needs_a_start() -> None:
    from dataclasses import replace

    from standoff.io import load

    conflict = replace(load(HANOI), status_quo=None)
    with pytest.raises(StateError, match="no status quo"):
        evolve(conflict)
    assert evolve(conflict, "status_quo").start == evolve(load(HANOI)).start


def test_equilibrium_start_names_who_moves_first_in_the_table() -> None:
    """At the Hanoi status quo (a SEQ equilibrium) the DPRK has an improvement, deterred under SEQ: the
    sentence above the table says so and names the DPRK, whose move is the first one the table shows."""
    from standoff.outputs.evolution_text import first_movers, start_sentence

    conflict = standoff.load(HANOI)
    where = evolve(conflict)
    assert first_movers(where) == ["DPRK"]
    assert {m.decision_maker for path in where.paths for m in path[:1]} == {1}
    sentence = start_sentence(where)
    assert "nobody moves" not in sentence
    assert "DPRK has an improvement from it" in sentence and "in it DPRK moves first" in sentence
    out = runner.invoke(cli.app, ["evolve", str(HANOI)])
    assert out.exit_code == 0, out.output
    assert sentence in " ".join(out.output.split())
    data = json.loads(runner.invoke(cli.app, ["evolve", str(HANOI), "--format", "json"]).output)
    assert data["start_equilibrium"] is True and data["first_movers"] == ["DPRK"]


@settings(max_examples=examples(60), deadline=None)
@given(conflicts(max_dms=3, max_options=5), st.data())
def test_first_movers_are_those_with_an_improvement_at_the_start(conflict, data) -> None:  # type: ignore[no-untyped-def]
    """The decision makers named as moving first are exactly those with a unilateral improvement at the
    start (by the plain reference implementation), and "nobody moves" is said only when there is none."""
    import reference
    from standoff.outputs.evolution_text import first_movers, start_sentence

    result = analyze(conflict, ["seq"])
    start = data.draw(st.integers(0, result.space.n_states - 1))
    where = evolve(conflict, start + 1)
    code = int(result.space.codes[start])
    expected = [
        dm.name
        for d, dm in enumerate(conflict.decision_makers)
        if reference.unilateral_improvements(conflict, d, code)
    ]
    assert first_movers(where) == expected
    assert ("nobody moves" in start_sentence(where)) == (not expected)


@settings(max_examples=examples(40), deadline=None)
@given(conflicts(max_options=5), st.data())
def test_the_json_encoded_at_once_equals_the_json_of_the_plain_answer(conflict, data) -> None:  # type: ignore[no-untyped-def]
    """Past COMPACT_JSON_STATES the command encodes the reached states, their steps and the equilibria
    reached from the search's arrays; read back, that JSON is the plain answer's, whichever search ran
    (the numba engine's grouped moves, or the plain one) and with a step limit or none."""
    import orjson

    from standoff.analyses import evolution as module
    from standoff.outputs.evolution_text import evolution_to_dict

    result = analyze(conflict, ("seq",))
    start = data.draw(st.integers(0, result.space.n_states - 1))
    max_steps = data.draw(st.none() | st.integers(0, 3))
    grouped = data.draw(st.booleans())
    original = module.is_small
    module.is_small = (lambda space: False) if grouped else original  # type: ignore[assignment]
    try:
        evolution = evolve(result, start + 1, max_steps=max_steps)
    finally:
        module.is_small = original
    plain = json.loads(json.dumps(evolution_to_dict(evolution)))
    assert orjson.loads(orjson.dumps(evolution_to_dict(evolution, encoded=True))) == plain
    assert plain["reachable_states"][0] == result.space.pattern(start)
    assert plain["steps"] == {
        p: evolution.distance[s] for p, s in zip(plain["reachable_states"], evolution.reachable, strict=True)
    }
