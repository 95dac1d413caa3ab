"""The largest value one unilateral move away: ``max values[t]`` over ``t ∈ R_j(s)``, ``s`` itself left out.

:func:`standoff.engine.cones.cone_max` takes the maximum over ``{s} ∪ R_j(s)``;
the limited-move concepts need the choice among the moves alone (staying put is
a separate choice there). Within its group (see :mod:`standoff.engine.cones`)
a state reaches every other member, so the best of the group without ``s``
is the group's largest value, or its second largest when ``s`` holds the
largest; the dominating groups are reached whole. One pass over the states.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit, prange

from standoff.engine.cones import MoveLayouts, group_of

Int = npt.NDArray[np.int64]

NO_MOVE = np.iinfo(np.int64).min
"""The value of a state from which the decision maker has no move."""


@njit(parallel=True, cache=True, nogil=True)
def _top_two(values, order, starts, top1, top2):  # type: ignore[no-untyped-def]
    """Per group (at the place of its first state): the largest value and the second largest (a repeat
    of the largest counts)."""
    lowest = np.iinfo(np.int64).min
    for g in prange(starts.size - 1):
        lo = starts[g]
        hi = starts[g + 1]
        first = lowest
        second = lowest
        for q in range(lo, hi):
            v = values[order[q]]
            if v > first:
                second = first
                first = v
            elif v > second:
                second = v
        top1[lo] = first
        top2[lo] = second


@njit(parallel=True, cache=True, nogil=True)
def _max_over_moves(layouts, j, codes, values, top1, top2, out):  # type: ignore[no-untyped-def]
    lowest = np.iinfo(np.int64).min
    position = layouts.position[j]
    group_start = layouts.group_start[j]
    reversible = layouts.reversible[j]
    forward = layouts.forward[j]
    backward = layouts.backward[j]
    for s in prange(codes.size):
        best = lowest
        p = position[s]
        if p >= 0:
            g = group_start[p]
            best = top2[g] if values[s] == top1[g] else top1[g]
            code = codes[s]
            free = (forward & ~code) | (backward & code)
            if free != 0:
                key = code & ~reversible
                t = free
                while t != 0:
                    h = group_of(layouts, j, key ^ t, codes)
                    t = (t - 1) & free
                    if h >= 0 and top1[h] > best:
                        best = top1[h]
        out[s] = best


def max_over_moves(layouts: MoveLayouts, j: int, codes: Int, values: Int) -> Int:
    """``out[s] = max values[t]`` over ``t ∈ R_j(s)`` (:data:`NO_MOVE` where ``j`` has no move from ``s``)."""
    values = np.ascontiguousarray(values, dtype=np.int64)
    size = int(layouts.size[j])
    order = layouts.order[j, :size]
    top1 = np.empty(max(size, 1), dtype=np.int64)
    top2 = np.empty(max(size, 1), dtype=np.int64)
    _top_two(values, order, layouts.group_starts(j), top1, top2)
    out = np.empty(codes.size, dtype=np.int64)
    _max_over_moves(layouts, j, codes, values, top1, top2, out)
    return out
