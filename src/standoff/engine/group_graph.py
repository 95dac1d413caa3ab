"""A group of decision makers' moves as one listed graph, and what its members can reach through it.

For a coalition ``C`` the states reached by legal sequences of its members'
moves, ``R_C(s)``, are the states reachable in the union of their move
graphs (option-form moves compose; see :mod:`standoff.engine.moves`). Here
that union is listed once (compressed sparse rows over state indices) and
its strongly connected components found by Tarjan's algorithm, which
finishes a component only after every component it reaches. Over the
components, in that order:

- :func:`min_over_reach`: ``min values[k, t]`` over ``t ∈ {s} ∪ R(s)``;
- :func:`reach_frontier`: the maximal points (componentwise) of the vectors
  ``values[:, t]`` over ``t ∈ {s} ∪ R(s)``: "can the group reach a state
  every member strictly prefers" asks whether some point of that frontier
  exceeds the state's own ranks in every row.

Memory is the listed moves plus a few arrays per state; never states².
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit

from standoff.engine.move_lists import Moves

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class GroupGraph:
    """The union of some decision makers' move graphs and its strongly connected components.

    Attributes:
        starts / targets: the moves from state ``s`` are ``targets[starts[s]:starts[s + 1]]``.
        movers: the decision maker making each move, aligned with ``targets``.
        component: the component of each state; components are numbered in the order Tarjan's
            algorithm finishes them (every component a state reaches has a number no higher).
        members / member_start: the states of component ``c`` are
            ``members[member_start[c]:member_start[c + 1]]``.
    """

    starts: Int
    targets: Int
    movers: Int
    component: Int
    members: Int
    member_start: Int

    @classmethod
    def build(cls, n_states: int, sources: Int, targets: Int, movers: Int) -> GroupGraph:
        """The graph of the moves ``sources[e] → targets[e]`` (by ``movers[e]``) over ``n_states`` states."""
        order = np.argsort(sources, kind="stable")
        ordered = np.ascontiguousarray(targets[order], dtype=np.int64)
        by = np.ascontiguousarray(movers[order], dtype=np.int64)
        starts = np.zeros(n_states + 1, dtype=np.int64)
        np.cumsum(np.bincount(sources, minlength=n_states), out=starts[1:])
        component, members, member_start = _tarjan(starts, ordered)
        return cls(starts, ordered, by, component, members, member_start)

    @classmethod
    def of_moves(cls, n_states: int, members: Sequence[int], moves: Sequence[Moves]) -> GroupGraph:
        """The union of the listed ``moves`` of each decision maker in ``members`` (aligned)."""
        if not members:
            empty = np.empty(0, dtype=np.int64)
            return cls.build(n_states, empty, empty, empty)
        movers = [np.full(m.targets.size, d, dtype=np.int64) for d, m in zip(members, moves, strict=True)]
        return cls.build(
            n_states,
            np.concatenate([m.sources for m in moves]),
            np.concatenate([m.targets for m in moves]),
            np.concatenate(movers),
        )

    def successors(self, state: int) -> Int:
        """The states one move away from ``state``."""
        return self.targets[self.starts[state] : self.starts[state + 1]]

    def moves_from(self, state: int) -> tuple[Int, Int]:
        """The states one move away from ``state`` and the decision maker making each move."""
        span = slice(int(self.starts[state]), int(self.starts[state + 1]))
        return self.targets[span], self.movers[span]

    def min_over_reach(self, values: Int) -> Int:
        """``out[k, s] = min values[k, t]`` over ``t ∈ {s} ∪ R(s)``."""
        values = np.ascontiguousarray(values, dtype=np.int64)
        return _min_over_reach(  # type: ignore[no-any-return]
            self.starts, self.targets, self.component, self.members, self.member_start, values
        )

    def reach_frontier(self, values: Int) -> tuple[Int, Int]:
        """Per component, the maximal points of ``values[:, t]`` over ``t`` in it or reached from it.

        Returns ``(front_start, front)``: component ``c``'s points are the rows
        ``front[front_start[c]:front_start[c + 1]]`` (each of length ``values.shape[0]``).
        """
        points = np.ascontiguousarray(np.asarray(values, dtype=np.int64).T)
        point_start = np.arange(points.shape[0] + 1, dtype=np.int64)
        return self.reach_frontier_of_sets(point_start, points)

    def reach_frontier_of_sets(self, point_start: Int, points: Int) -> tuple[Int, Int]:
        """As :meth:`reach_frontier`, each state ``x`` bringing the points ``points[point_start[x]:
        point_start[x + 1]]`` (rows of equal length) instead of one."""
        return _reach_frontier(  # type: ignore[no-any-return]
            self.starts, self.targets, self.component, self.members, self.member_start, point_start, points
        )

    def meet_over_reach(self, label: Int, label_start: Int, label_points: Int) -> tuple[Int, Int]:
        """Per component ``c``: the points ``g`` such that, for a threshold ``t``, "every state ``x`` in
        ``c`` or reached from it has a label point above ``t`` in every row" holds exactly when some
        ``g`` is above ``t`` in every row.

        State ``x``'s label points are ``label_points[label_start[label[x]]:label_start[label[x] + 1]]``
        (labels let many states share one set). Returns ``(start, points)`` per component, like
        :meth:`reach_frontier`; a component with no constraint has the one point of ``int64`` maxima.
        """
        return _meet_over_reach(  # type: ignore[no-any-return]
            self.starts,
            self.targets,
            self.component,
            self.members,
            self.member_start,
            np.ascontiguousarray(label, dtype=np.int64),
            np.ascontiguousarray(label_start, dtype=np.int64),
            np.ascontiguousarray(label_points, dtype=np.int64),
        )


@njit(cache=True, nogil=True)
def _tarjan(starts, targets):  # type: ignore[no-untyped-def]
    """Strongly connected components, iteratively; numbered in the order they are finished."""
    n = starts.size - 1
    index = np.full(n, -1, dtype=np.int64)
    low = np.zeros(n, dtype=np.int64)
    on_stack = np.zeros(n, dtype=np.bool_)
    stack = np.empty(n, dtype=np.int64)
    frame_node = np.empty(n, dtype=np.int64)
    frame_edge = np.empty(n, dtype=np.int64)
    component = np.full(n, -1, dtype=np.int64)
    members = np.empty(n, dtype=np.int64)
    member_start = np.zeros(n + 1, dtype=np.int64)
    counter = 0
    top = 0
    count = 0
    placed = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        index[root] = counter
        low[root] = counter
        counter += 1
        stack[top] = root
        top += 1
        on_stack[root] = True
        frame_node[0] = root
        frame_edge[0] = starts[root]
        depth = 1
        while depth > 0:
            v = frame_node[depth - 1]
            e = frame_edge[depth - 1]
            if e < starts[v + 1]:
                frame_edge[depth - 1] = e + 1
                w = targets[e]
                if index[w] < 0:
                    index[w] = counter
                    low[w] = counter
                    counter += 1
                    stack[top] = w
                    top += 1
                    on_stack[w] = True
                    frame_node[depth] = w
                    frame_edge[depth] = starts[w]
                    depth += 1
                elif on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
                continue
            depth -= 1
            if depth > 0:
                u = frame_node[depth - 1]
                if low[v] < low[u]:
                    low[u] = low[v]
            if low[v] == index[v]:
                member_start[count] = placed
                while True:
                    top -= 1
                    x = stack[top]
                    on_stack[x] = False
                    component[x] = count
                    members[placed] = x
                    placed += 1
                    if x == v:
                        break
                count += 1
    member_start[count] = placed
    return component, members, member_start[: count + 1].copy()


@njit(cache=True, nogil=True)
def _min_over_reach(starts, targets, component, members, member_start, values):  # type: ignore[no-untyped-def]
    kk = values.shape[0]
    count = member_start.size - 1
    best = np.empty((kk, count), dtype=np.int64)
    out = np.empty_like(values)
    for c in range(count):
        for k in range(kk):
            low = values[k, members[member_start[c]]]
            for p in range(member_start[c], member_start[c + 1]):
                x = members[p]
                if values[k, x] < low:
                    low = values[k, x]
                for e in range(starts[x], starts[x + 1]):
                    d = component[targets[e]]
                    if d != c and best[k, d] < low:
                        low = best[k, d]
            best[k, c] = low
        for p in range(member_start[c], member_start[c + 1]):
            for k in range(kk):
                out[k, members[p]] = best[k, c]
    return out


@njit(cache=True, nogil=True)
def _covers(front, q, point):  # type: ignore[no-untyped-def]
    """Whether row ``q`` of ``front`` is at least ``point`` in every coordinate."""
    for k in range(point.size):  # noqa: SIM110 - a loop compiles; a generator in all() does not
        if front[q, k] < point[k]:
            return False
    return True


@njit(cache=True, nogil=True)
def _reach_frontier(starts, targets, component, members, member_start, point_start, points):  # type: ignore[no-untyped-def]
    """Per component, the maximal points among its states' points and those of the components it reaches."""
    kk = points.shape[1]
    count = member_start.size - 1
    front_start = np.zeros(count + 1, dtype=np.int64)
    front = np.empty((max(16, 2 * count), kk), dtype=np.int64)
    used = 0
    seen = np.full(count, -1, dtype=np.int64)
    point = np.empty(kk, dtype=np.int64)
    for c in range(count):
        begin = used
        for p in range(member_start[c], member_start[c + 1]):
            x = members[p]
            # the candidates: the state's own points, then the frontier of every other component it moves into
            total = point_start[x + 1] - point_start[x]
            for e in range(starts[x], starts[x + 1]):
                d = component[targets[e]]
                if d != c and seen[d] != c and seen[d] != -2 - c:
                    seen[d] = c
                    total += front_start[d + 1] - front_start[d]
            if used + total > front.shape[0]:
                grown = np.empty((2 * front.shape[0] + total, kk), dtype=np.int64)
                grown[:used] = front[:used]
                front = grown
            for q in range(point_start[x], point_start[x + 1]):
                for k in range(kk):
                    point[k] = points[q, k]
                used = _insert(front, begin, used, point)
            for e in range(starts[x], starts[x + 1]):
                d = component[targets[e]]
                if d != c and seen[d] == c:
                    seen[d] = -2 - c  # taken: once per component
                    for q in range(front_start[d], front_start[d + 1]):
                        for k in range(kk):
                            point[k] = front[q, k]
                        used = _insert(front, begin, used, point)
        front_start[c + 1] = used
    return front_start, front[:used].copy()


