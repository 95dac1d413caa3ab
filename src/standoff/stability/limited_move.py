"""Limited-move stability ``Lh`` and non-myopic stability ``NM`` for two decision makers.

Kilgour, "Anticipation and stability in two-person non-cooperative games",
in *Dynamic Models of International Conflict* (1985); Fang, Hipel & Kilgour,
*Interactive Decision Making* (1993), ch. 5. Moves alternate between the
two decision makers ``i`` and ``j``, ``i`` first; at each turn the mover
stops or moves to one of its unilateral moves. With horizon ``h`` the
anticipated outcome ``G_h(i, s)`` is (docs/explanation/definitions.md, "Limited move"):

1. ``G_0(i, s) = s``;
2. for ``h >= 1``, ``B = {G_{h-1}(j, s1) : s1 ∈ R_i(s)}``; if some state of
   ``B`` is strictly better for ``i`` than ``s``, ``G_h(i, s)`` is the best
   of ``B`` for ``i``, ties between different states going to the **lowest
   state number**; otherwise ``G_h(i, s) = s``.

``s`` is ``Lh`` stable for ``i`` when ``G_h(i, s) = s``. ``NM`` is the
limit of the ``Lh`` verdicts as ``h`` grows. Each level is the same function
of the one before, so the levels are eventually periodic: from some level
``h0`` on they repeat with a period ``p`` (``p = 1``: they stop changing).
The verdict of ``(i, s)`` is **settled** when it is the same at every level
of one period, ``h0 .. h0 + p - 1``: then it is the same at every level from
``h0`` on, and NM is that verdict. Otherwise the verdict alternates for ever
and NM is **undetermined** for ``(i, s)`` (never read off one arbitrary
horizon). Should no level repeat within ``4 × (number of states)`` levels,
a verdict counts as settled when it agrees at the last two of them (said so
in :class:`NonMyopic`).

Each level is one pass over each decision maker's moves: the state ``i``
would aim for from ``s`` is the best, by ``i``'s rank and then by the lowest
number, of ``G_{h-1}(j, ·)`` over ``R_i(s)``. Encoding "rank, then lowest
number" as one integer makes that a maximum over the moves, so the ``h``
levels cost ``h`` passes over the move lists (small models) or the grouped
moves (large ones); no states × states structure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from standoff.concepts import NON_MYOPIC, Concept, limited_move_horizon
from standoff.engine.space import StateSpace
from standoff.errors import ConceptError

Int = npt.NDArray[np.int64]
Stable = npt.NDArray[np.bool_]

NO_MOVE = np.iinfo(np.int64).min


def check_two_decision_makers(concepts: tuple[Concept, ...], names: tuple[str, ...]) -> None:
    """Refuse limited-move concepts for a conflict that does not have exactly two decision makers."""
    if len(names) != 2:
        from standoff.concepts import CONCEPT_LIST, CONCEPT_NAMES

        listed = ", ".join(CONCEPT_NAMES[c] for c in concepts)
        raise ConceptError(
            f"{listed}: the limited-move concepts are defined for two decision makers; this model has "
            f"{len(names)} ({', '.join(names)}); use one of {CONCEPT_LIST}, "
            "or the coalition concepts (standoff coalitions)"
        )


def best_over_moves(space: StateSpace, *, listed: bool) -> Callable[[int, Int], Int]:
    """``best(i, values)[s] = max values[t]`` over ``t ∈ R_i(s)`` (``NO_MOVE`` where there is none)."""
    if listed:
        from standoff.engine.move_lists import unilateral_move_lists

        lists = [unilateral_move_lists(space, i) for i in range(space.n_decision_makers)]

        def best_listed(i: int, values: Int) -> Int:
            moves = lists[i]
            out = np.full(space.n_states, NO_MOVE, dtype=np.int64)
            busy = np.flatnonzero(np.diff(moves.starts))
            if busy.size:
                out[busy] = np.maximum.reduceat(values[moves.targets], moves.starts[busy])
            return out

        return best_listed
    from standoff.engine.move_max import max_over_moves

    layouts = space.layouts
    return lambda i, values: max_over_moves(layouts, i, space.codes, values)


def levels(space: StateSpace, *, listed: bool) -> Iterator[Int]:
    """``G_1, G_2, ...``: each an array of shape (2, n_states), ``G[i, s]`` the anticipated outcome."""
    n = space.n_states
    here = np.arange(n, dtype=np.int64)
    ranks = space.ranks.astype(np.int64)
    best = best_over_moves(space, listed=listed)
    current = np.stack([here, here])
    while True:
        following = np.empty_like(current)
        for i in (0, 1):
            outcome = current[1 - i]
            # the best outcome for i, ties to the lowest state number, as one integer
            key = ranks[i, outcome] * n + (n - 1 - outcome)
            top = best(i, key)
            moved = top != NO_MOVE
            target = np.where(moved, n - 1 - top % n, here)
            better = moved & (np.where(moved, top // n, 0) > ranks[i])
            following[i] = np.where(better, target, here)
        current = following
        yield current


def limited_move(
    space: StateSpace, concepts: tuple[Concept, ...], *, listed: bool
) -> tuple[dict[Concept, Stable], NonMyopic | None]:
    """``stable[c][i, s]`` for each limited-move concept ``c`` (``l<h>`` or ``nm``) of a two-DM space.

    Also returns, when ``nm`` is asked for, the horizon it was read at and whether the outcomes settled.
    """
    wanted = {h: c for c in concepts if (h := limited_move_horizon(c)) is not None}
    deepest = max(wanted, default=0)
    here = np.arange(space.n_states, dtype=np.int64)
    found: dict[Concept, Stable] = {}
    for depth, outcome in enumerate(levels(space, listed=listed), start=1):
        if depth in wanted:
            found[wanted[depth]] = outcome == here
        if depth >= deepest:
            break
    non_myopic = None
    if NON_MYOPIC in concepts:
        non_myopic = non_myopic_horizon(space, listed=listed)
        # stable where every level of the cycle says stable; undetermined pairs are not stable here
        found[NON_MYOPIC] = non_myopic.stable_throughout
    return {c: found[c] for c in concepts}, non_myopic


@dataclass(frozen=True)
class NonMyopic:
    """How ``NM`` was read: the anticipated outcomes repeat from level ``horizon`` with ``period``.

    ``settled`` is true when they stop changing (``period == 1``): every
    verdict is then the one at ``horizon``. When they cycle with a longer
    period, a verdict is settled when it is the same at every level of the
    cycle; ``undetermined[i, s]`` marks the pairs whose verdict alternates
    (NM is undetermined there: JSON ``null``). ``cycle_found`` is false when
    no level repeated within the search's bound: ``period`` is then 0 and a
    verdict counts as settled when the last two levels agree on it.
    ``stable_throughout[i, s]``: stable at every level of the cycle (the NM
    verdict where it is determined).
    """

    horizon: int
    settled: bool
    period: int
    undetermined: Stable = field(repr=False, compare=False)
    stable_throughout: Stable = field(repr=False, compare=False)
    cycle_found: bool = True

    @property
    def n_undetermined(self) -> int:
        """How many (decision maker, state) pairs have no NM verdict."""
        return int(self.undetermined.sum())


def non_myopic_horizon(space: StateSpace, *, listed: bool) -> NonMyopic:
    """Where the levels start to repeat, and which verdicts settle (see :class:`NonMyopic`)."""
    import hashlib

    here = np.arange(space.n_states, dtype=np.int64)
    limit = 4 * max(1, space.n_states)
    seen: dict[bytes, int] = {}
    verdicts: list[Stable] = []
    for depth, outcome in enumerate(levels(space, listed=listed), start=1):
        verdicts.append(outcome == here)
        key = hashlib.blake2b(outcome.tobytes(), digest_size=20).digest()
        if key in seen:
            first = seen[key]
            period = depth - first
            cycle = verdicts[first - 1 : depth - 1]
            always = np.logical_and.reduce(cycle)
            never = ~np.logical_or.reduce(cycle)
            return NonMyopic(first, period == 1, period, ~(always | never), always)
        if depth >= limit:
            last, before = verdicts[-1], verdicts[-2] if len(verdicts) > 1 else verdicts[-1]
            return NonMyopic(depth, False, 0, last != before, last & before, cycle_found=False)
        seen[key] = depth
    raise AssertionError("unreachable")
