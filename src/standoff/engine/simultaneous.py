"""Simultaneous sanctioning (SIM) kernels: can the opponents answer an improvement all at once?

For an improvement ``s1`` of DM ``i`` from ``s``, each opponent ``j``
stays or takes one of its own unilateral improvements from ``s``; the
answer is the state that takes i's options from ``s1`` and each
opponent's options from its choice. Options belong to one DM each, so the
answer is fixed by the opponents' choices, and ``s1`` is sanctioned when
some answer (not every opponent staying) is feasible and ``<=_i s``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from numba import njit, prange

from standoff.engine.codes import changeable, find, popcount
from standoff.engine.cones import MoveLayouts, first_above, group_of, improvement_count

Integers = npt.NDArray[np.integer]
Int32 = npt.NDArray[np.int32]
Bools = npt.NDArray[np.bool_]


@njit(inline="always", cache=True)
def _improvement_flips(layouts, d, s, codes, rank, buffer):  # type: ignore[no-untyped-def]
    """Write the flips (code XOR masks) of DM ``d``'s unilateral improvements from ``s``; return the count."""
    p = layouts.position[d, s]
    if p < 0:
        return 0
    order = layouts.order[d]
    group_end = layouts.group_end[d]
    code = codes[s]
    count = 0
    for q in range(layouts.class_end[d, p], group_end[p]):
        buffer[count] = codes[order[q]] ^ code
        count += 1
    free = (layouts.forward[d] & ~code) | (layouts.backward[d] & code)
    key = code & ~layouts.reversible[d]
    t = free
    while t != 0:
        g = group_of(layouts, d, key ^ t, codes)
        t = (t - 1) & free
        if g < 0:
            continue
        end = group_end[g]
        for q in range(first_above(g, end, rank[s], order, rank), end):
            buffer[count] = codes[order[q]] ^ code
            count += 1
    return count


@njit(inline="always", cache=True)
def _is_improvement(layouts, d, s, flip, codes, lookup, rank):  # type: ignore[no-untyped-def]
    """Whether flipping ``flip`` (some of DM ``d``'s options) from ``s`` is an improvement of ``d``."""
    if layouts.position[d, s] < 0:
        return False
    code = codes[s]
    if flip & ((layouts.forward[d] & code) | (layouts.backward[d] & ~code)):
        return False  # an irreversible option against its direction
    w = find(code ^ flip, lookup, codes)
    return w >= 0 and layouts.position[d, w] >= 0 and rank[w] > rank[s]


@njit(inline="always", cache=True)
def _part_bounds(part_order, codes, rank, mask, part, threshold):  # type: ignore[no-untyped-def]
    """The places in ``part_order`` of the states with ``code & mask == part`` ranked at most ``threshold``.

    ``part_order`` lists the states sorted by ``code & mask``, then by ``rank``.
    """
    lo = 0
    hi = part_order.size
    while lo < hi:
        mid = (lo + hi) >> 1
        if (codes[part_order[mid]] & mask) < part:
            lo = mid + 1
        else:
            hi = mid
    first = lo
    hi = part_order.size
    while lo < hi:
        mid = (lo + hi) >> 1
        w = part_order[mid]
        if (codes[w] & mask) == part and rank[w] <= threshold:
            lo = mid + 1
        else:
            hi = mid
    return first, lo


ODOMETER = 1
SCAN = 2
CHEAPER = ODOMETER | SCAN
"""How :func:`simultaneous` looks for an answer: over the opponents' joint answers, over the
states ranked low enough, or (the default) whichever of the two is smaller for each improvement."""

RECENT = 4
"""Answers remembered per decision maker and tried first: one answer often deters many improvements."""


@njit(inline="always", cache=True)
def _answers_from(layouts, i, s, moved, codes, lookup, ranks, owned):  # type: ignore[no-untyped-def]
    """Whether ``moved`` (flips of i's opponents' options) is a joint answer from ``s``: some opponent
    moves, and each one that does takes one of its unilateral improvements from ``s``."""
    if moved == 0:
        return False
    for q in range(owned.size):
        f = moved & owned[q]
        if q != i and f != 0 and not _is_improvement(layouts, q, s, f, codes, lookup, ranks[q]):
            return False
    return True


@njit(inline="always", cache=True)
def _rank_at(code, i, rank_by_code, lookup, codes, ranks):  # type: ignore[no-untyped-def]
    """DM ``i``'s rank of the state with ``code``, or a value above every rank if the code is infeasible."""
    if rank_by_code.shape[1] > 0:
        return np.int64(rank_by_code[i, code])
    w = find(code, lookup, codes)
    return np.int64(ranks[i, w]) if w >= 0 else np.int64(np.iinfo(np.int32).max)


