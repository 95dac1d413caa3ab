"""Whether every unilateral improvement of a decision maker is deterred.

Shared by GMR, SMR and SEQ, which differ only in the *sanction value* of an
improvement ``s1``: the least-preferred (for the mover) outcome the
opponents can bring about from ``s1`` under that concept. ``s`` is stable
when every improvement's sanction value is at most the mover's rank of ``s``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engine.cones import cone_max
from standoff.engine.reach import min_over_group_reach, opponents
from standoff.engine.space import StateSpace

Stable = npt.NDArray[np.bool_]


def deterred(space: StateSpace, dm: int, sanction_values: npt.NDArray[np.int64]) -> Stable:
    """``out[0]``: no improvement (Nash); ``out[1 + k]``: every improvement deterred under value ``k``.

    An improvement ``s1`` of ``s`` escapes sanction ``k`` when both its rank
    and its sanction value exceed the rank of ``s``, i.e. when their minimum
    does; so one maximum over ``{s} ∪ R_dm(s)`` of ``min(rank, sanction)``
    per row answers every row, and the rank row alone answers Nash.
    """
    rank = space.ranks[dm].astype(np.int64)
    sanctions = np.ascontiguousarray(sanction_values, dtype=np.int64).reshape(-1, space.n_states)
    rows = np.empty((sanctions.shape[0] + 1, space.n_states), dtype=np.int64)
    rows[0] = rank
    np.minimum(sanctions, rank, out=rows[1:])
    best = cone_max(space.layouts, dm, space.codes, space.ranks[dm], rows)
    stable: Stable = best <= rank
    return stable


def unconditional_sanctions(
    space: StateSpace, dm: int, candidates: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """GMR and SMR sanction values: the least candidate value over ``{s1} ∪ R_{N-dm}(s1)``, per row.

    Any legal sequence of the opponents' moves counts, whether or not it is
    good for them; including ``s1`` itself never changes an answer, since an
    improvement is ranked above the state it improves on. One propagation
    carries every row, so GMR and SMR share it.
    """
    rows = np.ascontiguousarray(candidates, dtype=np.int64).reshape(-1, space.n_states)
    return min_over_group_reach(space, opponents(space, dm), rows, improving=False)
