"""Schema classes → the immutable Conflict: option order, owners, expressions and names, checked."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

from standoff.concepts import concept_key, is_limited_move
from standoff.errors import ExpressionError, ModelError, ModelErrors
from standoff.io.native.lines import Lines, Loc, place
from standoff.io.native.schema import (
    PREFERENCE_KINDS,
    SHORTHANDS,
    ConditionEntry,
    FixedEntry,
    ModelFile,
    OptionEntry,
    PreferencesEntry,
    RankingGroupEntry,
    StatementEntry,
    UnknownGroupEntry,
)
from standoff.io.native.shorthands import shorthand_condition
from standoff.model.conflict import Conflict, DecisionMaker, Direction, NamedState, OptionSpec
from standoff.model.expressions import Expression, is_pattern, parse, pattern
from standoff.model.preferences import Entry, Payoffs, Preferences, Prioritization, Ranking, Statement
from standoff.model.profile import ProfileError, read_profile
from standoff.model.uncertainty import StructuralCall, Uncertainty

__all__ = ["Builder", "read_state"]

T = TypeVar("T")
R = TypeVar("R")
P = TypeVar("P", Prioritization, Ranking)


TIER_BREAK = ">>"
"""The ranking entry that splits a ranking into tiers of strength of preference."""


def _call_order(call: StructuralCall) -> tuple[int, int]:
    """Structural calls in model order: directions (by option), conditions, then fixed options."""
    return ("direction", "condition", "fixed").index(call.kind), call.index


def read_state(text: str, names: Mapping[str, int], n_options: int) -> Expression:
    """A pattern (exactly one Y/N/- per option) or else an expression over the option ``names``.

    Raises ExpressionError when ``text`` is neither.
    """
    if is_pattern(text, n_options):
        return pattern(text, n_options)
    return parse(text, names)


class Builder:
    """Turns a validated model file into a Conflict, reporting meaning errors with their place."""

    def __init__(self, file: str | None, lines: Lines) -> None:
        self.file = file
        self.lines = lines
        self.names: dict[str, int] = {}
        self.n = 0
        self.problems: list[ModelError] = []
        self.calls: list[StructuralCall] = []

    def fail(self, problem: str, loc: Loc, error: type[ModelError] = ModelError) -> NoReturn:
        """Raise ``error`` about the place ``loc`` (with its line and column when known)."""
        raise self.lines.error(problem, loc, self.file, error)

    def raise_problems(self) -> None:
        """Raise the problems noted so far: the one alone, or ModelErrors listing them all."""
        if len(self.problems) == 1:
            raise self.problems[0]
        if self.problems:
            raise ModelErrors(self.problems)

    @contextmanager
    def attempt(self) -> Iterator[None]:
        """Note a problem in one part of the model and go on with the next, to report them all at once."""
        try:
            yield
        except ModelErrors as errors:
            self.problems.extend(errors.errors)
        except ModelError as error:
            self.problems.append(error)

    def each(self, items: Iterable[T], read: Callable[[T], R]) -> list[R]:
        """``read`` of every item, noting each item's problem and going on (see :meth:`attempt`)."""
        out = []
        for item in items:
            with self.attempt():
                out.append(read(item))
        return out

    # -- states and expressions ------------------------------------------------

    def expression(self, text: str, loc: Loc) -> Expression:
        """A pattern (exactly one Y/N/- per option) or an expression."""
        try:
            return read_state(text, self.names, self.n)
        except ExpressionError as error:
            self.fail(self._pattern_problem(text) or self._suggest(error.problem), loc, ExpressionError)

    def _suggest(self, problem: str) -> str:
        """``problem`` with "did you mean" added when it names an unknown option close to a known one."""
        unknown = re.search(r"unknown option '([^']*)'", problem)
        if unknown is None:
            return problem
        close = difflib.get_close_matches(unknown.group(1), list(self.names), n=1, cutoff=0.6)
        if not close:
            close = [name for name in self.names if name.lower() == unknown.group(1).lower()][:1]
        if not close:
            return problem
        at = unknown.end()
        return f"{problem[:at]} (did you mean {close[0]!r}?){problem[at:]}"

    def entry(self, text: str, loc: Loc) -> Entry:
        """A ranking or payoff entry: a full pattern is kept as its exact state code."""
        if is_pattern(text, self.n) and "-" not in text:
            return sum(1 << j for j, c in enumerate(text) if c == "Y")
        return self.expression(text, loc)

    def _pattern_problem(self, text: str) -> str | None:
        """A clearer message when text that failed to parse was meant as a pattern."""
        order = list(self.names)
        shown = ", ".join(order[:12]) + (", ..." if len(order) > 12 else "")
        if re.fullmatch(r"[YN\-]+", text):
            return (
                f"pattern {text!r} has {len(text)} character{'s' if len(text) != 1 else ''} but the model "
                f"has {self.n} options: give one Y, N or - per option, in model order ({shown})"
            )
        if len(text) == self.n and re.fullmatch(r"[A-Za-z\-]+", text):
            if is_pattern(text.upper(), self.n):
                return f"pattern {text!r}: write Y and N as capital letters"
            odd = [(i, c) for i, c in enumerate(text, start=1) if c not in "YN-"]
            if len(odd) <= max(1, self.n // 4) and len(odd) < len(text):
                i, c = odd[0]
                return f"pattern {text!r} has {c!r} at position {i}: each character must be Y, N or -"
        return None

    # -- parts of the model ----------------------------------------------------

    def options(self, model: ModelFile) -> tuple[tuple[OptionSpec, ...], list[tuple[int, ...]]]:
        """Every option with its owner, in model order, and each decision maker's options (listed order)."""
        if len(model.decision_makers) < 2:
            self.fail(
                f"a conflict needs at least two decision makers, found {len(model.decision_makers)}",
                ("decision_makers",),
            )
        dm_seen: dict[int, str] = {}
        listed: list[OptionSpec] = []
        where: dict[str, Loc] = {}
        for i, dm in enumerate(model.decision_makers):
            with self.attempt():
                if not dm.name.strip():
                    self.fail("the decision maker's name is empty", ("decision_makers", i, "name"))
                if dm.name in dm_seen.values():
                    first_dm = next(k for k, name in dm_seen.items() if name == dm.name)
                    self.fail(
                        f"decision maker name {dm.name!r} is already used by decision_makers[{first_dm}]",
                        ("decision_makers", i, "name"),
                    )
            dm_seen[i] = dm.name
            with self.attempt():
                if not dm.options:
                    self.fail(
                        f"decision maker {dm.name!r} has no options; "
                        "every decision maker controls at least one",
                        ("decision_makers", i, "options"),
                    )
            for j, item in enumerate(dm.options):
                loc: Loc = ("decision_makers", i, "options", j)
                option = OptionEntry(name=item) if isinstance(item, str) else item
                with self.attempt():
                    if not option.name.strip():
                        self.fail("the option's name is empty", loc)
                    if option.name in where:
                        first = place(where[option.name])
                        self.fail(f"option name {option.name!r} is already used at {first}", loc)
                    where[option.name] = loc
                    take, drop = self.labels(option, loc)
                    self.direction_call(option, len(listed), loc)
                    listed.append(
                        OptionSpec(
                            option.name, i, Direction(option.direction), option.description, take, drop
                        )
                    )
        self.raise_problems()
        if "option_order" in model.model_fields_set:
            position = self.option_order(model.option_order, list(where))
        else:
            position = {spec.name: k for k, spec in enumerate(listed)}
        specs = tuple(sorted(listed, key=lambda spec: position[spec.name]))
        self.calls = [
            StructuralCall(c.kind, position[listed[c.index].name], c.alternatives, c.note, c.weight)
            for c in self.calls
        ]
        owned = [tuple(position[o.name] for o in listed if o.owner == i) for i in range(len(dm_seen))]
        self.names = {spec.name: k for k, spec in enumerate(specs)}
        self.n = len(specs)
        return specs, owned

    def labels(self, option: OptionEntry, loc: Loc) -> tuple[str, str]:
        """An option's ``take`` and ``drop`` labels, stripped; a label given but empty is an error."""
        words = []
        for key in ("take", "drop"):
            text = getattr(option.labels, key).strip()
            if key in option.labels.model_fields_set and not text:
                self.fail(
                    f"the {key} label is empty: write the move in words, or leave the key out",
                    (*loc, "labels", key),
                )
            words.append(" ".join(text.split()))
        return words[0], words[1]

    def direction_call(self, option: OptionEntry, k: int, loc: Loc) -> None:
        """Note an uncertain direction as a structural call on listed option ``k``."""
        given = option.model_fields_set
        if not option.uncertain:
            extra = [key for key in ("or_instead", "weight") if key in given]
            if extra:
                self.fail(f"{extra[0]} is for an uncertain direction: add uncertain: true", (*loc, extra[0]))
            return
        others = [d for d in ("both", "forward", "backward") if d != option.direction]
        alternatives = list(dict.fromkeys(option.or_instead)) or (
            ["both"] if option.direction != "both" else others
        )
        for e, alternative in enumerate(alternatives):
            if alternative == option.direction:
                self.fail(
                    f"{alternative!r} is the option's own direction: or_instead lists the others",
                    (*loc, "or_instead", e),
                )
        self.calls.append(StructuralCall("direction", k, tuple(alternatives), option.note, option.weight))

    def option_order(self, order: list[str], names: list[str]) -> dict[str, int]:
        """Each option's position in an explicit ``option_order`` (every option exactly once)."""
        position: dict[str, int] = {}
        for k, name in enumerate(order):
            if name not in names:
                problem = f"{name!r} is not an option of any decision maker (options: {', '.join(names)})"
                self.fail(problem, ("option_order", k))
            if name in position:
                self.fail(f"option {name!r} is listed twice", ("option_order", k))
            position[name] = k
        missing = [name for name in names if name not in position]
        if missing:
            self.fail(f"the option order leaves out {', '.join(map(repr, missing))}", ("option_order",))
        return position

    def preferences(self, entry: PreferencesEntry, loc: Loc) -> Preferences:
        """A decision maker's prioritization, ranking or payoffs (exactly one of them)."""
        given = [kind for kind in PREFERENCE_KINDS if kind in entry.model_fields_set]
        if len(given) != 1:
            found = "none" if not given else " and ".join(given)
            self.fail(f"give exactly one of prioritization, ranking or payoffs; found {found}", loc)
        kind = given[0]
        items: list[Any] = getattr(entry, kind)
        if not items:
            self.fail(f"the {kind} is empty", (*loc, kind))
        if kind != "payoffs" and entry.strong_threshold is not None:
            self.fail(
                f"strong_threshold is for payoffs; a {kind} gives strength by "
                + (
                    "strong: true on its leading statements"
                    if kind == "prioritization"
                    else "'>>' between entries"
                ),
                (*loc, "strong_threshold"),
            )
        if kind == "payoffs" and entry.uncertain:
            self.fail("payoffs cannot be uncertain: give a prioritization or a ranking", (*loc, "uncertain"))
        if kind == "prioritization":

            def statement(numbered: tuple[int, Any]) -> Statement:
                t, item = numbered
                at: Loc = (*loc, kind, t)
                if isinstance(item, str):
                    return Statement(self.expression(item, at), item)
                expression = self.expression(item.statement, (*at, "statement"))
                uncertainty = self.uncertainty(item, len(items), at)
                source_kind = item.source_kind or ""
                return Statement(
                    expression, item.statement, item.source, item.note, uncertainty, source_kind, item.strong
                )

            before = len(self.problems)
            statements = tuple(self.each(enumerate(items), statement))
            self.strong_block(items, (*loc, kind))
            prioritization = Prioritization(statements, entry.uncertain)
            if prioritization.strong_block and prioritization.orderings() is not None:
                self.fail(
                    "strong statements need a certain order: strength of preference with uncertain "
                    "statements is not supported",
                    (*loc, kind),
                )
            return self.admissible(prioritization, (*loc, kind), before)
        if kind == "ranking":
            before = len(self.problems)
            breaks = self.tier_breaks(items, (*loc, kind))
            groups, texts, uncertainties, notes, unknown = [], [], [], [], []
            places = [g for g, item in enumerate(items) if item != TIER_BREAK]
            for g in places:
                item = items[g]
                at = (*loc, kind, g)
                uncertainty = None
                mapped = isinstance(item, (RankingGroupEntry, UnknownGroupEntry))
                notes.append((item.source, item.note) if mapped else ("", ""))
                unknown.append(isinstance(item, UnknownGroupEntry))
                if isinstance(item, UnknownGroupEntry):
                    at, item = (*at, "unknown"), item.unknown
                elif isinstance(item, RankingGroupEntry):
                    with self.attempt():
                        uncertainty = self.uncertainty(item, len(places), at)
                    at, item = (*at, "group"), item.group
                if isinstance(item, str):
                    group, locs = [item], [at]
                else:
                    group, locs = list(item), [(*at, e) for e in range(len(item))]
                groups.append(tuple(self.each(zip(group, locs, strict=True), lambda pair: self.entry(*pair))))
                texts.append(tuple(group))
                uncertainties.append(uncertainty)
            marked = tuple(uncertainties) if any(u is not None for u in uncertainties) else ()
            written = tuple(notes) if any(any(n) for n in notes) else ()
            unknown_marks = tuple(unknown) if any(unknown) else ()
            ranking = Ranking(
                tuple(groups), tuple(texts), marked, entry.uncertain, written, breaks, unknown_marks
            )
            if breaks and ranking.orderings() is not None:
                self.fail(
                    "'>>' needs a certain order: strength of preference with uncertain ranking groups "
                    "is not supported",
                    (*loc, kind),
                )
            return self.admissible(ranking, (*loc, kind), before)
        return Payoffs(
            tuple(
                self.each(
                    enumerate(items),
                    lambda numbered: (
                        self.entry(numbered[1].state, (*loc, kind, numbered[0], "state")),
                        numbered[1].value,
                    ),
                )
            ),
            entry.strong_threshold,
        )

    def strong_block(self, items: list[Any], loc: Loc) -> None:
        """Refuse a strong statement below a mild one: strength must be monotone (GMCR.md, "Strength of
        preference": with statement 1 mild and 2 strong, ``s >> q > r`` but only ``s > r``)."""
        mild = None
        for t, item in enumerate(items):
            strong = isinstance(item, StatementEntry) and item.strong
            if not strong and mild is None:
                mild = t
            elif strong and mild is not None:
                self.fail(
                    f"statement {t + 1} is strong but statement {mild + 1} above it is mild: strong "
                    "statements must come first",
                    (*loc, t, "strong"),
                )

    def tier_breaks(self, items: list[Any], loc: Loc) -> tuple[int, ...]:
        """Where the ``'>>'`` entries split the ranking: the index, among the groups, of the group each
        comes just before; refused first, last or twice in a row."""
        breaks: list[int] = []
        groups = 0
        for g, item in enumerate(items):
            if item != TIER_BREAK:
                groups += 1
                continue
            if g == 0 or g == len(items) - 1:
                where = "first" if g == 0 else "last"
                self.fail(f"'>>' comes {where}: it must stand between two ranking entries", (*loc, g))
            if items[g - 1] == TIER_BREAK:
                self.fail("'>>' twice in a row: put one between two ranking entries", (*loc, g))
            breaks.append(groups)
        return tuple(breaks)

    def uncertainty(self, item: StatementEntry | RankingGroupEntry, q: int, loc: Loc) -> Uncertainty | None:
        """How an item (a statement or a ranking group) is uncertain; None when it is certain."""
        alternatives = item.or_instead if isinstance(item, StatementEntry) else []
        given = item.model_fields_set
        if not item.uncertain:
            extra = [key for key in ("or_instead", "positions", "weight") if key in given]
            if extra:
                self.fail(f"{extra[0]} is for an uncertain item: add uncertain: true", (*loc, extra[0]))
            return None
        positions = None
        if "positions" in given:
            first, last = item.positions
            if first > last:
                self.fail(
                    f"positions [{first}, {last}]: the first place comes after the last", (*loc, "positions")
                )
            if last > q:
                self.fail(f"positions [{first}, {last}]: the list has {q} places", (*loc, "positions"))
            positions = (first, last)
        expressions = tuple(
            self.expression(text, (*loc, "or_instead", k)) for k, text in enumerate(alternatives)
        )
        return Uncertainty(positions, expressions, tuple(alternatives), item.weight)

    def admissible(self, preferences: P, loc: Loc, before: int) -> P:
        """``preferences``, refused when the ranges of positions of its uncertain items admit no order
        (checked once its items have been read without a problem: none noted since ``before``)."""
        if len(self.problems) > before:
            return preferences
        orderings = preferences.orderings()
        if orderings is not None and orderings.count == 0:
            self.fail("the positions of the uncertain items admit no order of the list", loc)
        return preferences

    def infeasible(self, model: ModelFile) -> tuple[Expression, ...]:
        """The infeasibility conditions, shorthands expanded."""

        def condition(numbered: tuple[int, Any]) -> Expression:
            k, item = numbered
            loc: Loc = ("infeasible", k)
            if isinstance(item, str):
                return self.expression(item, loc)
            if isinstance(item, ConditionEntry):
                expression = self.expression(item.condition, (*loc, "condition"))
                if item.uncertain:
                    self.calls.append(StructuralCall("condition", k, (), item.note, item.weight))
                elif "weight" in item.model_fields_set:
                    self.fail("weight is for an uncertain condition: add uncertain: true", (*loc, "weight"))
                return expression
            kind = next(iter(item.model_fields_set & set(SHORTHANDS)))
            texts: list[str] = getattr(item, kind)
            parts = [self.expression(text, (*loc, kind, e)) for e, text in enumerate(texts)]
            for e, part in enumerate(parts):
                if part in parts[:e]:
                    self.fail(f"{texts[e]!r} is listed twice", (*loc, kind, e))
            return shorthand_condition(kind, parts)

        return tuple(self.each(enumerate(model.infeasible), condition))

    def named_states(self, model: ModelFile) -> tuple[NamedState, ...]:
        """The named states, in the order written."""

        def named(entry: tuple[str, Any]) -> NamedState:
            name, item = entry
            loc: Loc = ("states", name)
            if not name.strip():
                self.fail("a state's name is empty", loc)
            if isinstance(item, str):
                return NamedState(name, self.expression(item, loc))
            return NamedState(name, self.expression(item.state, (*loc, "state")), item.description)

        return tuple(self.each(model.states.items(), named))

    def status_quo(self, text: str, named: tuple[NamedState, ...]) -> Expression | None:
        """The status quo: a named state's name, a pattern or an expression (None when not given)."""
        if not text:
            return None
        for state in named:
            if state.name == text:
                return state.expression
        try:
            return read_state(text, self.names, self.n)
        except ExpressionError as error:
            problem = self._pattern_problem(text)
            if problem is None:
                names = ", ".join(s.name for s in named) or "none"
                problem = (
                    f"{text!r} is not a named state (named states: {names}), a pattern of {self.n} "
                    f"Y/N/- characters, or an expression: {error.problem}"
                )
            self.fail(problem, ("status_quo",))

    def target(self, entry: tuple[int, str], named: tuple[NamedState, ...]) -> str:
        """A target as written, once checked: a named state's name, a pattern or an expression."""
        k, text = entry
        if any(state.name == text for state in named):
            return text
        try:
            read_state(text, self.names, self.n)
        except ExpressionError as error:
            problem = self._pattern_problem(text)
            if problem is None:
                names = ", ".join(s.name for s in named) or "none"
                problem = (
                    f"{text!r} is not a named state (named states: {names}), a pattern of {self.n} "
                    f"Y/N/- characters, or an expression: {error.problem}"
                )
            self.fail(problem, ("targets", k))
        return text

    def fixed(self, model: ModelFile) -> tuple[tuple[int, bool], ...]:
        """``fixed``: option names mapped to Y or N, as (option position, value) in model order."""
        chosen = {}
        for name, value in model.fixed.items():
            if name not in self.names:
                close = difflib.get_close_matches(name, list(self.names), n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.fail(
                    f"unknown option {name!r}{hint}; the options are {', '.join(self.names)}", ("fixed", name)
                )
            if isinstance(value, FixedEntry):
                if value.uncertain:
                    self.calls.append(StructuralCall("fixed", self.names[name], (), value.note, value.weight))
                elif "weight" in value.model_fields_set:
                    self.fail(
                        "weight is for an uncertain fixed value: add uncertain: true",
                        ("fixed", name, "weight"),
                    )
                value = value.value
            chosen[self.names[name]] = value == "Y"
        return tuple(sorted(chosen.items()))

    def coalitions(self, model: ModelFile) -> tuple[tuple[int, ...], ...]:
        """``coalitions``: groups of decision makers' names (any case), each decision maker in one at most."""
        names = [dm.name for dm in model.decision_makers]
        placed: dict[int, int] = {}
        groups = []
        for k, group in enumerate(model.coalitions):
            members = []
            for p, name in enumerate(group):
                found = [i for i, known in enumerate(names) if known.lower() == name.strip().lower()]
                if not found:
                    self.fail(
                        f"unknown decision maker {name!r}; the decision makers are {', '.join(names)}",
                        ("coalitions", k, p),
                    )
                if found[0] in placed:
                    self.fail(f"{name} is already in coalition {placed[found[0]] + 1}", ("coalitions", k, p))
                placed[found[0]] = k
                members.append(found[0])
            if not members:
                self.fail("a coalition needs at least one decision maker", ("coalitions", k))
            groups.append(tuple(sorted(members)))
        return tuple(groups)

    def profile(self, model: ModelFile) -> tuple[str, ...]:
        """``profile``: a concept per decision maker (names in any case), every decision maker once."""
        if not model.profile:
            return ()
        names = tuple(dm.name for dm in model.decision_makers)
        try:
            keys = read_profile(names, model.profile)
        except ProfileError as error:
            place: Loc = ("profile", error.entry) if error.entry is not None else ("profile",)
            self.fail(error.problem, place)
        if len(names) != 2:  # limited move looks ahead over two decision makers' alternating moves
            for given, concept in model.profile.items():
                if is_limited_move(concept_key(concept)):
                    self.fail(
                        f"{concept} (limited move) is defined for two decision makers; this model has "
                        f"{len(names)}",
                        ("profile", given),
                    )
        return keys

    def build(self, model: ModelFile) -> Conflict:
        """The Conflict the model file describes."""
        options, owned = self.options(model)
        dms = []
        for i, dm in enumerate(model.decision_makers):
            loc: Loc = ("decision_makers", i)
            with self.attempt():
                preferences = self.preferences(dm.preferences, (*loc, "preferences"))
                misperceived = tuple(
                    self.each(
                        enumerate(dm.misperceived),
                        lambda numbered, loc=loc: self.expression(  # type: ignore[misc]
                            numbered[1], (*loc, "misperceived", numbered[0])
                        ),
                    )
                )
                dms.append(DecisionMaker(dm.name, owned[i], preferences, dm.description, misperceived))
        named = self.named_states(model)
        infeasible = self.infeasible(model)
        status_quo = None
        with self.attempt():
            status_quo = self.status_quo(model.status_quo, named)
        targets = tuple(self.each(enumerate(model.targets), lambda entry: self.target(entry, named)))

        coalitions: tuple[tuple[int, ...], ...] = ()
        with self.attempt():
            coalitions = self.coalitions(model)
        fixed: tuple[tuple[int, bool], ...] = ()
        with self.attempt():
            fixed = self.fixed(model)
        profile: tuple[str, ...] = ()
        with self.attempt():
            profile = self.profile(model)
        self.raise_problems()
        extras = (("notes", model.notes),) if model.notes else ()
        return Conflict(
            name=model.name,
            options=options,
            decision_makers=tuple(dms),
            infeasible=infeasible,
            status_quo=status_quo,
            named_states=named,
            description=model.description,
            source=model.source,
            history=tuple(model.history),
            targets=targets,
            coalitions=coalitions,
            fixed=fixed,
            profile=profile,
            structural=tuple(sorted(self.calls, key=_call_order)),
            path=self.file,
            extras=extras,
        )
