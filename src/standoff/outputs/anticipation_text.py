"""Limited-move explanations (the anticipated line of play) as sentences, a terminal view and JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.words import change_words, state_label

if TYPE_CHECKING:
    from standoff.analyses.anticipation import LimitedMoveExplanation, LineOfPlay


def line_sentence(explanation: LimitedMoveExplanation, line: LineOfPlay) -> str:
    """``Row, looking 2 moves ahead from state 2: ...``: one decision maker's anticipated line of play."""
    conflict, space = explanation.conflict, explanation.space
    names = dict(explanation.names)
    dms = conflict.decision_maker_names
    dm = dms[line.decision_maker]
    here = state_label(space, explanation.index, names)
    ahead = f"looking {explanation.horizon} move{'s' * (explanation.horizon != 1)} ahead"
    if line.undetermined:
        return (
            f"{dm}: NM is undetermined at {here}: as the horizon grows, the anticipated play alternates "
            f"between staying and leaving and never settles, so no horizon's verdict is the limit."
        )
    if line.stable:
        return (
            f"{dm}, {ahead}, stays at {here}: no move of its own leads, with the replies it anticipates, "
            f"to a state it prefers (stable for {dm} under {CONCEPT_NAMES[explanation.concept]})."
        )
    steps = ", then ".join(
        f"{dms[m.decision_maker]} would {change_words(conflict, space, m.source_index, m.target_index)} "
        f"({state_label(space, m.target_index, names)})"
        for m in line.moves
    )
    return (
        f"{dm}, {ahead}, leaves {here}: {steps}; play stops at "
        f"{state_label(space, line.outcome_index, names)}, "
        f"which {dm} prefers (not stable for {dm} under {CONCEPT_NAMES[explanation.concept]})."
    )


def line_of_play_table(explanation: LimitedMoveExplanation) -> Group:
    """Each decision maker's anticipated moves as a table, then in sentences."""
    conflict, space = explanation.conflict, explanation.space
    names = dict(explanation.names)
    dms = conflict.decision_maker_names
    here = state_label(space, explanation.index, names)
    unstable = [
        dms[line.decision_maker] for line in explanation.lines if not line.stable and not line.undetermined
    ]
    unknown = [dms[line.decision_maker] for line in explanation.lines if line.undetermined]
    verdict = "stable for every decision maker" if not unstable else "not stable for " + ", ".join(unstable)
    if unknown:
        verdict = ("not stable for " + ", ".join(unstable) + "; " if unstable else "") + (
            "undetermined for " + ", ".join(unknown)
        )
    title = Text(
        f"{here}, pattern {space.pattern(explanation.index)}, under "
        f"{CONCEPT_NAMES[explanation.concept]} (horizon {explanation.horizon}): {verdict}",
        style="bold",
    )
    table = Table(title="Anticipated lines of play (the first mover named first)", title_justify="left")
    table.add_column("first mover")
    table.add_column("step", justify="right")
    table.add_column("mover")
    table.add_column("move")
    table.add_column("to")
    for line in explanation.lines:
        first = dms[line.decision_maker]
        if line.stable:
            table.add_row(first, "", "", "stays", state_label(space, explanation.index, names))
            continue
        for k, m in enumerate(line.moves, start=1):
            table.add_row(
                first if k == 1 else "",
                str(k),
                dms[m.decision_maker],
                change_words(conflict, space, m.source_index, m.target_index),
                state_label(space, m.target_index, names),
            )
    sentences = [Text(line_sentence(explanation, line)) for line in explanation.lines]
    return Group(title, table, *sentences)


def line_of_play_to_dict(explanation: LimitedMoveExplanation) -> dict[str, Any]:
    """The explanation as JSON: per decision maker, whether it stays, its anticipated moves, the outcome."""
    conflict, space = explanation.conflict, explanation.space
    dms = conflict.decision_maker_names
    names = dict(explanation.names)
    out: dict[str, Any] = {
        "state": space.pattern(explanation.index),
        "number": explanation.index + 1,
        "concept": explanation.concept,
        "horizon": explanation.horizon,
        "stable": explanation.stable,
        "undetermined": [dms[line.decision_maker] for line in explanation.lines if line.undetermined],
        "decision_makers": [
            {
                "name": dms[line.decision_maker],
                "stable": None if line.undetermined else line.stable,
                "outcome": space.pattern(line.outcome_index),
                "line_of_play": [
                    {
                        "dm": dms[m.decision_maker],
                        "from": space.pattern(m.source_index),
                        "to": space.pattern(m.target_index),
                        "change": change_words(conflict, space, m.source_index, m.target_index),
                    }
                    for m in line.moves
                ],
            }
            for line in explanation.lines
        ],
        "explanation": [line_sentence(explanation, line) for line in explanation.lines],
    }
    if explanation.index in names:
        out["name"] = names[explanation.index]
    return out
