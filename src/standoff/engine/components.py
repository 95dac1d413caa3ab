"""Reachability by strongly connected components over every move: the fallback of group reach.

:mod:`standoff.engine.cones` does the bulk work through grouped moves; the
strongly connected components here finish a group reach that needs more
alternations between decision makers than its rounds allow. The kernel
walks every move, one subset of :func:`~standoff.engine.codes.changeable`
bits at a time.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from standoff.engine.codes import changeable, find


@njit(cache=True, nogil=True)
def min_over_reach(codes, lookup, owned, forward, backward, perceived, ranks, values, improving):  # type: ignore[no-untyped-def]
    """Minimum of ``values`` over every state reachable in the union of the movers' graphs.

    ``owned``/``forward``/``backward`` (length h), ``perceived`` and
    ``ranks`` (h × n) describe the movers. ``out[k, s]`` is the minimum of
    ``values[k, t]`` over ``t = s`` and every ``t`` reachable from ``s`` by a
    sequence of moves (improvements for their mover, if ``improving``).

    Iterative Tarjan over the implicit graph: each strongly connected
    component gets the minimum over its members and over the components it
    reaches, which Tarjan finishes first. One pass over the edges.
    """
    n = codes.size
    h = owned.size
    kk = values.shape[0]
    out = values.copy()
    order = np.full(n, -1, dtype=np.int64)
    low = np.zeros(n, dtype=np.int64)
    on_stack = np.zeros(n, dtype=np.bool_)
    stack = np.empty(n, dtype=np.int64)
    frame_node = np.empty(n, dtype=np.int64)
    frame_mover = np.empty(n, dtype=np.int64)
    frame_allowed = np.empty(n, dtype=np.int64)
    frame_next = np.empty(n, dtype=np.int64)
    counter = 0
    top = 0
    for root in range(n):
        if order[root] >= 0:
            continue
        depth = 0
        frame_node[0] = root
        frame_mover[0] = -1
        frame_next[0] = 0
        frame_allowed[0] = 0
        order[root] = counter
        low[root] = counter
        counter += 1
        stack[top] = root
        top += 1
        on_stack[root] = True
        depth = 1
        while depth > 0:
            f = depth - 1
            v = frame_node[f]
            code = codes[v]
            found = -1
            while True:
                t = frame_next[f]
                if t == 0:
                    mover = frame_mover[f] + 1
                    if mover >= h:
                        break
                    frame_mover[f] = mover
                    a = changeable(code, owned[mover], forward[mover], backward[mover])
                    if not perceived[mover, v]:
                        a = 0
                    frame_allowed[f] = a
                    frame_next[f] = a
                    continue
                mover = frame_mover[f]
                frame_next[f] = (t - 1) & frame_allowed[f]
                w = find(code ^ t, lookup, codes)
                if w < 0 or not perceived[mover, w]:
                    continue
                if improving and ranks[mover, w] <= ranks[mover, v]:
                    continue
                if order[w] < 0:
                    found = w
                    break
                if on_stack[w]:
                    if order[w] < low[v]:
                        low[v] = order[w]
                else:
                    for k in range(kk):
                        if out[k, w] < out[k, v]:
                            out[k, v] = out[k, w]
            if found >= 0:
                w = found
                order[w] = counter
                low[w] = counter
                counter += 1
                stack[top] = w
                top += 1
                on_stack[w] = True
                frame_node[depth] = w
                frame_mover[depth] = -1
                frame_next[depth] = 0
                frame_allowed[depth] = 0
                depth += 1
                continue
            # v is finished
            depth -= 1
            if low[v] == order[v]:
                start = top - 1
                while stack[start] != v:
                    start -= 1
                for k in range(kk):
                    best = out[k, v]
                    for p in range(start, top):
                        if out[k, stack[p]] < best:
                            best = out[k, stack[p]]
                    for p in range(start, top):
                        out[k, stack[p]] = best
                for p in range(start, top):
                    on_stack[stack[p]] = False
                top = start
            if depth > 0:
                parent = frame_node[depth - 1]
                if low[v] < low[parent]:
                    low[parent] = low[v]
                if not on_stack[v]:
                    for k in range(kk):
                        if out[k, v] < out[k, parent]:
                            out[k, parent] = out[k, v]
    return out
