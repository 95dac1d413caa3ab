"""Coalitional stability: CNash, CGMR, CSMR and CSEQ for a coalition of decision makers.

Kilgour, Hipel, Fang & Peng, "Coalition analysis in group decision
support", *Group Decision and Negotiation* 10 (2001); Inohara & Hipel,
"Coalition analysis in the graph model for conflict resolution", *Systems
Engineering* 11 (2008); Xu, Hipel, Kilgour & Fang (2018), ch. 6. The
variant implemented is GMCR.md's "Coalitions": for a coalition ``C``, a
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
from numba import njit

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
            sources = [lists[d].sources for d in members]
            targets = [lists[d].targets for d in members]
            movers = [np.full(lists[d].targets.size, d, dtype=np.int64) for d in members]
            empty = np.empty(0, dtype=np.int64)
            self._graphs[key] = GroupGraph.build(
                self.space.n_states,
                np.concatenate(sources) if members else empty,
                np.concatenate(targets) if members else empty,
                np.concatenate(movers) if members else empty,
            )
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
    needed = set(concepts) | ({"cgmr", "cnash"} if "csmr" in concepts else set())
    found: dict[CoalitionConcept, Stable] = {}
    for concept in ("cnash", "cgmr", "cseq"):
        if concept in needed:
            front_start, front = own.reach_frontier(moves.answers(coalition, concept))
            found[concept] = ~exceeded(own.component, front_start, front, ranks)
    if "csmr" in concepts:
        todo = np.flatnonzero(found["cgmr"] & ~found["cnash"])
        others = [d for d in range(space.n_decision_makers) if d not in coalition]
        stable = found["cgmr"].copy()
        if todo.size:
            front_start, front = own.reach_frontier(ranks)
            theirs = moves.graph(others)
            stable[todo] = _smr_answered(
                todo,
                own.starts,
                own.targets,
                theirs.starts,
                theirs.targets,
                own.component,
                front_start,
                front,
                ranks,
            )
        found["csmr"] = stable
    return {c: found[c] for c in concepts}


@njit(cache=True, nogil=True)
def _better(ranks, a, b):  # type: ignore[no-untyped-def]
    """Every member strictly prefers state ``a`` to state ``b``."""
    for k in range(ranks.shape[0]):  # noqa: SIM110 - a loop compiles; a generator in all() does not
        if ranks[k, a] <= ranks[k, b]:
            return False
    return True


@njit(cache=True, nogil=True)
def _escapes(component, front_start, front, ranks, state, s):  # type: ignore[no-untyped-def]
    """Some state of ``{state} ∪ R_C(state)`` is better than ``s`` for every member."""
    c = component[state]
    for q in range(front_start[c], front_start[c + 1]):
        above = True
        for k in range(ranks.shape[0]):
            if front[q, k] <= ranks[k, s]:
                above = False
                break
        if above:
            return True
    return False


@njit(cache=True, nogil=True)
def _smr_answered(  # type: ignore[no-untyped-def]
    todo, own_starts, own_targets, their_starts, their_targets, component, front_start, front, ranks
):
    """CSMR for the states ``todo``: every coalitional improvement meets an SMR sanction (step 3)."""
    n = component.size
    seen_own = np.full(n, -1, dtype=np.int64)
    seen_theirs = np.full(n, -1, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    queue2 = np.empty(n, dtype=np.int64)
    out = np.ones(todo.size, dtype=np.bool_)
    search = 0
    for t in range(todo.size):
        s = todo[t]
        head = 0
        tail = 1
        queue[0] = s
        seen_own[s] = s
        stable = True
        while head < tail and stable:
            x = queue[head]
            head += 1
            for e in range(own_starts[x], own_starts[x + 1]):
                y = own_targets[e]
                if seen_own[y] == s:
                    continue
                seen_own[y] = s
                queue[tail] = y
                tail += 1
                if not _better(ranks, y, s):
                    continue
                # y is a coalitional improvement: do the opponents reach a state C cannot escape from?
                search += 1
                seen_theirs[y] = search
                head2 = 0
                tail2 = 1
                queue2[0] = y
                answered = False
                while head2 < tail2 and not answered:
                    z = queue2[head2]
                    head2 += 1
                    for f in range(their_starts[z], their_starts[z + 1]):
                        w = their_targets[f]
                        if seen_theirs[w] == search:
                            continue
                        seen_theirs[w] = search
                        if not _escapes(component, front_start, front, ranks, w, s):
                            answered = True
                            break
                        queue2[tail2] = w
                        tail2 += 1
                if not answered:
                    stable = False
                    break
        out[t] = stable
    return out
