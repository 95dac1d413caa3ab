"""Unknown preferences: each decision maker's readings as rank rows, the a-d concepts, and the exact answer.

Where ``U_i`` comes from (docs/explanation/stability-concepts.md, "Unknown preferences"): a decision
maker's **readings** are the distinct rankings its admissible statement or ranking-group orders induce
(:class:`standoff.analyses.variants.Variants`, as robustness enumerates them), in the model's structure
as written (structural calls, which change the states or moves rather than preferences, are read as
written). Two states compare the same way in every reading, or their order is unknown.

Li et al.'s a-d concepts judge each pair on its own; the **exact** answer looks at whole readings (one
per decision maker at once): a state stable for ``i`` in every reading, or in some reading. For Nash,
GMR and SMR, ``K_a ⊆ every ⊆ some ⊆ K_d`` (GMCR.md); not for SEQ, whose sanctions are the opponents'
improvements, which a reading may make and a pair-by-pair view may not, or the other way round.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from standoff.engine.space import StateSpace
from standoff.errors import ModelError
from standoff.model.conflict import Conflict
from standoff.model.preferences import Ranking

if TYPE_CHECKING:
    from standoff.engine.move_lists import Moves

READING_CELLS = 1 << 24
"""Readings × states held per decision maker at most (8 bytes each: 128 MiB)."""

EXACT_COMBINATIONS = 4_096
"""Joint readings (one per decision maker) analysed for SEQ's exact answer at most; beyond, it is left out."""

OWN_READING = ("nash", "gmr", "smr")
"""The concepts under which a decision maker's stability reads its own preferences only (the opponents'
sanctions are any moves of theirs, whatever they prefer). Their exact answer over joint readings is
the answer over each decision maker's own readings, and an equilibrium in some joint reading is a state
stable for each decision maker in some reading of its own: as many analyses as the most readings of one
decision maker, not their product. SEQ reads the opponents' preferences (their sanctions must be
improvements for them), so its exact answer goes through every joint reading."""

STATE_LIMIT = 16_384
"""States of the explicit computation at most (the listed engine's size)."""

Stable = npt.NDArray[np.bool_]
Int = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class UnknownPreferences:
    """The a-d concepts and the exact answer over readings, each shape (decision makers, states).

    Attributes:
        stable: per key ``<concept>_<extension>`` (``gmr_b``), stability.
        every: per concept (``nash``, ``gmr``, ``smr``, ``seq``), stable in every joint reading; SEQ is
            left out when there are more than :data:`EXACT_COMBINATIONS` joint readings (None when
            nothing is left).
        some: ... stable in some joint reading.
        readings: how many readings each decision maker has.
        equilibrium_in_some: per concept, shape (states,): an equilibrium (stable for every decision maker
            at once) in some joint reading; None as for ``some``. (An equilibrium in every joint reading
            is ``every[concept].all(axis=0)``.)
    """

    stable: dict[str, Stable]
    every: dict[str, Stable] | None
    some: dict[str, Stable] | None
    readings: tuple[int, ...]
    equilibrium_in_some: dict[str, Stable] | None = None

    def equilibria_over_readings(self, keys: tuple[str, ...]) -> dict[str, tuple[Stable, Stable]]:
        """Per ordinary concept extended by one of ``keys`` (``gmr`` for ``gmr_b``), in the order met:
        its equilibria in every joint reading and in some; a concept whose joint readings were not
        analysed (SEQ past :data:`EXACT_COMBINATIONS`) is left out."""
        if self.every is None or self.equilibrium_in_some is None:
            return {}
        bases = [
            b for b in dict.fromkeys(k.rsplit("_", 1)[0] for k in keys if k in self.stable) if b in self.every
        ]
        return {
            b: (np.asarray(self.every[b].all(axis=0)), np.asarray(self.equilibrium_in_some[b])) for b in bases
        }


def has_unknown_preferences(conflict: Conflict) -> bool:
    """Whether some decision maker's preferences may leave pairs of states unknown: uncertain statements
    or ranking groups (more than one reading), or a ranking entry ``{unknown: [...]}``. Cheap: reads the
    model, builds no state space (the a-d concepts of a model without either equal the ordinary ones)."""
    for dm in conflict.decision_makers:
        preferences = dm.preferences
        if preferences.orderings() is not None:
            return True
        if isinstance(preferences, Ranking) and any(preferences.unknown):
            return True
    return False


