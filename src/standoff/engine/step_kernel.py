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

from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from numba import njit

from standoff.engine.codes import find

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

IMPROVE, TARGET = 0, 1


class StepTables(NamedTuple):
    """What a layer expansion reads: the states, the kinds of step and the rule.

    ``flips[f]`` is an option change of the kind ``flip_kind[f]``, whose
    movers are ``movers[k, :n_movers[k]]``; ``forward``/``backward`` are
    every decision maker's irreversible options, or-ed; ``rule`` is
    :data:`IMPROVE` (each mover improves) or :data:`TARGET` (each mover
    ranks the state after at least ``goal``); a state after a step is
    recorded only where ``holds``. With ``once``, no step changes an
    option in which ``s`` already differs from ``once_from`` (the start's
    code); with ``staged``, a step from a state other than ``origin`` must
    flip exactly ``need_flip[s]`` within ``need_mask[s]`` (see
    :class:`standoff.engine.steps.StepLimits`).
    """

    codes: Int
    lookup: npt.NDArray[np.int32]
    flips: Int
    flip_kind: Int
    movers: Int
    n_movers: Int
    forward: int
    backward: int
    perceived: Bool
    ranks: npt.NDArray[np.int32]
    rule: int
    goal: npt.NDArray[np.int32]
    holds: Bool
    origin: int
    once: bool
    once_from: int
    staged: bool
    need_mask: Int
    need_flip: Int


class StepRecord(NamedTuple):
    """What a layer expansion writes: per state, its distance (-1 until reached), the state it was
    reached from and the kind of that step; ``moving[s]``: whether ``s`` has an acceptable step;
    ``out``: room for the states a layer reaches."""

    distance: npt.NDArray[np.int32]
    parent: Int
    kind: Int
    moving: Bool
    out: Int


@njit(cache=True, nogil=True)
def expand_layer(frontier, tables, record, depth, assign):  # type: ignore[no-untyped-def]
    """Expand ``frontier``; return how many new states were written to ``record.out`` (when ``assign``).

    ``record.moving[s]`` is set for each frontier state with at least one acceptable step.
    """
    codes, lookup, flips, flip_kind = tables.codes, tables.lookup, tables.flips, tables.flip_kind
    movers, n_movers, perceived, ranks = tables.movers, tables.n_movers, tables.perceived, tables.ranks
    forward, backward, rule, goal, holds = (
        tables.forward,
        tables.backward,
        tables.rule,
        tables.goal,
        tables.holds,
    )
    origin, once, once_from, staged = tables.origin, tables.once, tables.once_from, tables.staged
    need_mask, need_flip = tables.need_mask, tables.need_flip
    distance, parent, kind, moving, out = (
        record.distance,
        record.parent,
        record.kind,
        record.moving,
        record.out,
    )
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
