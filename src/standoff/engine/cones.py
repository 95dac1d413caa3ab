"""Each decision maker's moves as groups of states, so kernels touch every state a few times, not every move.

In option form, decision maker ``j`` moves from ``s`` to exactly the
feasible states it perceives that agree with ``s`` outside its own options,
whose forward-only options include those taken in ``s`` and whose
backward-only options exclude those not taken in ``s``. Group the states by
``code & ~reversible_j`` (everything but j's reversible options): within a
group every state reaches every other, and a group reaches exactly the
groups whose irreversible options moved in the permitted directions (its
*dominating* groups). Sorting each group by j's rank turns "the
improvements of ``s``" into a suffix of its group plus suffixes of the
dominating groups.

So ``min`` (or ``max``) of a value over ``{s} ∪ R_j(s)`` (or ``R_j^+(s)``)
costs one suffix pass per group and, per state, one look-up per dominating
group: linear in the states, whatever the number of moves. A
:class:`MoveLayouts` holds that grouping for every decision maker.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from numba import njit, prange

Int = npt.NDArray[np.int64]
Int32 = npt.NDArray[np.int32]


class MoveLayouts(NamedTuple):
    """Every decision maker's move structure, one row per decision maker.

    A named tuple of arrays, so that compiled kernels take the whole
    structure as one argument (numba compiles named tuples natively and
    caches the kernels that take them).

    Attributes:
        order: per DM, the states it perceives sorted by group key, then by the
            DM's rank (``size[j]`` of them; the rest of the row is padding).
        position: ``position[j, s]`` is the place of state ``s`` in ``order[j]`` (-1 if not perceived).
        group_start / group_end: per place in ``order[j]``, the bounds of its group.
        class_end: per place, the first place of its group with a higher rank (or the group end).
        size: per DM, how many states it perceives (the used length of its rows).
        table: ``table[j, key]`` is the first place of the group with that key (-1 if
            none); no columns when ``2^m`` is beyond the limit (binary search instead).
        reversible / forward / backward: per DM, its option masks by permitted direction.
        starts: every DM's group starts and row end, one DM after the other;
            DM ``j``'s are ``starts[start_offset[j] : start_offset[j + 1]]``.
        start_offset: see ``starts``.
    """

    order: Int32
    position: Int32
    group_start: Int32
    group_end: Int32
    class_end: Int32
    size: Int
    table: Int32
    reversible: Int
    forward: Int
    backward: Int
    starts: Int32
    start_offset: Int

    def group_starts(self, j: int) -> Int32:
        """DM ``j``'s group starts, followed by the end of its row."""
        return self.starts[self.start_offset[j] : self.start_offset[j + 1]]


@njit(cache=True, nogil=True)
def _bounds(order, codes, rank, reversible, group_start, group_end, class_end):  # type: ignore[no-untyped-def]
    """Fill the group and rank-class bounds of one sorted row; return the group starts (and the end)."""
    size = order.size
    count = 1
    for p in range(1, size):
        if (codes[order[p]] & ~reversible) != (codes[order[p - 1]] & ~reversible):
            count += 1
    starts = np.empty(count + 1, dtype=np.int32)
    g = 0
    start = 0
    for p in range(1, size + 1):
        if p == size or (codes[order[p]] & ~reversible) != (codes[order[p - 1]] & ~reversible):
            end_of_class = p
            for q in range(p - 1, start - 1, -1):
                group_start[q] = start
                group_end[q] = p
                if q < p - 1 and rank[order[q]] != rank[order[q + 1]]:
                    end_of_class = q + 1
                class_end[q] = end_of_class
            starts[g] = start
            g += 1
            start = p
    starts[g] = size
    return starts


