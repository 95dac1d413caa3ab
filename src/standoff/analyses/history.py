"""Observed history: the states a conflict actually went through, checked against the model.

A model's top-level ``history:`` list gives dated observed states in time
order, each ``{date, state, mover (optional), description, source}``; the
state is a name, a pattern or an expression matching one feasible state.
The timeline says, for each step, which decision maker moved (the one
whose options changed), whether that move was a unilateral improvement for
it under the model's preferences, and how stable the state reached is under
every concept. Where the model and what happened disagree (a move that is
not an improvement, a move out of a state the model calls stable for the
mover, several decision makers changing options at once) the step says so.

The scorecard asks, for each step after the first, whether the model
predicted it: whether the observed move is among the moves the model
expects from the previous state under each concept. A step where no
option changed is predicted where the previous state is an equilibrium
(nobody is expected to move); a move by one decision maker is predicted
where it is a unilateral improvement that no sanction deters under that
concept (under Nash every improvement; under a limited-move concept, an
improvement from a state that is not stable for the mover); any other
step (a move that is not an improvement, several movers at once) is
predicted under no concept.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from standoff.analyses.explain import SanctionFinder, decision_maker_index
from standoff.analyses.stability import AnalysisResult, analyze
from standoff.analyses.states import resolve_state, state_names
from standoff.concepts import CONCEPT_NAMES, Concept, is_limited_move
from standoff.engine.moves import unilateral_moves
from standoff.errors import ModelError, StandoffError, StateError
from standoff.model.conflict import Conflict, Direction

if TYPE_CHECKING:
    import pandas as pd

_KEYS = {"date", "state", "mover", "description", "source"}


@dataclass(frozen=True)
class HistoryEntry:
    """One observed state: when, which state, who moved (if stated), what happened, who reported it."""

    date: str
    state: str
    mover: str | None = None
    description: str = ""
    source: str = ""


@dataclass(frozen=True)
class TimelineStep:
    """One observed state and the move that led into it from the previous one.

    ``movers`` are the decision makers whose options changed (empty for the
    first entry and when nothing changed); ``improvement`` is set only when
    exactly one decision maker moved. ``stable[concept][i]`` is the state's
    stability for decision maker ``i``. ``predicted[concept]`` says whether
    the model expected this step from the previous state under that concept
    (the scorecard; ``None`` for the first entry).
    """

    entry: HistoryEntry
    state_index: int
    previous_index: int | None
    movers: tuple[int, ...]
    changed: tuple[int, ...]
    improvement: bool | None
    stable: dict[Concept, tuple[bool, ...]]
    equilibrium: dict[Concept, bool]
    disagreements: tuple[str, ...]
    predicted: dict[Concept, bool] | None = None

    @property
    def state(self) -> int:
        """The observed state: its printed number (``state_index`` + 1)."""
        return self.state_index + 1

    @property
    def previous(self) -> int | None:
        """The state observed before it: its printed number (``previous_index`` + 1), or None."""
        return None if self.previous_index is None else self.previous_index + 1


@dataclass(frozen=True)
class Timeline:
    """The observed path through the model's states."""

    result: AnalysisResult
    steps: tuple[TimelineStep, ...]
    names: tuple[tuple[int, str], ...] = ()

    @property
    def disagreements(self) -> int:
        """How many places the model and the observed history disagree, over all steps."""
        return sum(len(step.disagreements) for step in self.steps)

    def scored_steps(self, since: str | None = None) -> tuple[TimelineStep, ...]:
        """The steps the scorecard covers: every step after the first, or those dated ``since`` or later.

        Dates compare as text once a leading ``c.`` is dropped, so ISO dates
        (``2019-02-28``) compare in time order.
        """
        return tuple(
            step
            for step in self.steps
            if step.predicted is not None
            and (since is None or _date_key(step.entry.date) >= _date_key(since))
        )

    def scorecard(self, since: str | None = None) -> dict[Concept, tuple[int, int]]:
        """Per concept: how many of the scored steps the model predicted, out of how many."""
        scored = [step.predicted for step in self.scored_steps(since) if step.predicted is not None]
        return {c: (sum(p[c] for p in scored), len(scored)) for c in self.result.concepts}

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``standoff timeline --format json`` prints: one entry per observed state."""
        from standoff.outputs.timeline_text import timeline_to_dict

        return timeline_to_dict(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per observed state: date, state number and pattern, movers, equilibrium per concept."""
        from standoff.outputs.frame import timeline_to_frame

        return timeline_to_frame(self)

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False, na_rep="")

    def __str__(self) -> str:
        """What ``standoff timeline`` prints, as plain text (``print(result)`` in a notebook)."""
        from standoff.outputs.plain import plain_text
        from standoff.outputs.timeline_text import timeline_table

        return plain_text(timeline_table(self), end="")

    def __repr__(self) -> str:
        n = len(self.steps)
        return (
            f"<Timeline of {self.result.conflict.name!r}: {n} observed state{'s' * (n != 1)}, "
            f"{self.disagreements} disagreement{'s' * (self.disagreements != 1)} with the model>"
        )


