"""Coalitional stability: CNash, CGMR, CSMR and CSEQ for a coalition of decision makers.

Kilgour, Hipel, Fang & Peng, "Coalition analysis in group decision
support", *Group Decision and Negotiation* 10 (2001); Inohara & Hipel,
"Coalition analysis in the graph model for conflict resolution", *Systems
Engineering* 11 (2008); Xu, Hipel, Kilgour & Fang (2018), its chapter on
coalitions (chapter number not verified here; its chapter 6 is strength of
preference). The variant implemented is the one of the definitions page
(docs/explanation/definitions.md, "Coalitions"): for a coalition ``C``, a
*coalitional improvement* from ``s`` is a state ``s1 ∈ R_C(s)`` (legal
sequences of members' moves, each move any move) that every member strictly
prefers to ``s``; ``better_C(x, s)`` says that. ``s`` is stable for ``C`` when
every ``s1 ∈ R_C^{++}(s)`` is answered by the opponents ``N - C``:

- CNash: there is no coalitional improvement;
- CGMR: some ``s2 ∈ R_{N-C}(s1)`` has ``not better_C(s2, s)``;
- CSMR: as CGMR, and no ``s3 ∈ R_C(s2)`` has ``better_C(s3, s)``;
- CSEQ: as CGMR with ``s2 ∈ R^+_{N-C}(s1)`` (each opponent's move an improvement for its mover).

The opponents answer as one group (their moves need not improve anything for
the group as a whole); papers differ here, see the docs' explanation page.

How, for each coalition ``C`` (ranks ``r_k`` of its members ``k``):

1. ``v_k(s1) = min r_k`` over ``{s1} ∪ R_{N-C}(s1)`` (``R^+`` for CSEQ;
   ``v = r`` for CNash and for ``C = N``). ``s1`` itself never answers, being
   better for all, so including it changes nothing; and "some ``s2`` is not
   better for all" is "for some member ``k``, ``v_k(s1) <= r_k(s)``".
2. So ``s`` is unstable exactly when some ``s1 ∈ {s} ∪ R_C(s)`` has
   ``v_k(s1) > r_k(s)`` for every member (``v(s) <= r(s)``: ``s`` never
   counts). The maximal vectors ``v`` over each strongly connected component
   of ``C``'s moves and what it reaches answer that for every state
   (:mod:`standoff.engine.group_graph`).
3. CSMR, for the states CGMR leaves stable that have an improvement: each
   improvement ``s1`` is searched from for an ``s2`` whose own reach by ``C``
   (the frontier of ``r`` over ``{s2} ∪ R_C(s2)``) exceeds ``r(s)`` nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

from standoff.engine.group_graph import GroupGraph, exceeded
from standoff.engine.move_lists import Moves, improvements_of, unilateral_move_lists
from standoff.engine.space import StateSpace

Int = npt.NDArray[np.int64]
Stable = npt.NDArray[np.bool_]

CoalitionConcept = Literal["cnash", "cgmr", "csmr", "cseq"]
COALITION_CONCEPTS: tuple[CoalitionConcept, ...] = get_args(CoalitionConcept)
"""The coalition concepts, in table order."""

COALITION_CONCEPT_NAMES: dict[str, str] = {"cnash": "CNash", "cgmr": "CGMR", "csmr": "CSMR", "cseq": "CSEQ"}
INDIVIDUAL: dict[str, str] = {"cnash": "nash", "cgmr": "gmr", "csmr": "smr", "cseq": "seq"}
"""The individual concept each coalition concept is for a coalition of one."""


class CoalitionMoves:
    """Every decision maker's moves listed once, and the union graphs of groups of them, built on demand."""

    def __init__(self, space: StateSpace) -> None:
        self.space = space
        self.moves: list[Moves] = [unilateral_move_lists(space, d) for d in range(space.n_decision_makers)]
        self.better: list[Moves] = [improvements_of(space, d, m) for d, m in enumerate(self.moves)]
        self._graphs: dict[tuple[tuple[int, ...], bool], GroupGraph] = {}

    def graph(self, group: Iterable[int], *, improving: bool = False) -> GroupGraph:
        """The union of the members' moves (their improvements, if ``improving``)."""
        key = (tuple(sorted(group)), improving)
        if key not in self._graphs:
            lists = self.better if improving else self.moves
            members = key[0]
            self._graphs[key] = GroupGraph.of_moves(self.space.n_states, members, [lists[d] for d in members])
        return self._graphs[key]

    def answers(self, coalition: tuple[int, ...], concept: CoalitionConcept) -> Int:
        """``v[k, s1]``: member ``k``'s lowest rank the opponents can bring about from ``s1`` (step 1)."""
        ranks = self.space.ranks[list(coalition)].astype(np.int64)
        others = [d for d in range(self.space.n_decision_makers) if d not in coalition]
        if concept == "cnash" or not others:
            return ranks
        return self.graph(others, improving=concept == "cseq").min_over_reach(ranks)


