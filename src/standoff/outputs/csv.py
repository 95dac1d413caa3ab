"""CSV output: one row per state, the same content as the table and the JSON."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from standoff.analyses.stability import AnalysisResult


def analysis_to_csv(result: AnalysisResult) -> str:
    """Columns: state, pattern, ``<dm>:<concept>`` (1/0), ``equilibrium:<concept>``, status_quo."""
    names = result.conflict.decision_maker_names
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["state", "pattern"]
    for c in result.concepts:
        header += [f"{name}:{c}" for name in names] + [f"equilibrium:{c}"]
    writer.writerow([*header, "status_quo"])
    masks = {c: result.equilibrium_mask(c) for c in result.concepts}
    for s, pattern in enumerate(result.patterns):
        row: list[object] = [s + 1, pattern]
        for c in result.concepts:
            row += [int(result.stable[c][i, s]) for i in range(len(names))] + [int(masks[c][s])]
        writer.writerow([*row, int(result.status_quo_index == s)])
    return buffer.getvalue()
