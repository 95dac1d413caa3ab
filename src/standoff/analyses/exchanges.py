"""Action for action: every exchange of single steps between two sides at a state.

Rows are one side's possible single steps at the state (each a change of
at most ``k`` of its own options in their permitted directions, or staying
put), columns the other side's. Each cell is the two taken at once (a step
as in docs/explanation/definitions.md, "Roadmaps"): whether it exists (the state after it is
feasible and no mover misperceives either state), whether each side is
strictly better off after it, and whether the state after it holds (is
stable for every decision maker) under the concept.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np

from standoff.analyses.explain import check_concept, decision_maker_index
from standoff.analyses.stability import AnalysisResult, analyze
from standoff.analyses.states import State, state_index, state_names, state_of
from standoff.concepts import CONCEPT_NAMES, Concept
from standoff.engine.space import StateSpace
from standoff.engine.steps import blocked_bits
from standoff.errors import StandoffError
from standoff.model.conflict import Conflict

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Exchange:
    """One cell: ``row`` and ``column`` are the two sides' option changes (bit masks; 0 = stays).

    ``state`` is the state after both (``None`` when the exchange does not
    exist: infeasible, or misperceived by a mover); ``better`` whether each
    side strictly prefers it; ``holds`` whether it is an equilibrium.
    """

    row: int
    column: int
    state_index: int | None
    better: tuple[bool, bool] = (False, False)
    holds: bool = False

    @property
    def state(self) -> int | None:
        """The state after both steps: its printed number (``state_index`` + 1), or None."""
        return None if self.state_index is None else self.state_index + 1

    @property
    def improvement_for_both(self) -> bool:
        """Whether both sides are strictly better off after the exchange."""
        return self.state_index is not None and all(self.better)


@dataclass(frozen=True)
class Exchanges:
    """The table of exchanges at a state between two sides (see the module's documentation)."""

    result: AnalysisResult
    concept: Concept
    state_index: int
    sides: tuple[int, int]
    step_size: int | None
    rows: tuple[int, ...]
    columns: tuple[int, ...]
    cells: tuple[tuple[Exchange, ...], ...]
    names: tuple[tuple[int, str], ...] = ()

    @property
    def state(self) -> State:
        """The state the exchanges start from."""
        return state_of(self.result.conflict, self.result.space, self.state_index)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``standoff exchanges --format json`` prints."""
        from standoff.outputs.exchanges_text import exchanges_to_dict

        return exchanges_to_dict(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per exchange: each side's step, the state after, who is better off, whether it holds."""
        from standoff.outputs.exchanges_text import exchanges_to_frame

        return exchanges_to_frame(self)

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        return f"<div class='standoff-result'>{frame.to_html(index=False, na_rep='')}</div>"

    def __str__(self) -> str:
        """What ``standoff exchanges`` prints, as plain text (``print(result)`` in a notebook)."""
        from standoff.outputs.exchanges_text import exchanges_report
        from standoff.outputs.plain import plain_text

        return plain_text(exchanges_report(self), end="")

    def __repr__(self) -> str:
        dms = self.result.conflict.decision_maker_names
        both = sum(cell.improvement_for_both for row in self.cells for cell in row)
        holding = sum(cell.improvement_for_both and cell.holds for row in self.cells for cell in row)
        return (
            f"<Exchanges at state {self.state_index + 1} {self.result.space.pattern(self.state_index)} "
            "between "
            f"{dms[self.sides[0]]} and {dms[self.sides[1]]}: {both} better for both, {holding} of them "
            f"{CONCEPT_NAMES[self.concept]}-stable>"
        )


def exchanges(
    subject: Conflict | AnalysisResult,
    state: str | int | State | None = None,
    *,
    sides: tuple[str | int, str | int] | None = None,
    concept: str = "seq",
    step_size: int | None = 1,
) -> Exchanges:
    """The exchanges of single steps between two sides at ``state`` (default: the status quo).

    ``sides`` are two decision makers (names or numbers from 1; default: the
    first two); ``step_size`` the most options one side changes (``None``: any number).
    """
    chosen = check_concept(concept)
    if step_size is not None and step_size < 1:
        raise StandoffError("a step changes at least one option (--step-size 1 or more)")
    result = subject if isinstance(subject, AnalysisResult) else analyze(subject, (chosen,), profile={})
    if chosen not in result.stable:
        result = analyze(result.conflict, (chosen,), space=result.space, profile={})
    conflict, space = result.conflict, result.space
    if state is None:
        if result.status_quo_index is None:
            raise StandoffError("the model has no status quo; give a state")
        here = result.status_quo_index
    else:
        here = state_index(conflict, space, state)
    a, b = (0, 1) if sides is None else (_side(conflict, sides[0]), _side(conflict, sides[1]))
    if a == b:
        raise StandoffError("an exchange needs two different decision makers")
    rows = (0, *_single_steps(space, a, here, step_size))
    columns = (0, *_single_steps(space, b, here, step_size))
    holds = result.equilibrium_mask(chosen)
    code = int(space.codes[here])
    cells = []
    for row in rows:
        line = []
        for column in columns:
            if row == 0 and column == 0:
                line.append(Exchange(0, 0, here, (False, False), bool(holds[here])))
                continue
            line.append(_exchange(space, holds, here, code, (a, b), row, column))
        cells.append(tuple(line))
    return Exchanges(
        result, chosen, here, (a, b), step_size, rows, columns, tuple(cells), state_names(conflict, space)
    )


def _side(conflict: Conflict, which: str | int) -> int:
    """A decision maker by name or by number from 1, as the tables list them."""
    if isinstance(which, int) and not isinstance(which, bool):
        if not 1 <= which <= len(conflict.decision_makers):
            raise StandoffError(
                f"there is no decision maker number {which}; the model has {len(conflict.decision_makers)}"
            )
        return which - 1
    return decision_maker_index(conflict, which)


def _single_steps(space: StateSpace, dm: int, state: int, step_size: int | None) -> list[int]:
    """The option changes of ``dm`` at ``state`` (1 to ``step_size`` options, permitted directions)."""
    code = int(space.codes[state])
    free = int(space.owned[dm]) & ~int(blocked_bits(space, np.array([code], dtype=np.int64))[0])
    bits = [1 << j for j in range(space.n_options) if free >> j & 1]
    top = len(bits) if step_size is None else min(step_size, len(bits))
    return sorted(sum(c) for size in range(1, top + 1) for c in combinations(bits, size))


def _exchange(
    space: StateSpace,
    holds: np.ndarray,
    here: int,
    code: int,
    sides: tuple[int, int],
    row: int,
    column: int,
) -> Exchange:
    after = space.index(code ^ row ^ column)
    movers = [d for d, flip in zip(sides, (row, column), strict=True) if flip]
    if after < 0 or not all(space.perceived[d, here] and space.perceived[d, after] for d in movers):
        return Exchange(row, column, None)
    better = tuple(bool(space.ranks[d, after] > space.ranks[d, here]) for d in sides)
    return Exchange(row, column, after, (better[0], better[1]), bool(holds[after]))
