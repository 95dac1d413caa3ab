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

How (explicit, for the listed engine's sizes): per chunk of focal states
``s``, the indicator rows of ``P(s)`` (and, for SMR, of the states whose every
move stays in ``P(s)``) over all states; the least indicator over the states
the opponents reach from each ``s1`` by **legal sequences** (no mover twice
in a row), one row per focal state. UIUMs do not compose (two unknown moves
of one DM may add up to a certain loss), so the reach is propagated over
(state, last mover) pairs rather than over the union of the moves, as the
ordinary engine may. Memory: focal states × states per chunk, never states².

GMR and SEQ under ``Φ^U`` (extensions b and d) need no focal rows: ``Φ^U`` is
existential over readings, so "∃v: min over reach of ``r_v`` <= ``r_v(s)``"
answers them with one min-propagation per reading row, in time linear in the
moves. The focal rows above, whose cost grows with the square of the states,
remain for ``Φ`` (extensions a and c, a conjunction over readings) and for
SMR; a fast version would answer ``Φ`` by propagating, per reading, both the
least rank and the "tied in every reading" class over the reach.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from standoff.engine.move_lists import Moves

Int = npt.NDArray[np.int64]
Stable = npt.NDArray[np.bool_]

EXTENSIONS = ("a", "b", "c", "d")
"""Li et al.'s four extensions: moves by UIUMs (a, b) or improvements (c, d); sanctions in ``Φ`` (a, c)
or ``Φ^U`` (b, d)."""

BASES = ("nash", "gmr", "smr", "seq")
"""The concepts extended."""

CHUNK_CELLS = 1 << 22
"""(focal state, state) cells handled at a time, per reading."""


def certainly_above(readings: Int, a: Int, b: Int) -> Stable:
    """``a >_i b`` pair by pair: every reading ranks ``a`` strictly above ``b``."""
    return np.asarray((readings[:, a] > readings[:, b]).all(axis=0))


def certainly_not_above(readings: Int, a: Int, b: Int) -> Stable:
    """``a ∈ Φ_i(b)`` pair by pair: ``b >_i a`` or ``b ~_i a`` (every reading below, or all tied)."""
    return np.asarray(
        (readings[:, a] < readings[:, b]).all(axis=0) | (readings[:, a] == readings[:, b]).all(axis=0)
    )


def uncertain_or_improving(moves: Moves, readings: Int) -> Moves:
    """The UIUMs among ``moves``: ``R^{+,U}`` (targets not in ``Φ(source)``)."""
    return moves.where(~certainly_not_above(readings, moves.targets, moves.sources))


def certainly_improving(moves: Moves, readings: Int) -> Moves:
    """The certain improvements among ``moves``: ``R^+`` (targets above the source in every reading)."""
    return moves.where(certainly_above(readings, moves.targets, moves.sources))


def unknown_stability(
    readings: Sequence[Int], moves: Sequence[Moves], wanted: Sequence[str]
) -> dict[str, Stable]:
    """Per key ``<concept>_<extension>`` in ``wanted``, stability (shape DMs × states).

    ``readings[i]``: DM ``i``'s rank rows, one per reading; ``moves[i]``: its unilateral moves.
    """
    n = len(readings)
    size = readings[0].shape[1] if n else 0
    uium = [uncertain_or_improving(moves[d], readings[d]) for d in range(n)]
    better = [certainly_improving(moves[d], readings[d]) for d in range(n)]
    out = {key: np.zeros((n, size), dtype=np.bool_) for key in wanted}
    for dm in range(n):
        group = [j for j in range(n) if j != dm]
        for key in wanted:
            base, extension = key.rsplit("_", 1)
            mine = uium[dm] if extension in "ab" else better[dm]
            if base == "nash":
                out[key][dm] = np.diff(mine.starts) == 0
                continue
            lists = uium if base == "seq" else list(moves)
            out[key][dm] = _sanctioned(readings[dm], moves[dm], mine, lists, group, base, extension in "bd")
    return out


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
    focal = np.flatnonzero(np.diff(mine.starts))
    rows = max(1, CHUNK_CELLS // max(1, readings.shape[0] * size))
    for lo in range(0, focal.size, rows):
        chunk = focal[lo : lo + rows]
        here = readings[:, chunk][:, :, None]  # readings × focal × 1
        every = readings[:, None, :]  # readings × 1 × states
        if lenient:
            sanction = (every <= here).any(axis=0)
        else:
            sanction = (every < here).all(axis=0) | (every == here).all(axis=0)
        if base == "smr":
            # s2 counts only when each of i's moves from it stays in P(s)
            inside: Int = np.asarray(sanction, dtype=np.int64)
            sanction &= own.reduce_min(inside).astype(np.bool_)
        missing = strict_reach_min(lists, group, np.where(sanction, 0, 1).astype(np.int64))
        for k, s in enumerate(chunk.tolist()):
            targets = mine.targets[mine.starts[s] : mine.starts[s + 1]]
            stable[s] = not missing[k, targets].any()
    return stable


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


def strict_reach_min(lists: Sequence[Moves], group: list[int], values: Int, top: int = 1) -> Int:
    """``out[k, s1] = min values[k, s2]`` over ``s2 ∈ R_group(s1)`` in the moves of ``lists``, by legal
    sequences (no member twice in a row); ``top`` (above every value) where ``R_group(s1)`` is empty.

    ``after[j][k, t]``: the least value over ``t`` and the states reached from ``t`` by sequences whose
    first mover is not ``j``; a least fixpoint, iterated until nothing changes.
    """
    ceiling = np.full_like(values, top)
    after = {j: values.copy() for j in group}
    while True:
        changed = False
        following = {j: _min_over_targets(lists[j], after[j], ceiling) for j in group}
        for j in group:
            others = [following[k] for k in group if k != j]
            if not others:
                continue
            lowered = np.minimum(after[j], np.minimum.reduce(others))
            if not np.array_equal(lowered, after[j]):
                after[j] = lowered
                changed = True
        if not changed:
            break
    reached = ceiling.copy()
    for j in group:
        reached = np.minimum(reached, _min_over_targets(lists[j], after[j], ceiling))
    return reached


def _min_over_targets(moves: Moves, values: Int, ceiling: Int) -> Int:
    """``out[k, s] = min values[k, t]`` over the targets ``t`` of the moves from ``s`` (else ``ceiling``)."""
    out = ceiling.copy().T
    if moves.targets.size:
        np.minimum.at(out, moves.sources, values[:, moves.targets].T)
    return np.ascontiguousarray(out.T)
