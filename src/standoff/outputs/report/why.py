"""The report's "why" section: why the status quo and each equilibrium are (or are not) stable."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import numpy as np

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.graph_svg import dm_colour
from standoff.outputs.report.model import state_words
from standoff.outputs.report.refs import move_words, state_ref

if TYPE_CHECKING:
    from standoff.analyses.explain import Explanation, Sanction
    from standoff.analyses.report import Report
    from standoff.analyses.stability import AnalysisResult


def _sanction_words(result: AnalysisResult, dm: int, sanction: Sanction) -> str:
    conflict = result.conflict
    if sanction.simultaneous:
        steps = "; ".join(
            f"{escape(conflict.decision_makers[m.decision_maker].name)} moves at the same time "
            f"({move_words(result, m.source_index, m.target_index)})"
            for m in sanction.moves
        )
    else:
        steps = " → ".join(
            f"{move_words(result, m.source_index, m.target_index)} (to {state_ref(result, m.target_index)})"
            for m in sanction.moves
        )
    name = escape(conflict.decision_makers[dm].name)
    text = (
        f"{steps}, ending in state {state_ref(result, sanction.state_index)}, "
        f"which {name} likes no more than where it started"
    )
    if sanction.counter_move_indices:
        text += (
            "; and from there every move of its own ("
            + ", ".join(state_ref(result, s) for s in sanction.counter_move_indices)
            + ") still leaves it no better off"
        )
    return text


def _picture(result: AnalysisResult, explanation: Explanation) -> str:
    """The explanation as the picture ``standoff explain --format svg`` draws (its ids kept apart from
    the other pictures of the page)."""
    from standoff.outputs.picture_svg import explanation_picture, render_svg

    stable = np.asarray(result.stable[explanation.concept].all(axis=0))
    picture = explanation_picture(explanation, lambda state: bool(stable[state]))
    svg = render_svg(picture, ids=f"why-{explanation.index + 1}-")
    return f'<figure class="why-picture">{svg}</figure>'


def _explanation(result: AnalysisResult, explanation: Explanation, heading: str) -> str:
    conflict = result.conflict
    s = explanation.index
    concept = CONCEPT_NAMES[explanation.concept]
    verdict = "an equilibrium" if explanation.stable else "not an equilibrium"
    out = [
        f'<article class="explanation" id="why-{s + 1}"><h3>{heading} state {state_ref(result, s)}: '
        f"{verdict} under {concept}</h3>",
        _picture(result, explanation),
        f"<p>{state_words(result, s)}.</p><ul>",
    ]
    if all(part.perceived and not part.improvements for part in explanation.decision_makers):
        out[-1] = out[-1].removesuffix("<ul>")
        out.append(
            "<p>No decision maker has a unilateral improvement from here (so it is also a Nash "
            "equilibrium).</p></article>"
        )
        return "".join(out)
    for part in explanation.decision_makers:
        name = escape(conflict.decision_makers[part.decision_maker].name)
        swatch = f'<span class="swatch" style="background:{dm_colour(part.decision_maker)}"></span>'
        if not part.perceived:
            out.append(
                f"<li>{swatch}<b>{name}</b> does not perceive this state, so it is stable for {name}.</li>"
            )
            continue
        if not part.improvements:
            out.append(f"<li>{swatch}<b>{name}</b> has no unilateral improvement: stable for {name}.</li>")
            continue
        status = "stable" if part.stable else "not stable"
        out.append(f"<li>{swatch}<b>{name}</b> — {status}. Its unilateral improvements:<ul>")
        for item in part.improvements:
            to = item.improvement_index
            line = f"to {state_ref(result, to)} ({move_words(result, s, to)}): "
            answers = []
            for sub, sanction in item.sanctions:
                prefix = f"[{CONCEPT_NAMES[sub]}] " if len(item.sanctions) > 1 else ""
                if sanction is None:
                    answers.append(f'{prefix}<span class="undeterred">nothing deters it</span>')
                else:
                    answers.append(
                        f"{prefix}deterred: {_sanction_words(result, part.decision_maker, sanction)}"
                    )
            out.append(f"<li>{line}{'; '.join(answers)}.</li>")
        out.append("</ul></li>")
    out.append("</ul></article>")
    return "".join(out)


def explanations_section(report: Report) -> str:
    """Why the status quo, each named state and each equilibrium are (or are not) stable, improvement by
    improvement."""
    if not report.explanations:
        return ""
    result = report.result
    concept = CONCEPT_NAMES[report.concept]
    from standoff.outputs.report.refs import state_names

    named = state_names(result)
    explained_named = any(
        e.index in named and e.index != result.status_quo_index for e in report.explanations
    )
    what = "the named states" if explained_named else f"the {concept} equilibria"
    out = [
        f'<section id="why"><h2>Why: the status quo and {what}</h2>',
        f"<p>A state is stable for a decision maker under {concept} when each of its unilateral "
        "improvements can be answered by the other decision makers with a sanction: a sequence of their "
        "moves that leaves it no better off than where it started.</p>",
    ]
    for explanation in report.explanations:
        if explanation.index == result.status_quo_index:
            heading = "The status quo,"
        elif explanation.index in named:
            heading = "Named"
        else:
            heading = "Equilibrium"
        out.append(_explanation(result, explanation, heading))
    out.append("</section>")
    return "".join(out)
