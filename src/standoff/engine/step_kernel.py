"""The compiled layer of a breadth-first search over steps (see :mod:`standoff.engine.steps`).

One call expands one layer: for each state of the frontier in order, each
set of movers in order and each of its option changes in ascending order,
the step is kept when the irreversible options allow it, the state after it
is feasible, every mover perceives both states and accepts the step under
the rule, and (when asked) the state after it holds. The first step into a
state not reached before records it, so the order of discovery is the one
of the numpy search, and the results are the same.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

from standoff.engine.codes import find

Int = npt.NDArray[np.int64]

IMPROVE, TARGET = 0, 1


@njit(cache=True, nogil=True)
def expand_layer(  # type: ignore[no-untyped-def]
    frontier,
    codes,
    lookup,
    flips,
    flip_kind,
    movers,
    n_movers,
    forward,
    backward,
    perceived,
    ranks,
    rule,
    goal,
    holds,
    distance,
    parent,
    kind,
    depth,
    assign,
    moving,
    out,
    origin,
    once,
    once_from,
    staged,
    need_mask,
    need_flip,
):
    """Expand ``frontier``; return how many new states were written to ``out`` (when ``assign``).

    ``moving[s]`` is set for each frontier state with at least one acceptable step. With ``once``,
    no step changes an option in which ``s`` already differs from ``once_from`` (the start's code);
    with ``staged``, a step from a state other than ``origin`` must flip exactly ``need_flip[s]``
    within ``need_mask[s]`` (see :class:`standoff.engine.steps.StepLimits`).
    """
    count = 0
    for p in range(frontier.size):
        s = frontier[p]
        code = codes[s]
        blocked = (code & forward) | (~code & backward)
        if once:
            blocked |= code ^ once_from
        for f in range(flips.size):
            flip = flips[f]
            if flip & blocked:
                continue
            if staged and s != origin and (flip & need_mask[s]) != need_flip[s]:
                continue
            t = find(code ^ flip, lookup, codes)
            if t < 0:
                continue
            if assign and distance[t] >= 0 and moving[s]:
                continue  # already reached, and s is known to move: nothing to learn
            k = flip_kind[f]
            ok = True
            for m in range(n_movers[k]):
                d = movers[k, m]
                if not perceived[d, s] or not perceived[d, t]:
                    ok = False
                    break
                if rule == IMPROVE:
                    if ranks[d, t] <= ranks[d, s]:
                        ok = False
                        break
                elif goal[d] <= ranks[d, s]:
                    ok = False
                    break
            if not ok:
                continue
            moving[s] = True
            if not assign or distance[t] >= 0 or not holds[t]:
                continue
            distance[t] = depth
            parent[t] = s
            kind[t] = k
            out[count] = t
            count += 1
    return count
