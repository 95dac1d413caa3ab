"""The text of ``standoff explain MODEL STATE -c gmr_b``: the counting moves and sanctions per DM."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from standoff.analyses.unknown_explain import UnknownExplanation


def unknown_explanation_text(explanation: UnknownExplanation) -> str:
    """One paragraph per decision maker: stable or not, then one line per move that counts."""
    from standoff.analyses.unknown_explain import concept_words

    space, conflict = explanation.space, explanation.conflict
    names = conflict.decision_maker_names

    def shown(s: int) -> str:
        return f"{s + 1} {space.pattern(s)}"

    lines = [f"State {shown(explanation.state)} under {concept_words(explanation.concept)}"]
    for dm, moves in enumerate(explanation.moves):
        verdict = "stable" if explanation.stable(dm) else "not stable"
        lines.append(f"{names[dm]}: {verdict}" + ("" if moves else " (no move counts)"))
        for move in moves:
            kind = "certain improvement" if move.certain else "uncertain move"
            text = f"  {kind} to {shown(move.target)}"
            if explanation.concept.startswith("nash_"):
                lines.append(text)
                continue
            if move.sanction is None:
                lines.append(text + ": no sanction")
                continue
            steps = ", ".join(f"{names[j]} to {shown(s)}" for j, s in move.sanction)
            worth = "unknown against the start" if move.unknown_sanction else "certainly not better"
            lines.append(f"{text}: sanctioned by {steps} ({worth})")
    return "\n".join(lines)
