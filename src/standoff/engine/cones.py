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

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit, prange

from standoff.engine.kernels import find

Int = npt.NDArray[np.int64]
Int32 = npt.NDArray[np.int32]

DENSE_GROUP_TABLE_LIMIT = 1 << 27
"""Up to ``2^27`` codes, a dense table finds a group by its key; beyond, a binary search."""


@dataclass(frozen=True, eq=False)
class MoveLayouts:
    """Every decision maker's move structure, one row per decision maker.

    Attributes:
        order: per DM, the states it perceives sorted by group key, then by the
            DM's rank (``size[j]`` of them; the rest of the row is padding).
        position: ``position[j, s]`` is the place of state ``s`` in ``order[j]`` (-1 if not perceived).
        group_start / group_end: per place in ``order[j]``, the bounds of its group.
        class_end: per place, the first place of its group with a higher rank (or the group end).
        table: ``table[j, key]`` is the first place of the group with that key (-1 if
            none); an empty row set when ``2^m`` is too large (binary search instead).
        reversible / forward / backward: per DM, its option masks by permitted direction.
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
    starts: tuple[Int32, ...]


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
) -> MoveLayouts:
    """Group the states for every decision maker's moves (see the module docstring)."""
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
    dense = bool(((forward | backward) != 0).any()) and (1 << n_options) <= DENSE_GROUP_TABLE_LIMIT
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
        tuple(starts),
    )


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
def _cone_min(
    codes,
    rank,
    values,
    suffix,
    order,
    position,
    group_start,
    group_end,
    class_end,  # type: ignore[no-untyped-def]
    table,
    reversible,
    forward,
    backward,
    improving,
    out,
):
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
    layouts: MoveLayouts,
    j: int,
    codes: Int,
    rank: Int32,
    values: Int,
    *,
    improving: bool,
    out: Int | None = None,
) -> tuple[Int, bool]:
    """``out[k, s] = min values[k, t]`` over ``t ∈ {s} ∪ R_j(s)`` (``R_j^+(s)`` if ``improving``).

    ``rank`` is the mover ``j``'s rank. Returns ``out`` and whether any entry
    differs from ``values``.
    """
    values = np.ascontiguousarray(values, dtype=np.int64)
    if out is None:
        out = np.empty_like(values)
    order = layouts.order[j, : layouts.size[j]]
    suffix = _suffix_min(values, order, layouts.starts[j])
    changed = _cone_min(
        codes,
        rank,
        values,
        suffix,
        order,
        layouts.position[j],
        layouts.group_start[j],
        layouts.group_end[j],
        layouts.class_end[j],
        layouts.table[j],
        layouts.reversible[j],
        layouts.forward[j],
        layouts.backward[j],
        improving,
        out,
    )
    return out, bool(changed)


def cone_max(layouts: MoveLayouts, j: int, codes: Int, rank: Int32, values: Int) -> Int:
    """``max values[k, t]`` over ``t ∈ {s} ∪ R_j(s)``, for values that are not ``int64`` minimum."""
    out, _ = cone_min(layouts, j, codes, rank, -np.ascontiguousarray(values, dtype=np.int64), improving=False)
    np.negative(out, out=out)
    return out


@njit(parallel=True, cache=True, nogil=True)
def _move_counts(
    codes,
    rank,
    order,
    position,
    group_start,
    group_end,
    class_end,
    table,  # type: ignore[no-untyped-def]
    reversible,
    forward,
    backward,
):
    n = codes.size
    moves = np.zeros(n, dtype=np.int64)
    improvements = np.zeros(n, dtype=np.int64)
    for s in prange(n):
        p = position[s]
        if p < 0:
            continue
        m = group_end[p] - group_start[p] - 1
        u = group_end[p] - class_end[p]
        code = codes[s]
        free = (forward & ~code) | (backward & code)
        key = code & ~reversible
        t = free
        while t != 0:
            g = _group_of(key ^ t, table, order, codes, reversible)
            t = (t - 1) & free
            if g >= 0:
                m += group_end[g] - g
                u += group_end[g] - _first_above(g, group_end[g], rank[s], order, rank)
        moves[s] = m
        improvements[s] = u
    return moves.sum(), improvements.sum()


def move_counts(layouts: MoveLayouts, j: int, codes: Int, rank: Int32) -> tuple[int, int]:
    """How many unilateral moves and improvements decision maker ``j`` has, over all states."""
    moves, improvements = _move_counts(
        codes,
        rank,
        layouts.order[j, : layouts.size[j]],
        layouts.position[j],
        layouts.group_start[j],
        layouts.group_end[j],
        layouts.class_end[j],
        layouts.table[j],
        layouts.reversible[j],
        layouts.forward[j],
        layouts.backward[j],
    )
    return int(moves), int(improvements)


