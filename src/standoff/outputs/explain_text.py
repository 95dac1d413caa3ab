"""Explanations of stability as sentences, a terminal table and a JSON object."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from rich.console import Group
from rich.table import Table
from rich.text import Text

from standoff.concepts import CONCEPT_NAMES, is_strong
from standoff.outputs.words import change_record, change_words, state_label

if TYPE_CHECKING:
    from standoff.analyses.explain import (
        DecisionMakerExplanation,
        Explanation,
        ImprovementExplanation,
        Move,
        Sanction,
    )

_WHY_NOT = {
    "nash": "under Nash stability no sanction counts",
    "gmr": "no sequence of the opponents' moves leads to a state {dm} likes no more than {s}",
    "smr": (
        "no sequence of the opponents' moves leads to a state {dm} likes no more than {s} "
        "and cannot escape from by one move of its own"
    ),
    "seq": "no sequence of the opponents' own improvements leads to a state {dm} likes no more than {s}",
    "sim": (
        "no combination of the opponents' improvements from {s}, taken at the same time, "
        "leaves {dm} no better off"
    ),
    "gmr_strong": "no sequence of the opponents' moves leads to a state {dm} likes strongly less than {s}",
    "smr_strong": (
        "no sequence of the opponents' moves leads to a state {dm} likes strongly less than {s} "
        "and cannot escape from by one move of its own to a state it likes more than strongly less"
    ),
    "seq_strong": (
        "no sequence of the opponents' own improvements leads to a state {dm} likes strongly less than {s}"
    ),
}

_COUNTER_MOVES = ("smr", "smr_strong")
"""The concepts whose sanctions list the sanctioned decision maker's counter-moves."""


def sentences(explanation: Explanation) -> list[str]:
    """One sentence per unilateral improvement (or per decision maker without any), in option words."""
    conflict, space = explanation.conflict, explanation.space
    names = dict(explanation.names)
    here = state_label(space, explanation.index, names)
    out = []
    for d in explanation.decision_makers:
        dm = conflict.decision_makers[d.decision_maker].name
        concept = CONCEPT_NAMES[explanation.concept_of(d.decision_maker)]
        if explanation.profile:
            out.append(f"{dm} is judged by {concept}.")
        if not d.perceived:
            out.append(f"{dm} does not perceive {here}, so it cannot move from it: stable for {dm}.")
            continue
        if not d.improvements:
            why = "Nash" if concept == "Nash" else f"Nash, so under {concept}"
            out.append(f"{dm} has no unilateral improvement from {here}: stable for {dm} ({why}).")
            continue
        for item in d.improvements:
            out.append(_improvement_sentence(explanation, d, item, here, names))
    return out


def _improvement_sentence(
    explanation: Explanation,
    d: DecisionMakerExplanation,
    item: ImprovementExplanation,
    here: str,
    names: dict[int, str],
) -> str:
    conflict, space = explanation.conflict, explanation.space
    dm = conflict.decision_makers[d.decision_maker].name
    start = (
        f"{dm} would prefer to {change_words(conflict, space, explanation.index, item.improvement_index)} "
        f"({state_label(space, item.improvement_index, names)})"
    )
    clauses = []
    mild = dict(item.mild)
    for concept, sanction in item.sanctions:
        if sanction is None:
            why = _WHY_NOT[concept].format(dm=dm, s=here)
            clauses.append(f"nothing deters this under {CONCEPT_NAMES[concept]}: {why}")
            if concept in mild:
                clauses.append(
                    "only a mild sanction exists: "
                    + _sanction_clause(explanation, dm, mild[concept], here, names)
                )
        else:
            clauses.append(_sanction_clause(explanation, dm, sanction, here, names))
    return start + "; " + "; ".join(clauses) + "."


def _sanction_clause(
    explanation: Explanation, dm: str, sanction: Sanction, here: str, names: dict[int, str]
) -> str:
    conflict, space = explanation.conflict, explanation.space
    ranks = space.ranks[conflict.decision_maker_names.index(dm)]
    steps = [_move_words(explanation, m, names) for m in sanction.moves]
    if sanction.simultaneous:
        answer = "at the same time " + " while ".join(steps)
        answer += f", which together give {state_label(space, sanction.state_index, names)}"
    else:
        answer = ", then ".join(steps)
    worse = ranks[sanction.state_index] < ranks[explanation.index]
    how = "strongly less than" if is_strong(sanction.concept) else "less than" if worse else "no more than"
    text = f"under {CONCEPT_NAMES[sanction.concept]}, {answer}, which {dm} likes {how} {here}"
    if sanction.concept in _COUNTER_MOVES:
        count = len(sanction.counter_move_indices)
        escape = (
            f"each of {dm}'s {count} possible counter-moves from there leads to a state it likes strongly "
            f"less than {here} too"
            if is_strong(sanction.concept)
            else f"none of {dm}'s {count} possible counter-moves from there gets it above {here}"
        )
        text += f", and {escape}" if count else f", and {dm} cannot move away from there"
    return text


def _move_words(explanation: Explanation, move: Move, names: dict[int, str]) -> str:
    conflict, space = explanation.conflict, explanation.space
    who = conflict.decision_makers[move.decision_maker].name
    return (
        f"{who} would {change_words(conflict, space, move.source_index, move.target_index)} "
        f"({state_label(space, move.target_index, names)})"
    )


