"""Where to draw each state of a state graph: a grid laid out by decision maker.

In option form a unilateral move changes only the mover's own options. So
if every state is placed at ``(column, row)`` where the column is read from
the options of one group of decision makers and the row from the options of
the others, every decision maker's moves are horizontal or every one of them
is vertical: the picture is the familiar GMCR matrix (for two decision makers,
one decision maker's choices across and the other's down), generalised by
nesting when there are more. The layout is deterministic: the same states
always land in the same places.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

MAX_SEARCH_DMS = 12
"""Up to this many decision makers every split into two axes is tried; beyond it, a greedy split."""


@dataclass(frozen=True)
class AxisLabel:
    """One position along an axis and the options of the axis's decision makers there."""

    position: float
    parts: tuple[tuple[int, int], ...]
    """``(decision maker, own options as a bit mask of the state code)`` per decision maker on the axis."""


@dataclass(frozen=True)
class GridLayout:
    """Grid positions (in cell units, possibly fractional for gaps) of each state code."""

    positions: dict[int, tuple[float, float]]
    across: tuple[int, ...]
    """Decision makers whose options choose the column, outermost first."""
    down: tuple[int, ...]
    """Decision makers whose options choose the row, outermost first."""
    columns: tuple[AxisLabel, ...]
    rows: tuple[AxisLabel, ...]

    @property
    def width(self) -> float:
        """Columns used, in grid units."""
        return max((x for x, _ in self.positions.values()), default=0.0) + 1.0

    @property
    def height(self) -> float:
        """Rows used, in grid units."""
        return max((y for _, y in self.positions.values()), default=0.0) + 1.0


def _own_order(value: int, anchor: int) -> tuple[int, int]:
    """Sub-states of one decision maker: fewest options different from the anchor's first, then by code."""
    return ((value ^ anchor).bit_count(), value)


def _axis(
    codes: Sequence[int], owned: Sequence[int], dms: Sequence[int], gap: float, anchor: int
) -> tuple[dict[tuple[int, ...], float], tuple[AxisLabel, ...]]:
    """Positions along one axis of the distinct combinations of ``dms``' options present in ``codes``.

    Combinations are sorted decision maker by decision maker (the first
    outermost); a gap of ``gap`` cells separates blocks of the outermost one.
    """
    keys = sorted(
        {tuple(code & owned[d] for d in dms) for code in codes},
        key=lambda key: tuple(_own_order(v, anchor & owned[d]) for d, v in zip(dms, key, strict=True)),
    )
    position: dict[tuple[int, ...], float] = {}
    labels = []
    at = 0.0
    for k, key in enumerate(keys):
        if k > 0 and len(dms) > 1 and key[0] != keys[k - 1][0]:
            at += gap
        position[key] = at
        labels.append(AxisLabel(at, tuple(zip(dms, key, strict=True))))
        at += 1.0
    return position, tuple(labels)


def _extent(codes: Sequence[int], owned: Sequence[int], dms: Sequence[int]) -> int:
    return len({tuple(code & owned[d] for d in dms) for code in codes}) if dms else 1


def _split(
    codes: Sequence[int], owned: Sequence[int], cell_aspect: float
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Choose which decision makers go across and which down.

    Every split into two non-empty groups is scored by the size of the
    drawing, ``max(width, height)`` with columns ``cell_aspect`` times as
    wide as rows are tall, then by the number of grid cells; ties keep
    model order (the first decision maker across). Decision makers who own
    no option in these states never move and go across.
    """
    movers = [d for d in range(len(owned)) if len({code & owned[d] for code in codes}) > 1]
    idle = tuple(d for d in range(len(owned)) if d not in movers)
    if len(movers) < 2:
        return tuple(movers) + idle, ()
    best: tuple[float, int, int] | None = None
    chosen: tuple[tuple[int, ...], tuple[int, ...]] = ((movers[0],), tuple(movers[1:]))
    if len(movers) <= MAX_SEARCH_DMS:
        candidates = [
            combo
            for size in range(1, len(movers))
            for combo in combinations(movers, size)
            if movers[0] in combo
        ]
    else:
        candidates = [tuple(movers[: len(movers) // 2])]
    for number, across in enumerate(candidates):
        down = tuple(d for d in movers if d not in across)
        nx, ny = _extent(codes, owned, across), _extent(codes, owned, down)
        score = (max(nx * cell_aspect, float(ny)), nx * ny, number)
        if best is None or score < best:
            best, chosen = score, (tuple(across), down)
    return chosen[0] + idle, chosen[1]


def grid_layout(
    codes: Sequence[int],
    owned: Sequence[int],
    *,
    anchor: int = 0,
    cell_aspect: float = 1.5,
    gap: float = 0.35,
) -> GridLayout:
    """Place each state code on a grid: columns by some decision makers' options, rows by the others'.

    ``owned[d]`` is decision maker ``d``'s options as a bit mask. Every
    unilateral move then stays within its row (decision makers across) or
    its column (decision makers down). Along each axis a decision maker's
    choices are ordered by how many options differ from the ``anchor``
    state's (the status quo, when there is one), so the anchor is at the
    top left and the states one move away are next to it.
    """
    codes = [int(c) for c in codes]
    owned = [int(o) for o in owned]
    across, down = _split(codes, owned, cell_aspect)
    x_of, columns = _axis(codes, owned, across, gap, anchor)
    y_of: dict[tuple[int, ...], float] = {(): 0.0}
    rows: tuple[AxisLabel, ...] = (AxisLabel(0.0, ()),)
    if down:
        y_of, rows = _axis(codes, owned, down, gap, anchor)
    positions = {
        code: (x_of[tuple(code & owned[d] for d in across)], y_of[tuple(code & owned[d] for d in down)])
        for code in codes
    }
    return GridLayout(positions, across, down, columns, rows)
