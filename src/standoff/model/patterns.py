"""A state code as its pattern: the one place that turns option bits into Y and N."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

CHUNK = 1 << 20
"""Codes turned into patterns at a time by :func:`code_patterns` (bounds the temporary arrays)."""


def code_pattern(code: int, n_options: int) -> str:
    """The Y/N pattern of a state code, one character per option in model order (bit ``j`` is option ``j``).

    >>> code_pattern(0b101, 4)
    'YNYN'
    """
    return format(code, f"0{n_options}b")[::-1][:n_options].translate(_YES_NO)


_YES_NO = str.maketrans("01", "NY")
"""Binary digits as the pattern's letters: 1 is a chosen option (Y), 0 one not chosen (N)."""


def code_patterns(codes: npt.NDArray[np.int64], n_options: int) -> list[str]:
    """The patterns of many state codes at once: :func:`code_pattern` of each, vectorised.

    >>> import numpy as np
    >>> code_patterns(np.array([0b101, 0b010]), 3)
    ['YNY', 'NYN']
    """
    import numpy as np

    m = n_options
    out: list[str] = []
    for start in range(0, codes.size, CHUNK):
        part = np.ascontiguousarray(codes[start : start + CHUNK], dtype="<i8")
        # the eight bytes of each code as 64 bits, bit j of the code in column j
        bits = np.unpackbits(part.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")[:, :m]
        text = (bits * np.uint8(ord("Y") - ord("N")) + np.uint8(ord("N"))).tobytes().decode("ascii")
        out += [text[k : k + m] for k in range(0, len(text), m)] if m else [""] * len(part)
    return out
