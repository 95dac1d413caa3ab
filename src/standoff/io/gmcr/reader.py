"""Reading GMCR+ / gmcr-py ``.gmcr`` save files into a :class:`Conflict`.

Every problem becomes a :class:`ModelError` naming the file and the place
(e.g. ``decisionMakers[2].preferenceRanking[5]``). The file's option order
is kept as the model order, so patterns read the same as in GMCR+ / gmcr-py.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from standoff.engine.space import feasible_codes
from standoff.errors import ModelError
from standoff.io.files import read_text
from standoff.io.gmcr.conditions import DIRECTIONS, Literal, statement_key
from standoff.model.conflict import Conflict, DecisionMaker, OptionSpec
from standoff.model.expressions import (
    Expression,
    Or,
    conjunction,
    to_text,
)
from standoff.model.patterns import code_pattern
from standoff.model.preferences import NumberedRanking, Preferences, Prioritization, Ranking, Statement

MAX_RANKING_OPTIONS = 30
"""Manual rankings number the feasible states, so all ``2^m`` states are enumerated."""


class GmcrImportWarning(UserWarning):
    """Something in a .gmcr file was read the way GMCR+ / gmcr-py read it, not as written."""


def read_gmcr(path: str | Path) -> Conflict:
    """Read a GMCR+ / gmcr-py save file into a :class:`Conflict`.

    Options keep the file's order. Preferences come from each decision
    maker's manual ranking when the file says so (``useManualPreferenceRanking``
    or the older ``useManualPreferenceVectors``), otherwise from its
    prioritization statements. Any problem raises :class:`ModelError` naming
    the file and the place, e.g. ``decisionMakers[2].preferenceRanking[5]``.

    The file's ``coalitions`` (a grouping of decision makers, each item an
    index or a list of them) become :attr:`Conflict.coalitions`.

    gmcr-py lets two decision makers each have an option of the same name
    (its Garrison Diversion Unit example has ``Full`` twice); standoff's
    options need unique names, so each option whose name another decision
    maker's option also has is read as ``<decision maker>.<option>``
    (``IJC.Full``), with a :class:`GmcrImportWarning` for each.
    :func:`write_gmcr` writes them back under their own names.

    ``Conflict.extras`` gets a ``("gmcr", {...})`` entry: the file's
    ``program``, ``version`` and ``generator`` as written,
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

    def coalitions(self, value: Any, n_dms: int) -> tuple[tuple[int, ...], ...]:
        """``coalitions``: a grouping of the decision makers, each item a DM index or a list of them
        (as gmcr-py writes it); each decision maker in at most one group."""
        items = self.sequence(value, "coalitions", "a list of decision maker indices or lists of them")
        groups: list[tuple[int, ...]] = []
        placed: dict[int, int] = {}
        for k, item in enumerate(items):
            place = f"coalitions[{k}]"
            members = item if isinstance(item, list) else [item]
            group: list[int] = []
            for p, member in enumerate(members):
                where = f"{place}[{p}]" if isinstance(item, list) else place
                index = self.integer(member, where, "a decision maker index")
                if not 0 <= index < n_dms:
                    self.fail(
                        where,
                        f"decision maker index {index} is out of range: the file has {n_dms} decision "
                        f"makers, indexed 0 to {n_dms - 1}",
                    )
                if index in placed:
                    self.fail(where, f"decision maker {index} is already in coalitions[{placed[index]}]")
                placed[index] = k
                group.append(index)
            if not group:
                self.fail(place, "a coalition needs at least one decision maker")
            groups.append(tuple(sorted(group)))
        return tuple(groups)

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
        self.option_names = self.qualified_names(owners, [dm_name for dm_name, _, _ in dm_data])
        options = [replace(spec, name=name) for spec, name in zip(options, self.option_names, strict=True)]
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
        coalitions = self.coalitions(document.get("coalitions", []), len(decision_makers))
        kept = ("program", "version", "generator")
        extras: dict[str, Any] = {k: document[k] for k in kept if k in document}
        extras["model"] = model_shape(owned, decision_makers)
        if manual:
            extras["prioritization"] = tuple(statements)
        return Conflict(
            name=name,
            options=owned,
            decision_makers=tuple(decision_makers),
            infeasible=infeasible,
            coalitions=coalitions,
            path=self.file,
            extras=(("gmcr", extras),),
        )

    def qualified_names(self, owners: list[int], dm_names: list[str]) -> list[str]:
        """The options' names, each one that several decision makers' options share read as
        ``<decision maker>.<option>`` (a warning says so); the same name twice for one decision maker,
        or a qualified name that is already an option's name, is refused."""
        names = self.option_names
        count: dict[str, int] = {}
        for name in names:
            count[name] = count.get(name, 0) + 1
        out = list(names)
        for j, name in enumerate(names):
            if count[name] > 1:
                out[j] = f"{dm_names[owners[j]]}.{name}"
        first: dict[str, int] = {}
        for j, name in enumerate(out):
            if name in first:
                k = first[name]
                problem = (
                    f"the name {names[j]!r} is also used by options[{k}] of the same decision maker "
                    f"{dm_names[owners[j]]!r}; one decision maker's option names must be unique"
                    if names[k] == names[j]
                    else f"{names[j]!r}, read as {name!r} (its decision maker's name first, since another "
                    f"decision maker has an option of the same name), is also the name of options[{k}]"
                )
                self.fail(f"options[{j}].name", problem)
            first[name] = j
        for j, name in enumerate(out):
            if name != names[j]:
                where = ": ".join(p for p in (self.file, f"options[{j}].name") if p)
                warnings.warn(
                    f"{where}: option {names[j]!r} of {dm_names[owners[j]]!r} is read as {name!r}: another "
                    "decision maker has an option of the same name (a .gmcr file written from this model "
                    f"names it {names[j]!r} again)",
                    GmcrImportWarning,
                    stacklevel=4,
                )
        return out

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
            if "name" not in option:
                self.fail(place, 'an option needs a "name"')
            option_name = self.name(option["name"], f"{place}.name")
            first.setdefault(option_name, j)
            direction = option.get("permittedDirection", "both")
            if not isinstance(direction, str):
                self.fail(f"{place}.permittedDirection", f"expected a string, got {_describe(direction)}")
            if direction not in DIRECTIONS:
                self.fail(
                    f"{place}.permittedDirection",
                    f'unknown permittedDirection "{direction}"; expected "both", "fwd" or "back"',
                )
            specs.append(OptionSpec(option_name, -1, DIRECTIONS[direction]))
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
            key = statement_key(expression, len(self.option_names))
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
        return code_pattern(int(codes[number - 1]), len(self.option_names))


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
    sizes_array = np.ones(n, dtype=np.int64) if strict else np.array(sizes, dtype=np.int64)
    return NumberedRanking(codes[chosen - 1], sizes_array, chosen)


def model_shape(options: Sequence[OptionSpec], decision_makers: Sequence[DecisionMaker]) -> tuple[Any, ...]:
    """What data that refers to options and decision makers by index depends on."""
    return (
        tuple(o.name for o in options),
        tuple(d.name for d in decision_makers),
        tuple(d.options for d in decision_makers),
    )
