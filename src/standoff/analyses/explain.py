"""Why a state is stable or not: each unilateral improvement and the sanction that deters it.

For a state ``s`` and a decision maker ``i``, the explanation lists every
unilateral improvement ``s1 ∈ R_i^+(s)`` and, under the chosen concept, the
*sanction* the opponents can answer it with (Fang, Hipel & Kilgour 1993,
ch. 3; docs/explanation/definitions.md, "Stability of a state for one decision maker"):

- GMR: a sequence of opponents' moves from ``s1`` to some ``s2 <=_i s``;
- SMR: as GMR, and every move of ``i`` from ``s2`` is still ``<=_i s``;
- SEQ: as GMR, with every move an improvement for its mover;
- SIM: opponents' improvements from ``s`` taken at the same time as ``i``'s;
- Nash: no sanction counts, so every improvement is undeterred;
- SEQ+SIM: both a SEQ and a SIM sanction;
- GMR, SMR, SEQ strong (strength of preference, :mod:`standoff.stability.strength`): as the
  ordinary concept, ending in a state ``i`` likes *strongly* less than ``s`` (for SMR every escape
  too); when only a mild sanction exists, the explanation names it as such.

Sanction paths are shortest paths (breadth-first search) in the union of the
opponents' move graphs. Option-form moves are transitive for each decision
maker, so a shortest path never has one decision maker move twice in a row:
it is a legal sequence (see :mod:`standoff.engine.moves`). The explanation
finds a sanction exactly when the engine counts the improvement as deterred;
the tests check this on generated conflicts.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from standoff.analyses.stability import AnalysisResult, Progress, is_small
from standoff.analyses.states import State, state_index, state_names, state_of
from standoff.concepts import CONCEPT_NAMES, Concept, concept_key, is_strong
from standoff.engine.move_lists import indices_of
from standoff.engine.moves import unilateral_improvements, unilateral_moves
from standoff.engine.space import StateSpace
from standoff.errors import StandoffError
from standoff.model.conflict import Conflict
from standoff.model.profile import read_profile
from standoff.stability.strength import STRONG_OF

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Move:
    """One move: ``decision_maker`` changes its options from state ``source`` to ``target``.

    ``partners`` are the other decision makers who change theirs in the same
    step (a joint move; empty for a unilateral move).
    """

    decision_maker: int
    source_index: int
    target_index: int
    partners: tuple[int, ...] = ()

    @property
    def source(self) -> int:
        """The state the move leaves: its printed number (``source_index`` + 1)."""
        return self.source_index + 1

    @property
    def target(self) -> int:
        """The state the move leads to: its printed number (``target_index`` + 1)."""
        return self.target_index + 1

    @property
    def movers(self) -> tuple[int, ...]:
        """Every decision maker who moves, in model order."""
        return tuple(sorted((self.decision_maker, *self.partners)))


@dataclass(frozen=True)
class Sanction:
    """The opponents' answer to an improvement, under one concept.

    ``moves`` lead from the improvement to ``state`` (for SIM they are taken
    from the original state at the same time as the improvement, and
    ``simultaneous`` is true). ``counter_moves`` (SMR only) are the states
    the sanctioned decision maker could move to from ``state``: none is
    better for it than the original state.
    """

    concept: Concept
    moves: tuple[Move, ...]
    state_index: int
    counter_move_indices: tuple[int, ...] = ()
    simultaneous: bool = False

    @property
    def state(self) -> int:
        """The state the sanction ends in: its printed number (``state_index`` + 1)."""
        return self.state_index + 1

    @property
    def counter_moves(self) -> tuple[int, ...]:
        """The counter-moves' states: their printed numbers (``counter_move_indices`` + 1)."""
        return tuple(s + 1 for s in self.counter_move_indices)


