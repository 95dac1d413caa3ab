"""Where a command's result goes: a terminal (pretty, at its width), a pipe or a file (never cut short).

Consoles are made when a command prints, not when the command line is
imported: ``standoff --help`` stays quick, and the width is the one of the
terminal at that moment. Output that is not a terminal (a pipe, a file,
``-o FILE``) is laid out without a width limit, so long patterns and names
are never wrapped or cut.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

UNLIMITED = 100_000
"""Columns given to output that no terminal will wrap: wide enough for any table standoff prints."""


def console(*, stderr: bool = False) -> Console:
    """A console on the current stdout (or stderr): the terminal's width there, unlimited elsewhere."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return Console(stderr=stderr, soft_wrap=False)
    return Console(stderr=stderr, soft_wrap=False, width=UNLIMITED, no_color=True)


def rendered(renderable: RenderableType | str) -> str:
    """The plain text of a rich renderable, without colours and without a width limit."""
    from standoff.outputs.plain import plain_text

    return plain_text(renderable)


def emit(result: RenderableType | str, output: Path | None, *, plain: bool = False) -> None:
    """Print ``result`` on stdout, or write it to the file ``output`` (replaced whole or not at all).

    ``plain`` text (JSON, CSV) is written as it is; anything else is laid out
    by rich: for the terminal at its width and in colour, for a pipe or a file
    as plain text of unlimited width.
    """
    if output is not None:
        from standoff.io.atomic import write_text_atomically

        text = result if plain and isinstance(result, str) else rendered(result)
        write_text_atomically(output, text, what="output")
    elif plain and isinstance(result, str):
        sys.stdout.write(result)
    elif sys.stdout.isatty():
        console().print(result, highlight=False)
    else:
        sys.stdout.write(rendered(result))
