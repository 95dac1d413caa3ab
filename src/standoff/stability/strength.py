"""Strong and weak GMR, SMR and SEQ stability under strength of preference.

Hamouda, Kilgour & Hipel, "Strength of preference in the graph model for
conflict resolution", Group Decision and Negotiation 13 (2004) (two
decision makers), and "Strength of preference in graph models for
multiple-decision-maker conflicts", Applied Mathematics and Computation 179
(2006). ``s`` is *strongly* GMR (SMR, SEQ) stable for ``i`` when the
ordinary definition holds with every required sanction ``s2`` strongly
worse for ``i`` than ``s`` (``s >>_i s2``; for SMR every escape
``s3 ∈ R_i(s2)`` too); *weakly* stable when ordinarily stable but not
strongly. Nash stability does not change (a mild improvement is an
improvement), nor do the opponents' improvements SEQ counts.

With the bound ``B(s)`` of :mod:`standoff.engine.strength` (``s >> q``
exactly when ``rank(q) <= B(s)``) and the sanction value of each
improvement ``s1`` that the ordinary concept computes (the least rank, or
best-reply rank for SMR, over ``{s1} ∪ R_{N-i}(s1)``, ``R^+`` for SEQ):

1. ``s`` is strongly stable exactly when every ``s1 ∈ R_i^+(s)`` has a
   sanction value at most ``B(s)``;
2. so one maximum of the sanction values over ``R_i^+(s)`` (``s`` itself
   left out: its own value may exceed ``B(s)``) per state answers it.

The ordinary test's ``min(rank, sanction)`` device needs the threshold to be
``rank(s)``; with ``B(s) < rank(s)`` the state itself must be left out of the
maximum instead.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engine.move_lists import Moves
from standoff.engine.space import StateSpace

Stable = npt.NDArray[np.bool_]

STRONG_OF: dict[str, str] = {"gmr_strong": "gmr", "smr_strong": "smr", "seq_strong": "seq"}
"""Each strong concept and the ordinary concept whose sanctions it grades."""


def strongly_deterred(
    space: StateSpace, dm: int, sanction_values: npt.NDArray[np.int64], bounds: npt.NDArray[np.int64]
) -> Stable:
    """``out[k, s]``: every improvement of ``dm`` from ``s`` has ``sanction_values[k]`` at most ``bounds[s]``.

    ``bounds`` is ``dm``'s row of :func:`standoff.engine.strength.strength_bounds`.
    """
    from standoff.engine.cones import improvement_max  # numba: loaded only by the grouped engine

    rows = np.ascontiguousarray(sanction_values, dtype=np.int64).reshape(-1, space.n_states)
    worst = improvement_max(space.layouts, dm, space.codes, space.ranks[dm], rows)
    stable: Stable = worst <= bounds
    return stable


def strongly_deterred_listed(
    better: Moves, sanction_values: npt.NDArray[np.int64], bounds: npt.NDArray[np.int64]
) -> Stable:
    """:func:`strongly_deterred` over listed improvements ``better`` of the decision maker."""
    rows = np.ascontiguousarray(sanction_values, dtype=np.int64).reshape(-1, bounds.size)
    worst = np.full(rows.shape, np.iinfo(np.int64).min, dtype=np.int64)
    busy = np.flatnonzero(np.diff(better.starts))
    if busy.size:
        first = better.starts[busy]
        for k in range(rows.shape[0]):
            worst[k, busy] = np.maximum.reduceat(rows[k, better.targets], first)
    stable: Stable = worst <= bounds
    return stable
