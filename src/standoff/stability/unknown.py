"""Nash, GMR, SMR and SEQ with unknown preferences: Li, Hipel, Kilgour & Fang's extensions a-d.

Li, Hipel, Kilgour & Fang, "Preference uncertainty in the graph model for
conflict resolution", IEEE Trans. SMC-A 34(4), 2004; docs/explanation/stability-concepts.md,
"Unknown preferences".

Each decision maker's preferences are a **stack of readings**: one rank row
per distinct reading (shape readings × states, higher is preferred). Between
two states ``s`` and ``q``, ``s >_i q`` when every reading ranks ``s`` strictly
above ``q``, ``s ~_i q`` when every reading ties them, and ``s U_i q``
(unknown) otherwise. For DM ``i`` at ``s``:

- ``R_i^{+,U}(s)``: moves to states not in ``Φ_i(s)`` (improvements or unknown: UIUMs);
- ``Φ_i(s) = {q : s >_i q or s ~_i q}``; ``Φ_i^U(s) = {q : ∃ reading v, r_v(q) <= r_v(s)}``
  (``Φ_i(s)`` and the states unknown against ``s``).

Extension a moves by ``R^{+,U}`` and sanctions in ``Φ``; b ``R^{+,U}`` and
``Φ^U``; c ``R^+`` and ``Φ``; d ``R^+`` and ``Φ^U``. Nash_x: no move in
``M(s)``; GMR_x: every ``s1 ∈ M(s)`` meets some ``s2 ∈ R_{N-i}(s1) ∩ P(s)``;
SMR_x: ... with ``R_i(s2) ⊆ P(s)``; SEQ_x: some ``s2 ∈ R_{N-i}^{+,U}(s1) ∩ P(s)``.

How. GMR and SEQ under ``Φ^U`` (extensions b and d): ``Φ^U`` is existential
over readings, so "∃v: min over reach of ``r_v`` <= ``r_v(s)``" answers them
with one min-propagation per reading row over (state, last mover) pairs, in
time linear in the moves. UIUMs do not compose (two unknown moves of one DM
may add up to a certain loss), so a reach is by **legal sequences** (no mover
twice in a row), not over the union of the moves as the ordinary engine may
propagate; the one exception is GMR under d on large models, where the
union's reach differs only in holding ``s1`` itself, which a certain
improvement never is a sanction for. Small models list the moves; large ones
(past the listed engine's size) take each member's moves from the grouped
layout through compiled kernels (:data:`COMPILED`:
:mod:`standoff.engine.unknown_moves` visits every move, as "better in every
reading" is no suffix of one sorted order), and judge Nash too without
listing a move.

``Φ`` (extensions a and c) is a conjunction over readings and SMR asks about
each ``s2``'s escapes, so neither reduces to a least rank. There the answer is
explicit, by the target ``s1`` of each move: the opponents' reach from each
distinct ``s1`` is found once, as a list of states (a breadth-first search
over (origin, state, last mover) cells, a batch of origins at a time; for two
decision makers it is the opponent's moves from ``s1``), and every move
``s → s1`` into it is judged at once: is some reached ``s2`` in ``P(s)``
(for SMR, with each of ``i``'s moves from ``s2`` in ``P(s)`` too)? ``q ∈ Φ(s)``
is "tied in every reading" (one class id per distinct column of the readings)
or "strictly below in each reading", tested a reading at a time over the
pairs still open. Work: Σ over moves ``s → s1`` of |reach(``s1``)| × readings
(with more than two decision makers the reach may be a large share of the
states, so this too grows nearly with their square, but without a
propagation per focal state); memory: a batch's (origin, state, last mover)
cells and at most ``CHUNK_CELLS`` (move, reached state) pairs at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from standoff.engine.move_lists import Moves
from standoff.engine.space import StateSpace

Int = npt.NDArray[np.int64]
Stable = npt.NDArray[np.bool_]

EXTENSIONS = ("a", "b", "c", "d")
"""Li et al.'s four extensions: moves by UIUMs (a, b) or improvements (c, d); sanctions in ``Φ`` (a, c)
or ``Φ^U`` (b, d)."""

BASES = ("nash", "gmr", "smr", "seq")
"""The concepts extended."""

CHUNK_CELLS = 1 << 22
"""(origin, state, last mover) cells searched at a time, and (move, reached state) pairs judged at a time
(divided by the readings)."""


def certainly_above(readings: Int, a: Int, b: Int) -> Stable:
    """``a >_i b`` pair by pair: every reading ranks ``a`` strictly above ``b``."""
    above = np.ones(a.size, dtype=np.bool_)
    for row in readings:
        above &= row[a] > row[b]
    return above


def certainly_not_above(readings: Int, a: Int, b: Int) -> Stable:
    """``a ∈ Φ_i(b)`` pair by pair: ``b >_i a`` or ``b ~_i a`` (every reading below, or all tied)."""
    below = np.ones(a.size, dtype=np.bool_)
    tied = np.ones(a.size, dtype=np.bool_)
    for row in readings:
        ra, rb = row[a], row[b]
        below &= ra < rb
        tied &= ra == rb
    return below | tied


def uncertain_or_improving(moves: Moves, readings: Int) -> Moves:
    """The UIUMs among ``moves``: ``R^{+,U}`` (targets not in ``Φ(source)``)."""
    return moves.where(~certainly_not_above(readings, moves.targets, moves.sources))


def certainly_improving(moves: Moves, readings: Int) -> Moves:
    """The certain improvements among ``moves``: ``R^+`` (targets above the source in every reading)."""
    return moves.where(certainly_above(readings, moves.targets, moves.sources))


EXPLICIT_REACH = frozenset(
    [f"{base}_{x}" for base in ("gmr", "seq") for x in "ac"] + [f"smr_{x}" for x in "abcd"]
)
"""The concepts whose sanction set is not "below ``s`` in some reading" (``Φ``, a conjunction over the
readings, or SMR's escapes): judged from each move target's reach, listed state by state."""

COMPILED = frozenset(
    [f"nash_{x}" for x in EXTENSIONS] + [f"{base}_{x}" for base in ("gmr", "seq") for x in "bd"]
)
"""The concepts a large model answers by the compiled kernels without listing a move: Nash (is some
move in ``M(s)``?), GMR and SEQ under b and d (the opponents' reach as a least rank per reading)."""


def needs_listed_moves(wanted: Sequence[str], compiled: bool) -> bool:
    """Whether the concepts in ``wanted`` list every move (always, unless ``compiled``)."""
    return not compiled or any(key not in COMPILED for key in wanted)


def unknown_stability(
    readings: Sequence[Int],
    moves: Sequence[Moves] | None,
    wanted: Sequence[str],
    space: StateSpace | None = None,
) -> dict[str, Stable]:
    """Per key ``<concept>_<extension>`` in ``wanted``, stability (shape DMs × states).

    ``readings[i]``: DM ``i``'s rank rows, one per reading; ``moves[i]``: its unilateral moves (None
    when every concept wanted is in :data:`COMPILED` and ``space`` is given). With ``space`` (a large
    model), the concepts of :data:`COMPILED` go through the compiled kernels.
    """
    n = len(readings)
    size = readings[0].shape[1] if n else 0
    listed = _Listed(readings, moves)
    out = {key: np.zeros((n, size), dtype=np.bool_) for key in wanted}
    for dm in range(n):
        group = [j for j in range(n) if j != dm]
        for key in wanted:
            base, extension = key.rsplit("_", 1)
            uncertain = extension in "ab"
            if space is not None and key in COMPILED:
                out[key][dm] = ~_escaping(space, readings, dm, group, uncertain, base)
                continue
            mine = listed.uium(dm) if uncertain else listed.better(dm)
            if base == "nash":
                out[key][dm] = np.diff(mine.starts) == 0
                continue
            lists = [listed.uium(j) for j in range(n)] if base == "seq" else listed.moves
            own = listed.moves[dm]
            out[key][dm] = _sanctioned(readings[dm], own, mine, lists, group, base, extension in "bd")
    return out


class _Listed:
    """Every decision maker's UIUMs and certain improvements among ``moves``, each found when first asked
    for."""

    def __init__(self, readings: Sequence[Int], moves: Sequence[Moves] | None):
        self._readings = readings
        self._moves = None if moves is None else list(moves)
        self._uium: dict[int, Moves] = {}
        self._better: dict[int, Moves] = {}

    @property
    def moves(self) -> list[Moves]:
        if self._moves is None:
            raise ValueError("these concepts judge listed moves: pass every decision maker's moves")
        return self._moves

    def uium(self, d: int) -> Moves:
        if d not in self._uium:
            self._uium[d] = uncertain_or_improving(self.moves[d], self._readings[d])
        return self._uium[d]

    def better(self, d: int) -> Moves:
        if d not in self._better:
            self._better[d] = certainly_improving(self.moves[d], self._readings[d])
        return self._better[d]


def union_reach_least(space: StateSpace, dm: int, rows: Int) -> Int:
    """``out[v, s1]``: the least of row ``v`` over ``{s1} ∪ R_{N-dm}(s1)``, the opponents' reach over the
    union of their moves (the ordinary GMR's sanction values, a row per reading). GMR under d and the
    exact answer both ask for it: kept on ``space`` for the same rows."""
    from standoff.stability.deterrence import unconditional_sanctions

    key = ("unknown_union_reach", dm)
    kept = space.recall(key)
    if kept is not None and np.array_equal(kept[: rows.shape[0]], rows):
        return kept[rows.shape[0] :]
    least = unconditional_sanctions(space, dm, rows)
    space.remember(key, np.concatenate([rows, least]))
    return least


def stable_in_each_reading(space: StateSpace, rows: Int, dm: int, bases: Sequence[str]) -> dict[str, Stable]:
    """Per ordinary concept in ``bases`` (Nash, GMR, SMR), ``dm``'s stability under each of its readings
    ``rows`` (shape readings × states), by the compiled kernels: these concepts read ``dm``'s own
    preferences only, so a reading replaces its rank. As the ordinary engine does it
    (:mod:`standoff.stability.deterrence`), with a row per reading: a sanction value per state (the least
    rank, or best-reply rank for SMR, over the opponents' reach), then one maximum over ``{s} ∪ R_dm(s)``
    of ``min(rank, sanction)``; none of it sorts by a rank, so the moves' layout serves every reading."""
    from standoff.engine.cones import cone_max
    from standoff.stability.deterrence import unconditional_sanctions

    rank = np.ascontiguousarray(rows, dtype=np.int64)
    layouts, codes, order = space.layouts, space.codes, space.ranks[dm]
    out: dict[str, Stable] = {}
    if "nash" in bases:
        out["nash"] = cone_max(layouts, dm, codes, order, rank) <= rank
    for base in ("gmr", "smr"):
        if base in bases:
            if base == "gmr":
                sanction = union_reach_least(space, dm, rank)
            else:
                sanction = unconditional_sanctions(space, dm, cone_max(layouts, dm, codes, order, rank))
            out[base] = cone_max(layouts, dm, codes, order, np.minimum(sanction, rank)) <= rank
    return out


def _escaping(
    space: StateSpace, readings: Sequence[Int], dm: int, group: list[int], uncertain: bool, base: str
) -> Stable:
    """Per state: some move of ``dm`` in ``M(s)`` (a UIUM if ``uncertain``, else a certain improvement)
    escapes, by the compiled kernels; for GMR and SEQ (under b, d), a move escapes when no reading ranks
    some state of the opponents' reach from its target (by their UIUMs for SEQ) at most ``s``."""
    rows = readings[dm].astype(np.int64)
    least = None
    top = int(rows.max(initial=0)) + 1
    if base != "nash" and not group:  # nobody to answer: every move escapes
        least = np.full_like(rows, top)
    elif base == "seq":  # UIUMs do not compose: by legal sequences
        least = strict_reach_min(
            (), group, rows, top=top, moves_min=uncertain_moves_min(space, readings, top)
        )
    elif base == "gmr" and not uncertain:
        # a certain improvement ``s1`` is above ``s`` in every reading, so ``s1`` itself never counts as
        # its own sanction: the reach over the union of the opponents' moves, ``s1`` included, answers
        # (the ordinary GMR's propagation, a row per reading)
        least = union_reach_least(space, dm, rows)
    elif base == "gmr":  # an uncertain ``s1`` may be below ``s`` in some reading: by legal sequences only
        least = strict_reach_min((), group, rows, top=top, moves_min=compiled_moves_min(space, top))
    return _visited(space, dm, rows, least, uncertain, base)


def _visited(space: StateSpace, dm: int, rows: Int, least: Int | None, uncertain: bool, base: str) -> Stable:
    """:func:`_escaping`'s answer, visiting only the states one maximum per reading leaves open. Nash
    under a and b: a move above ``s`` in some reading is a UIUM, so such a state escapes. Otherwise a
    move escapes only if its target's value (its rank for Nash, its sanction's ``least`` else) is above
    ``s`` in every reading: a reading in which no move's value is above ``s`` settles the state."""
    from standoff.engine.move_max import max_over_moves
    from standoff.engine.unknown_moves import some_move_escapes

    values = rows if least is None else least
    over = np.stack([max_over_moves(space.layouts, dm, space.codes, row) for row in values]) > rows
    if base == "nash" and uncertain:
        known = np.asarray(over.any(axis=0))
        visit = ~known
    else:
        known = np.zeros(rows.shape[1], dtype=np.bool_)
        visit = np.asarray(over.all(axis=0))
    found = some_move_escapes(
        space.layouts, dm, space.codes, rows, uncertain=uncertain, least=least, visit=visit
    )
    return found | known


def _sanctioned(
    readings: Int,
    own: Moves,
    mine: Moves,
    lists: Sequence[Moves],
    group: list[int],
    base: str,
    lenient: bool,
) -> Stable:
    """Whether every move of ``mine`` from each state meets a sanction (see the module's docstring)."""
    size = readings.shape[1]
    if lenient and base != "smr":
        return _sanctioned_in_some_reading(readings, mine, lists, group)
    stable = np.ones(size, dtype=np.bool_)
    if not mine.targets.size:
        return stable
    if not group:  # nobody to answer: every move goes unsanctioned
        stable[mine.sources] = False
        return stable
    sources = mine.sources
    order = np.argsort(mine.targets, kind="stable")  # the moves grouped by their target s1
    ends = np.flatnonzero(np.diff(mine.targets[order])) + 1
    origins = mine.targets[order[np.concatenate([[0], ends])]]  # the distinct s1, ascending
    bounds = np.concatenate([[0], ends, [order.size]])  # moves to origins[k]: order[bounds[k]:bounds[k+1]]
    # (state, last mover) cells marked at a time while finding the reach of a batch of origins
    batch = max(1, CHUNK_CELLS // (size * len(group)))
    mark = np.full(batch * size * len(group), -1, dtype=np.int32)
    weight = 1 + np.diff(own.starts) if base == "smr" else np.ones(size, dtype=np.int64)
    budget = max(1, CHUNK_CELLS // readings.shape[0])
    sanctions = _Sanctions(readings, lenient)
    for lo in range(0, origins.size, batch):
        chunk = origins[lo : lo + batch]
        starts, reached = _strict_reach(lists, group, chunk, size, mark)
        moves = order[bounds[lo] : bounds[lo + chunk.size]]
        where = np.searchsorted(chunk, mine.targets[moves])  # each move's origin within the chunk
        first, last = starts[where], starts[where + 1]  # its reach: reached[first:last]
        heavy = np.concatenate([[0], np.cumsum(weight[reached])])
        load = np.cumsum(heavy[last] - heavy[first])
        done = 0
        while done < moves.size:  # pieces of about ``budget`` (move, reached state) cells
            below = load[done - 1] if done else 0
            stop = max(done + 1, int(np.searchsorted(load, below + budget, side="right")))
            focal = sources[moves[done:stop]]
            met = _met(sanctions, own, focal, reached, first[done:stop], last[done:stop], base)
            stable[focal[~met]] = False
            done = stop
    return stable


def _met(
    sanctions: _Sanctions, own: Moves, focal: Int, reached: Int, first: Int, last: Int, base: str
) -> Stable:
    """Per move from ``focal[k]`` whose target's reach is ``reached[first[k]:last[k]]``: whether some
    reached ``s2`` lies in ``P(focal[k])`` (for SMR, with each of ``own``'s moves from it too)."""
    owner, spot = _spans(first, last)
    s, s2 = focal[owner], reached[spot]
    inside = sanctions.contains(s2, s)
    if base == "smr":
        owner, s, s2 = owner[inside], s[inside], s2[inside]
        cell, spot = _spans(own.starts[s2], own.starts[s2 + 1])
        escaped = ~sanctions.contains(own.targets[spot], s[cell])
        inside = np.bincount(cell[escaped], minlength=owner.size) == 0
    return np.bincount(owner[inside], minlength=focal.size) > 0


class _Sanctions:
    """``P(s)`` of one decision maker, tested pair by pair: ``Φ`` (every reading ranks ``q`` below ``s``,
    or every reading ties them) or, when ``lenient``, ``Φ^U`` (some reading ranks ``q`` at most ``s``)."""

    def __init__(self, readings: Int, lenient: bool) -> None:
        self.rows = [np.ascontiguousarray(row) for row in readings]
        # states tied in every reading share a class: the distinct columns of the readings
        self.classes: Int | None = None
        if not lenient:
            self.classes = np.unique(readings, axis=1, return_inverse=True)[1].ravel().astype(np.int64)

    def contains(self, q: Int, s: Int) -> Stable:
        """``q[k] ∈ P(s[k])`` for each ``k``, a reading at a time over the pairs still undecided."""
        if self.classes is None:
            found = np.zeros(q.size, dtype=np.bool_)
            pending = np.arange(q.size)  # at or below in no reading so far
            for row in self.rows:
                hit = row[q[pending]] <= row[s[pending]]
                found[pending[hit]] = True
                pending = pending[~hit]
            return found
        tied: Stable = self.classes[q] == self.classes[s]
        pending = np.flatnonzero(~tied)  # strictly below in every reading so far
        for row in self.rows:
            pending = pending[row[q[pending]] < row[s[pending]]]
        tied[pending] = True
        return tied


def _spans(first: Int, last: Int) -> tuple[Int, Int]:
    """Every index of the ranges ``first[k]:last[k]``, and the ``k`` it belongs to."""
    counts = last - first
    owner = np.repeat(np.arange(first.size, dtype=np.int64), counts)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]) if counts.size else counts
    return owner, np.arange(owner.size, dtype=np.int64) - np.repeat(offsets - first, counts)


def _strict_reach(
    lists: Sequence[Moves], group: list[int], origins: Int, size: int, mark: Int
) -> tuple[Int, Int]:
    """``R_group(origins[k])`` for each ``k`` by legal sequences (no member twice in a row) in the moves
    of ``lists``: the states ``reached[starts[k]:starts[k + 1]]``, ascending.

    A breadth-first search over (origin, state, last mover) cells, every origin at once. ``mark`` (at
    least origins × states × members long, all -1, and so again after) marks the cells met; repeats
    among the cells found in one step are dropped by a scatter, not a sort.
    """
    g = len(group)
    found: list[Int] = []
    frontier = (np.arange(origins.size, dtype=np.int64), origins.astype(np.int64), np.full(origins.size, -1))
    while frontier[0].size:
        at, state, came = frontier
        step: list[Int] = []
        for m, j in enumerate(group):
            go = came != m
            owner, spot = _spans(lists[j].starts[state[go]], lists[j].starts[state[go] + 1])
            cells = (at[go][owner] * size + lists[j].targets[spot]) * g + m
            step.append(_unmarked(cells, mark))
        new = np.concatenate(step)
        found.append(new)
        frontier = (new // (size * g), new // g % size, new % g)
    cells = np.concatenate(found)
    mark[cells] = -1
    pairs = cells // g  # origin × states + state
    if g > 1:
        pairs = _unmarked(pairs, mark)
        mark[pairs] = -1
    pairs.sort()
    starts = np.searchsorted(pairs, np.arange(origins.size + 1, dtype=np.int64) * size)
    return starts, pairs % size


def _sanctioned_in_some_reading(
    readings: Int, mine: Moves, lists: Sequence[Moves], group: list[int]
) -> Stable:
    """GMR and SEQ under ``Φ^U`` (extensions b, d), without a row per focal state: ``Φ^U(s)`` is
    existential over readings, so some ``s2`` reached from ``s1`` lies in it exactly when, for some reading
    ``v``, the least ``r_v`` over the reach of ``s1`` is at most ``r_v(s)``: one propagation per reading."""
    top = int(readings.max(initial=0)) + 1
    least = strict_reach_min(lists, group, readings.astype(np.int64), top=top)
    met = (least[:, mine.targets] <= readings[:, mine.sources]).any(axis=0)
    stable = np.ones(readings.shape[1], dtype=np.bool_)
    np.logical_and.at(stable, mine.sources, met)
    return stable


MovesMin = Callable[[int, Int], Int]
"""``f(j, values)[k, s] = min values[k, t]`` over the moves ``s → t`` of member ``j`` (``s`` itself left
out unless it is a move's target), and at least ``values``' ceiling where there are none."""


def strict_reach_min(
    lists: Sequence[Moves], group: list[int], values: Int, top: int = 1, moves_min: MovesMin | None = None
) -> Int:
    """``out[k, s1] = min values[k, s2]`` over ``s2 ∈ R_group(s1)`` in the moves of ``lists``, by legal
    sequences (no member twice in a row); ``top`` (above every value) where ``R_group(s1)`` is empty.

    ``after[j][k, t]``: the least value over ``t`` and the states reached from ``t`` by sequences whose
    first mover is not ``j``; a least fixpoint, iterated until nothing changes. ``moves_min`` takes the
    minimum over a member's moves (:func:`compiled_moves_min`); by default, over ``lists``.
    """
    ceiling = np.full_like(values, top)
    if moves_min is None:

        def moves_min(j: int, rows: Int) -> Int:
            return _min_over_targets(lists[j], rows, ceiling)

    after = {j: values.copy() for j in group}
    following = {j: moves_min(j, after[j]) for j in group}
    changed = True
    while changed:  # each member's row lowered and passed on at once (any order reaches the fixpoint)
        changed = False
        for j in group:
            others = [following[k] for k in group if k != j]
            if not others:
                continue
            lowered = np.minimum(after[j], np.minimum.reduce(others))
            if not np.array_equal(lowered, after[j]):
                after[j] = lowered
                following[j] = moves_min(j, lowered)
                changed = True
    reached = ceiling.copy()
    for j in group:
        reached = np.minimum(reached, following[j])
    return reached


def compiled_moves_min(space: StateSpace, top: int) -> MovesMin:
    """:data:`MovesMin` by the compiled kernels over ``space``'s grouped moves
    (:func:`standoff.engine.move_max.max_over_moves`, ``s`` itself left out), without listing a move:
    for GMR's reach on large models (any move counts); ``top`` where a member has no move."""
    from standoff.engine.move_max import NO_MOVE, max_over_moves  # numba: loaded only for large models

    def moves_min(j: int, values: Int) -> Int:
        out = np.empty_like(values)
        for k, row in enumerate(values):
            best = max_over_moves(space.layouts, j, space.codes, -row)
            out[k] = np.where(best == NO_MOVE, top, -best)
        return out

    return moves_min


def uncertain_moves_min(space: StateSpace, readings: Sequence[Int], top: int) -> MovesMin:
    """:data:`MovesMin` over each member's UIUMs (judged over its own ``readings``), by the compiled
    kernel that visits every move (:func:`standoff.engine.unknown_moves.min_over_uncertain_moves`):
    SEQ's reach on large models, without listing a move."""
    from standoff.engine.unknown_moves import min_over_uncertain_moves  # numba: only for large models

    def moves_min(j: int, values: Int) -> Int:
        return min_over_uncertain_moves(space.layouts, j, space.codes, readings[j], values, top)

    return moves_min


def _min_over_targets(moves: Moves, values: Int, ceiling: Int) -> Int:
    """``out[k, s] = min values[k, t]`` over the targets ``t`` of the moves from ``s`` (else ``ceiling``):
    the moves are grouped by source, so one ``minimum.reduceat`` per row."""
    out = ceiling.copy()
    busy = np.flatnonzero(np.diff(moves.starts))
    if busy.size:
        out[:, busy] = np.minimum.reduceat(values[:, moves.targets], moves.starts[busy], axis=1)
    return out


def _unmarked(cells: Int, mark: Int) -> Int:
    """The distinct ``cells`` not yet marked (``mark`` -1), now marked: repeats are dropped by a scatter
    (of the writes to one cell, one stays; the cell is kept where it is that one), not by a sort."""
    cells = cells[mark[cells] < 0]
    place = np.arange(cells.size, dtype=mark.dtype)
    mark[cells] = place
    kept: Int = cells[mark[cells] == place]
    return kept
