"""Plain data → the schema classes, with each of pydantic's errors said in one sentence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from standoff.errors import ModelError, ModelErrors
from standoff.io.native.lines import Lines, Loc, place
from standoff.io.native.schema import SHORTHANDS, ModelFile

__all__ = ["validate"]


def _describe(value: Any) -> str:
    """A short description of a value of the wrong kind, for error messages."""
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


# The error types of the schema's "text or mapping/list" choices.
_EITHER_ERRORS = {"text_or_mapping", "ranking_entry", "infeasible_entry", "fixed_entry"}


def _sentence(error: Mapping[str, Any], loc: Loc) -> tuple[str, Loc]:
    """One readable sentence for a pydantic error, and the place it is about."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    raw_loc = tuple(error["loc"])
    if raw_loc and raw_loc[-1] == "[key]":
        return f"the keys of {place(loc[:-1])} must be text, got {_describe(raw_loc[-2])}", loc[:-1]
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


def validate(data: Any, file: str | None, lines: Lines) -> ModelFile:
    """The data as schema classes; else ModelErrors naming every problem, in the order of the file."""
    if data is None:
        raise ModelError("the file is empty: a model is a mapping with name: and decision_makers:", file=file)
    if not isinstance(data, dict):
        raise lines.error(
            f"a model is a mapping with name: and decision_makers: at the top level, got {_describe(data)}",
            (),
            file,
        )
    try:
        return ModelFile.model_validate(data)
    except ValidationError as error:
        found: list[ModelError] = []
        for item in error.errors():
            problem, loc = _sentence(item, _data_loc(data, item["loc"]))
            located = lines.error(problem, loc, file)
            if all(e.message != located.message for e in found):  # unions repeat a problem
                found.append(located)
        raise (found[0] if len(found) == 1 else ModelErrors(found)) from None
