"""The "action for action" table of exchanges as a terminal table, JSON and a DataFrame."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.words import option_change_words, state_label

if TYPE_CHECKING:
    import pandas as pd

    from standoff.analyses.exchanges import Exchange, Exchanges


def _change(exchanges: Exchanges, flip: int) -> tuple[list[str], list[str]]:
    """The options a change takes up and drops at the exchanges' state."""
    conflict = exchanges.result.conflict
    code = int(exchanges.result.space.codes[exchanges.state_index])
    taken = [o.name for j, o in enumerate(conflict.options) if flip >> j & 1 and not code >> j & 1]
    dropped = [o.name for j, o in enumerate(conflict.options) if flip >> j & 1 and code >> j & 1]
    return taken, dropped


def flip_words(exchanges: Exchanges, flip: int) -> str:
    """``take lift_sanctions``, ``drop test_freeze``, or ``stay`` for no change."""
    if not flip:
        return "stay"
    code = int(exchanges.result.space.codes[exchanges.state_index])
    m = len(exchanges.result.conflict.options)
    taken = [j for j in range(m) if flip >> j & 1 and not code >> j & 1]
    dropped = [j for j in range(m) if flip >> j & 1 and code >> j & 1]
    return option_change_words(exchanges.result.conflict, taken, dropped)


def _cell_text(exchanges: Exchanges, cell: Exchange) -> str:
    if cell.row == 0 and cell.column == 0:
        return "(no change)"
    if cell.state_index is None:
        return "—"
    space = exchanges.result.space
    dms = exchanges.result.conflict.decision_maker_names
    who = [f"{dms[d]} {'✓' if b else '✗'}" for d, b in zip(exchanges.sides, cell.better, strict=True)]
    verdict = "better for both" if cell.improvement_for_both else " · ".join(who)
    holds = "holds" if cell.holds else "does not hold"
    return f"state {cell.state_index + 1} {space.pattern(cell.state_index)}\n{verdict}\n{holds}"


def exchanges_report(exchanges: Exchanges) -> Group:
    """Rows: the first side's steps; columns: the other's; each cell the exchange in words."""
    space = exchanges.result.space
    dms = exchanges.result.conflict.decision_maker_names
    a, b = (dms[d] for d in exchanges.sides)
    concept = CONCEPT_NAMES[exchanges.concept]
    here = state_label(space, exchanges.state_index, dict(exchanges.names))
    both = [c for row in exchanges.cells for c in row if c.improvement_for_both]
    lasting = [c for c in both if c.holds]
    parts: list[Any] = [
        Text(
            f"Exchanges at {here} ({space.pattern(exchanges.state_index)}) between {a} (rows) and {b} "
            f"(columns); holds = {concept}-stable for every decision maker.",
            style="bold",
        ),
        Text(
            f"{len(both)} exchange(s) leave both better off; {len(lasting)} of them hold. "
            "In each cell: the state after the exchange, ✓ for a side better off after it (✗ not), and "
            "whether it holds; — : the exchange is infeasible (or a mover misperceives a state)."
        ),
    ]
    table = Table(show_lines=True)
    table.add_column(f"{a} \\ {b}")
    for column in exchanges.columns:
        table.add_column(flip_words(exchanges, column))
    for row, cells in zip(exchanges.rows, exchanges.cells, strict=True):
        table.add_row(
            flip_words(exchanges, row),
            *(_cell_text(exchanges, c) for c in cells),
            style=None,
        )
    parts.append(table)
    return Group(*parts)


def exchanges_to_dict(exchanges: Exchanges) -> dict[str, Any]:
    """The JSON object of ``standoff exchanges``: rows and columns as option changes, cells as outcomes."""
    space = exchanges.result.space
    dms = exchanges.result.conflict.decision_maker_names
    names = dict(exchanges.names)

    def step(flip: int) -> dict[str, Any]:
        taken, dropped = _change(exchanges, flip)
        return {"take": taken, "drop": dropped, "words": flip_words(exchanges, flip)}

    def cell(c: Exchange) -> dict[str, Any]:
        if c.state_index is None:
            return {"state": None, "exists": False}
        return {
            "state": space.pattern(c.state_index),
            "number": c.state_index + 1,
            "name": names.get(c.state_index),
            "exists": True,
            "better": {dms[d]: b for d, b in zip(exchanges.sides, c.better, strict=True)},
            "improvement_for_both": c.improvement_for_both,
            "holds": c.holds,
        }

    return {
        "state": space.pattern(exchanges.state_index),
        "number": exchanges.state_index + 1,
        "name": names.get(exchanges.state_index),
        "concept": exchanges.concept,
        "sides": [dms[d] for d in exchanges.sides],
        "step_size": exchanges.step_size,
        "rows": [step(r) for r in exchanges.rows],
        "columns": [step(c) for c in exchanges.columns],
        "cells": [[cell(c) for c in row] for row in exchanges.cells],
    }


def exchanges_to_frame(exchanges: Exchanges) -> pd.DataFrame:
    """One row per exchange (both staying left out)."""
    from standoff.outputs.frame import require_pandas

    require_pandas()
    import pandas as pd

    space = exchanges.result.space
    dms = exchanges.result.conflict.decision_maker_names
    a, b = (dms[d] for d in exchanges.sides)
    rows = []
    for cells in exchanges.cells:
        for c in cells:
            if c.row == 0 and c.column == 0:
                continue
            rows.append(
                {
                    a: flip_words(exchanges, c.row),
                    b: flip_words(exchanges, c.column),
                    "state": None if c.state_index is None else c.state_index + 1,
                    "pattern": None if c.state_index is None else space.pattern(c.state_index),
                    f"better for {a}": c.state_index is not None and c.better[0],
                    f"better for {b}": c.state_index is not None and c.better[1],
                    "holds": c.state_index is not None and c.holds,
                }
            )
    frame = pd.DataFrame(rows)
    frame["state"] = frame["state"].astype("Int64")
    return frame
