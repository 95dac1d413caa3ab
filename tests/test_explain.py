"""Explanations of stability: sanctions that agree exactly with the engine, and ``standoff explain``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from profiles import examples
from standoff.analyses.explain import explain, explain_for
from standoff.analyses.stability import analyze
from standoff.engine.moves import unilateral_improvements, unilateral_moves
from standoff.errors import StandoffError, StateError
from standoff.interfaces import cli
from strategies import conflicts, summary

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HANOI = EXAMPLES / "hanoi-2019.yaml"
CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")

runner = CliRunner()
cli._register_commands()


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as a 200-column terminal shows them, so that cells do not wrap in the middle of a phrase."""
    monkeypatch.setattr(cli.stdout, "_width", 200)


def _check_sanction_is_legal(space, dm, state, improvement, sanction) -> None:  # type: ignore[no-untyped-def]
    """Every step of a sanction is a real move of an opponent, and the end leaves ``dm`` no better off."""
    limit = space.ranks[dm, state]
    assert space.ranks[dm, sanction.state_index] <= limit
    if sanction.simultaneous:
        movers = [m.decision_maker for m in sanction.moves]
        assert movers and dm not in movers and len(set(movers)) == len(movers)
        combined = int(space.codes[improvement])
        for m in sanction.moves:
            assert m.source_index == state
            assert m.target_index in set(unilateral_improvements(space, m.decision_maker, state).tolist())
            combined ^= int(space.codes[state]) ^ int(space.codes[m.target_index])
        assert int(space.codes[sanction.state_index]) == combined
        return
    assert sanction.moves, "a sequential sanction needs at least one opponent's move"
    assert sanction.moves[0].source_index == improvement
    assert sanction.moves[-1].target_index == sanction.state_index
    for before, after in zip(sanction.moves, sanction.moves[1:], strict=False):
        assert before.target_index == after.source_index
        assert before.decision_maker != after.decision_maker, "no decision maker moves twice in a row"
    for m in sanction.moves:
        assert m.decision_maker != dm
        moves = unilateral_improvements if sanction.concept == "seq" else unilateral_moves
        assert m.target_index in set(moves(space, m.decision_maker, m.source_index).tolist())
    if sanction.concept == "smr":
        assert set(sanction.counter_move_indices) == set(
            unilateral_moves(space, dm, sanction.state_index).tolist()
        )
        assert all(space.ranks[dm, u] <= limit for u in sanction.counter_move_indices)


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_options=5))
def test_explanation_agrees_with_engine(conflict) -> None:  # type: ignore[no-untyped-def]
    """Deterred for every improvement exactly when the engine says stable, for every state, DM and concept."""
    result = analyze(conflict)
    space = result.space
    for concept in CONCEPTS:
        for dm in range(space.n_decision_makers):
            for state in range(space.n_states):
                explained = explain_for(space, dm, state, concept)  # type: ignore[arg-type]
                assert explained.stable == bool(result.stable[concept][dm, state]), (
                    f"{concept} state {space.pattern(state)} DM{dm}\n{summary(conflict)}"
                )
                for item in explained.improvements:
                    for _, sanction in item.sanctions:
                        if sanction is not None:
                            _check_sanction_is_legal(space, dm, state, item.improvement_index, sanction)


@settings(max_examples=examples(60), deadline=None)
@given(conflicts(max_options=5))
def test_sanction_paths_are_shortest(conflict) -> None:  # type: ignore[no-untyped-def]
    """A GMR sanction path is as short as the shortest one an independent layered search finds."""
    result = analyze(conflict, ("gmr",))
    space = result.space
    for dm in range(space.n_decision_makers):
        others = [j for j in range(space.n_decision_makers) if j != dm]
        for state in range(space.n_states):
            for item in explain_for(space, dm, state, "gmr").improvements:
                sanction = item.sanctions[0][1]
                if sanction is None:
                    continue
                # layered search: states reachable in exactly k opponents' moves
                layer, seen, depth = {item.improvement_index}, {item.improvement_index}, 0
                limit = space.ranks[dm, state]
                while not any(space.ranks[dm, t] <= limit for t in layer if depth > 0):
                    layer = {
                        int(t) for s in layer for j in others for t in unilateral_moves(space, j, s)
                    } - seen
                    seen |= layer
                    depth += 1
                    assert layer, "the independent search must find the sanction too"
                assert len(sanction.moves) == depth


