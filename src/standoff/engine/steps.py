"""Steps by one or more movers acting at once, and breadth-first searches over them.

A *step* (docs/explanation/definitions.md, "Roadmaps") by a set of movers ``H`` from ``s`` to
``s'`` changes only options of members of ``H``; every member changes at
least one and at most ``k`` of its own options, each in its permitted
direction; ``s'`` is feasible; no mover misperceives ``s`` or ``s'``.
With ``|H| = 1`` and no size limit a step is a unilateral move.

Steps are generated from the option structure, never from pairs of
states: for each set of movers the possible option changes (*flips*, bit
masks touching every mover) are listed once, and a state's steps are its
code XOR each flip that its irreversible options allow, looked up among
the feasible states. A breadth-first search expands one layer at a time,
all of the layer's states against all flips at once (numpy, in blocks), so
memory grows with the states reached, never with their square.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

import numpy as np
import numpy.typing as npt

from standoff.engine.move_lists import indices_of
from standoff.engine.space import StateSpace
from standoff.errors import StandoffError

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

Rule = Literal["improve", "target", "any"]
"""Which steps are acceptable: every mover strictly better off after the step (``improve``), every
mover strictly preferring the target to the state it leaves (``target``: a leap of faith), or every
step (``any``, to list the steps that fail and say why)."""

MAX_FLIPS = 1 << 18
"""The most option changes per state a search may try (each is one candidate step per state)."""

BLOCK = 1 << 22
"""Candidate (state, option change) pairs examined at a time."""


@dataclass(frozen=True)
class StepKind:
    """The steps of one set of movers: ``flips`` are the option changes (bit masks), ascending."""

    movers: tuple[int, ...]
    flips: Int

    @property
    def joint(self) -> bool:
        """Whether more than one decision maker moves."""
        return len(self.movers) > 1


def step_kinds(space: StateSpace, max_movers: int = 2, step_size: int | None = 1) -> tuple[StepKind, ...]:
    """Every set of at most ``max_movers`` decision makers with its option changes.

    Each mover changes between 1 and ``step_size`` of its own options
    (``None``: any number). Sets come in order of size, then of decision
    makers, so a search meets one-mover steps first.
    """
    if max_movers < 1:
        raise StandoffError("at least one decision maker must be allowed to move (--movers 1 or more)")
    if step_size is not None and step_size < 1:
        raise StandoffError("a step changes at least one option per mover (--step-size 1 or more)")
    own = [_flips_of_size(int(mask), step_size) for mask in space.owned]
    kinds: list[StepKind] = []
    total = 0
    n = space.n_decision_makers
    for size in range(1, min(max_movers, n) + 1):
        for movers in combinations(range(n), size):
            parts = [own[d] for d in movers]
            count = int(np.prod([p.size for p in parts], dtype=np.int64))
            total += count
            if total > MAX_FLIPS:
                raise StandoffError(
                    f"too many possible steps per state (more than {MAX_FLIPS:,}): "
                    "allow fewer movers (--movers) or fewer options per mover (--step-size)"
                )
            if count == 0:
                continue
            flips = parts[0]
            for part in parts[1:]:
                flips = (flips[:, None] | part[None, :]).ravel()
            kinds.append(StepKind(movers, np.sort(flips)))
    return tuple(kinds)


def _flips_of_size(mask: int, most: int | None) -> Int:
    """The subsets of the bit mask with 1 to ``most`` bits (``None``: any number), ascending."""
    bits = [1 << j for j in range(mask.bit_length()) if mask >> j & 1]
    top = len(bits) if most is None else min(most, len(bits))
    found = [sum(chosen) for size in range(1, top + 1) for chosen in combinations(bits, size)]
    return np.array(sorted(found), dtype=np.int64)


@dataclass(frozen=True)
class StepLimits:
    """What a roadmap search asks of a step beyond being acceptable (see :mod:`standoff.analyses.stages`).

    ``once_from``: the start's code when each option may change at most once (a step may not change
    an option in which the state already differs from the start); ``None`` allows detours.
    ``need_mask`` / ``need_flip``: per state, the options of the decision makers it is unstable for
    and the change of them its next step must make (a step flipping ``f`` from ``s`` is allowed when
    ``f & need_mask[s] == need_flip[s]``); the start ``origin`` is not a stage and has no such need.
    """

    origin: int
    once_from: int | None = None
    need_mask: Int | None = None
    need_flip: Int | None = None

    def allowed(self, space: StateSpace, sources: Int, flips: Int) -> Bool:
        """Which of the steps ``sources[k]`` flipping ``flips[k]`` the limits allow."""
        ok = np.ones(sources.size, dtype=np.bool_)
        if self.once_from is not None:
            ok &= (flips & (space.codes[sources] ^ self.once_from)) == 0
        if self.need_mask is not None and self.need_flip is not None:
            ok &= ((flips & self.need_mask[sources]) == self.need_flip[sources]) | (sources == self.origin)
        return ok


@dataclass(frozen=True)
class Steps:
    """Steps found from a set of states: ``source[k] → target[k]`` by the movers of ``kinds[kind[k]]``."""

    source: Int
    target: Int
    kind: Int

    @classmethod
    def empty(cls) -> Steps:
        nothing = np.empty(0, dtype=np.int64)
        return cls(nothing, nothing, nothing)


def blocked_bits(space: StateSpace, codes: Int) -> Int:
    """Per code, the option bits no step may change: forward-only options taken, backward-only not taken."""
    forward = int(np.bitwise_or.reduce(space.forward)) if space.forward.size else 0
    backward = int(np.bitwise_or.reduce(space.backward)) if space.backward.size else 0
    blocked: Int = (codes & forward) | (~codes & backward)
    return blocked


def steps_from(
    space: StateSpace,
    sources: Int,
    kinds: tuple[StepKind, ...],
    rule: Rule = "improve",
    goal: npt.NDArray[np.int32] | None = None,
    limits: StepLimits | None = None,
) -> Steps:
    """Every acceptable step from each state in ``sources`` (indices), in the order of ``sources``,
    then of ``kinds``, then of the option changes.

    ``goal`` is every decision maker's rank of the target (for ``rule="target"``); ``limits``, if
    given, drops the steps they do not allow.
    """
    sources = np.asarray(sources, dtype=np.int64)
    found_place: list[Int] = []
    found_target: list[Int] = []
    found_kind: list[Int] = []
    codes = space.codes[sources]
    blocked = blocked_bits(space, codes)
    for k, kind in enumerate(kinds):
        flips = kind.flips
        rows = max(1, BLOCK // max(1, flips.size))
        for lo in range(0, sources.size, rows):
            part = slice(lo, lo + rows)
            allowed = (flips[None, :] & blocked[part, None]) == 0
            row, col = np.nonzero(allowed)
            row += lo
            if limits is not None:
                keep = limits.allowed(space, sources[row], flips[col])
                row, col = row[keep], col[keep]
            target = indices_of(space, codes[row] ^ flips[col])
            keep = target >= 0
            row, target = row[keep], target[keep]
            ok = accepted(space, sources[row], target, kind.movers, rule, goal)
            found_place.append(row[ok])
            found_target.append(target[ok])
            found_kind.append(np.full(int(ok.sum()), k, dtype=np.int64))
    if not found_place:
        return Steps.empty()
    place = np.concatenate(found_place)
    order = np.argsort(place, kind="stable")  # by source, then kind, then option change
    return Steps(
        sources[place[order]], np.concatenate(found_target)[order], np.concatenate(found_kind)[order]
    )


def accepted(
    space: StateSpace,
    source: Int,
    target: Int,
    movers: tuple[int, ...],
    rule: Rule,
    goal: npt.NDArray[np.int32] | None = None,
) -> Bool:
    """Which of the steps ``source[k] → target[k]`` by ``movers`` exist (perceived by every mover) and
    are acceptable under ``rule``."""
    ok = np.ones(source.size, dtype=np.bool_)
    for d in movers:
        ok &= space.perceived[d, source] & space.perceived[d, target]
        if rule == "improve":
            ok &= space.ranks[d, target] > space.ranks[d, source]
        elif rule == "target":
            if goal is None:
                raise ValueError("the target rule needs the target's ranks")
            ok &= int(goal[d]) > space.ranks[d, source]
    return ok


@dataclass(frozen=True)
class StepSearch:
    """What a breadth-first search over steps found.

    ``distance[s]``: the fewest steps from the start to ``s`` (-1: not reached);
    ``parent[s]`` and ``kind[s]``: the previous state and the movers' kind of the first step found
    into ``s``; ``order``: the reached states in order of discovery (the start first);
    ``complete``: whether every reachable state was reached (no step limit or stop cut the search);
    ``moving[s]``: whether ``s``, once its steps were looked at, had an acceptable one (whatever
    the state after it).
    """

    distance: npt.NDArray[np.int32]
    parent: Int
    kind: Int
    order: Int
    complete: bool
    moving: Bool


def breadth_first(
    space: StateSpace,
    origin: int,
    kinds: tuple[StepKind, ...],
    *,
    rule: Rule = "improve",
    goal: npt.NDArray[np.int32] | None = None,
    holds: Bool | None = None,
    stop: Bool | None = None,
    max_steps: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    compiled: bool = False,
    limits: StepLimits | None = None,
) -> StepSearch:
    """Breadth-first search from ``origin`` over acceptable steps, one layer at a time.

    Only states where ``holds`` is true are entered (the start need not
    hold). The search ends after the first layer that reaches a state
    where ``stop`` is true, or after ``max_steps`` layers. ``progress``
    hears, after each layer, its depth and how many states have been reached.
    ``compiled`` expands the layers with the numba kernel (for big spaces;
    the same result). ``limits`` drops the steps they do not allow.
    """
    if rule == "any":
        raise ValueError("a search follows acceptable steps: rule improve or target")
    n = space.n_states
    distance = np.full(n, -1, dtype=np.int32)
    parent = np.full(n, -1, dtype=np.int64)
    kind = np.full(n, -1, dtype=np.int64)
    moving = np.zeros(n, dtype=np.bool_)
    distance[origin] = 0
    layers = [np.array([origin], dtype=np.int64)]
    frontier = layers[0]
    depth = 0
    complete = True
    expand = (
        _Kernel(space, kinds, rule, goal, holds, distance, parent, kind, moving, limits) if compiled else None
    )
    while frontier.size:
        if stop is not None and depth > 0 and bool(stop[frontier].any()):
            complete = False
            break
        if max_steps is not None and depth >= max_steps:
            complete = False
            if expand is not None:
                expand(frontier, depth, assign=False)
            else:
                moving[steps_from(space, frontier, kinds, rule, goal, limits).source] = True
            break
        depth += 1
        if expand is not None:
            target = expand(frontier, depth, assign=True)
        else:
            found = steps_from(space, frontier, kinds, rule, goal, limits)
            moving[found.source] = True
            fresh = distance[found.target] < 0
            if holds is not None:
                fresh &= holds[found.target]
            target, first = np.unique(found.target[fresh], return_index=True)
            # the first step found into each new state, in the order of discovery
            place = np.flatnonzero(fresh)[first]
            order = np.argsort(place, kind="stable")
            target, place = target[order], place[order]
            distance[target] = depth
            parent[target] = found.source[place]
            kind[target] = found.kind[place]
        layers.append(target)
        frontier = target
        if progress is not None:
            progress(depth, int(sum(layer.size for layer in layers)))
    return StepSearch(distance, parent, kind, np.concatenate(layers), complete, moving)


class _Kernel:
    """The arrays the compiled layer expansion needs, gathered once per search."""

    def __init__(
        self,
        space: StateSpace,
        kinds: tuple[StepKind, ...],
        rule: Rule,
        goal: npt.NDArray[np.int32] | None,
        holds: Bool | None,
        distance: npt.NDArray[np.int32],
        parent: Int,
        kind: Int,
        moving: Bool,
        limits: StepLimits | None = None,
    ) -> None:
        from standoff.engine.step_kernel import IMPROVE, TARGET, StepRecord, StepTables

        zeros = np.zeros(1, dtype=np.int64)
        once = limits is not None and limits.once_from is not None
        need_mask = limits.need_mask if limits is not None else None
        need_flip = limits.need_flip if limits is not None else None
        staged = need_mask is not None and need_flip is not None
        flips = np.concatenate([k.flips for k in kinds]) if kinds else np.empty(0, dtype=np.int64)
        flip_kind = (
            np.concatenate([np.full(k.flips.size, i, dtype=np.int64) for i, k in enumerate(kinds)])
            if kinds
            else np.empty(0, dtype=np.int64)
        )
        width = max((len(k.movers) for k in kinds), default=1)
        movers = np.full((max(1, len(kinds)), width), -1, dtype=np.int64)
        n_movers = np.zeros(max(1, len(kinds)), dtype=np.int64)
        for i, k in enumerate(kinds):
            movers[i, : len(k.movers)] = k.movers
            n_movers[i] = len(k.movers)
        self.tables = StepTables(
            codes=space.codes,
            lookup=space.lookup,
            flips=flips,
            flip_kind=flip_kind,
            movers=movers,
            n_movers=n_movers,
            forward=int(np.bitwise_or.reduce(space.forward)) if space.forward.size else 0,
            backward=int(np.bitwise_or.reduce(space.backward)) if space.backward.size else 0,
            perceived=space.perceived,
            ranks=space.ranks,
            rule=IMPROVE if rule == "improve" else TARGET,
            goal=(
                np.asarray(goal, dtype=np.int32)
                if goal is not None
                else np.zeros(space.n_decision_makers, np.int32)
            ),
            holds=holds if holds is not None else np.ones(space.n_states, dtype=np.bool_),
            origin=limits.origin if limits is not None else -1,
            once=once,
            once_from=int(limits.once_from) if limits is not None and limits.once_from is not None else 0,
            staged=staged,
            need_mask=need_mask if need_mask is not None and staged else zeros,
            need_flip=need_flip if need_flip is not None and staged else zeros,
        )
        self.record = StepRecord(distance, parent, kind, moving, np.empty(space.n_states, dtype=np.int64))

    def __call__(self, frontier: Int, depth: int, *, assign: bool) -> Int:
        from standoff.engine.step_kernel import expand_layer

        count = expand_layer(frontier, self.tables, self.record, depth, assign)
        return self.record.out[:count].copy()


def steps_into_all(
    space: StateSpace,
    states: Int,
    kinds: tuple[StepKind, ...],
    candidates: Bool,
    rule: Rule = "improve",
    goal: npt.NDArray[np.int32] | None = None,
    limits: StepLimits | None = None,
) -> Steps:
    """The acceptable steps into each of ``states`` from states where ``candidates`` is true, at once
    (only those ``limits`` allow, if given)."""
    states = np.asarray(states, dtype=np.int64)
    found_source: list[Int] = []
    found_target: list[Int] = []
    found_kind: list[Int] = []
    codes = space.codes[states]
    for k, kind in enumerate(kinds):
        flips = kind.flips
        rows = max(1, BLOCK // max(1, flips.size))
        for lo in range(0, states.size, rows):
            part = slice(lo, lo + rows)
            before = (codes[part, None] ^ flips[None, :]).ravel()
            row = np.repeat(np.arange(lo, min(lo + rows, states.size), dtype=np.int64), flips.size)
            change = np.tile(flips, codes[part].size)
            source = indices_of(space, before)
            keep = source >= 0
            keep[keep] = candidates[source[keep]]
            source, row, change = source[keep], row[keep], change[keep]
            allowed = (change & blocked_bits(space, space.codes[source])) == 0
            if limits is not None:
                allowed &= limits.allowed(space, source, change)
            source, row = source[allowed], row[allowed]
            target = states[row]
            ok = accepted(space, source, target, kind.movers, rule, goal)
            found_source.append(source[ok])
            found_target.append(target[ok])
            found_kind.append(np.full(int(ok.sum()), k, dtype=np.int64))
    if not found_source:
        return Steps.empty()
    return Steps(np.concatenate(found_source), np.concatenate(found_target), np.concatenate(found_kind))