@dataclass(frozen=True)
class ImprovementExplanation:
    """One unilateral improvement and, per concept checked, its sanction (``None``: nothing deters it)."""

    improvement_index: int
    sanctions: tuple[tuple[Concept, Sanction | None], ...]
    mild: tuple[tuple[Concept, Sanction], ...] = ()
    """Strong concepts only: the ordinary (mild) sanction of an improvement no strong sanction deters."""

    @property
    def improvement(self) -> int:
        """The state the improvement leads to: its printed number (``improvement_index`` + 1)."""
        return self.improvement_index + 1

    @property
    def deterred(self) -> bool:
        """Whether a sanction deters the improvement under every concept checked."""
        return all(sanction is not None for _, sanction in self.sanctions)


PROFILE: Concept = "profile"
"""An explanation's ``concept`` when each decision maker is judged by its own (a profile)."""

MAX_SHOWN_IMPROVEMENTS = 6
"""Most improvements per decision maker that a picture or the focused graph draws."""


@dataclass(frozen=True)
class DecisionMakerExplanation:
    """Why the state is (or is not) stable for one decision maker.

    ``perceived`` is false when the decision maker does not perceive the
    state: it cannot move out of it, so the state is stable for it.
    ``concept`` is the concept this decision maker is judged by (under a
    profile, its own).
    """

    decision_maker: int
    improvements: tuple[ImprovementExplanation, ...]
    perceived: bool = True
    concept: Concept = ""

    @property
    def stable(self) -> bool:
        """Whether every improvement of this decision maker is deterred."""
        return all(item.deterred for item in self.improvements)

    def shown(self, limit: int = MAX_SHOWN_IMPROVEMENTS) -> tuple[ImprovementExplanation, ...]:
        """The improvements a picture or the focused graph draws: those nothing deters first (each one
        makes the state unstable), then the deterred ones, at most ``limit``, otherwise in order. A
        decision maker with many options has hundreds; the text lists them all."""
        undeterred = [item for item in self.improvements if not item.deterred]
        deterred = [item for item in self.improvements if item.deterred]
        return tuple((undeterred + deterred)[:limit])


