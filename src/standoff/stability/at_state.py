"""Stability of one state for every decision maker, with preferences given as scores: the inner check
of the inverse analysis.

When only the preferences change, the feasible states and every move stay
as they are; which moves are improvements, and which countermoves deter
them, depend on the scores alone. :class:`Neighbourhood` collects, once,
every state the stability of a target state ``t`` can depend on (``t``,
each decision maker's moves ``R_i(t)``, the opponents' moves from there,
and for SMR and SIM the states those definitions look at) and lays the
pairs out flat; :meth:`Neighbourhood.undeterred` then counts, for scores
over those states only, each decision maker's improvements from ``t`` that
nothing deters (0: ``t`` is stable for it). The definitions are those of docs/explanation/definitions.md,
"Stability of a state s for DM i":

1. ``R_i^+(t)``: the moves ``s1 in R_i(t)`` that ``i`` scores above ``t``;
2. Nash: none may exist; GMR: some ``s2 in R_{N-i}(s1)`` scores at most ``t``
   for ``i``; SMR: such an ``s2`` from which ``i`` has no move scoring above
   ``t``; SEQ: such an ``s2 in R_{N-i}^+(s1)``; SIM: a joint answer of the
   opponents from ``t`` (each stays or takes one of its improvements, not
   all stay) whose combination with ``s1`` is feasible and scores at most
   ``t`` for ``i``.

Moves by a group of opponents are the states reachable in the union of
their move graphs: in option form each decision maker's moves (and its
improvements) compose, so legal sequences reach exactly those states (see
:mod:`standoff.engine.moves`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import product

import numpy as np
import numpy.typing as npt

from standoff.concepts import Concept
from standoff.engine.move_lists import indices_of
from standoff.engine.moves import unilateral_moves
from standoff.engine.space import StateSpace
from standoff.errors import CapacityError

Int = npt.NDArray[np.int64]
Scores = Sequence[npt.NDArray[np.int64]]
"""One score array per decision maker over :attr:`Neighbourhood.states` (higher is preferred)."""

MAX_PAIRS = 1 << 24
"""Most (improvement, countermove) pairs laid out for one target state."""


def _flat(groups: list[Int]) -> tuple[Int, Int]:
    """Concatenated members and the start of each group (for ``reduceat``)."""
    sizes = np.fromiter((g.size for g in groups), dtype=np.int64, count=len(groups))
    starts = np.zeros(len(groups), dtype=np.int64)
    if sizes.size:
        np.cumsum(sizes[:-1], out=starts[1:])
    members = np.concatenate(groups) if groups else np.empty(0, dtype=np.int64)
    return members.astype(np.int64), starts


def _any_by_group(values: npt.NDArray[np.bool_], owner: Int, n_groups: int) -> npt.NDArray[np.bool_]:
    """For each group ``k``: whether some ``values[p]`` with ``owner[p] == k`` holds."""
    hit = np.zeros(n_groups, dtype=np.bool_)
    hit[owner[values]] = True
    return hit


@dataclass
class Pairs:
    """Flat (improvement candidate, answer) pairs of one decision maker: ``owner`` is the candidate's place
    in its moves from the target, ``answer`` the answering state (or, for SIM, the joint answer's number,
    with the combined state in ``extra``)."""

    owner: Int
    answer: Int
    extra: Int = field(default_factory=lambda: np.empty(0, dtype=np.int64))


@dataclass
class Neighbourhood:
    """The states and moves the stability of ``target`` depends on, in local indices.

    ``states`` are indices into the state space (local index = position);
    ``target`` is the local index of the target state; ``moves[i]`` the local
    indices of ``R_i(target)``. Per decision maker ``i``: ``gmr_pairs[i]``
    pairs each move ``s1`` (by its place in ``moves[i]``) with every state of
    ``R_{N-i}(s1)``; ``seq_pairs[i]`` (two decision makers) with every move of
    the opponent from ``s1``; ``adjacent[j][s]`` (more than two) holds ``j``'s
    moves from ``s``; ``smr_replies[i]`` the states of the pairs and ``i``'s
    moves from each; ``sim_pairs[i]`` each move with every joint answer of
    the opponents from ``target`` and the state they combine into.
    """

    space: StateSpace
    concept: Concept
    states: Int
    target: int
    moves: list[Int]
    gmr_pairs: list[Pairs] = field(default_factory=list)
    seq_pairs: list[Pairs] = field(default_factory=list)
    smr_replies: list[tuple[Int, Int]] = field(default_factory=list)
    adjacent: list[dict[int, Int]] = field(default_factory=list)
    sim_pairs: list[tuple[Pairs, Int]] = field(default_factory=list)

    @property
    def n_decision_makers(self) -> int:
        return len(self.moves)

    @classmethod
    def build(cls, space: StateSpace, target: int, concept: Concept) -> Neighbourhood:
        """Collect the states and moves around ``target`` (a state index) that ``concept`` looks at."""
        n = space.n_decision_makers
        local: dict[int, int] = {}
        order: list[int] = []

        def at(index: int) -> int:
            found = local.get(index)
            if found is None:
                found = local[index] = len(order)
                order.append(index)
            return found

        def locals_of(indices: Int) -> Int:
            return np.fromiter((at(int(x)) for x in indices), dtype=np.int64, count=indices.size)

        cache: dict[tuple[int, int], Int] = {}

        def moves_of(dm: int, index: int) -> Int:
            key = (dm, index)
            if key not in cache:
                cache[key] = unilateral_moves(space, dm, index)
            return cache[key]

        t = at(target)
        moves = [locals_of(moves_of(i, target)) for i in range(n)]
        hood = cls(space, concept, np.empty(0, dtype=np.int64), t, moves)
        reach_needed = concept in ("gmr", "smr", "seq", "seqsim")
        budget = [0]

        def count(k: int) -> None:
            budget[0] += k
            if budget[0] > MAX_PAIRS:
                raise CapacityError(
                    f"the stability of this state depends on more than {MAX_PAIRS:,} pairs of moves; "
                    "the inverse analysis handles smaller neighbourhoods"
                )

        adjacency: list[dict[int, Int]] = [{} for _ in range(n)]
        for i in range(n):
            others = [j for j in range(n) if j != i]
            reaches: list[Int] = []
            if reach_needed:
                for s1 in moves[i]:
                    reached = _reach(order[int(s1)], others, moves_of)
                    reaches.append(locals_of(reached))
                    count(reached.size)
            members, _ = _flat(reaches)
            owner = np.repeat(np.arange(len(reaches), dtype=np.int64), [r.size for r in reaches])
            hood.gmr_pairs.append(Pairs(owner, members))
            if concept == "smr":
                replies = np.unique(members) if members.size else members
                reply_moves = [locals_of(moves_of(i, order[int(s2)])) for s2 in replies]
                count(sum(r.size for r in reply_moves))
                flat, _ = _flat(reply_moves)
                reply_owner = np.repeat(
                    np.arange(replies.size, dtype=np.int64), [r.size for r in reply_moves]
                )
                hood.smr_replies.append(
                    (
                        replies,
                        np.stack([reply_owner, flat]) if flat.size else np.empty((2, 0), dtype=np.int64),
                    )
                )
            if concept in ("seq", "seqsim"):
                if n == 2:
                    # R^+_j(s1) for the one opponent j: its moves from s1 that it scores above s1
                    j = others[0]
                    direct = [locals_of(moves_of(j, order[int(s1)])) for s1 in moves[i]]
                    count(sum(d.size for d in direct))
                    flat, _ = _flat(direct)
                    owner = np.repeat(np.arange(len(direct), dtype=np.int64), [d.size for d in direct])
                    hood.seq_pairs.append(Pairs(owner, flat))
                else:
                    for s in {int(x) for r in reaches for x in r} | {int(x) for x in moves[i]}:
                        for j in others:
                            if s not in adjacency[j]:
                                adjacency[j][s] = locals_of(moves_of(j, order[s]))
                                count(adjacency[j][s].size)
            if concept in ("sim", "seqsim"):
                hood.sim_pairs.append(
                    _simultaneous_pairs(space, i, others, moves, order, locals_of, target, count)
                )
        hood.adjacent = adjacency
        hood.states = np.array(order, dtype=np.int64)
        return hood

    def undeterred(self, scores: Scores, only: Sequence[int] | None = None) -> list[int]:
        """Per decision maker (or those in ``only``): how many of its improvements from the target nothing
        deters under the concept (0: stable; -1 for a decision maker not asked about)."""
        n = self.n_decision_makers
        out = [-1] * n
        for i in range(n) if only is None else only:
            out[i] = self.undeterred_for(i, scores)
        return out

    def stable(self, scores: Scores) -> bool:
        """Whether the target is stable for every decision maker (an equilibrium under the concept)."""
        return all(self.undeterred_for(i, scores) == 0 for i in range(self.n_decision_makers))

    def undeterred_for(self, i: int, scores: Scores, concept: Concept | None = None) -> int:
        """How many improvements of ``i`` from the target nothing deters under ``concept`` (default: the
        neighbourhood's)."""
        concept = concept or self.concept
        if concept == "seqsim":
            return max(self.undeterred_for(i, scores, "seq"), self.undeterred_for(i, scores, "sim"))
        mine = scores[i]
        level = mine[self.target]
        better = mine[self.moves[i]] > level
        k = int(better.sum())
        if k == 0 or concept == "nash":
            return k
        size = self.moves[i].size
        if concept == "gmr":
            pairs = self.gmr_pairs[i]
            deterred = _any_by_group(mine[pairs.answer] <= level, pairs.owner, size)
        elif concept == "smr":
            pairs = self.gmr_pairs[i]
            replies, flat = self.smr_replies[i]
            best = mine[replies].copy()
            if flat.shape[1]:
                np.maximum.at(best, flat[0], mine[flat[1]])
            position = np.searchsorted(replies, pairs.answer)
            good = (mine[pairs.answer] <= level) & (best[position] <= level)
            deterred = _any_by_group(good, pairs.owner, size)
        elif concept == "seq":
            deterred = self._sequential(i, scores, better)
        else:
            pairs, picks = self.sim_pairs[i]
            valid = np.ones(picks.shape[1], dtype=np.bool_)
            for row, j in enumerate(j for j in range(self.n_decision_makers) if j != i):
                pick = picks[row]
                moving = pick >= 0
                valid[moving] &= scores[j][pick[moving]] > scores[j][self.target]
            combined = pairs.extra
            good = valid[pairs.answer] & (combined >= 0)
            good[good] = mine[combined[good]] <= level
            deterred = _any_by_group(good, pairs.owner, size)
        return int((better & ~deterred).sum())

    def _sequential(self, i: int, scores: Scores, better: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        """For each move of ``i`` from the target: whether the opponents' improvements reach a state ``i``
        scores at most the target."""
        mine = scores[i]
        level = mine[self.target]
        size = self.moves[i].size
        if self.n_decision_makers == 2:
            j = 1 - i
            pairs = self.seq_pairs[i]
            theirs = scores[j]
            source = self.moves[i][pairs.owner]
            good = (theirs[pairs.answer] > theirs[source]) & (mine[pairs.answer] <= level)
            return _any_by_group(good, pairs.owner, size)
        deterred = np.zeros(size, dtype=np.bool_)
        others = [j for j in range(self.n_decision_makers) if j != i]
        for k in np.flatnonzero(better):
            start = int(self.moves[i][k])
            seen = {start}
            frontier = [start]
            while frontier and not deterred[k]:
                following = []
                for s in frontier:
                    for j in others:
                        targets = self.adjacent[j][s]
                        up = targets[scores[j][targets] > scores[j][s]]
                        if up.size and (mine[up] <= level).any():
                            deterred[k] = True
                            break
                        for x in up.tolist():
                            if x not in seen:
                                seen.add(x)
                                following.append(x)
                    if deterred[k]:
                        break
                frontier = following
        return deterred


def _reach(start: int, group: list[int], step: Callable[[int, int], Int]) -> Int:
    """``R_group(start)``: states reachable by moves of the group's members (union of their move graphs)."""
    seen: set[int] = set()
    frontier = [start]
    while frontier:
        following = []
        for s in frontier:
            for j in group:
                for x in step(j, s).tolist():
                    if x not in seen:
                        seen.add(x)
                        following.append(x)
        frontier = following
    return np.array(sorted(seen), dtype=np.int64)


def _simultaneous_pairs(
    space: StateSpace,
    i: int,
    others: list[int],
    moves: list[Int],
    order: list[int],
    locals_of: Callable[[Int], Int],
    target: int,
    count: Callable[[int], None],
) -> tuple[Pairs, Int]:
    """SIM's (improvement candidate, joint answer) pairs for ``i``, with the combined states' local indices,
    and each joint answer's picks (one row per opponent: a local index, or -1 for staying)."""
    codes = space.codes
    t_code = int(codes[target])
    choices = [[-1, *(int(x) for x in moves[j])] for j in others]
    picks_list = [p for p in product(*choices) if any(x >= 0 for x in p)]
    count(len(picks_list) * max(1, moves[i].size))
    picks = np.array(picks_list, dtype=np.int64).reshape(-1, len(others)).T
    flip = np.zeros(picks.shape[1], dtype=np.int64)
    for row in range(len(others)):
        pick = picks[row]
        moving = pick >= 0
        flip[moving] ^= codes[np.array(order, dtype=np.int64)[pick[moving]]] ^ t_code
    mine = moves[i]
    owner = np.repeat(np.arange(mine.size, dtype=np.int64), flip.size)
    answer = np.tile(np.arange(flip.size, dtype=np.int64), mine.size)
    if owner.size:
        s1_codes = codes[np.array(order, dtype=np.int64)[mine]]
        combined_codes = s1_codes[owner] ^ flip[answer]
        found = indices_of(space, combined_codes)
        combined = np.full(found.size, -1, dtype=np.int64)
        feasible = found >= 0
        combined[feasible] = locals_of(found[feasible])
    else:
        combined = np.empty(0, dtype=np.int64)
    return Pairs(owner, answer, combined), picks
