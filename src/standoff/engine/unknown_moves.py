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
def _judge_moves(  # type: ignore[no-untyped-def]
    layouts, j, codes, readings, least, uncertain, sanctioned, values, minimum, visit, found, out
):
    """Per state ``s`` with ``visit[s]``, over ``j``'s moves (its group, then each dominating group):
    without ``minimum``, ``found[s]`` when some move escapes (:func:`_escapes`; the first one ends the
    search); with it, ``out[k, s]`` lowered to ``values[k, t]`` for every UIUM ``s → t``."""
    order = layouts.order[j]
    position = layouts.position[j]
    group_end = layouts.group_end[j]
    reversible = layouts.reversible[j]
    forward = layouts.forward[j]
    backward = layouts.backward[j]
    for s in prange(codes.size):
        found[s] = False
        p = position[s]
        if p < 0 or not visit[s]:
            continue
        code = codes[s]
        free = (forward & ~code) | (backward & code)
        key = code & ~reversible
        g = layouts.group_start[j, p]
        f = free
        while True:
            if g >= 0:
                for q in range(g, group_end[g]):
                    t = order[q]
                    if t == s:
                        continue
                    if minimum:
                        if _escapes(readings, least, s, t, True, False):
                            for k in range(values.shape[0]):
                                out[k, s] = min(out[k, s], values[k, t])
                    elif _escapes(readings, least, s, t, uncertain, sanctioned):
                        found[s] = True
                        break
            if found[s] or f == 0:
                break
            g = group_of(layouts, j, key ^ f, codes)
            f = (f - 1) & free


def some_move_escapes(
    layouts: MoveLayouts,
    dm: int,
    codes: Int,
    readings: Int,
    *,
    uncertain: bool,
    least: Int | None = None,
    visit: Bool | None = None,
) -> Bool:
    """``out[s]``: some move of ``dm`` from ``s`` counts (a UIUM when ``uncertain``, else a certain
    improvement, judged over the rows of ``readings``) and, with ``least``, meets no sanction: no
    reading ``v`` with ``least[v, t] <= readings[v, s]`` (``least[v, t]``: the least rank ``dm``'s
    reading ``v`` gives a state the opponents reach from the move's target ``t``). Only the states of
    ``visit`` (every one by default) are searched; the others are False."""
    rows = np.ascontiguousarray(readings, dtype=np.int64)
    bound = rows if least is None else np.ascontiguousarray(least, dtype=np.int64)
    found = np.empty(codes.size, dtype=np.bool_)
    every = np.ones(codes.size, dtype=np.bool_) if visit is None else np.ascontiguousarray(visit)
    unused = np.empty((0, 0), dtype=np.int64)
    _judge_moves(
        layouts, dm, codes, rows, bound, uncertain, least is not None, unused, False, every, found, unused
    )
    return found


def min_over_uncertain_moves(
    layouts: MoveLayouts, j: int, codes: Int, readings: Int, values: Int, top: int
) -> Int:
    """``out[k, s] = min values[k, t]`` over ``j``'s UIUMs ``s → t`` (improvements or uncertain, judged
    over ``j``'s ``readings``), ``top`` where there are none: one step of SEQ's reach by UIUMs."""
    rows = np.ascontiguousarray(readings, dtype=np.int64)
    values = np.ascontiguousarray(values, dtype=np.int64)
    out = np.full_like(values, top)
    found = np.empty(codes.size, dtype=np.bool_)
    every = np.ones(codes.size, dtype=np.bool_)
    _judge_moves(layouts, j, codes, rows, rows, True, False, values, True, every, found, out)
    return out