@dataclass(frozen=True)
class Explanation:
    """The explanation of one state's stability under one concept, or under a profile.

    ``index`` (and every state inside ``decision_makers``) is a position in
    ``space``; :attr:`state` is the same state as the tables show it. Under a
    profile (a concept per decision maker, ``profile`` in model order),
    ``concept`` is ``"profile"`` and each decision maker's verdict is under its own
    concept (:meth:`concept_of`).

    Examples:
        >>> import standoff
        >>> pd = standoff.load("examples/prisoners-dilemma.yaml")
        >>> why = pd.explain("both_cooperate", "nash")
        >>> why
        <Explanation of state 1 NN under Nash: not stable (unstable for Row, Column)>
        >>> why.to_frame()[["decision_maker", "improvement_state", "deterred"]]
          decision_maker  improvement_state  deterred
        0            Row                  2     False
        1         Column                  3     False
    """

    conflict: Conflict
    space: StateSpace
    index: int
    concept: Concept
    decision_makers: tuple[DecisionMakerExplanation, ...]
    status_quo_index: int | None = None
    names: tuple[tuple[int, str], ...] = ()
    profile: tuple[Concept, ...] = ()
    bounds: npt.NDArray[np.int64] | None = None
    """Strong concepts: :func:`standoff.engine.strength.strength_bounds` of the model."""

    def concept_of(self, dm: int) -> Concept:
        """The concept decision maker ``dm`` (its index) is judged by: its own under a profile."""
        return self.profile[dm] if self.profile else self.concept

    @property
    def concept_words(self) -> str:
        """How tables name what the state is judged by: ``SEQ``, or ``the profile Row: Nash, Column: GMR``."""
        if not self.profile:
            return CONCEPT_NAMES[self.concept]
        from standoff.analyses.profile import profile_text

        return "the profile " + profile_text(self.conflict.decision_maker_names, self.profile)

    def by_construction(self) -> tuple[str, ...]:
        """What makes this state stable whatever the concept finds (see
        :func:`standoff.analyses.audit.by_construction`)."""
        from standoff.analyses.audit import by_construction

        return by_construction(self.conflict, self.space, self.index)

    @property
    def state(self) -> State:
        """The state explained, with the number the tables print."""
        return state_of(self.conflict, self.space, self.index)

    @property
    def status_quo(self) -> State | None:
        """The model's status quo, if it has one."""
        return (
            None
            if self.status_quo_index is None
            else state_of(self.conflict, self.space, self.status_quo_index)
        )

    @property
    def stable(self) -> bool:
        """Stable for every decision maker explained."""
        return all(d.stable for d in self.decision_makers)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``standoff explain --format json`` prints (states as patterns, with numbers)."""
        from standoff.outputs.explain_text import explanation_to_dict

        return explanation_to_dict(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per unilateral improvement and concept checked: the improvement and its sanction."""
        from standoff.outputs.frame import explanation_to_frame

        return explanation_to_frame(self)

    def to_svg(self) -> str:
        """The explanation as a picture (``standoff explain --format svg``): the state, each improvement
        from it and the answer that deters it, each state marked as an equilibrium or not. Only the
        states drawn are judged (no analysis of the whole model: a large one costs minutes)."""
        from standoff.outputs.picture_svg import explanation_picture, render_svg

        judged: dict[int, bool] = {}  # a state drawn twice is judged once

        def verdict(state: int) -> bool:
            if state not in judged:
                judged[state] = self.equilibrium(state)
            return judged[state]

        return render_svg(explanation_picture(self, verdict))

    def equilibrium(self, state: int) -> bool:
        """Whether the state at position ``state`` is an equilibrium under this explanation's concept or
        profile (stable for every decision maker), judged for that state alone."""
        every = range(self.space.n_decision_makers)
        return all(
            explain_for(self.space, d, state, self.concept_of(d), bounds=self.bounds).stable for d in every
        )

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_html_(self) -> str:
        from standoff.outputs.html import explanation_html

        return explanation_html(self)

    def __str__(self) -> str:
        """What ``standoff explain`` prints, as plain text (``print(result)`` in a notebook)."""
        from standoff.outputs.explain_text import explanation_table
        from standoff.outputs.plain import plain_text

        return plain_text(explanation_table(self), end="")

    def __repr__(self) -> str:
        dms = self.conflict.decision_maker_names
        unstable = [dms[d.decision_maker] for d in self.decision_makers if not d.stable]
        verdict = "stable" if not unstable else f"not stable (unstable for {', '.join(unstable)})"
        here = f"state {self.index + 1} {self.space.pattern(self.index)}"
        return f"<Explanation of {here} under {self.concept_words}: {verdict}>"


def explain(
    subject: Conflict | AnalysisResult,
    state: str | int,
    concept: str = "seq",
    dm: str | int | None = None,
    *,
    progress: Progress | None = None,
    profile: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
) -> Explanation:
    """Explain why ``state`` is stable or not for each decision maker (or only ``dm``) under ``concept``.

    With ``profile`` (decision maker name -> concept, every decision maker once), each decision maker is
    judged by its own concept instead, and ``concept`` is not used.

    ``state`` is a state's printed number (from 1), a :class:`State`, a
    state name, a pattern, or an expression matching one feasible state.
    ``concept`` is a concept's name in any case. Raises :class:`StateError` for a state
    that does not resolve and :class:`StandoffError` for an unknown decision
    maker or concept. ``progress`` hears after each improvement how many are explained
    (see :data:`standoff.analyses.stability.Progress`).
    """
    if progress is not None and not isinstance(subject, AnalysisResult):
        progress("building the state space", 0, None)
    conflict, space, status_quo = _unpack(subject)
    keys: tuple[Concept, ...] = ()
    if profile is not None:
        keys = read_profile(conflict.decision_maker_names, profile)
        for key in keys:
            check_sanction_concept(key)
        chosen = PROFILE
    else:
        chosen = check_sanction_concept(concept)
    strong = tuple(k for k in (keys or (chosen,)) if is_strong(k))
    bounds = None
    if strong:
        from standoff.engine.strength import check_strength, strength_bounds

        check_strength(conflict, strong)
        bounds = strength_bounds(conflict, space)
    index = state_index(conflict, space, state)
    dms = [decision_maker_index(conflict, dm)] if dm is not None else list(range(space.n_decision_makers))
    total = sum(unilateral_improvements(space, d, index).size for d in dms if space.perceived[d, index])
    explained = []
    done = 0
    for d in dms:
        name = conflict.decision_makers[d].name

        def step(count: int, name: str = name, before: int = done) -> None:
            if progress is not None:
                progress(f"sanctions of {name}'s improvements", before + count, total)

        explained.append(explain_for(space, d, index, keys[d] if keys else chosen, step, bounds=bounds))
        done += len(explained[-1].improvements)
    names = state_names(conflict, space)
    return Explanation(conflict, space, index, chosen, tuple(explained), status_quo, names, keys, bounds)


