"""Limited-move (Lh) and non-myopic (NM) stability: the reference, L1 = Nash, textbook 2×2 games."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import standoff
from profiles import examples
from reference import ReferenceModel
from standoff.analyses.stability import analyze
from standoff.engine.space import StateSpace
from standoff.errors import ConceptError
from standoff.model.conflict import Conflict
from strategies import conflicts, summary

SETTINGS = settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(conflicts(min_dms=2, max_dms=2, max_options=6), st.sampled_from(["listed", "numba"]))
def test_every_horizon_and_nm_equal_the_reference(conflict: Conflict, engine: str) -> None:
    """Generated two-DM conflicts (irreversibility, infeasibility, ties, misperceptions), both engines."""
    space = StateSpace.build(conflict)
    concepts = ("l1", "l2", "l3", "l4", "l6", "nm")
    result = analyze(conflict, concepts, space=space, engine=engine)  # type: ignore[arg-type]
    reference = ReferenceModel(conflict)
    for i in (0, 1):
        for s, code in enumerate(int(c) for c in space.codes):
            for concept in concepts[:-1]:
                expected = reference.limited_move_stable(int(concept[1:]), i, code)
                assert bool(result.stable[concept][i, s]) == expected, (concept, i, s, summary(conflict))
            expected_nm = reference.non_myopic_stable(i, code)
            undetermined = result.undetermined("nm")
            unknown = undetermined is not None and bool(undetermined[i, s])
            assert unknown == (expected_nm is None), (i, s, summary(conflict))
            # an undetermined pair is not counted stable; a settled one is its limit verdict
            assert bool(result.stable["nm"][i, s]) == bool(expected_nm), (i, s, summary(conflict))


@SETTINGS
@given(conflicts(min_dms=2, max_dms=2, max_options=6))
def test_l1_is_nash(conflict: Conflict) -> None:
    result = analyze(conflict, ("nash", "l1"))
    assert np.array_equal(result.stable["l1"], result.stable["nash"])


def test_limited_move_needs_two_decision_makers() -> None:
    elmira = standoff.load("examples/elmira.yaml")
    with pytest.raises(ConceptError, match="two decision makers; this model has 3"):
        analyze(elmira, ("nash", "l2"))


def _equilibria(path: str, concept: str) -> list[str]:
    return [str(s.pattern) for s in standoff.load(path).analyze(("nash", concept)).equilibria[concept]]


def test_prisoners_dilemma_non_myopic_equilibria_are_mutual_cooperation_and_mutual_defection() -> None:
    """Prisoner's dilemma: both (3,3) and (2,2) are nonmyopic equilibria.

    Brams & Ismail, "Every normal-form game has a Pareto-optimal nonmyopic
    equilibrium", *Theory and Decision* 92 (2022), section 1: "the
    noncooperative outcome in Prisoners' Dilemma is an NME that coincides
    with the NE, ... the cooperative outcome is also an NME" (first shown by
    Brams & Wittman, *Conflict Management and Peace Science* 6, 1981).
    In examples/prisoners-dilemma.yaml NN is mutual cooperation, YY mutual defection.
    """
    assert _equilibria("examples/prisoners-dilemma.yaml", "nash") == ["YY"]
    assert _equilibria("examples/prisoners-dilemma.yaml", "nm") == ["NN", "YY"]


def test_chicken_non_myopic_equilibrium_is_the_compromise() -> None:
    """Chicken: the compromise (3,3) is the nonmyopic equilibrium; the Nash equilibria (4,2), (2,4) are not.

    By the rules of play of Brams's theory of moves (*Theory of Moves*,
    Cambridge University Press, 1994, ch. 1; alternating moves with backward
    induction), worked by hand: from (4,2) Column, getting 2, dares, to (1,1);
    Row then swerves to (2,4), where Column, getting its best, stops. Column
    gains by leaving (4,2), so (4,2) is not an NME, nor by symmetry (2,4);
    from (3,3) either departure ends at an outcome worse for the mover.
    Kilgour's limited move (1985) agrees from horizon 3 on: L1 = Nash,
    L2 has no equilibrium (the second mover's reply undoes every gain).
    In examples/chicken.yaml NN is (3,3) and YN, NY are (4,2), (2,4).
    """
    assert _equilibria("examples/chicken.yaml", "nash") == ["YN", "NY"]
    assert _equilibria("examples/chicken.yaml", "l2") == []
    assert _equilibria("examples/chicken.yaml", "l3") == ["NN"]
    assert _equilibria("examples/chicken.yaml", "nm") == ["NN"]


@SETTINGS
@given(conflicts(min_dms=2, max_dms=2, max_options=5), st.sampled_from(["l1", "l2", "l3", "l5", "nm"]))
def test_the_line_of_play_ends_where_anticipated(conflict: Conflict, concept: str) -> None:
    """A line alternates movers, uses real moves, ends in G_h, and is empty exactly when stable; where NM
    is undetermined, the plain reference finds it undetermined too."""
    from standoff.analyses.anticipation import explain_limited_move

    space = StateSpace.build(conflict)
    result = analyze(conflict, (concept,), space=space)
    reference = ReferenceModel(conflict)
    for s in range(space.n_states):
        why = explain_limited_move(conflict, s + 1, concept, space=space)
        for line in why.lines:
            assert line.stable == bool(result.stable[concept][line.decision_maker, s])
            assert len(line.moves) <= why.horizon
            here, mover = s, line.decision_maker
            for move in line.moves:
                assert (move.decision_maker, move.source_index) == (mover, here)
                assert int(space.codes[move.target_index]) in reference.unilateral_moves(
                    mover, int(space.codes[here])
                )
                here, mover = move.target_index, 1 - mover
            assert here == line.outcome_index
            expected = reference.anticipated(why.horizon, line.decision_maker, int(space.codes[s]))
            assert int(space.codes[line.outcome_index]) == expected
            if line.undetermined:  # NM only: the verdicts alternate, so the line shows one level of the cycle
                assert concept == "nm"
                assert reference.non_myopic_stable(line.decision_maker, int(space.codes[s])) is None
            elif not line.stable:
                assert reference.prefers(line.decision_maker, expected, int(space.codes[s]))


def test_explain_shows_the_line_of_play(tmp_path: object) -> None:
    from typer.testing import CliRunner

    from standoff.interfaces import cli

    cli._register_commands()
    run = CliRunner().invoke(
        cli.app, ["explain", "examples/chicken.yaml", "YN", "--concepts", "l2", "--format", "json", "-q"]
    )
    assert run.exit_code == 0, run.output
    import json

    data = json.loads(run.stdout)
    column = data["decision_makers"][1]
    assert (column["name"], column["stable"], column["outcome"]) == ("Column", False, "NY")
    assert [(m["dm"], m["to"]) for m in column["line_of_play"]] == [("Column", "YY"), ("Row", "NY")]
    refused = CliRunner().invoke(cli.app, ["explain", "examples/elmira.yaml", "1", "--concepts", "nm", "-q"])
    assert refused.exit_code == 2
    assert "defined for two decision makers; this model has 3" in refused.output


def test_report_refuses_a_limited_move_concept_clearly() -> None:
    from typer.testing import CliRunner

    from standoff.interfaces import cli

    cli._register_commands()
    run = CliRunner().invoke(
        cli.app, ["report", "examples/chicken.yaml", "-c", "l2", "-o", "/dev/null", "-q"]
    )
    assert run.exit_code == 2
    assert "L2 has no sanctions to show" in run.output


# A hand-built two-DM conflict whose anticipation cycles. A owns a, B owns b (patterns "a b");
# A ranks NN > YN > NY > YY, B ranks YN > NN > NY > YY. Going round the square of states,
# G_h(A, YN) depends on G_{h-1}(B, NN), which depends on G_{h-2}(A, NY), then on G_{h-3}(B, YY) and
# on G_{h-4}(A, YN): B always leaves YY (every state beats it for B) and A always leaves NY for
# whatever it anticipates there (NN or YN, both better for A than NY), so G_{h-2}(A, NY) is
# G_{h-4}(A, YN); B leaves NN only for YN, so B leaves NN exactly when A stayed at YN four levels
# down, and then A at YN anticipates YN and stays. By hand, h = 1, 2, 3: A leaves YN (for NN,
# which B does not leave at those horizons); h = 4: A stays. So A's verdict at YN runs
# unstable, unstable, unstable, stable and repeats with period 4: it never settles, and neither
# does B's at NN (it follows A's at NY, one level down). Every other pair settles.
CYCLING = {
    "name": "Anticipation cycles",
    "decision_makers": [
        {"name": "A", "options": [{"name": "a"}], "preferences": {"ranking": ["NN", "YN", "NY", "YY"]}},
        {"name": "B", "options": [{"name": "b"}], "preferences": {"ranking": ["YN", "NN", "NY", "YY"]}},
    ],
}


def test_nm_is_undetermined_where_the_anticipation_cycles() -> None:
    conflict = standoff.from_dict(CYCLING)
    result = analyze(conflict, ("l1", "l2", "l3", "l4", "l5", "l8", "nm"))
    a_at_yn, b_at_nn = (0, result.state("YN").number - 1), (1, result.state("NN").number - 1)
    # the hand derivation above: A at YN stable at h = 4 and 8 only
    assert [bool(result.stable[c][a_at_yn]) for c in ("l1", "l2", "l3", "l4", "l5", "l8")] == [
        False,
        False,
        False,
        True,
        False,
        True,
    ]
    cycle = result.extras["non_myopic"]
    assert cycle.period == 4 and not cycle.settled
    undetermined = result.undetermined("nm")
    assert undetermined is not None
    assert {(int(i), int(s)) for i, s in zip(*np.nonzero(undetermined), strict=True)} == {a_at_yn, b_at_nn}
    rows = {row["pattern"]: row["stable"] for row in result.to_dict()["states"]}
    assert rows["YN"]["A"]["nm"] is None and rows["NN"]["B"]["nm"] is None
    # where the verdict settles NM is a boolean as before: B at YN is its best state (stays at every h)
    assert rows["YN"]["B"]["nm"] is True
    from standoff.analyses.anticipation import explain_limited_move

    why = explain_limited_move(conflict, "YN", "nm", "A")
    assert why.lines[0].undetermined and "undetermined" in why.to_dict()["explanation"][0]


def test_nm_settles_as_before_on_chicken() -> None:
    """Chicken settles (Brams 1994: mutual swerving is the non-myopic outcome); nothing is undetermined."""
    result = analyze(standoff.load("examples/chicken.yaml"), ("nm",))
    assert result.undetermined("nm") is None
    assert [s.pattern for s in result.equilibria["nm"]] == ["NN"]
