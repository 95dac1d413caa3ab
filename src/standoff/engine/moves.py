"""Moves from one state, for explanations and paths (the kernels do the bulk work).

The option form makes each decision maker's move relation transitive: if
``d`` can move ``s → s'`` and ``s' → s''`` (``s'' ≠ s``), it can move
``s → s''`` directly (the flips compose, and irreversible options are never
flipped back). That is why, for moves by a group of decision makers, the
reachable states of legal sequences (no DM twice in a row) equal the states
reachable in the union of the members' move graphs: two consecutive moves
by one DM collapse into one (or cancel). Tests check this against the
literal definition.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

from standoff.engine.bits import changeable
from standoff.engine.move_lists import flips_of, indices_of
from standoff.engine.space import StateSpace

Indices = npt.NDArray[np.int64]


def unilateral_moves(space: StateSpace, dm: int, state: int) -> Indices:
    """``R_i(s)``: indices of the states decision maker ``dm`` can reach from ``state`` in one move."""
    if not space.perceived[dm, state]:
        return np.empty(0, dtype=np.int64)
    code = int(space.codes[state])
    allowed = changeable(code, int(space.owned[dm]), int(space.forward[dm]), int(space.backward[dm]))
    targets = indices_of(space, code ^ _subsets(allowed))
    targets = targets[targets >= 0]
    found: Indices = np.sort(targets[space.perceived[dm, targets]])
    return found


@lru_cache(maxsize=256)
def _subsets(mask: int) -> Indices:
    """The non-empty subsets of a bit mask (kept: explanations ask for the same masks again and again)."""
    subsets = flips_of(mask)
    subsets.flags.writeable = False
    return subsets


def unilateral_improvements(space: StateSpace, dm: int, state: int) -> Indices:
    """``R_i^+(s)``: the moves of ``dm`` from ``state`` to states it strictly prefers."""
    moves = unilateral_moves(space, dm, state)
    better: Indices = moves[space.ranks[dm, moves] > space.ranks[dm, state]]
    return better
