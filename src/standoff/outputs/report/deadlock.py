"""The report's deadlock section: the first steps each side refuses at the status quo, and the exchanges."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.exchanges_text import flip_words
from standoff.outputs.report.refs import state_ref

if TYPE_CHECKING:
    from standoff.analyses.exchanges import Exchange, Exchanges
    from standoff.analyses.report import Report


def _cell(exchanges: Exchanges, cell: Exchange) -> str:
    result = exchanges.result
    if cell.row == 0 and cell.column == 0:
        return '<td class="muted">(no change)</td>'
    if cell.state_index is None:
        return '<td class="muted" title="infeasible, or a mover misperceives a state">—</td>'
    dms = result.conflict.decision_maker_names
    marks = " · ".join(
        f"{escape(dms[d])} {'✓' if better else '✗'}"
        for d, better in zip(exchanges.sides, cell.better, strict=True)
    )
    holds = "holds" if cell.holds else "does not hold"
    style = ' class="both"' if cell.improvement_for_both else ""
    where = state_ref(result, cell.state_index)
    return f'<td{style}>{where}<br>{marks}<br><span class="muted">{holds}</span></td>'


def _refused(exchanges: Exchanges, side: int) -> list[str]:
    """The first steps a side refuses on its own: its steps alone that do not leave it better off."""
    if side == 0:
        alone = [(row[0].row, row[0]) for row in exchanges.cells[1:]]
    else:
        alone = [(cell.column, cell) for cell in exchanges.cells[0][1:]]
    return [
        f"{escape(flip_words(exchanges, flip))} (to {state_ref(exchanges.result, cell.state_index)})"
        for flip, cell in alone
        if cell.state_index is not None and not cell.better[side]
    ]


def deadlock_section(report: Report) -> str:
    """Each side's first steps alone from the status quo, the ones it refuses, and every exchange of
    single steps (as ``standoff exchanges`` shows them)."""
    exchanges = report.exchanges
    if exchanges is None:
        return ""
    result = exchanges.result
    conflict = result.conflict
    dms = conflict.decision_maker_names
    a, b = (escape(dms[d]) for d in exchanges.sides)
    concept = CONCEPT_NAMES[exchanges.concept]
    out = [
        '<section id="deadlock"><h2>Deadlock: the first steps each side refuses</h2>',
        f"<p>From state {state_ref(result, exchanges.state_index)}, each side's single steps (one option "
        "changed), alone and against each of the other side's. A side refuses a step that does not leave it "
        "better off (✗).</p><ul>",
    ]
    for side, name in ((0, a), (1, b)):
        refused = _refused(exchanges, side)
        out.append(
            f"<li><b>{name}</b> refuses to move first with: {'; '.join(refused)}.</li>"
            if refused
            else f"<li><b>{name}</b> refuses none of its first steps.</li>"
        )
    out.append("</ul>")
    both = [c for row in exchanges.cells for c in row if c.improvement_for_both]
    lasting = [c for c in both if c.holds]
    out.append(
        f"<p>{len(both)} exchange{'s' * (len(both) != 1)} of single steps leave{'s' * (len(both) == 1)} both "
        f"better off; {len(lasting)} of them hold{'s' * (len(lasting) == 1)} (the state after it is a "
        f"{concept} equilibrium). Rows: {a}'s step; columns: {b}'s.</p>"
    )
    if len(dms) > 2:
        out.append(
            f'<p class="muted">Only {a} and {b} are compared here; '
            "<code>standoff exchanges --sides</code> compares any two decision makers.</p>"
        )
    rows = ['<div class="table-frame"><table class="exchanges"><thead><tr>', f"<th>{a} \\ {b}</th>"]
    rows += [f"<th>{escape(flip_words(exchanges, c))}</th>" for c in exchanges.columns]
    rows.append("</tr></thead><tbody>")
    for row, cells in zip(exchanges.rows, exchanges.cells, strict=True):
        rows.append(f"<tr><th>{escape(flip_words(exchanges, row))}</th>")
        rows += [_cell(exchanges, c) for c in cells]
        rows.append("</tr>")
    rows.append("</tbody></table></div>")
    out += rows
    out.append("</section>")
    return "".join(out)
