"""Coalition analysis: which coalitions of decision makers can upset which states, and with what joint move.

``coalition_analysis(conflict)`` checks every state for every coalition (all
non-empty groups of decision makers, singletons included, or those asked
for) under the coalition concepts of :mod:`standoff.stability.coalitions`.
A state stable for every coalition is a *coalitional equilibrium*. For a
state that is an individual equilibrium (stable for every single decision
maker) but not a coalitional one, the result names a coalition that upsets
it and the joint move it makes: a shortest legal sequence of its members'
moves to a state every member prefers, that the other decision makers
cannot answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from standoff.analyses.explain import Move
from standoff.analyses.stability import Progress
from standoff.analyses.states import State, state_of
from standoff.engine.space import StateSpace
from standoff.errors import CapacityError, ConceptError, StandoffError
from standoff.model.conflict import Conflict
from standoff.stability.coalitions import (
    COALITION_CONCEPT_NAMES,
    COALITION_CONCEPTS,
    CoalitionConcept,
    CoalitionMoves,
    coalition_stability,
    undeterred_points,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COALITION_CONCEPTS", "CoalitionAnalysis", "Upset", "coalition_analysis", "coalition_key"]

Coalition = tuple[int, ...]

MOVE_LIMIT = 1 << 26
"""Coalition analysis lists every move (and each coalition's union of them): at most this many
(state, option change) candidates, about 2 GB of lists."""


@dataclass(frozen=True)
class Upset:
    """How ``coalition`` upsets a state under ``concept``: its members' ``moves`` lead to ``target``,
    which every member prefers and which the other decision makers cannot answer (under the concept)."""

    concept: CoalitionConcept
    coalition: Coalition
    moves: tuple[Move, ...]

    @property
    def target_index(self) -> int:
        """The state the joint move ends in (an index into the state space)."""
        return self.moves[-1].target_index

    @property
    def target(self) -> int:
        """The state the joint move ends in: its printed number (``target_index`` + 1)."""
        return self.target_index + 1


@dataclass(frozen=True, eq=False)
class CoalitionAnalysis:
    """Stability of every state for every coalition analysed, under each coalition concept.

    ``stable[concept][k, s]``: state ``s`` (index into the state space; its
    printed number is ``s + 1``) is stable for ``coalitions[k]``.
    ``individual[concept][s]``: ``s`` is stable for every single decision
    maker (the concept's individual counterpart: Nash, GMR, SMR, SEQ).

    Examples:
        >>> import standoff
        >>> result = standoff.load("examples/prisoners-dilemma.yaml").analyze_coalitions()
        >>> result
        <CoalitionAnalysis "Prisoner's dilemma": 4 states, 3 coalitions; CNash 0, CGMR 1, CSMR 1, CSEQ 1>
        >>> result.equilibria["cgmr"]
        [<state 1 NN: Row: (none); Column: (none)>]
        >>> result.upsets["cnash"][3].coalition
        (0, 1)
    """

    conflict: Conflict
    space: StateSpace
    coalitions: tuple[Coalition, ...]
    stable: dict[CoalitionConcept, npt.NDArray[np.bool_]]
    individual: dict[CoalitionConcept, npt.NDArray[np.bool_]]
    upsets: dict[CoalitionConcept, dict[int, Upset]]
    status_quo_index: int | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def concepts(self) -> tuple[CoalitionConcept, ...]:
        """The concepts this result holds, in table order."""
        return tuple(self.stable)

    @cached_property
    def coalition_names(self) -> list[str]:
        """Each coalition as its members' names joined by ``+``, in the model's order."""
        return [coalition_key(self.conflict, c) for c in self.coalitions]

    def equilibrium_mask(self, concept: CoalitionConcept) -> npt.NDArray[np.bool_]:
        """States stable for every coalition analysed under ``concept``."""
        return np.asarray(self.stable[concept].all(axis=0))

    @cached_property
    def equilibria(self) -> dict[CoalitionConcept, list[State]]:
        """Coalitional equilibria per concept, as states that show their option words."""
        return {
            c: [state_of(self.conflict, self.space, int(s)) for s in np.flatnonzero(self.equilibrium_mask(c))]
            for c in self.concepts
        }

    @property
    def status_quo(self) -> State | None:
        """The model's status quo, if it has one."""
        if self.status_quo_index is None:
            return None
        return state_of(self.conflict, self.space, self.status_quo_index)

    def to_dict(self, *, states: bool = True) -> dict[str, Any]:
        """The JSON output contract (see docs/reference/json-output.md)."""
        from standoff.outputs.coalitions_text import coalitions_to_dict

        return coalitions_to_dict(self, states=states)

    def to_frame(self) -> pd.DataFrame:
        """One row per state; columns (coalition or 'equilibrium', concept)."""
        from standoff.outputs.frame import require_pandas

        require_pandas()
        import pandas as pd

        columns: dict[tuple[str, str], Any] = {}
        for c in self.concepts:
            for k, name in enumerate(self.coalition_names):
                columns[(name, COALITION_CONCEPT_NAMES[c])] = self.stable[c][k]
        for c in self.concepts:
            columns[("equilibrium", COALITION_CONCEPT_NAMES[c])] = self.equilibrium_mask(c)
        frame = pd.DataFrame(columns, index=pd.Index(np.arange(1, self.space.n_states + 1), name="state"))
        frame.insert(0, ("pattern", ""), self.space.patterns())
        return frame

    def _repr_html_(self) -> str:
        from standoff.outputs.coalitions_text import coalitions_html

        return coalitions_html(self)

    def __str__(self) -> str:
        """What ``standoff coalitions`` prints, as plain text (``print(result)`` in a notebook)."""
        from standoff.outputs.coalitions_text import coalitions_table
        from standoff.outputs.plain import plain_text

        return plain_text(coalitions_table(self), end="")

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{COALITION_CONCEPT_NAMES[c]} {int(self.equilibrium_mask(c).sum())}" for c in self.concepts
        )
        return (
            f"<CoalitionAnalysis {self.conflict.name!r}: {self.space.n_states} states, "
            f"{len(self.coalitions)} coalitions; {counts}>"
        )


def coalition_key(conflict: Conflict, coalition: Coalition) -> str:
    """``"US+DPRK"``: the members' names joined by ``+``, in the model's order."""
    names = conflict.decision_maker_names
    return "+".join(names[d] for d in sorted(coalition))


def every_coalition(n: int) -> tuple[Coalition, ...]:
    """Every non-empty group of ``n`` decision makers: singletons first, then by size, in model order."""
    return tuple(c for size in range(1, n + 1) for c in combinations(range(n), size))


def parse_coalition(conflict: Conflict, text: str | Sequence[str | int]) -> Coalition:
    """A coalition given as ``"A+B"`` (names, any case) or as a list of names or indices."""
    names = conflict.decision_maker_names
    parts: Sequence[str | int] = [p.strip() for p in text.split("+")] if isinstance(text, str) else text
    members: set[int] = set()
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool):
            if not 0 <= part < len(names):
                raise StandoffError(f"there is no decision maker number {part}; the model has {len(names)}")
            members.add(part)
            continue
        wanted = str(part).strip().lower()
        found = [i for i, name in enumerate(names) if name.lower() == wanted]
        if not found:
            raise StandoffError(
                f"coalition {text!r}: unknown decision maker {part!r}; "
                f"the decision makers are {', '.join(names)}"
            )
        members.add(found[0])
    if not members:
        raise StandoffError(f"coalition {text!r} has no member; write members' names joined by +, e.g. A+B")
    return tuple(sorted(members))


