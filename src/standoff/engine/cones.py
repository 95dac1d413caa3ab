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
:class:`MoveLayout` holds that grouping for one decision maker.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit, prange

Int = npt.NDArray[np.int64]
Int32 = npt.NDArray[np.int32]

DENSE_GROUP_TABLE_LIMIT = 1 << 27
"""Up to ``2^27`` codes, a dense table finds a group by its key; beyond, a binary search."""


@dataclass(frozen=True, eq=False)
class MoveLayout:
    """One decision maker's move structure.

    Attributes:
        order: the states the DM perceives, sorted by group key, then by the DM's rank.
        position: ``position[s]`` is the place of state ``s`` in ``order`` (-1 if not perceived).
        group_start / group_end: per place in ``order``, the bounds of its group.
        class_end: per place, the first place of its group with a higher rank (or the group end).
        table: ``table[key]`` is the first place of the group with that key (-1 if none);
            empty when the DM has no irreversible option or ``2^m`` is too large.
        reversible / forward / backward: the DM's option masks by permitted direction.
    """

    order: Int32
    position: Int32
    group_start: Int32
    group_end: Int32
    class_end: Int32
    starts: Int32
    table: Int32
    reversible: int
    forward: int
    backward: int

    @property
    def irreversible(self) -> int:
        return self.forward | self.backward


@njit(cache=True, nogil=True)
def _bounds(order, codes, rank, reversible):  # type: ignore[no-untyped-def]
    size = order.size
    group_start = np.empty(size, dtype=np.int32)
    group_end = np.empty(size, dtype=np.int32)
    class_end = np.empty(size, dtype=np.int32)
    starts = [0]
    start = 0
    for p in range(1, size + 1):
        if p == size or (codes[order[p]] & ~reversible) != (codes[order[p - 1]] & ~reversible):
            # group [start, p): fill bounds and rank classes from the back
            end_of_class = p
            for q in range(p - 1, start - 1, -1):
                group_start[q] = start
                group_end[q] = p
                if q < p - 1 and rank[order[q]] != rank[order[q + 1]]:
                    end_of_class = q + 1
                class_end[q] = end_of_class
            start = p
            starts.append(p)
    return group_start, group_end, class_end, np.array(starts, dtype=np.int32)


def build_layout(
    codes: Int, rank: Int32, perceived: npt.NDArray[np.bool_], owned: int, forward: int, backward: int,
    n_options: int,
) -> MoveLayout:
    """Group the states ``perceived`` by one decision maker for its moves (see the module docstring)."""
    forward &= owned
    backward &= owned
    reversible = owned & ~(forward | backward)
    members = np.flatnonzero(perceived).astype(np.int64)
    keys = codes[members] & ~np.int64(reversible)
    rank_bits = max(1, int(rank.max(initial=0)).bit_length())
    if n_options + rank_bits <= 62:
        combined = (keys << np.int64(rank_bits)) | rank[members].astype(np.int64)
        order = members[np.argsort(combined, kind="stable")].astype(np.int32)
    else:
        order = members[np.lexsort((rank[members], keys))].astype(np.int32)
    del keys
    position = np.full(codes.size, -1, dtype=np.int32)
    position[order] = np.arange(order.size, dtype=np.int32)
    group_start, group_end, class_end, starts = _bounds(order, codes, rank, np.int64(reversible))
    table = np.empty(0, dtype=np.int32)
    if (forward | backward) and (1 << n_options) <= DENSE_GROUP_TABLE_LIMIT:
        table = np.full(1 << n_options, -1, dtype=np.int32)
        first = order[starts[:-1]]
        table[codes[first] & ~np.int64(reversible)] = starts[:-1]
    return MoveLayout(order, position, group_start, group_end, class_end, starts, table,
                      reversible, forward, backward)


@njit(inline="always", cache=True)
def _group_of(key, table, order, codes, reversible):  # type: ignore[no-untyped-def]
    """First place of the group with ``key``, or -1."""
    if table.size > 0:
        return table[key]
    lo = 0
    hi = order.size
    while lo < hi:
        mid = (lo + hi) >> 1
        if (codes[order[mid]] & ~reversible) < key:
            lo = mid + 1
        else:
            hi = mid
    if lo < order.size and (codes[order[lo]] & ~reversible) == key:
        return lo
    return -1


