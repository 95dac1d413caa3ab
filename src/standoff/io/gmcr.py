"""Reading and writing GMCR+ / gmcr-py ``.gmcr`` save files.

A ``.gmcr`` file is one JSON object: ``options`` (name and permitted
direction), ``decisionMakers`` (name, option indices, prioritization
statements, misperceptions and, in manual mode, a ranking of state numbers),
``infeasibles`` and producer information. Conditions are ANDs of
``[option index, "Y" | "N"]`` literals, or ``{"compound": true, "members":
[...]}`` for an OR of them. State numbers are 1-based positions of the
feasible states in ascending order of their code (bit ``j`` = option ``j``).

Reading keeps the file's option order as the model order, so patterns read
the same as in GMCR+ / gmcr-py. Writing turns any standoff expression into
such conditions (an irredundant OR of ANDs) and any ranking or payoffs into
a manual ranking of state numbers.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from standoff.engine.space import feasible_codes
from standoff.errors import ModelError
from standoff.io.atomic import write_text_atomically
from standoff.io.native.text import read_text
from standoff.model.conflict import Conflict, DecisionMaker, Direction, OptionSpec
from standoff.model.expressions import (
    FALSE,
    And,
    Constant,
    Expression,
    Not,
    Option,
    Or,
    conjunction,
    options_in,
    to_text,
)
from standoff.model.preferences import Entry, Preferences, Prioritization, Ranking, Statement

__all__ = [
    "MAX_CONDITION_OPTIONS",
    "MAX_RANKING_OPTIONS",
    "GmcrExportWarning",
    "GmcrImportWarning",
    "conflict_from_gmcr",
    "conflict_to_gmcr",
    "read_gmcr",
    "write_gmcr",
]

MAX_RANKING_OPTIONS = 30
"""Manual rankings number the feasible states, so all ``2^m`` states are enumerated."""

MAX_CONDITION_OPTIONS = 16
"""An expression over more options is not converted to a .gmcr condition."""

_DIRECTIONS = {"both": Direction.BOTH, "fwd": Direction.FORWARD, "back": Direction.BACKWARD}
_DIRECTION_NAMES = {direction: name for name, direction in _DIRECTIONS.items()}

Literal = tuple[int, bool]
Cube = tuple[Literal, ...]
"""A conjunction of literals ``(option index, value)``: one plain .gmcr condition."""


class GmcrImportWarning(UserWarning):
    """Something in a .gmcr file was read the way GMCR+ / gmcr-py read it, not as written."""


class GmcrExportWarning(UserWarning):
    """A model was written to .gmcr, but GMCR+ / gmcr-py may read part of it differently."""


# ---------------------------------------------------------------------------
# Reading


def read_gmcr(path: str | Path) -> Conflict:
    """Read a GMCR+ / gmcr-py save file into a :class:`Conflict`.

    Options keep the file's order. Preferences come from each decision
    maker's manual ranking when the file says so (``useManualPreferenceRanking``
    or the older ``useManualPreferenceVectors``), otherwise from its
    prioritization statements. Any problem raises :class:`ModelError` naming
    the file and the place, e.g. ``decisionMakers[2].preferenceRanking[5]``.

    ``Conflict.extras`` gets a ``("gmcr", {...})`` entry: the file's
    ``program``, ``version``, ``generator`` and ``coalitions`` as written,
    ``model`` (the option and decision maker names that index-based data
    refers to) and, with manual rankings, ``prioritization`` (the statements
    the file keeps beside them), so that :func:`write_gmcr` can write them
    back while the options and decision makers are unchanged.
    """
    path = Path(path)
    file = str(path)
    data = _load_json(path, file)
    return conflict_from_gmcr(data, file=file, name=path.stem)


def conflict_from_gmcr(data: Any, *, file: str | None = None, name: str = "gmcr model") -> Conflict:
    """Build a :class:`Conflict` from the parsed JSON of a .gmcr file."""
    return _Reader(file).conflict(data, name)


def _load_json(path: Path, file: str) -> Any:
    text = read_text(path, file)
    if not text.strip():
        raise ModelError("the file is empty", file=file)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        ended = error.pos >= len(text.rstrip())
        hint = " (the file ends too early: is it truncated?)" if ended else ""
        raise ModelError(
            f"invalid JSON: {error.msg}{hint}", file=file, place=f"line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise ModelError("invalid JSON: nested too deeply", file=file) from None


def _describe(value: Any) -> str:
    """A short description of an unexpected JSON value, for error messages."""
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    kind = kinds.get(type(value), "a number")
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, dict | list) else ""
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{kind} {shown}".rstrip()


class _Reader:
    """Validates .gmcr data step by step; every problem becomes a located :class:`ModelError`."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.option_names: list[str] = []

    def fail(self, place: str, problem: str) -> NoReturn:
        raise ModelError(problem, file=self.file, place=place)

    # -- typed access ------------------------------------------------------

    def mapping(self, value: Any, place: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(place, f"expected an object, got {_describe(value)}")
        return value

    def sequence(self, value: Any, place: str, what: str = "a list") -> list[Any]:
        if not isinstance(value, list):
            self.fail(place, f"expected {what}, got {_describe(value)}")
        return value

    def name(self, value: Any, place: str) -> str:
        if not isinstance(value, str):
            self.fail(place, f"a name must be a string, got {_describe(value)}")
        if not value.strip():
            self.fail(place, "a name must not be empty")
        return value

    def integer(self, value: Any, place: str, what: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(place, f"{what} must be a whole number, got {_describe(value)}")
        return value

    def option_index(self, value: Any, place: str) -> int:
        index = self.integer(value, place, "an option index")
        m = len(self.option_names)
        if not 0 <= index < m:
            self.fail(
                place, f"option index {index} is out of range: the file has {m} options, indexed 0 to {m - 1}"
            )
        return index

    def flag(self, data: dict[str, Any], key: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {_describe(value)}")
        return value

    # -- conditions --------------------------------------------------------

    def plain(self, value: Any, place: str) -> Expression:
        """``[[index, "Y" | "N"], ...]``: the AND of its literals."""
        items = self.sequence(value, place, 'a condition: a list of [option index, "Y" or "N"] pairs')
        literals: list[Literal] = []
        for k, item in enumerate(items):
            where = f"{place}[{k}]"
            pair = self.sequence(item, where, 'an [option index, "Y" or "N"] pair')
            if len(pair) != 2:
                self.fail(where, f'expected an [option index, "Y" or "N"] pair, got a list of {len(pair)}')
            index = self.option_index(pair[0], f"{where}[0]")
            if pair[1] not in ("Y", "N"):
                self.fail(f"{where}[1]", f'expected "Y" or "N", got {_describe(pair[1])}')
            literals.append((index, pair[1] == "Y"))
        return conjunction(literals)

    def condition(self, value: Any, place: str) -> Expression:
        """A plain condition, or a compound one: the OR of its members."""
        if isinstance(value, dict):
            if "members" not in value:
                self.fail(place, 'a compound condition needs "members": a list of plain conditions')
            members = self.sequence(value["members"], f"{place}.members")
            return Or(tuple(self.plain(member, f"{place}.members[{k}]") for k, member in enumerate(members)))
        if not isinstance(value, list):
            self.fail(place, f"expected a condition (a list, or a compound object), got {_describe(value)}")
        return self.plain(value, place)

    def conditions(self, value: Any, place: str) -> list[Expression]:
        items = self.sequence(value, place, "a list of conditions")
        return [self.condition(item, f"{place}[{k}]") for k, item in enumerate(items)]

    # -- the model ---------------------------------------------------------

    def conflict(self, data: Any, name: str) -> Conflict:
        document = self.mapping(data, "top level")
        for key in ("options", "decisionMakers"):
            if key not in document:
                self.fail("top level", f'missing "{key}"; is this a GMCR+ / gmcr-py save file?')
        options = self.options(document["options"])
        owners, dm_data = self.owners(document["decisionMakers"])
        for j, owner in enumerate(owners):
            if owner < 0:
                self.fail(f"options[{j}]", f"option {self.option_names[j]!r} is listed by no decision maker")
        infeasible = tuple(self.conditions(document.get("infeasibles", []), "infeasibles"))
        manual = self.manual(document)
        codes = self.feasible(infeasible) if manual else None

        decision_makers: list[DecisionMaker] = []
        statements: list[Prioritization] = []
        for i, (dm_name, dm_options, raw) in enumerate(dm_data):
            place = f"decisionMakers[{i}]"
            prioritization = self.prioritization(raw.get("preferences", []), f"{place}.preferences", dm_name)
            statements.append(prioritization)
            preferences: Preferences = prioritization
            if codes is not None:
                preferences = self.ranking(raw, place, codes)
            misperceived = tuple(self.conditions(raw.get("misperceptions", []), f"{place}.misperceptions"))
            decision_makers.append(DecisionMaker(dm_name, dm_options, preferences, misperceived=misperceived))

        owned = tuple(OptionSpec(spec.name, owners[j], spec.direction) for j, spec in enumerate(options))
        extras: dict[str, Any] = {
            k: document[k] for k in ("program", "version", "generator", "coalitions") if k in document
        }
        extras["model"] = _shape(owned, decision_makers)
        if manual:
            extras["prioritization"] = tuple(statements)
        return Conflict(
            name=name,
            options=owned,
            decision_makers=tuple(decision_makers),
            infeasible=infeasible,
            path=self.file,
            extras=(("gmcr", extras),),
        )

    def unique_name(
        self, entry: dict[str, Any], place: str, seen: dict[str, int], key: str, what: str
    ) -> str:
        """The entry's required ``name``, refused if an earlier entry of ``key`` has it; noted in ``seen``."""
        if "name" not in entry:
            self.fail(place, f'{what} needs a "name"')
        name = self.name(entry["name"], f"{place}.name")
        if name in seen:
            self.fail(
                f"{place}.name",
                f"the name {name!r} is also used by {key}[{seen[name]}]; names must be unique",
            )
        seen[name] = len(seen)
        return name

    def options(self, value: Any) -> list[OptionSpec]:
        items = self.sequence(value, "options", "a list of options")
        if not items:
            self.fail("options", "the file has no options")
        specs: list[OptionSpec] = []
        first: dict[str, int] = {}
        for j, item in enumerate(items):
            place = f"options[{j}]"
            option = self.mapping(item, place)
            option_name = self.unique_name(option, place, first, "options", "an option")
            direction = option.get("permittedDirection", "both")
            if not isinstance(direction, str):
                self.fail(f"{place}.permittedDirection", f"expected a string, got {_describe(direction)}")
            if direction not in _DIRECTIONS:
                self.fail(
                    f"{place}.permittedDirection",
                    f'unknown permittedDirection "{direction}"; expected "both", "fwd" or "back"',
                )
            specs.append(OptionSpec(option_name, -1, _DIRECTIONS[direction]))
        self.option_names = [spec.name for spec in specs]
        return specs

    def owners(self, value: Any) -> tuple[list[int], list[tuple[str, tuple[int, ...], dict[str, Any]]]]:
        """Which decision maker lists each option, and each decision maker's name, options and data."""
        items = self.sequence(value, "decisionMakers", "a list of decision makers")
        if len(items) < 2:
            self.fail(
                "decisionMakers", f"a conflict needs at least 2 decision makers, the file has {len(items)}"
            )
        owners = [-1] * len(self.option_names)
        result: list[tuple[str, tuple[int, ...], dict[str, Any]]] = []
        names: dict[str, int] = {}
        for i, item in enumerate(items):
            place = f"decisionMakers[{i}]"
            dm = self.mapping(item, place)
            dm_name = self.unique_name(dm, place, names, "decisionMakers", "a decision maker")
            listed = self.sequence(dm.get("options", []), f"{place}.options", "a list of option indices")
            for k, entry in enumerate(listed):
                where = f"{place}.options[{k}]"
                j = self.option_index(entry, where)
                if owners[j] == i:
                    self.fail(where, f"option {j} ({self.option_names[j]!r}) is listed twice by {dm_name!r}")
                if owners[j] >= 0:
                    other = result[owners[j]][0]
                    self.fail(
                        where,
                        f"option {j} ({self.option_names[j]!r}) is listed by two decision makers: "
                        f"{other!r} (decisionMakers[{owners[j]}]) and {dm_name!r}",
                    )
                owners[j] = i
            mine = tuple(j for j in range(len(owners)) if owners[j] == i)
            result.append((dm_name, mine, dm))
        return owners, result

    def manual(self, document: dict[str, Any]) -> bool:
        """Whether preferences come from manual rankings (newer key first, then the older one)."""
        for key in ("useManualPreferenceRanking", "useManualPreferenceVectors"):
            if key in document:
                return self.flag(document, key)
        return False

    def feasible(self, infeasible: tuple[Expression, ...]) -> npt.NDArray[np.int64]:
        m = len(self.option_names)
        if m > MAX_RANKING_OPTIONS:
            self.fail(
                "options",
                f"{m} options: manual preference rankings number all 2^{m} states, "
                f"and standoff reads them for at most {MAX_RANKING_OPTIONS} options",
            )
        return feasible_codes(infeasible, m)

    def prioritization(self, value: Any, place: str, dm_name: str) -> Prioritization:
        """Statements most important first; a repeat of an earlier one is dropped, as GMCR+ does."""
        statements: list[Statement] = []
        seen: dict[tuple[str, ...], int] = {}
        items = self.sequence(value, place, "a list of conditions")
        for k, item in enumerate(items):
            expression = self.condition(item, f"{place}[{k}]")
            text = to_text(expression, self.option_names)
            key = _statement_key(expression, len(self.option_names))
            if key in seen:
                where = ": ".join(p for p in (self.file, f"{place}[{k}]") if p)
                warnings.warn(
                    f"{where}: decision maker {dm_name!r}: statement {k + 1} ({text}) repeats statement "
                    f"{seen[key] + 1}; it is dropped, as GMCR+ and gmcr-py do",
                    GmcrImportWarning,
                    stacklevel=5,
                )
                continue
            seen[key] = k
            statements.append(Statement(expression, text=text))
        return Prioritization(tuple(statements))

    def ranking(self, dm: dict[str, Any], place: str, codes: npt.NDArray[np.int64]) -> Ranking:
        """A manual ranking of 1-based state numbers into groups of exact state codes."""
        key = "preferenceRanking" if "preferenceRanking" in dm else "preferenceVector"
        if key not in dm:
            self.fail(
                place,
                "manual preference rankings are switched on, but this decision maker "
                "has no preferenceRanking",
            )
        place = f"{place}.{key}"
        items = self.sequence(dm[key], place, "a list of state numbers")
        quick = _sound_ranking(items, codes)
        if quick is not None:
            return quick
        # something is wrong: read entry by entry to name the first problem
        n = int(codes.size)
        seen: dict[int, str] = {}
        groups: list[tuple[int, ...]] = []
        texts: list[tuple[str, ...]] = []
        for g, item in enumerate(items):
            where = f"{place}[{g}]"
            if isinstance(item, list):
                if not item:
                    self.fail(where, "an empty group of equally preferred states")
                members = [(f"{where}[{k}]", entry) for k, entry in enumerate(item)]
            else:
                members = [(where, item)]
            numbers: list[int] = []
            for at, entry in members:
                if isinstance(entry, list):
                    self.fail(at, "a group of equally preferred states holds state numbers, not lists")
                number = self.integer(entry, at, "a state number")
                if not 1 <= number <= n:
                    self.fail(
                        at,
                        f"state number {number} is out of range: the model has {n} feasible states, "
                        f"numbered 1 to {n}",
                    )
                if number in seen:
                    self.fail(
                        at,
                        f"state {number} ({self.pattern(codes, number)}) is listed twice: "
                        f"at {seen[number]} and here",
                    )
                seen[number] = at
                numbers.append(number)
            groups.append(tuple(int(codes[number - 1]) for number in numbers))
            texts.append(tuple(f"state {number}" for number in numbers))
        if len(seen) < n:
            missing = [s for s in range(1, n + 1) if s not in seen]
            shown = ", ".join(f"{s} ({self.pattern(codes, s)})" for s in missing[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            self.fail(place, f"the ranking misses {len(missing)} of the {n} feasible states: {shown}{more}")
        return Ranking(tuple(groups), tuple(texts))

    def pattern(self, codes: npt.NDArray[np.int64], number: int) -> str:
        code = int(codes[number - 1])
        return "".join("Y" if code >> j & 1 else "N" for j in range(len(self.option_names)))


def _sound_ranking(items: list[Any], codes: npt.NDArray[np.int64]) -> Ranking | None:
    """The ranking of ``items`` if it is sound (whole state numbers, each feasible state exactly
    once), checked with whole-array operations; None if anything is wrong, to be reported in detail."""
    strict = all(type(item) is int for item in items)
    numbers: list[int] = items if strict else []
    sizes: list[int] = []
    for item in () if strict else items:
        if type(item) is int:
            numbers.append(item)
            sizes.append(1)
        elif type(item) is list and item and all(type(entry) is int for entry in item):
            numbers += item
            sizes.append(len(item))
        else:
            return None
    n = int(codes.size)
    if len(numbers) != n or n == 0:
        return None
    if min(numbers) < 1 or max(numbers) > n:
        return None
    chosen = np.array(numbers, dtype=np.int64)
    if int(np.bincount(chosen, minlength=n + 1).max()) > 1:
        return None
    states = codes[chosen - 1].tolist()
    labels = [f"state {number}" for number in numbers]
    if strict:
        return Ranking(tuple(zip(states)), tuple(zip(labels)))
    groups: list[tuple[int, ...]] = []
    texts: list[tuple[str, ...]] = []
    start = 0
    for size in sizes:
        groups.append(tuple(states[start : start + size]))
        texts.append(tuple(labels[start : start + size]))
        start += size
    return Ranking(tuple(groups), tuple(texts))


def _statement_key(expression: Expression, n_options: int) -> tuple[str, ...]:
    """What GMCR+ compares to find a repeated statement: the Y/N/- patterns of its conjunctions, sorted."""
    cubes = _as_cubes(expression)
    assert cubes is not None  # conditions read from a file are ANDs or ORs of ANDs
    return _cubes_key(cubes, n_options)


def _cubes_key(cubes: list[Cube], n_options: int) -> tuple[str, ...]:
    patterns = []
    for cube in cubes:
        row = ["-"] * n_options
        for index, value in cube:
            mark = "Y" if value else "N"
            row[index] = mark if row[index] in ("-", mark) else "!"
        patterns.append("".join(row))
    return tuple(sorted(patterns))


def _shape(options: Sequence[OptionSpec], decision_makers: Sequence[DecisionMaker]) -> tuple[Any, ...]:
    """What data that refers to options and decision makers by index depends on."""
    return (
        tuple(o.name for o in options),
        tuple(d.name for d in decision_makers),
        tuple(d.options for d in decision_makers),
    )


# ---------------------------------------------------------------------------
# Writing


def write_gmcr(conflict: Conflict, path: str | Path) -> None:
    """Write ``conflict`` as a GMCR+ / gmcr-py save file, whole or not at all.

    The file is written to a temporary file in the same directory and then
    renamed over ``path``.
    """
    path = Path(path)
    document = conflict_to_gmcr(conflict, target=str(path))
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    write_text_atomically(path, text, what="model")


def conflict_to_gmcr(conflict: Conflict, *, target: str | None = None) -> dict[str, Any]:
    """The JSON object of a .gmcr file for ``conflict``.

    Options are written in model order; every infeasibility condition,
    misperception and prioritization statement becomes an OR of ANDs of
    option literals (compound when it needs more than one AND). When any
    decision maker's preferences are a ranking or payoffs, every decision
    maker gets a manual ranking of state numbers computed from its scores
    (equal scores form a group), and prioritization statements are kept
    beside it. ``target`` is only used in messages.
    """
    writer = _Writer(conflict, target)
    return writer.document()


class _Writer:
    def __init__(self, conflict: Conflict, target: str | None) -> None:
        self.conflict = conflict
        self.file = conflict.path or target
        self.target = target

    def fail(self, place: str, problem: str) -> NoReturn:
        where = f"cannot write {self.target} as .gmcr: " if self.target and self.target != self.file else ""
        raise ModelError(f"{where}{problem}", file=self.file, place=place)

    def document(self) -> dict[str, Any]:
        conflict = self.conflict
        stored = dict(conflict.extras).get("gmcr", {})
        if not isinstance(stored, dict):
            stored = {}
        same_model = stored.get("model") == _shape(conflict.options, conflict.decision_makers)
        self.check_grouping()
        manual = any(not isinstance(dm.preferences, Prioritization) for dm in conflict.decision_makers)
        codes = self.feasible() if manual else None
        kept = stored.get("prioritization") if same_model else None

        decision_makers = []
        for i, dm in enumerate(conflict.decision_makers):
            place = f"decision_makers[{i}] ({dm.name})"
            entry: dict[str, Any] = {"name": dm.name, "options": [int(j) for j in dm.options]}
            prioritization = dm.preferences if isinstance(dm.preferences, Prioritization) else None
            if prioritization is None and isinstance(kept, tuple) and i < len(kept):
                prioritization = kept[i] if isinstance(kept[i], Prioritization) else None
            entry["preferences"] = self.statements(prioritization, f"{place}.preferences.prioritization")
            entry["misperceptions"] = [
                _plain(cube)
                for k, expression in enumerate(dm.misperceived)
                for cube in self.cubes(expression, f"{place}.misperceived[{k}]")
            ]
            if codes is not None:
                entry["preferenceRanking"] = self.ranking(dm, codes, f"{place}.preferences")
            decision_makers.append(entry)

        document: dict[str, Any] = {
            "options": [
                {"name": o.name, "permittedDirection": _DIRECTION_NAMES[Direction(o.direction)]}
                for o in conflict.options
            ],
            "decisionMakers": decision_makers,
            "infeasibles": [
                _plain(cube)
                for k, expression in enumerate(conflict.infeasible)
                for cube in self.cubes(expression, f"infeasible[{k}]")
            ],
            "useManualPreferenceRanking": manual,
        }
        if same_model and "coalitions" in stored:
            document["coalitions"] = stored["coalitions"]
        document["program"] = "standoff"
        document["version"] = _standoff_version()
        if "generator" in stored:
            document["generator"] = stored["generator"]
        return document

    def check_grouping(self) -> None:
        grouped = [j for dm in self.conflict.decision_makers for j in dm.options]
        if grouped != list(range(len(self.conflict.options))):
            warnings.warn(
                f"{self.target or self.conflict.name}: the options are not listed decision maker by decision "
                "maker in model order; .gmcr files list them that way, so GMCR+ / gmcr-py may reorder them "
                "and number the states differently",
                GmcrExportWarning,
                stacklevel=4,
            )

    def feasible(self) -> npt.NDArray[np.int64]:
        m = len(self.conflict.options)
        if m > MAX_RANKING_OPTIONS:
            self.fail(
                "options",
                f"{m} options: a .gmcr manual ranking numbers all feasible states, "
                f"which standoff does for at most {MAX_RANKING_OPTIONS} options",
            )
        return feasible_codes(self.conflict.infeasible, m)

    def cubes(self, expression: Expression, place: str) -> list[Cube]:
        """``expression`` as an OR of ANDs of literals."""
        cubes = _as_cubes(expression)
        if cubes is not None:
            return cubes
        mentioned = sorted(options_in(expression))
        if len(mentioned) > MAX_CONDITION_OPTIONS:
            self.fail(
                place,
                f"{self.conflict.describe(expression)!r} mentions {len(mentioned)} options; "
                f".gmcr conditions are ORs of ANDs, and standoff converts expressions over at most "
                f"{MAX_CONDITION_OPTIONS} options: split it into smaller ones",
            )
        return _dnf(expression, mentioned)

    def statements(self, prioritization: Prioritization | None, place: str) -> list[Any]:
        """Statements as conditions; a repeat of an earlier one (which GMCR+ would drop) is left out.

        Leaving out a repeat changes no ranking: a later copy of a statement
        can only break ties the earlier copy already broke.
        """
        if prioritization is None:
            return []
        written: list[Any] = []
        seen: set[tuple[str, ...]] = set()
        for t, statement in enumerate(prioritization.statements):
            cubes = self.cubes(statement.expression, f"{place}[{t}]")
            condition = (
                _plain(cubes[0])
                if len(cubes) == 1
                else {
                    "compound": True,
                    "members": [_plain(cube) for cube in cubes],
                }
            )
            key = _cubes_key(cubes, len(self.conflict.options))
            if key not in seen:
                seen.add(key)
                written.append(condition)
        return written

    def ranking(self, dm: DecisionMaker, codes: npt.NDArray[np.int64], place: str) -> list[Any]:
        """State numbers from most to least preferred; equal scores form a group.

        A ranking keeps its own order, within groups too, so a file read
        and written again lists its states as before.
        """
        try:
            scores = np.asarray(dm.preferences.scores(codes))  # also checks a ranking covers every state once
        except ModelError as error:
            raise error.located(file=self.file, place=place) from None
        if isinstance(dm.preferences, Ranking):
            groups = [_numbers(group, codes) for group in dm.preferences.groups]
        else:
            order = np.argsort(-scores, kind="stable")
            cuts = np.flatnonzero(np.diff(scores[order]) != 0) + 1
            groups = [[int(s) + 1 for s in part] for part in np.split(order, cuts) if part.size]
        return [group[0] if len(group) == 1 else group for group in groups if group]


def _numbers(group: tuple[Entry, ...], codes: npt.NDArray[np.int64]) -> list[int]:
    """The 1-based state numbers of the feasible states a ranking group's entries match, in entry order."""
    numbers: list[int] = []
    for entry in group:
        if isinstance(entry, int):
            position = int(np.searchsorted(codes, entry))
            if position < codes.size and int(codes[position]) == entry:
                numbers.append(position + 1)
        else:
            numbers.extend(int(s) + 1 for s in np.flatnonzero(entry.evaluate(codes)))
    return numbers


def _standoff_version() -> str:
    try:
        return metadata.version("standoff")
    except metadata.PackageNotFoundError:
        return "0"


def _plain(cube: Cube) -> list[list[Any]]:
    return [[index, "Y" if value else "N"] for index, value in cube]


def _literal(expression: Expression) -> Literal | None:
    match expression:
        case Option(index):
            return (index, True)
        case Not(Option(index)):
            return (index, False)
    return None


def _as_cube(expression: Expression) -> Cube | None:
    """A literal, an AND of literals or ``true`` as a conjunction; None for anything else."""
    if isinstance(expression, Constant) and expression.value:
        return ()
    literal = _literal(expression)
    if literal is not None:
        return (literal,)
    if isinstance(expression, And):
        literals = [_literal(operand) for operand in expression.operands]
        if all(lit is not None for lit in literals):
            return tuple(lit for lit in literals if lit is not None)
    return None


def _as_cubes(expression: Expression) -> list[Cube] | None:
    """An expression already written as an OR of ANDs of literals, as those ANDs; else None."""
    if expression == FALSE:
        return []
    cube = _as_cube(expression)
    if cube is not None:
        return [cube]
    if isinstance(expression, Or):
        cubes = [_as_cube(operand) for operand in expression.operands]
        if all(c is not None for c in cubes):
            return [c for c in cubes if c is not None]
    return None


def _dnf(expression: Expression, mentioned: list[int]) -> list[Cube]:
    """An irredundant OR of ANDs equal to ``expression`` (Minato–Morreale ISOP over its truth table)."""
    k = len(mentioned)
    assignments = np.arange(1 << k, dtype=np.int64)
    codes = np.zeros(assignments.shape, dtype=np.int64)
    for b, option in enumerate(mentioned):
        codes |= ((assignments >> b) & 1) << option
    truth = expression.evaluate(codes)
    table = int.from_bytes(np.packbits(truth, bitorder="little").tobytes(), "little")
    _, cubes = _isop(table, table, k)
    return [tuple(sorted((mentioned[b], value) for b, value in cube)) for cube in cubes]


def _isop(lower: int, upper: int, n: int) -> tuple[int, list[list[Literal]]]:
    """Cubes over variables ``0..n-1`` whose OR lies between ``lower`` and ``upper``.

    Truth tables are integers of ``2^n`` bits (bit ``a`` is the value at the
    assignment whose bit ``b`` is variable ``b``). Minato (1992), after
    Morreale (1970): split on the last variable; cubes that need it false,
    cubes that need it true, then cubes that need neither for what is left.
    Returns the OR of the cubes and the cubes.
    """
    if lower == 0:
        return 0, []
    full = (1 << (1 << n)) - 1
    if upper == full:
        return full, [[]]
    half = 1 << (n - 1)
    mask = (1 << half) - 1
    lower0, lower1 = lower & mask, lower >> half
    upper0, upper1 = upper & mask, upper >> half
    cover0, cubes0 = _isop(lower0 & ~upper1, upper0, n - 1)
    cover1, cubes1 = _isop(lower1 & ~upper0, upper1, n - 1)
    rest = (lower0 & ~cover0) | (lower1 & ~cover1)
    cover_both, cubes_both = _isop(rest, upper0 & upper1, n - 1)
    cover = (cover0 | cover_both) | ((cover1 | cover_both) << half)
    var = n - 1
    cubes = [[*c, (var, False)] for c in cubes0] + [[*c, (var, True)] for c in cubes1] + cubes_both
    return cover, cubes
