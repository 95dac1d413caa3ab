"""Every concept (Nash, GMR, SMR, SEQ, SIM, SEQ+SIM) over listed moves: the engine for small state spaces.

The same definitions as the other modules of :mod:`standoff.stability`
(docs/explanation/definitions.md, "Stability of a state for one decision maker"; Fang, Hipel & Kilgour 1993,
ch. 3), computed with plain numpy over the moves of
:mod:`standoff.engine.move_lists`, so that a small model never waits for
numba to load:

1. a sanction value per improvement ``s1``: the least rank (GMR, SEQ) or
   best-reply rank (SMR) of ``dm`` over ``{s1} ∪ R_{N-dm}(s1)`` (``R^+`` for
   SEQ), as a least fixpoint of one opponent's moves after another (each
   opponent's moves compose, see :mod:`standoff.engine.moves`);
2. ``s`` is stable when every improvement's sanction value is at most ``dm``'s
   rank of ``s``;
3. the strong concepts (:mod:`standoff.stability.strength`): every improvement's sanction value is
   at most the bound ``B(s)`` below which states are strongly worse for ``dm``;
4. SIM: every improvement of ``dm`` meets every joint answer of the opponents
   (each stays or takes one of its improvements from ``s``, not all stay).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from standoff.engine.move_lists import Moves, flips_of, improvements_of, indices_of, unilateral_move_lists
from standoff.engine.space import StateSpace
from standoff.stability.strength import STRONG_OF, strongly_deterred_listed

Int = npt.NDArray[np.int64]
Stable = npt.NDArray[np.bool_]

SIM_BLOCK = 1 << 21
"""(improvement, joint answer) pairs examined at a time by SIM."""


def analyze_listed(
    space: StateSpace,
    wanted: tuple[str, ...],
    step: Callable[[str], None],
    moves: list[Moves] | None = None,
    *,
    bounds: Int | None = None,
) -> dict[str, Stable]:
    """Per concept in ``wanted``, stability of every state for every decision maker (shape DMs × states).

    The strong concepts need ``bounds`` (:func:`standoff.engine.strength.strength_bounds`).
    ``moves`` are every decision maker's unilateral moves when already listed: they do not depend on
    the preferences, so an analysis of many preference variants lists them once.
    """
    n, size = space.n_decision_makers, space.n_states
    step("listing the moves")
    if moves is None:
        moves = [unilateral_move_lists(space, d) for d in range(n)]
    better = [improvements_of(space, d, moves[d]) for d in range(n)]
    strong = [c for c in STRONG_OF if c in wanted]
    if strong and bounds is None:
        raise ValueError("the strong concepts need the bounds of strength of preference")
    bases = {STRONG_OF.get(c, c) for c in wanted}
    needed: list[str] = [
        c for c in ("gmr", "smr", "seq") if c in bases or (c == "seq" and "seqsim" in wanted)
    ]
    kinds = ("nash", *needed, *strong)
    stable: dict[str, Stable] = {c: np.empty((n, size), dtype=np.bool_) for c in kinds}
    for dm in range(n):
        step(f"decision maker {dm + 1} of {n}")
        rank = space.ranks[dm].astype(np.int64)[None, :]
        group = [j for j in range(n) if j != dm]
        rows: list[Int] = []
        unconditional = [c for c in needed if c in ("gmr", "smr")]
        if unconditional:
            candidates = np.concatenate(
                [rank if c == "gmr" else moves[dm].reduce_max(rank) for c in unconditional]
            )
            reached = min_over_group_reach(moves, group, candidates)
            rows += list(reached)
        if "seq" in needed:
            rows.append(min_over_group_reach(better, group, rank)[0])
        sanctions = np.array(rows).reshape(-1, size)
        if strong and bounds is not None:
            graded = sanctions[[needed.index(STRONG_OF[c]) for c in strong]]
            for concept, verdict in zip(
                strong, strongly_deterred_listed(better[dm], graded, bounds[dm]), strict=True
            ):
                stable[concept][dm] = verdict
        values = np.concatenate([rank, np.minimum(sanctions, rank)])
        verdict = better[dm].reduce_max(values) <= rank
        stable["nash"][dm] = verdict[0]
        for k, concept in enumerate(needed):
            stable[concept][dm] = verdict[k + 1]
    if "sim" in wanted or "seqsim" in wanted:
        step("SIM for every decision maker")
        stable["sim"] = simultaneous(space, better)
        if "seqsim" in wanted:
            stable["seqsim"] = stable["seq"] & stable["sim"]
    return stable


def min_over_group_reach(lists: list[Moves], group: list[int], values: Int) -> Int:
    """``out[k, s] = min values[k, t]`` over ``t ∈ {s} ∪ R_group(s)``, in the moves of ``lists``.

    One member's moves after another until every member has been applied
    once more without a change; each member's moves are closed under
    composition, so applying one twice in a row changes nothing.
    """
    current = values
    quiet = 0
    applied = 0
    while group:
        following = lists[group[applied % len(group)]].reduce_min(current)
        quiet = quiet + 1 if np.array_equal(following, current) else 0
        current = following
        applied += 1
        if len(group) == 1 or (quiet >= len(group) - 1 and applied >= len(group)):
            break
    return current


def simultaneous(space: StateSpace, better: list[Moves]) -> Stable:
    """SIM stability, shape (decision makers, states), from every DM's improvements ``better``.

    For each improvement ``s → s1`` of ``i`` and each joint answer of the
    opponents from ``s`` (a flip of their options), the combined state must
    be feasible and ``<=_i s`` for the answer to deter; an improvement with
    no deterring answer makes ``s`` unstable for ``i``.
    """
    n, size = space.n_decision_makers, space.n_states
    codes = space.codes
    out = np.ones((n, size), dtype=np.bool_)
    counts = [np.diff(b.starts) for b in better]
    for i in range(n):
        group = [j for j in range(n) if j != i]
        if n == 2 and not (space.forward[group[0]] | space.backward[group[0]]) & space.owned[group[0]]:
            out[i] = _simultaneous_pair(space, better[i], i, group[0])
            continue
        answers = np.ones(size, dtype=np.int64)
        for j in group:
            answers *= 1 + counts[j]
        answers -= 1  # everyone staying is no answer
        pairs = counts[i] * answers
        states = np.flatnonzero(counts[i])
        out[i, states[answers[states] == 0]] = False  # an improvement nobody can answer
        states = states[answers[states] > 0]
        bounds = np.cumsum(pairs[states])
        lo = 0
        while lo < states.size:
            hi = int(np.searchsorted(bounds, (bounds[lo - 1] if lo else 0) + SIM_BLOCK, side="right"))
            hi = max(hi, lo + 1)
            chunk = states[lo:hi]
            out[i, chunk] = _answered(space, better, i, group, chunk, codes)
            lo = hi
    return out


def _answered(
    space: StateSpace, better: list[Moves], i: int, group: list[int], states: Int, codes: Int
) -> Stable:
    """Whether every improvement of ``i`` from each of ``states`` meets a deterring joint answer."""
    # the opponents' joint answers from each state, as flips of their options (0 = everyone stays)
    owner = states
    flip = np.zeros(states.size, dtype=np.int64)
    for j in group:
        moves = better[j]
        sizes = np.diff(moves.starts)[owner] + 1
        first = np.cumsum(sizes) - sizes
        owner, flip = np.repeat(owner, sizes), np.repeat(flip, sizes)
        pick = np.arange(owner.size, dtype=np.int64) - np.repeat(first, sizes)
        moving = pick > 0
        target = moves.targets[moves.starts[owner[moving]] + pick[moving] - 1]
        flip[moving] ^= codes[target] ^ codes[owner[moving]]
    answer = flip != 0
    owner, flip = owner[answer], flip[answer]
    per_state = np.searchsorted(owner, states, side="right") - np.searchsorted(owner, states, side="left")
    answer_start = np.searchsorted(owner, states, side="left")
    # every improvement of i from those states, against every joint answer from the same state
    mine = better[i]
    place = np.arange(states.size, dtype=np.int64)
    sizes = np.diff(mine.starts)[states]
    improvement_place = np.repeat(place, sizes)
    improvement_first = mine.starts[states]
    offset = np.arange(improvement_place.size, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    improvement = mine.targets[improvement_first[improvement_place] + offset]
    reps = per_state[improvement_place]
    pair_first = np.cumsum(reps) - reps
    pair_improvement = np.repeat(np.arange(improvement.size, dtype=np.int64), reps)
    pair_answer = np.repeat(answer_start[improvement_place], reps) + (
        np.arange(pair_improvement.size, dtype=np.int64) - np.repeat(pair_first, reps)
    )
    combined = indices_of(space, codes[improvement[pair_improvement]] ^ flip[pair_answer])
    rank = space.ranks[i]
    source = states[improvement_place[pair_improvement]]
    deters = combined >= 0
    deters[deters] = rank[combined[deters]] <= rank[source[deters]]
    deterred = np.logical_or.reduceat(deters, pair_first) if deters.size else np.zeros(0, dtype=np.bool_)
    undeterred = np.zeros(states.size, dtype=np.int64)
    np.add.at(undeterred, improvement_place, ~deterred)
    stable: Stable = undeterred == 0
    return stable


def _simultaneous_pair(space: StateSpace, mine: Moves, i: int, j: int) -> Stable:
    """SIM for ``i`` of two decision makers when the opponent ``j`` has only reversible options.

    ``j``'s answers from ``s`` are then the states it perceives that keep
    ``i``'s options of ``s`` and that it ranks above ``s``: a suffix of
    ``s``'s group once the group is sorted by ``j``'s rank. One table holds,
    for every place in that order and every change ``f`` of ``i``'s options,
    the least rank ``i`` gives a state combining ``f`` with an answer from the
    suffix; each improvement is then one look-up. The table has states × 2^{k_i}
    cells, as many as the candidate moves of ``i``.
    """
    codes = space.codes
    owned = int(space.owned[i])
    flips = flips_of(owned)
    rank_i = space.ranks[i].astype(np.int64)
    rank_j = space.ranks[j].astype(np.int64)
    members = np.flatnonzero(space.perceived[j])
    group = codes[members] & owned
    order = members[np.lexsort((rank_j[members], group))]
    group = codes[order] & owned
    group_id = np.zeros(order.size, dtype=np.int64)
    if order.size:
        np.cumsum(group[1:] != group[:-1], out=group_id[1:])
    combined = indices_of(space, (codes[order][:, None] ^ flips[None, :]).ravel())
    combined = combined.reshape(order.size, flips.size)
    infeasible = np.int64(1) << 31
    value = np.where(combined >= 0, rank_i[np.maximum(combined, 0)], infeasible)
    # the least value over each place and the rest of its group, groups kept apart by an offset
    offset = (group_id << 32)[:, None]
    least = np.minimum.accumulate((value + offset)[::-1], axis=0)[::-1] - offset
    keys = (group_id << 32) | rank_j[order]
    answers_from = np.searchsorted(keys, keys, side="right")  # the first place ranked above, by j
    has_answer = answers_from < order.size
    has_answer[has_answer] = group_id[answers_from[has_answer]] == group_id[has_answer]
    position = np.full(space.n_states, -1, dtype=np.int64)
    position[order] = np.arange(order.size, dtype=np.int64)
    sources, targets = mine.sources, mine.targets
    place = position[sources]
    deterred = place >= 0
    deterred[deterred] = has_answer[place[deterred]]
    first = answers_from[place[deterred]]
    column = np.searchsorted(flips, codes[sources[deterred]] ^ codes[targets[deterred]])
    deterred[deterred] = least[first, column] <= rank_i[sources[deterred]]
    stable = np.ones(space.n_states, dtype=np.bool_)
    stable[sources[~deterred]] = False
    return stable