def coalition_concept_keys(concepts: str | Iterable[str] | None) -> tuple[CoalitionConcept, ...]:
    """The coalition concepts asked for (any case), in table order; all four for ``None``."""
    if concepts is None:
        return COALITION_CONCEPTS
    names = [concepts] if isinstance(concepts, str) else list(concepts)
    wanted = {str(c).strip().lower() for c in names}
    unknown = sorted(wanted - set(COALITION_CONCEPTS))
    if unknown or not wanted:
        raise ConceptError(
            f"unknown coalition concept(s) {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(COALITION_CONCEPTS)}"
        )
    return tuple(c for c in COALITION_CONCEPTS if c in wanted)


def coalition_analysis(
    conflict: Conflict,
    concepts: str | Iterable[str] | None = None,
    coalitions: Iterable[str | Sequence[str | int]] | None = None,
    *,
    space: StateSpace | None = None,
    progress: Progress | None = None,
) -> CoalitionAnalysis:
    """Stability of every state for each coalition under each coalition concept (all four by default).

    ``coalitions`` are ``"A+B"`` strings or lists of names or indices; by
    default every non-empty group of decision makers. Coalitional equilibria
    are the states stable for every coalition analysed. Individual
    equilibria (stable for each decision maker alone) are always worked out,
    to name the coalition that upsets each one that is not coalitional.
    """
    chosen = coalition_concept_keys(concepts)
    if space is None:
        if progress is not None:
            progress("building the state space", 0, None)
        space = StateSpace.build(conflict)
    n = space.n_decision_makers
    from standoff.engine.move_lists import move_pairs

    if move_pairs(space) > MOVE_LIMIT:
        raise CapacityError(
            f"{conflict.path or conflict.name}: coalition analysis lists every move, and this model has "
            f"{move_pairs(space):,} candidate moves (limit {MOVE_LIMIT:,}): too many to list; "
            "fewer options per decision maker, or more infeasible states, would bring it within reach"
        )
    if coalitions is None:
        groups = every_coalition(n)
    else:
        parsed = [parse_coalition(conflict, c) for c in coalitions]
        groups = tuple(sorted(set(parsed), key=lambda c: (len(c), c)))
        if not groups:
            raise StandoffError("no coalition given")
    singles = [(d,) for d in range(n)]
    todo = list(groups) + [c for c in singles if c not in groups]
    moves = CoalitionMoves(space)
    found: dict[Coalition, dict[CoalitionConcept, npt.NDArray[np.bool_]]] = {}
    for done, coalition in enumerate(todo):
        if progress is not None:
            progress(f"coalition {coalition_key(conflict, coalition)}", done, len(todo))
        found[coalition] = coalition_stability(space, coalition, chosen, moves)
    stable = {c: np.stack([found[g][c] for g in groups]) for c in chosen}
    individual = {c: np.all([found[g][c] for g in singles], axis=0) for c in chosen}
    upsets: dict[CoalitionConcept, dict[int, Upset]] = {}
    for c in chosen:
        upset = individual[c] & ~stable[c].all(axis=0)
        first = np.argmin(
            stable[c][:, upset], axis=0
        )  # the first coalition (smallest) for which it is unstable
        by = {int(s): groups[int(k)] for s, k in zip(np.flatnonzero(upset), first, strict=True)}
        upsets[c] = dict(sorted(_upsets(space, moves, c, by).items()))
    from standoff.analyses.stability import _status_quo

    return CoalitionAnalysis(
        conflict, space, groups, stable, individual, upsets, _status_quo(conflict, space)
    )


def _upsets(
    space: StateSpace, moves: CoalitionMoves, concept: CoalitionConcept, upset: dict[int, Coalition]
) -> dict[int, Upset]:
    """For each state and the coalition that upsets it, a shortest joint move to an undeterred improvement."""
    from standoff.engine.group_graph import first_reached

    found: dict[int, Upset] = {}
    for coalition in sorted(set(upset.values()), key=lambda c: (len(c), c)):
        sources = np.array([s for s, c in upset.items() if c == coalition], dtype=np.int64)
        graph = moves.graph(coalition)
        point_start, points = undeterred_points(space, coalition, concept, moves)
        ranks = space.ranks[list(coalition)].astype(np.int64)
        starts, states, movers = first_reached(
            graph.starts, graph.targets, graph.movers, sources, point_start, points, ranks
        )
        for k, s in enumerate(sources.tolist()):
            path = states[starts[k] : starts[k + 1]].tolist()
            by = movers[starts[k] : starts[k + 1]].tolist()
            if len(path) < 2:
                raise AssertionError("a coalition found to upset a state has no undeterred improvement")
            steps = tuple(Move(by[p], path[p - 1], path[p]) for p in range(1, len(path)))
            found[s] = Upset(concept, coalition, steps)
    return found
