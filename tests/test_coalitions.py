"""Coalition analysis: CNash, CGMR, CSMR and CSEQ against the plain reference, and their properties."""

from __future__ import annotations

from itertools import combinations

import numpy as np
from hypothesis import HealthCheck, given, settings

from reference import ReferenceModel
from standoff.analyses.stability import analyze
from standoff.engine.space import StateSpace
from standoff.model.conflict import Conflict
from standoff.stability.coalitions import COALITION_CONCEPTS, INDIVIDUAL, CoalitionMoves, coalition_stability
from strategies import conflicts, summary

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _every_coalition(n: int) -> list[tuple[int, ...]]:
    return [c for size in range(1, n + 1) for c in combinations(range(n), size)]


@SETTINGS
@given(conflicts(min_dms=2, max_dms=4, max_options=6))
def test_every_coalition_and_concept_equals_the_reference(conflict: Conflict) -> None:
    """Generated conflicts (2-4 DMs, irreversible options, infeasibility, ties, misperceptions)."""
    space = StateSpace.build(conflict)
    reference = ReferenceModel(conflict)
    moves = CoalitionMoves(space)
    codes = [int(c) for c in space.codes]
    for coalition in _every_coalition(space.n_decision_makers):
        found = coalition_stability(space, coalition, moves=moves)
        for concept in COALITION_CONCEPTS:
            expected = [reference.coalition_stable(concept, coalition, code) for code in codes]
            assert found[concept].tolist() == expected, (coalition, concept, summary(conflict))


@SETTINGS
@given(conflicts(min_dms=2, max_dms=4, max_options=6))
def test_a_coalition_of_one_is_the_individual_concept(conflict: Conflict) -> None:
    space = StateSpace.build(conflict)
    individual = analyze(conflict, ("nash", "gmr", "smr", "seq"), space=space)
    moves = CoalitionMoves(space)
    for dm in range(space.n_decision_makers):
        found = coalition_stability(space, (dm,), moves=moves)
        for concept in COALITION_CONCEPTS:
            assert np.array_equal(found[concept], individual.stable[INDIVIDUAL[concept]][dm]), concept


@SETTINGS
@given(conflicts(min_dms=2, max_dms=4, max_options=6))
def test_coalition_concepts_nest_like_the_individual_ones(conflict: Conflict) -> None:
    """CNash ⊆ CSMR ⊆ CGMR and CNash ⊆ CSEQ ⊆ CGMR, for every coalition (as for one DM)."""
    space = StateSpace.build(conflict)
    moves = CoalitionMoves(space)
    for coalition in _every_coalition(space.n_decision_makers):
        s = coalition_stability(space, coalition, moves=moves)
        assert not (s["cnash"] & ~s["csmr"]).any()
        assert not (s["csmr"] & ~s["cgmr"]).any()
        assert not (s["cnash"] & ~s["cseq"]).any()
        assert not (s["cseq"] & ~s["cgmr"]).any()
