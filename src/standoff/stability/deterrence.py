"""Whether every unilateral improvement of a decision maker is deterred.

Shared by GMR, SMR and SEQ, which differ only in the *sanction value* of an
improvement ``s1``: the least-preferred (for the mover) outcome the
opponents can bring about from ``s1`` under that concept. ``s`` is stable
when every improvement's sanction value is at most the mover's rank of ``s``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engine import kernels
from standoff.engine.space import StateSpace

Stable = npt.NDArray[np.bool_]


def deterred(space: StateSpace, dm: int, sanction_values: npt.NDArray[np.int64]) -> Stable:
    """``out[0]``: no improvement (Nash); ``out[1 + k]``: every improvement deterred under value ``k``."""
    return kernels.sanctioned(  # type: ignore[no-any-return]
        space.codes, space.lookup, space.owned[dm], space.forward[dm], space.backward[dm],
        space.perceived[dm], space.ranks[dm],
        np.ascontiguousarray(sanction_values, dtype=np.int64).reshape(-1, space.n_states),
    )
