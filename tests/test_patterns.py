"""State patterns: one Y/N letter per option, option ``j`` from bit ``j`` of the state code."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from standoff.engine.space import StateSpace
from standoff.model.patterns import code_pattern, code_patterns, pattern_list_json, pattern_mapping_json
from strategies import conflicts


def plain_pattern(code: int, n_options: int) -> str:
    """The definition, letter by letter."""
    return "".join("Y" if (code >> j) & 1 else "N" for j in range(n_options))


@given(st.integers(0, 62).flatmap(lambda m: st.tuples(st.just(m), st.integers(0, 2**m - 1))))
def test_a_code_pattern_has_one_letter_per_option(case: tuple[int, int]) -> None:
    n_options, code = case
    assert code_pattern(code, n_options) == plain_pattern(code, n_options)


@given(conflicts())
def test_the_vectorised_patterns_equal_the_patterns_one_by_one(conflict: object) -> None:
    space = StateSpace.build(conflict)  # type: ignore[arg-type]
    expected = [plain_pattern(int(code), space.n_options) for code in space.codes]
    assert space.patterns() == expected
    chosen = np.arange(space.n_states)[::-2]
    assert space.patterns(chosen) == [expected[i] for i in chosen]


@given(st.integers(0, 62).flatmap(lambda m: st.tuples(st.just(m), st.lists(st.integers(0, 2**m - 1)))))
def test_patterns_of_many_codes_equal_the_patterns_one_by_one(case: tuple[int, list[int]]) -> None:
    """Up to 62 options: the high bytes of a code are read too."""
    n_options, codes = case
    assert code_patterns(np.array(codes, dtype=np.int64), n_options) == [
        plain_pattern(code, n_options) for code in codes
    ]


@given(
    st.integers(0, 62).flatmap(
        lambda m: st.lists(
            st.tuples(st.integers(0, 2**m - 1), st.integers(0, 10**6)), unique_by=lambda x: x[0]
        ).map(lambda pairs: (m, pairs))
    )
)
def test_a_pattern_mapping_encoded_at_once_is_the_json_of_the_mapping(
    case: tuple[int, list[tuple[int, int]]],
) -> None:
    n_options, pairs = case
    codes = np.array([c for c, _ in pairs], dtype=np.int64)
    values = np.array([v for _, v in pairs], dtype=np.int64)
    text = pattern_mapping_json(codes, n_options, values)
    assert json.loads(text) == {plain_pattern(c, n_options): v for c, v in pairs}


@given(st.integers(0, 62).flatmap(lambda m: st.tuples(st.just(m), st.lists(st.integers(0, 2**m - 1)))))
def test_a_pattern_list_encoded_at_once_is_the_json_of_the_list(case: tuple[int, list[int]]) -> None:
    n_options, codes = case
    text = pattern_list_json(np.array(codes, dtype=np.int64), n_options)
    assert json.loads(text) == [plain_pattern(code, n_options) for code in codes]