def explain_for(
    space: StateSpace,
    dm: int,
    state: int,
    concept: Concept,
    progress: Callable[[int], None] | None = None,
    *,
    bounds: npt.NDArray[np.int64] | None = None,
) -> DecisionMakerExplanation:
    """The improvements of ``dm`` from ``state`` and the sanction of each under ``concept``.

    ``progress`` hears after each improvement how many have been explained. The strong concepts need
    ``bounds`` (:func:`standoff.engine.strength.strength_bounds`).
    """
    if not space.perceived[dm, state]:
        return DecisionMakerExplanation(dm, (), perceived=False, concept=concept)
    parts: tuple[Concept, ...] = ("seq", "sim") if concept == "seqsim" else (concept,)
    bound = None
    if is_strong(concept):
        if bounds is None:
            raise StandoffError(f"{CONCEPT_NAMES[concept]} needs the bounds of strength of preference")
        bound = int(bounds[dm, state])
    finder = SanctionFinder(space, dm, state, bound)
    items = []
    for done, improvement in enumerate(unilateral_improvements(space, dm, state).tolist(), start=1):
        sanctions = tuple((part, finder.find(improvement, part)) for part in parts)
        mild = tuple(
            (part, found)
            for part, sanction in sanctions
            if sanction is None and is_strong(part)
            for found in [finder.find(improvement, STRONG_OF[part])]
            if found is not None
        )
        items.append(ImprovementExplanation(improvement, sanctions, mild))
        if progress is not None:
            progress(done)
    return DecisionMakerExplanation(dm, tuple(items), concept=concept)


def find_sanction(
    space: StateSpace, dm: int, state: int, improvement: int, concept: Concept
) -> Sanction | None:
    """The shortest sanction of ``dm``'s move ``state → improvement`` under ``concept``, or ``None``."""
    return SanctionFinder(space, dm, state).find(improvement, concept)


