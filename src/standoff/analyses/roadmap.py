"""Roadmaps: which order of steps gets from a start to a target, every stage holding on its own.

Roadmaps extend status quo analysis (Li, Kilgour & Hipel, J. Operational Research Society
56, 2005; Xu, Kilgour, Hipel & Kemkes, EJOR 207, 2010), which asks
which states the status quo can reach, by whom and in how many moves, and
lets the states on the way be unstable. A roadmap asks, in addition, that
every stage hold on its own, and allows joint steps.

Definitions (docs/explanation/definitions.md, "Roadmaps"):

- a *step* by movers ``H`` (at most ``M`` decision makers together) changes
  only their options, each mover at least one and at most ``k`` of its own,
  in the permitted directions, into a feasible state that no mover
  misperceives (see :mod:`standoff.engine.steps`);
- a step is *acceptable* when every mover strictly prefers the state after
  it (rule ``improve``), or, with the looser rule ``target`` (a leap of
  faith), when every mover strictly prefers the final target to the state it
  leaves;
- a stage *holds* under a concept when it is stable for every decision
  maker; a stage before the last need only hold with the roadmap's own next
  step left out of its movers' improvements (for a joint step, each
  mover's own part of it; see :mod:`standoff.analyses.stages` for why);
- by default each option changes at most once (no step changes back an
  option an earlier step changed: no reneging, no escalate-then-retreat);
  ``detours=True`` lifts that, and each step then names the options it
  changes back (:attr:`Step.undoes`);
- a *roadmap* from ``s0`` to a target set ``T`` is ``s0, s1, ..., sk`` with
  ``sk`` in ``T``, every step acceptable and every stage ``s1 .. sk``
  holding (``s0`` need not hold);
- a step its mover would not take on its own under the concept (an
  improvement that a sanction deters; for a joint step, a mover's own part
  of it) is allowed but *flagged* (:attr:`Step.deterred`): the mover has to
  trust that the sanction will not come.

Steps:

1. analyse the stability of every state once under the concept: which
   states hold, which hold but for the right next step, and which change
   of options that next step must make (:func:`standoff.analyses.stages.stages`);
2. breadth-first search from ``s0`` over acceptable steps into those
   states, each step allowed by the stage it leaves and by the
   at-most-once rule (both depend on the state only, so a search over
   states is exact), layer by layer, stopping after the first layer that reaches a
   target (its depth ``D`` is the shortest length); under the target rule,
   one search per group of target states that every decision maker ranks
   alike, none deeper than the shortest roadmap already found;
3. walk back from the targets at depth ``D`` through the acceptable steps
   into them from depth ``D - 1``, and so on: the steps of every shortest
   roadmap, and for each state the fewest joint steps still needed;
4. list the shortest roadmaps best first (fewest joint steps, then by the
   state numbers of the stages), with a best-first walk whose bound is
   exact, so the first ``N`` found are the first ``N`` in that order;
5. when there is none, say where it breaks (:class:`Breaks`).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from standoff.analyses.explain import Sanction, SanctionFinder, check_concept, explain_for
from standoff.analyses.stability import AnalysisResult, Progress, analyze, is_small
from standoff.analyses.stages import Stages, stages
from standoff.analyses.states import (
    State,
    expression_for,
    matching_states,
    state_index,
    state_names,
    state_of,
)
from standoff.concepts import CONCEPT_NAMES, Concept, refuse_strong
from standoff.engine.bits import popcount
from standoff.engine.move_lists import indices_of
from standoff.engine.space import StateSpace
from standoff.engine.steps import (
    Rule,
    StepKind,
    StepLimits,
    StepSearch,
    blocked_bits,
    breadth_first,
    step_kinds,
    steps_from,
    steps_into_all,
)
from standoff.errors import StandoffError, StateError
from standoff.model.conflict import Conflict

if TYPE_CHECKING:
    import pandas as pd

    from standoff.analyses.audit import RoadmapNeeds

Int = npt.NDArray[np.int64]

RULES: tuple[Rule, ...] = ("improve", "target")
MAX_ROADMAPS = 10
MAX_NEAREST = 10
MAX_FAILED = 50
MAX_EXPLAINED_TARGETS = 5
MAX_WALK = 200_000
"""Partial roadmaps the best-first listing may look at before it stops (it has found the best by then
unless the shortest roadmaps number in the hundreds of thousands)."""


@dataclass(frozen=True)
class Deterrent:
    """``decision_maker`` would not take its part of a step on its own: each of ``sanctions`` deters it.

    ``part`` is the state its own part alone leads to (for a unilateral step, the state after the
    step). The sanction is what the mover must trust will not come.
    """

    decision_maker: int
    part: int
    sanctions: tuple[Sanction, ...]


@dataclass(frozen=True)
class Step:
    """One step of a roadmap: ``movers`` change their options from ``source`` to ``target`` at once.

    ``worse_off`` and ``no_better`` (leap-of-faith roadmaps only) are the movers
    the step leaves strictly worse off, or no better off, for a while.
    ``deterred``: the movers who would not take their part on their own under
    the concept (a sanction deters it), with the sanction; ``undoes``: the
    options (indices) it changes back after an earlier step changed them
    (detour roadmaps only).
    """

    movers: tuple[int, ...]
    source_index: int
    target_index: int
    worse_off: tuple[int, ...] = ()
    no_better: tuple[int, ...] = ()
    deterred: tuple[Deterrent, ...] = ()
    undoes: tuple[int, ...] = ()

    @property
    def source(self) -> int:
        """The state the step leaves: its printed number (``source_index`` + 1)."""
        return self.source_index + 1

    @property
    def target(self) -> int:
        """The state the step leads to: its printed number (``target_index`` + 1)."""
        return self.target_index + 1

    @property
    def joint(self) -> bool:
        """Whether more than one decision maker moves."""
        return len(self.movers) > 1

    @property
    def flagged(self) -> bool:
        """Whether a mover needs a commitment or foresight beyond the concept to take the step."""
        return bool(self.deterred)


@dataclass(frozen=True)
class Defection:
    """``decision_maker`` would move from ``state`` to ``to``, and no sanction deters it."""

    state_index: int
    decision_maker: int
    to_index: int

    @property
    def state(self) -> int:
        """The state defected from: its printed number (``state_index`` + 1)."""
        return self.state_index + 1

    @property
    def to(self) -> int:
        """The state the defection leads to: its printed number (``to_index`` + 1)."""
        return self.to_index + 1


@dataclass(frozen=True)
class FailedStep:
    """A step toward the target from one of the nearest stages, and why it fails.

    ``not_improving``: the movers for whom it is not acceptable; ``holds``:
    whether the stage after it holds (for a stage before the last: holds
    with some next step left out); ``defections``: if not, who would
    leave it, and how; ``undoes``: the options it changes back (not allowed
    without detours); ``not_the_next``: the step the stage it leaves needs
    instead (that stage holds only if its next step is this one), if any.
    """

    step: Step
    not_improving: tuple[int, ...]
    holds: bool
    defections: tuple[Defection, ...] = ()
    undoes: tuple[int, ...] = ()
    not_the_next: int | None = None


@dataclass(frozen=True)
class Breaks:
    """Where the way to the target breaks when no roadmap exists.

    ``holding_targets``: the target states that hold; ``defections``: when
    none does, who defects from (some of) them and how; ``reached``: the
    stages reachable from the start (index, fewest steps), the start first;
    ``nearest``: the reached stages with the fewest options different from a
    target (index, options apart), up to ten, fewest steps from the start
    first; ``failed``: each step toward the target from those stages, and
    why it fails (``n_failed`` counts them all); ``irreversible``: per
    nearest stage, the options that differ from the target but cannot be
    changed back; ``searched_all``: false when a step
    limit cut the search short.
    """

    holding_targets: tuple[int, ...]
    defections: tuple[Defection, ...]
    reached: tuple[tuple[int, int], ...]
    nearest: tuple[tuple[int, int], ...]
    failed: tuple[FailedStep, ...]
    n_failed: int
    irreversible: tuple[tuple[int, tuple[int, ...]], ...]
    searched_all: bool = True


@dataclass(frozen=True)
class Roadmap:
    """The shortest roadmaps from a start to a target, or where the way breaks.

    Examples:
        >>> import standoff
        >>> chicken = standoff.load("examples/chicken.yaml")
        >>> chicken.roadmap("NN", start="YY")
        <Roadmap from state 4 YY to 1 target state under SEQ: none; breaks (no target state holds)>
    """

    result: AnalysisResult
    concept: Concept
    start_index: int
    target_indices: tuple[int, ...]
    target_text: str
    rule: Rule
    step_size: int | None
    max_movers: int
    roadmaps: tuple[tuple[Step, ...], ...]
    more: bool
    breaks: Breaks | None
    max_steps: int | None = None
    names: tuple[tuple[int, str], ...] = ()
    detours: bool = False

    @property
    def found(self) -> bool:
        """Whether at least one roadmap exists."""
        return bool(self.roadmaps)

    @cached_property
    def needs(self) -> RoadmapNeeds | None:
        """When no roadmap exists (every length searched): the least step size and movers at which one
        does, or whether only the leap-of-faith rule finds one; None when one was found or the search
        stopped early. Computed on first use: it runs further searches."""
        from standoff.analyses.audit import missing_roadmap_needs

        return missing_roadmap_needs(
            self, self.result, self.target_text, str(self.start_index + 1), self.concept
        )

    @property
    def length(self) -> int | None:
        """The number of steps of the shortest roadmaps (``None`` when there is none)."""
        return len(self.roadmaps[0]) if self.roadmaps else None

    @property
    def start(self) -> State:
        """The state the roadmaps start from."""
        return state_of(self.result.conflict, self.result.space, self.start_index)

    @property
    def targets(self) -> list[State]:
        """The target states."""
        return [state_of(self.result.conflict, self.result.space, s) for s in self.target_indices]

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``standoff roadmap --format json`` prints (states as patterns)."""
        from standoff.outputs.roadmap_text import roadmap_to_dict

        return roadmap_to_dict(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per step of each listed roadmap: roadmap, step, movers, the move, the state after."""
        from standoff.outputs.frame import roadmap_to_frame

        return roadmap_to_frame(self)

    def to_svg(self) -> str:
        """The roadmap as a picture (``standoff roadmap --format svg``): the first roadmap's stages left to
        right, each step with who moves and what each gives; without one, the steps that fail and why."""
        from standoff.outputs.picture_svg import render_svg, roadmap_picture

        stable = np.asarray(self.result.stable[self.concept].all(axis=0))
        return render_svg(roadmap_picture(self, lambda s: bool(stable[s])))

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_html_(self) -> str:
        from standoff.outputs.html import roadmap_html

        return roadmap_html(self)

    def __str__(self) -> str:
        """What ``standoff roadmap`` prints, as plain text (``print(result)`` in a notebook)."""
        from standoff.outputs.plain import plain_text
        from standoff.outputs.roadmap_text import roadmap_report

        return plain_text(roadmap_report(self, self.needs), end="")

    def __repr__(self) -> str:
        space = self.result.space
        n = len(self.target_indices)
        head = (
            f"<Roadmap from state {self.start_index + 1} {space.pattern(self.start_index)} to {n} target "
            f"state{'s' * (n != 1)} under {CONCEPT_NAMES[self.concept]}: "
        )
        if self.found:
            k = len(self.roadmaps)
            listed = f"{k}{'+' if self.more else ''} shortest roadmap{'s' * (k != 1 or self.more)}"
            return f"{head}{listed} of {self.length} step{'s' * (self.length != 1)}>"
        why = ""
        if self.breaks is not None and not self.breaks.holding_targets:
            why = " (no target state holds)"
        return f"{head}none; breaks{why}>"


def resolve_targets(conflict: Conflict, space: StateSpace, target: str | int | State) -> Int:
    """The states a target denotes: one by number, name or pattern, or every state satisfying a condition."""
    number = isinstance(target, State | int | np.integer) or (
        isinstance(target, str) and target.strip().isdigit()
    )
    if number and not any(s.name == target for s in conflict.named_states):
        return np.array([state_index(conflict, space, target, role="target")], dtype=np.int64)
    if not isinstance(target, str):
        raise StateError(
            f"the target {target!r} is neither a state number nor a state's name, pattern or condition"
        )
    hits = matching_states(space, expression_for(conflict, target)).astype(np.int64)
    if hits.size == 0:
        raise StateError(f"the target {target!r} matches no feasible state of this model")
    return hits


def roadmap(
    subject: Conflict | AnalysisResult,
    target: str | int | State,
    start: str | int | State | None = None,
    *,
    concept: str = "seq",
    step_size: int | None = 1,
    movers: int = 2,
    rule: str = "improve",
    max_roadmaps: int = MAX_ROADMAPS,
    max_steps: int | None = None,
    progress: Progress | None = None,
    detours: bool = False,
) -> Roadmap:
    """The shortest roadmaps from ``start`` (default: the status quo) to ``target``, or where they break.

    ``target`` is a state (number, name, pattern) or a condition over options
    in the model's expression language (every state satisfying it is a
    target). ``step_size`` is the most options one mover changes in a step
    (``None``: any number), ``movers`` the most decision makers acting
    together; ``rule`` is ``"improve"`` (every mover better off at each
    step) or ``"target"`` (every mover prefers the target to where it
    stands: a leap of faith). At most ``max_roadmaps`` roadmaps are listed.
    ``detours`` lets a step change back an option an earlier step changed
    (by default each option changes at most once).
    """
    chosen = check_concept(concept)
    refuse_strong((chosen,), "a roadmap")
    if rule not in RULES:
        raise StandoffError(f"unknown rule {rule!r}; choose from {', '.join(RULES)}")
    if max_roadmaps < 1:
        raise StandoffError("list at least one roadmap (--max 1 or more)")
    if max_steps is not None and max_steps < 0:
        raise StandoffError("the number of steps must be 0 or more")
    result = (
        subject
        if isinstance(subject, AnalysisResult)
        else analyze(subject, (chosen,), progress=progress, profile={})
    )
    if chosen not in result.stable:
        result = analyze(result.conflict, (chosen,), space=result.space, progress=progress, profile={})
    conflict, space = result.conflict, result.space
    if start is None:
        if result.status_quo_index is None:
            raise StateError("the model has no status quo; give a start state with --from")
        origin = result.status_quo_index
    else:
        origin = state_index(conflict, space, start, role="start state")
    targets = resolve_targets(conflict, space, target)
    kinds = step_kinds(space, movers, step_size)
    stage = stages(result, chosen, step_size, movers)
    if not detours:
        # a stage whose only way on changes back an option changed since the start is no stage
        from dataclasses import replace

        back = (stage.need_flip & (space.codes ^ space.codes[origin])) != 0
        stage = replace(stage, enterable=stage.enterable & ~back)
    holds = stage.holds
    limits = StepLimits(
        origin,
        None if detours else int(space.codes[origin]),
        stage.need_mask if stage.need_mask.any() else None,
        stage.need_flip if stage.need_mask.any() else None,
    )
    names = state_names(conflict, space)
    text = target.pattern if isinstance(target, State) else str(target)
    common = (result, chosen, origin, tuple(targets.tolist()), text, rule, step_size, movers)

    if origin in set(targets.tolist()):
        return Roadmap(*common, ((),), False, None, max_steps, names, detours)

    # kept while searching: the best roadmaps found so far (joint steps, state numbers, steps), and
    # for the breaks, every stage reached (fewest steps over the searches) and whether every search ended
    listed: list[tuple[int, tuple[int, ...], tuple[Step, ...]]] = []
    best: int | None = None
    distance = np.full(space.n_states, -1, dtype=np.int64)
    complete = True
    groups = _target_groups(space, targets) if rule == "target" else [targets]
    horizon = max_steps  # once a roadmap is found, no other group needs a deeper search
    for number, group in enumerate(groups):
        goal = space.ranks[:, int(group[0])] if rule == "target" else None
        stop = np.zeros(space.n_states, dtype=np.bool_)
        stop[group] = holds[group]  # the last stage holds with nothing left out

        def layer(depth: int, reached: int, number: int = number) -> None:
            if progress is not None:
                where = f" (target group {number + 1} of {len(groups)})" if len(groups) > 1 else ""
                progress(f"searching roadmaps: {depth} steps, {reached:,} stages reached{where}", 0, None)

        found = breadth_first(
            space,
            origin,
            kinds,
            rule=rule,
            goal=goal,
            holds=stage.enterable,
            stop=stop,
            max_steps=horizon,
            progress=layer,
            compiled=not is_small(space),
            limits=limits,
        )
        length = _shortest(found, group[holds[group]])
        if length is not None:
            horizon = length if horizon is None else min(horizon, length)
            if best is None or length < best:
                best, listed = length, []
            if length == best:
                listed += _list_roadmaps(
                    space,
                    kinds,
                    found,
                    group[holds[group]],
                    best,
                    origin,
                    rule,
                    goal,
                    max_roadmaps + 1,
                    limits,
                )
                listed = sorted(listed, key=lambda item: (item[0], item[1]))[: max_roadmaps + 1]
        elif best is None:
            hit = found.distance >= 0
            nearer = hit & ((distance < 0) | (found.distance < distance))
            distance[nearer] = found.distance[nearer]
            complete &= found.complete
        del found

    if best is not None:
        maps = tuple(_flagged(space, chosen, steps) for _, _, steps in listed[:max_roadmaps])
        return Roadmap(*common, maps, len(listed) > max_roadmaps, None, max_steps, names, detours)
    goals = [(group, space.ranks[:, int(group[0])] if rule == "target" else None) for group in groups]
    breaks = _breaks(
        result, chosen, kinds, origin, targets, stage, distance, complete, goals, rule, limits.once_from
    )
    return Roadmap(*common, (), False, breaks, max_steps, names, detours)


def _flagged(space: StateSpace, concept: Concept, steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """The steps with, for each mover, the sanction that deters its own part (if one does)."""
    from dataclasses import replace

    parts: tuple[Concept, ...] = ("seq", "sim") if concept == "seqsim" else (concept,)
    out = []
    for step in steps:
        if concept == "nash":
            out.append(step)
            continue
        code = int(space.codes[step.source_index])
        flip = code ^ int(space.codes[step.target_index])
        found = []
        for d in step.movers:
            part = int(indices_of(space, np.array([code ^ (flip & int(space.owned[d]))], dtype=np.int64))[0])
            s = step.source_index
            if part < 0 or not (space.perceived[d, s] and space.perceived[d, part]):
                continue
            if space.ranks[d, part] <= space.ranks[d, s]:
                continue  # not an improvement: nothing to deter
            finder = SanctionFinder(space, d, s)
            sanctions = tuple(finder.find(part, c) for c in parts)
            if all(x is not None for x in sanctions):
                found.append(Deterrent(d, part, tuple(x for x in sanctions if x is not None)))
        out.append(replace(step, deterred=tuple(found)))
    return tuple(out)


def _target_groups(space: StateSpace, targets: Int) -> list[Int]:
    """Target states grouped by every decision maker's rank of them (the target rule treats them alike),
    groups in the order of their first state."""
    _, first, inverse = np.unique(space.ranks[:, targets].T, axis=0, return_index=True, return_inverse=True)
    inverse = np.asarray(inverse).ravel()
    return [targets[inverse == g] for g in np.argsort(first)]


def _shortest(found: StepSearch, group: Int) -> int | None:
    """The depth of the nearest target the search reached (``None``: none)."""
    depths = found.distance[group]
    depths = depths[depths > 0]
    return int(depths.min()) if depths.size else None


def _list_roadmaps(
    space: StateSpace,
    kinds: tuple[StepKind, ...],
    found: StepSearch,
    group: Int,
    length: int,
    origin: int,
    rule: Rule,
    goal: npt.NDArray[np.int32] | None,
    wanted: int,
    limits: StepLimits | None = None,
) -> list[tuple[int, tuple[int, ...], tuple[Step, ...]]]:
    """The first ``wanted`` shortest roadmaps, as (joint steps, state numbers, steps), best first."""
    n = space.n_states
    joint = np.array([kind.joint for kind in kinds], dtype=np.int64)
    # walk back layer by layer: the steps of every shortest roadmap
    layer = group[found.distance[group] == length]
    edges: list[tuple[Int, Int, Int]] = []
    for depth in range(length, 0, -1):
        into = steps_into_all(space, layer, kinds, found.distance == depth - 1, rule, goal, limits)
        edges.append((into.source, into.target, into.kind))
        layer = np.unique(into.source)
    # fewest joint steps still needed from each state on a shortest roadmap
    big = np.iinfo(np.int64).max // 4
    needed = np.full(n, big, dtype=np.int64)
    needed[group[found.distance[group] == length]] = 0
    for source, target, kind in edges:
        np.minimum.at(needed, source, needed[target] + joint[kind])
    source = np.concatenate([e[0] for e in edges])
    target = np.concatenate([e[1] for e in edges])
    kind = np.concatenate([e[2] for e in edges])
    order = np.lexsort((target, source))
    source, target, kind = source[order], target[order], kind[order]

    def successors(state: int) -> list[tuple[int, int]]:
        lo, hi = np.searchsorted(source, state), np.searchsorted(source, state, side="right")
        return list(zip(target[lo:hi].tolist(), kind[lo:hi].tolist(), strict=True))

    # best first: (joint steps so far + fewest still needed, state numbers so far); the bound is exact
    heap: list[tuple[int, tuple[int, ...], int, tuple[int, ...]]] = [(int(needed[origin]), (), 0, ())]
    out: list[tuple[int, tuple[int, ...], tuple[Step, ...]]] = []
    looked = 0
    while heap and len(out) < wanted and looked < MAX_WALK:
        bound, states, spent, used = heapq.heappop(heap)
        looked += 1
        here = states[-1] if states else origin
        if len(states) == length:
            out.append(
                (bound, tuple(s + 1 for s in states), _steps(space, kinds, origin, states, used, rule))
            )
            continue
        for after, k in successors(here):
            cost = spent + int(joint[k])
            heapq.heappush(heap, (cost + int(needed[after]), (*states, after), cost, (*used, k)))
    return out


def _steps(
    space: StateSpace,
    kinds: tuple[StepKind, ...],
    origin: int,
    states: tuple[int, ...],
    used: tuple[int, ...],
    rule: Rule,
) -> tuple[Step, ...]:
    """The steps through ``states``, with the movers each leaves worse or no better off (leap of faith)
    and the options each changes back (detours)."""
    out = []
    before = origin
    changed = 0
    for after, k in zip(states, used, strict=True):
        flip = int(space.codes[before] ^ space.codes[after])
        undoes = tuple(j for j in range(space.n_options) if (flip & changed) >> j & 1)
        changed |= flip
        movers = kinds[k].movers
        worse: tuple[int, ...] = ()
        no_better: tuple[int, ...] = ()
        if rule == "target":
            worse = tuple(d for d in movers if space.ranks[d, after] < space.ranks[d, before])
            no_better = tuple(d for d in movers if space.ranks[d, after] == space.ranks[d, before])
        out.append(Step(movers, before, after, worse, no_better, undoes=undoes))
        before = after
    return tuple(out)


def defections(result: AnalysisResult, concept: Concept, state: int) -> tuple[Defection, ...]:
    """For each decision maker for whom ``state`` is not stable, its first improvement that nothing deters."""
    found = []
    for d in range(result.space.n_decision_makers):
        if result.stable[concept][d, state]:
            continue
        why = explain_for(result.space, d, state, concept)
        loose = next((item.improvement_index for item in why.improvements if not item.deterred), None)
        if loose is not None:
            found.append(Defection(state, d, int(loose)))
    return tuple(found)


def _breaks(
    result: AnalysisResult,
    concept: Concept,
    kinds: tuple[StepKind, ...],
    origin: int,
    targets: Int,
    stage: Stages,
    distance: Int,
    complete: bool,
    goals: list[tuple[Int, npt.NDArray[np.int32] | None]],
    rule: Rule,
    once_from: int | None = None,
) -> Breaks:
    """Where the way to the targets breaks: see :class:`Breaks`.

    ``distance`` holds the fewest steps to each stage reached (-1: not reached), ``complete``
    whether the searches ended by themselves, ``goals`` each group of targets with its ranks.
    """
    space = result.space
    holds = stage.holds
    is_target = np.zeros(space.n_states, dtype=np.bool_)
    is_target[targets] = True
    holding = targets[holds[targets]]
    gone: tuple[Defection, ...] = ()
    if holding.size == 0:
        gone = tuple(
            d for t in targets[:MAX_EXPLAINED_TARGETS].tolist() for d in defections(result, concept, t)
        )
    reached = np.flatnonzero(distance >= 0)
    reached = reached[np.lexsort((reached, distance[reached]))]
    gaps = _gaps(space, reached, targets)
    closest = reached[gaps == gaps.min()][:MAX_NEAREST]
    nearest = tuple((int(s), int(gaps.min())) for s in closest)

    failed: list[FailedStep] = []
    n_failed = 0
    irreversible = []
    for s in closest.tolist():
        code = int(space.codes[s])
        toward = [int(space.codes[t]) ^ code for t in targets[_at_gap(space, targets, code, int(gaps.min()))]]
        blocked = blocked_bits(space, np.array([code], dtype=np.int64))[0]
        stuck = {j for apart in toward for j in range(space.n_options) if (apart & blocked) >> j & 1}
        if stuck:
            irreversible.append((s, tuple(sorted(stuck))))
        every = steps_from(space, np.array([s], dtype=np.int64), kinds, "any")
        for after, k in zip(every.target.tolist(), every.kind.tolist(), strict=True):
            flip = int(space.codes[after]) ^ code
            if not any(flip & ~apart == 0 for apart in toward):
                continue  # changes an option away from every nearest target
            n_failed += 1
            if len(failed) >= MAX_FAILED:
                continue
            movers = kinds[k].movers
            goal = _goal_of(space, goals, after, toward, code) if rule == "target" else None
            if rule == "improve":
                refusing = tuple(d for d in movers if space.ranks[d, after] <= space.ranks[d, s])
            else:
                refusing = tuple(d for d in movers if goal is not None and goal[d] <= space.ranks[d, s])
            held = bool(holds[after] if is_target[after] else stage.enterable[after])
            why = () if held else defections(result, concept, after)
            undoes: tuple[int, ...] = ()
            if once_from is not None:
                back = flip & (code ^ once_from)
                undoes = tuple(j for j in range(space.n_options) if back >> j & 1)
            instead = None
            if (
                s != origin
                and stage.need_mask[s]
                and (flip & int(stage.need_mask[s])) != int(stage.need_flip[s])
            ):
                instead = int(
                    indices_of(space, np.array([code ^ int(stage.need_flip[s])], dtype=np.int64))[0]
                )
            failed.append(FailedStep(Step(movers, s, after), refusing, held, why, undoes, instead))
    return Breaks(
        tuple(holding.tolist()),
        gone,
        tuple((int(s), int(distance[s])) for s in reached.tolist()),
        nearest,
        tuple(failed),
        n_failed,
        tuple(irreversible),
        complete,
    )


def _goal_of(
    space: StateSpace,
    goals: list[tuple[Int, npt.NDArray[np.int32] | None]],
    after: int,
    toward: list[int],
    code: int,
) -> npt.NDArray[np.int32] | None:
    """The target ranks (leap of faith) of the nearest target this step heads to."""
    flip = int(space.codes[after]) ^ code
    for group, goal in goals:
        for t in group.tolist():
            apart = int(space.codes[t]) ^ code
            if apart in toward and flip & ~apart == 0:
                return goal
    return None


def _gaps(space: StateSpace, states: Int, targets: Int) -> Int:
    """Per state, the fewest options different from a target."""
    codes = space.codes[states]
    best = np.full(states.size, 64, dtype=np.int64)
    rows = max(1, (1 << 22) // max(1, targets.size))
    target_codes = space.codes[targets]
    for lo in range(0, states.size, rows):
        best[lo : lo + rows] = popcount(codes[lo : lo + rows, None] ^ target_codes[None, :]).min(axis=1)
    return best


def _at_gap(space: StateSpace, targets: Int, code: int, gap: int) -> npt.NDArray[np.bool_]:
    """Which targets are ``gap`` options away from ``code``."""
    at: npt.NDArray[np.bool_] = popcount(space.codes[targets] ^ code) == gap
    return at
