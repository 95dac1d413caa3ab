"""Places in a model's data (``decision_makers[1].options[0]``) and the lines they were written on."""

from __future__ import annotations

import json
import re

import yaml

from standoff.errors import ModelError

__all__ = ["Lines", "Loc", "place"]

Loc = tuple[str | int, ...]
"""A place in the data: the keys and list positions leading to it."""

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*\Z")


def place(loc: Loc) -> str:
    """``("decision_makers", 1, "options", 0)`` → ``decision_makers[1].options[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and _PLAIN_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


class Lines:
    """Maps a place in the data to the line it was written on, from PyYAML's node tree."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root

    def position(self, loc: Loc, *, exact: bool = False) -> tuple[int, int] | None:
        """The line and column (from 1) of ``loc``: of its key in a mapping, else of the value.

        Of the deepest existing part of ``loc`` unless ``exact``.
        """
        node = self.root
        if node is None:
            return None
        mark = node.start_mark
        for part in loc:
            found = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                        found, mark = value, key.start_mark
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                found = node.value[part]
                mark = found.start_mark
            if found is None:
                return None if exact else (mark.line + 1, mark.column + 1)
            node = found
        return mark.line + 1, mark.column + 1

    def line(self, loc: Loc, *, exact: bool = False) -> int | None:
        """The line of ``loc``; of its deepest existing part unless ``exact``."""
        at = self.position(loc, exact=exact)
        return at[0] if at else None

    def where(self, loc: Loc) -> str:
        """The place of ``loc`` with its line, as :func:`standoff.io.native.locate` shows it."""
        line = self.line(loc)
        shown = place(loc)
        if line is None:
            return shown
        return f"{shown} (line {line})" if shown else f"line {line}"

    def error(
        self, problem: str, loc: Loc, file: str | None, kind: type[ModelError] = ModelError
    ) -> ModelError:
        """A ``kind`` of error about ``loc``, with its place, line and column when known."""
        at = self.position(loc)
        line, column = at if at else (None, None)
        return kind(problem, file=file, place=place(loc) or None, line=line, column=column)
