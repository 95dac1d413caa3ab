"""A state code as its pattern: the one place that turns option bits into Y and N."""

from __future__ import annotations

from functools import cache
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
    m = n_options
    out: list[str] = []
    for start in range(0, codes.size, CHUNK):
        letters = pattern_letters(codes[start : start + CHUNK], m)
        text = letters.tobytes().decode("ascii")
        out += [text[k : k + m] for k in range(0, len(text), m)] if m else [""] * len(letters)
    return out


def pattern_letters(codes: npt.NDArray[np.int64], n_options: int) -> npt.NDArray[np.uint8]:
    """The patterns of ``codes`` as ASCII letters, one row per code: ``(len(codes), n_options)`` bytes.

    Each of the low bytes of a code (as many as the options need) is looked up as its eight letters.

    >>> import numpy as np
    >>> pattern_letters(np.array([0b101, 1 << 9]), 10).tobytes()
    b'YNYNNNNNNNNNNNNNNNNY'
    """
    import numpy as np

    part = np.ascontiguousarray(codes, dtype="<i8")
    n_bytes = (n_options + 7) // 8
    low = part.view(np.uint8).reshape(-1, 8)[:, :n_bytes]
    letters: npt.NDArray[np.uint8] = _byte_letters()[low].reshape(low.shape[0], n_bytes * 8)[:, :n_options]
    return letters


@cache
def _byte_letters() -> npt.NDArray[np.uint8]:
    """``table[b]``: the eight letters of byte ``b``, bit ``j`` as letter ``j``."""
    import numpy as np

    bits = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1, bitorder="little")
    table: npt.NDArray[np.uint8] = bits * np.uint8(ord("Y") - ord("N")) + np.uint8(ord("N"))
    return table


def pattern_mapping_json(
    codes: npt.NDArray[np.int64],
    n_options: int,
    values: npt.NDArray[np.int64],
    letters: npt.NDArray[np.uint8] | None = None,
) -> bytes:
    """The JSON object ``{pattern: value}`` of the states ``codes`` and whole numbers ``values`` >= 0,
    encoded at once (patterns need no escaping); numbers are padded with spaces, which JSON allows.
    ``letters``: the :func:`pattern_letters` of ``codes``, when already made.

    >>> import json, numpy as np
    >>> json.loads(pattern_mapping_json(np.array([0b01, 0b10]), 2, np.array([0, 12])))
    {'YN': 0, 'NY': 12}
    """
    import numpy as np

    n = codes.size
    if n == 0:
        return b"{}"
    width = len(str(int(values.max())))
    m = n_options
    row = np.empty((n, m + width + 4), dtype=np.uint8)  # "pattern":value,
    row[:, 0] = ord('"')
    row[:, 1 : m + 1] = pattern_letters(codes, m) if letters is None else letters
    row[:, m + 1] = ord('"')
    row[:, m + 2] = ord(":")
    number = np.asarray(values, dtype=np.int64)
    for k in range(width - 1, -1, -1):  # digits from the last, blanks before the first
        digit = (number % 10 + ord("0")).astype(np.uint8)
        row[:, m + 3 + k] = np.where((number > 0) | (k == width - 1), digit, ord(" "))
        number = number // 10
    row[:, -1] = ord(",")
    row[-1, -1] = ord("}")
    return b"{" + row.tobytes()


def pattern_list_json(
    codes: npt.NDArray[np.int64], n_options: int, letters: npt.NDArray[np.uint8] | None = None
) -> bytes:
    """The JSON array of the patterns of ``codes``, encoded at once (patterns need no escaping);
    ``letters``: their :func:`pattern_letters`, when already made.

    >>> import json, numpy as np
    >>> json.loads(pattern_list_json(np.array([0b01, 0b10]), 2))
    ['YN', 'NY']
    """
    import numpy as np

    n = codes.size
    if n == 0:
        return b"[]"
    m = n_options
    row = np.empty((n, m + 3), dtype=np.uint8)  # "pattern",
    row[:, 0] = ord('"')
    row[:, 1 : m + 1] = pattern_letters(codes, m) if letters is None else letters
    row[:, m + 1] = ord('"')
    row[:, m + 2] = ord(",")
    row[-1, -1] = ord("]")
    return b"[" + row.tobytes()
