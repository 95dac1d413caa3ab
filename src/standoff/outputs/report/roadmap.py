"""The report's section on roadmaps: from the status quo to each target the model names."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import numpy as np

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.report.refs import move_words, state_ref, state_refs
from standoff.outputs.roadmap_text import failure_reasons

if TYPE_CHECKING:
    from standoff.analyses.report import Report
    from standoff.analyses.roadmap import Roadmap

MAX_FAILED_SHOWN = 12


def _picture(report: Report, roadmap: Roadmap) -> str:
    """The roadmap as ``standoff roadmap --format svg`` draws it (ids of its own in the page)."""
    from standoff.outputs.picture_svg import render_svg, roadmap_picture

    stable = np.asarray(report.result.stable[roadmap.concept].all(axis=0))
    number = report.roadmaps.index(roadmap) + 1
    svg = render_svg(roadmap_picture(roadmap, lambda state: bool(stable[state])), ids=f"roadmap-{number}-")
    return f'<figure class="why-picture">{svg}</figure>'


def _one(report: Report, roadmap: Roadmap) -> str:
    result = report.result
    concept = CONCEPT_NAMES[roadmap.concept]
    head = f"<h3>To {escape(roadmap.target_text)}</h3>"
    targets = state_refs(result, list(roadmap.target_indices), 8)
    out = [
        head,
        f"<p>Target state{'s' * (len(roadmap.target_indices) != 1)}: {targets}.</p>",
        _picture(report, roadmap),
    ]
    if roadmap.found:
        if roadmap.length == 0:
            out.append("<p>The status quo is already a target state.</p>")
            return "".join(out)
        out.append(
            f"<p>The shortest roadmaps take {roadmap.length} step{'s' * (roadmap.length != 1)}; "
            f"every stage is {concept}-stable. The first of them:</p><ol class='steps'>"
        )
        for step in roadmap.roadmaps[0]:
            out.append(
                f"<li>{move_words(result, step.source_index, step.target_index)} → "
                f"{state_ref(result, step.target_index)}</li>"
            )
        out.append("</ol>")
        return "".join(out)
    breaks = roadmap.breaks
    if breaks is None:
        return "".join(out)
    out.append(
        "<p><b>No roadmap</b>: no order of acceptable steps reaches a target with every stage holding.</p>"
    )
    if not breaks.holding_targets:
        out.append(f"<p>No target state is {concept}-stable: once reached, the deal would not last.</p>")
    reached = [s for s, _ in breaks.reached]
    out.append(
        f"<p>Stages reachable from the status quo: {state_refs(result, reached, 12)}. "
        f"Nearest to the target ({breaks.nearest[0][1]} options apart): "
        f"{state_refs(result, [s for s, _ in breaks.nearest], 8)}.</p>"
    )
    if breaks.failed:
        out.append("<p>Steps toward the target from there, and why each fails:</p><ul>")
        for item in breaks.failed[:MAX_FAILED_SHOWN]:
            step = item.step
            why = "; ".join(failure_reasons(roadmap, item))
            out.append(
                f"<li>{move_words(result, step.source_index, step.target_index)} → "
                f"{state_ref(result, step.target_index)}: {escape(why)}</li>"
            )
        out.append("</ul>")
        if breaks.n_failed > MAX_FAILED_SHOWN:
            out.append(
                f"<p>… and {breaks.n_failed - MAX_FAILED_SHOWN} more (see <code>standoff roadmap</code>).</p>"
            )
    return "".join(out)


def _count(n: int, what: str) -> str:
    return f"{'one' if n == 1 else 'two' if n == 2 else n} {what}{'s' * (n != 1)}"


def roadmap_section(report: Report) -> str:
    """For each target the model names: the shortest roadmap from the status quo, or where it breaks."""
    if not report.roadmaps:
        return ""
    first = report.roadmaps[0]
    concept = CONCEPT_NAMES[first.concept]
    intro = (
        "<p>A roadmap is an order of steps from the status quo to a target: in each step up to "
        f"{_count(first.max_movers, 'decision maker')} act at once, each changing up to "
        f"{_count(first.step_size or 1, 'option')} of its own, and every mover is better off "
        f"after it; each option changes at most once; every stage along the way is {concept}-stable, so "
        "the process could stop there and nobody would defect but by taking the roadmap's next step. "
        "A step flagged ⚑ is one its mover would not take on its own: it has to trust that a sanction "
        "will not come. Roadmaps extend status quo analysis (Li, Kilgour &amp; Hipel 2005; Xu, Kilgour, "
        "Hipel &amp; Kemkes 2010). <code>standoff roadmap</code> asks with other settings.</p>"
    )
    body = "".join(_one(report, r) for r in report.roadmaps)
    return f'<section id="roadmaps"><h2>Roadmaps</h2>{intro}{body}</section>'
