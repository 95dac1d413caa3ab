"""mkdocs hook: the docstrings' Sphinx roles (:func:`x`, :class:`~a.B`) read as plain code in the site.

The docstrings are also read in the terminal and in editors, where the roles
say what a name is; in the generated API reference only the name is shown.
"""

from __future__ import annotations

import re
from typing import Any

ROLE = re.compile(r":(?:func|class|meth|mod|data|attr|exc|obj):<code>~?([^<]*)</code>")


def _name(role: re.Match[str]) -> str:
    name = role.group(1)
    return f"<code>{name.rsplit('.', 1)[-1] if '~' in role.group(0) else name}</code>"


def on_page_content(html: str, **_: Any) -> str:
    """The page's HTML with each role dropped and the ``~`` (show the last part only) applied."""
    return ROLE.sub(_name, html)
