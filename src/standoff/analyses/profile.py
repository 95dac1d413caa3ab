"""Equilibria under a profile: each decision maker judged by its own stability concept.

Fang, Hipel, Kilgour & Peng (2003), GMCR II: given a profile ``(K_1, ..., K_n)``, a
state is an equilibrium under the profile when it is ``K_i``-stable for every
decision maker ``i``. Each verdict is the ordinary one for that decision maker
(sanctions are still the opponents' moves, whatever their own concept), so the
profile's equilibria are read off the per-concept verdicts the analysis computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from standoff.analyses.states import State, state_of
from standoff.concepts import CONCEPT_NAMES, Concept
from standoff.engine.space import StateSpace
from standoff.model.conflict import Conflict


@dataclass(frozen=True, eq=False)
class ProfileEquilibria:
    """The verdicts and equilibria under one profile of concepts.

    ``keys`` holds each decision maker's concept key in model order; ``stable[i, s]`` is
    decision maker ``i``'s verdict on the state at index ``s`` under its own concept.

    Examples:
        >>> import standoff
        >>> pd = standoff.load("examples/prisoners-dilemma.yaml")
        >>> result = pd.analyze("nash", profile={"Row": "nash", "Column": "gmr"})
        >>> result.profile.concepts
        {'Row': 'nash', 'Column': 'gmr'}
        >>> result.profile.equilibria
        [<state 4 YY: Row: row_defects; Column: col_defects>]
    """

    conflict: Conflict
    space: StateSpace
    keys: tuple[Concept, ...]
    stable: npt.NDArray[np.bool_]

    @property
    def concepts(self) -> dict[str, Concept]:
        """Each decision maker's concept key, by name, in model order."""
        return dict(zip(self.conflict.decision_maker_names, self.keys, strict=True))

    @property
    def equilibrium_mask(self) -> npt.NDArray[np.bool_]:
        """States stable for every decision maker under its own concept."""
        return np.asarray(self.stable.all(axis=0))

    @cached_property
    def equilibria(self) -> list[State]:
        """The equilibria under the profile, as states with their printed numbers."""
        return [state_of(self.conflict, self.space, int(s)) for s in np.flatnonzero(self.equilibrium_mask)]

    @property
    def text(self) -> str:
        """``Row: Nash, Column: GMR``: the profile as tables print it."""
        return profile_text(self.conflict.decision_maker_names, self.keys)

    def __repr__(self) -> str:
        count = int(self.equilibrium_mask.sum())
        return f"<ProfileEquilibria {self.text}: {count} {'equilibrium' if count == 1 else 'equilibria'}>"


def profile_equilibria(
    conflict: Conflict,
    space: StateSpace,
    stable: dict[Concept, npt.NDArray[np.bool_]],
    keys: tuple[Concept, ...],
) -> ProfileEquilibria:
    """The profile's verdicts from the per-concept verdicts ``stable`` (which must hold every concept of
    ``keys``, one per decision maker): decision maker ``i``'s row of ``stable[keys[i]]``."""
    rows = np.stack([stable[key][i] for i, key in enumerate(keys)])
    return ProfileEquilibria(conflict, space, keys, rows)


def profile_text(names: tuple[str, ...], keys: tuple[Concept, ...]) -> str:
    """``Row: Nash, Column: GMR``."""
    return ", ".join(f"{name}: {CONCEPT_NAMES[key]}" for name, key in zip(names, keys, strict=True))
