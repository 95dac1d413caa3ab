"""Strength of preference as a bound per state: ``s >>_i q`` exactly when ``rank_i(q) <= bound_i(s)``.

Hamouda, Kilgour & Hipel (2004, 2006) split each preference into mild and
strong. Every source of strength standoff reads (ranking tiers, strong
statements, a payoff threshold) is a :class:`~standoff.model.preferences.Strength`:
``s >> q`` when ``measure(s) - measure(q) >= threshold``, with a measure that
never contradicts the ranks. So the states strongly worse than ``s`` are
exactly those ranked at most some bound ``B(s) < rank(s)``, and the strong
concepts compare sanction values with ``B(s)`` where the ordinary ones
compare them with ``rank(s)``. Sorting once per decision maker finds every
bound: no pair of states is ever listed.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engine.space import StateSpace
from standoff.errors import ConceptError
from standoff.model.conflict import Conflict

NOTHING_BELOW = -1
"""The bound of a state with no state strongly worse than it (ranks start at 0)."""


def has_strength(conflict: Conflict) -> bool:
    """Whether some decision maker's preferences say which preferences are strong."""
    return any(dm.preferences.has_strength for dm in conflict.decision_makers)


def check_strength(conflict: Conflict, concepts: tuple[str, ...]) -> None:
    """Refuse the strong concepts for a model that gives no strength of preference."""
    if has_strength(conflict):
        return
    where = f"{conflict.path}: " if conflict.path else ""
    raise ConceptError(
        f"{where}{', '.join(concepts)} need{'s' * (len(concepts) == 1)} strength of preference, "
        "which the model does not give: "
        "mark leading prioritization statements strong: true, put '>>' between ranking entries, "
        "or give strong_threshold: under payoff preferences"
    )


def strength_bounds(conflict: Conflict, space: StateSpace) -> npt.NDArray[np.int64]:
    """``B[i, s]``: the highest rank DM ``i`` gives a state ``q`` with ``s >>_i q`` (-1 if none).

    A decision maker whose preferences give no strength prefers nothing strongly: its bounds are all
    :data:`NOTHING_BELOW`, so only its Nash stable states are strongly stable for it.
    """
    n, size = space.n_decision_makers, space.n_states
    bounds = np.full((n, size), NOTHING_BELOW, dtype=np.int64)
    for i, dm in enumerate(conflict.decision_makers):
        strength = dm.preferences.strength(space.codes)
        if strength is None:
            continue
        measure = strength.measure
        order = np.argsort(measure, kind="stable")
        best_rank_so_far = np.maximum.accumulate(space.ranks[i][order].astype(np.int64))
        below = np.searchsorted(measure[order], measure - strength.threshold, side="right")
        bounds[i] = np.where(below > 0, best_rank_so_far[np.maximum(below - 1, 0)], NOTHING_BELOW)
    return bounds
