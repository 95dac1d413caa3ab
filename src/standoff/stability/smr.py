"""Symmetric metarationality (SMR), Howard (1971); Fang, Hipel & Kilgour (1993), ch. 3.

``s`` is SMR stable for ``i`` when for every ``s1 ∈ R_i^+(s)`` there is
``s2 ∈ R_{N-i}(s1)`` with ``s2 <=_i s`` and ``s3 <=_i s`` for every
``s3 ∈ R_i(s2)``: the sanction holds even after ``i`` gets one more move.
So the value of a candidate sanction ``s2`` is the best rank ``i`` can get
from it by staying or moving once, and the sanction value of ``s1`` is the
least of those over ``{s1} ∪ R_{N-i}(s1)``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engine.reach import best_reply_value, min_over_group_reach, opponents
from standoff.engine.space import StateSpace


def counter_response_values(space: StateSpace, dm: int) -> npt.NDArray[np.int64]:
    """For each state: the best rank ``dm`` can get there by staying or by one move."""
    return best_reply_value(space, dm, space.ranks[dm].astype(np.int64))


def sanction_values(space: StateSpace, dm: int) -> npt.NDArray[np.int64]:
    """For each ``s1``: the least counter-response value over ``{s1} ∪ R_{N-dm}(s1)``."""
    values = counter_response_values(space, dm)[None, :]
    sanction: npt.NDArray[np.int64]
    sanction = min_over_group_reach(space, opponents(space, dm), values, improving=False)[0]
    return sanction