def ranks_by_code(lookup: Integers, ranks: Int32, todo: Bools) -> npt.NDArray[np.unsignedinteger]:
    """``out[i, code]``: DM ``i``'s rank of the state ``code``, for the DMs in ``todo``.

    An infeasible code holds the dtype's largest value, above every rank.
    The dtype is uint16 when that value stays free (up to 65,534 classes:
    every prioritization of up to 15 statements), else uint32: a
    narrow table stays in the processor's cache where one of int32 would
    not (the joint-answer search reads it at random). Bytes for rankings
    of under 255 classes measured no faster (SIM alone on the three
    families of bench/conflicts.py at 2^20 and 2^22 states)
    and would cost a second compilation of the SIM kernel, half a minute,
    whenever a model crosses 255 classes.
    """
    top = int(ranks.max(initial=0))
    dtype = next(t for t in (np.uint16, np.uint32) if top < np.iinfo(t).max)
    out = np.full((ranks.shape[0], lookup.size), np.iinfo(dtype).max, dtype=dtype)
    _fill_ranks_by_code(lookup, ranks, todo, out)
    return out


@njit(parallel=True, cache=True, nogil=True)
def _fill_ranks_by_code(lookup, ranks, todo, out):  # type: ignore[no-untyped-def]
    for c in prange(lookup.size):
        w = lookup[c]
        if w >= 0:
            for i in range(ranks.shape[0]):
                if todo[i]:
                    out[i, c] = ranks[i, w]
    return out


@njit(inline="always", cache=True)
def _odometer(
    start, i, threshold, digits, n_digits, counts, flips, choice, rank_by_code, lookup, codes, ranks
):  # type: ignore[no-untyped-def]
    """The first joint answer (flips of the opponents' options) that ``i`` ranks at most ``threshold``
    from the improvement ``start``, or 0 when none does.

    Every opponent's choice (0 = stay, ``c`` = its improvement ``c - 1``)
    is a digit, the first digit (the opponent with most choices) varying
    fastest in a loop of its own; the other digits' flips are kept XORed
    together as they change, so a step costs one look-up of ``i``'s rank.
    """
    q0 = digits[0]
    n0 = counts[q0]
    for p in range(1, n_digits):
        choice[digits[p]] = 0
    outer = np.int64(0)  # the flips of digits 1, 2, ...: 0 while they all stay
    while True:
        if outer != 0 and _rank_at(start ^ outer, i, rank_by_code, lookup, codes, ranks) <= threshold:
            return outer  # the first opponent stays
        base = start ^ outer
        for c in range(n0):
            if _rank_at(base ^ flips[q0, c], i, rank_by_code, lookup, codes, ranks) <= threshold:
                return outer ^ flips[q0, c]
        p = 1
        while p < n_digits:  # the next choice of digits 1, 2, ...
            q = digits[p]
            c = choice[q]
            if c > 0:
                outer ^= flips[q, c - 1]
            if c < counts[q]:
                choice[q] = c + 1
                outer ^= flips[q, c]
                break
            choice[q] = 0
            p += 1
        if p >= n_digits:
            return np.int64(0)  # every combination tried


