"""Simultaneous sanctioning (SIM) and SEQ+SIM; Fang, Hipel & Kilgour (1993), ch. 3.

``s`` is SIM stable for ``i`` when every improvement ``s1`` of ``i`` can be
met by the opponents moving *at the same time* from ``s``: each opponent
stays or takes one of its own unilateral improvements from ``s``, not all
stay, and the state formed by i's options from ``s1``, each mover's options
from its improvement and the others' from ``s`` is feasible and ``<=_i s``.
SEQ+SIM is stability under both SEQ and SIM (as GMCR II defines it; some
tools compute something else, see the docs).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

from standoff.engine import simultaneous as kernels
from standoff.engine.space import StateSpace

BLOCK = 1024
"""States per parallel task of the generic search."""

RANK_TABLE_LIMIT = 1 << 28
"""Most entries (decision makers × codes, int32) of the table of ranks by code the search reads."""


def simultaneous(space: StateSpace, *, strategy: int = kernels.CHEAPER) -> npt.NDArray[np.bool_]:
    """SIM stability, shape (decision makers, states).

    With two decision makers, a DM whose opponent has only reversible
    options is examined group by group (see
    :func:`~standoff.engine.simultaneous.simultaneous_pair`); otherwise each
    improvement meets the smaller of two searches (see
    :func:`~standoff.engine.simultaneous.simultaneous`). ``strategy`` forces
    one search of the generic kernel, for tests.
    """
    layouts = space.layouts
    n_dms = space.n_decision_makers
    todo = np.ones(n_dms, dtype=np.bool_)
    out = np.ones((n_dms, space.n_states), dtype=np.bool_)
    if n_dms == 2 and space.lookup.size and strategy == kernels.CHEAPER:
        for i in range(2):
            j = 1 - i
            if layouts.forward[j] | layouts.backward[j]:
                continue
            owned = space.owned[i]
            kernels.simultaneous_pair(i, j, space.codes, space.lookup, space.ranks, owned, layouts, out)
            todo[i] = False
    if todo.any():
        capacity = 1 << max(int(mask).bit_count() for mask in space.owned)
        part_order = _part_orders(space, todo) if strategy & kernels.SCAN else np.empty((n_dms, 0), np.int32)
        if space.lookup.size and n_dms * space.lookup.size <= RANK_TABLE_LIMIT:
            rank_by_code = kernels.ranks_by_code(space.lookup, space.ranks, todo)
        else:
            rank_by_code = np.empty((n_dms, 0), dtype=np.uint16)
        generic = kernels.simultaneous(
            space.codes,
            space.lookup,
            space.ranks,
            space.owned,
            layouts,
            part_order,
            rank_by_code,
            capacity,
            BLOCK,
            todo,
            strategy,
        )
        out[todo] = generic[todo]
    return out


def _part_orders(space: StateSpace, todo: npt.NDArray[np.bool_]) -> npt.NDArray[np.int32]:
    """Per DM in ``todo``: every state, sorted by the DM's options, then by its rank."""
    n_dms, n = space.ranks.shape
    out = np.zeros((n_dms, n), dtype=np.int32)

    def sort_row(i: int) -> None:
        kernels.part_order(space.codes, space.ranks[i], space.owned[i], out[i])

    # the kernel releases the GIL: two decision makers at a time
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(sort_row, [i for i in range(n_dms) if todo[i]]))
    return out
