"""Why a state is stable under an unknown-preference concept (``gmr_b``): which moves count, which sanctions.

For each decision maker ``i`` at state ``s``: the moves of ``M(s)`` (certain improvements, and under
extensions a and b also the **uncertain moves**: UIUMs that are no certain improvement), and for each the
first sanction found (breadth first over the opponents' legal sequences): a state in ``P(s)``, certainly
not better than ``s`` (in ``Φ_i(s)``) or, under b and d, possibly only unknown against it. Definitions:
:mod:`standoff.stability.unknown`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

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
        certain: a certain improvement (better in every reading); else an uncertain move (a UIUM whose
            preference against the start is unknown).
        sanction: the opponents' answer, as (mover, state) steps from ``target``; None when nothing deters.
        unknown_sanction: the answer's last state is unknown against the start, not certainly worse
            (only under extensions b and d).
        counter_moves: SMR only: the focal decision maker's moves from the answer's last state, each of
            them a sanction too (in ``P(s)``).
    """

    target: int
    certain: bool
    sanction: tuple[tuple[int, int], ...] | None
    unknown_sanction: bool = False
    counter_moves: tuple[int, ...] = ()

    @property
    def deterred(self) -> bool:
        """Whether a sanction answers the move (never under Nash, where none counts)."""
        return self.sanction is not None


Readings = tuple[list[Int], StateSpace]
"""Each decision maker's readings as rank rows, and the state space of the structure as written
(:func:`standoff.analyses.unknown.reading_ranks`): worked out once for several explanations."""


