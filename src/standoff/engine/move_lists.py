"""Every unilateral move of every decision maker, listed: the plain-numpy engine for small state spaces.

For a few thousand states, importing and starting the numba kernels costs
more than the analysis itself. Here each decision maker's moves are listed
explicitly as (source, target) index pairs, sorted by source (a compressed
sparse row layout), and every propagation is one ``numpy.minimum.reduceat``
over them. Memory is states × moves per decision maker (never states²), so
:func:`move_pairs` bounds the listing before it is built.

Moves follow docs/explanation/definitions.md ("The model"): decision maker ``d`` changes a non-empty subset of
its own options, each in its permitted direction; the target is feasible;
``d`` perceives both the source and the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from standoff.engine.bits import changeable
from standoff.engine.space import StateSpace

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

BLOCK = 1 << 22
"""Candidate (state, flip) pairs examined at a time while listing the moves."""


def flips_of(owned: int) -> Int:
    """Every non-empty subset of the bit mask ``owned``, ascending."""
    bits = [1 << j for j in range(int(owned).bit_length()) if owned >> j & 1]
    subsets = np.zeros(1, dtype=np.int64)
    for bit in bits:
        subsets = np.concatenate([subsets, subsets | bit])
    return np.sort(subsets[1:])


def move_pairs(space: StateSpace) -> int:
    """How many (state, flip) candidates listing the moves examines: states × Σ_d (2^{k_d} − 1)."""
    return space.n_states * sum((1 << int(mask).bit_count()) - 1 for mask in space.owned)


def indices_of(space: StateSpace, codes: Int) -> Int:
    """The state index of each code, -1 for an infeasible one."""
    if space.lookup.size:
        found: Int = space.lookup[codes].astype(np.int64)
        return found
    place = np.minimum(np.searchsorted(space.codes, codes), space.codes.size - 1)
    return np.where(space.codes[place] == codes, place, -1).astype(np.int64)


@dataclass(frozen=True, eq=False)
class Moves:
    """One decision maker's moves: ``targets[starts[s]:starts[s + 1]]`` are the states reached from ``s``
    (in the order of the option changes that reach them; :meth:`of` sorts them)."""

    starts: Int
    targets: Int

    @cached_property
    def _busy(self) -> tuple[Int, Int]:
        """The states with at least one move, and where their moves start."""
        busy = np.flatnonzero(np.diff(self.starts))
        return busy, self.starts[busy]

    @property
    def sources(self) -> Int:
        """The source of every move, aligned with ``targets``."""
        return np.repeat(np.arange(self.starts.size - 1, dtype=np.int64), np.diff(self.starts))

    def of(self, state: int) -> Int:
        """The targets of the moves from ``state``, ascending."""
        return np.sort(self.targets[self.starts[state] : self.starts[state + 1]])

    def where(self, keep: Bool) -> Moves:
        """The moves for which ``keep`` (aligned with ``targets``) holds."""
        kept = np.bincount(self.sources[keep], minlength=self.starts.size - 1)
        starts = np.zeros(self.starts.size, dtype=np.int64)
        np.cumsum(kept, out=starts[1:])
        return Moves(starts, self.targets[keep])

    def reduce_min(self, values: Int) -> Int:
        """``out[k, s] = min values[k, t]`` over ``t ∈ {s} ∪ targets(s)``."""
        out = values.copy()
        busy, first = self._busy
        if busy.size:
            for k in range(values.shape[0]):  # row by row: a 1-D reduceat is several times faster
                out[k, busy] = np.minimum(out[k, busy], np.minimum.reduceat(values[k, self.targets], first))
        return out

    def reduce_max(self, values: Int) -> Int:
        """``out[k, s] = max values[k, t]`` over ``t ∈ {s} ∪ targets(s)``."""
        out = values.copy()
        busy, first = self._busy
        if busy.size:
            for k in range(values.shape[0]):  # row by row: a 1-D reduceat is several times faster
                out[k, busy] = np.maximum(out[k, busy], np.maximum.reduceat(values[k, self.targets], first))
        return out


def unilateral_move_lists(space: StateSpace, dm: int) -> Moves:
    """``R_dm(s)`` for every state ``s``, as sorted lists (see :class:`Moves`).

    A block of states is a matrix of (state, flip) candidates: the target
    codes come from one broadcast XOR, and the kept targets, read row by
    row, are already grouped by source in flip order, with each row's count
    as the source's number of moves.
    """
    codes = space.codes
    owned = int(space.owned[dm])
    forward = int(space.forward[dm]) & owned
    backward = int(space.backward[dm]) & owned
    flips = flips_of(owned)
    perceived = space.perceived[dm]
    everywhere = bool(perceived.all())
    free = changeable(codes, owned, forward, backward)
    counts = np.zeros(codes.size, dtype=np.int64)
    targets: list[Int] = []
    rows = max(1, BLOCK // max(1, flips.size))
    for lo in range(0, codes.size, rows):
        block = slice(lo, min(codes.size, lo + rows))
        found = indices_of(space, (codes[block, None] ^ flips[None, :]).ravel()).reshape(-1, flips.size)
        keep = found >= 0
        if forward | backward:
            keep &= (flips[None, :] & ~free[block, None]) == 0
        if not everywhere:
            keep &= perceived[block, None]
            keep[keep] = perceived[found[keep]]
        counts[block] = keep.sum(axis=1)
        targets.append(found[keep])
    target = np.concatenate(targets) if targets else np.empty(0, dtype=np.int64)
    starts = np.zeros(codes.size + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    return Moves(starts, target)


def improvements_of(space: StateSpace, dm: int, moves: Moves) -> Moves:
    """The moves of ``dm`` to states it strictly prefers: ``R_dm^+(s)`` for every ``s``."""
    rank = space.ranks[dm]
    return moves.where(rank[moves.targets] > rank[moves.sources])
