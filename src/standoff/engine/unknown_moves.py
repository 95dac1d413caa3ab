"""Each state's moves judged against a decision maker's readings, without listing a move.

Under unknown preferences (:mod:`standoff.stability.unknown`) a move counts
when it is an improvement or uncertain (a UIUM) or, for extensions c and d,
a certain improvement: a question about the pair ``(s, t)`` over every
reading at once, which no single rank order answers, so the moves cannot be
taken a suffix of a sorted group at a time as :mod:`standoff.engine.cones`
takes them. This kernel visits every move instead, through the same grouped
layout (a state's group, then its dominating groups), and stops at the first
move that decides the state: memory is one flag per state, whatever the
number of moves, and time is the moves visited times the readings.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit, prange

from standoff.engine.cones import MoveLayouts, group_of

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]


@njit(inline="always", cache=True)
def _escapes(readings, least, s, t, uncertain, sanctioned):  # type: ignore[no-untyped-def]
    """Whether the move ``s → t`` counts (a UIUM if ``uncertain``, else a certain improvement) and,
    when ``sanctioned``, meets no sanction: ``least[v, t] > readings[v, s]`` in every reading ``v``."""
    below = True
    tied = True
    above = True
    for v in range(readings.shape[0]):
        a = readings[v, t]
        b = readings[v, s]
        below = below and a < b
        tied = tied and a == b
        above = above and a > b
    counts = not (below or tied) if uncertain else above
    if not counts or not sanctioned:
        return counts
    for v in range(readings.shape[0]):  # noqa: SIM110 - a loop numba compiles, not a generator
        if least[v, t] <= readings[v, s]:
            return False
    return True


@njit(parallel=True, cache=True, nogil=True)
def _some_move_escapes(layouts, j, codes, readings, least, uncertain, sanctioned, out):  # type: ignore[no-untyped-def]
    order = layouts.order[j]
    position = layouts.position[j]
    group_start = layouts.group_start[j]
    group_end = layouts.group_end[j]
    reversible = layouts.reversible[j]
    forward = layouts.forward[j]
    backward = layouts.backward[j]
    for s in prange(codes.size):
        out[s] = False
        p = position[s]
        if p < 0:
            continue
        found = False
        for q in range(group_start[p], group_end[p]):
            t = order[q]
            if t != s and _escapes(readings, least, s, t, uncertain, sanctioned):
                found = True
                break
        code = codes[s]
        free = (forward & ~code) | (backward & code)
        key = code & ~reversible
        f = free
        while f != 0 and not found:
            g = group_of(layouts, j, key ^ f, codes)
            f = (f - 1) & free
            if g < 0:
                continue
            for q in range(g, group_end[g]):
                if _escapes(readings, least, s, order[q], uncertain, sanctioned):
                    found = True
                    break
        out[s] = found


def some_move_escapes(
    layouts: MoveLayouts,
    dm: int,
    codes: Int,
    readings: Int,
    *,
    uncertain: bool,
    least: Int | None = None,
) -> Bool:
    """``out[s]``: some move of ``dm`` from ``s`` counts (a UIUM when ``uncertain``, else a certain
    improvement, judged over the rows of ``readings``) and, with ``least``, meets no sanction: no
    reading ``v`` with ``least[v, t] <= readings[v, s]`` (``least[v, t]``: the least rank ``dm``'s
    reading ``v`` gives a state the opponents reach from the move's target ``t``)."""
    rows = np.ascontiguousarray(readings, dtype=np.int64)
    bound = rows if least is None else np.ascontiguousarray(least, dtype=np.int64)
    out = np.empty(codes.size, dtype=np.bool_)
    _some_move_escapes(layouts, dm, codes, rows, bound, uncertain, least is not None, out)
    return out
