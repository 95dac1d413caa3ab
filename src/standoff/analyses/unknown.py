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

import functools
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

EXACT_CELLS = 1 << 25
"""... and at most this many joint readings × states (an analysis each: at 737,280 states, 45 of them)."""

OWN_READING = ("nash", "gmr", "smr")
"""The concepts under which a decision maker's stability reads its own preferences only (the opponents'
sanctions are any moves of theirs, whatever they prefer). Their exact answer over joint readings is
the answer over each decision maker's own readings, and an equilibrium in some joint reading is a state
stable for each decision maker in some reading of its own: as many analyses as the most readings of one
decision maker, not their product. SEQ reads the opponents' preferences (their sanctions must be
improvements for them), so its exact answer goes through every joint reading."""

STATE_LIMIT = 16_384
"""States at most for the concepts whose sanctions are judged from each move's listed reach
(:data:`EXPLICIT_REACH`): their work grows nearly with the square of the states."""

MOVE_PAIR_LIMIT = 1 << 26
"""(State, option change) candidates at most when the moves are listed: 8 bytes a move, and the readings
compared move by move (:func:`standoff.stability.unknown.needs_listed_moves` says when)."""

Stable = npt.NDArray[np.bool_]
Int = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class UnknownPreferences:
    """The a-d concepts and the exact answer over readings, each shape (decision makers, states).

    Attributes:
        stable: per key ``<concept>_<extension>`` (``gmr_b``), stability.
        every: per concept (``nash``, ``gmr``, ``smr``, ``seq``), stable in every joint reading; SEQ is
            left out past :data:`EXACT_COMBINATIONS` joint readings or :data:`EXACT_CELLS` joint
            readings × states (None when nothing is left).
        some: ... stable in some joint reading.
        readings: how many readings each decision maker has.
        equilibrium_in_some: per concept, shape (states,): an equilibrium (stable for every decision maker
            at once) in some joint reading; None as for ``some``. (An equilibrium in every joint reading
            is ``every[concept].all(axis=0)``.)
        left_out: why SEQ's exact answer was left out, in words (None when it was not, or not asked).
    """

    stable: dict[str, Stable]
    every: dict[str, Stable] | None
    some: dict[str, Stable] | None
    readings: tuple[int, ...]
    equilibrium_in_some: dict[str, Stable] | None = None
    left_out: str | None = None

    def equilibria_over_readings(self, keys: tuple[str, ...]) -> dict[str, tuple[Stable, Stable]]:
        """Per ordinary concept extended by one of ``keys`` (``gmr`` for ``gmr_b``), in the order met:
        its equilibria in every joint reading and in some; a concept whose joint readings were not
        analysed (SEQ, see :attr:`left_out`) is left out."""
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


def check_size(space: StateSpace, wanted: tuple[str, ...], *, listing: bool = True) -> None:
    """Refuse a state space too large for the unknown-preference concepts in ``wanted``: more than
    :data:`STATE_LIMIT` states for those of :data:`~standoff.stability.unknown.EXPLICIT_REACH`, and,
    when the moves are ``listing``, more than :data:`MOVE_PAIR_LIMIT` candidates."""
    from standoff.engine.move_lists import move_pairs
    from standoff.stability.unknown import EXPLICIT_REACH

    explicit = sorted(EXPLICIT_REACH.intersection(wanted))
    if explicit and space.n_states > STATE_LIMIT:
        raise ModelError(
            f"{', '.join(explicit)} {'is' if len(explicit) == 1 else 'are'} computed for at most "
            f"{STATE_LIMIT:,} feasible states (each move's reach is listed); this model has "
            f"{space.n_states:,}. Nash under every extension, and GMR and SEQ under b and d, "
            "take larger models"
        )
    pairs = move_pairs(space) if listing else 0
    if pairs > MOVE_PAIR_LIMIT:
        raise ModelError(
            f"{', '.join(wanted) or 'the unknown-preference concepts'} "
            f"list{'s' if len(wanted) == 1 else ''} every move here, at most "
            f"{MOVE_PAIR_LIMIT:,} candidates; this model's {space.n_states:,} states have {pairs:,}"
        )


def reading_ranks(conflict: Conflict) -> tuple[list[npt.NDArray[np.int64]], StateSpace]:
    """Per decision maker, its distinct readings as rank rows (readings × states), and the state space
    of the structure as written."""
    from standoff.analyses.variants import Sweep

    sweep = Sweep(conflict, ("nash",), ())
    prepared = sweep.structure(0)
    size = prepared.space.n_states
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
        rows = np.stack([sweep.ranks_of(k * strides[i], i) for k in range(count)]).astype(np.int64)
        preferences = conflict.decision_makers[i].preferences
        if isinstance(preferences, Ranking) and any(preferences.unknown):
            if 2 * count * size > READING_CELLS:
                raise ModelError(
                    f"decision maker {names[i]!r} has {2 * count:,} readings of {size:,} states: more than "
                    f"{READING_CELLS:,} ranks to hold for unknown preferences"
                )
            rows = _unknown_entries(rows, preferences, prepared.space.codes)
        out.append(_distinct_rows(rows))
    return out, prepared.space


