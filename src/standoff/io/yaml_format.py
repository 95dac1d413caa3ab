"""The native model format: YAML (or the same structure in JSON) read into and written from a Conflict.

Reading has three steps, each reporting errors with the file, the place
(``decision_makers[1].preferences.prioritization[2]``) and the line:

1. text → plain data (PyYAML's composer keeps each node's line, which maps a
   place back to a line; JSON files get their lines the same way);
2. plain data → the schema classes below (pydantic; their
   ``model_json_schema()`` is the published JSON Schema);
3. schema classes → the immutable :class:`~standoff.model.conflict.Conflict`
   (the builder: option order, owners, expressions, names).

The format itself is described in ``docs/reference/model-format.md``.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from standoff.errors import ExpressionError, ModelError, StandoffError
from standoff.model.conflict import Conflict, DecisionMaker, Direction, NamedState, OptionSpec
from standoff.model.expressions import (
    And,
    Expression,
    Not,
    Option,
    Or,
    is_pattern,
    parse,
    pattern,
    to_text,
)
from standoff.model.preferences import Entry, Payoffs, Preferences, Prioritization, Ranking, Statement

__all__ = [
    "ModelFile",
    "dump_json",
    "dump_yaml",
    "from_data",
    "json_schema",
    "locate",
    "read_native",
    "schema_text",
    "to_data",
    "write_atomically",
    "write_json",
    "write_yaml",
]

PREFERENCE_KINDS = ("prioritization", "ranking", "payoffs")
SHORTHANDS = ("mutually_exclusive", "at_least_one", "exactly_one")

Loc = tuple[str | int, ...]


# ---------------------------------------------------------------------------
# Schema classes
# ---------------------------------------------------------------------------


class _Strict(BaseModel):
    """Every mapping of the format: unknown keys are errors (a typo is reported, not ignored)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            allowed = list(cls.model_fields)
            for key in data:
                if key not in cls.model_fields:
                    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    raise PydanticCustomError(
                        "unknown_key",
                        "unknown key {key}{hint}; allowed here: {allowed}",
                        {"key": repr(key), "hint": hint, "allowed": ", ".join(allowed), "name": key},
                    )
        return data


def _optional_list(schema: dict[str, Any]) -> None:
    """Schema of a list that may be left out but, when given, is not empty (and never null)."""
    schema.pop("default", None)
    schema["minItems"] = 1


def _omit_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _text_or_mapping(value: Any) -> str | None:
    if isinstance(value, str):
        return "as text"
    if isinstance(value, dict):
        return "as mapping"
    return None


def _text_or_mapping_error(expected: str) -> Discriminator:
    """Pick the text or the mapping form of a value; one clear error when it is neither."""
    return Discriminator(_text_or_mapping, custom_error_type="text_or_mapping", custom_error_message=expected)


def _text_or_group(value: Any) -> str | None:
    if isinstance(value, str):
        return "as text"
    if isinstance(value, list):
        return "as group"
    return None


Text = Annotated[str, Field(description="A pattern (one Y, N or - per option, in order) or an expression.")]


class OptionEntry(_Strict):
    """A yes/no option controlled by the decision maker it is listed under."""

    name: str = Field(description="Unique among all options of the model.")
    description: str = ""
    direction: Literal["both", "forward", "backward"] = Field(
        default="both",
        description="both (default), forward (N->Y only, irreversible) or backward (Y->N only).",
    )


class StatementEntry(_Strict):
    """One option prioritization statement with where it comes from."""

    statement: Text
    source: str = Field(default="", description="A quote from the source that justifies the statement.")
    note: str = Field(default="", description="The modeller's judgement or comment.")


class PayoffEntry(_Strict):
    """A payoff: every state matching state receives value (the values of several entries add up)."""

    state: Text
    value: Annotated[float, Strict()]


StatementItem = Annotated[
    Annotated[Text, Tag("as text")] | Annotated[StatementEntry, Tag("as mapping")],
    _text_or_mapping_error("expected a statement: an expression, or a mapping with statement:"),
]
RankingItem = Annotated[
    Annotated[str, Tag("as text")] | Annotated[list[str], Tag("as group"), Field(min_length=1)],
    Discriminator(
        _text_or_group,
        custom_error_type="ranking_entry",
        custom_error_message="expected a ranking entry: a pattern or expression, or a list of them",
    ),
]


