"""A plain reference implementation of GMCR stability, for checking the fast engine.

Written straight from the definitions in ``GMCR.md`` (Fang, Hipel & Kilgour
1993; Fang, Hipel, Kilgour & Peng 2003; Xu, Hipel, Kilgour & Fang 2018) with
sets, dicts and loops, for conflicts small enough to enumerate (a few dozen
to about a hundred states). It reads the model through ``standoff.model``
only: nothing here comes from the engine or the analyses, so an error there
cannot hide itself by being repeated here.

States are integer codes: bit ``j`` is option ``j`` (``Y`` = 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import product
from typing import Literal

import numpy as np

from standoff.model.conflict import Conflict, Direction
from standoff.model.expressions import Expression

Concept = Literal["nash", "gmr", "smr", "seq", "sim", "seqsim"]
CONCEPTS: tuple[Concept, ...] = ("nash", "gmr", "smr", "seq", "sim", "seqsim")


def _matches(condition: Expression, code: int) -> bool:
    """Whether an expression of the model holds at one state."""
    return bool(condition.evaluate(np.array([code], dtype=np.int64))[0])


def _subsets(items: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    """Every non-empty subset of ``items``."""
    for mask in range(1, 1 << len(items)):
        yield tuple(item for k, item in enumerate(items) if mask >> k & 1)


class ReferenceModel:
    """One conflict with its feasible states, scores and moves, memoised.

    Every method is a direct transcription of a definition in ``GMCR.md``.
    """

    def __init__(self, conflict: Conflict) -> None:
        self.conflict = conflict
        self.n_options = len(conflict.options)
        self.n_dms = len(conflict.decision_makers)
        self.feasible: list[int] = [
            code for code in range(1 << self.n_options)
            if not any(_matches(condition, code) for condition in conflict.infeasible)
        ]
        self.feasible_set = frozenset(self.feasible)
        self.owner = {option: i for i, dm in enumerate(conflict.decision_makers) for option in dm.options}
        codes = np.array(self.feasible, dtype=np.int64)
        self.score: list[dict[int, float]] = []
        for dm in conflict.decision_makers:
            values = dm.preferences.scores(codes)
            self.score.append({code: float(v) for code, v in zip(self.feasible, values, strict=True)})
        self._moves: dict[tuple[int, int], frozenset[int]] = {}
        self._group: dict[tuple[frozenset[int], int, bool], frozenset[int]] = {}

    # -- preferences ---------------------------------------------------------

    def prefers(self, dm: int, a: int, b: int) -> bool:
        """``a >_dm b``: strictly more preferred."""
        return self.score[dm][a] > self.score[dm][b]

    def not_preferred(self, dm: int, a: int, b: int) -> bool:
        """``a <=_dm b``: less or equally preferred."""
        return self.score[dm][a] <= self.score[dm][b]

    # -- unilateral moves ----------------------------------------------------

    def misperceives(self, dm: int, code: int) -> bool:
        return any(_matches(c, code) for c in self.conflict.decision_makers[dm].misperceived)

    def unilateral_moves(self, dm: int, code: int) -> frozenset[int]:
        """``R_dm(s)``: change a non-empty subset of the DM's own options, each in a permitted direction."""
        key = (dm, code)
        if key not in self._moves:
            self._moves[key] = frozenset(self._compute_moves(dm, code))
        return self._moves[key]

    def _compute_moves(self, dm: int, code: int) -> set[int]:
        if self.misperceives(dm, code):
            return set()
        targets: set[int] = set()
        for changed in _subsets(self.conflict.decision_makers[dm].options):
            allowed = True
            target = code
            for option in changed:
                taken = bool(code >> option & 1)
                direction = self.conflict.options[option].direction
                if direction is Direction.FORWARD and taken:
                    allowed = False  # a forward option only goes N -> Y
                if direction is Direction.BACKWARD and not taken:
                    allowed = False  # a backward option only goes Y -> N
                target ^= 1 << option
            if not allowed or target not in self.feasible_set or self.misperceives(dm, target):
                continue
            targets.add(target)
        return targets

    def unilateral_improvements(self, dm: int, code: int) -> frozenset[int]:
        """``R_dm^+(s)``: the unilateral moves the DM strictly prefers to ``s``."""
        return frozenset(t for t in self.unilateral_moves(dm, code) if self.prefers(dm, t, code))

    # -- moves by a group ----------------------------------------------------

    def coalition_moves(self, group: Iterable[int], code: int, improving: bool) -> frozenset[int]:
        """``R_H(s)`` (or ``R_H^+(s)``): states reached by legal sequences of moves by members of H.

        The recursive definition, literally, as a least fixpoint over pairs
        ``(state, last mover)``; ``Ω_H(s, s1)`` is the set of last movers
        recorded for ``s1``:

        1. ``j in H`` and ``s1 in R_j(s)`` give the pair ``(s1, j)``;
        2. a pair ``(s1, k)``, ``j in H`` with ``Ω_H(s, s1) != {j}`` and
           ``s2 in R_j(s1)`` give the pair ``(s2, j)``.

        ``Ω`` only grows, so a condition ``Ω != {j}`` that holds stays true;
        a state is re-examined whenever its ``Ω`` grows.
        """
        members = frozenset(group)
        key = (members, code, improving)
        if key in self._group:
            return self._group[key]
        step = self.unilateral_improvements if improving else self.unilateral_moves
        last_movers: dict[int, set[int]] = {}
        pending: list[int] = []

        def record(state: int, mover: int) -> None:
            movers = last_movers.setdefault(state, set())
            if mover not in movers:
                movers.add(mover)
                pending.append(state)

        for j in sorted(members):
            for s1 in step(j, code):
                record(s1, j)
        while pending:
            s1 = pending.pop()
            for j in sorted(members):
                if last_movers[s1] == {j}:
                    continue  # j moved last into s1 and nobody else did: j may not move again
                for s2 in step(j, s1):
                    record(s2, j)
        result = frozenset(last_movers)
        self._group[key] = result
        return result

    def opponents(self, dm: int) -> frozenset[int]:
        return frozenset(range(self.n_dms)) - {dm}

    # -- stability -----------------------------------------------------------

    def stable(self, concept: Concept, dm: int, code: int) -> bool:
        """Whether state ``code`` is stable for decision maker ``dm`` under ``concept`` (GMCR.md's table)."""
        if concept == "seqsim":
            return self.stable("seq", dm, code) and self.stable("sim", dm, code)
        improvements = self.unilateral_improvements(dm, code)
        if concept == "nash":
            return not improvements
        if concept == "sim":
            return all(self._simultaneous_sanction(dm, code, s1) for s1 in improvements)
        others = self.opponents(dm)
        for s1 in improvements:
            if concept == "gmr":
                answers = self.coalition_moves(others, s1, improving=False)
                sanctioned = any(self.not_preferred(dm, s2, code) for s2 in answers)
            elif concept == "smr":
                answers = self.coalition_moves(others, s1, improving=False)
                sanctioned = any(
                    self.not_preferred(dm, s2, code)
                    and all(self.not_preferred(dm, s3, code) for s3 in self.unilateral_moves(dm, s2))
                    for s2 in answers
                )
            elif concept == "seq":
                answers = self.coalition_moves(others, s1, improving=True)
                sanctioned = any(self.not_preferred(dm, s2, code) for s2 in answers)
            else:
                raise ValueError(f"unknown concept {concept!r}")
            if not sanctioned:
                return False
        return True

    def _simultaneous_sanction(self, dm: int, code: int, s1: int) -> bool:
        """SIM: can the opponents, each staying or taking one of its UIs from ``s``, answer ``s1``?"""
        others = sorted(self.opponents(dm))
        choices = [[None, *sorted(self.unilateral_improvements(j, code))] for j in others]
        for picks in product(*choices):
            if all(p is None for p in picks):
                continue  # not all opponents may stay
            combined = 0
            for option in range(self.n_options):
                if self.owner[option] == dm:
                    source = s1
                else:
                    pick = picks[others.index(self.owner[option])]
                    source = code if pick is None else pick
                combined |= source & (1 << option)
            if combined in self.feasible_set and self.not_preferred(dm, combined, code):
                return True
        return False

    def analyze(self) -> dict[Concept, dict[tuple[int, int], bool]]:
        return {
            concept: {(i, s): self.stable(concept, i, s) for i in range(self.n_dms) for s in self.feasible}
            for concept in CONCEPTS
        }


