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
        bounds[i] = _bounds(strength.measure, strength.threshold, space.ranks[i])
    return bounds


def _bounds(
    measure: npt.NDArray[np.int64] | npt.NDArray[np.float64], threshold: float, rank: npt.NDArray[np.int32]
) -> npt.NDArray[np.int64]:
    """Per state ``s``: the highest rank of a ``q`` with ``measure(s) - measure(q) >= threshold``.

    The values of the measure, sorted, are searched for ``measure(s) - threshold``; then the boundary
    is moved until it agrees with the difference itself, as the definition computes it, so payoffs
    with fractions (0.3 - 0.1 is not 0.2 in floating point) are judged as written.
    """
    values, at = np.unique(measure, return_inverse=True)
    highest = np.full(values.size, NOTHING_BELOW, dtype=np.int64)  # every value is some state's
    np.maximum.at(highest, at.reshape(-1), rank.astype(np.int64))
    best = np.maximum.accumulate(highest)  # the highest rank at or below each value
    below = np.searchsorted(values, measure - threshold, side="right").astype(np.int64)
    while True:  # the last value counted is strongly worse as the definition computes it
        back = (below > 0) & (measure - values[np.maximum(below - 1, 0)] < threshold)
        if not back.any():
            break
        below -= back
    while True:  # and the next one is not
        on = (below < values.size) & (measure - values[np.minimum(below, values.size - 1)] >= threshold)
        if not on.any():
            break
        below += on
    return np.where(below > 0, best[np.maximum(below - 1, 0)], NOTHING_BELOW)