@njit(parallel=True, cache=True, nogil=True)
def simultaneous(  # type: ignore[no-untyped-def]
    codes, lookup, ranks, owned, layouts, part_order, rank_by_code, capacity, block, todo, strategy
):
    """SIM stability of every state for every DM marked in ``todo`` (the others stay True).

    For each improvement ``s1`` of ``i`` from ``s`` the answer, if any, is
    among two sets; whichever is smaller is searched, stopping at the first
    answer found:

    - the opponents' joint answers: every choice of "stay or one of its
      improvements from ``s``" per opponent, not all staying (the product of
      their counts plus one, less one): each opponent moving alone first,
      then every combination, the opponent with most choices varying
      fastest (its answers differ only in its options: neighbouring codes); or
    - the states that agree with ``s1`` on i's options and that ``i`` ranks
      at most ``s``: a slice of ``part_order[i]`` (states sorted by i's
      options, then by i's rank), each checked option block by option
      block: every opponent's part is unchanged from ``s`` or one of its
      improvements.

    So an improvement costs at most the smaller of the two counts. Before
    any search, the last :data:`RECENT` answers found for ``i`` (in this
    block of states) are tried against all of i's improvements from ``s``
    at once, once checked to be answers from ``s``: one answer often deters
    many improvements, and neighbouring states share them; with the
    ``rank_by_code`` table (i's rank by code, when the dense look-up
    exists) those checks read neighbouring memory. ``strategy`` forces one
    of the two searches (:data:`ODOMETER`, :data:`SCAN`) or lets each
    improvement choose (:data:`CHEAPER`).
    """
    n = codes.size
    h = ranks.shape[0]
    big = np.iinfo(np.int64).max
    out = np.ones((h, n), dtype=np.bool_)
    blocks = (n + block - 1) // block
    for b in prange(blocks):
        flips = np.empty((h, capacity), dtype=np.int64)
        counts = np.empty(h, dtype=np.int64)
        listed = np.zeros(h, dtype=np.bool_)
        choice = np.zeros(h, dtype=np.int64)
        digits = np.empty(h, dtype=np.int64)
        recent = np.zeros((h, RECENT), dtype=np.int64)  # 0: none yet
        recent_next = np.zeros(h, dtype=np.int64)
        pending = np.empty(capacity, dtype=np.int64)
        for s in range(b * block, min(n, (b + 1) * block)):
            code = codes[s]
            for d in range(h):
                counts[d] = improvement_count(layouts, d, s, codes, ranks[d])
                listed[d] = False
            for i in range(h):
                if counts[i] == 0 or not todo[i]:
                    continue
                rank_i = ranks[i]
                threshold = rank_i[s]
                answers = 1  # the opponents' joint answers, plus "all stay"; saturates at big
                n_digits = 0
                for q in range(h):
                    if q != i and counts[q] > 0:
                        answers = answers * (counts[q] + 1) if answers <= big // (counts[q] + 1) else big
                        # the odometer's digits: opponents by decreasing count (insertion sort)
                        k = n_digits
                        while k > 0 and counts[digits[k - 1]] < counts[q]:
                            digits[k] = digits[k - 1]
                            k -= 1
                        digits[k] = q
                        n_digits += 1
                answers -= 1
                if answers == 0:
                    out[i, s] = False  # nobody can answer
                    continue
                if not listed[i]:
                    _improvement_flips(layouts, i, s, codes, rank_i, flips[i])
                    listed[i] = True
                # the improvements not yet deterred, as states s1 (codes)
                left = counts[i]
                for u in range(left):
                    pending[u] = code ^ flips[i, u]
                # the recent answers first, each against every improvement left
                for k in range(RECENT):
                    moved = recent[i, k]
                    if moved == 0 or left == 0:
                        continue
                    checked = False
                    u = 0
                    while u < left:
                        if _rank_at(pending[u] ^ moved, i, rank_by_code, lookup, codes, ranks) <= threshold:
                            if not checked:
                                if not _answers_from(layouts, i, s, moved, codes, lookup, ranks, owned):
                                    break
                                checked = True
                            left -= 1
                            pending[u] = pending[left]
                        else:
                            u += 1
                others = ~owned[i]
                while left > 0:
                    start = pending[left - 1]
                    left -= 1
                    answer = 0
                    use_scan = strategy == SCAN
                    first = last = 0
                    if strategy & SCAN:
                        part = start & owned[i]
                        first, last = _part_bounds(part_order[i], codes, rank_i, owned[i], part, threshold)
                        use_scan = strategy == SCAN or last - first < answers
                    if use_scan:
                        for place in range(first, last):
                            w = part_order[i, place]
                            moved = (codes[w] ^ code) & others
                            if _answers_from(layouts, i, s, moved, codes, lookup, ranks, owned):
                                answer = moved
                                break
                    else:
                        for p in range(n_digits):
                            q = digits[p]
                            if not listed[q]:
                                _improvement_flips(layouts, q, s, codes, ranks[q], flips[q])
                                listed[q] = True
                        # one opponent moving alone first (the usual sanction), then every joint answer
                        for p in range(n_digits):
                            q = digits[p]
                            for c in range(counts[q]):
                                if (
                                    _rank_at(start ^ flips[q, c], i, rank_by_code, lookup, codes, ranks)
                                    <= threshold
                                ):
                                    answer = flips[q, c]
                                    break
                            if answer != 0:
                                break
                        if answer == 0:
                            answer = _odometer(
                                start, i, threshold, digits, n_digits, counts, flips, choice,
                                rank_by_code, lookup, codes, ranks,
                            )  # fmt: skip
                    if answer == 0:
                        out[i, s] = False
                        break
                    k = recent_next[i]
                    recent[i, k] = answer
                    recent_next[i] = (k + 1) % RECENT
                    # the new answer against the improvements still left
                    u = 0
                    while u < left:
                        if _rank_at(pending[u] ^ answer, i, rank_by_code, lookup, codes, ranks) <= threshold:
                            left -= 1
                            pending[u] = pending[left]
                        else:
                            u += 1
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