@njit(cache=True, nogil=True)
def _meet(front, begin, used, other, lo, hi, scratch):  # type: ignore[no-untyped-def]
    """Replace the points ``front[begin:used]`` by the maximal componentwise minima of one of them and
    one of ``other[lo:hi]``; return the new end (``scratch`` holds the minima meanwhile)."""
    kk = front.shape[1]
    point = np.empty(kk, dtype=np.int64)
    made = 0
    for a in range(begin, used):
        for b in range(lo, hi):
            for k in range(kk):
                point[k] = min(front[a, k], other[b, k])
            made = _insert(scratch, 0, made, point)
    for q in range(made):
        front[begin + q] = scratch[q]
    return begin + made


@njit(cache=True, nogil=True)
def _meet_into(out, begin, used, other, lo, hi, scratch):  # type: ignore[no-untyped-def]
    """:func:`_meet` with room made first; returns the (possibly new) arrays and the new end."""
    kk = out.shape[1]
    need = (used - begin) * (hi - lo)
    if need > scratch.shape[0]:
        scratch = np.empty((2 * need, kk), dtype=np.int64)
    if begin + need > out.shape[0]:
        grown = np.empty((2 * out.shape[0] + need, kk), dtype=np.int64)
        grown[:used] = out[:used]
        out = grown
    used = _meet(out, begin, used, other, lo, hi, scratch)
    return out, used, scratch