@njit(inline="always", cache=True)
def _first_above(lo, hi, threshold, order, rank):  # type: ignore[no-untyped-def]
    """First place in ``[lo, hi)`` (sorted by rank) whose rank exceeds ``threshold``."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if rank[order[mid]] <= threshold:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(parallel=True, cache=True, nogil=True)
def _suffix_min(values, order, starts):  # type: ignore[no-untyped-def]
    kk = values.shape[0]
    size = order.size
    suffix = np.empty((kk, size), dtype=np.int64)
    for g in prange(starts.size - 1):
        lo = starts[g]
        hi = starts[g + 1]
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
def _cone_min(codes, rank, values, suffix, order, position, group_start, group_end, class_end,  # type: ignore[no-untyped-def]
              table, reversible, forward, backward, improving, out):
    n = codes.size
    kk = values.shape[0]
    changed = np.zeros(n, dtype=np.bool_)
    for s in prange(n):
        for k in range(kk):
            out[k, s] = values[k, s]
        p = position[s]
        if p < 0:
            continue
        q = class_end[p] if improving else group_start[p]
        if q < group_end[p]:
            for k in range(kk):
                if suffix[k, q] < out[k, s]:
                    out[k, s] = suffix[k, q]
        code = codes[s]
        free = (forward & ~code) | (backward & code)
        if free != 0:
            key = code & ~reversible
            threshold = rank[s]
            t = free
            while t != 0:
                g = _group_of(key ^ t, table, order, codes, reversible)
                t = (t - 1) & free
                if g < 0:
                    continue
                q = g
                if improving:
                    q = _first_above(g, group_end[g], threshold, order, rank)
                    if q >= group_end[g]:
                        continue
                for k in range(kk):
                    if suffix[k, q] < out[k, s]:
                        out[k, s] = suffix[k, q]
        for k in range(kk):
            if out[k, s] != values[k, s]:
                changed[s] = True
    return changed.any()


def cone_min(
    layout: MoveLayout, codes: Int, rank: Int32, values: Int, *, improving: bool, out: Int | None = None,
) -> tuple[Int, bool]:
    """``out[k, s] = min values[k, t]`` over ``t ∈ {s} ∪ R_j(s)`` (``R_j^+(s)`` if ``improving``).

    ``rank`` is the mover ``j``'s rank. Returns ``out`` and whether any entry
    differs from ``values``.
    """
    values = np.ascontiguousarray(values, dtype=np.int64)
    if out is None:
        out = np.empty_like(values)
    suffix = _suffix_min(values, layout.order, layout.starts)
    changed = _cone_min(
        codes, rank, values, suffix, layout.order, layout.position, layout.group_start, layout.group_end,
        layout.class_end, layout.table, np.int64(layout.reversible), np.int64(layout.forward),
        np.int64(layout.backward), improving, out,
    )
    return out, bool(changed)


def cone_max(layout: MoveLayout, codes: Int, rank: Int32, values: Int) -> Int:
    """``max values[k, t]`` over ``t ∈ {s} ∪ R_j(s)``, for values that are not ``int64`` minimum."""
    out, _ = cone_min(layout, codes, rank, -np.ascontiguousarray(values, dtype=np.int64), improving=False)
    np.negative(out, out=out)
    return out


@njit(parallel=True, cache=True, nogil=True)
def improvement_counts(codes, rank, order, position, group_end, class_end, table,  # type: ignore[no-untyped-def]
                       reversible, forward, backward):
    """How many unilateral improvements each state has (the edges of the improvement graph)."""
    n = codes.size
    out = np.zeros(n, dtype=np.int64)
    for s in prange(n):
        p = position[s]
        if p < 0:
            continue
        count = group_end[p] - class_end[p]
        code = codes[s]
        free = (forward & ~code) | (backward & code)
        key = code & ~reversible
        t = free
        while t != 0:
            g = _group_of(key ^ t, table, order, codes, reversible)
            t = (t - 1) & free
            if g >= 0:
                count += group_end[g] - _first_above(g, group_end[g], rank[s], order, rank)
        out[s] = count
    return out