@dataclass(frozen=True)
class UnknownExplanation:
    """One state under one unknown-preference concept: per decision maker, its counting moves.

    ``moves[d]`` lists the moves of ``M(s)`` of decision maker ``d`` with their sanctions (empty for a
    decision maker not explained: see ``decision_makers``). States are positions in ``space``; the
    tables print them from 1.

    Examples:
        >>> import standoff
        >>> why = standoff.load("tests/data/unsure-sanction.yaml").explain("NN", "gmr_b")
        >>> why
        <UnknownExplanation of state 1 NN under GMR_b: stable>
        >>> [(m.target + 1, m.certain, m.unknown_sanction) for m in why.moves[1]]
        [(3, False, True)]
    """

    conflict: Conflict
    space: StateSpace
    state: int
    concept: Concept
    moves: tuple[tuple[UnknownMove, ...], ...]
    """Per decision maker, the moves of ``M(s)`` with their sanctions."""
    decision_makers: tuple[int, ...] = ()
    """The decision makers explained, in model order (every one when empty)."""
    readings: Readings | None = field(default=None, repr=False, compare=False)
    """What the explanation was worked out from, kept to judge the other states a picture draws."""

    @property
    def explained(self) -> tuple[int, ...]:
        """The decision makers explained, in model order."""
        return self.decision_makers or tuple(range(self.space.n_decision_makers))

    @property
    def extension(self) -> str:
        """The extension's letter: ``a``, ``b``, ``c`` or ``d``."""
        return self.concept.rsplit("_", 1)[1]

    def stable_for(self, dm: int) -> bool:
        """Whether the state is stable for ``dm``: no move of ``M(s)`` goes unanswered (Nash: none)."""
        if self.concept.startswith("nash_"):
            return not self.moves[dm]
        return all(m.sanction is not None for m in self.moves[dm])

    @property
    def stable(self) -> bool:
        """Stable for every decision maker explained."""
        return all(self.stable_for(d) for d in self.explained)

    def perceived(self, dm: int) -> bool:
        """Whether ``dm`` perceives the state (one it does not perceive, it cannot move from)."""
        return bool(self.space.perceived[dm, self.state])

    @property
    def names(self) -> tuple[tuple[int, str], ...]:
        """The model's named states that denote one state, as (position, name) pairs."""
        from standoff.analyses.states import state_names

        return state_names(self.conflict, self.space)

    def by_construction(self) -> tuple[str, ...]:
        """What makes the state stable whatever the concept finds, in every reading: ``top_for_all`` (every
        decision maker's most preferred), ``no_moves:<DM>``, ``indifferent:<DM>`` (every move tied with it);
        as :func:`standoff.analyses.audit.by_construction` says them for one reading."""
        readings, space = self.readings or _readings(self.conflict)
        s = self.state
        out: list[str] = []
        if all(bool((r[:, s] == r.max(axis=1)).all()) for r in readings):
            out.append("top_for_all")
        for d, dm in enumerate(self.conflict.decision_makers):
            moves = unilateral_move_lists(space, d)
            targets = moves.targets[moves.starts[s] : moves.starts[s + 1]]
            if not targets.size:
                out.append(f"no_moves:{dm.name}")
            elif bool((readings[d][:, targets] == readings[d][:, [s]]).all()):
                out.append(f"indifferent:{dm.name}")
        return tuple(out)

    def equilibria(self) -> npt.NDArray[np.bool_]:
        """Every state's verdict under the concept (stable for every decision maker), shape (states,): what
        a picture marks on the states it draws."""
        from standoff.stability.unknown import unknown_stability

        readings, space = self.readings or _readings(self.conflict)
        moves = [unilateral_move_lists(space, d) for d in range(space.n_decision_makers)]
        return np.asarray(unknown_stability(readings, moves, (self.concept,))[self.concept].all(axis=0))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``standoff explain --format json`` prints: the ordinary explanation's keys, and
        which moves are uncertain and which sanctions count only because their preference is unknown."""
        from standoff.outputs.unknown_explain_text import unknown_explanation_to_dict

        return unknown_explanation_to_dict(self)

    def to_svg(self) -> str:
        """The explanation as a picture (``standoff explain --format svg``), drawn as the other
        explanations are: the state, each move that counts and the answer to it."""
        from standoff.outputs.picture_svg import render_svg, unknown_explanation_picture

        stable = self.equilibria()
        return render_svg(unknown_explanation_picture(self, lambda s: bool(stable[s])))

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def __str__(self) -> str:
        """What ``standoff explain`` prints."""
        from standoff.outputs.unknown_explain_text import unknown_explanation_text

        return unknown_explanation_text(self)

    def __repr__(self) -> str:
        names = self.conflict.decision_maker_names
        unstable = [names[d] for d in self.explained if not self.stable_for(d)]
        verdict = "stable" if not unstable else f"not stable (unstable for {', '.join(unstable)})"
        here = f"state {self.state + 1} {self.space.pattern(self.state)}"
        return f"<UnknownExplanation of {here} under {CONCEPT_NAMES[self.concept]}: {verdict}>"


def _readings(conflict: Conflict) -> Readings:
    from standoff.analyses.unknown import reading_ranks

    return reading_ranks(conflict)


def explain_unknown(
    conflict: Conflict,
    which: str | int,
    concept: Concept,
    dm: str | int | None = None,
    *,
    readings: Readings | None = None,
) -> UnknownExplanation:
    """The moves and sanctions of every decision maker (or only ``dm``) at state ``which`` (a pattern,
    name, expression or printed number) under ``concept``; ``readings`` when already worked out."""
    from standoff.analyses.states import state_index
    from standoff.analyses.unknown import check_size
    from standoff.stability.unknown import certainly_above, certainly_not_above

    if not is_unknown_preference(concept):
        raise ConceptError(f"{concept!r} is not an unknown-preference concept (nash_a ... seq_d)")
    if readings is None:
        readings = _readings(conflict)
    ranked, space = readings
    check_size(space, (concept,))  # the same models as the analysis takes, and moves few enough to list
    state = state_index(conflict, space, which)
    n = space.n_decision_makers
    if dm is not None:
        from standoff.analyses.explain import decision_maker_index

        explained: tuple[int, ...] = (decision_maker_index(conflict, dm),)
    else:
        explained = tuple(range(n))
    base, extension = concept.rsplit("_", 1)
    moves = [unilateral_move_lists(space, d) for d in range(n)]
    here = np.array([state], dtype=np.int64)
    everything = np.arange(space.n_states, dtype=np.int64)
    per_dm: list[tuple[UnknownMove, ...]] = []
    for d in range(n):
        if d not in explained:
            per_dm.append(())
            continue
        ranks = ranked[d]
        targets = moves[d].targets[moves[d].starts[state] : moves[d].starts[state + 1]]
        sources = np.full(targets.size, state, dtype=np.int64)
        certain = certainly_above(ranks, targets, sources)
        counting = ~certainly_not_above(ranks, targets, sources) if extension in "ab" else certain
        certainly_worse = certainly_not_above(ranks, everything, np.repeat(here, space.n_states))
        lenient = ~certainly_above(ranks, everything, np.repeat(here, space.n_states))
        sanction = lenient if extension in "bd" else certainly_worse
        found = []
        for target, sure in zip(targets[counting].tolist(), certain[counting].tolist(), strict=True):
            path = None
            if base != "nash":
                path = _first_sanction(space, ranked, moves, d, target, sanction, base)
            unknown = path is not None and not bool(certainly_worse[path[-1][1]])
            counter: tuple[int, ...] = ()
            if path is not None and base == "smr":
                end = path[-1][1]
                counter = tuple(moves[d].targets[moves[d].starts[end] : moves[d].starts[end + 1]].tolist())
            found.append(UnknownMove(target, bool(sure), path, unknown, counter))
        per_dm.append(tuple(found))
    chosen = explained if dm is not None else ()
    return UnknownExplanation(conflict, space, state, concept, tuple(per_dm), chosen, readings)


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
