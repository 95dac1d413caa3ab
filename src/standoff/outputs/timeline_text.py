"""The observed history, checked against the model, as a terminal table and a JSON object."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.words import change_words, changed_options

if TYPE_CHECKING:
    from standoff.analyses.history import Timeline, TimelineStep


def _change(timeline: Timeline, step: TimelineStep) -> str:
    conflict, space = timeline.result.conflict, timeline.result.space
    if step.previous_index is None:
        return "(first observed state)"
    if int(space.codes[step.previous_index]) == int(space.codes[step.state_index]):
        return "no option changed"
    return change_words(conflict, space, step.previous_index, step.state_index)


def timeline_table(timeline: Timeline, since: str | None = None) -> Group:
    """One row per observed state: who moved, whether it was an improvement, the state's stability."""
    result = timeline.result
    conflict, space = result.conflict, result.space
    names = dict(timeline.names)
    dm_names = ", ".join(conflict.decision_maker_names)
    table = Table(
        title=f"Observed history of {conflict.name}",
        title_justify="left",
        caption=(
            "change: the options taken up and dropped, in words. "
            "improves: the move is an improvement for its mover. "
            f"Per concept, ✓ stable or · not for {dm_names}; all ✓ (bold): an equilibrium. "
            "Red rows: the model and the history disagree."
        ),
        caption_justify="left",
    )
    table.add_column("date", no_wrap=True)
    table.add_column("state", no_wrap=True)
    table.add_column("moved")
    table.add_column("change", no_wrap=True)
    table.add_column("improves", justify="center", min_width=8)
    for c in result.concepts:
        table.add_column(CONCEPT_NAMES[c], justify="center", no_wrap=True)
    for step in timeline.steps:
        movers = ", ".join(conflict.decision_makers[d].name for d in step.movers) or "—"
        mark = "" if step.improvement is None else ("✓" if step.improvement else "✗")
        marks = [
            Text(
                "".join("✓" if f else "·" for f in step.stable[c]),
                style="bold" if step.equilibrium[c] else "",
            )
            for c in result.concepts
        ]
        label = f"{step.state_index + 1} {space.pattern(step.state_index)}"
        if step.state_index in names:
            label += f"\n= {names[step.state_index]}"
        table.add_row(
            step.entry.date,
            label,
            movers,
            _change(timeline, step),
            mark,
            *marks,
            style="red" if step.disagreements else None,
        )
    notes = []
    for step in timeline.steps:
        for note in step.disagreements:
            notes.append(f"• {step.entry.date}: {note}")
    text = (
        Text("Where the model and the history disagree:\n" + "\n".join(notes))
        if notes
        else Text("The model and the history agree at every step.")
    )
    return Group(table, text, scorecard_text(timeline, since))


def _predicted_words(timeline: Timeline, step: TimelineStep) -> str:
    concepts = [CONCEPT_NAMES[c] for c, v in (step.predicted or {}).items() if v]
    return "predicted under " + ", ".join(concepts) if concepts else "predicted under no concept"


def scorecard_text(timeline: Timeline, since: str | None = None) -> Text:
    """The scorecard: for each step, the concepts under which the model expected it; then the tally."""
    steps = timeline.scored_steps(since)
    if not steps:
        return Text(f"Scorecard: no step {'dated ' + since + ' or later' if since else 'after the first'}.")
    lines = [
        "Scorecard: was each step among the moves the model expects from the previous state?"
        + (f" (steps dated {since} or later)" if since else "")
    ]
    for step in steps:
        lines.append(f"• {step.entry.date}: {_change(timeline, step)}: {_predicted_words(timeline, step)}")
    tally = ", ".join(f"{CONCEPT_NAMES[c]} {hit}" for c, (hit, _) in timeline.scorecard(since).items())
    lines.append(f"Predicted, of {len(steps)} step{'s' * (len(steps) != 1)}: {tally}.")
    return Text("\n".join(lines))


def timeline_to_dict(timeline: Timeline, since: str | None = None) -> dict[str, Any]:
    """The timeline as a JSON-ready object: one entry per observed state."""
    result = timeline.result
    conflict, space = result.conflict, result.space
    dms = conflict.decision_maker_names
    names = dict(timeline.names)
    steps = []
    for step in timeline.steps:
        taken, dropped = (
            changed_options(conflict, space, step.previous_index, step.state_index)
            if step.previous_index is not None
            else ([], [])
        )
        steps.append(
            {
                "date": step.entry.date,
                "state": space.pattern(step.state_index),
                "number": step.state_index + 1,
                "name": names.get(step.state_index),
                "description": step.entry.description,
                "source": step.entry.source,
                "movers": [dms[d] for d in step.movers],
                "change": {
                    "take": taken,
                    "drop": dropped,
                    "words": _change(timeline, step) if step.previous_index is not None else None,
                },
                "improvement": step.improvement,
                "equilibrium": dict(step.equilibrium),
                "stable": {
                    dms[i]: {c: flags[i] for c, flags in step.stable.items()} for i in range(len(dms))
                },
                "disagreements": list(step.disagreements),
                "predicted": None if step.predicted is None else dict(step.predicted),
            }
        )
    return {
        "name": conflict.name,
        "decision_makers": list(dms),
        "steps": steps,
        "disagreements": timeline.disagreements,
        "scorecard": {
            "since": since,
            "steps": len(timeline.scored_steps(since)),
            "predicted": {c: hit for c, (hit, _) in timeline.scorecard(since).items()},
        },
    }