@njit(inline="always", cache=True)
def _improvement_flips(
    s,
    d,
    codes,
    ranks,
    order,
    position,
    group_end,
    class_end,
    table,  # type: ignore[no-untyped-def]
    reversible,
    forward,
    backward,
    buffer,
):
    """Write the flips (code XOR masks) of DM ``d``'s unilateral improvements from ``s``; return the count."""
    p = position[d, s]
    if p < 0:
        return 0
    code = codes[s]
    count = 0
    for q in range(class_end[d, p], group_end[d, p]):
        buffer[count] = codes[order[d, q]] ^ code
        count += 1
    free = (forward[d] & ~code) | (backward[d] & code)
    key = code & ~reversible[d]
    t = free
    while t != 0:
        g = _group_of(key ^ t, table[d], order[d], codes, reversible[d])
        t = (t - 1) & free
        if g < 0:
            continue
        end = group_end[d, g]
        for q in range(_first_above(g, end, ranks[d, s], order[d], ranks[d]), end):
            buffer[count] = codes[order[d, q]] ^ code
            count += 1
    return count


@njit(parallel=True, cache=True, nogil=True)
def simultaneous(
    codes,
    lookup,
    ranks,
    order,
    position,
    group_end,
    class_end,
    table,  # type: ignore[no-untyped-def]
    reversible,
    forward,
    backward,
    capacity,
    block,
    todo,
):
    """SIM stability of every state for every DM (Fang, Hipel & Kilgour 1993, ch. 4).

    For each unilateral improvement of DM ``i`` from ``s``, look for a
    simultaneous answer: each opponent stays or takes one of its own
    improvements from ``s``, not all stay, and the combined state is
    feasible and not preferred by ``i`` to ``s``. The answer that deterred
    the previous improvement is tried first: one answer often deters many.
    Only the DMs marked in ``todo`` are examined (the others stay True).
    """
    n = codes.size
    h = ranks.shape[0]
    out = np.ones((h, n), dtype=np.bool_)
    blocks = (n + block - 1) // block
    for b in prange(blocks):
        flips = np.empty((h, capacity), dtype=np.int64)
        counts = np.empty(h, dtype=np.int64)
        choice = np.zeros(h, dtype=np.int64)
        remembered = np.zeros(h, dtype=np.int64)
        for s in range(b * block, min(n, (b + 1) * block)):
            code = codes[s]
            for d in range(h):
                counts[d] = _improvement_flips(
                    s,
                    d,
                    codes,
                    ranks,
                    order,
                    position,
                    group_end,
                    class_end,
                    table,
                    reversible,
                    forward,
                    backward,
                    flips[d],
                )
            for i in range(h):
                if counts[i] == 0 or not todo[i]:
                    continue
                threshold = ranks[i, s]
                have_remembered = False
                for u in range(counts[i]):
                    start = code ^ flips[i, u]
                    if have_remembered:
                        combined = start
                        for q in range(h):
                            if q != i and remembered[q] > 0:
                                combined ^= flips[q, remembered[q] - 1]
                        w = find(combined, lookup, codes)
                        if w >= 0 and ranks[i, w] <= threshold:
                            continue
                    deterred = False
                    # odometer over the opponents' choices: 0 = stay, c = improvement c - 1
                    choice[:] = 0
                    while True:
                        p = 0
                        while p < h:
                            if p == i or counts[p] == 0:
                                p += 1
                                continue
                            if choice[p] < counts[p]:
                                choice[p] += 1
                                break
                            choice[p] = 0
                            p += 1
                        if p >= h:
                            break  # every combination tried
                        combined = start
                        for q in range(h):
                            if q != i and choice[q] > 0:
                                combined ^= flips[q, choice[q] - 1]
                        w = find(combined, lookup, codes)
                        if w >= 0 and ranks[i, w] <= threshold:
                            deterred = True
                            break
                    if not deterred:
                        out[i, s] = False
                        break
                    remembered[:] = choice
                    have_remembered = True
    return out


@njit(inline="always", cache=True)
def _compress(bits, mask):  # type: ignore[no-untyped-def]
    """The bits of ``bits`` that lie in ``mask``, packed to the right (the index of a subset of ``mask``)."""
    index = 0
    place = 0
    m = mask
    while m != 0:
        low = m & -m
        if bits & low:
            index |= 1 << place
        place += 1
        m ^= low
    return index


