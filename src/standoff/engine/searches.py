"""Breadth-first searches over grouped moves, for ``explain`` and ``evolve`` on big state spaces.

Both questions are breadth-first searches: ``evolve`` over every decision
maker's unilateral improvements from a start state, ``explain`` over the
opponents' moves (or improvements) from an improvement to a sanctioning
state. A decision maker's moves from ``s`` are whole ranges of its move
groups (see :mod:`standoff.engine.cones`): the rest of ``s``'s group (from
the first state ranked above ``s``, for improvements) and its dominating
groups. Once a range has been walked, every state in it has been reached,
so each group keeps the place from which all of it has been walked: each
state is looked at once per decision maker, whatever the number of moves.

The order of discovery is exactly that of the plain search (the queue in
order; per state, the movers in the order given; per mover, the targets by
ascending state number), so the shortest paths found are the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from numba import njit

from standoff.engine.cones import first_above, group_of
from standoff.engine.space import StateSpace

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Search:
    """What a breadth-first search found.

    ``order``: states in order of discovery (the start first); ``distance``,
    ``parent`` and ``mover``: per place in ``order``, the number of moves,
    the previous state and who moved (-1 for the start). ``has_moves``: per
    place in ``order``, whether the state had any move to follow (searched
    only with ``check_moves``); ``expanded``: whether its moves were
    followed. ``found``: the first state where ``good`` holds
    (-1 if none); ``back_to_start``: when the search returned to the start
    and the start itself is good, the state and mover of that last move.
    """

    order: Int
    distance: Int
    parent: Int
    mover: Int
    has_moves: npt.NDArray[np.bool_]
    expanded: npt.NDArray[np.bool_]
    found: int
    back_to_start: tuple[int, int] | None

    def path_to(self, state: int) -> list[tuple[int, int, int]]:
        """The moves (mover, source, target) of the recorded shortest path into a reached ``state``."""
        place = {int(s): k for k, s in enumerate(self.order.tolist())} if self.order.size < 64 else None
        moves: list[tuple[int, int, int]] = []
        while True:
            k = place[state] if place is not None else int(np.flatnonzero(self.order == state)[0])
            if self.parent[k] < 0:
                return moves[::-1]
            moves.append((int(self.mover[k]), int(self.parent[k]), state))
            state = int(self.parent[k])


class Scratch(NamedTuple):
    """The per-state arrays a search writes, allocated once per :class:`Workspace`.

    Per state: ``distance`` (-1 until reached), ``parent`` and ``mover``;
    per place in the queue (``queue``): ``has_moves`` and ``expanded``;
    ``walked[k, g]``: from where decision maker ``movers[k]``'s group ``g``
    has been walked (-1: not yet), with the flat indices set listed in
    ``touched``; ``found_here``: room for one state's targets.
    """

    distance: Int
    parent: Int
    mover: Int
    queue: Int
    has_moves: Bool
    expanded: Bool
    walked: Int
    touched: Int
    found_here: Int


@njit(inline="always", cache=True)
def _walk(k, d, g, first, end, order, distance, walked, touched, touches, found_here, count):  # type: ignore[no-untyped-def]
    """Collect the unreached states of places ``first .. end`` of mover ``k``'s group ``g``.

    A range runs to its group's end, so ``walked[k, g]`` keeps the first place from which the
    group has been walked already; the walk stops there. Returns the new ``count`` and ``touches``.
    """
    stop = walked[k, g]
    if stop < 0:
        stop = end
        walked[k, g] = end
        touched[touches] = k * walked.shape[1] + g
        touches += 1
    for q in range(first, min(stop, end)):
        s = order[d, q]
        if distance[s] < 0:
            found_here[count] = s
            count += 1
    if first < stop:
        walked[k, g] = first
    return count, touches


@njit(cache=True, nogil=True)
def _search(  # type: ignore[no-untyped-def]
    codes,
    ranks,
    owned,
    layouts,
    movers,
    start,
    improving,
    good,
    stop_at_good,
    check_moves,
    max_steps,
    scratch,
):
    distance, parent, mover_of, queue = scratch.distance, scratch.parent, scratch.mover, scratch.queue
    has_moves, expanded, walked, touched = (
        scratch.has_moves,
        scratch.expanded,
        scratch.walked,
        scratch.touched,
    )
    found_here = scratch.found_here
    order = layouts.order
    position = layouts.position
    group_start = layouts.group_start
    group_end = layouts.group_end
    class_end = layouts.class_end
    reversible = layouts.reversible
    forward = layouts.forward
    backward = layouts.backward
    touches = 0
    queue[0] = start
    distance[start] = 0
    head = 0
    tail = 1
    back_state = -1
    back_mover = -1
    while head < tail:
        current = queue[head]
        code = codes[current]
        if check_moves:
            for k in range(movers.size):
                d = movers[k]
                p = position[d, current]
                if p < 0:
                    continue
                own = group_end[d, p] - (class_end[d, p] if improving else group_start[d, p] + 1)
                if own > 0:
                    has_moves[head] = True
                    break
                free = (forward[d] & ~code) | (backward[d] & code)
                key = code & ~reversible[d]
                t = free
                while t != 0 and not has_moves[head]:
                    g = group_of(layouts, d, key ^ t, codes)
                    t = (t - 1) & free
                    if g < 0:
                        continue
                    end = group_end[d, g]
                    first = first_above(g, end, ranks[d, current], order[d], ranks[d]) if improving else g
                    if first < end:
                        has_moves[head] = True
                if has_moves[head]:
                    break
            if not has_moves[head]:
                head += 1
                continue
        if max_steps >= 0 and distance[current] >= max_steps:
            head += 1
            continue
        expanded[head] = True
        head += 1
        for k in range(movers.size):
            d = movers[k]
            p = position[d, current]
            if p < 0:
                continue
            count = 0
            # the rest of the current group, then each dominating group: ranges that run to a group's end
            g = group_start[d, p]
            first = class_end[d, p] if improving else g
            count, touches = _walk(
                k, d, g, first, group_end[d, p], order, distance, walked, touched, touches, found_here, count
            )
            free = (forward[d] & ~code) | (backward[d] & code)
            key = code & ~reversible[d]
            t = free
            while t != 0:
                g = group_of(layouts, d, key ^ t, codes)
                t = (t - 1) & free
                if g < 0:
                    continue
                end = group_end[d, g]
                first = first_above(g, end, ranks[d, current], order[d], ranks[d]) if improving else g
                count, touches = _walk(
                    k, d, g, first, end, order, distance, walked, touched, touches, found_here, count
                )
            targets = found_here[:count]
            targets.sort()  # in place: no array made per expanded state
            # the plain search also meets the start again, if this mover can move back into it
            back = False
            if stop_at_good and good[start]:
                delta = codes[start] ^ code
                if (
                    delta != 0
                    and (delta & ~owned[d]) == 0
                    and position[d, start] >= 0
                    and (delta & ~reversible[d] & ~free) == 0
                    and (not improving or ranks[d, start] > ranks[d, current])
                ):
                    back = True
            for u in range(count):
                s = targets[u]
                if back and s > start:
                    return tail, touches, -1, current, d
                distance[s] = distance[current] + 1
                parent[s] = current
                mover_of[s] = d
                queue[tail] = s
                tail += 1
                if stop_at_good and good[s]:
                    return tail, touches, s, -1, -1
            if back:
                return tail, touches, -1, current, d
    return tail, touches, -1, back_state, back_mover


class Workspace:
    """The arrays of repeated searches over one state space by the same movers, allocated once.

    Each search touches only the states it reaches and the groups it walks,
    and puts them back afterwards, so a search from an improvement costs what
    it explores, not the size of the state space.
    """

    def __init__(self, space: StateSpace, movers: list[int]) -> None:
        n = space.n_states
        self.space = space
        self.movers = np.array(movers, dtype=np.int64)
        self.scratch = Scratch(
            distance=np.full(n, -1, dtype=np.int64),
            parent=np.full(n, -1, dtype=np.int64),
            mover=np.full(n, -1, dtype=np.int64),
            queue=np.empty(n, dtype=np.int64),
            has_moves=np.zeros(n, dtype=np.bool_),
            expanded=np.zeros(n, dtype=np.bool_),
            walked=np.full((len(movers), n), -1, dtype=np.int64),
            touched=np.empty(len(movers) * n, dtype=np.int64),
            found_here=np.empty(n, dtype=np.int64),
        )

    def search(
        self,
        start: int,
        *,
        improving: bool,
        good: npt.NDArray[np.bool_] | None = None,
        check_moves: bool = False,
        max_steps: int | None = None,
        last: bool = False,
    ) -> Search:
        """Search from ``start`` over the movers' moves (improvements only if ``improving``).

        With ``good``, stop at the first state discovered where it holds (the
        start counts only when a move leads back into it). With
        ``check_moves``, note which states have any move at all, and do not
        expand those without. ``max_steps`` stops expanding states that many
        moves away. The arrays of the result are copies; unless this is the ``last`` search of
        the workspace, what it touched is put back for the next one.
        """
        space = self.space
        work = self.scratch
        mask = good if good is not None else np.zeros(1, dtype=np.bool_)
        tail, touches, found, back_state, back_mover = _search(
            space.codes,
            space.ranks,
            space.owned,
            space.layouts,
            self.movers,
            start,
            improving,
            mask,
            good is not None,
            check_moves,
            -1 if max_steps is None else max_steps,
            work,
        )
        order = work.queue[:tail].copy()
        result = Search(
            order,
            work.distance[order],
            work.parent[order],
            work.mover[order],
            work.has_moves[:tail] if last else work.has_moves[:tail].copy(),
            work.expanded[:tail] if last else work.expanded[:tail].copy(),
            int(found),
            None if back_state < 0 else (int(back_state), int(back_mover)),
        )
        if last:
            return result
        # put back what the search touched
        work.distance[order] = -1
        work.parent[order] = -1
        work.mover[order] = -1
        work.has_moves[:tail] = False
        work.expanded[:tail] = False
        work.walked.reshape(-1)[work.touched[:touches]] = -1
        return result


def breadth_first(
    space: StateSpace,
    movers: list[int],
    start: int,
    *,
    improving: bool,
    good: npt.NDArray[np.bool_] | None = None,
    check_moves: bool = False,
    max_steps: int | None = None,
) -> Search:
    """One search from ``start`` (see :meth:`Workspace.search`)."""
    return Workspace(space, movers).search(
        start, improving=improving, good=good, check_moves=check_moves, max_steps=max_steps, last=True
    )
