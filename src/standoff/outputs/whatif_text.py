"""What would have to change, in words, as a table, as JSON data and as HTML (rendering only)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np

from standoff.analyses.edits import Edit, entry_groups, item_texts
from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.table import state_names
from standoff.outputs.words import change_words, state_label

if TYPE_CHECKING:
    from rich.console import Group

    from standoff.analyses.ranking_inverse import RankingChange
    from standoff.analyses.whatif import Requirement, Sanction, WhatIf

MAX_TIED = 3
"""Most states named when saying which group a ranking entry joins."""


def _quoted(text: str) -> str:
    return f"“{text}”"


def edit_words(answer: WhatIf, edit: Edit) -> str:
    """One edit as a sentence: ``DPRK would have to rank “suspend_exercises” below “lift_sanctions”``."""
    dm = answer.conflict.decision_makers[edit.dm].name
    texts = item_texts(answer.conflict, edit.dm)
    item = texts[edit.item]
    if edit.kind == "drop":
        # numbered as the model lists the statements, whatever edits come before it in the change set
        return f"{dm} would have to drop {_quoted(item)} (statement {edit.item + 1})"
    if edit.kind in ("up", "down"):
        side = "above" if edit.kind == "up" else "below"
        other = texts[edit.other] if edit.other is not None else "?"
        return f"{dm} would have to rank {_quoted(item)} {side} {_quoted(other)}"
    key = entry_groups(edit.result)
    group = key[edit.item] if key else 0
    mates = [texts[e] for e, g in enumerate(key) if g == group and e != edit.item]
    if mates:
        shown = ", ".join(mates[:MAX_TIED]) + (
            f" and {len(mates) - MAX_TIED} more" if len(mates) > MAX_TIED else ""
        )
        where = f"now tied with {shown}"
    else:
        below = [texts[e] for e, g in enumerate(key) if g == group + 1]
        above = [texts[e] for e, g in enumerate(key) if g == group - 1]
        if edit.direction == "up" and below:
            where = f"now alone, above {below[0]}" + (
                " and the states tied with it" if len(below) > 1 else ""
            )
        elif above:
            where = f"now alone, below {above[0]}" + (
                " and the states tied with it" if len(above) > 1 else ""
            )
        else:
            where = "now alone in its group"
    return f"{dm} would have to move {item} {edit.direction} one group ({where})"


def _change_dict(answer: WhatIf, edit: Edit) -> dict[str, Any]:
    texts = item_texts(answer.conflict, edit.dm)
    out: dict[str, Any] = {
        "dm": answer.conflict.decision_makers[edit.dm].name,
        "edit": edit.kind,
        "statement": texts[edit.item],
        "cost": 1,
    }
    if edit.kind == "move":
        key = entry_groups(edit.result)
        mates = [texts[e] for e, g in enumerate(key) if g == key[edit.item] and e != edit.item]
        out.update(
            {
                "kind": "ranking entry",
                "direction": edit.direction,
                "group_before": edit.before,
                "group_after": edit.after,
                "tied_with": mates,
            }
        )
    else:
        out.update(
            {
                "kind": "statement",
                "from": edit.before,
                "to": edit.after or None,
                "statement_number": edit.item + 1,
            }
        )
        if edit.other is not None:
            out["passes"] = texts[edit.other]
    out["words"] = edit_words(answer, edit)
    return out


def _state_dict(answer: WhatIf, index: int) -> dict[str, Any]:
    names = state_names(answer.conflict, answer.space)
    return {"number": index + 1, "pattern": answer.space.pattern(index), "name": names.get(index)}


def requirement_words(answer: WhatIf, requirement: Requirement) -> tuple[str, list[str]]:
    """An undeterred improvement as a sentence, and one line per sanction that would deter it."""
    conflict, space = answer.conflict, answer.space
    names = state_names(conflict, space)
    dm = conflict.decision_makers[requirement.dm].name
    here = state_label(space, answer.target, names)
    there = state_label(space, requirement.improvement_index, names)
    move = change_words(conflict, space, answer.target, requirement.improvement_index)
    if answer.concept == "nash":
        head = f"{dm} would {move} ({there}): {dm} must rank it no higher than {here}."
        return head, []
    head = (
        f"{dm} would {move} ({there}), and nothing deters it: either {dm} ranks it no higher than "
        f"{here}, or one of these answers becomes a sanction:"
    )
    lines = [_sanction_words(answer, requirement, s) for s in requirement.sanctions]
    if requirement.more:
        lines.append(f"… and {requirement.more} more")
    if not requirement.sanctions:
        head = (
            f"{dm} would {move} ({there}) and no answer can deter it: "
            f"{dm} must rank it no higher than {here}."
        )
    return head, lines


def _sanction_words(answer: WhatIf, requirement: Requirement, sanction: Sanction) -> str:
    conflict, space = answer.conflict, answer.space
    names = state_names(conflict, space)
    dm = conflict.decision_makers[requirement.dm].name
    here = state_label(space, answer.target, names)
    there = state_label(space, sanction.state_index, names)
    movers = [conflict.decision_makers[m].name for m in sanction.movers]
    if answer.concept in ("sim",):
        parts = change_words(conflict, space, requirement.improvement_index, sanction.state_index)
        how = f"{' and '.join(movers)}, at the same time: {parts}"
    elif sanction.one_move and movers:
        move = change_words(conflict, space, requirement.improvement_index, sanction.state_index)
        how = f"{movers[0]}: {move}"
    else:
        how = f"{' and '.join(movers)} in turn"
    needs = []
    if sanction.rank_needed:
        needs.append(f"{dm} ranks it no higher than {here}")
    if answer.concept == "smr":
        needs.append(f"no move of {dm} from there is better for {dm} than {here}")
    for m in sanction.improvement_needed:
        mover = conflict.decision_makers[m].name
        if answer.concept == "sim":
            needs.append(f"{mover}'s part is an improvement for {mover} from {here}")
        elif sanction.one_move:
            needs.append(f"{mover} prefers it to {state_label(space, requirement.improvement_index, names)}")
        else:
            needs.append("every move on the way is an improvement for its mover")
    need = "; needs: " + "; ".join(needs) if needs else " (already credible and no better)"
    return f"{how} ⇒ {there}{need}"


def whatif_to_dict(answer: WhatIf) -> dict[str, Any]:
    """The JSON object of ``standoff whatif --format json``."""
    conflict = answer.conflict
    names = [dm.name for dm in conflict.decision_makers]
    sets = [
        {
            "cost": change.cost,
            "changes": [_change_dict(answer, e) for e in change.edits],
            "per_dm": {names[d]: change.cost_of(d) for d in answer.allowed},
            "reorderings": change.reorderings,
            "dropped": change.dropped,
        }
        for change in answer.changes
    ]
    conditions = []
    for requirement in answer.requirements:
        _, lines = requirement_words(answer, requirement)
        conditions.append(
            {
                "dm": conflict.decision_makers[requirement.dm].name,
                "improvement": _state_dict(answer, requirement.improvement_index),
                "move": change_words(conflict, answer.space, answer.target, requirement.improvement_index),
                "sanctions": [
                    {
                        **_state_dict(answer, s.state_index),
                        "by": [conflict.decision_makers[m].name for m in s.movers],
                        "rank_needed": s.rank_needed,
                        "improvement_needed_for": [
                            conflict.decision_makers[m].name for m in s.improvement_needed
                        ],
                        "words": line,
                    }
                    for s, line in zip(requirement.sanctions, lines, strict=False)
                ],
                "more_sanctions": requirement.more,
                "words": requirement_words(answer, requirement)[0],
            }
        )
    return {
        "target": answer.space.pattern(answer.target),
        "concept": answer.concept,
        "cost": answer.cost,
        "exact": answer.exact,
        "changes": sets[0]["changes"] if sets else [],
        "state": _state_dict(answer, answer.target),
        "exact_up_to": answer.exact_up_to,
        "max_cost": answer.max_cost,
        "impossible": answer.impossible,
        "may_change": [conflict.decision_makers[d].name for d in answer.allowed],
        "stable_now": {
            dm.name: stable for dm, stable in zip(conflict.decision_makers, answer.stable_now, strict=True)
        },
        "change_sets": sets,
        "more_change_sets": answer.more_sets,
        "conditions": conditions,
        "combinations_checked": answer.checked,
        "notes": list(answer.notes),
        "per_dm": sets[0]["per_dm"] if sets else None,
        "pareto": [{names[d]: v[d] for d in answer.allowed} for v in answer.pareto],
        "pareto_up_to": answer.pareto_up_to,
        "pareto_exact": answer.pareto_exact,
        "ranking_level": [
            {
                "dm": names[r.dm],
                "relevant_states": r.n_relevant,
                "distance": r.distance,
                "exact": r.exact,
                "checked_up_to": r.checked_up_to if r.checked_up_to != float("inf") else None,
                "ranking": [answer.space.patterns(np.array(g, dtype=np.int64)) for g in r.order],
                "words": ranking_words(answer, r),
            }
            for r in answer.rankings
        ],
    }


def ranking_words(answer: WhatIf, change: RankingChange) -> str:
    """The ranking-level answer for one decision maker, in a sentence."""
    who = answer.conflict.decision_makers[change.dm].name
    states = f"its ranking of the {change.n_relevant} states that matter"
    alone = answer.concept in ("nash", "gmr", "smr")
    goal = f"stable for {who}" if alone else "an equilibrium"
    if change.distance == 0:
        return f"{who}: {goal} already; nothing in {states} has to move."
    if change.distance is None:
        if change.exact:
            return f"{who}: no ranking of {states} makes it {goal} (exact)."
        if change.looked_at == 0:
            return f"{who}: not searched: the {change.n_relevant} states that matter are too many (bounded)."
        within = (
            f"; every ranking within {_swaps(change.checked_up_to)} was checked"
            if change.checked_up_to > 0
            else ""
        )
        return (
            f"{who}: none of the {change.looked_at:,} rankings of the {change.n_relevant} states that matter "
            f"nearest its stated one makes it {goal}{within} (bounded)."
        )
    others = "" if alone else ", the others' preferences as stated"
    if change.exact:
        how, most = "exact", ""
    else:
        within = _swaps(change.checked_up_to) if change.checked_up_to > 0 else "none"
        how, most = f"bounded: every ranking within {within} was checked", "at most "
    return (
        f"{who}: {most}{_swaps(change.distance)} in {states} (Kendall tau distance; a tie made or broken "
        f"counts 1/2) make it {goal}{others} ({how})."
    )


def _swaps(value: float) -> str:
    text = f"{value:g}"
    return f"{text} adjacent swap{'s' * (value != 1)}"


def verdict(answer: WhatIf) -> str:
    """The answer in one sentence."""
    conflict, space = answer.conflict, answer.space
    names = state_names(conflict, space)
    here = state_label(space, answer.target, names)
    concept = CONCEPT_NAMES[answer.concept]
    unstable = [dm.name for dm, ok in zip(conflict.decision_makers, answer.stable_now, strict=True) if not ok]
    now = "an equilibrium already" if not unstable else "not stable for " + ", ".join(unstable)
    head = f"{here} ({space.pattern(answer.target)}) under {concept}: {now}"
    who = ", ".join(conflict.decision_makers[d].name for d in answer.allowed) or "nobody"
    if answer.cost == 0:
        return f"{head}; nothing has to change."
    if answer.cost is None:
        if answer.impossible:
            why = ""
            alone = answer.concept in ("nash", "gmr", "smr")
            fixed = [
                dm.name
                for d, (dm, ok) in enumerate(zip(conflict.decision_makers, answer.stable_now, strict=True))
                if not ok and d not in answer.allowed
            ]
            if alone and fixed:
                why = (
                    f" Under {concept} its stability for {', '.join(fixed)} depends on "
                    f"{'their' if len(fixed) > 1 else 'its'} own preferences alone, so no change of anyone "
                    "else's preferences can help."
                )
            return (
                f"{head}. No reordering or dropping of the statements of {who} (or moving of their ranking "
                f"entries) makes it an equilibrium (exact; a claim about these edits only).{why}"
            )
        bound = (
            f"within {answer.max_cost} edit(s)" if answer.max_cost is not None else "by the bounded search"
        )
        exact = (
            f"; every change of up to {answer.exact_up_to} edit(s) was checked"
            if answer.exact_up_to >= 0
            else ""
        )
        return f"{head}. No reordering or dropping of the statements of {who} found {bound}{exact}."
    edits = f"{answer.cost} edit{'s' * (answer.cost != 1)}"
    if answer.exact:
        how = (
            f"exact: no change of {answer.cost - 1} edit{'s' * (answer.cost != 2)} or fewer works"
            if answer.cost > 1
            else "exact"
        )
    else:
        how = (
            f"bounded search: every change of up to {answer.exact_up_to} edit(s) was checked and none works; "
            f"one of {answer.exact_up_to + 1} to {answer.cost - 1} edit(s) may exist"
            if answer.cost - 1 > answer.exact_up_to >= 0
            else "bounded search: a change of fewer edits may exist"
            if answer.exact_up_to < 0
            else f"every change of up to {answer.exact_up_to} edit(s) was checked"
        )
    return f"{head}. Least change ({who} may change): {edits} ({how})."


def edit_rows(answer: WhatIf) -> list[tuple[int, int, str, str, str, str]]:
    """Rows (set, cost, decision maker, edit, statement, words) for every change set listed."""
    rows = []
    for k, change in enumerate(answer.changes, start=1):
        for edit in change.edits:
            data = _change_dict(answer, edit)
            rows.append((k, change.cost, data["dm"], data["edit"], data["statement"], data["words"]))
    return rows


def whatif_report(answer: WhatIf, written: str | None = None) -> Group:
    """The answer, each change set as a table, the conditions, and the notes."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [Text(verdict(answer), style="bold")]
    for k, change in enumerate(answer.changes, start=1):
        if not change.edits:
            continue
        title = f"Change set {k} of {len(answer.changes)}" if len(answer.changes) > 1 else "Change set"
        table = Table(title=f"{title} (cost {change.cost}), edits in order", title_justify="left")
        table.add_column("#", justify="right")
        table.add_column("decision maker")
        table.add_column("edit")
        table.add_column("what would have to change")
        for n, edit in enumerate(change.edits, start=1):
            table.add_row(
                str(n), answer.conflict.decision_makers[edit.dm].name, edit.kind, edit_words(answer, edit)
            )
        parts.append(table)
    if answer.more_sets:
        parts.append(Text(f"(only the first {len(answer.changes)} change sets of least cost are listed)"))
    names = [dm.name for dm in answer.conflict.decision_makers]
    if answer.changes and answer.cost:
        first = answer.changes[0]
        per = ", ".join(f"{names[d]} {first.cost_of(d)}" for d in answer.allowed)
        parts.append(
            Text(
                f"Who gives up what (change set 1): {per}; {first.reorderings} reordering(s), "
                f"{first.dropped} statement(s) dropped."
            )
        )
    if answer.pareto and answer.cost:
        vectors = "; ".join(
            "(" + ", ".join(f"{names[d]} {v[d]}" for d in answer.allowed) + ")" for v in answer.pareto
        )
        scope = "exact" if answer.pareto_exact else "bounded"
        parts.append(
            Text(
                f"Pareto set of the edits each decision maker makes, among change sets of up to "
                f"{answer.pareto_up_to} edits in all ({scope}): {vectors}."
            )
        )
    if answer.rankings and answer.cost != 0:
        lines = ["At the level of rankings of states (as inverse GMCR searches them, Kinsara et al. 2015):"]
        lines += [f"• {ranking_words(answer, r)}" for r in answer.rankings]
        parts.append(Text("\n".join(lines)))
    if answer.requirements:
        lines = [f"Conditions, in the model as it stands (under {CONCEPT_NAMES[answer.concept]}):"]
        for requirement in answer.requirements:
            head, sanctions = requirement_words(answer, requirement)
            lines.append(f"• {head}")
            lines += [f"    – {line}" for line in sanctions]
        parts.append(Text("\n".join(lines)))
    for note in answer.notes:
        parts.append(Text(f"Note: {note}."))
    if written:
        parts.append(Text(f"The changed model (change set 1) is written to {written}."))
    return Group(*parts)


def whatif_html(answer: WhatIf) -> str:
    """The answer as HTML, for notebooks and the report."""
    rows = "".join(
        f"<tr><td>{k}</td><td>{escape(dm)}</td><td>{escape(kind)}</td><td>{escape(words)}</td></tr>"
        for k, _, dm, kind, _, words in edit_rows(answer)
    )
    table = (
        "<table><thead><tr><th>set</th><th>decision maker</th><th>edit</th><th>what would have to change</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    conditions = "".join(
        f"<li>{escape(head)}"
        + ("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ul>" if lines else "")
        + "</li>"
        for head, lines in (requirement_words(answer, r) for r in answer.requirements)
    )
    listed = f"<p>Conditions in the model as it stands:</p><ul>{conditions}</ul>" if conditions else ""
    notes = "".join(f"<p>Note: {escape(n)}.</p>" for n in answer.notes)
    return f"<div class='standoff-whatif'><p><b>{escape(verdict(answer))}</b></p>{table}{listed}{notes}</div>"
