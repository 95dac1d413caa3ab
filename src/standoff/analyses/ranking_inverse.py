"""The ranking-level inverse: the least reordering of a decision maker's ranking that makes a state stable.

Inverse GMCR as the literature poses it (Kinsara, Kilgour & Hipel, "Inverse
approach to the graph model for conflict resolution", IEEE Trans. SMC:
Systems 45, 2015) searches rankings of states, not statement lists. This
module answers, for one decision maker ``i``, a target ``t`` and a concept
``K``: how far must ``i``'s ranking move for ``t`` to be a ``K``-equilibrium,
the other decision makers' preferences as stated?

- **Goal**: under Nash, GMR and SMR, ``t`` stable for ``i`` (nobody
  else's stability depends on ``i``'s ranking, so the least total change
  over the decision makers is the sum of these); under SEQ and SIM, ``t`` a
  ``K``-equilibrium with only ``i``'s ranking changed.
- **Relevant states** of ``i``: those whose place in ``i``'s ranking can
  change whether ``t`` is a ``K``-equilibrium. Under Nash, GMR and SMR they
  are ``t`` itself, ``i``'s moves ``R_i(t)`` (the candidate improvements),
  and the sanction states: the states the opponents reach from those moves,
  and (SMR) ``i``'s moves from them; ``i``'s ranking decides nothing else.
  Under SEQ and SIM ``i``'s ranking also
  decides which of its moves are credible sanctions against the others, so
  every state of the neighbourhood ``t``'s stability depends on
  (:class:`~standoff.stability.at_state.Neighbourhood`) is relevant. The
  rest of the ranking does not matter, so it is left alone.
- **Distance**: Kendall's tau distance between ``i``'s stated ranking of
  the relevant states and the new one, with ties (Fagin, Kumar, Mahdian,
  Sivakumar & Vee, "Comparing partial rankings", SIAM J. Discrete Math 20,
  2006, ``K^(p)`` with ``p = 1/2``): each pair of states put in the opposite
  order counts 1 (one adjacent swap), each pair tied in one ranking and not
  in the other counts 1/2.
- **Search**: Dijkstra over the rankings (weak orders) of the relevant
  states from the stated one. One elementary change moves one state one
  place up or down: out of its tie group into a group of its own, or from a
  group of its own into the neighbouring group; it costs 1/2 per state of
  the group joined or left (exactly the pairs whose order changes by half a
  step). The first ranking popped that meets the goal is at the least
  distance.
- **Exact or bounded**: exact when the search ends within its budget of
  rankings looked at (:data:`MAX_RANKINGS`, fewer with many relevant
  states); otherwise bounded, and the answer says up to which distance
  every ranking was checked. A bounded search still tries every ranking
  that moves the target alone (tied with a group of the others, or between
  two): the cheapest that works is an upper bound, and exact when it is no
  more than the distance the search had ruled out.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from standoff.stability.at_state import Neighbourhood

Int = npt.NDArray[np.int64]

MAX_RANKINGS = 20_000
"""Rankings of the relevant states looked at per decision maker before the search stops (bounded)."""
MAX_TARGET_ONLY = 160
"""Most relevant states for which the rankings that move the target alone are tried (an upper bound)."""
RANKING_WORK = 120_000
"""With ``m`` relevant states, at most ``RANKING_WORK / m²`` rankings are looked at (each costs about
``m²`` to expand)."""


@dataclass(frozen=True)
class RankingChange:
    """For decision maker ``dm``: the least Kendall tau distance (in adjacent swaps; ties count 1/2) of a
    ranking of its ``n_relevant`` relevant states under which the target is an equilibrium (the others'
    preferences as stated).

    ``distance`` is ``None`` when none was found; ``exact`` whether every closer ranking was ruled out
    (else every ranking up to ``checked_up_to`` was); ``stable_now`` whether the target is stable for
    ``dm`` already; ``order`` the new ranking of the relevant states found, as state indices (in the state
    space) grouped best first.
    """

    dm: int
    n_relevant: int
    distance: float | None
    exact: bool
    checked_up_to: float
    looked_at: int
    order: tuple[tuple[int, ...], ...] = ()


def relevant_states(hood: Neighbourhood, i: int) -> Int:
    """Local indices of the states whose place in ``i``'s ranking can change the target's stability for
    ``i`` (see the module docstring), ascending."""
    if hood.concept not in ("nash", "gmr", "smr"):
        return np.arange(hood.states.size, dtype=np.int64)
    parts = [np.array([hood.target], dtype=np.int64), hood.moves[i]]
    if hood.concept in ("gmr", "smr", "seq", "seqsim"):
        parts.append(hood.gmr_pairs[i].answer)
    if hood.concept == "smr":
        replies, flat = hood.smr_replies[i]
        parts += [replies, flat[1] if flat.shape[1] else np.empty(0, dtype=np.int64)]
    if hood.concept in ("sim", "seqsim"):
        combined = hood.sim_pairs[i][0].extra
        parts.append(combined[combined >= 0])
    return np.unique(np.concatenate([np.asarray(p, dtype=np.int64) for p in parts]))


def kendall_distance(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Kendall tau distance between two weak orders given as levels per item (higher preferred): 1 per
    pair in opposite order, 1/2 per pair tied in exactly one."""
    first, second = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    x = np.sign(first[:, None] - first[None, :])
    y = np.sign(second[:, None] - second[None, :])
    # |x - y| is 2 for a reversed pair, 1 for a tie made or broken; each pair appears twice
    return float(np.abs(x - y).sum()) / 4