@njit(cache=True, nogil=True)
def _meet_over_reach(  # type: ignore[no-untyped-def]
    starts, targets, component, members, member_start, label, label_start, label_points
):
    """Per component, the generators of the intersection, over its states and all they reach, of the
    strict down-sets of each state's label points (``label[x]`` indexes ``label_start``)."""
    kk = label_points.shape[1]
    count = member_start.size - 1
    top = np.iinfo(np.int64).max
    out_start = np.zeros(count + 1, dtype=np.int64)
    out = np.empty((max(16, 2 * count), kk), dtype=np.int64)
    used = 0
    seen_label = np.full(label_start.size, -1, dtype=np.int64)
    seen = np.full(count, -1, dtype=np.int64)
    scratch = np.empty((16, kk), dtype=np.int64)
    for c in range(count):
        begin = used
        if used + 1 > out.shape[0]:
            grown = np.empty((2 * out.shape[0] + 1, kk), dtype=np.int64)
            grown[:used] = out[:used]
            out = grown
        for k in range(kk):
            out[used, k] = top
        used += 1
        for p in range(member_start[c], member_start[c + 1]):
            x = members[p]
            if seen_label[label[x]] != c:
                seen_label[label[x]] = c
                lo = label_start[label[x]]
                hi = label_start[label[x] + 1]
                out, used, scratch = _meet_into(out, begin, used, label_points, lo, hi, scratch)
            for e in range(starts[x], starts[x + 1]):
                d = component[targets[e]]
                if d == c or seen[d] == c:
                    continue
                seen[d] = c
                # a finished component's generators lie before ``begin``: copy them out of the way
                width = out_start[d + 1] - out_start[d]
                theirs = out[out_start[d] : out_start[d + 1]].copy()
                out, used, scratch = _meet_into(out, begin, used, theirs, 0, width, scratch)
        out_start[c + 1] = used
    return out_start, out[:used].copy()


