"""Plain text of a rendering: what the command line prints to a pipe or a file, for ``str(result)``.

Result objects print as the command line shows them (``print(conflict.explain(...))`` gives the
sentences ``standoff explain`` prints), without colours or terminal codes and without a width
limit, so that a notebook wraps the long lines itself and nothing is cut.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

UNLIMITED = 100_000
"""Columns given to text that no terminal will wrap: wide enough for any table standoff prints."""


def plain_text(renderable: RenderableType | str, *, end: str = "\n") -> str:
    """The plain text of a rich renderable: no colours, no markup, no width limit, lines right-trimmed,
    ending in ``end`` (``""`` for ``__str__``: ``print`` adds the line's end)."""
    from rich.console import Console

    buffer = io.StringIO()
    Console(
        file=buffer, width=UNLIMITED, no_color=True, color_system=None, soft_wrap=False, highlight=False
    ).print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + end
