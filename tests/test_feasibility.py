"""Feasible states by propagation equal the plain scan of every code; three-valued evaluation is sound."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles import examples
from reference import feasible_codes as reference_feasible_codes
from standoff.engine.estimate import estimate
from standoff.engine.feasibility import count_feasible, feasible_codes, option_order, propagated_codes
from standoff.engine.space import StateSpace
from standoff.model.conflict import Conflict, DecisionMaker, OptionSpec
from standoff.model.expressions import (
    FALSE,
    TRUE,
    And,
    Expression,
    If,
    Iff,
    Not,
    Option,
    Or,
    decide,
    options_in,
    parse,
)
from standoff.model.preferences import Prioritization, Statement
from strategies import _statement, conflicts

NAMES = [f"o{j}" for j in range(7)]


def scan(conditions: list[Expression], m: int) -> list[int]:
    """Every code from 0 to 2^m - 1 that matches no condition: the definition, code by code."""
    codes = np.arange(1 << m, dtype=np.int64)
    keep = np.ones(codes.size, dtype=np.bool_)
    for condition in conditions:
        keep &= ~condition.evaluate(codes)
    return [int(c) for c in codes[keep]]


@pytest.mark.parametrize(
    "texts",
    [
        [],
        ["o0"],
        ["not o0"],
        ["o0 and not o1", "o2 and o3 and not o6"],
        ["o0 or o5", "not (o1 or o2)"],
        ["o3 if o4", "o1 if o0 and o2"],
        ["o0 iff o6", "not (o1 iff o2)"],
        ["(o0 iff o1) iff (o2 or not o3)", "not o4 if (o5 and o6)"],
        ["true and o1"],
        ["false"],
        ["false or o2", "o3 and true"],
        ["not (o0 if (o1 iff not o2))", "(o3 or o4 or o5) and not (o6 and o0)"],
        ["o0 and not o0"],
    ],
)
def test_propagation_equals_the_scan_for_every_operator(texts: list[str]) -> None:
    conditions = [parse(text, NAMES) for text in texts]
    assert propagated_codes(conditions, 7).tolist() == scan(conditions, 7)
    assert feasible_codes(conditions, 7).tolist() == scan(conditions, 7)
    assert count_feasible(conditions, 7, bound=1 << 10) == (len(scan(conditions, 7)), True)


def test_a_constant_true_condition_excludes_every_state() -> None:
    assert feasible_codes([TRUE], 5).size == 0 and propagated_codes([TRUE], 5).size == 0
    assert feasible_codes([FALSE], 3).tolist() == propagated_codes([FALSE], 3).tolist() == list(range(8))


@given(conflicts(max_options=8))
@settings(max_examples=examples(150), deadline=None)
def test_propagation_equals_the_reference_on_generated_conflicts(conflict: Conflict) -> None:
    m = len(conflict.options)
    expected = reference_feasible_codes(conflict)
    assert propagated_codes(conflict.infeasible, m).tolist() == expected
    assert feasible_codes(conflict.infeasible, m).tolist() == expected


@st.composite
def formulas(draw: st.DrawFn, n_options: int = 6) -> list[Expression]:
    """One to four random formulas of every operator (and constants), as infeasibility conditions."""
    out: list[Expression] = []
    for _ in range(draw(st.integers(1, 4))):
        expression = _statement(draw, n_options, depth=3)
        if draw(st.integers(0, 6)) == 0:
            expression = And((expression, TRUE)) if draw(st.booleans()) else Or((expression, FALSE))
        out.append(expression)
    return out


@given(formulas())
@settings(max_examples=examples(300), deadline=None)
def test_propagation_equals_the_scan_on_random_formulas(conditions: list[Expression]) -> None:
    expected = scan(conditions, 6)
    assert propagated_codes(conditions, 6).tolist() == expected
    assert feasible_codes(conditions, 6).tolist() == expected


@given(formulas(), st.integers(0, (1 << 6) - 1))
@settings(max_examples=examples(300), deadline=None)
def test_decide_is_sound_and_exact_once_every_option_is_chosen(
    conditions: list[Expression], assigned: int
) -> None:
    """Certainly true (false) on a partial state means true (false) for every completion of it;
    with all the expression's options chosen, the answer is the plain evaluation."""
    everything = np.arange(1 << 6, dtype=np.int64)
    for expression in conditions:
        partial = np.unique(everything & assigned)
        true, false = decide(expression, partial, assigned)
        assert not (true & false).any()
        for k, code in enumerate(partial):
            completions = everything[(everything & assigned) == code]
            values = expression.evaluate(completions)
            if true[k]:
                assert values.all()
            if false[k]:
                assert not values.any()
            if all(assigned >> j & 1 for j in options_in(expression)):
                assert true[k] or false[k]