def build_layouts(
    codes: Int,
    ranks: Int32,
    perceived: npt.NDArray[np.bool_],
    owned: Int,
    forward: Int,
    backward: Int,
    n_options: int,
    *,
    dense_table: bool,
) -> MoveLayouts:
    """Group the states for every decision maker's moves (see the module docstring).

    A dense table from group key to group is kept when ``dense_table`` is set
    (see :meth:`DenseLimits.dense_group_table`) and some option is irreversible.
    """
    n_dms, n = ranks.shape
    forward = forward & owned
    backward = backward & owned
    reversible = owned & ~(forward | backward)
    order = np.zeros((n_dms, n), dtype=np.int32)
    position = np.full((n_dms, n), -1, dtype=np.int32)
    group_start = np.zeros((n_dms, n), dtype=np.int32)
    group_end = np.zeros((n_dms, n), dtype=np.int32)
    class_end = np.zeros((n_dms, n), dtype=np.int32)
    size = np.zeros(n_dms, dtype=np.int64)
    dense = dense_table and bool(((forward | backward) != 0).any())
    table = np.full((n_dms, 1 << n_options) if dense else (n_dms, 0), -1, dtype=np.int32)
    starts: list[Int32] = [np.zeros(1, dtype=np.int32)] * n_dms

    def build_row(j: int) -> None:
        rank = ranks[j]
        members = np.flatnonzero(perceived[j])
        keys = codes[members] & ~reversible[j]
        rank_bits = max(1, int(rank.max(initial=0)).bit_length())
        if n_options + rank_bits <= 62:
            combined = (keys << np.int64(rank_bits)) | rank[members].astype(np.int64)
            sorted_members = members[np.argsort(combined)]
            del combined
        else:
            sorted_members = members[np.lexsort((rank[members], keys))]
        del keys, members
        k = sorted_members.size
        size[j] = k
        order[j, :k] = sorted_members
        position[j, sorted_members] = np.arange(k, dtype=np.int32)
        del sorted_members
        if k == 0:
            return
        begins = _bounds(order[j, :k], codes, rank, reversible[j], group_start[j], group_end[j], class_end[j])
        starts[j] = begins
        if dense and (forward[j] | backward[j]):
            table[j, codes[order[j, begins[:-1]]] & ~reversible[j]] = begins[:-1]

    # numpy's sort and the numba kernel release the GIL: two decision makers at a time
    with ThreadPoolExecutor(max_workers=min(2, n_dms)) as pool:
        list(pool.map(build_row, range(n_dms)))
    offsets = np.zeros(n_dms + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([row.size for row in starts])
    return MoveLayouts(
        order,
        position,
        group_start,
        group_end,
        class_end,
        size,
        table,
        reversible,
        forward,
        backward,
        np.concatenate(starts),
        offsets,
    )


@njit(inline="always", cache=True)
def group_of(layouts, j, key, codes):  # type: ignore[no-untyped-def]
    """First place in ``order[j]`` of DM ``j``'s group with ``key``, or -1.

    Without a dense table, a binary search over the ``size[j]`` states that
    ``j`` perceives: the rest of the row is padding, not sorted.
    """
    if layouts.table.shape[1] > 0:
        return layouts.table[j, key]
    order = layouts.order[j]
    reversible = layouts.reversible[j]
    size = layouts.size[j]
    lo = 0
    hi = size
    while lo < hi:
        mid = (lo + hi) >> 1
        if (codes[order[mid]] & ~reversible) < key:
            lo = mid + 1
        else:
            hi = mid
    if lo < size and (codes[order[lo]] & ~reversible) == key:
        return lo
    return -1


@njit(inline="always", cache=True)
def first_above(lo, hi, threshold, order, rank):  # type: ignore[no-untyped-def]
    """First place in ``[lo, hi)`` (sorted by rank) whose rank exceeds ``threshold``."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if rank[order[mid]] <= threshold:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(parallel=True, cache=True, nogil=True)
def _suffix_min(values, order, starts, dirty_at):  # type: ignore[no-untyped-def]
    kk = values.shape[0]
    size = order.size
    suffix = np.empty((kk, size), dtype=np.int64)
    for g in prange(starts.size - 1):
        lo = starts[g]
        hi = starts[g + 1]
        if not dirty_at[lo]:
            continue  # never read (see _cone_min)
        for k in range(kk):
            best = values[k, order[hi - 1]]
            suffix[k, hi - 1] = best
            for q in range(hi - 2, lo - 1, -1):
                v = values[k, order[q]]
                if v < best:
                    best = v
                suffix[k, q] = best
    return suffix


@njit(parallel=True, cache=True, nogil=True)
def _dirty_groups(order, starts, stamp, since, dirty_at):  # type: ignore[no-untyped-def]
    """Mark, at each group's first place, whether a member's stamp is above ``since``."""
    for g in prange(starts.size - 1):
        lo = starts[g]
        dirty = False
        for q in range(lo, starts[g + 1]):
            if stamp[order[q]] > since:
                dirty = True
                break
        dirty_at[lo] = dirty


_NONE = np.iinfo(np.int64).max
"""What :func:`cone_min` without ``include_self`` gives a state with no move in the cone."""


@njit(parallel=True, cache=True, nogil=True)
def _cone_min(  # type: ignore[no-untyped-def]
    layouts, j, codes, rank, values, suffix, improving, out, dirty_at, stamp, now, in_place, include_self
):
    n = codes.size
    kk = values.shape[0]
    order = layouts.order[j]
    position = layouts.position[j]
    group_start = layouts.group_start[j]
    group_end = layouts.group_end[j]
    class_end = layouts.class_end[j]
    reversible = layouts.reversible[j]
    forward = layouts.forward[j]
    backward = layouts.backward[j]
    changed = np.zeros(n, dtype=np.bool_)
    for s in prange(n):
        if not in_place:
            for k in range(kk):
                out[k, s] = values[k, s] if include_self else _NONE
        p = position[s]
        if p < 0:
            continue
        lowered = False
        q = class_end[p] if improving else group_start[p]
        if q < group_end[p] and dirty_at[group_start[p]]:
            for k in range(kk):
                if suffix[k, q] < out[k, s]:
                    out[k, s] = suffix[k, q]
                    lowered = True
        code = codes[s]
        free = (forward & ~code) | (backward & code)
        if free != 0:
            key = code & ~reversible
            threshold = rank[s]
            t = free
            while t != 0:
                g = group_of(layouts, j, key ^ t, codes)
                t = (t - 1) & free
                if g < 0 or not dirty_at[g]:
                    continue
                q = g
                if improving:
                    q = first_above(g, group_end[g], threshold, order, rank)
                    if q >= group_end[g]:
                        continue
                for k in range(kk):
                    if suffix[k, q] < out[k, s]:
                        out[k, s] = suffix[k, q]
                        lowered = True
        if lowered:
            changed[s] = True
            stamp[s] = now
    return changed.any()


class Propagation:
    """Bookkeeping for repeated :func:`cone_min` passes of several movers over the same values.

    Each state carries the number of the last pass that lowered one of its
    values. A mover's pass then reads only the groups (states its moves
    reach) with a state lowered since that mover's previous pass: any other
    group was read then, its minimum is already in the value of every state
    that reaches it, and values only go down. Passes that change little
    cost little.
    """

    def __init__(self, n_states: int) -> None:
        self.stamp = np.zeros(n_states, dtype=np.int32)
        self.passes = 0
        self.last: dict[int, int] = {}
        self.last_change = 0

    def needs(self, j: int) -> bool:
        """Whether a pass of ``j`` can change anything: a first pass, or values lowered since."""
        return j not in self.last or self.last_change > self.last[j]

    def dirty_groups(self, layouts: MoveLayouts, j: int) -> npt.NDArray[np.bool_]:
        """At each group's first place in ``j``'s order: whether the pass of ``j`` must read it."""
        dirty_at = np.ones(layouts.size[j], dtype=np.bool_)
        since = self.last.get(j)
        if since is not None:
            order = layouts.order[j, : layouts.size[j]]
            _dirty_groups(order, layouts.group_starts(j), self.stamp, since, dirty_at)
        return dirty_at

    def start_pass(self, j: int) -> int:
        """Number the next pass, made by ``j``."""
        self.passes += 1
        self.last[j] = self.passes
        return self.passes


def cone_min(
    layouts: MoveLayouts,
    j: int,
    codes: Int,
    rank: Int32,
    values: Int,
    *,
    improving: bool,
    out: Int | None = None,
    propagation: Propagation | None = None,
    include_self: bool = True,
) -> tuple[Int, bool]:
    """``out[k, s] = min values[k, t]`` over ``t ∈ {s} ∪ R_j(s)`` (``R_j^+(s)`` if ``improving``).

    Without ``include_self`` (and not in place) ``s`` itself is left out of the minimum: over
    ``R_j^+(s)`` alone when ``improving``, :data:`_NONE` where that is empty.

    ``rank`` is the mover ``j``'s rank. Returns ``out`` and whether any entry
    differs from ``values``. ``out`` may be ``values`` itself (lowered in
    place). With ``propagation`` (the same object for every pass over the
    same, only ever lowered, values), the pass reads only what changed
    since ``j``'s previous pass.
    """
    in_place = out is values
    if in_place and not include_self:
        raise ValueError("values lowered in place always include each state itself")
    values = np.ascontiguousarray(values, dtype=np.int64)
    if out is None:
        out = np.empty_like(values)
    elif in_place and out is not values:
        raise ValueError("values to lower in place must be a C-contiguous int64 array")
    book = propagation if propagation is not None else Propagation(codes.size)
    dirty_at = book.dirty_groups(layouts, j)
    now = book.start_pass(j)
    order = layouts.order[j, : layouts.size[j]]
    suffix = _suffix_min(values, order, layouts.group_starts(j), dirty_at)
    marks = (dirty_at, book.stamp, now)
    changed = bool(
        _cone_min(layouts, j, codes, rank, values, suffix, improving, out, *marks, in_place, include_self)
    )
    if changed:
        book.last_change = now
    return out, changed


def cone_max(layouts: MoveLayouts, j: int, codes: Int, rank: Int32, values: Int) -> Int:
    """``max values[k, t]`` over ``t ∈ {s} ∪ R_j(s)``, for values that are not ``int64`` minimum."""
    out, _ = cone_min(layouts, j, codes, rank, -np.ascontiguousarray(values, dtype=np.int64), improving=False)
    np.negative(out, out=out)
    return out


def improvement_max(layouts: MoveLayouts, j: int, codes: Int, rank: Int32, values: Int) -> Int:
    """``max values[k, t]`` over ``t ∈ R_j^+(s)`` (``s`` itself left out; ``-(2^63 - 1)`` where ``j``
    has no improvement from ``s``), for values that are not ``int64`` minimum.

    ``rank`` is ``j``'s own rank, so the cone is ``j``'s improvements: the strong concepts ask for
    the worst sanction value among them (see :mod:`standoff.stability.strength`).
    """
    negated = -np.ascontiguousarray(values, dtype=np.int64)
    out, _ = cone_min(layouts, j, codes, rank, negated, improving=True, include_self=False)
    np.negative(out, out=out)
    return out


@njit(inline="always", cache=True)
def improvement_count(layouts, d, s, codes, rank):  # type: ignore[no-untyped-def]
    """How many unilateral improvements DM ``d`` (whose rank is ``rank``) has from state ``s``."""
    p = layouts.position[d, s]
    if p < 0:
        return 0
    group_end = layouts.group_end[d]
    count = group_end[p] - layouts.class_end[d, p]
    code = codes[s]
    free = (layouts.forward[d] & ~code) | (layouts.backward[d] & code)
    key = code & ~layouts.reversible[d]
    t = free
    while t != 0:
        g = group_of(layouts, d, key ^ t, codes)
        t = (t - 1) & free
        if g >= 0:
            end = group_end[g]
            count += end - first_above(g, end, rank[s], layouts.order[d], rank)
    return count


@njit(inline="always", cache=True)
def move_count(layouts, d, s, codes):  # type: ignore[no-untyped-def]
    """How many unilateral moves DM ``d`` has from state ``s``."""
    p = layouts.position[d, s]
    if p < 0:
        return 0
    group_end = layouts.group_end[d]
    count = group_end[p] - layouts.group_start[d, p] - 1
    code = codes[s]
    free = (layouts.forward[d] & ~code) | (layouts.backward[d] & code)
    key = code & ~layouts.reversible[d]
    t = free
    while t != 0:
        g = group_of(layouts, d, key ^ t, codes)
        t = (t - 1) & free
        if g >= 0:
            count += group_end[g] - g
    return count


@njit(parallel=True, cache=True, nogil=True)
def _move_counts(layouts, j, codes, rank):  # type: ignore[no-untyped-def]
    n = codes.size
    moves = np.zeros(n, dtype=np.int64)
    improvements = np.zeros(n, dtype=np.int64)
    for s in prange(n):
        moves[s] = move_count(layouts, j, s, codes)
        improvements[s] = improvement_count(layouts, j, s, codes, rank)
    return moves.sum(), improvements.sum()


def move_counts(layouts: MoveLayouts, j: int, codes: Int, rank: Int32) -> tuple[int, int]:
    """How many unilateral moves and improvements decision maker ``j`` has, over all states."""
    moves, improvements = _move_counts(layouts, j, codes, rank)
    return int(moves), int(improvements)