def history_entries(conflict: Conflict) -> tuple[HistoryEntry, ...]:
    """Read ``Conflict.history`` (entries as the model file gives them) into :class:`HistoryEntry` objects."""
    entries = []
    for k, raw in enumerate(conflict.history):
        if isinstance(raw, HistoryEntry):
            entries.append(raw)
            continue
        place = f"history[{k}]"
        if not isinstance(raw, dict):
            raise ModelError(
                f"expected a mapping with date, state, description and source, got {type(raw).__name__}",
                file=conflict.path,
                place=place,
            )
        unknown = sorted(set(map(str, raw)) - _KEYS)
        if unknown:
            raise ModelError(
                f"unknown key(s) {', '.join(unknown)}; a history entry has {', '.join(sorted(_KEYS))}",
                file=conflict.path,
                place=place,
            )
        for key in ("date", "state"):
            if raw.get(key) in (None, ""):
                raise ModelError(f"the entry has no {key}", file=conflict.path, place=place)
        entries.append(
            HistoryEntry(
                date=_text(raw["date"]),
                state=_text(raw["state"]),
                mover=None if raw.get("mover") in (None, "") else _text(raw["mover"]),
                description=_text(raw.get("description") or ""),
                source=_text(raw.get("source") or ""),
            )
        )
    return tuple(entries)