def least_ranking_change(
    hood: Neighbourhood, i: int, scores: list[Int], budget: int = MAX_RANKINGS
) -> RankingChange:
    """The least reordering of ``i``'s ranking of its relevant states after which the target is stable for
    ``i`` (Nash, GMR, SMR: nobody else's stability depends on ``i``'s ranking, so each decision maker's
    part is independent and the least total is their sum) or an equilibrium (SEQ, SIM).

    ``scores``: every decision maker's stated scores over the neighbourhood. The search stops, bounded,
    after ``budget`` rankings (fewer for many relevant states: see :data:`RANKING_WORK`), so the answer
    does not depend on the machine's speed.
    """
    relevant = relevant_states(hood, i)
    _, levels = np.unique(scores[i][relevant], return_inverse=True)
    start = tuple(int(v) for v in np.asarray(levels).ravel())
    alone = hood.concept in ("nash", "gmr", "smr")

    def holds(trial: list[Int]) -> bool:
        return hood.undeterred_for(i, trial) == 0 if alone else hood.stable(trial)

    if holds(scores):
        return RankingChange(i, relevant.size, 0.0, True, 0.0, 1, _groups(hood.states[relevant], start))
    budget = min(budget, RANKING_WORK // max(1, relevant.size * relevant.size))
    if budget < 1:
        return RankingChange(i, relevant.size, None, False, 0.0, 0)  # too many states to search
    trial = list(scores)
    heap: list[tuple[int, tuple[int, ...]]] = [(0, start)]
    best: dict[tuple[int, ...], int] = {start: 0}
    looked = 0
    while heap:
        cost, order = heapq.heappop(heap)
        if best.get(order, cost) < cost:
            continue
        looked += 1
        if looked > budget:
            # every ranking closer than ``cost`` failed; moving the target alone bounds the answer above
            moved = _target_moved(relevant, start, hood.target, scores, i, holds)
            if moved is None:
                return RankingChange(i, relevant.size, None, False, (cost - 1) / 2, looked)
            half, order = moved
            exact = half <= cost
            groups = _groups(hood.states[relevant], order)
            return RankingChange(i, relevant.size, half / 2, exact, (cost - 1) / 2, looked, groups)
        trial[i] = _embedded(scores[i], relevant, order)
        if holds(trial):
            return RankingChange(
                i, relevant.size, cost / 2, True, cost / 2, looked, _groups(hood.states[relevant], order)
            )
        for step, following in _neighbours(order):
            total = cost + step
            if total < best.get(following, 1 << 60):
                best[following] = total
                heapq.heappush(heap, (total, following))
    return RankingChange(i, relevant.size, None, True, float("inf"), looked)


def _target_moved(
    relevant: Int,
    start: tuple[int, ...],
    target: int,
    scores: list[Int],
    i: int,
    holds: Callable[[list[Int]], bool],
) -> tuple[int, tuple[int, ...]] | None:
    """The cheapest ranking (cost in half swaps) that moves the target alone — tied with a group of the
    other relevant states or between two of them — under which the goal holds (``None``: none, or too
    many states to try)."""
    if relevant.size > MAX_TARGET_ONLY:
        return None
    where = int(np.flatnonzero(relevant == target)[0])
    others = [v for k, v in enumerate(start) if k != where]
    levels = sorted(set(others))
    dense = {v: 2 * (n + 1) for n, v in enumerate(levels)}  # even levels; odd ones lie between groups
    best: tuple[int, tuple[int, ...]] | None = None
    for level in range(1, 2 * len(levels) + 2):
        order = tuple(level if k == where else dense[v] for k, v in enumerate(start))
        half = round(2 * kendall_distance(start, order))
        if best is not None and half >= best[0]:
            continue
        trial = list(scores)
        trial[i] = _embedded(scores[i], relevant, order)
        if holds(trial):
            best = (half, order)
    return best


def _embedded(original: Int, relevant: Int, order: tuple[int, ...]) -> Int:
    """Scores over the neighbourhood: the relevant states at their new levels, above every other state
    (the others' scores never enter the target's stability for this decision maker)."""
    out = original.copy()
    base = int(original.max(initial=0)) + 1
    out[relevant] = base + np.asarray(order, dtype=np.int64)
    return out


def _neighbours(order: tuple[int, ...]) -> list[tuple[int, tuple[int, ...]]]:
    """Every weak order one elementary change away, with its cost in half swaps."""
    size = np.bincount(np.asarray(order), minlength=max(order) + 1) if order else np.zeros(0, np.int64)
    top = len(size) - 1
    out = []
    for x, g in enumerate(order):
        alone = size[g] == 1
        for up in (True, False):
            if alone:
                other = g + 1 if up else g - 1
                if other < 0 or other > top:
                    continue
                cost = int(size[other])
                levels = [v if v < g else v - 1 for v in order]  # close the gap left by x's group
                levels[x] = other if other < g else other - 1
            else:
                cost = int(size[g]) - 1
                new = g + 1 if up else g  # x gets a group of its own just above (or below) its own
                levels = [v if v < new else v + 1 for v in order]
                levels[x] = new
            out.append((cost, tuple(levels)))
    return out


def _groups(relevant: Int, order: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    """The relevant states (``relevant``: their state indices) grouped by level, best first."""
    levels = sorted(set(order), reverse=True)
    return tuple(tuple(int(relevant[k]) for k, v in enumerate(order) if v == level) for level in levels)
