"""The report's history section: the observed path, step by step, against the model."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.report.refs import move_words, state_ref

if TYPE_CHECKING:
    from standoff.analyses.report import Report


def history_section(report: Report) -> str:
    """The observed history as a timeline, each step checked against the model."""
    history = report.history
    if history is None:
        return ""
    result = report.result
    concept = CONCEPT_NAMES[report.concept]
    out = [
        '<section id="history"><h2>Observed history</h2>',
        "<p>What happened, state by state, and how each move compares with the model: who moved, "
        "whether the move was a unilateral improvement for the mover by the model's preferences, and "
        "whether the state reached is an equilibrium. It is drawn on the state graph as a dotted violet "
        "path where its states are drawn.</p>",
    ]
    if history.disagreements:
        out.append(
            f'<p class="partial">The model and the history disagree in {history.disagreements} '
            f"place{'s' if history.disagreements != 1 else ''} (marked ⚠ below).</p>"
        )
    scored = history.scored_steps()
    if scored:
        tally = ", ".join(f"{CONCEPT_NAMES[c]} {hit}" for c, (hit, _) in history.scorecard().items())
        out.append(
            f"<p>Scorecard: of the {len(scored)} step{'s' if len(scored) != 1 else ''} after the first, "
            "the model predicted (the observed move is one it expects from the previous state: an "
            f"undeterred improvement, or no move from an equilibrium) under {escape(tally)}.</p>"
        )
    out.append(
        '<div class="table-frame"><table class="history"><thead><tr><th>date</th><th>state</th>'
        "<th>what happened</th><th>move</th>"
        f"<th>{concept} equilibrium?</th></tr></thead><tbody>"
    )
    for step in history.steps:
        entry = step.entry
        if step.previous_index is None:
            move = '<span class="muted">start</span>'
        elif not step.movers:
            move = '<span class="muted">no option changed</span>'
        else:
            move = move_words(result, step.previous_index, step.state_index)
            if step.improvement is True:
                move += ' <span class="good">— an improvement for the mover</span>'
        if step.predicted is not None:
            hits = [CONCEPT_NAMES[c] for c, v in step.predicted.items() if v]
            move += (
                f'<br><span class="muted">predicted under {escape(", ".join(hits))}</span>'
                if hits
                else '<br><span class="muted">predicted under no concept</span>'
            )
        warnings = "".join(f'<p class="warning">⚠ {escape(text)}</p>' for text in step.disagreements)
        source = (
            f'<p class="source-line">{escape(" ".join(entry.source.split()))}</p>' if entry.source else ""
        )
        equilibrium = step.equilibrium.get(report.concept)
        eq = "yes" if equilibrium else "no"
        others = [CONCEPT_NAMES[c] for c, v in step.equilibrium.items() if v and c != report.concept]
        if others:
            eq += (
                f'<br><span class="muted">{"also " if equilibrium else ""}{escape(", ".join(others))}</span>'
            )
        out.append(
            f"<tr><td class='date'>{escape(entry.date)}</td><td>{state_ref(result, step.state_index)}</td>"
            f"<td>{escape(' '.join(entry.description.split()))}{source}</td><td>{move}{warnings}</td>"
            f"<td>{eq}</td></tr>"
        )
    out.append("</tbody></table></div></section>")
    return "".join(out)