def _distinct_rows(rows: Int) -> Int:
    """The distinct rows, in lexicographic order (as ``np.unique(rows, axis=0)`` gives them, without
    sorting the columns as one structured array: a handful of rows of many states)."""
    kept: dict[bytes, int] = {}
    for k in range(rows.shape[0]):
        kept.setdefault(np.ascontiguousarray(rows[k]).tobytes(), k)
    distinct = list(kept.values())

    def before(a: int, b: int) -> int:
        differ = np.flatnonzero(rows[a] != rows[b])
        return -1 if rows[a, differ[0]] < rows[b, differ[0]] else 1

    return rows[sorted(distinct, key=functools.cmp_to_key(before))]


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
    conflict: Conflict,
    space: StateSpace,
    readings: list[Int],
    moves: list[Moves] | None,
    bases: tuple[str, ...],
    chosen: tuple[int, ...],
    every: dict[str, Stable],
    some: dict[str, Stable],
    anywhere: dict[str, Stable] | None,
) -> None:
    """Analyse the joint reading ``chosen`` (one reading per decision maker) under ``bases`` and fold
    its verdicts into ``every`` and ``some`` (and, when given, its equilibria into ``anywhere``)."""
    from standoff.analyses.stability import is_small
    from standoff.stability.listed import analyze_listed

    ranks = np.stack([readings[i][v] for i, v in enumerate(chosen)]).astype(np.int32)
    reading = replace(space, ranks=ranks)
    if is_small(space):
        found = analyze_listed(reading, bases, lambda _: None, moves)
    else:  # the grouped engine, as for any large model (its move layouts follow the reading's ranks)
        found = _grouped(conflict, reading, bases)
    for b in bases:
        if b not in every:
            every[b], some[b] = found[b].copy(), found[b].copy()
        else:
            every[b] &= found[b]
            some[b] |= found[b]
        if anywhere is not None:
            anywhere[b] |= found[b].all(axis=0)


def _grouped(conflict: Conflict, space: StateSpace, bases: tuple[str, ...]) -> dict[str, Stable]:
    """Stability under ``bases`` (ordinary concepts) of every state for every decision maker, by the
    compiled engine over ``space``'s own ranks (one reading)."""
    from standoff.analyses.stability import analyze

    result = analyze(conflict, bases, space=space, engine="numba", profile={})
    return {b: result.stable[b] for b in bases}


def unknown_preferences(
    conflict: Conflict, wanted: tuple[str, ...], codes: Int | None = None
) -> UnknownPreferences:
    """The a-d concepts in ``wanted`` (keys such as ``gmr_b``) and the exact answer over readings; with
    ``codes`` (the states of the caller's analysis), refuses a structure as written with other states."""
    from standoff.analyses.stability import is_small
    from standoff.engine.move_lists import unilateral_move_lists
    from standoff.stability.unknown import needs_listed_moves, unknown_stability

    readings, space = reading_ranks(conflict)
    large = not is_small(space)
    listing = needs_listed_moves(wanted, compiled=large)
    check_size(space, wanted, listing=listing)
    if codes is not None and not np.array_equal(codes, space.codes):
        raise ModelError(
            "the model as written has other states than the analysis: fixed options or "
            "structural calls the unknown-preference concepts cannot follow"
        )
    moves = [unilateral_move_lists(space, d) for d in range(space.n_decision_makers)] if listing else None
    stable = unknown_stability(readings, moves, wanted, space if large else None)
    counts = tuple(r.shape[0] for r in readings)
    bases = tuple(dict.fromkeys(key.rsplit("_", 1)[0] for key in wanted))
    every: dict[str, Stable] = {}
    some: dict[str, Stable] = {}
    anywhere: dict[str, Stable] = {}
    own = tuple(b for b in bases if b in OWN_READING)
    if own and large:  # each decision maker's readings as rows of the compiled engine's passes
        from standoff.stability.unknown import stable_in_each_reading

        for b in own:
            every[b] = np.zeros((space.n_decision_makers, space.n_states), dtype=np.bool_)
            some[b] = np.zeros_like(every[b])
        for i, rows in enumerate(readings):
            for b, found in stable_in_each_reading(space, rows, i, own).items():
                every[b][i] = found.all(axis=0)
                some[b][i] = found.any(axis=0)
        for b in own:
            anywhere[b] = np.asarray(some[b].all(axis=0))
    elif own:  # as many analyses as the most readings of one decision maker
        for v in range(max(counts)):
            chosen = tuple(min(v, c - 1) for c in counts)  # a decision maker out of readings repeats its last
            _accumulate(conflict, space, readings, moves, own, chosen, every, some, None)
        for b in own:
            anywhere[b] = np.asarray(some[b].all(axis=0))
    joint = tuple(b for b in bases if b not in OWN_READING)
    combinations = math.prod(counts)
    left_out = None
    if joint and combinations > EXACT_COMBINATIONS:
        left_out = (
            f"the decision makers' readings combine in {combinations:,} ways (at most {EXACT_COMBINATIONS:,})"
        )
    elif joint and combinations * space.n_states > EXACT_CELLS:
        left_out = (
            f"{combinations:,} joint readings of {space.n_states:,} states, an analysis each, are more than "
            f"{EXACT_CELLS:,} state-analyses"
        )
    if joint and left_out is None:
        for b in joint:
            anywhere[b] = np.zeros(space.n_states, dtype=np.bool_)
        for chosen in itertools.product(*(range(c) for c in counts)):
            _accumulate(conflict, space, readings, moves, joint, chosen, every, some, anywhere)
    if not every:
        return UnknownPreferences(stable, None, None, counts, None, left_out)
    return UnknownPreferences(stable, every, some, counts, anywhere, left_out)
