"""CSV output: one row per state, the same content as the table and the JSON."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from standoff.analyses.stability import AnalysisResult


def analysis_to_csv(result: AnalysisResult) -> str:
    """Columns: state, pattern, name (empty when none), ``<dm>:<concept>`` (1/0), ``equilibrium:<concept>``,
    status_quo."""
    from standoff.outputs.table import state_names

    named = state_names(result.conflict, result.space)
    names = result.conflict.decision_maker_names
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["state", "pattern", "name"]
    for c in result.concepts:
        header += [f"{name}:{c}" for name in names] + [f"equilibrium:{c}"]
    writer.writerow([*header, "status_quo"])
    masks = {c: result.equilibrium_mask(c) for c in result.concepts}
    for s, pattern in enumerate(result.patterns):
        row: list[object] = [s + 1, pattern, named.get(s, "")]
        for c in result.concepts:
            row += [int(result.stable[c][i, s]) for i in range(len(names))] + [int(masks[c][s])]
        writer.writerow([*row, int(result.status_quo == s)])
    return buffer.getvalue()


def timeline_to_csv(timeline: dict[str, Any]) -> str:
    """The observed history (the JSON object of ``standoff timeline``) as one row per dated state.

    Columns: date, state (number), pattern, name, movers, take, drop, improvement (1/0, empty for
    the first state), ``equilibrium:<concept>``, ``<dm>:<concept>`` (1/0) and disagreements
    (joined by `` | ``).
    """
    steps = timeline["steps"]
    concepts = list(steps[0]["equilibrium"]) if steps else []
    dms = timeline["decision_makers"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["date", "state", "pattern", "name", "movers", "take", "drop", "improvement"]
    header += [f"equilibrium:{c}" for c in concepts]
    header += [f"{dm}:{c}" for c in concepts for dm in dms]
    writer.writerow([*header, "disagreements"])
    for step in steps:
        improvement = "" if step["improvement"] is None else int(step["improvement"])
        row: list[object] = [
            step["date"],
            step["number"],
            step["state"],
            step["name"] or "",
            "; ".join(step["movers"]),
            "; ".join(step["change"]["take"]),
            "; ".join(step["change"]["drop"]),
            improvement,
        ]
        row += [int(step["equilibrium"][c]) for c in concepts]
        row += [int(step["stable"][dm][c]) for c in concepts for dm in dms]
        writer.writerow([*row, " | ".join(step["disagreements"])])
    return buffer.getvalue()
