"""An unknown-preference explanation (``standoff explain MODEL STATE -c gmr_b``) as text, sentences and JSON.

The JSON has the ordinary explanation's keys (:func:`standoff.outputs.explain_text.explanation_to_dict`),
so that tools reading one read the other; what the extension adds is said in new keys: ``extension`` (what
moves and what sanctions count), an improvement's ``uncertain`` (a move whose preference is unknown, not
a certain improvement) and a sanction's ``unknown`` (its state is unknown against the start, not
certainly not better: it counts under extensions b and d only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.words import change_record, change_words, state_label

if TYPE_CHECKING:
    from standoff.analyses.unknown_explain import UnknownExplanation, UnknownMove


def moves_words(extension: str) -> str:
    """What moves count under ``extension`` (``M(s)``), in words."""
    return "improvements or uncertain moves" if extension in "ab" else "certain improvements only"


def sanctions_words(extension: str) -> str:
    """What counts as a sanction under ``extension`` (``P(s)``), in words."""
    return "certainly not better or unknown" if extension in "bd" else "certainly not better"


def unknown_explanation_text(explanation: UnknownExplanation) -> str:
    """One paragraph per decision maker: stable or not, then one line per move that counts."""
    from standoff.analyses.unknown_explain import concept_words

    space, conflict = explanation.space, explanation.conflict
    names = conflict.decision_maker_names

    def shown(s: int) -> str:
        return f"{s + 1} {space.pattern(s)}"

    lines = [f"State {shown(explanation.state)} under {concept_words(explanation.concept)}"]
    for dm in explanation.explained:
        moves = explanation.moves[dm]
        verdict = "stable" if explanation.stable_for(dm) else "not stable"
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


def unknown_sentences(explanation: UnknownExplanation) -> list[str]:
    """One sentence per move that counts (or per decision maker without any), in option words."""
    conflict, space = explanation.conflict, explanation.space
    names = dict(explanation.names)
    here = state_label(space, explanation.state, names)
    concept = CONCEPT_NAMES[explanation.concept]
    out = []
    for d in explanation.explained:
        dm = conflict.decision_maker_names[d]
        if not explanation.perceived(d):
            out.append(f"{dm} does not perceive {here}, so it cannot move from it: stable for {dm}.")
            continue
        if not explanation.moves[d]:
            what = moves_words(explanation.extension).removesuffix(" only")
            out.append(f"{dm} has no move from {here} that counts under {concept} ({what}): stable for {dm}.")
            continue
        for move in explanation.moves[d]:
            out.append(_move_sentence(explanation, d, move, here, names))
    return out


def _move_sentence(
    explanation: UnknownExplanation, d: int, move: UnknownMove, here: str, names: dict[int, str]
) -> str:
    conflict, space = explanation.conflict, explanation.space
    dm = conflict.decision_maker_names[d]
    concept = CONCEPT_NAMES[explanation.concept]
    there = state_label(space, move.target, names)
    words = change_words(conflict, space, explanation.state, move.target)
    start = (
        f"{dm} would prefer to {words} ({there})"
        if move.certain
        else f"{dm} might prefer to {words} ({there}; its preference is unknown, an uncertain move)"
    )
    if explanation.concept.startswith("nash_"):
        return f"{start}; under {concept} no sanction counts."
    if move.sanction is None:
        by = "own improvements or uncertain moves" if explanation.concept.startswith("seq_") else "moves"
        lenient = " or one whose preference against it is unknown" if explanation.extension in "bd" else ""
        escape = (
            " and cannot escape from by one move of its own" if explanation.concept.startswith("smr_") else ""
        )
        return (
            f"{start}; nothing deters this under {concept}: no sequence of the opponents' {by} leads to a "
            f"state {dm} likes no more than {here} in every reading{lenient}{escape}."
        )
    steps, previous = [], move.target
    for j, s in move.sanction:
        steps.append(
            f"{conflict.decision_maker_names[j]} would {change_words(conflict, space, previous, s)} "
            f"({state_label(space, s, names)})"
        )
        previous = s
    worth = (
        f"where {dm}'s preference against {here} is unknown, which counts as a sanction under {concept}"
        if move.unknown_sanction
        else f"which {dm} likes no more than {here} in every reading"
    )
    text = f"{start}; under {concept}, {', then '.join(steps)}, {worth}"
    if move.counter_moves:
        text += f", and none of {dm}'s {len(move.counter_moves)} possible counter-moves from there escapes it"
    return text + "."


def unknown_explanation_to_dict(explanation: UnknownExplanation) -> dict[str, Any]:
    """The explanation as a JSON-ready object, with the keys of the ordinary explanation's and three more
    (see the module's docstring)."""
    conflict, space = explanation.conflict, explanation.space
    dms = conflict.decision_maker_names
    names = dict(explanation.names)
    extension = explanation.extension
    nash = explanation.concept.startswith("nash_")

    def sanction(move: UnknownMove) -> dict[str, Any]:
        if move.sanction is None:
            return {"concept": explanation.concept, "deterred": False}
        steps, previous = [], move.target
        for j, s in move.sanction:
            steps.append({"dm": dms[j], "from": space.pattern(previous), "to": space.pattern(s)})
            previous = s
        record: dict[str, Any] = {
            "concept": explanation.concept,
            "deterred": True,
            "simultaneous": False,
            "moves": steps,
            "state": space.pattern(previous),
            "unknown": move.unknown_sanction,
        }
        if explanation.concept.startswith("smr_"):
            record["counter_moves"] = [space.pattern(s) for s in move.counter_moves]
        return record

    out: dict[str, Any] = {
        "state": space.pattern(explanation.state),
        "number": explanation.state + 1,
        "concept": explanation.concept,
        "stable": explanation.stable,
        "decision_makers": [],
        "explanation": unknown_sentences(explanation),
        "by_construction": list(explanation.by_construction()),
        "extension": {
            "name": extension,
            "moves": moves_words(extension),
            "sanctions": "none count (Nash)" if nash else sanctions_words(extension),
        },
    }
    if explanation.state in names:
        out["name"] = names[explanation.state]
    if conflict.fixed:
        out["fixed"] = {conflict.options[j].name: "Y" if value else "N" for j, value in conflict.fixed}
    for d in explanation.explained:
        out["decision_makers"].append(
            {
                "name": dms[d],
                "stable": explanation.stable_for(d),
                "perceived": explanation.perceived(d),
                "improvements": [
                    {
                        "to": space.pattern(move.target),
                        "number": move.target + 1,
                        "change": change_record(conflict, space, explanation.state, move.target),
                        "deterred": move.deterred,
                        "uncertain": not move.certain,
                        "sanctions": [sanction(move)],
                    }
                    for move in explanation.moves[d]
                ],
            }
        )
    return out
