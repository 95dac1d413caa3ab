"""What a group of decision makers can reach: ``R_H`` and ``R_H^+`` as minimum propagation.

Every concept beyond Nash asks, for an improvement ``s1`` of DM ``i``,
whether the opponents ``H = N - i`` can reach from ``s1`` a state with some
value (i's rank, or i's best reply there) at most i's rank of ``s``. So the
engine computes, once per DM and value, ``min value`` over ``{s1} ∪ R_H(s1)``
for every ``s1``; including ``s1`` itself never changes an answer, since
``s1`` is an improvement and so is ranked above ``s``.

By transitivity of option-form moves (see :mod:`standoff.engine.moves`),
``R_H`` is reachability in the union of the members' move graphs: for a
single opponent one pass over its (grouped) moves; for several, passes
member after member until a round changes nothing, with strongly connected
components (Tarjan's algorithm in :mod:`standoff.engine.group_graph`, over
the group's listed moves) as the fallback after :data:`MAX_ROUNDS` rounds.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engine.cones import Propagation, cone_max, cone_min
from standoff.engine.group_graph import GroupGraph
from standoff.engine.move_lists import improvements_of, unilateral_move_lists
from standoff.engine.space import StateSpace

Values = npt.NDArray[np.int64]


def opponents(space: StateSpace, dm: int) -> list[int]:
    """The decision makers other than ``dm``."""
    return [j for j in range(space.n_decision_makers) if j != dm]


MAX_ROUNDS = 64
"""Rounds of one-move propagation before falling back to strongly connected components."""


def min_over_group_reach(space: StateSpace, group: list[int], values: Values, *, improving: bool) -> Values:
    """``out[k, s] = min values[k, t]`` over ``t ∈ {s} ∪ R_group(s)`` (``R^+`` if ``improving``).

    ``values`` has shape (k, n_states); moves by the group are legal
    sequences of its members' unilateral moves (improvements for their
    mover, if ``improving``). Each member's moves are closed under
    composition, so the answer is the least fixpoint of "take the minimum
    over one member's moves", member after member, until a whole round
    changes nothing; usually a handful of rounds. A group whose sanctions
    need more than :data:`MAX_ROUNDS` alternations is finished by Tarjan's
    algorithm over the moves instead.
    """
    current = np.array(values, dtype=np.int64, order="C")  # a copy: the rounds lower it in place
    # Each member's moves compose, so applying a member twice in a row changes nothing: stop once
    # every member other than the last to change anything has been applied without a change.
    quiet = 0
    propagation = Propagation(space.n_states)
    for applied in range(MAX_ROUNDS * len(group)):
        j = group[applied % len(group)]
        if not propagation.needs(j):
            moved = False  # nothing lowered since j's last pass: the pass would change nothing
        else:
            _, moved = cone_min(
                space.layouts,
                j,
                space.codes,
                space.ranks[j],
                current,
                improving=improving,
                out=current,
                propagation=propagation,
            )
        quiet = 0 if moved else quiet + 1
        if len(group) == 1 or (quiet >= len(group) - 1 and applied >= len(group) - 1):
            return current
    return _min_over_reach_by_components(space, group, current, improving=improving)


def _min_over_reach_by_components(
    space: StateSpace, group: list[int], values: Values, *, improving: bool
) -> Values:
    """:func:`min_over_group_reach` by strongly connected components of the group's listed moves.

    Listing costs memory in proportion to the group's moves (never states²);
    only a group whose sanctions alternate between members more than
    :data:`MAX_ROUNDS` times comes here.
    """
    moves = [unilateral_move_lists(space, d) for d in group]
    if improving:
        moves = [improvements_of(space, d, m) for d, m in zip(group, moves, strict=True)]
    return GroupGraph.of_moves(space.n_states, group, moves).min_over_reach(values)


def best_reply_value(space: StateSpace, dm: int, values: Values) -> Values:
    """``max values[t]`` over ``t ∈ {s} ∪ R_dm(s)`` for each state ``s``."""
    row = np.ascontiguousarray(values, dtype=np.int64).reshape(1, -1)
    best: Values = cone_max(space.layouts, dm, space.codes, space.ranks[dm], row)[0]
    return best
