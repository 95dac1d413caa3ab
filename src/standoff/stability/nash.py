"""Nash stability (rationality): the decision maker has no unilateral improvement.

Fang, Hipel & Kilgour (1993), *Interactive Decision Making*, ch. 3; Nash (1951).
"""

from __future__ import annotations

import numpy as np

from standoff.engine.space import StateSpace
from standoff.stability.deterrence import Stable, deterred


def nash(space: StateSpace, dm: int) -> Stable:
    """``s`` is Nash stable for ``dm`` when ``R_dm^+(s)`` is empty."""
    stable: Stable = deterred(space, dm, np.empty((0, space.n_states), dtype=np.int64))[0]
    return stable