@njit(cache=True, nogil=True)
def _insert(front, begin, used, point):  # type: ignore[no-untyped-def]
    """Add ``point`` to the maximal points ``front[begin:used]`` unless one covers it; return the new end."""
    for q in range(begin, used):
        if _covers(front, q, point):
            return used
    kept = begin
    for q in range(begin, used):
        dominated = True
        for k in range(point.size):
            if front[q, k] > point[k]:
                dominated = False
                break
        if not dominated:
            if kept != q:
                front[kept] = front[q]
            kept += 1
    front[kept] = point
    return kept + 1


@njit(cache=True, nogil=True)
def exceeded(component, front_start, front, thresholds):  # type: ignore[no-untyped-def]
    """``out[s]``: some frontier point of ``s``'s component exceeds ``thresholds[:, s]`` in every row."""
    n = component.size
    kk = thresholds.shape[0]
    out = np.zeros(n, dtype=np.bool_)
    for s in range(n):
        c = component[s]
        for q in range(front_start[c], front_start[c + 1]):
            above = True
            for k in range(kk):
                if front[q, k] <= thresholds[k, s]:
                    above = False
                    break
            if above:
                out[s] = True
                break
    return out


@njit(cache=True, nogil=True)
def first_reached(starts, targets, movers, sources, point_start, points, thresholds):  # type: ignore[no-untyped-def]
    """For each ``s`` of ``sources``: a shortest path (breadth first) to a state ``y`` with a point of
    ``points[point_start[y]:point_start[y + 1]]`` above ``thresholds[:, s]`` in every row.

    Returns ``(path_start, path_states, path_movers)``: the path from ``sources[k]`` is the states
    ``path_states[path_start[k]:path_start[k + 1]]`` (its first is ``sources[k]``) and the mover into
    each (its first entry is -1); a path of one state means none was found.
    """
    n = starts.size - 1
    kk = thresholds.shape[0]
    stamp = np.full(n, -1, dtype=np.int64)
    parent = np.empty(n, dtype=np.int64)
    parent_mover = np.empty(n, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    path_start = np.zeros(sources.size + 1, dtype=np.int64)
    states = np.empty(max(16, 4 * sources.size), dtype=np.int64)
    who = np.empty(max(16, 4 * sources.size), dtype=np.int64)
    used = 0
    for k in range(sources.size):
        s = sources[k]
        stamp[s] = k
        parent[s] = -1
        parent_mover[s] = -1
        head = 0
        tail = 1
        queue[0] = s
        found = -1
        while head < tail and found < 0:
            x = queue[head]
            head += 1
            for e in range(starts[x], starts[x + 1]):
                y = targets[e]
                if stamp[y] == k:
                    continue
                stamp[y] = k
                parent[y] = x
                parent_mover[y] = movers[e]
                queue[tail] = y
                tail += 1
                for q in range(point_start[y], point_start[y + 1]):
                    above = True
                    for r in range(kk):
                        if points[q, r] <= thresholds[r, s]:
                            above = False
                            break
                    if above:
                        found = y
                        break
                if found >= 0:
                    break
        length = 1
        if found >= 0:
            x = found
            while parent[x] >= 0:
                length += 1
                x = parent[x]
        if used + length > states.size:
            grown = np.empty(2 * states.size + length, dtype=np.int64)
            grown[:used] = states[:used]
            states = grown
            grown_who = np.empty(2 * who.size + length, dtype=np.int64)
            grown_who[:used] = who[:used]
            who = grown_who
        x = found if found >= 0 else s
        for p in range(length - 1, -1, -1):
            states[used + p] = x
            who[used + p] = parent_mover[x] if x != s or p > 0 else -1
            if p > 0:
                x = parent[x]
        who[used] = -1
        used += length
        path_start[k + 1] = used
    return path_start, states[:used].copy(), who[:used].copy()
