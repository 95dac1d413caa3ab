"""Bit arithmetic on state codes: what a unilateral move may flip, and how many bits are set.

Written once, in plain Python operators, so that the same function serves a
Python integer, a numpy array of codes and (compiled by
:mod:`standoff.engine.codes`) the numba kernels. This module imports no
numba, so the plain-numpy engine and the analyses can use it cheaply.
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

Code = TypeVar("Code", int, np.integer[Any], npt.NDArray[np.integer[Any]])
"""One state code (a Python or numpy integer) or an array of them."""


def changeable(code: Code, owned: int, forward: int, backward: int) -> Code:
    """The bits of ``owned`` that a unilateral move from ``code`` may flip.

    A decision maker changes its own options (``owned``), each in its
    permitted direction: a forward-only option (``forward``) already taken
    cannot be withdrawn, a backward-only one (``backward``) not taken cannot
    be taken. ``code`` may be one code or an array of codes.
    """
    return owned & ~(forward & code) & ~(backward & ~code)


def popcount(values: Code) -> Code:
    """How many bits each non-negative 64-bit value has set (one value or an array of them).

    The classic parallel count (sum bits in pairs, nibbles, bytes, then add
    the bytes with one multiplication). The product may wrap around in
    64-bit arithmetic; its top byte, masked, is still the count.
    """
    x = values - ((values >> 1) & 0x5555555555555555)
    x = (x & 0x3333333333333333) + ((x >> 2) & 0x3333333333333333)
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0F
    return ((x * 0x0101010101010101) >> 56) & 0xFF  # type: ignore[no-any-return]
