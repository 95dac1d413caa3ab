"""Why a state is stable under an unknown-preference concept (``gmr_b``): which moves count, which sanctions.

For each decision maker ``i`` at state ``s``: the moves of ``M(s)`` (certain improvements, and under
extensions a and b also the **uncertain moves**: UIUMs that are no certain improvement), and for each the
first sanction found (breadth first over the opponents' legal sequences): a state in ``P(s)``, certainly
not better than ``s`` (in ``Φ_i(s)``) or, under b and d, possibly only unknown against it. Definitions:
:mod:`standoff.stability.unknown`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from standoff.concepts import CONCEPT_NAMES, Concept, is_unknown_preference
from standoff.engine.move_lists import Moves, unilateral_move_lists
from standoff.engine.space import StateSpace
from standoff.errors import ConceptError
from standoff.model.conflict import Conflict

Int = npt.NDArray[np.int64]


@dataclass(frozen=True)
class UnknownMove:
    """One move of the focal decision maker that counts, and its sanction.

    Attributes:
        target: the state moved to.
        certain: a certain improvement (better in every reading); else an uncertain move.
        sanction: the opponents' answer, as (mover, state) steps from ``target``; None when nothing deters.
        unknown_sanction: the answer's last state is unknown against the start, not certainly worse
            (only under extensions b and d).
    """

    target: int
    certain: bool
    sanction: tuple[tuple[int, int], ...] | None
    unknown_sanction: bool = False


@dataclass(frozen=True)
class UnknownExplanation:
    """One state under one unknown-preference concept: per decision maker, its counting moves."""

    conflict: Conflict
    space: StateSpace
    state: int
    concept: Concept
    moves: tuple[tuple[UnknownMove, ...], ...]
    """Per decision maker, the moves of ``M(s)`` with their sanctions."""

    def stable(self, dm: int) -> bool:
        """Whether the state is stable for ``dm``: no move of ``M(s)`` goes unanswered (Nash: none)."""
        if self.concept.startswith("nash_"):
            return not self.moves[dm]
        return all(m.sanction is not None for m in self.moves[dm])


def explain_unknown(conflict: Conflict, which: str | int, concept: Concept) -> UnknownExplanation:
    """The moves and sanctions of every decision maker at state ``which`` (a pattern, name, expression or
    printed number) under ``concept``."""
    from standoff.analyses.states import state_index
    from standoff.analyses.unknown import reading_ranks
    from standoff.stability.unknown import certainly_above, certainly_not_above

    if not is_unknown_preference(concept):
        raise ConceptError(f"{concept!r} is not an unknown-preference concept (nash_a ... seq_d)")
    readings, space = reading_ranks(conflict)
    state = state_index(conflict, space, which)
    n = space.n_decision_makers
    base, extension = concept.rsplit("_", 1)
    moves = [unilateral_move_lists(space, d) for d in range(n)]
    here = np.array([state], dtype=np.int64)
    per_dm = []
    for dm in range(n):
        ranks = readings[dm]
        targets = moves[dm].targets[moves[dm].starts[state] : moves[dm].starts[state + 1]]
        sources = np.full(targets.size, state, dtype=np.int64)
        certain = certainly_above(ranks, targets, sources)
        counting = ~certainly_not_above(ranks, targets, sources) if extension in "ab" else certain
        everything = np.arange(space.n_states, dtype=np.int64)
        certainly_worse = certainly_not_above(ranks, everything, np.repeat(here, space.n_states))
        lenient = ~certainly_above(ranks, everything, np.repeat(here, space.n_states))
        sanction = lenient if extension in "bd" else certainly_worse
        found = []
        for target, sure in zip(targets[counting].tolist(), certain[counting].tolist(), strict=True):
            path = None
            if base != "nash":
                path = _first_sanction(space, readings, moves, dm, target, sanction, base)
            unknown = path is not None and not bool(certainly_worse[path[-1][1]])
            found.append(UnknownMove(target, bool(sure), path, unknown))
        per_dm.append(tuple(found))
    return UnknownExplanation(conflict, space, state, concept, tuple(per_dm))


def _first_sanction(
    space: StateSpace,
    readings: list[Int],
    moves: list[Moves],
    dm: int,
    start: int,
    sanction: npt.NDArray[np.bool_],
    base: str,
) -> tuple[tuple[int, int], ...] | None:
    """The shortest legal sequence of the opponents' moves (UIUMs for SEQ) from ``start`` to a state in
    ``sanction`` (for SMR, one from which every move of ``dm`` stays in it), as (mover, state) steps."""
    from standoff.stability.unknown import certainly_not_above

    def counts(s: int) -> bool:
        if not sanction[s]:
            return False
        if base == "smr":
            escapes = moves[dm].targets[moves[dm].starts[s] : moves[dm].starts[s + 1]]
            return bool(sanction[escapes].all())
        return True

    group = [j for j in range(space.n_decision_makers) if j != dm]
    seen: set[tuple[int, int]] = set()
    queue: deque[tuple[int, int, tuple[tuple[int, int], ...]]] = deque([(start, -1, ())])
    while queue:
        s, last, path = queue.popleft()
        for j in group:
            if j == last:
                continue
            targets = moves[j].targets[moves[j].starts[s] : moves[j].starts[s + 1]]
            if base == "seq" and targets.size:
                keep = ~certainly_not_above(readings[j], targets, np.full(targets.size, s, dtype=np.int64))
                targets = targets[keep]
            for t in targets.tolist():
                if (t, j) in seen:
                    continue
                seen.add((t, j))
                step = (*path, (j, t))
                if counts(t):
                    return step
                queue.append((t, j, step))
    return None


def concept_words(concept: Concept) -> str:
    """What the extension of ``concept`` moves by and counts as a sanction, in words."""
    base, extension = concept.rsplit("_", 1)
    moving = "moves to states better or unknown" if extension in "ab" else "certain improvements only"
    counting = (
        "sanctions certainly not better or unknown" if extension in "bd" else "sanctions certainly not better"
    )
    if base == "nash":
        return f"{CONCEPT_NAMES[concept]}: {moving}"
    return f"{CONCEPT_NAMES[concept]}: {moving}; {counting}"