def test_hanoi_status_quo_explained() -> None:
    """At the status quo the DPRK's only improvement is its new way (the Sohae stand rebuilt or not, to which
    it is indifferent), deterred by the US resuming the exercises."""
    explanation = explain(analyze(_hanoi()), "status_quo", "seq")
    assert explanation.stable
    us, dprk = explanation.decision_makers
    assert us.improvements == ()
    assert len(dprk.improvements) == 2
    answers = set()
    for improvement in dprk.improvements:
        ((_, sanction),) = improvement.sanctions
        assert sanction is not None and len(sanction.moves) == 1
        assert sanction.moves[0].decision_maker == 0
        answers.add(explanation.space.pattern(sanction.state_index))
    assert answers == {"NNNNNYYYNNY", "NNNNNYNYNNY"}


def test_hanoi_status_quo_not_sim_stable() -> None:
    """Under SIM the United States has no improvement of its own at the status quo to answer with."""
    explanation = explain(analyze(_hanoi()), "status_quo", "sim", dm="DPRK")
    assert not explanation.stable
    assert [d.decision_maker for d in explanation.decision_makers] == [1]


def test_errors() -> None:
    conflict = _hanoi()
    with pytest.raises(StateError):
        explain(conflict, "no_such_state")
    with pytest.raises(StateError):
        explain(conflict, "YYYYYYYYYYY")  # sanctions lifted in full and in part: infeasible
    with pytest.raises(StandoffError, match="unknown decision maker"):
        explain(conflict, "status_quo", dm="China")
    with pytest.raises(StandoffError, match="unknown concept"):
        explain(conflict, "status_quo", concept="nmx")
    with pytest.raises(StandoffError, match="NM has no sanctions to show"):
        explain(conflict, "status_quo", concept="nm")  # a limited-move concept: a line of play instead


def test_cli_table_speaks_in_option_words() -> None:
    out = runner.invoke(cli.app, ["explain", str(HANOI), "status_quo"])
    assert out.exit_code == 0, out.output
    assert "stable for every decision maker" in out.output
    assert "DPRK would prefer to take the new way (resume testing) and end the test freeze" in out.output
    assert "under SEQ, United States would resume the large exercises" in out.output


def test_cli_json() -> None:
    out = runner.invoke(
        cli.app, ["explain", str(HANOI), "NNNYYYYYNNN", "--dm", "DPRK", "-f", "json", "-c", "smr"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["state"] == "NNNYYYYYNNN" and data["name"] == "status_quo" and data["stable"] is True
    (dprk,) = data["decision_makers"]
    changes = [improvement["change"] for improvement in dprk["improvements"]]
    assert changes == [
        {
            "take": ["new_way"],
            "drop": ["test_freeze", "dismantle_sohae"],
            "words": "take the new way (resume testing), end the test freeze"
            " and rebuild the Sohae engine test stand",
        },
        {
            "take": ["new_way"],
            "drop": ["test_freeze"],
            "words": "take the new way (resume testing) and end the test freeze",
        },
    ]
    for improvement in dprk["improvements"]:
        (sanction,) = improvement["sanctions"]
        assert sanction["concept"] == "smr" and sanction["moves"][0]["dm"] == "United States"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no_such_state"], "is not a state name"),
        (["YYYYYYYYYYY"], "not a feasible state"),
        (["NNN-YYYYNNN"], "matches 2 feasible states"),
        (["status_quo", "--dm", "China"], "unknown decision maker"),
        (["status_quo", "--concepts", "xyz"], "unknown concept"),
    ],
)
def test_cli_bad_input_exits_2(args: list[str], message: str) -> None:
    out = runner.invoke(cli.app, ["explain", str(HANOI), *args])
    assert out.exit_code == 2
    assert message in out.output
    assert "error" in out.output


def _hanoi():  # type: ignore[no-untyped-def]
    from standoff.io import load

    return load(HANOI)