class PreferencesEntry(_Strict):
    """A decision maker's preferences: exactly one of prioritization, ranking or payoffs."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": [kind]} for kind in PREFERENCE_KINDS]},
    )

    prioritization: list[StatementItem] = Field(
        default_factory=list,
        description="Statements, most important first: a state scores 2^(q-t) per statement t it satisfies.",
        json_schema_extra=_optional_list,
    )
    ranking: list[RankingItem] = Field(
        default_factory=list,
        description="Most preferred first; each entry a pattern or expression, or a list of them (a tie).",
        json_schema_extra=_optional_list,
    )
    payoffs: list[PayoffEntry] = Field(
        default_factory=list,
        description="A state's payoff is the sum of the values of the entries it matches.",
        json_schema_extra=_optional_list,
    )


OptionItem = Annotated[
    Annotated[str, Tag("as text")] | Annotated[OptionEntry, Tag("as mapping")],
    _text_or_mapping_error("expected an option: a name, or a mapping with name:"),
]


class DecisionMakerEntry(_Strict):
    """A decision maker, the options it controls (in model order) and its preferences."""

    name: str = Field(description="Unique among decision makers.")
    description: str = ""
    options: list[OptionItem] = Field(json_schema_extra={"minItems": 1})
    preferences: PreferencesEntry
    misperceived: list[Text] = Field(
        default_factory=list,
        description="States this decision maker does not perceive: it can move neither into nor out of them.",
    )


class MutuallyExclusive(_Strict):
    """At most one of the listed options is Y: a state with two or more of them is infeasible."""

    mutually_exclusive: list[Text] = Field(min_length=2)


class AtLeastOne(_Strict):
    """At least one of the listed options is Y: a state with none of them is infeasible."""

    at_least_one: list[Text] = Field(min_length=1)


class ExactlyOne(_Strict):
    """Exactly one of the listed options is Y."""

    exactly_one: list[Text] = Field(min_length=1)


def _infeasible_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "as text"
    if isinstance(value, dict):
        keys = [k for k in SHORTHANDS if k in value]
        return keys[0] if len(keys) == 1 else None
    return None


InfeasibleItem = Annotated[
    Annotated[Text, Tag("as text")]
    | Annotated[MutuallyExclusive, Tag("mutually_exclusive")]
    | Annotated[AtLeastOne, Tag("at_least_one")]
    | Annotated[ExactlyOne, Tag("exactly_one")],
    Discriminator(
        _infeasible_kind,
        custom_error_type="infeasible_entry",
        custom_error_message=(
            "expected an infeasibility condition: an expression or pattern, or a mapping with exactly one "
            "of mutually_exclusive, at_least_one, exactly_one"
        ),
    ),
]


class NamedStateEntry(_Strict):
    """A state (or set of states) the analyst refers to by name."""

    state: Text
    description: str = ""


NamedStateItem = Annotated[
    Annotated[Text, Tag("as text")] | Annotated[NamedStateEntry, Tag("as mapping")],
    _text_or_mapping_error("expected a named state: a pattern or expression, or a mapping with state:"),
]


class ModelFile(_Strict):
    """A standoff conflict model in the graph model for conflict resolution (option form)."""

    model_config = ConfigDict(title="standoff model")

    name: str
    description: str = ""
    source: str = Field(default="", description="The citation for a published case.")
    notes: str = Field(default="", description="Free text for the analyst; standoff keeps it and ignores it.")
    decision_makers: list[DecisionMakerEntry] = Field(json_schema_extra={"minItems": 2})
    option_order: list[str] = Field(
        default_factory=list,
        description=(
            "The model order of the options (every option once), when it is not the order they are listed "
            "in. Patterns and state numbers follow the model order."
        ),
        json_schema_extra=_optional_list,
    )
    infeasible: list[InfeasibleItem] = Field(
        default_factory=list, description="A state matching any entry is infeasible."
    )
    status_quo: Text = Field(
        default="",
        description="A pattern, an expression or the name of a named state.",
        json_schema_extra=_omit_default,
    )
    states: dict[str, NamedStateItem] = Field(
        default_factory=dict, description="Named states: name -> pattern or expression."
    )
    history: list[dict[str, Any]] = Field(
        default_factory=list, description="The recorded history of the conflict (free-form entries)."
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the native format: docs/reference/model.schema.json."""
    schema = ModelFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """The JSON Schema as the text of docs/reference/model.schema.json."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------
# Places and lines
# ---------------------------------------------------------------------------

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*\Z")


def _place(loc: Loc) -> str:
    """``("decision_makers", 1, "options", 0)`` → ``decision_makers[1].options[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


class _Lines:
    """Maps a place in the data to the line it was written on, from PyYAML's node tree."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root

    def line(self, loc: Loc, *, exact: bool = False) -> int | None:
        """The line of ``loc``; of its deepest existing part unless ``exact``."""
        node = self.root
        if node is None:
            return None
        line: int | None = node.start_mark.line + 1
        for part in loc:
            found = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                        found, line = value, key.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                found = node.value[part]
                line = found.start_mark.line + 1
            if found is None:
                return None if exact else line
            node = found
        return line

    def where(self, loc: Loc) -> str:
        line = self.line(loc)
        place = _place(loc)
        if line is None:
            return place
        return f"{place} (line {line})" if place else f"line {line}"


# ---------------------------------------------------------------------------
# Text -> data
# ---------------------------------------------------------------------------


def _read_text(path: Path, file: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ModelError("no such file", file=file) from None
    except IsADirectoryError:
        raise ModelError("is a directory, not a model file", file=file) from None
    except OSError as error:
        raise ModelError(f"cannot read the file: {error.strerror or error}", file=file) from None
    if b"\x00" in raw[:65536]:
        raise ModelError("is a binary file, not a YAML or JSON model (it contains NUL bytes)", file=file)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise ModelError(
            f"is not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be decoded (save the file as UTF-8)",
            file=file,
            place=f"line {line}, column {column}",
        ) from None


def _yaml_error(error: yaml.YAMLError, file: str) -> ModelError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    text = f"malformed YAML: {problem}" + (f" ({context})" if context else "")
    place = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else None
    return ModelError(text, file=file, place=place)


def _compose(text: str) -> yaml.Node | None:
    loader = yaml.SafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _construct(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_duplicate_keys(node: yaml.Node, file: str) -> None:
    """PyYAML keeps the last of two equal keys silently; a repeated key is almost always a mistake."""
    seen_nodes: set[int] = set()

    def walk(current: yaml.Node, loc: Loc) -> None:
        if id(current) in seen_nodes:
            return
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in current.value:
                if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
                    walk(value, loc)
                    continue
                if key.value in first:
                    raise ModelError(
                        f"the key {key.value!r} appears twice in the same mapping "
                        f"(first on line {first[key.value]}); only one is allowed",
                        file=file,
                        place=f"{_place((*loc, key.value))} (line {key.start_mark.line + 1})",
                    )
                first[key.value] = key.start_mark.line + 1
                walk(value, (*loc, key.value))
        elif isinstance(current, yaml.SequenceNode):
            for i, item in enumerate(current.value):
                walk(item, (*loc, i))

    walk(node, ())


def _parse_yaml(text: str, file: str) -> tuple[Any, _Lines]:
    try:
        node = _compose(text)
        if node is None:
            return None, _Lines(None)
        lines = _Lines(node)
        _check_duplicate_keys(node, file)
        return _construct(node), lines
    except yaml.YAMLError as error:
        raise _yaml_error(error, file) from None


def _parse_json(text: str, file: str) -> tuple[Any, _Lines]:
    duplicate: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicate.append(key)
            out[key] = value
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        raise ModelError(
            f"malformed JSON: {error.msg}", file=file, place=f"line {error.lineno}, column {error.colno}"
        ) from None
    # JSON is YAML: its node tree gives the line of every place (when PyYAML accepts the text).
    try:
        lines = _Lines(_compose(text))
    except yaml.YAMLError:
        lines = _Lines(None)
    if duplicate:
        if lines.root is not None:
            _check_duplicate_keys(lines.root, file)
        raise ModelError(f"the key {duplicate[0]!r} appears twice in the same object", file=file)
    return data, lines


# ---------------------------------------------------------------------------
# Data -> schema classes (pydantic errors in one sentence each)
# ---------------------------------------------------------------------------


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _data_loc(data: Any, loc: Sequence[str | int]) -> Loc:
    """The error location with pydantic's union tags removed: only steps that exist in the data remain."""
    out: list[str | int] = []
    current = data
    for part in loc:
        exists = isinstance(current, dict) and part in current
        exists |= isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if exists:
            current = current[part]
            out.append(part)
        elif part == "[key]" or (isinstance(part, str) and part.startswith("as ")) or part in SHORTHANDS:
            continue
        else:
            out.append(part)  # a missing key: point at it
            current = None
    return tuple(out)


_EITHER_ERRORS = {"text_or_mapping", "ranking_entry", "infeasible_entry"}


def _sentence(error: Mapping[str, Any], loc: Loc) -> tuple[str, Loc]:
    """One readable sentence for a pydantic error, and the place it is about."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    raw_loc = tuple(error["loc"])
    if raw_loc and raw_loc[-1] == "[key]":
        return f"the keys of {_place(loc[:-1])} must be text, got {_describe(raw_loc[-2])}", loc[:-1]
    if kind == "missing":
        return f"missing the required key {loc[-1]!r}", loc[:-1]
    if kind == "unknown_key":
        return error["msg"], (*loc, ctx["name"])
    hint = ""
    scalar = value is not None and not isinstance(value, str | list | dict)
    if scalar and kind in {"string_type", *_EITHER_ERRORS}:
        hint = " (YAML reads unquoted numbers, dates, yes/no, on/off, true/false as such: put text in quotes)"
    if kind == "string_type":
        return f"expected text, got {_describe(value)}{hint}", loc
    if kind == "list_type":
        return f"expected a list, got {_describe(value)}", loc
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a mapping of keys to values, got {_describe(value)}", loc
    if kind in {"float_type", "float_parsing", "int_type", "int_parsing"}:
        return f"expected a number, got {_describe(value)}", loc
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected', '')}, got {_describe(value)}", loc
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return f"needs at least {need} item{'s' if need != 1 else ''}, got {ctx.get('actual_length', 0)}", loc
    if kind in _EITHER_ERRORS:
        return f"{error['msg']}, got {_describe(value)}{hint}", loc
    message = str(error["msg"])
    return message[:1].lower() + message[1:], loc


def _validate(data: Any, file: str | None, lines: _Lines) -> ModelFile:
    if data is None:
        raise ModelError("the file is empty: a model is a mapping with name: and decision_makers:", file=file)
    if not isinstance(data, dict):
        raise ModelError(
            f"a model is a mapping with name: and decision_makers: at the top level, got {_describe(data)}",
            file=file,
            place=lines.where(()) or None,
        )
    try:
        return ModelFile.model_validate(data)
    except ValidationError as error:
        found = []
        for item in error.errors():
            problem, loc = _sentence(item, _data_loc(data, item["loc"]))
            found.append((lines.line(loc) or 0, problem, loc))
        found.sort(key=lambda f: f[0])  # the first problem in reading order
        _, problem, loc = found[0]
        if len(found) > 1:
            more = len(found) - 1
            problem += f" ({more} more problem{'s' if more > 1 else ''} in this file)"
        raise ModelError(problem, file=file, place=lines.where(loc) or None) from None


# ---------------------------------------------------------------------------
# Schema classes -> Conflict
# ---------------------------------------------------------------------------


def _any_two(parts: Sequence[Expression]) -> Expression:
    pairs = [And((a, b)) for i, a in enumerate(parts) for b in parts[i + 1 :]]
    return pairs[0] if len(pairs) == 1 else Or(tuple(pairs))


def _none_of(parts: Sequence[Expression]) -> Expression:
    return Not(parts[0] if len(parts) == 1 else Or(tuple(parts)))


class _Builder:
    """Turns a validated model file into a Conflict, reporting meaning errors with their place."""

    def __init__(self, file: str | None, lines: _Lines) -> None:
        self.file = file
        self.lines = lines
        self.names: dict[str, int] = {}
        self.n = 0

    def fail(self, problem: str, loc: Loc, error: type[ModelError] = ModelError) -> NoReturn:
        raise error(problem, file=self.file, place=self.lines.where(loc) or None)

    # -- states and expressions ------------------------------------------------

    def expression(self, text: str, loc: Loc) -> Expression:
        """A pattern (exactly one Y/N/- per option) or an expression."""
        if is_pattern(text, self.n):
            return pattern(text, self.n)
        try:
            return parse(text, self.names)
        except ExpressionError as error:
            self.fail(self._pattern_problem(text) or error.problem, loc, ExpressionError)

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
        dm_seen: dict[str, int] = {}
        listed: list[OptionSpec] = []
        where: dict[str, Loc] = {}
        for i, dm in enumerate(model.decision_makers):
            if not dm.name.strip():
                self.fail("the decision maker's name is empty", ("decision_makers", i, "name"))
            if dm.name in dm_seen:
                self.fail(
                    f"decision maker name {dm.name!r} is already used by decision_makers[{dm_seen[dm.name]}]",
                    ("decision_makers", i, "name"),
                )
            dm_seen[dm.name] = i
            if not dm.options:
                self.fail(
                    f"decision maker {dm.name!r} has no options; every decision maker controls at least one",
                    ("decision_makers", i, "options"),
                )
            for j, item in enumerate(dm.options):
                loc: Loc = ("decision_makers", i, "options", j)
                option = OptionEntry(name=item) if isinstance(item, str) else item
                if not option.name.strip():
                    self.fail("the option's name is empty", loc)
                if option.name in where:
                    first = _place(where[option.name])
                    self.fail(f"option name {option.name!r} is already used at {first}", loc)
                where[option.name] = loc
                listed.append(OptionSpec(option.name, i, Direction(option.direction), option.description))
        if "option_order" in model.model_fields_set:
            position = self.option_order(model.option_order, list(where))
        else:
            position = {spec.name: k for k, spec in enumerate(listed)}
        specs = tuple(sorted(listed, key=lambda spec: position[spec.name]))
        owned = [tuple(position[o.name] for o in listed if o.owner == i) for i in range(len(dm_seen))]
        self.names = {spec.name: k for k, spec in enumerate(specs)}
        self.n = len(specs)
        return specs, owned

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
        given = [kind for kind in PREFERENCE_KINDS if kind in entry.model_fields_set]
        if len(given) != 1:
            found = "none" if not given else " and ".join(given)
            self.fail(f"give exactly one of prioritization, ranking or payoffs; found {found}", loc)
        kind = given[0]
        items: list[Any] = getattr(entry, kind)
        if not items:
            self.fail(f"the {kind} is empty", (*loc, kind))
        if kind == "prioritization":
            statements = []
            for t, item in enumerate(items):
                at: Loc = (*loc, kind, t)
                if isinstance(item, str):
                    statements.append(Statement(self.expression(item, at), item))
                else:
                    expression = self.expression(item.statement, (*at, "statement"))
                    statements.append(Statement(expression, item.statement, item.source, item.note))
            return Prioritization(tuple(statements))
        if kind == "ranking":
            groups, texts = [], []
            for g, item in enumerate(items):
                if isinstance(item, str):
                    group, locs = [item], [(*loc, kind, g)]
                else:
                    group, locs = list(item), [(*loc, kind, g, e) for e in range(len(item))]
                groups.append(tuple(self.entry(text, at) for text, at in zip(group, locs, strict=True)))
                texts.append(tuple(group))
            return Ranking(tuple(groups), tuple(texts))
        return Payoffs(
            tuple((self.entry(p.state, (*loc, kind, k, "state")), p.value) for k, p in enumerate(items))
        )

    def infeasible(self, model: ModelFile) -> tuple[Expression, ...]:
        out: list[Expression] = []
        for k, item in enumerate(model.infeasible):
            loc: Loc = ("infeasible", k)
            if isinstance(item, str):
                out.append(self.expression(item, loc))
                continue
            kind = next(iter(item.model_fields_set & set(SHORTHANDS)))
            texts: list[str] = getattr(item, kind)
            parts = [self.expression(text, (*loc, kind, e)) for e, text in enumerate(texts)]
            for e, part in enumerate(parts):
                if part in parts[:e]:
                    self.fail(f"{texts[e]!r} is listed twice", (*loc, kind, e))
            if kind == "mutually_exclusive":
                out.append(_any_two(parts))
            elif kind == "at_least_one":
                out.append(_none_of(parts))
            else:
                out.append(_none_of(parts) if len(parts) == 1 else Or((_none_of(parts), _any_two(parts))))
        return tuple(out)

    def named_states(self, model: ModelFile) -> tuple[NamedState, ...]:
        out = []
        for name, item in model.states.items():
            loc: Loc = ("states", name)
            if not name.strip():
                self.fail("a state's name is empty", loc)
            if isinstance(item, str):
                out.append(NamedState(name, self.expression(item, loc)))
            else:
                out.append(NamedState(name, self.expression(item.state, (*loc, "state")), item.description))
        return tuple(out)

    def status_quo(self, text: str, named: tuple[NamedState, ...]) -> Expression | None:
        if not text:
            return None
        for state in named:
            if state.name == text:
                return state.expression
        if is_pattern(text, self.n):
            return pattern(text, self.n)
        try:
            return parse(text, self.names)
        except ExpressionError as error:
            problem = self._pattern_problem(text)
            if problem is None:
                names = ", ".join(s.name for s in named) or "none"
                problem = (
                    f"{text!r} is not a named state (named states: {names}), a pattern of {self.n} "
                    f"Y/N/- characters, or an expression: {error.problem}"
                )
            self.fail(problem, ("status_quo",))

    def build(self, model: ModelFile) -> Conflict:
        options, owned = self.options(model)
        dms = []
        for i, dm in enumerate(model.decision_makers):
            loc: Loc = ("decision_makers", i)
            preferences = self.preferences(dm.preferences, (*loc, "preferences"))
            misperceived = tuple(
                self.expression(text, (*loc, "misperceived", k)) for k, text in enumerate(dm.misperceived)
            )
            dms.append(DecisionMaker(dm.name, owned[i], preferences, dm.description, misperceived))
        named = self.named_states(model)
        extras = (("notes", model.notes),) if model.notes else ()
        return Conflict(
            name=model.name,
            options=options,
            decision_makers=tuple(dms),
            infeasible=self.infeasible(model),
            status_quo=self.status_quo(model.status_quo, named),
            named_states=named,
            description=model.description,
            source=model.source,
            history=tuple(model.history),
            path=self.file,
            extras=extras,
        )


def from_data(data: Any, *, file: str | None = None) -> Conflict:
    """Build a Conflict from already-parsed native-format data (a mapping), e.g. from a web form."""
    return _build(data, file, _Lines(None))


def _build(data: Any, file: str | None, lines: _Lines) -> Conflict:
    return _Builder(file, lines).build(_validate(data, file, lines))


def read_native(path: str | os.PathLike[str]) -> Conflict:
    """Read a native model file: ``.json`` as JSON, anything else as YAML."""
    file = os.fspath(path)
    text = _read_text(Path(file), file)
    parse_text = _parse_json if Path(file).suffix.lower() == ".json" else _parse_yaml
    data, lines = parse_text(text, file)
    return _build(data, file, lines)


def locate(conflict_or_path: Conflict | str | os.PathLike[str], place: str) -> str:
    """``place`` with ``(line N)`` added when it can be found in the model's YAML/JSON file.

    Accepts places as errors print them, e.g. ``decision_makers[1] (US).preferences.ranking``
    (parenthesised remarks are ignored). Returns ``place`` unchanged when the file or place is unknown.
    """
    file = conflict_or_path.path if isinstance(conflict_or_path, Conflict) else os.fspath(conflict_or_path)
    if not file or Path(file).suffix.lower() not in {".yaml", ".yml", ".json"}:
        return place
    try:
        node = _compose(Path(file).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return place
    loc: list[str | int] = []
    for key, index in re.findall(r"([A-Za-z_][A-Za-z0-9_\-]*)|\[(\d+)\]", re.sub(r"\s*\([^)]*\)", "", place)):
        loc.append(int(index) if index else key)
    line = _Lines(node).line(tuple(loc), exact=True) if loc else None
    return f"{place} (line {line})" if line else place


# ---------------------------------------------------------------------------
# Conflict -> data -> text
# ---------------------------------------------------------------------------


class _Writer:
    """Renders a Conflict's parts in the native format's words."""

    def __init__(self, conflict: Conflict) -> None:
        self.names = conflict.option_names
        self.index = {name: k for k, name in enumerate(self.names)}
        self.n = len(self.names)

    def code(self, code: int) -> str:
        return "".join("Y" if code >> j & 1 else "N" for j in range(self.n))

    def _reads_as(self, text: str, expected: Entry) -> bool:
        if not text:
            return False
        if isinstance(expected, int):
            return is_pattern(text, self.n) and "-" not in text and text == self.code(expected)
        try:
            read = pattern(text, self.n) if is_pattern(text, self.n) else parse(text, self.index)
        except ExpressionError:
            return False
        return read == expected

    def text(self, entry: Entry, original: str = "") -> str:
        """The user's original text when it still means the same, else a pattern or an expression."""
        if self._reads_as(original, entry):
            return original
        if isinstance(entry, int):
            return self.code(entry)
        full = self._full_pattern(entry)
        if full is not None:
            return full
        written = to_text(entry, self.names)
        return f"({written})" if is_pattern(written, self.n) else written

    def infeasible(self, condition: Expression) -> Any:
        """An infeasibility condition, as the shorthand it was read from when it has that exact shape."""
        for kind in SHORTHANDS:
            parts = _shorthand_parts(kind, condition)
            if parts is not None:
                return {kind: _Group(self.text(p) for p in parts)}
        return self.text(condition)

    def _full_pattern(self, expression: Expression) -> str | None:
        """The Y/N pattern of a conjunction that fixes every option, written in model order."""
        parts = expression.operands if isinstance(expression, And) else (expression,)
        value: dict[int, bool] = {}
        for part in parts:
            if isinstance(part, Option):
                value[part.index] = True
            elif isinstance(part, Not) and isinstance(part.operand, Option):
                value[part.operand.index] = False
            else:
                return None
        if len(value) != self.n or len(parts) != self.n:
            return None
        text = "".join("Y" if value[j] else "N" for j in range(self.n))
        return text if pattern(text, self.n) == expression else None


class _Group(list[str]):
    """A short list written in flow style: ``[YNNY, NYYN]``."""


class _Pair(dict[str, Any]):
    """A small mapping written in flow style: ``{state: YNNY, value: 3}``."""


def _shorthand_parts(kind: str, condition: Expression) -> tuple[Expression, ...] | None:
    """The listed expressions if ``condition`` is exactly what the ``kind`` shorthand builds, else None.

    Short forms a user would rather write out ("a and b", "not a") are left as expressions.
    """
    if kind == "mutually_exclusive" and isinstance(condition, Or) and len(condition.operands) >= 3:
        first = condition.operands[0]
        if isinstance(first, And) and len(first.operands) == 2:
            k = 2
            while k * (k - 1) // 2 < len(condition.operands):
                k += 1
            parts = _mutually_exclusive_parts(condition, k)
            if parts is not None:
                return parts
    if kind == "at_least_one" and isinstance(condition, Not) and isinstance(condition.operand, Or):
        return condition.operand.operands
    if kind == "exactly_one" and isinstance(condition, Or) and len(condition.operands) == 2:
        none, two = condition.operands
        parts = _shorthand_parts("at_least_one", none)
        if parts is not None and _any_two(parts) == two:
            return parts
    return None


def _mutually_exclusive_parts(condition: Or, k: int) -> tuple[Expression, ...] | None:
    pairs = condition.operands
    if k * (k - 1) // 2 != len(pairs) or not all(isinstance(p, And) and len(p.operands) == 2 for p in pairs):
        return None
    first = [p.operands[0] for p in pairs[: k - 1] if isinstance(p, And)]
    parts = (*first[:1], *(p.operands[1] for p in pairs[: k - 1] if isinstance(p, And)))
    return parts if len(parts) == k and _any_two(parts) == condition else None


def to_data(conflict: Conflict) -> dict[str, Any]:
    """The native-format data (plain dicts and lists) of a Conflict."""
    w = _Writer(conflict)
    out: dict[str, Any] = {"name": conflict.name}
    if conflict.description:
        out["description"] = conflict.description
    if conflict.source:
        out["source"] = conflict.source
    notes = dict(conflict.extras).get("notes")
    if isinstance(notes, str) and notes:
        out["notes"] = notes
    dms = []
    for dm in conflict.decision_makers:
        entry: dict[str, Any] = {"name": dm.name}
        if dm.description:
            entry["description"] = dm.description
        options: list[Any] = []
        for k in dm.options:
            option = conflict.options[k]
            if not option.description and option.direction is Direction.BOTH:
                options.append(option.name)
                continue
            item: dict[str, Any] = {"name": option.name}
            if option.description:
                item["description"] = option.description
            if option.direction is not Direction.BOTH:
                item["direction"] = option.direction.value
            options.append(item)
        entry["options"] = _Group(options) if all(isinstance(o, str) for o in options) else options
        entry["preferences"] = _preferences_data(dm.preferences, w)
        if dm.misperceived:
            entry["misperceived"] = [w.text(e) for e in dm.misperceived]
        dms.append(entry)
    out["decision_makers"] = dms
    listed = [k for dm in conflict.decision_makers for k in dm.options]
    if listed != list(range(len(conflict.options))):
        out["option_order"] = list(conflict.option_names)
    if conflict.infeasible:
        out["infeasible"] = [w.infeasible(e) for e in conflict.infeasible]
    if conflict.status_quo is not None:
        named = [s.name for s in conflict.named_states if s.expression == conflict.status_quo]
        out["status_quo"] = named[0] if named else w.text(conflict.status_quo)
    if conflict.named_states:
        states: dict[str, Any] = {}
        for s in conflict.named_states:
            text = w.text(s.expression)
            states[s.name] = {"state": text, "description": s.description} if s.description else text
        out["states"] = states
    if conflict.history:
        out["history"] = [dict(h) if isinstance(h, Mapping) else h for h in conflict.history]
    return out


def _preferences_data(preferences: Preferences, w: _Writer) -> dict[str, Any]:
    if isinstance(preferences, Prioritization):
        statements: list[Any] = []
        for s in preferences.statements:
            text = w.text(s.expression, s.text)
            if s.source or s.note:
                item = {"statement": text}
                if s.source:
                    item["source"] = s.source
                if s.note:
                    item["note"] = s.note
                statements.append(item)
            else:
                statements.append(text)
        return {"prioritization": statements}
    if isinstance(preferences, Ranking):
        ranking: list[Any] = []
        for g, group in enumerate(preferences.groups):
            texts = preferences.texts[g] if g < len(preferences.texts) else ()
            written = [w.text(e, texts[k] if k < len(texts) else "") for k, e in enumerate(group)]
            ranking.append(written[0] if len(written) == 1 else _Group(written))
        return {"ranking": ranking}
    payoffs = []
    for entry, value in preferences.entries:
        number: float | int = int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)
        payoffs.append(_Pair(state=w.text(entry), value=number))
    return {"payoffs": payoffs}


