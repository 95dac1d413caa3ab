"""General metarationality (GMR), Howard (1971); Fang, Hipel & Kilgour (1993), ch. 3.

``s`` is GMR stable for ``i`` when for every ``s1 ∈ R_i^+(s)`` there is
``s2 ∈ R_{N-i}(s1)`` with ``s2 <=_i s``: the opponents can sanction every
improvement by any legal sequence of their moves, whether or not those
moves are good for them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engine.reach import min_over_group_reach, opponents
from standoff.engine.space import StateSpace


def sanction_values(space: StateSpace, dm: int) -> npt.NDArray[np.int64]:
    """For each ``s1``: the lowest rank ``dm`` gives any state in ``{s1} ∪ R_{N-dm}(s1)``."""
    values = space.ranks[dm].astype(np.int64)[None, :]
    sanction: npt.NDArray[np.int64]
    sanction = min_over_group_reach(space, opponents(space, dm), values, improving=False)[0]
    return sanction