def timeline(subject: Conflict | AnalysisResult) -> Timeline:
    """The observed path of ``history:`` checked against the model, one step per entry.

    Raises :class:`ModelError` (naming ``history[k]``) for an entry whose
    state does not resolve to one feasible state, whose stated mover is
    unknown or is not the decision maker whose options changed, or whose
    change undoes an irreversible option.
    """
    result = subject if isinstance(subject, AnalysisResult) else analyze(subject)
    conflict, space = result.conflict, result.space
    entries = history_entries(conflict)
    if not entries:
        raise ModelError(
            "the model has no history: add a history list of dated states",
            file=conflict.path,
            place="history",
        )
    steps: list[TimelineStep] = []
    previous: int | None = None
    for k, entry in enumerate(entries):
        place = f"history[{k}]"
        try:
            state = resolve_state(conflict, space, entry.state, role=f"history state ({entry.date})")
        except StateError as error:
            raise ModelError(str(error), file=conflict.path, place=f"{place}.state") from None
        movers: tuple[int, ...] = ()
        changed: tuple[int, ...] = ()
        improvement: bool | None = None
        notes: list[str] = []
        if previous is not None:
            flipped = int(space.codes[previous]) ^ int(space.codes[state])
            changed = tuple(j for j in range(space.n_options) if flipped >> j & 1)
            movers = tuple(sorted({conflict.options[j].owner for j in changed}))
            _check_directions(conflict, space.codes[previous], changed, place)
        if entry.mover is not None:
            try:
                stated = decision_maker_index(conflict, entry.mover)
            except StandoffError as error:
                raise ModelError(str(error), file=conflict.path, place=f"{place}.mover") from None
            if previous is None or stated not in movers or len(movers) != 1:
                what = (
                    "this is the first entry"
                    if previous is None
                    else "no option changed"
                    if not movers
                    else "the options that changed belong to "
                    + ", ".join(conflict.decision_makers[d].name for d in movers)
                )
                raise ModelError(
                    f"the entry says {conflict.decision_makers[stated].name} moved, but {what}",
                    file=conflict.path,
                    place=f"{place}.mover",
                )
        if previous is not None and len(movers) == 1:
            mover = movers[0]
            name = conflict.decision_makers[mover].name
            if state not in set(int(t) for t in unilateral_moves(space, mover, previous)):
                notes.append(
                    f"the model does not let {name} make this move (it misperceives one of the states)"
                )
            before, after = int(space.ranks[mover, previous]), int(space.ranks[mover, state])
            improvement = after > before
            if not improvement:
                how = "likes it less" if after < before else "is indifferent"
                notes.append(f"not an improvement for {name}: by the model's preferences {name} {how}")
            else:
                held = [
                    CONCEPT_NAMES[c]
                    for c in result.concepts
                    if c != "nash" and result.stable[c][mover, previous]
                ]
                if held:
                    notes.append(
                        f"{name} moved although the model calls the previous state stable for it under "
                        + ", ".join(held)
                    )
        elif len(movers) > 1:
            notes.append(
                "several decision makers changed options at once ("
                + ", ".join(conflict.decision_makers[d].name for d in movers)
                + "): not one unilateral move"
            )
        predicted = None if previous is None else _predicted(result, previous, state, movers, improvement)
        stable = {c: tuple(bool(x) for x in result.stable[c][:, state]) for c in result.concepts}
        equilibrium = {c: all(stable[c]) for c in result.concepts}
        if k == len(entries) - 1 and not any(equilibrium.values()):
            notes.append("the last observed state is not an equilibrium under any concept")
        steps.append(
            TimelineStep(
                entry,
                state,
                previous,
                movers,
                changed,
                improvement,
                stable,
                equilibrium,
                tuple(notes),
                predicted,
            )
        )
        previous = state
    return Timeline(result, tuple(steps), state_names(conflict, space))


def _predicted(
    result: AnalysisResult, previous: int, state: int, movers: tuple[int, ...], improvement: bool | None
) -> dict[Concept, bool]:
    """Under each concept, whether the model expects the step ``previous → state`` (module docstring)."""
    concepts = result.concepts
    if not movers:
        return {c: bool(result.stable[c][:, previous].all()) for c in concepts}
    mover = movers[0]
    reachable = state in set(int(t) for t in unilateral_moves(result.space, mover, previous))
    if len(movers) != 1 or not improvement or not reachable:
        return {c: False for c in concepts}
    finder = SanctionFinder(result.space, mover, previous)
    predicted: dict[Concept, bool] = {}
    for c in concepts:
        if c == "nash":
            predicted[c] = True
        elif c == "seqsim":
            predicted[c] = finder.find(state, "seq") is None or finder.find(state, "sim") is None
        elif is_limited_move(c) or c not in ("gmr", "smr", "seq", "sim"):
            predicted[c] = not bool(result.stable[c][mover, previous])
        else:
            predicted[c] = finder.find(state, c) is None
    return predicted


def _check_directions(conflict: Conflict, code: Any, changed: tuple[int, ...], place: str) -> None:
    """An observed change must respect each option's permitted direction."""
    for j in changed:
        option = conflict.options[j]
        was_taken = bool(int(code) >> j & 1)
        if option.direction is Direction.FORWARD and was_taken:
            raise ModelError(
                f"option {option.name} is irreversible (direction: forward) but goes from Y back to N here",
                file=conflict.path,
                place=f"{place}.state",
            )
        if option.direction is Direction.BACKWARD and not was_taken:
            raise ModelError(
                f"option {option.name} can only be dropped (direction: backward) but goes from N to Y here",
                file=conflict.path,
                place=f"{place}.state",
            )


def _date_key(date: str) -> str:
    """A history date as compared for the scorecard: without a leading ``c.`` (circa)."""
    text = date.strip()
    return text[2:].strip() if text.lower().startswith("c.") else text


def _text(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()