@njit(cache=True, nogil=True)
def part_order(codes, rank, owned, out):  # type: ignore[no-untyped-def]
    """Write into ``out`` every state sorted by ``code & owned``, then by ``rank``, then by number.

    Two stable counting sorts, by dense rank and then by the packed options
    (packing keeps the order of ``code & owned``): linear time, where sorting
    combined keys costs ``n log n`` per decision maker.
    """
    n = codes.size
    if n == 0:
        return out
    top = 0
    for s in range(n):
        top = max(top, rank[s])
    starts = np.zeros(top + 2, dtype=np.int64)
    for s in range(n):
        starts[rank[s] + 1] += 1
    for r in range(top + 1):
        starts[r + 1] += starts[r]
    by_rank = np.empty(n, dtype=np.int32)
    for s in range(n):
        r = rank[s]
        by_rank[starts[r]] = s
        starts[r] += 1
    parts = np.zeros((1 << popcount(owned)) + 1, dtype=np.int64)
    for s in range(n):
        parts[_compress(codes[s], owned) + 1] += 1
    for p in range(parts.size - 1):
        parts[p + 1] += parts[p]
    for q in range(n):
        s = by_rank[q]
        p = _compress(codes[s], owned)
        out[parts[p]] = s
        parts[p] += 1
    return out


class PairTables(NamedTuple):
    """What every group of :func:`simultaneous_pair` reads: the two decision makers ``i`` and ``j``,
    the states, ``i``'s ranks and perception by state and by packed code (``rank_packed``,
    ``perceived_packed``), the move layouts, ``j``'s groups (``starts_j``), ``i``'s options
    (``owned_i``), everyone else's (``others``) and ``width = 2^|owned_i|``."""

    i: int
    j: int
    codes: Integers
    rank_i: npt.NDArray[np.int32]
    rank_packed: npt.NDArray[np.int32]
    perceived_packed: npt.NDArray[np.bool_]
    perceived_i: npt.NDArray[np.bool_]
    layouts: MoveLayouts
    starts_j: Integers
    owned_i: int
    others: int
    width: int


@njit(parallel=True, cache=True, nogil=True)
def simultaneous_pair(i, j, codes, lookup, ranks, owned_i, layouts, out):  # type: ignore[no-untyped-def]
    """SIM for DM ``i`` of two, when the opponent ``j`` has only reversible options.

    ``j``'s answers from ``s`` are then the suffix of ``s``'s group (same
    options of ``i``) above ``s``'s rank class. Per group, one table holds,
    for every change ``f`` of ``i``'s options and every suffix, the least
    rank ``i`` gives the state combining ``f`` with an answer from the
    suffix; each improvement of each state is then one look-up. Writes
    ``out[i]``. Needs the dense ``lookup`` of codes.

    The table is filled one answer of ``j`` at a time, over every change of
    ``i``'s options: so i's ranks are first laid out by code with ``i``'s
    options as the low bits (``row + column``: j's options packed into the
    row, i's into the column). The states read for one answer are then
    neighbours in memory, wherever the model puts each decision maker's
    options among its bits.
    """
    n = codes.size
    big = np.iinfo(np.int32).max
    rank_i = ranks[i]
    perceived_i = layouts.position[i] >= 0
    others = (lookup.size - 1) & ~owned_i
    width = 1 << popcount(owned_i)
    # i's rank (the largest int32 where infeasible) and whether i perceives the state, by packed code
    rank_packed = np.full(lookup.size, big, dtype=np.int32)
    perceived_packed = np.zeros(lookup.size, dtype=np.bool_)
    for c in prange(lookup.size):
        w = lookup[c]
        if w >= 0:
            at = _compress(c, others) * width + _compress(c, owned_i)
            rank_packed[at] = rank_i[w]
            perceived_packed[at] = perceived_i[w]
    for s in prange(n):
        if layouts.position[j, s] < 0 and improvement_count(layouts, i, s, codes, rank_i) > 0:
            out[i, s] = False  # j cannot answer at all
    starts_j = layouts.starts[layouts.start_offset[j] : layouts.start_offset[j + 1]]
    groups = starts_j.size - 1
    largest = 1
    for g in range(groups):
        largest = max(largest, starts_j[g + 1] - starts_j[g])
    chunks = min(groups, 64)
    for chunk in prange(chunks):
        table_rows = np.empty((largest + 1) * width, dtype=np.int32)
        columns = np.empty(width, dtype=np.int64)
        # made here, not before the loop: a parallel loop cannot take a tuple of arrays from outside
        pair = PairTables(
            i,
            j,
            codes,
            rank_i,
            rank_packed,
            perceived_packed,
            perceived_i,
            layouts,
            starts_j,
            owned_i,
            others,
            width,
        )
        for g in range(chunk, groups, chunks):
            _pair_group(g, pair, table_rows, columns, out)
    return out


