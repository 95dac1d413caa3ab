"""A plain reference implementation of GMCR stability, for checking the fast engine.

Written straight from the definitions in ``GMCR.md`` (Fang, Hipel & Kilgour
1993; Fang, Hipel, Kilgour & Peng 2003; Xu, Hipel, Kilgour & Fang 2018) with
sets, dicts and loops, for conflicts small enough to enumerate (a few dozen
to about a hundred states). It reads the parsed model's data (options,
statements, entries, conditions as trees) and nothing else: conditions are
evaluated and preferences scored by the plain code below, not by
``standoff.model``'s vectorised methods, and nothing comes from the engine or
the analyses, so an error there cannot hide itself by being repeated here.

Strength of preference (``>>``, GMCR.md "Strength of preference") is read off the model the same
way: the first statement on which two states differ, the ``">>"`` between their ranking groups, their
payoff difference; the strong concepts are the ordinary definitions with ``s >> s2`` for ``s2 <= s``.

States are integer codes: bit ``j`` is option ``j`` (``Y`` = 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise, product
from typing import Any, Literal

from standoff.model.conflict import Conflict, Direction

Concept = Literal["nash", "gmr", "smr", "seq", "sim", "seqsim", "gmr_strong", "smr_strong", "seq_strong"]
CONCEPTS: tuple[Concept, ...] = ("nash", "gmr", "smr", "seq", "sim", "seqsim")
STRONG_CONCEPTS: tuple[Concept, ...] = ("gmr_strong", "smr_strong", "seq_strong")


def holds(condition: Any, code: int) -> bool:
    """Whether a condition of the model (a tree of options, constants, not, and, or, if, iff) holds at
    the state ``code``, by its truth table."""
    kind = type(condition).__name__
    if kind == "Option":
        return bool(code >> condition.index & 1)
    if kind == "Constant":
        return bool(condition.value)
    if kind == "Not":
        return not holds(condition.operand, code)
    if kind == "And":
        return all(holds(operand, code) for operand in condition.operands)
    if kind == "Or":
        return any(holds(operand, code) for operand in condition.operands)
    if kind == "If":  # "consequent if condition": false only when the condition holds and the consequent not
        return holds(condition.consequent, code) or not holds(condition.condition, code)
    if kind == "Iff":
        return holds(condition.left, code) == holds(condition.right, code)
    raise TypeError(f"not a condition: {condition!r}")


def _entry_matches(entry: Any, code: int) -> bool:
    """A ranking's or payoff's entry: an exact state code, or a condition."""
    return entry == code if isinstance(entry, int) else holds(entry, code)


def score(preferences: Any, code: int) -> float:
    """A decision maker's score of a state (higher is preferred), from the definitions:

    - option prioritization: ``Σ 2^(q − t)`` over the statements ``t = 1..q`` true at the state (Fang,
      Hipel, Kilgour & Peng 2003, Part I);
    - a direct ranking: ``G − g`` for the state in group ``g`` of ``G`` (0 = most preferred);
    - payoffs: the sum of the values of the entries the state matches.
    """
    kind = type(preferences).__name__
    if kind == "Prioritization":
        q = len(preferences.statements)
        return sum(
            2 ** (q - t) for t, st in enumerate(preferences.statements, 1) if holds(st.expression, code)
        )
    if kind in ("Ranking", "NumberedRanking"):
        groups = preferences.groups
        at = [g for g, group in enumerate(groups) if any(_entry_matches(e, code) for e in group)]
        assert len(at) == 1, f"state {code} is in groups {at} of the ranking"
        return float(len(groups) - at[0])
    if kind == "Payoffs":
        return float(sum(value for entry, value in preferences.entries if _entry_matches(entry, code)))
    raise TypeError(f"unknown preferences: {kind}")


def strongly_prefers(preferences: Any, a: int, b: int) -> bool:
    """``a >> b`` (strength of preference, GMCR.md; Hamouda, Kilgour & Hipel 2004, 2006), from the model:

    - option prioritization: the most important statement on which ``a`` and ``b`` differ is marked
      strong and is true at ``a``;
    - a direct ranking: a ``">>"`` stands between ``a``'s group (above it) and ``b``'s (below it);
    - payoffs: ``payoff(a) - payoff(b) >= strong_threshold``.

    Without strength given, nothing is strongly preferred.
    """
    kind = type(preferences).__name__
    if kind == "Prioritization":
        for statement in preferences.statements:
            at_a, at_b = holds(statement.expression, a), holds(statement.expression, b)
            if at_a != at_b:
                return bool(statement.strong and at_a)
        return False
    if kind in ("Ranking", "NumberedRanking"):
        groups = preferences.groups
        group_a, group_b = (
            next(g for g, group in enumerate(groups) if any(_entry_matches(e, code) for e in group))
            for code in (a, b)
        )
        return any(group_a < k <= group_b for k in getattr(preferences, "tier_breaks", ()))
    if kind == "Payoffs":
        threshold = getattr(preferences, "strong_threshold", None)
        return threshold is not None and score(preferences, a) - score(preferences, b) >= threshold
    raise TypeError(f"unknown preferences: {kind}")


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
            code
            for code in range(1 << self.n_options)
            if not any(holds(condition, code) for condition in conflict.infeasible)
            and all(
                bool(code >> option & 1) == value for option, value in conflict.fixed
            )  # fixed options hold
        ]
        self.feasible_set = frozenset(self.feasible)
        self.owner = {option: i for i, dm in enumerate(conflict.decision_makers) for option in dm.options}
        self.score: list[dict[int, float]] = [
            {code: score(dm.preferences, code) for code in self.feasible} for dm in conflict.decision_makers
        ]
        self._moves: dict[tuple[int, int], frozenset[int]] = {}
        self._group: dict[tuple[frozenset[int], int, bool], frozenset[int]] = {}
        self._anticipated: dict[tuple[int, int, int], int] = {}

    # -- preferences ---------------------------------------------------------

    def prefers(self, dm: int, a: int, b: int) -> bool:
        """``a >_dm b``: strictly more preferred."""
        return self.score[dm][a] > self.score[dm][b]

    def not_preferred(self, dm: int, a: int, b: int) -> bool:
        """``a <=_dm b``: less or equally preferred."""
        return self.score[dm][a] <= self.score[dm][b]

    def strongly_prefers(self, dm: int, a: int, b: int) -> bool:
        """``a >>_dm b``: strongly preferred (see :func:`strongly_prefers`)."""
        return strongly_prefers(self.conflict.decision_makers[dm].preferences, a, b)

    # -- unilateral moves ----------------------------------------------------

    def misperceives(self, dm: int, code: int) -> bool:
        return any(holds(c, code) for c in self.conflict.decision_makers[dm].misperceived)

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

    def stable(self, concept: Concept, dm: int, code: int, leave_out: int | None = None) -> bool:
        """Whether state ``code`` is stable for decision maker ``dm`` under ``concept`` (GMCR.md's table).

        ``leave_out``: an improvement not counted (a roadmap's own next step is no defection).
        """
        if concept == "seqsim":
            return self.stable("seq", dm, code, leave_out) and self.stable("sim", dm, code, leave_out)
        improvements = self.unilateral_improvements(dm, code) - {leave_out}
        if concept == "nash":
            return not improvements
        if concept == "sim":
            return all(self._simultaneous_sanction(dm, code, s1) for s1 in improvements)
        others = self.opponents(dm)
        if concept in STRONG_CONCEPTS:
            return all(self._strong_sanction(concept, dm, code, s1) for s1 in improvements)
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

    def _strong_sanction(self, concept: Concept, dm: int, code: int, s1: int) -> bool:
        """Strong GMR, SMR or SEQ: a sanction ``s2`` of ``s1`` with ``code >>_dm s2`` (for SMR also
        ``code >>_dm s3`` for every ``s3 ∈ R_dm(s2)``); the opponents' improvements for SEQ are mild or
        strong, as any improvement is (Hamouda, Kilgour & Hipel 2006)."""
        others = self.opponents(dm)
        answers = self.coalition_moves(others, s1, improving=concept == "seq_strong")
        return any(
            self.strongly_prefers(dm, code, s2)
            and (
                concept != "smr_strong"
                or all(self.strongly_prefers(dm, code, s3) for s3 in self.unilateral_moves(dm, s2))
            )
            for s2 in answers
        )

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

    # -- coalitions (GMCR.md, "Coalitions") ------------------------------------

    def better_for_all(self, coalition: frozenset[int], a: int, b: int) -> bool:
        """``better_C(a, b)``: every member of the coalition strictly prefers ``a`` to ``b``."""
        return all(self.prefers(k, a, b) for k in coalition)

    def coalition_stable(self, concept: str, coalition: Iterable[int], code: int) -> bool:
        """Whether ``code`` is stable for the coalition under cnash, cgmr, csmr or cseq, by the table."""
        members = frozenset(coalition)
        improvements = [
            s1
            for s1 in self.coalition_moves(members, code, improving=False)
            if self.better_for_all(members, s1, code)
        ]
        return all(self.coalition_answered(concept, members, code, s1) for s1 in improvements)

    def coalition_answered(self, concept: str, coalition: Iterable[int], code: int, s1: int) -> bool:
        """Whether the opponents of the coalition answer its improvement ``code -> s1`` under ``concept``."""
        members = frozenset(coalition)
        others = frozenset(range(self.n_dms)) - members
        if concept == "cnash":
            return False
        answers = self.coalition_moves(others, s1, improving=concept == "cseq") if others else frozenset()
        if concept in ("cgmr", "cseq"):
            return any(not self.better_for_all(members, s2, code) for s2 in answers)
        if concept == "csmr":
            return any(
                not self.better_for_all(members, s2, code)
                and not any(
                    self.better_for_all(members, s3, code)
                    for s3 in self.coalition_moves(members, s2, improving=False)
                )
                for s2 in answers
            )
        raise ValueError(f"unknown coalition concept {concept!r}")

    # -- limited move (GMCR.md, "Limited move Lh and non-myopic NM") ------------

    def anticipated(self, horizon: int, dm: int, code: int) -> int:
        """``G_h(i, s)``: the outcome ``dm`` anticipates from ``code``, moving first, ``horizon`` moves ahead.

        Ties between different states go to the lowest state number (the lowest code).
        """
        if horizon == 0:
            return code
        key = (horizon, dm, code)
        if key not in self._anticipated:
            self._anticipated[key] = self._anticipate(horizon, dm, code)
        return self._anticipated[key]

    def _anticipate(self, horizon: int, dm: int, code: int) -> int:
        other = 1 - dm
        outcomes = {self.anticipated(horizon - 1, other, s1) for s1 in self.unilateral_moves(dm, code)}
        better = [x for x in outcomes if self.prefers(dm, x, code)]
        if not better:
            return code
        top = max(self.score[dm][x] for x in better)
        return min(x for x in better if self.score[dm][x] == top)

    def limited_move_stable(self, horizon: int, dm: int, code: int) -> bool:
        """``Lh``: the decision maker anticipates ending where it is."""
        return self.anticipated(horizon, dm, code) == code

    def non_myopic_stable(self, dm: int, code: int) -> bool | None:
        """``NM``: the limit of the ``Lh`` verdicts as ``h`` grows; ``None`` when they never settle.

        The whole level ``G_h`` is a function of ``G_{h-1}``, so the levels repeat from some ``h0``
        with some period: the verdict is the limit when it is the same at every level of that
        cycle, and undetermined otherwise. (Should no level repeat within 4 × the number of
        states, the verdict at the last level counts when the one before agrees.)
        """
        levels: list[tuple[int, ...]] = []
        where = self.feasible.index(code)
        for horizon in range(1, 4 * len(self.feasible) + 1):
            outcomes = tuple(self.anticipated(horizon, i, s) for i in (0, 1) for s in self.feasible)
            if outcomes in levels:
                cycle = levels[levels.index(outcomes) :]
                verdicts = {level[dm * len(self.feasible) + where] == code for level in cycle}
                return verdicts.pop() if len(verdicts) == 1 else None
            levels.append(outcomes)
        last = self.anticipated(len(levels), dm, code) == code
        return last if last == (self.anticipated(len(levels) - 1, dm, code) == code) else None

    def analyze(self) -> dict[Concept, dict[tuple[int, int], bool]]:
        return {
            concept: {(i, s): self.stable(concept, i, s) for i in range(self.n_dms) for s in self.feasible}
            for concept in CONCEPTS
        }


# -- the functional interface ------------------------------------------------


def feasible_codes(conflict: Conflict) -> list[int]:
    """Feasible state codes, ascending: a code is feasible unless it matches an infeasibility condition or
    gives a fixed option another value than the one it is fixed at."""
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


# -- roadmaps (GMCR.md, "Roadmaps") --------------------------------------------


class ReferenceRoadmaps:
    """Steps, stages and shortest roadmaps, straight from the definitions, over every pair of states.

    A step from ``s`` to ``t`` is checked option by option: the movers are the
    owners of the changed options; there are at most ``max_movers`` of them;
    each changes at most ``step_size`` (``None``: any number) of its options;
    each change respects the option's direction; ``t`` is feasible; no mover
    misperceives ``s`` or ``t``.
    """

    def __init__(
        self, conflict: Conflict, concept: Concept, step_size: int | None, max_movers: int, rule: str
    ) -> None:
        self.model = ReferenceModel(conflict)
        self.concept = concept
        self.step_size = step_size
        self.max_movers = max_movers
        self.rule = rule
        model = self.model
        self.holds = {s: all(model.stable(concept, i, s) for i in range(model.n_dms)) for s in model.feasible}

    def movers(self, source: int, target: int) -> tuple[int, ...] | None:
        """The movers of the step ``source → target``, or ``None`` when it is not a step."""
        model = self.model
        if target == source or target not in model.feasible_set:
            return None
        changed = [j for j in range(model.n_options) if (source ^ target) >> j & 1]
        count: dict[int, int] = {}
        for j in changed:
            direction = model.conflict.options[j].direction
            taken = bool(source >> j & 1)
            if (direction is Direction.FORWARD and taken) or (direction is Direction.BACKWARD and not taken):
                return None
            count[model.owner[j]] = count.get(model.owner[j], 0) + 1
        if len(count) > self.max_movers:
            return None
        if self.step_size is not None and max(count.values()) > self.step_size:
            return None
        if any(model.misperceives(d, source) or model.misperceives(d, target) for d in count):
            return None
        return tuple(sorted(count))

    def acceptable(self, source: int, target: int, goal: int) -> bool:
        """Whether ``source → target`` is a step its movers accept, on the way to the target ``goal``."""
        movers = self.movers(source, target)
        if movers is None:
            return False
        if self.rule == "improve":
            return all(self.model.prefers(d, target, source) for d in movers)
        return all(self.model.prefers(d, goal, source) for d in movers)

    def stage_holds(self, stage: int, following: int | None) -> bool:
        """Whether ``stage`` holds when the roadmap's next step leads to ``following`` (``None``: last).

        Every decision maker must be stable, except that a mover of the next step does not count its
        own part of it (the state it reaches changing its options as the step does, the others' kept)
        among its improvements.
        """
        if self.holds[stage]:
            return True
        if following is None:
            return False
        movers = self.movers(stage, following) or ()
        for d in range(self.model.n_dms):
            own = sum(1 << j for j in range(self.model.n_options) if self.model.owner[j] == d)
            part = (stage & ~own) | (following & own) if d in movers else None
            if not self.model.stable(self.concept, d, stage, part):
                return False
        return True

    def can_be_stage(self, stage: int, start: int, detours: bool = False) -> bool:
        """Whether ``stage`` holds, or would hold with a next step of the right kind: every decision maker
        it is unstable for (at most ``max_movers`` of them) has one improvement whose leaving out makes
        it stable, at most ``step_size`` options away and (without ``detours``) changing no option
        changed since ``start``."""
        if self.holds[stage]:
            return True
        model = self.model
        unstable = [d for d in range(model.n_dms) if not model.stable(self.concept, d, stage)]
        if len(unstable) > self.max_movers:
            return False
        for d in unstable:
            if not any(
                model.stable(self.concept, d, stage, u)
                and (self.step_size is None or bin(u ^ stage).count("1") <= self.step_size)
                and (detours or (u ^ stage) & (stage ^ start) == 0)
                for u in model.unilateral_improvements(d, stage)
            ):
                return False
        return True

    def is_roadmap(self, states: list[int], targets: set[int], detours: bool = False) -> bool:
        """``states`` = s0, ..., sk: ends in a target, every step acceptable, the last stage holds, each
        stage before it holds with its next step left out, no option changed twice (unless ``detours``)."""
        if not states or states[-1] not in targets:
            return False
        goal = states[-1]
        if not all(self.acceptable(a, b, goal) for a, b in pairwise(states)):
            return False
        if len(states) > 1 and not self.holds[goal]:
            return False
        if not all(self.stage_holds(a, b) for a, b in pairwise(states[1:])):
            return False
        if not detours:
            flips = [a ^ b for a, b in pairwise(states)]
            if any(f & g for k, f in enumerate(flips) for g in flips[:k]):
                return False
        return True

    def shortest(
        self, start: int, targets: set[int], detours: bool = False, budget: int = 200_000
    ) -> list[list[int]] | None:
        """Every shortest roadmap (state lists, the start first), by breadth-first search over sequences:
        each layer holds every valid beginning of a roadmap of that length (``None``: more than
        ``budget`` sequences, too many to try). No state repeats on a shortest roadmap (cutting a loop
        leaves a shorter valid one), so only sequences without repeats are grown."""
        if start in targets:
            return [[start]]
        layer = [[start]]
        looked = 0
        while layer:
            done = [path for path in layer if len(path) > 1 and self.is_roadmap(path, targets, detours)]
            if done:
                return done
            following = []
            for path in layer:
                here = path[-1]
                changed = 0
                for a, b in pairwise(path):
                    changed |= a ^ b
                for t in self.model.feasible:
                    if t in path:
                        continue
                    goals = sorted(targets) if self.rule == "target" else [t]
                    if not any(self.acceptable(here, t, goal) for goal in goals):
                        continue
                    if not detours and (here ^ t) & changed:
                        continue
                    if len(path) > 1 and not self.stage_holds(here, t):
                        continue
                    following.append([*path, t])
                    looked += 1
                    if looked > budget:
                        return None
            layer = following
        return []
