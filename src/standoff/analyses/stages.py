"""Which states can be a roadmap's stage: those that hold, and those that hold but for the next step.

A stage *holds* under a concept when it is stable for every decision maker
(GMCR.md, "Roadmaps"). A stage before the last need only hold with the
roadmap's own next step left out: the step the roadmap prescribes is not a
defection. For a unilateral next step by ``j`` into ``s'``, the stage holds
when it is stable for every other decision maker and every improvement of
``j`` other than ``s'`` is deterred (GMCR.md's rule). For a joint next step
(GMCR.md speaks of the unilateral case) standoff leaves out, for each
mover ``j``, ``j``'s *own part* of the step: the state ``j`` reaches by
changing its options as the step does while the others keep theirs. Taking
its part is what the roadmap asks of ``j``, so it is no defection; any
other improvement of ``j`` still must be deterred, and a decision maker who
does not move must be stable as usual. Sanctions against the others are
unchanged (the next step stays a possible answer of its movers).

So a state ``s`` can be a stage before the last exactly when every decision
maker it is unstable for has **one** undeterred improvement, at most
``k`` options away (its part of a step), and they are at most as many as the
movers allowed together. The next step from ``s`` must then be taken by
those decision makers, each changing its options exactly as its undeterred
improvement does (it may be joined by others): in bits, with ``need_mask[s]``
the options of those decision makers and ``need_flip[s]`` their change, a
step flipping ``f`` is allowed from ``s`` when ``f & need_mask[s] ==
need_flip[s]``.

Whether an improvement ``s1`` of ``s`` is deterred is read from the
engine's *sanction value* of ``s1`` (the worst rank for the mover the
opponents can bring about from ``s1``, see
:mod:`standoff.stability.deterrence`): deterred when it is at most the
mover's rank of ``s`` (the values the analysis kept on the state space, when
it computed them). The best undeterred improvement of each state comes
from one pass over the grouped moves; only the states whose best one is
within ``k`` options are checked move by move for a second. SIM and SEQ+SIM
sanctions depend on the state left, not only on the improvement, so for
them each candidate state is explained (slower; meant for small models).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from standoff.analyses.stability import AnalysisResult
from standoff.concepts import Concept
from standoff.engine.move_lists import BLOCK, flips_of, indices_of
from standoff.engine.space import StateSpace

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

NONE, SEVERAL = -1, -2


@dataclass(frozen=True)
class Stages:
    """Per state: ``holds`` (stable for every decision maker), ``enterable`` (holds, or holds with the
    right next step), and the option change the next step must make (``need_mask``, ``need_flip``)."""

    holds: Bool
    enterable: Bool
    need_mask: Int
    need_flip: Int


def stages(result: AnalysisResult, concept: Concept, step_size: int | None, max_movers: int) -> Stages:
    """The stages of a roadmap under ``concept`` with steps of at most ``step_size`` options per mover."""
    space = result.space
    stable = result.stable[concept]
    holds = np.asarray(stable.all(axis=0))
    unstable_count = (~stable).sum(axis=0)
    candidates = (unstable_count > 0) & (unstable_count <= max_movers)
    need_mask = np.zeros(space.n_states, dtype=np.int64)
    need_flip = np.zeros(space.n_states, dtype=np.int64)
    enterable = holds.copy()
    ok = candidates.copy()
    for dm in range(space.n_decision_makers):
        todo = np.flatnonzero(candidates & ~stable[dm] & ok)
        if todo.size == 0:
            continue
        sole = sole_loose_improvement(space, dm, concept, todo, step_size)
        found = sole >= 0
        ok[todo[~found]] = False
        here = todo[found]
        need_mask[here] |= int(space.owned[dm])
        need_flip[here] |= space.codes[sole[found]] ^ space.codes[here]
    enterable |= ok
    need_mask[~ok] = 0
    need_flip[~ok] = 0
    return Stages(holds, enterable, need_mask, need_flip)


def sole_loose_improvement(
    space: StateSpace, dm: int, concept: Concept, states: Int, step_size: int | None
) -> Int:
    """Per state of ``states`` (each unstable for ``dm``): its only undeterred improvement for ``dm``, if
    at most ``step_size`` options away, else ``SEVERAL`` (or ``NONE`` if there is none)."""
    values = loose_values(space, dm, concept)
    if values is None:
        return _by_explaining(space, dm, concept, states, step_size)
    n = space.n_states
    from standoff.engine.cones import cone_max

    key = values * n + np.arange(n, dtype=np.int64)
    best = cone_max(space.layouts, dm, space.codes, space.ranks[dm], key[None, :])[0][states]
    rank = space.ranks[dm, states].astype(np.int64)
    out = np.full(states.size, NONE, dtype=np.int64)
    loose = best // n > rank
    first = best % n
    out[loose] = SEVERAL
    near = loose.copy()
    if step_size is not None:
        apart = np.array([int(c).bit_count() for c in (space.codes[first] ^ space.codes[states]).tolist()])
        near &= apart <= step_size
    check = np.flatnonzero(near)
    if check.size:
        count = _count_loose(space, dm, values, states[check])
        single = count == 1
        out[check[single]] = first[check[single]]
    return out


def loose_values(space: StateSpace, dm: int, concept: Concept) -> Int | None:
    """Per state ``s1``: ``min(rank, sanction value)`` for ``dm``; an improvement ``s1`` of ``s`` is
    undeterred exactly when this exceeds ``dm``'s rank of ``s``. ``None`` for SIM and SEQ+SIM."""
    rank: Int = space.ranks[dm].astype(np.int64)
    if concept == "nash":
        return rank
    if concept not in ("gmr", "smr", "seq"):
        return None
    kept = space.recall(("sanction_values", concept, dm))
    if kept is not None:  # the analysis computed them already
        return np.minimum(rank, kept)
    from standoff.stability import gmr, seq, smr
    from standoff.stability.deterrence import unconditional_sanctions

    if concept == "seq":
        sanction = seq.sanction_values(space, dm)
    else:
        candidates = (
            gmr.sanction_candidates(space, dm) if concept == "gmr" else smr.sanction_candidates(space, dm)
        )
        sanction = unconditional_sanctions(space, dm, candidates[None, :])[0]
    out: Int = np.minimum(rank, sanction)
    return out