class _Dumper(yaml.SafeDumper):
    """Readable YAML: lists indented under their key, block text for long strings, flow lists for groups."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = None
    if "\n" in text:
        # folded at the line width when that reads back exactly, else kept line by line
        folded = yaml.dump(text, Dumper=yaml.SafeDumper, default_style=">", allow_unicode=True, width=88)
        style = ">" if yaml.safe_load(folded) == text else "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_pair(dumper: yaml.SafeDumper, pair: _Pair) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", dict(pair), flow_style=True)


def _represent_group(dumper: yaml.SafeDumper, group: _Group) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(group), flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Group, _represent_group)
_Dumper.add_representer(_Pair, _represent_pair)


def dump_yaml(conflict: Conflict) -> str:
    """A Conflict as native-format YAML text."""
    data = to_data(conflict)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)


def dump_json(conflict: Conflict) -> str:
    """A Conflict as native-format JSON text."""
    return json.dumps(to_data(conflict), indent=2, ensure_ascii=False, default=str) + "\n"


def write_atomically(path: str | os.PathLike[str], write: Callable[[Path], object]) -> None:
    """Call ``write`` on a new file next to ``path``, then put it in place in one step.

    A failed or interrupted write leaves ``path`` as it was: never half-written.
    The temporary file keeps the target's extension (writers may look at it).
    """
    target = Path(path)
    folder = target.parent
    temporary = folder / f".{target.name}.{secrets.token_hex(4)}.tmp{target.suffix}"
    try:
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as error:
        raise StandoffError(f"{os.fspath(path)}: cannot write: {error.strerror or error}") from None
    try:
        write(temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        if target.exists():
            shutil.copymode(target, temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_yaml(conflict: Conflict, path: str | os.PathLike[str]) -> None:
    """Write a Conflict to ``path`` in the native YAML format (atomically)."""
    _write_text(path, dump_yaml(conflict))


def write_json(conflict: Conflict, path: str | os.PathLike[str]) -> None:
    """Write a Conflict to ``path`` in the native JSON format (atomically)."""
    _write_text(path, dump_json(conflict))


def _write_text(path: str | os.PathLike[str], text: str) -> None:
    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    write_atomically(path, write)
