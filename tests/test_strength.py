"""Strength of preference: strong and weak GMR, SMR and SEQ stability, and the model format that gives it.

Hamouda, Kilgour & Hipel, "Strength of preference in the graph model for conflict resolution",
Group Decision and Negotiation 13 (2004), and "... for multiple-decision-maker conflicts", Applied
Mathematics and Computation 179 (2006). ``s`` is strongly GMR (SMR, SEQ) stable for ``i`` when every
required sanction ``s2`` (and every escape ``s3`` from it, for SMR) is strongly worse for ``i`` than
``s``. The engine (both of its paths) must agree with ``tests/reference.py``, which reads ``>>``
straight off the model (the first differing statement, the ``">>"`` between groups, the payoff gap).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

import standoff
from profiles import examples
from reference import STRONG_CONCEPTS, ReferenceModel
from standoff.analyses.stability import Engine, analyze
from standoff.errors import ConceptError
from standoff.model.conflict import Conflict
from strategies import strong_conflicts, summary

ENGINES: tuple[Engine, ...] = ("listed", "numba")
ORDINARY = {"gmr_strong": "gmr", "smr_strong": "smr", "seq_strong": "seq"}
ALL = ("nash", "gmr", "smr", "seq", *STRONG_CONCEPTS)


def _analyze(conflict: Conflict, engine: Engine) -> dict[str, np.ndarray]:
    return dict(analyze(conflict, ALL, engine=engine).stable)


def _has_strength(conflict: Conflict) -> bool:
    from standoff.engine.strength import has_strength

    return has_strength(conflict)


@given(strong_conflicts())
@settings(max_examples=examples(200))
def test_both_engines_agree_with_the_reference_on_the_strong_concepts(conflict: Conflict) -> None:
    if not _has_strength(conflict):
        with pytest.raises(ConceptError, match="strength of preference"):
            analyze(conflict, "gmr_strong")
        return
    model = ReferenceModel(conflict)
    for engine in ENGINES:
        stable = _analyze(conflict, engine)
        for concept in STRONG_CONCEPTS:
            for i in range(model.n_dms):
                for s, code in enumerate(model.feasible):
                    expected = model.stable(concept, i, code)
                    assert bool(stable[concept][i, s]) == expected, (
                        f"{engine}: {concept} for DM{i} at state {s + 1}\n{summary(conflict)}"
                    )


@given(strong_conflicts())
@settings(max_examples=examples(100))
def test_strong_stability_implies_ordinary_stability_and_nash_implies_strong(conflict: Conflict) -> None:
    # B(s) < rank(s), so a strongly worse sanction is a sanction; a state with no improvement needs none
    if not _has_strength(conflict):
        return
    stable = _analyze(conflict, "numba")
    for strong, ordinary in ORDINARY.items():
        assert not (stable[strong] & ~stable[ordinary]).any(), strong
        assert not (stable["nash"] & ~stable[strong]).any(), strong
    # SMR's sanctions are GMR's with a condition more: strong SMR ⊆ strong GMR
    assert not (stable["smr_strong"] & ~stable["gmr_strong"]).any()


@given(strong_conflicts(mode="all"))
@settings(max_examples=examples(100))
def test_when_every_preference_is_strong_strong_stability_is_stability_under_strictly_worse_sanctions(
    conflict: Conflict,
) -> None:
    # Every statement strong: the first statement on which s and q differ is strong, so s > q ⇒ s >> q.
    # A '>>' between every two groups: s > q puts them in different tiers. Whole-number payoffs with a
    # threshold of at most 1: s > q is a gap of at least 1. So ">>" is ">", and strong GMR (SMR, SEQ) is
    # the ordinary definition with "s2 <_i s" (strictly worse) where it says "s2 <=_i s". It is not the
    # ordinary concept: an equally preferred sanction (or the opponents' way back to s itself) deters
    # mildly only. Checked here against that strict reading of the definitions, not against ">>".
    model = ReferenceModel(conflict)
    for engine in ENGINES:
        stable = _analyze(conflict, engine)
        for strong, ordinary in ORDINARY.items():
            for i in range(model.n_dms):
                for s, code in enumerate(model.feasible):
                    expected = _strictly_sanctioned(model, ordinary, i, code)
                    assert bool(stable[strong][i, s]) == expected, f"{engine} {strong}\n{summary(conflict)}"


def _strictly_sanctioned(model: ReferenceModel, concept: str, dm: int, code: int) -> bool:
    """GMR, SMR or SEQ with every sanction (and SMR escape) strictly less preferred than ``code``."""
    others = model.opponents(dm)
    for s1 in model.unilateral_improvements(dm, code):
        answers = model.coalition_moves(others, s1, improving=concept == "seq")
        if not any(
            model.prefers(dm, code, s2)
            and (
                concept != "smr" or all(model.prefers(dm, code, s3) for s3 in model.unilateral_moves(dm, s2))
            )
            for s2 in answers
        ):
            return False
    return True


@given(strong_conflicts(mode="all"))
@settings(max_examples=examples(100))
def test_a_decision_maker_with_no_strength_is_strongly_stable_exactly_where_nash_stable(
    conflict: Conflict,
) -> None:
    # Take the strength away from the first decision maker: nothing is strongly worse than anything for
    # it (B(s) = -1), so no sanction is severe enough and only a state without improvements is strongly
    # stable for it: strong GMR = strong SMR = strong SEQ = Nash. The others keep theirs.
    from dataclasses import replace

    first = conflict.decision_makers[0]
    plain = replace(first, preferences=_without_strength(first.preferences))
    conflict = replace(conflict, decision_makers=(plain, *conflict.decision_makers[1:]))
    if not _has_strength(conflict):
        return
    for engine in ENGINES:
        stable = _analyze(conflict, engine)
        for strong in STRONG_CONCEPTS:
            assert np.array_equal(stable[strong][0], stable["nash"][0]), f"{engine} {strong}"


def _without_strength(preferences: object) -> object:
    from dataclasses import replace

    from standoff.model.preferences import Payoffs, Prioritization

    if isinstance(preferences, Prioritization):
        return Prioritization(tuple(replace(t, strong=False) for t in preferences.statements))
    if isinstance(preferences, Payoffs):
        return replace(preferences, strong_threshold=None)
    return replace(preferences, tier_breaks=())