def _count_loose(space: StateSpace, dm: int, values: Int, states: Int) -> Int:
    """How many undeterred improvements ``dm`` has from each of ``states``, its moves listed."""
    flips = flips_of(int(space.owned[dm]))
    forward = int(np.bitwise_or.reduce(space.forward)) if space.forward.size else 0
    backward = int(np.bitwise_or.reduce(space.backward)) if space.backward.size else 0
    counts = np.zeros(states.size, dtype=np.int64)
    rows = max(1, BLOCK // max(1, flips.size))
    for lo in range(0, states.size, rows):
        part = states[lo : lo + rows]
        codes = space.codes[part]
        blocked = (codes & forward) | (~codes & backward)
        row, col = np.nonzero((flips[None, :] & blocked[:, None]) == 0)
        target = indices_of(space, codes[row] ^ flips[col])
        keep = target >= 0
        row, target = row[keep], target[keep]
        keep = space.perceived[dm, target] & (values[target] > space.ranks[dm, part[row]])
        counts[lo : lo + rows] = np.bincount(row[keep], minlength=part.size)
    return counts


def _by_explaining(space: StateSpace, dm: int, concept: Concept, states: Int, step_size: int | None) -> Int:
    """As :func:`sole_loose_improvement`, each state explained (SIM, SEQ+SIM)."""
    from standoff.analyses.explain import explain_for

    out = np.full(states.size, NONE, dtype=np.int64)
    for k, s in enumerate(states.tolist()):
        explained = explain_for(space, dm, s, concept).improvements
        loose = [item.improvement_index for item in explained if not item.deterred]
        if len(loose) > 1:
            out[k] = SEVERAL
        elif loose:
            apart = (int(space.codes[loose[0]]) ^ int(space.codes[s])).bit_count()
            out[k] = loose[0] if step_size is None or apart <= step_size else SEVERAL
    return out
