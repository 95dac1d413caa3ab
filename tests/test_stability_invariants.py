"""Relations between the stability concepts that hold for every conflict.

Nash ⊆ SMR ⊆ GMR and Nash ⊆ SEQ ⊆ GMR (Fang, Hipel & Kilgour 1993, ch. 4):
an SMR sanction is a GMR sanction with an extra condition, an SEQ sanction
is a GMR sanction made of improvements only, and a Nash-stable state has no
unilateral improvement to sanction. Nash ⊆ SIM for the same reason: with no
UI, SIM's "for every UI" holds vacuously. SEQ+SIM is SEQ and SIM by
definition. An equilibrium is a state stable for every decision maker.

The relations are checked on the engine and on the plain reference
implementation in ``tests/reference.py``, so that the oracle the engine is
compared with is itself sanity-checked.
"""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import given, settings

from profiles import examples
from reference import CONCEPTS, ReferenceModel, pattern
from standoff.analyses.stability import analyze
from standoff.model.conflict import Conflict
from strategies import conflicts, summary

Table = Mapping[str, Mapping[tuple[int, int], bool]]

SUBSETS = (("nash", "smr"), ("smr", "gmr"), ("nash", "seq"), ("seq", "gmr"), ("nash", "sim"))


def engine_table(conflict: Conflict) -> Table:
    """The engine's results in the reference's shape: concept -> (dm, code) -> stable."""
    result = analyze(conflict)
    codes = [int(c) for c in result.codes]
    return {
        concept: {
            (i, code): bool(result.stable[concept][i, k])
            for i in range(len(conflict.decision_makers))
            for k, code in enumerate(codes)
        }
        for concept in CONCEPTS
    }


def check_relations(conflict: Conflict, table: Table) -> None:
    m = len(conflict.options)
    for smaller, larger in SUBSETS:
        for (i, code), stable in table[smaller].items():
            assert not stable or table[larger][(i, code)], (
                f"{smaller} ⊆ {larger} fails for DM{i} at {pattern(code, m)}\n{summary(conflict)}"
            )
    for key, stable in table["seqsim"].items():
        i, code = key
        assert stable == (table["seq"][key] and table["sim"][key]), (
            f"seqsim != seq and sim for DM{i} at {pattern(code, m)}\n{summary(conflict)}"
        )


@settings(max_examples=examples(150), deadline=None)
@given(conflicts(max_dms=4, max_options=6))
def test_reference_concepts_nest(conflict: Conflict) -> None:
    check_relations(conflict, ReferenceModel(conflict).analyze())


@settings(max_examples=examples(150), deadline=None)
@given(conflicts(max_dms=4, max_options=6))
def test_engine_concepts_nest(conflict: Conflict) -> None:
    check_relations(conflict, engine_table(conflict))


@settings(max_examples=examples(100), deadline=None)
@given(conflicts(max_dms=4, max_options=6))
def test_engine_equilibria_are_states_stable_for_every_decision_maker(conflict: Conflict) -> None:
    result = analyze(conflict)
    n = len(conflict.decision_makers)
    for concept in CONCEPTS:
        expected = [
            result.patterns[k]
            for k in range(len(result.codes))
            if all(result.stable[concept][i, k] for i in range(n))
        ]
        assert sorted(result.equilibria[concept]) == sorted(expected), f"{concept}\n{summary(conflict)}"


@settings(max_examples=examples(150), deadline=None)
@given(conflicts(max_dms=4, max_options=6))
def test_reference_group_moves_are_legal_sequences(conflict: Conflict) -> None:
    """The Ω recursion of R_H equals a search over legal sequences (no DM moves twice in a row).

    The search keeps (state, last mover) pairs and lets DM j move from a pair
    whose last mover is not j. Checked for every group of two or more DMs
    and for R_H and R_H^+; every single move of a member is in R_H.
    """
    model = ReferenceModel(conflict)
    n = model.n_dms
    for mask in range(1, 1 << n):
        group = [j for j in range(n) if mask >> j & 1]
        if len(group) < 2:
            continue
        for improving in (False, True):
            step = model.unilateral_improvements if improving else model.unilateral_moves
            for code in model.feasible:
                reached = {(s1, j) for j in group for s1 in step(j, code)}
                frontier = list(reached)
                while frontier:
                    s1, last = frontier.pop()
                    for j in group:
                        if j == last:
                            continue
                        for s2 in step(j, s1):
                            if (s2, j) not in reached:
                                reached.add((s2, j))
                                frontier.append((s2, j))
                states = {s for s, _ in reached}
                assert model.coalition_moves(group, code, improving) == states
                for j in group:
                    assert step(j, code) <= states


@given(conflicts(max_dms=4))
@settings(max_examples=examples(40), deadline=None)
def test_nash_module_is_no_unilateral_improvement(conflict: Conflict) -> None:
    """``stability.nash.nash`` holds exactly where ``engine.moves`` lists no unilateral improvement."""
    from standoff.engine.moves import unilateral_improvements
    from standoff.engine.space import StateSpace
    from standoff.stability.nash import nash

    space = StateSpace.build(conflict)
    for dm in range(len(conflict.decision_makers)):
        expected = [unilateral_improvements(space, dm, s).size == 0 for s in range(space.n_states)]
        assert nash(space, dm).tolist() == expected