# -- the functional interface ------------------------------------------------


def feasible_codes(conflict: Conflict) -> list[int]:
    """Feasible state codes, ascending: a code is feasible unless it matches an infeasibility condition."""
    return ReferenceModel(conflict).feasible


def ranks(conflict: Conflict) -> list[dict[int, float]]:
    """Per decision maker, a comparable score for every feasible state (higher is preferred)."""
    return ReferenceModel(conflict).score


def unilateral_moves(conflict: Conflict, dm: int, code: int) -> set[int]:
    return set(ReferenceModel(conflict).unilateral_moves(dm, code))


def unilateral_improvements(conflict: Conflict, dm: int, code: int) -> set[int]:
    return set(ReferenceModel(conflict).unilateral_improvements(dm, code))


def coalition_moves(conflict: Conflict, group: Iterable[int], code: int, improving: bool) -> set[int]:
    return set(ReferenceModel(conflict).coalition_moves(group, code, improving))


def stable(conflict: Conflict, concept: Concept, dm: int, code: int) -> bool:
    return ReferenceModel(conflict).stable(concept, dm, code)


def analyze(conflict: Conflict) -> dict[Concept, dict[tuple[int, int], bool]]:
    """Stability of every feasible state for every decision maker under every concept."""
    return ReferenceModel(conflict).analyze()


def pattern(code: int, n_options: int) -> str:
    """The Y/N pattern of a state code, one character per option in model order."""
    return "".join("Y" if code >> j & 1 else "N" for j in range(n_options))