@njit(parallel=True, cache=True, nogil=True)
def simultaneous_pair(
    i,
    j,
    codes,
    lookup,
    ranks,
    order,
    position,
    group_end,
    class_end,
    table,  # type: ignore[no-untyped-def]
    reversible,
    forward,
    backward,
    starts_j,
    owned_i,
    out,
):
    """SIM for DM ``i`` of two, when the opponent ``j`` has only reversible options.

    ``j``'s answers from ``s`` are then the suffix of ``s``'s group (same
    options of ``i``) above ``s``'s rank class. Per group, one table holds,
    for every change ``f`` of ``i``'s options and every suffix, the least
    rank ``i`` gives the state combining ``f`` with an answer from the
    suffix; each improvement of each state is then one look-up. Writes
    ``out[i]``. Needs the dense ``lookup`` of codes.
    """
    n = codes.size
    big = np.iinfo(np.int32).max
    rank_i = ranks[i]
    perceived_i = position[i] >= 0
    # i's rank by code (the largest int32 where infeasible): one look-up per combined state
    rank_by_code = np.full(lookup.size, big, dtype=np.int32)
    for c in prange(lookup.size):
        if lookup[c] >= 0:
            rank_by_code[c] = rank_i[lookup[c]]
    for s in prange(n):
        if (
            position[j, s] < 0
            and _count_improvements(
                s,
                i,
                codes,
                ranks,
                order,
                position,
                group_end,
                class_end,
                table,
                reversible,
                forward,
                backward,
            )
            > 0
        ):
            out[i, s] = False  # j cannot answer at all
    groups = starts_j.size - 1
    largest = 1
    for g in range(groups):
        largest = max(largest, starts_j[g + 1] - starts_j[g])
    all_rows = 1 << _popcount(owned_i)
    chunks = min(groups, 64)
    for chunk in prange(chunks):
        table_rows = np.empty((largest + 1) * all_rows, dtype=np.int32)
        starts_of = np.empty(all_rows, dtype=np.int64)
        for g in range(chunk, groups, chunks):
            _pair_group(
                g,
                i,
                j,
                codes,
                lookup,
                rank_i,
                rank_by_code,
                perceived_i,
                order,
                class_end,
                forward,
                backward,
                starts_j,
                owned_i,
                table_rows,
                starts_of,
                out,
            )
    return out


@njit(cache=True, nogil=True)
def _pair_group(
    g,
    i,
    j,
    codes,
    lookup,
    rank_i,
    rank_by_code,
    perceived_i,
    order,
    class_end,  # type: ignore[no-untyped-def]
    forward,
    backward,
    starts_j,
    owned_i,
    table_rows,
    starts_of,
    out,
):
    """One group of :func:`simultaneous_pair`."""
    big = np.iinfo(np.int32).max
    a = starts_j[g]
    b = starts_j[g + 1]
    x0 = codes[order[j, a]] & owned_i
    changeable = owned_i & ~(forward[i] & x0) & ~(backward[i] & ~x0)
    rows = 1 << _popcount(changeable)
    best = table_rows[: (b - a + 1) * rows].reshape((b - a + 1, rows))
    best[b - a, :] = big
    f = changeable
    while True:
        starts_of[_compress(f, changeable)] = x0 ^ f
        if f == 0:
            break
        f = (f - 1) & changeable
    for q in range(b - 1, a - 1, -1):
        y = codes[order[j, q]] & ~owned_i
        here = best[q - a]
        below = best[q - a + 1]
        for r in range(rows):
            v = rank_by_code[starts_of[r] | y]
            here[r] = v if v < below[r] else below[r]
    for q in range(a, b):
        s = order[j, q]
        if not perceived_i[s]:
            continue  # i does not perceive s: no improvement
        answers_from = class_end[j, q]
        threshold = rank_i[s]
        y = codes[s] & ~owned_i
        # every change of i's options: an improvement (feasible, perceived, better for i) that
        # no answer from the suffix sanctions makes s unstable
        sanction = best[answers_from - a] if answers_from < b else best[b - a]
        for r in range(1, rows):
            if sanction[r] <= threshold:
                continue  # sanctioned, whether or not it is an improvement
            w = lookup[starts_of[r] | y]
            if w >= 0 and rank_i[w] > threshold and perceived_i[w]:
                out[i, s] = False
                break
    return out


@njit(inline="always", cache=True)
def _popcount(x):  # type: ignore[no-untyped-def]
    count = 0
    while x != 0:
        x &= x - 1
        count += 1
    return count


@njit(inline="always", cache=True)
def _count_improvements(
    s,
    d,
    codes,
    ranks,
    order,
    position,
    group_end,
    class_end,
    table,  # type: ignore[no-untyped-def]
    reversible,
    forward,
    backward,
):
    p = position[d, s]
    if p < 0:
        return 0
    count = group_end[d, p] - class_end[d, p]
    code = codes[s]
    free = (forward[d] & ~code) | (backward[d] & code)
    key = code & ~reversible[d]
    t = free
    while t != 0:
        g = _group_of(key ^ t, table[d], order[d], codes, reversible[d])
        t = (t - 1) & free
        if g >= 0:
            end = group_end[d, g]
            count += end - _first_above(g, end, ranks[d, s], order[d], ranks[d])
    return count
