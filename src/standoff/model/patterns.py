"""A state code as its pattern: the one place that turns option bits into Y and N."""

from __future__ import annotations


def code_pattern(code: int, n_options: int) -> str:
    """The Y/N pattern of a state code, one character per option in model order (bit ``j`` is option ``j``).

    >>> code_pattern(0b101, 4)
    'YNYN'
    """
    return "".join("Y" if code >> j & 1 else "N" for j in range(n_options))