def reading_ranks(conflict: Conflict) -> tuple[list[npt.NDArray[np.int64]], StateSpace]:
    """Per decision maker, its distinct readings as rank rows (readings × states), and the state space
    of the structure as written."""
    from standoff.analyses.variants import Sweep

    sweep = Sweep(conflict, ("nash",), ())
    prepared = sweep.structure(0)
    size = prepared.space.n_states
    if size > STATE_LIMIT:
        raise ModelError(
            f"unknown-preference concepts are computed for at most {STATE_LIMIT:,} feasible states; "
            f"this model has {size:,}"
        )
    counts = sweep.variants.reading_counts(0)
    names = conflict.decision_maker_names
    strides = [math.prod(counts[k + 1 :]) for k in range(len(counts))]
    out = []
    for i, count in enumerate(counts):
        if count * size > READING_CELLS:
            raise ModelError(
                f"decision maker {names[i]!r} has {count:,} readings of {size:,} states: more than "
                f"{READING_CELLS:,} ranks to hold for unknown preferences"
            )
        rows = np.stack([sweep.ranks(k * strides[i])[i] for k in range(count)]).astype(np.int64)
        preferences = conflict.decision_makers[i].preferences
        if isinstance(preferences, Ranking) and any(preferences.unknown):
            if 2 * count * size > READING_CELLS:
                raise ModelError(
                    f"decision maker {names[i]!r} has {2 * count:,} readings of {size:,} states: more than "
                    f"{READING_CELLS:,} ranks to hold for unknown preferences"
                )
            rows = _unknown_entries(rows, preferences, prepared.space.codes)
        out.append(np.unique(rows, axis=0))
    return out, prepared.space


def _unknown_entries(rows: npt.NDArray[np.int64], ranking: Ranking, codes: npt.NDArray[np.int64]) -> Int:
    """Each reading twice: the states of an ``{unknown: [...]}`` entry, tied as scored, put in the entries'
    written order, then in the reverse order (every unknown group at once; elsewhere unchanged). Two
    readings suffice: any two states of different entries of one group are ordered both ways."""
    place = np.zeros(codes.size, dtype=np.int64)  # the entry's place within its unknown group
    for g, group in enumerate(ranking.groups):
        if g < len(ranking.unknown) and ranking.unknown[g]:
            for k, entry in enumerate(group):
                hit = codes == entry if isinstance(entry, int) else entry.evaluate(codes)
                place[np.asarray(hit, dtype=np.bool_)] = len(group) - 1 - k  # the first entry ranks highest
    spread = int(place.max()) + 1
    return np.concatenate([rows * spread + place, rows * spread + (spread - 1 - place)])


def _accumulate(
    space: StateSpace,
    readings: list[Int],
    moves: list[Moves],
    bases: tuple[str, ...],
    chosen: tuple[int, ...],
    every: dict[str, Stable],
    some: dict[str, Stable],
    anywhere: dict[str, Stable] | None,
) -> None:
    """Analyse the joint reading ``chosen`` (one reading per decision maker) under ``bases`` and fold
    its verdicts into ``every`` and ``some`` (and, when given, its equilibria into ``anywhere``)."""
    from standoff.stability.listed import analyze_listed

    ranks = np.stack([readings[i][v] for i, v in enumerate(chosen)]).astype(np.int32)
    found = analyze_listed(replace(space, ranks=ranks), bases, lambda _: None, moves)
    for b in bases:
        if b not in every:
            every[b], some[b] = found[b].copy(), found[b].copy()
        else:
            every[b] &= found[b]
            some[b] |= found[b]
        if anywhere is not None:
            anywhere[b] |= found[b].all(axis=0)


def unknown_preferences(
    conflict: Conflict, wanted: tuple[str, ...], codes: Int | None = None
) -> UnknownPreferences:
    """The a-d concepts in ``wanted`` (keys such as ``gmr_b``) and the exact answer over readings; with
    ``codes`` (the states of the caller's analysis), refuses a structure as written with other states."""
    from standoff.engine.move_lists import unilateral_move_lists
    from standoff.stability.unknown import unknown_stability

    readings, space = reading_ranks(conflict)
    if codes is not None and not np.array_equal(codes, space.codes):
        raise ModelError(
            "the model as written has other states than the analysis: fixed options or "
            "structural calls the unknown-preference concepts cannot follow"
        )
    moves = [unilateral_move_lists(space, d) for d in range(space.n_decision_makers)]
    stable = unknown_stability(readings, moves, wanted)
    counts = tuple(r.shape[0] for r in readings)
    bases = tuple(dict.fromkeys(key.rsplit("_", 1)[0] for key in wanted))
    every: dict[str, Stable] = {}
    some: dict[str, Stable] = {}
    anywhere: dict[str, Stable] = {}
    own = tuple(b for b in bases if b in OWN_READING)
    if own:  # as many analyses as the most readings of one decision maker
        for v in range(max(counts)):
            chosen = tuple(min(v, c - 1) for c in counts)  # a decision maker out of readings repeats its last
            _accumulate(space, readings, moves, own, chosen, every, some, None)
        for b in own:
            anywhere[b] = some[b].all(axis=0)
    joint = tuple(b for b in bases if b not in OWN_READING)
    if joint and math.prod(counts) <= EXACT_COMBINATIONS:
        for b in joint:
            anywhere[b] = np.zeros(space.n_states, dtype=np.bool_)
        for chosen in itertools.product(*(range(c) for c in counts)):
            _accumulate(space, readings, moves, joint, chosen, every, some, anywhere)
    if not every:
        return UnknownPreferences(stable, None, None, counts, None)
    return UnknownPreferences(stable, every, some, counts, anywhere)
