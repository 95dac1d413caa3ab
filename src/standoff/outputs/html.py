"""HTML rendering of results, for notebooks (``_repr_html_``) and reports."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from standoff.analyses.stability import AnalysisResult

MAX_ROWS = 200


def stability_table(result: AnalysisResult, *, max_rows: int = MAX_ROWS) -> str:
    """A self-contained HTML table: states as rows, ✓ per decision maker under each concept."""
    from standoff.analyses.stability import CONCEPT_NAMES

    conflict, space = result.conflict, result.space
    dms = conflict.decision_maker_names
    masks = {c: result.equilibrium_mask(c) for c in result.concepts}
    head = "".join(f"<th>{CONCEPT_NAMES[c]}</th>" for c in result.concepts)
    rows = []
    for s in range(min(space.n_states, max_rows)):
        cells = "".join(
            f"<td title='{escape(', '.join(dms))}'>"
            + "".join("✓" if result.stable[c][i, s] else "·" for i in range(len(dms)))
            + "</td>"
            for c in result.concepts
        )
        eq = ", ".join(CONCEPT_NAMES[c] for c in result.concepts if masks[c][s])
        style = " style='background:#e6f4ea'" if eq else ""
        sq = " (status quo)" if result.status_quo == s else ""
        rows.append(
            f"<tr{style}><td>{s + 1}{sq}</td><td><code>{space.pattern(s)}</code></td>"
            f"{cells}<td>{escape(eq)}</td></tr>"
        )
    more = space.n_states - max_rows
    note = f"<p>… {more} more states not shown.</p>" if more > 0 else ""
    options = ", ".join(f"{j + 1}. {escape(o.name)}" for j, o in enumerate(conflict.options))
    return (
        f"<div class='standoff-result'><p><b>{escape(conflict.name)}</b>: {space.n_states} states. "
        f"Pattern positions: {options}. Marks per decision maker: {escape(', '.join(dms))}.</p>"
        f"<table><thead><tr><th>state</th><th>pattern</th>{head}<th>equilibrium under</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{note}</div>"
    )