def test_decide_leaves_open_what_unchosen_options_decide() -> None:
    a, b = Option(0), Option(1)
    codes = np.array([0, 1], dtype=np.int64)  # option 0 chosen (N, then Y); option 1 open
    assert [x.tolist() for x in decide(Or((a, b)), codes, 0b01)] == [[False, True], [False, False]]
    assert [x.tolist() for x in decide(And((a, b)), codes, 0b01)] == [[False, False], [True, False]]
    assert [x.tolist() for x in decide(If(b, a), codes, 0b01)] == [[True, False], [False, False]]
    assert [x.tolist() for x in decide(Iff(a, b), codes, 0b01)] == [[False, False], [False, False]]
    assert [x.tolist() for x in decide(Not(b), codes, 0b01)] == [[False, False], [False, False]]


@given(formulas(n_options=8), st.integers(1, 64))
@settings(max_examples=examples(200), deadline=None)
def test_a_count_cut_short_is_an_upper_bound(conditions: list[Expression], bound: int) -> None:
    count, exact = count_feasible(conditions, 8, bound=bound)
    feasible = len(scan(conditions, 8))
    assert count == feasible if exact else count >= feasible


def test_options_no_condition_mentions_are_chosen_last() -> None:
    conditions = [parse("o5 and o6", NAMES), parse("o1 iff o5", NAMES)]
    order, free = option_order(conditions, 7)
    assert sorted(order) == [1, 5, 6] and free == [0, 2, 3, 4]
    assert order[0] == 5  # mentioned by both conditions


def _exactly_one(options: list[int]) -> list[Expression]:
    """Infeasible: none of the options, or two of them."""
    pairs = [And((Option(a), Option(b))) for a, b in itertools.combinations(options, 2)]
    return [Not(Or(tuple(Option(j) for j in options))), *pairs]


def _wide(sizes: list[int]) -> Conflict:
    """Two decision makers, groups of options with exactly one taken in each."""
    conditions: list[Expression] = []
    start = 0
    for size in sizes:
        conditions += _exactly_one(list(range(start, start + size)))
        start += size
    m = start
    half = m // 2
    options = tuple(OptionSpec(f"o{j}", 0 if j < half else 1) for j in range(m))
    dms = tuple(
        DecisionMaker(
            name,
            tuple(range(lo, hi)),
            Prioritization((Statement(Option(lo)), Statement(Not(Option(hi - 1))))),
        )
        for name, lo, hi in (("A", 0, half), ("B", half, m))
    )
    return Conflict("wide", options, dms, tuple(conditions))


def test_forty_options_with_about_a_hundred_thousand_feasible_states() -> None:
    """Six groups of 7, 7, 6, 7, 7, 6 options, exactly one taken in each: 7^4 × 6^2 = 86,436 states."""
    conflict = _wide([7, 7, 6, 7, 7, 6])
    assert len(conflict.options) == 40
    codes = feasible_codes(conflict.infeasible, 40)
    assert codes.size == 7**4 * 6**2
    assert np.all(np.diff(codes) > 0)
    for start, size in zip([0, 7, 14, 20, 27, 34], [7, 7, 6, 7, 7, 6], strict=True):
        in_group = (codes >> start) & ((1 << size) - 1)
        assert np.all(np.bitwise_count(in_group) == 1)
    found = estimate(conflict)
    assert found.exact and found.states == codes.size
    space = StateSpace.build(conflict)
    assert space.n_states == codes.size and space.lookup.size == 0


def test_sixty_two_options_enumerate_and_analyse() -> None:
    """The most options a state code holds: 31 + 31 options, one taken on each side (961 states)."""
    conflict = _wide([31, 31])
    result = conflict.analyze(("nash", "gmr"))
    assert result.space.n_states == 31 * 31
    assert estimate(conflict).states == 31 * 31


def test_the_estimate_bounds_states_it_cannot_count_cheaply() -> None:
    """Twelve groups of three and one of four, one option taken in each: 3^12 × 4 = 2,125,764 of 2^40
    codes. Counting would keep more partial states than the estimate allows itself, so it bounds them
    instead; a sample of 2^40 codes alone would see no feasible state at all."""
    conflict = _wide([3] * 12 + [4])
    found = estimate(conflict)
    assert not found.exact
    assert 3**12 * 4 <= found.states <= 4 * 3**12 * 4