@njit(cache=True, nogil=True)
def _pair_group(g, pair, rows_buffer, columns, out):  # type: ignore[no-untyped-def]
    """One group ``g`` of :func:`simultaneous_pair` (``pair``: a :class:`PairTables`)."""
    (
        i,
        j,
        codes,
        rank_i,
        rank_packed,
        perceived_packed,
        perceived_i,
        layouts,
        starts_j,
        owned_i,
        others,
        width,
    ) = pair
    big = np.iinfo(np.int32).max
    order = layouts.order
    class_end = layouts.class_end
    a = starts_j[g]
    b = starts_j[g + 1]
    x0 = codes[order[j, a]] & owned_i
    free = changeable(x0, owned_i, layouts.forward[i], layouts.backward[i])
    rows = 1 << popcount(free)
    best = rows_buffer[: (b - a + 1) * rows].reshape((b - a + 1, rows))
    best[b - a, :] = big
    # columns[r]: i's options after the r-th change f of the changeable ones, packed
    f = free
    while rows < width:
        columns[_compress(f, free)] = _compress(x0 ^ f, owned_i)
        if f == 0:
            break
        f = (f - 1) & free
    if rows == width:  # i can change every option: a row of the table is a slice of i's ranks
        _pair_full(a, b, pair, _compress(x0, owned_i), best, out)
        return out
    for q in range(b - 1, a - 1, -1):
        row = _compress(codes[order[j, q]] & others, others) * width
        here = best[q - a]
        below = best[q - a + 1]
        for r in range(rows):
            v = rank_packed[row + columns[r]]
            here[r] = v if v < below[r] else below[r]
    for q in range(a, b):
        s = order[j, q]
        if not perceived_i[s]:
            continue  # i does not perceive s: no improvement
        answers_from = class_end[j, q]
        threshold = rank_i[s]
        row = _compress(codes[s] & others, others) * width
        # every change of i's options: an improvement (feasible, perceived, better for i) that
        # no answer from the suffix sanctions makes s unstable
        sanction = best[answers_from - a] if answers_from < b else best[b - a]
        for r in range(1, rows):
            if sanction[r] <= threshold:
                continue  # sanctioned, whether or not it is an improvement
            at = row + columns[r]
            if rank_packed[at] > threshold and perceived_packed[at]:
                out[i, s] = False
                break
    return out


@njit(inline="always", cache=True)
def _pair_full(a, b, pair, x0, best, out):  # type: ignore[no-untyped-def]
    """:func:`_pair_group` when ``i`` can change all its options: the table's columns are i's packed
    options themselves, so each row is a running minimum over whole slices (vectorised loops)."""
    i, j, codes, rank_i, rank_packed, perceived_packed, perceived_i, layouts, _, _, others, width = pair
    order = layouts.order
    class_end = layouts.class_end
    for q in range(b - 1, a - 1, -1):
        row = _compress(codes[order[j, q]] & others, others) * width
        here = best[q - a]
        below = best[q - a + 1]
        ranks_here = rank_packed[row : row + width]
        for c in range(width):
            here[c] = min(ranks_here[c], below[c])
    for q in range(a, b):
        s = order[j, q]
        if not perceived_i[s]:
            continue  # i does not perceive s: no improvement
        answers_from = class_end[j, q]
        threshold = rank_i[s]
        row = _compress(codes[s] & others, others) * width
        sanction = best[answers_from - a] if answers_from < b else best[b - a]
        for c in range(width):
            if c != x0 and sanction[c] > threshold:
                at = row + c
                if rank_packed[at] > threshold and perceived_packed[at]:
                    out[i, s] = False
                    break