def coalition_stability(
    space: StateSpace,
    coalition: tuple[int, ...],
    concepts: tuple[CoalitionConcept, ...] = COALITION_CONCEPTS,
    moves: CoalitionMoves | None = None,
) -> dict[CoalitionConcept, Stable]:
    """``stable[concept][s]``: whether state ``s`` is stable for ``coalition`` (decision maker indices)."""
    moves = moves if moves is not None else CoalitionMoves(space)
    own = moves.graph(coalition)
    ranks = space.ranks[list(coalition)].astype(np.int64)
    found: dict[CoalitionConcept, Stable] = {}
    for concept in concepts:
        point_start, points = undeterred_points(space, coalition, concept, moves)
        front_start, front = own.reach_frontier_of_sets(point_start, points)
        found[concept] = ~exceeded(own.component, front_start, front, ranks)
    return found


def undeterred_points(
    space: StateSpace, coalition: tuple[int, ...], concept: CoalitionConcept, moves: CoalitionMoves
) -> tuple[Int, Int]:
    """Per state ``y``, points ``P(y)`` (rows, one column per member): ``y`` is a coalitional improvement
    from ``s`` that the opponents cannot answer exactly when some point of ``P(y)`` exceeds ``r(s)`` in
    every row. ``P(y)`` is ``{v(y)}`` (step 1; ``v = r`` for CNash) or ``M(y)`` for CSMR (step 3).
    Returned as ``(point_start, points)``: ``y``'s are ``points[point_start[y]:point_start[y + 1]]``."""
    if concept == "csmr":
        ranks = space.ranks[list(coalition)].astype(np.int64)
        return _smr_points(space, coalition, moves, moves.graph(coalition), ranks)
    points = np.ascontiguousarray(moves.answers(coalition, concept).T)
    return np.arange(space.n_states + 1, dtype=np.int64), points


def _smr_points(
    space: StateSpace, coalition: tuple[int, ...], moves: CoalitionMoves, own: GroupGraph, ranks: Int
) -> tuple[Int, Int]:
    """CSMR (step 3 of the module docstring).

    A state ``s2`` answers an improvement for the opponents when no point of
    the frontier ``F`` of ``r`` over ``{s2} ∪ R_C(s2)`` exceeds ``r(s)``.
    For an improvement ``y``, "no answer in ``{y} ∪ R_{N-C}(y)``" is "every
    such ``s2`` has a point of its ``F`` above ``r(s)``": the intersection of
    strict down-sets, generated by componentwise minima (``meet_over_reach``
    over the opponents' moves; ``y`` itself never answers, being an
    improvement). With the improvement itself (``r(y)`` above ``r(s)``) as one
    more generator, each ``y`` carries points ``M(y)``, and ``s`` is unstable
    exactly when some ``y ∈ {s} ∪ R_C(s)`` has a point of ``M(y)`` above ``r(s)``.
    """
    others = [d for d in range(space.n_decision_makers) if d not in coalition]
    front_start, front = own.reach_frontier(ranks)
    theirs = moves.graph(others)
    start, generators = theirs.meet_over_reach(own.component, front_start, front)
    component = theirs.component
    counts = (start[1:] - start[:-1])[component]
    point_start = np.zeros(space.n_states + 1, dtype=np.int64)
    np.cumsum(counts, out=point_start[1:])
    owner = np.repeat(np.arange(space.n_states, dtype=np.int64), counts)
    rows = start[component][owner] + (np.arange(owner.size, dtype=np.int64) - point_start[owner])
    points = np.ascontiguousarray(np.minimum(generators[rows], ranks.T[owner]))
    return point_start, points
