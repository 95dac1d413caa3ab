"""Feasible states, enumerated by propagating the infeasibility conditions option by option.

Scanning all ``2^m`` codes costs ``2^m`` whatever the conditions leave. Here
the options that conditions mention are chosen one at a time, in an order
that settles conditions early; after each choice the partial states for
which some condition is already certainly true (three-valued evaluation,
:func:`standoff.model.expressions.decide`) are dropped. The options no
condition mentions are free: every surviving partial state takes all their
combinations at the end. So the work follows the partial states that can
still be feasible, times ``m``, instead of ``2^m``.

Steps of :func:`feasible_codes`:

1. order the mentioned options (:func:`option_order`);
2. start from the one empty partial state; for each option in that order,
   double the frontier (option N, option Y) and drop the partial states a
   condition mentioning that option now certainly holds for;
3. combine the frontier with every assignment of the free options, and sort.

When most codes are feasible anyway (one in :data:`DENSE_SCAN` or more),
step 3 is replaced by the plain scan of every code, which needs no sort.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from standoff.model.expressions import Expression, decide, options_in

Codes = npt.NDArray[np.int64]

CHUNK = 1 << 20
"""Partial states checked at once, so that temporary masks stay small."""


DENSE_SCAN = 8
"""Scan every code instead when at least one in this many is feasible (the scan needs no sort)."""


class FrontierTooLarge(Exception):
    """More partial states than the caller's bound: counting them is not cheap.

    ``upper`` bounds the feasible states: each partial state alive so far
    with every value of the options not yet chosen.
    """

    def __init__(self, upper: int) -> None:
        super().__init__(upper)
        self.upper = upper


def option_order(conditions: Sequence[Expression], n_options: int) -> tuple[list[int], list[int]]:
    """The options conditions mention, in the order to choose them, and the free options.

    Greedy: take next the condition with the fewest options still unchosen
    (it is settled soonest), and choose its options, those mentioned by
    most conditions first. Options no condition mentions come last (free).
    """
    mentions = [options_in(c) for c in conditions]
    count = np.zeros(n_options, dtype=np.int64)
    for options in mentions:
        for j in options:
            count[j] += 1
    chosen: list[int] = []
    done: set[int] = set()
    open_conditions = [options for options in mentions if options]
    while open_conditions:
        open_conditions.sort(key=lambda options: len(options - done))
        for j in sorted(open_conditions[0] - done, key=lambda j: (-count[j], j)):
            chosen.append(j)
            done.add(j)
        open_conditions = [options for options in open_conditions if options - done]
    free = [j for j in range(n_options) if j not in done]
    return chosen, free


def frontier(
    conditions: Sequence[Expression], n_options: int, *, bound: int | None = None
) -> tuple[Codes, list[int]]:
    """The partial states over the mentioned options that no condition excludes, and the free options.

    Every feasible state is one of these partial states with any values of
    the free options. Raises :class:`FrontierTooLarge` as soon as more than
    ``bound`` partial states are alive.
    """
    order, free = option_order(conditions, n_options)
    mentions = [options_in(c) for c in conditions]
    alive: Codes = np.zeros(1, dtype=np.int64)
    constants = [(c, o) for c, o in zip(conditions, mentions, strict=True) if not o]
    if constants:  # a condition over no option is true everywhere or nowhere
        alive = alive[~_excluded(alive, constants, 0)]
    assigned = 0
    for step, j in enumerate(order):
        bit = np.int64(1) << np.int64(j)
        alive = np.concatenate((alive, alive | bit))
        assigned |= 1 << j
        touched = [(c, o) for c, o in zip(conditions, mentions, strict=True) if j in o]
        if touched:
            keep = np.empty(alive.shape, dtype=np.bool_)
            for start in range(0, alive.size, CHUNK):
                block = alive[start : start + CHUNK]
                keep[start : start + CHUNK] = ~_excluded(block, touched, assigned)
            alive = alive[keep]
        if bound is not None and alive.size > bound:
            raise FrontierTooLarge(int(alive.size) << (n_options - step - 1))
    return alive, free


def _excluded(
    codes: Codes, conditions: Sequence[tuple[Expression, frozenset[int]]], assigned: int
) -> npt.NDArray[np.bool_]:
    """Where some condition (given with the options it mentions) is certainly true on the partial states."""
    out = np.zeros(codes.shape, dtype=np.bool_)
    for condition, options in conditions:
        if all(assigned >> j & 1 for j in options):
            out |= condition.evaluate(codes)
        else:
            out |= decide(condition, codes, assigned)[0]
    return out


def feasible_codes(infeasible: Sequence[Expression], n_options: int) -> Codes:
    """The codes in ``0 .. 2^m - 1`` that match no infeasibility condition, ascending."""
    alive, free = frontier(infeasible, n_options)
    if alive.size and (1 << n_options) <= DENSE_SCAN * (alive.size << len(free)):
        return _scan(infeasible, n_options)  # most codes are feasible: a scan is cheaper than sorting
    return _complete(alive, free)


def propagated_codes(infeasible: Sequence[Expression], n_options: int) -> Codes:
    """The same codes as :func:`feasible_codes`, always by propagation (never by the scan)."""
    return _complete(*frontier(infeasible, n_options))


def _complete(alive: Codes, free: list[int]) -> Codes:
    """Every partial state with every assignment of the free options, ascending."""
    if alive.size == 0:
        return alive
    # every assignment of the free options, ascending (each doubling adds a higher bit)
    combos: Codes = np.zeros(1, dtype=np.int64)
    for j in free:
        combos = np.concatenate((combos, combos | (np.int64(1) << np.int64(j))))
    if alive.size == 1:  # one partial state: its bits are disjoint from the free ones, order is kept
        combos |= alive[0]
        return combos
    codes: Codes = (alive[:, None] | combos[None, :]).reshape(-1)
    codes.sort()
    return codes


def _scan(infeasible: Sequence[Expression], n_options: int) -> Codes:
    """Every code checked against the conditions, a chunk at a time (already in ascending order)."""
    total = 1 << n_options
    parts = []
    for start in range(0, total, CHUNK):
        block = np.arange(start, min(total, start + CHUNK), dtype=np.int64)
        keep = np.ones(block.shape, dtype=np.bool_)
        for condition in infeasible:
            keep &= ~condition.evaluate(block)
        parts.append(block[keep])
    return np.concatenate(parts)


def count_feasible(infeasible: Sequence[Expression], n_options: int, *, bound: int) -> tuple[int, bool]:
    """The number of feasible states and True; or, if counting would keep more than ``bound``
    partial states, an upper bound on it and False."""
    try:
        alive, free = frontier(infeasible, n_options, bound=bound)
    except FrontierTooLarge as large:
        return large.upper, False
    return int(alive.size) << len(free), True