class SanctionFinder:
    """The sanctions of one decision maker's improvements from one state, concept by concept.

    What every improvement of the state shares is worked out once: which
    states would deter (by rank, or for SMR by the best reply too), the
    opponents' simultaneous answers (SIM), and, on big state spaces, the
    arrays of the search through the grouped moves.
    """

    def __init__(self, space: StateSpace, dm: int, state: int, bound: int | None = None) -> None:
        self.space = space
        self.dm = dm
        self.state = state
        self.limit = int(space.ranks[dm, state])
        self.bound = bound
        """The strong concepts' limit: ``dm`` strongly prefers the state to those ranked at most this."""
        self.grouped = not is_small(space)
        self._good: dict[tuple[Concept, int], npt.NDArray[np.bool_]] = {}
        self._workspace: Any = None
        self._answers: tuple[list[tuple[int | None, ...]], npt.NDArray[np.int64]] | None = None

    def find(self, improvement: int, concept: Concept) -> Sanction | None:
        """The shortest sanction of the move to ``improvement`` under ``concept``, or ``None``."""
        space, dm = self.space, self.dm
        if concept == "nash":
            return None
        if concept == "sim":
            return self._simultaneous(improvement)
        limit = self.limit
        base = concept
        if is_strong(concept):
            if self.bound is None:
                raise StandoffError(f"{CONCEPT_NAMES[concept]} needs the bounds of strength of preference")
            base, limit = STRONG_OF[concept], self.bound
        if base not in ("gmr", "seq", "smr"):
            raise StandoffError(f"no sanctions are defined for the concept {concept!r}")
        improving = base == "seq"
        if self.grouped:
            found = self._grouped_path(improvement, base, limit, improving=improving)
        else:
            good = self._plain_good(base, limit)
            found = opponent_path(space, dm, improvement, good, improving=improving)
        if found is None:
            return None
        if base == "smr":
            counter = tuple(unilateral_moves(space, dm, found[1]).tolist())
            return Sanction(concept, found[0], found[1], counter)
        return Sanction(concept, found[0], found[1])

    def _plain_good(self, concept: Concept, limit: int) -> Callable[[int], bool]:
        ranks, space, dm = self.space.ranks[self.dm], self.space, self.dm
        if concept == "smr":
            return lambda t: (
                int(ranks[t]) <= limit and all(int(ranks[u]) <= limit for u in unilateral_moves(space, dm, t))
            )
        return lambda t: int(ranks[t]) <= limit

    def _grouped_path(
        self, improvement: int, concept: Concept, limit: int, *, improving: bool
    ) -> tuple[tuple[Move, ...], int] | None:
        from standoff.engine.searches import Workspace

        key: tuple[Concept, int] = ("smr" if concept == "smr" else "gmr", limit)
        if key not in self._good:
            values = self.space.ranks[self.dm].astype(np.int64)
            if key[0] == "smr":
                from standoff.engine.reach import best_reply_value

                values = best_reply_value(self.space, self.dm, values)
            self._good[key] = values <= limit
        if self._workspace is None:
            self._workspace = Workspace(self.space, opponents(self.space, self.dm))
        search = self._workspace.search(improvement, improving=improving, good=self._good[key])
        if search.back_to_start is not None:
            last, mover = search.back_to_start
            path = [Move(*step) for step in search.path_to(last)]
            return (*path, Move(mover, last, improvement)), improvement
        if search.found < 0:
            return None
        return tuple(Move(*step) for step in search.path_to(search.found)), search.found

    def _simultaneous(self, improvement: int) -> Sanction | None:
        """A SIM sanction: opponents' improvements from the state that, with ``dm``'s, leave it no better.

        Combinations with fewer movers are tried first; the combinations and
        their joint change of options are listed once for every improvement.
        """
        space, state = self.space, self.state
        group = opponents(space, self.dm)
        if self._answers is None:
            code = int(space.codes[state])
            choices: list[list[int | None]] = [
                [None, *unilateral_improvements(space, j, state).tolist()] for j in group
            ]
            combos = sorted(product(*choices), key=lambda combo: sum(c is not None for c in combo))
            combos = [combo for combo in combos if any(c is not None for c in combo)]
            flips = np.zeros(len(combos), dtype=np.int64)
            for k, combo in enumerate(combos):
                for c in combo:
                    if c is not None:
                        flips[k] ^= code ^ int(space.codes[c])
            self._answers = (combos, flips)
        combos, flips = self._answers
        combined = indices_of(space, int(space.codes[improvement]) ^ flips)
        deters = combined >= 0
        deters[deters] = space.ranks[self.dm, combined[deters]] <= self.limit
        hits = np.flatnonzero(deters)
        if hits.size == 0:
            return None
        first = int(hits[0])
        moves = tuple(Move(j, state, c) for j, c in zip(group, combos[first], strict=True) if c is not None)
        return Sanction("sim", moves, int(combined[first]), simultaneous=True)


