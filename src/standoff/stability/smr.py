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

from standoff.engine.reach import best_reply_value
from standoff.engine.space import StateSpace


def sanction_candidates(space: StateSpace, dm: int) -> npt.NDArray[np.int64]:
    """What a state ``s2`` is worth to ``dm`` as a sanction: the best rank it can get there by staying
    or by one move (so ``s2`` deters only if every ``s3 ∈ R_dm(s2)`` is ``<=_dm s`` too)."""
    return best_reply_value(space, dm, space.ranks[dm].astype(np.int64))
