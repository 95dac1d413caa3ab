"""The one bit count and the one "changeable options" of a move, in Python, numpy and compiled kernels."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles import examples
from standoff.engine import bits, codes

CODE = st.integers(min_value=0, max_value=(1 << 63) - 1)


@settings(max_examples=examples(50), deadline=None)
@given(st.lists(CODE, min_size=1, max_size=20))
def test_popcount_counts_the_bits_set_everywhere_it_runs(values: list[int]) -> None:
    expected = [bin(v).count("1") for v in values]
    assert [bits.popcount(v) for v in values] == expected
    assert bits.popcount(np.array(values, dtype=np.int64)).tolist() == expected
    assert bits.popcount(np.array(values, dtype=np.uint64)).tolist() == expected
    assert [codes.popcount(v) for v in values] == expected


@settings(max_examples=examples(50), deadline=None)
@given(CODE, st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))
def test_changeable_options_keep_their_directions(code: int, owned: int, forward: int, backward: int) -> None:
    # by hand, option by option: an owned option may flip unless it is forward-only and taken, or
    # backward-only and not taken (an option both forward- and backward-only cannot move at all)
    expected = 0
    for j in range(8):
        taken = code >> j & 1
        if owned >> j & 1 and not (forward >> j & 1 and taken) and not (backward >> j & 1 and not taken):
            expected |= 1 << j
    assert bits.changeable(code, owned, forward, backward) == expected
    assert codes.changeable(code, owned, forward, backward) == expected
    many = np.array([code, code], dtype=np.int64)
    assert bits.changeable(many, owned, forward, backward).tolist() == [expected, expected]
