"""Reading a native model file (YAML or JSON) or its parsed data into a Conflict; finding a place's line."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from standoff.errors import ModelError
from standoff.io.native.builder import Builder
from standoff.io.native.lines import Lines, Loc
from standoff.io.native.text import check_depth, compose, parse_json, parse_yaml, read_text
from standoff.io.native.validation import validate
from standoff.model.conflict import Conflict

__all__ = ["build_from_text", "from_data", "locate", "read_native", "with_positions"]


def from_data(data: Any, *, file: str | None = None) -> Conflict:
    """Build a Conflict from already-parsed native-format data (a mapping), e.g. from a web form."""
    return _build(data, file, Lines(None))


def _build(data: Any, file: str | None, lines: Lines) -> Conflict:
    """Validate ``data`` against the schema, then build the Conflict (data nested too deep is refused
    first: validation and the builder walk it recursively)."""
    check_depth(data, file, lines)
    return Builder(file, lines).build(validate(data, file, lines))


def build_from_text(text: str, file: str, *, json: bool = False) -> Conflict:
    """Build a Conflict from the text of a native model file; ``file`` names it in errors."""
    data, lines = (parse_json if json else parse_yaml)(text, file)
    return _build(data, file, lines)


def read_native(path: str | os.PathLike[str]) -> Conflict:
    """Read a native model file: ``.json`` as JSON, anything else as YAML."""
    file = os.fspath(path)
    text = read_text(Path(file), file)
    parse_text = parse_json if Path(file).suffix.lower() == ".json" else parse_yaml
    data, lines = parse_text(text, file)
    return _build(data, file, lines)


def _node(file: str) -> yaml.Node | None:
    """The YAML node tree of a native model file; None when it is not one or cannot be read."""
    if not file or Path(file).suffix.lower() not in {".yaml", ".yml", ".json"}:
        return None
    try:
        return compose(Path(file).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None


def _text_node(text: str) -> yaml.Node | None:
    """The YAML node tree of a native model's text; None when it cannot be parsed."""
    try:
        return compose(text)
    except (yaml.YAMLError, RecursionError):
        return None


def _loc(place: str) -> Loc:
    """A place as errors print it (``decision_makers[1] (US).preferences``) as keys and positions."""
    loc: list[str | int] = []
    steps = r"([A-Za-z_][A-Za-z0-9_\-]*)|\[(\d+)\]|\['([^']*)'\]"
    for key, index, quoted in re.findall(steps, re.sub(r"\s*\([^)]*\)", "", place)):
        loc.append(int(index) if index else quoted or key)
    return tuple(loc)


def locate(conflict_or_path: Conflict | str | os.PathLike[str], place: str) -> str:
    """``place`` with ``(line N)`` added when it can be found in the model's YAML/JSON file.

    Accepts places as errors print them, e.g. ``decision_makers[1] (US).preferences.ranking``
    (parenthesised remarks are ignored). Returns ``place`` unchanged when the file or place is unknown.
    """
    file = conflict_or_path.path if isinstance(conflict_or_path, Conflict) else os.fspath(conflict_or_path)
    node = _node(file or "")
    loc = _loc(place)
    line = Lines(node).line(loc, exact=True) if node is not None and loc else None
    return f"{place} (line {line})" if line else place


def with_positions(errors: Sequence[ModelError], *, text: str | None = None) -> list[ModelError]:
    """The errors with the line and column of their place filled in, where a native model file has it.

    ``text``: the model's text, for a model read from text rather than a file (the web app's editor).
    """
    nodes: dict[str, yaml.Node | None] = {}
    out = []
    for error in errors:
        if error.line is None and error.place and (error.file or text is not None):
            key = error.file or ""
            if key not in nodes:
                nodes[key] = _text_node(text) if text is not None else _node(key)
            node = nodes[key]
            loc = _loc(error.place)
            at = Lines(node).position(loc) if node is not None and loc else None
            if at is not None:
                error = error.located(line=at[0], column=at[1])
        out.append(error)
    return out
