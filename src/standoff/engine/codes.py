"""State codes in compiled kernels: find a code among the feasible states, and what a move may flip.

A unilateral move of decision maker ``d`` from code ``c`` flips a non-empty
subset of the bits in ``changeable(c)``: the DM's own options, less the
forward-only options already taken (Y) and the backward-only options not
taken (N). The target must be feasible and perceived by ``d`` (as must the
source). Kernels walk those subsets with ``t = (t - 1) & A``.

:func:`changeable` and :func:`popcount` are :mod:`standoff.engine.bits`'
functions compiled for the kernels: one definition serves both.
"""

from __future__ import annotations

from collections.abc import Callable

from numba import njit

from standoff.engine import bits

changeable: Callable[[int, int, int, int], int]
changeable = njit(inline="always", cache=True)(bits.changeable)  # type: ignore[assignment]  # numba's Dispatcher
"""The bits of ``owned`` that a unilateral move from ``code`` may flip (compiled)."""

popcount: Callable[[int], int]
popcount = njit(inline="always", cache=True)(bits.popcount)  # type: ignore[assignment]  # as above
"""How many bits a non-negative code has set (compiled)."""


@njit(inline="always", cache=True)
def find(code, lookup, codes):  # type: ignore[no-untyped-def]
    """Index of a code among the feasible states, or -1."""
    if lookup.size > 0:
        return lookup[code]
    lo = 0
    hi = codes.size
    while lo < hi:
        mid = (lo + hi) >> 1
        if codes[mid] < code:
            lo = mid + 1
        else:
            hi = mid
    if lo < codes.size and codes[lo] == code:
        return lo
    return -1