def explanation_table(explanation: Explanation) -> Group:
    """A table of improvements and sanctions per decision maker, then the explanation in sentences."""
    conflict, space = explanation.conflict, explanation.space
    names = dict(explanation.names)
    here = state_label(space, explanation.index, names)
    concept = explanation.concept_words
    verdict = (
        "stable for every decision maker"
        if explanation.stable
        else "not stable for "
        + ", ".join(
            conflict.decision_makers[d.decision_maker].name
            for d in explanation.decision_makers
            if not d.stable
        )
    )
    title = Text(
        f"{here}, pattern {space.pattern(explanation.index)}, under {concept}: {verdict}", style="bold"
    )
    table = Table(title="Unilateral improvements and their sanctions", title_justify="left")
    table.add_column("decision maker")
    table.add_column("improvement")
    table.add_column("deterred", justify="center")
    table.add_column("sanction (opponents' answer)")
    for d in explanation.decision_makers:
        dm = conflict.decision_makers[d.decision_maker].name
        if explanation.profile:
            dm += f" ({CONCEPT_NAMES[explanation.concept_of(d.decision_maker)]})"
        if not d.improvements:
            table.add_row(dm, "none" if d.perceived else "none (state not perceived)", "✓", "")
            continue
        for item in d.improvements:
            sanctions = []
            mild = dict(item.mild)
            for part, sanction in item.sanctions:
                label = CONCEPT_NAMES[part]
                if sanction is None:
                    shown = f"{label}: none"
                    if part in mild:
                        shown += (
                            f" (only mild: state {mild[part].state} {space.pattern(mild[part].state_index)})"
                        )
                    sanctions.append(shown)
                    continue
                joiner = " + " if sanction.simultaneous else " → "
                path = joiner.join(
                    f"{conflict.decision_makers[m.decision_maker].name}: "
                    f"{change_words(conflict, space, m.source_index, m.target_index)}"
                    for m in sanction.moves
                )
                sanctions.append(
                    f"{label}: {path} ⇒ state {sanction.state} {space.pattern(sanction.state_index)}"
                )
            table.add_row(
                dm,
                f"{change_words(conflict, space, explanation.index, item.improvement_index)} ⇒ state "
                f"{item.improvement_index + 1} {space.pattern(item.improvement_index)}",
                "✓" if item.deterred else "✗",
                "\n".join(sanctions),
                style=None if item.deterred else "red",
            )
    said = sentences(explanation)
    facts = explanation.by_construction()
    if facts:
        from standoff.outputs.audit_text import construction_words

        said.append(
            "By construction, not a finding: " + "; ".join(construction_words(f) for f in facts) + "."
        )
    text = Text("\n".join(f"• {s}" for s in said))
    if conflict.fixed:
        fixed = Text(
            f"Fixed: {conflict.fixed_text}. Only the {space.n_states} feasible states with these values are "
            "analysed; moves that would change them do not exist, and states are numbered among these."
        )
        return Group(title, fixed, table, text)
    return Group(title, table, text)


def explanation_to_dict(explanation: Explanation) -> dict[str, Any]:
    """The explanation as a JSON-ready object: states as patterns, moves as {dm, from, to}."""
    conflict, space = explanation.conflict, explanation.space
    names = dict(explanation.names)
    dms = conflict.decision_maker_names

    def move(m: Move) -> dict[str, Any]:
        return {
            "dm": dms[m.decision_maker],
            "from": space.pattern(m.source_index),
            "to": space.pattern(m.target_index),
        }

    out: dict[str, Any] = {
        "state": space.pattern(explanation.index),
        "number": explanation.index + 1,
        "concept": explanation.concept,
        "stable": explanation.stable,
        "decision_makers": [],
        "explanation": sentences(explanation),
        "by_construction": list(explanation.by_construction()),
    }
    if explanation.profile:
        out["profile"] = dict(zip(dms, explanation.profile, strict=True))
    if explanation.index in names:
        out["name"] = names[explanation.index]
    if conflict.fixed:
        out["fixed"] = {conflict.options[j].name: "Y" if value else "N" for j, value in conflict.fixed}
    for d in explanation.decision_makers:
        entry: dict[str, Any] = {
            "name": dms[d.decision_maker],
            "stable": d.stable,
            "perceived": d.perceived,
            "improvements": [],
        }
        if explanation.profile:  # under a profile, the concept this decision maker is judged by
            entry["concept"] = explanation.concept_of(d.decision_maker)
        for item in d.improvements:
            sanctions = []
            mild = dict(item.mild)
            for part, sanction in item.sanctions:
                if sanction is None:
                    missing: dict[str, Any] = {"concept": part, "deterred": False}
                    if part in mild:
                        missing["mild"] = {
                            "concept": mild[part].concept,
                            "moves": [move(m) for m in mild[part].moves],
                            "state": space.pattern(mild[part].state_index),
                        }
                    sanctions.append(missing)
                    continue
                record: dict[str, Any] = {
                    "concept": part,
                    "deterred": True,
                    "simultaneous": sanction.simultaneous,
                    "moves": [move(m) for m in sanction.moves],
                    "state": space.pattern(sanction.state_index),
                }
                if part in _COUNTER_MOVES:
                    counter = np.asarray(sanction.counter_move_indices, dtype=np.int64)
                    record["counter_moves"] = space.patterns(counter)
                sanctions.append(record)
            entry["improvements"].append(
                {
                    "to": space.pattern(item.improvement_index),
                    "number": item.improvement_index + 1,
                    "change": change_record(conflict, space, explanation.index, item.improvement_index),
                    "deterred": item.deterred,
                    "sanctions": sanctions,
                }
            )
        out["decision_makers"].append(entry)
    return out
