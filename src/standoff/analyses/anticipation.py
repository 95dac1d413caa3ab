"""The anticipated line of play behind limited-move stability: who moves where, and where it ends.

For a state ``s``, a decision maker ``i`` and a horizon ``h`` (docs/explanation/definitions.md,
"Limited move"; :mod:`standoff.stability.limited_move`), ``i`` moves first
and the two decision makers alternate. The line of play follows the
backward induction: at each turn with ``d`` moves left, the mover stops
when ``G_d`` leaves it where it is; otherwise it takes the move whose
anticipated outcome ``G_{d-1}`` (the opponent's, one level down) is
``G_d`` — the lowest-numbered such move, the same tie convention as the
concept. The line ends in ``G_h(i, s)``; ``s`` is ``Lh`` stable for ``i``
exactly when the line is empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from standoff.analyses.explain import Move, decision_maker_index
from standoff.analyses.stability import Progress, is_small
from standoff.analyses.states import State, state_index, state_names, state_of
from standoff.concepts import CONCEPT_NAMES, NON_MYOPIC, Concept, limited_move_horizon
from standoff.engine.moves import unilateral_moves
from standoff.engine.space import StateSpace
from standoff.model.conflict import Conflict
from standoff.stability.limited_move import check_two_decision_makers, levels, non_myopic_horizon

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class LineOfPlay:
    """The moves ``decision_maker`` anticipates when it moves first (empty: it stays) and where they end."""

    decision_maker: int
    moves: tuple[Move, ...]
    outcome_index: int
    undetermined: bool = False
    """NM only: the verdict alternates as the horizon grows (the line shown is at the cycle's first level)."""

    @property
    def outcome(self) -> int:
        """The state where play stops: its printed number (``outcome_index`` + 1)."""
        return self.outcome_index + 1

    @property
    def stable(self) -> bool:
        """Whether the decision maker stays where it is (the state is ``Lh`` stable for it)."""
        return not self.moves and not self.undetermined


@dataclass(frozen=True, eq=False)
class LimitedMoveExplanation:
    """Why a state is ``Lh`` (or ``NM``) stable or not: each decision maker's anticipated line of play.

    >>> import standoff
    >>> why = standoff.load("examples/chicken.yaml").explain("YN", "l2")
    >>> why
    <LimitedMoveExplanation of state 2 YN under L2: not stable (unstable for Column)>
    >>> [(m.decision_maker, m.target + 1) for m in why.lines[1].moves]
    [(1, 4), (0, 3)]
    """

    conflict: Conflict
    space: StateSpace
    index: int
    concept: Concept
    horizon: int
    lines: tuple[LineOfPlay, ...]
    status_quo_index: int | None = None
    names: tuple[tuple[int, str], ...] = ()

    @property
    def state(self) -> State:
        """The state explained, with the number the tables print."""
        return state_of(self.conflict, self.space, self.index)

    @property
    def stable(self) -> bool:
        """Stable for every decision maker explained."""
        return all(line.stable for line in self.lines)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``standoff explain --format json`` prints for a limited-move concept."""
        from standoff.outputs.anticipation_text import line_of_play_to_dict

        return line_of_play_to_dict(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per anticipated move: the first mover, the step, who moves, from and to which state."""
        from standoff.outputs.frame import require_pandas

        require_pandas()
        import pandas as pd

        dms = self.conflict.decision_maker_names
        rows = [
            {
                "first_mover": dms[line.decision_maker],
                "step": k,
                "mover": dms[m.decision_maker],
                "from_state": m.source_index + 1,
                "to_state": m.target_index + 1,
                "to_pattern": self.space.pattern(m.target_index),
            }
            for line in self.lines
            for k, m in enumerate(line.moves, start=1)
        ]
        columns = ["first_mover", "step", "mover", "from_state", "to_state", "to_pattern"]
        return pd.DataFrame(rows, columns=columns)

    def _repr_html_(self) -> str:
        from html import escape

        from standoff.outputs.anticipation_text import line_sentence

        items = "".join(f"<li>{escape(line_sentence(self, line))}</li>" for line in self.lines)
        return f"<div><ul>{items}</ul></div>"

    def __str__(self) -> str:
        """What ``standoff explain -c l<h>`` prints, as plain text (``print(result)`` in a notebook)."""
        from standoff.outputs.anticipation_text import line_of_play_table
        from standoff.outputs.plain import plain_text

        return plain_text(line_of_play_table(self), end="")

    def __repr__(self) -> str:
        dms = self.conflict.decision_maker_names
        unstable = [
            dms[line.decision_maker] for line in self.lines if not line.stable and not line.undetermined
        ]
        unknown = [dms[line.decision_maker] for line in self.lines if line.undetermined]
        verdict = "stable" if not unstable else f"not stable (unstable for {', '.join(unstable)})"
        if unknown:
            verdict = (
                f"{'not stable' if unstable else 'undetermined'} (undetermined for {', '.join(unknown)})"
            )
        here = f"state {self.index + 1} {self.space.pattern(self.index)}"
        return f"<LimitedMoveExplanation of {here} under {CONCEPT_NAMES[self.concept]}: {verdict}>"


def explain_limited_move(
    conflict: Conflict,
    state: str | int,
    concept: Concept,
    dm: str | int | None = None,
    *,
    space: StateSpace | None = None,
    progress: Progress | None = None,
) -> LimitedMoveExplanation:
    """The anticipated line of play from ``state`` for each decision maker (or only ``dm``).

    ``concept`` is ``l<h>`` or ``nm``; a model without exactly two decision makers raises ConceptError.
    """
    check_two_decision_makers((concept,), conflict.decision_maker_names)
    if space is None:
        if progress is not None:
            progress("building the state space", 0, None)
        space = StateSpace.build(conflict)
    index = state_index(conflict, space, state)
    listed = is_small(space)
    horizon = limited_move_horizon(concept)
    undetermined = np.zeros((2, space.n_states), dtype=np.bool_)
    if horizon is None:
        horizon = 0
        if concept == NON_MYOPIC:
            cycle = non_myopic_horizon(space, listed=listed)
            horizon, undetermined = cycle.horizon, cycle.undetermined
    if progress is not None:
        progress(f"anticipating {horizon} moves ahead", 0, None)
    here = np.arange(space.n_states, dtype=np.int64)
    outcomes: list[npt.NDArray[np.int64]] = [np.stack([here, here])]
    if horizon:
        for depth, level in enumerate(levels(space, listed=listed), start=1):
            outcomes.append(level)
            if depth >= horizon:
                break
    dms = [decision_maker_index(conflict, dm)] if dm is not None else [0, 1]
    lines = tuple(
        _line(space, outcomes, d, index, horizon, undetermined=bool(undetermined[d, index])) for d in dms
    )
    from standoff.analyses.stability import _status_quo

    return LimitedMoveExplanation(
        conflict,
        space,
        index,
        concept,
        horizon,
        lines,
        _status_quo(conflict, space),
        state_names(conflict, space),
    )


def _line(
    space: StateSpace,
    outcomes: list[npt.NDArray[np.int64]],
    dm: int,
    state: int,
    horizon: int,
    *,
    undetermined: bool = False,
) -> LineOfPlay:
    moves: list[Move] = []
    mover, here, depth = dm, state, horizon
    end = int(outcomes[horizon][dm, state])
    while depth > 0 and int(outcomes[depth][mover, here]) != here:
        aim = int(outcomes[depth][mover, here])
        following = outcomes[depth - 1][1 - mover]
        step = next(int(t) for t in unilateral_moves(space, mover, here) if int(following[t]) == aim)
        moves.append(Move(mover, here, step))
        mover, here, depth = 1 - mover, step, depth - 1
    return LineOfPlay(dm, tuple(moves), end, undetermined)
