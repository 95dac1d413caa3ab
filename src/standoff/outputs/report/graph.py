"""The report's state graph section: the drawing, its legend and the decision maker toggles."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import numpy as np

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.graph_svg import dm_colour, dm_dash, render_state_graph

if TYPE_CHECKING:
    from standoff.analyses.report import Report


def graph_section(report: Report) -> str:
    """The state graph drawing with its legend, decision maker toggles and what part is shown."""
    result, graph = report.result, report.graph
    conflict = result.conflict
    out = ['<section id="graph"><h2>The state graph</h2>']
    if graph.is_partial:
        out.append(
            f'<p class="partial"><b>Only part of the graph is drawn:</b> {escape(graph.focus)} '
            f"({len(graph.states)} of {graph.n_states} states).</p>"
        )
    out.append(
        "<p>Each box is a state (its number and pattern); hover over it for the state in words. Each "
        "coloured line is a unilateral move of one decision maker: a filled arrowhead is a move to a state "
        "that decision maker prefers (a unilateral improvement), an open one a move it does not prefer. "
        "A line with two arrowheads stands for a move and its way back. Hover over a state to "
        "highlight its moves; click it to find it in the stability table.</p>"
    )
    if graph.is_partial and any(o.direction.value != "both" for o in conflict.options):
        out.append(
            '<p class="muted">A row or column headed <i>before X</i> holds states from before the status '
            "quo's irreversible step X was taken: no move undoes X, so no move leads from the status quo "
            "there; such states are drawn for the history or the paths that pass through them.</p>"
        )
    legend = ['<div class="legend">']
    for i, dm in enumerate(conflict.decision_makers):
        dash = dm_dash(i)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        legend.append(
            f'<label><input type="checkbox" checked data-toggle-dm="{i}"> '
            f'<svg width="34" height="12" aria-hidden="true"><line x1="1" y1="6" x2="33" y2="6" '
            f'stroke="{dm_colour(i)}" stroke-width="3"{dash_attr}/></svg> {escape(dm.name)}</label>'
        )
    concept = CONCEPT_NAMES[report.concept]
    drawn = list(graph.states)
    chosen = result.equilibrium_mask(report.concept)[drawn]
    anywhere = np.zeros(len(drawn), dtype=bool)
    for c in result.concepts:
        anywhere |= result.equilibrium_mask(c)[drawn]
    if chosen.any():
        legend.append(f'<span><span class="key key-eq"></span> {concept} equilibrium (★)</span>')
    if (anywhere & ~chosen).any():
        legend.append(
            '<span><span class="key key-eq-other"></span> equilibrium under another concept only</span>'
        )
    if result.status_quo_index is not None and result.status_quo_index in graph.states:
        legend.append('<span><span class="key key-sq"></span> status quo</span>')
    kinds = {p.kind for p in graph.paths}
    if "evolution" in kinds:
        legend.append('<span><span class="key key-evolution"></span> evolution from the status quo</span>')
    if "history" in kinds:
        legend.append('<span><span class="key key-history"></span> observed history</span>')
    legend.append("</div>")
    out.append("".join(legend))
    if graph.omitted_moves:
        kept = []
        if result.status_quo_index is not None and result.status_quo_index in graph.states:
            kept.append("every unilateral improvement from the status quo")
        if graph.paths:
            kept.append("every step of the traced paths")
        also = f" Still drawn: {' and '.join(kept)}." if kept else ""
        out.append(
            f'<p class="muted">To keep the picture readable, {graph.omitted_moves} moves that change several '
            "options at once are not drawn: the same decision maker can make each of them in steps through "
            f"states that are drawn.{also} The stability analysis and the explanations count every move.</p>"
        )
    out.append(
        '<div class="zoom-bar" aria-label="Zoom">'
        '<button type="button" data-zoom="in" title="Zoom in">+</button>'
        '<button type="button" data-zoom="out" title="Zoom out">−</button>'
        '<button type="button" data-zoom="fit" title="Fit the page width">fit</button>'
        '<span class="muted">Drag the drawing to pan; Ctrl + wheel zooms where the pointer is.</span></div>'
    )
    out.append(f'<div class="graph-frame">{render_state_graph(result, graph, report.concept)}</div>')
    out.append("</section>")
    return "".join(out)
