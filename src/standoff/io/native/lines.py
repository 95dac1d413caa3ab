"""Places in a model's data (``decision_makers[1].options[0]``) and the lines they were written on."""

from __future__ import annotations

import json
import re

import yaml

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
        elif _PLAIN_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


class Lines:
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
        """The place of ``loc`` with its line, as error messages show it."""
        line = self.line(loc)
        shown = place(loc)
        if line is None:
            return shown
        return f"{shown} (line {line})" if shown else f"line {line}"