def opponent_path(
    space: StateSpace, dm: int, start: int, good: Callable[[int], bool], *, improving: bool
) -> tuple[tuple[Move, ...], int] | None:
    """Breadth-first search from ``start`` over the opponents' moves to a state where ``good`` holds.

    Only improvements for their mover count if ``improving``. Returns the
    moves of a shortest path and the state it ends in, or ``None`` when no
    reachable state qualifies. ``start`` itself counts only
    if reached again through a cycle.
    """
    group = opponents(space, dm)
    parent: dict[int, Move] = {}
    seen = {start}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for j in group:
            targets = (
                unilateral_improvements(space, j, current)
                if improving
                else unilateral_moves(space, j, current)
            )
            for target in targets:
                t = int(target)
                if t == start and good(t):
                    return (*_trace(parent, current), Move(j, current, t)), t
                if t in seen:
                    continue
                seen.add(t)
                parent[t] = Move(j, current, t)
                if good(t):
                    return _trace(parent, t), t
                queue.append(t)
    return None


def opponents(space: StateSpace, dm: int) -> list[int]:
    """The decision makers other than ``dm``."""
    return [j for j in range(space.n_decision_makers) if j != dm]


def _trace(parent: dict[int, Move], end: int) -> tuple[Move, ...]:
    moves: list[Move] = []
    while end in parent:
        moves.append(parent[end])
        end = parent[end].source_index
    return tuple(reversed(moves))


def simultaneous_sanction(space: StateSpace, dm: int, state: int, improvement: int) -> Sanction | None:
    """A SIM sanction: opponents' improvements from ``state`` that, with ``dm``'s, leave ``dm`` no better.

    Combinations with fewer movers are tried first.
    """
    return SanctionFinder(space, dm, state).find(improvement, "sim")


def check_concept(concept: str) -> Concept:
    """The concept named by ``concept`` (case-insensitive), or a clear error."""
    return concept_key(concept)


def check_sanction_concept(concept: str) -> Concept:
    """A concept explained by sanctions: any but the limited-move ones, which have lines of play instead."""
    from standoff.concepts import CONCEPT_NAMES, is_limited_move, is_unknown_preference

    chosen = concept_key(concept)
    if is_unknown_preference(chosen):
        raise StandoffError(
            f"{CONCEPT_NAMES[chosen]} is explained by standoff.analyses.unknown_explain.explain_unknown "
            f"(conflict.explain(state, {chosen!r}); standoff explain MODEL STATE --concepts {chosen})"
        )
    if is_limited_move(chosen):
        raise StandoffError(
            f"{CONCEPT_NAMES[chosen]} has no sanctions to show: a limited-move concept is explained by the "
            f"anticipated line of play (standoff explain MODEL STATE --concepts {chosen})"
        )
    return chosen


def decision_maker_index(conflict: Conflict, dm: str | int) -> int:
    """The index of a decision maker given by name (case-insensitive) or index."""
    names = conflict.decision_maker_names
    if isinstance(dm, int):
        if 0 <= dm < len(names):
            return dm
        raise StandoffError(f"there is no decision maker number {dm}; the model has {len(names)}")
    for i, name in enumerate(names):
        if name == dm or name.lower() == dm.strip().lower():
            return i
    import difflib

    close = difflib.get_close_matches(dm.strip(), list(names), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise StandoffError(f"unknown decision maker {dm!r}{hint}; the decision makers are {', '.join(names)}")


def _unpack(subject: Conflict | AnalysisResult) -> tuple[Conflict, StateSpace, int | None]:
    if isinstance(subject, AnalysisResult):
        return subject.conflict, subject.space, subject.status_quo_index
    from standoff.analyses.stability import _status_quo

    space = StateSpace.build(subject)
    return subject, space, _status_quo(subject, space)
