"""Preferences are scored as their definitions say: the model's vectorised scores and condition
evaluation against the plain reference (``tests/reference.py``), on generated conflicts and formulas,
and the prioritization formula ``Ψ(s) = Σ_{t: Ω_t true at s} 2^(q − t)`` (Fang, Hipel, Kilgour & Peng
2003, Part I) on a case worked by hand."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import reference
from profiles import examples
from standoff.model.conflict import Conflict
from standoff.model.expressions import And, Expression, Option
from standoff.model.preferences import Prioritization, Statement
from strategies import _statement, conflicts


@st.composite
def formulas(draw: st.DrawFn) -> tuple[int, Expression]:
    n_options = draw(st.integers(1, 5))
    return n_options, _statement(draw, n_options, depth=3)


@settings(max_examples=examples(200), deadline=None)
@given(formulas())
def test_a_condition_holds_where_its_truth_table_says(case: tuple[int, Expression]) -> None:
    n_options, formula = case
    codes = np.arange(1 << n_options, dtype=np.int64)
    assert formula.evaluate(codes).tolist() == [reference.holds(formula, int(c)) for c in codes]


@settings(max_examples=examples(100), deadline=None)
@given(conflicts(max_options=5))
def test_every_kind_of_preferences_scores_as_the_reference_scores(conflict: Conflict) -> None:
    """Prioritization, rankings with ties and patterns, and payoffs: the same score for every state."""
    feasible = reference.feasible_codes(conflict)
    codes = np.array(feasible, dtype=np.int64)
    for dm in conflict.decision_makers:
        scored = dm.preferences.scores(codes).tolist()
        assert scored == [reference.score(dm.preferences, code) for code in feasible], dm.name


def test_prioritization_scores_by_the_formula_worked_by_hand() -> None:
    """Statements a, b, (a and b), most important first (q = 3): a alone 2^2 = 4, b alone 2^1 = 2,
    both 4 + 2 + 1 = 7, neither 0."""
    a, b = Option(0), Option(1)
    preferences = Prioritization(tuple(Statement(e) for e in (a, b, And((a, b)))))
    by_hand = {0b00: 0, 0b01: 4, 0b10: 2, 0b11: 7}
    codes = np.array(sorted(by_hand), dtype=np.int64)
    assert preferences.scores(codes).tolist() == [by_hand[c] for c in sorted(by_hand)]
    assert {c: reference.score(preferences, c) for c in by_hand} == by_hand
