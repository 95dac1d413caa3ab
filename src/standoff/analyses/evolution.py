"""Status quo analysis: where the conflict can go from a state by unilateral improvements.

From the status quo (or any start state), a breadth-first search over the
unilateral improvements of every decision maker finds the reachable states,
the equilibria among them and a shortest sequence of moves to each (Li,
Hipel, Kilgour & Noakes 2004; Xu, Li, Hipel & Kilgour 2009: the
*sequencing* of moves). Each decision maker's improvements are transitive
in option form, so a shortest path never has one decision maker move twice
in a row. Only one shortest path per state is kept: the number of paths
can grow exponentially, the number of states cannot.

With a target state, the analysis also says whether it is reachable and,
if not, where the paths stop and which moves toward the target nobody is
willing to make: moves that change options only toward their values in
the target but are not improvements for the decision maker who would make them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from standoff.analyses.explain import Move, check_concept
from standoff.analyses.stability import AnalysisResult, Progress, analyze, is_small
from standoff.analyses.states import State, state_index, state_names, state_of
from standoff.concepts import CONCEPT_NAMES, Concept
from standoff.engine.bits import popcount
from standoff.engine.moves import unilateral_improvements, unilateral_moves
from standoff.engine.space import StateSpace
from standoff.engine.steps import StepKind, breadth_first, step_kinds, steps_from
from standoff.errors import StateError
from standoff.model.conflict import Conflict

Indices = npt.NDArray[np.int64]

if TYPE_CHECKING:
    import pandas as pd

MAX_PATHS = 50
MAX_REFUSED = 50


@dataclass(frozen=True)
class RefusedMove:
    """A move toward the target that its mover does not prefer (``worse``: strictly less preferred)."""

    move: Move
    worse: bool


@dataclass(frozen=True)
class Evolution:
    """What unilateral improvements can do from a start state.

    The fields hold positions in the state space (``start_index``,
    ``reachable``, the moves of ``paths``, ...); :attr:`start`,
    :attr:`target`, :attr:`equilibria` and :meth:`to_frame` show states as
    the tables do. ``reachable`` lists states in order of distance (the
    start first); ``parents`` gives the last move of one shortest path into
    each reached state. ``stops`` are reached states where nobody has an
    improvement; ``frontier`` the states at ``max_steps`` whose further
    moves were not followed.

    Examples:
        >>> import standoff
        >>> pd = standoff.load("examples/prisoners-dilemma.yaml")
        >>> where = pd.evolve()
        >>> where
        <Evolution from state 1 NN under SEQ: 4 states reachable, 2 equilibria among them>
        >>> where.equilibria
        [<state 1 NN: Row: (none); Column: (none)>, <state 4 YY: Row: row_defects; Column: col_defects>]
    """

    result: AnalysisResult
    concept: Concept
    start_index: int
    reachable: tuple[int, ...]
    distance: Distances
    parents: Mapping[int, Move]
    equilibria_reached: tuple[int, ...]
    stops: tuple[int, ...]
    frontier: tuple[int, ...]
    paths: tuple[tuple[Move, ...], ...]
    target_index: int | None = None
    refused: tuple[RefusedMove, ...] = ()
    max_steps: int | None = None
    names: tuple[tuple[int, str], ...] = ()
    movers: int = 1
    step_size: int | None = None

    @property
    def start(self) -> State:
        """The state the moves start from."""
        return state_of(self.result.conflict, self.result.space, self.start_index)

    @property
    def target(self) -> State | None:
        """The target state asked about, if any."""
        if self.target_index is None:
            return None
        return state_of(self.result.conflict, self.result.space, self.target_index)

    @property
    def equilibria(self) -> list[State]:
        """The equilibria (under ``concept``) among the reachable states, nearest first."""
        return [state_of(self.result.conflict, self.result.space, s) for s in self.equilibria_reached]

    @property
    def target_reachable(self) -> bool | None:
        """Whether the target can be reached (``None`` without a target)."""
        return None if self.target_index is None else self.target_index in self.distance

    def path_to(self, state: str | int) -> tuple[Move, ...]:
        """A shortest sequence of improvements from the start to a reached state (number, State or name)."""
        index = state_index(self.result.conflict, self.result.space, state)
        if index not in self.distance:
            raise StateError(f"state {index + 1} is not reachable from state {self.start_index + 1}")
        return _path(self.parents, index)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``standoff evolve --format json`` prints (states as patterns)."""
        from standoff.outputs.evolution_text import evolution_to_dict

        return evolution_to_dict(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per reachable state: number, pattern, steps away, equilibrium or not, how it is reached."""
        from standoff.outputs.frame import evolution_to_frame

        return evolution_to_frame(self)

    def to_svg(self) -> str:
        """The evolution as a picture (``standoff evolve --format svg``): from the start, the shortest path
        of improvements to each equilibrium reached, stage by stage."""
        from standoff.outputs.picture_svg import evolution_picture, render_svg

        return render_svg(evolution_picture(self))

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_html_(self) -> str:
        from standoff.outputs.html import evolution_html

        return evolution_html(self)

    def __str__(self) -> str:
        """What ``standoff evolve`` prints, as plain text (``print(result)`` in a notebook)."""
        from standoff.outputs.evolution_text import evolution_report
        from standoff.outputs.plain import plain_text

        return plain_text(evolution_report(self), end="")

    def __repr__(self) -> str:
        space = self.result.space
        n, k = len(self.reachable), len(self.equilibria_reached)
        target = ""
        if self.target_index is not None:
            where = "reachable" if self.target_reachable else "not reachable"
            target = f"; target state {self.target_index + 1} {where}"
        return (
            f"<Evolution from state {self.start_index + 1} {space.pattern(self.start_index)} under "
            f"{CONCEPT_NAMES[self.concept]}: {n} state{'s' * (n != 1)} reachable, "
            f"{k} equilibri{'um' if k == 1 else 'a'} among them{target}>"
        )


def evolve(
    subject: Conflict | AnalysisResult,
    start: str | int | None = None,
    target: str | int | None = None,
    *,
    max_steps: int | None = None,
    concept: str = "seq",
    progress: Progress | None = None,
    movers: int = 1,
    step_size: int | None = None,
) -> Evolution:
    """Follow unilateral improvements from ``start`` (default: the status quo), up to ``max_steps`` moves.

    With ``movers`` above 1, joint improvements too: steps by up to that many
    decision makers at once, each changing at most ``step_size`` of its own
    options (``None``: any number), that leave every mover strictly better
    off (docs/explanation/definitions.md, "Roadmaps"; the stages need not hold).

    ``start`` and ``target`` are printed state numbers (from 1),
    :class:`State` objects, state names, patterns, or expressions matching
    one feasible state. ``progress`` hears of each step (see
    :data:`standoff.analyses.stability.Progress`).
    """
    chosen = check_concept(concept)
    result = subject if isinstance(subject, AnalysisResult) else analyze(subject, (chosen,), profile={})
    if chosen not in result.stable:
        result = analyze(result.conflict, (chosen,), space=result.space, profile={})
    conflict, space = result.conflict, result.space
    if start is None:
        if result.status_quo_index is None:
            raise StateError("the model has no status quo; give a start state with --from")
        origin = result.status_quo_index
    else:
        origin = _index(result, start, "start state")
    goal = None if target is None else _index(result, target, "target state")
    if max_steps is not None and max_steps < 0:
        raise StateError("the number of steps must be 0 or more")

    if progress is not None:
        progress(f"following improvements from state {origin + 1}", 0, 2)
    kinds = None
    if movers != 1 or step_size is not None:
        kinds = step_kinds(space, movers, step_size)
        order, distance, parents, stops, frontier = _reach_steps(space, origin, max_steps, kinds)
    elif is_small(space):
        order, distance, parents, stops, frontier = _reach_plain(space, origin, max_steps)
    else:
        order, distance, parents, stops, frontier = _reach_grouped(space, origin, max_steps)

    equilibrium = result.equilibrium_mask(chosen)
    reached = distance.reached
    reached_equilibria = tuple(reached[equilibrium[reached]].tolist())
    ends = [s for s in reached_equilibria if s != origin]
    if goal is not None and goal in distance and goal != origin and goal not in ends:
        ends.append(goal)
    if progress is not None:
        progress(f"tracing paths to {len(ends)} states", 1, 2)
    # the nearest first, then by state number
    ending = np.array(ends, dtype=np.int64)
    steps = distance.at(ending)
    nearest = ending[np.lexsort((ending, steps))[:MAX_PATHS]].tolist()
    paths = tuple(_path(parents, s) for s in nearest)
    refused: tuple[RefusedMove, ...] = ()
    if goal is not None and goal not in distance:
        refused = _refused_moves(space, origin, order, goal, kinds)
    return Evolution(
        result,
        chosen,
        origin,
        tuple(order),
        distance,
        parents,
        reached_equilibria,
        tuple(stops),
        tuple(frontier),
        paths,
        goal,
        refused,
        max_steps,
        state_names(conflict, space),
        movers,
        step_size,
    )


Reach = tuple[list[int], "Distances", Mapping[int, Move], list[int], list[int]]
"""Reached states in order of discovery, their distances, the last move into each, stops and frontier."""


def _reach_plain(space: StateSpace, origin: int, max_steps: int | None) -> Reach:
    """Breadth-first search over every decision maker's improvements, one state at a time (small spaces)."""
    distance = {origin: 0}
    parents: dict[int, Move] = {}
    order = [origin]
    stops: list[int] = []
    frontier: list[int] = []
    queue = deque([origin])
    while queue:
        current = queue.popleft()
        moves = [
            (d, int(t))
            for d in range(space.n_decision_makers)
            for t in unilateral_improvements(space, d, current)
        ]
        if not moves:
            stops.append(current)
            continue
        if max_steps is not None and distance[current] >= max_steps:
            frontier.append(current)
            continue
        for d, t in moves:
            if t not in distance:
                distance[t] = distance[current] + 1
                parents[t] = Move(d, current, t)
                order.append(t)
                queue.append(t)
    return order, Distances.of(distance, space.n_states), parents, stops, frontier


def _reach_grouped(space: StateSpace, origin: int, max_steps: int | None) -> Reach:
    """The same search through the grouped moves of the numba engine, in the same order (big spaces)."""
    from standoff.engine.searches import breadth_first

    found = breadth_first(
        space,
        list(range(space.n_decision_makers)),
        origin,
        improving=True,
        check_moves=True,
        max_steps=max_steps,
    )
    order = found.order.tolist()
    distance = Distances(found.order, found.distance, space.n_states)
    stops = found.order[~found.has_moves].tolist()
    frontier = found.order[found.has_moves & ~found.expanded].tolist()
    parent = np.full(space.n_states, -1, dtype=np.int64)
    mover = np.full(space.n_states, -1, dtype=np.int64)
    parent[found.order] = found.parent
    mover[found.order] = found.mover
    return order, distance, LastMoves(found.order[1:], parent, mover), stops, frontier


class Distances(Mapping[int, int]):
    """The number of steps to each reached state, read from one array (a million reached states need
    no million-entry dict)."""

    def __init__(self, reached: Indices, steps: Indices, n_states: int) -> None:
        self._reached = reached
        self._in_order = steps
        self._steps = np.full(n_states, -1, dtype=np.int64)
        self._steps[reached] = steps

    @property
    def reached(self) -> Indices:
        """The reached states in the order of discovery (nearest first), as an array."""
        return self._reached

    @property
    def in_order(self) -> Indices:
        """The steps to each of :attr:`reached`, in the same order."""
        return self._in_order

    @classmethod
    def of(cls, distance: dict[int, int], n_states: int) -> Distances:
        """The distances of a search that kept them in a dict."""
        reached = np.fromiter(distance, dtype=np.int64, count=len(distance))
        steps = np.fromiter(distance.values(), dtype=np.int64, count=len(distance))
        return cls(reached, steps, n_states)

    def at(self, states: Indices) -> Indices:
        """The steps to each of ``states`` at once (-1 for a state not reached)."""
        return self._steps[states]

    def __getitem__(self, state: int) -> int:
        if not 0 <= state < self._steps.size or self._steps[state] < 0:
            raise KeyError(state)
        return int(self._steps[state])

    def __contains__(self, state: object) -> bool:
        if not isinstance(state, int | np.integer) or not 0 <= state < self._steps.size:
            return False
        return bool(self._steps[state] >= 0)

    def __iter__(self) -> Iterator[int]:
        return iter(self._reached.tolist())

    def __len__(self) -> int:
        return int(self._reached.size)


def _reach_steps(space: StateSpace, origin: int, max_steps: int | None, kinds: tuple[StepKind, ...]) -> Reach:
    """Breadth-first search over steps by one or more movers that improve every mover's lot."""
    found = breadth_first(
        space, origin, kinds, rule="improve", max_steps=max_steps, compiled=not is_small(space)
    )
    reached = found.order
    moving = found.moving
    order = reached.tolist()
    distance = Distances(reached, found.distance[reached].astype(np.int64), space.n_states)
    stops = reached[~moving[reached]].tolist()
    frontier = (
        reached[moving[reached] & (found.distance[reached] == max_steps)].tolist()
        if max_steps is not None
        else []
    )
    return order, distance, StepMoves(reached[1:], found.parent, found.kind, kinds), stops, frontier


class StepMoves(Mapping[int, Move]):
    """The last step of the recorded shortest path into each reached state (joint: with partners)."""

    def __init__(self, reached: Indices, parent: Indices, kind: Indices, kinds: tuple[StepKind, ...]) -> None:
        self._reached = reached
        self._parent = parent
        self._kind = kind
        self._kinds = kinds

    def __getitem__(self, state: int) -> Move:
        if not 0 <= state < self._parent.size or self._parent[state] < 0:
            raise KeyError(state)
        first, *others = self._kinds[int(self._kind[state])].movers
        return Move(first, int(self._parent[state]), int(state), tuple(others))

    def __iter__(self) -> Iterator[int]:
        return iter(self._reached.tolist())

    def __len__(self) -> int:
        return int(self._reached.size)


class LastMoves(Mapping[int, Move]):
    """The last move of the recorded shortest path into each reached state, read from the search's arrays
    (a million reached states need no million objects until asked for)."""

    def __init__(self, reached: Indices, parent: Indices, mover: Indices) -> None:
        self._reached = reached
        self._parent = parent
        self._mover = mover

    def __getitem__(self, state: int) -> Move:
        if not 0 <= state < self._parent.size or self._parent[state] < 0:
            raise KeyError(state)
        return Move(int(self._mover[state]), int(self._parent[state]), int(state))

    def __iter__(self) -> Iterator[int]:
        return iter(self._reached.tolist())

    def __len__(self) -> int:
        return int(self._reached.size)


def _path(parents: Mapping[int, Move], state: int) -> tuple[Move, ...]:
    """The moves of the recorded shortest path into ``state``, first move first."""
    moves: list[Move] = []
    while state in parents:
        moves.append(parents[state])
        state = parents[state].source_index
    return tuple(reversed(moves))


def _refused_moves(
    space: StateSpace, start: int, reachable: list[int], goal: int, kinds: tuple[StepKind, ...] | None = None
) -> tuple[RefusedMove, ...]:
    """Moves toward ``goal`` that are not improvements for their mover (for every mover, with ``kinds``:
    steps by one or more movers, ``worse`` when one of them is strictly worse off).

    Looked for from the start and from the reached states closest to the
    goal (fewest options different), where a path would have to go on.
    """
    goal_code = int(space.codes[goal])
    reached = np.array(reachable, dtype=np.int64)
    gaps = popcount(space.codes[reached] ^ goal_code)
    closest = [int(s) for s in reached[gaps == gaps.min()]]
    sources = [start, *(s for s in closest if s != start)]
    refused: list[RefusedMove] = []
    if kinds is not None:
        return _refused_steps(space, sources, goal_code, kinds)
    for source in sources:
        code = int(space.codes[source])
        apart = code ^ goal_code
        for d in range(space.n_decision_makers):
            for t in unilateral_moves(space, d, source):
                flipped = code ^ int(space.codes[t])
                if flipped & ~apart:
                    continue  # changes an option away from the target
                here, there = int(space.ranks[d, source]), int(space.ranks[d, t])
                if there <= here:
                    refused.append(RefusedMove(Move(d, source, int(t)), worse=there < here))
                if len(refused) >= MAX_REFUSED:
                    return tuple(refused)
    return tuple(refused)


def _refused_steps(
    space: StateSpace, sources: list[int], goal_code: int, kinds: tuple[StepKind, ...]
) -> tuple[RefusedMove, ...]:
    """Steps toward the goal (by one or more movers) that some mover does not find an improvement."""
    refused: list[RefusedMove] = []
    every = steps_from(space, np.array(sources, dtype=np.int64), kinds, "any")
    for source, target, k in zip(
        every.source.tolist(), every.target.tolist(), every.kind.tolist(), strict=True
    ):
        code = int(space.codes[source])
        if (int(space.codes[target]) ^ code) & ~(code ^ goal_code):
            continue  # changes an option away from the target
        movers = kinds[k].movers
        here, there = space.ranks[list(movers), source], space.ranks[list(movers), target]
        if bool((there > here).all()):
            continue
        refused.append(
            RefusedMove(Move(movers[0], source, target, movers[1:]), worse=bool((there < here).any()))
        )
        if len(refused) >= MAX_REFUSED:
            break
    return tuple(refused)


def _index(result: AnalysisResult, state: str | int, role: str) -> int:
    return state_index(result.conflict, result.space, state, role=role)
