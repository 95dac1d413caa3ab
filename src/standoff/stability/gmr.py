"""General metarationality (GMR), Howard (1971); Fang, Hipel & Kilgour (1993), ch. 3.

``s`` is GMR stable for ``i`` when for every ``s1 ∈ R_i^+(s)`` there is
``s2 ∈ R_{N-i}(s1)`` with ``s2 <=_i s``: the opponents can sanction every
improvement by any legal sequence of their moves, whether or not those
moves are good for them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engine.space import StateSpace


def sanction_candidates(space: StateSpace, dm: int) -> npt.NDArray[np.int64]:
    """What a state ``s2`` reached by the opponents is worth to ``dm`` as a sanction: its rank.

    :func:`standoff.stability.deterrence.unconditional_sanctions` takes the
    least of these over ``{s1} ∪ R_{N-dm}(s1)`` for every improvement ``s1``.
    """
    candidates: npt.NDArray[np.int64] = space.ranks[dm].astype(np.int64)
    return candidates
