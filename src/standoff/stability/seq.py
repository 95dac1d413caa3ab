"""Sequential stability (SEQ), Fraser & Hipel (1979); Fang, Hipel & Kilgour (1993), ch. 3.

``s`` is SEQ stable for ``i`` when for every ``s1 ∈ R_i^+(s)`` there is
``s2 ∈ R_{N-i}^+(s1)`` with ``s2 <=_i s``: sanctions must be credible, each
opponent's move an improvement for that opponent.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engine.reach import min_over_group_reach, opponents
from standoff.engine.space import StateSpace


def sanction_values(space: StateSpace, dm: int) -> npt.NDArray[np.int64]:
    """For each ``s1``: the lowest rank ``dm`` gives any state in ``{s1} ∪ R^+_{N-dm}(s1)``."""
    values = space.ranks[dm].astype(np.int64)[None, :]
    sanction: npt.NDArray[np.int64]
    sanction = min_over_group_reach(space, opponents(space, dm), values, improving=True)[0]
    return sanction
