"""Coalition analysis as a terminal table, a JSON object, CSV, and its upsets in words."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from standoff.outputs.words import change_words, state_label

if TYPE_CHECKING:
    from standoff.analyses.coalitions import CoalitionAnalysis, Upset

MAX_ROWS = 200

_ANSWER = {
    "cgmr": "no sequence of moves by {others} brings any member back to a state it likes no more than {s}",
    "csmr": (
        "no sequence of moves by {others} brings a member back to a state it likes no more than {s} "
        "without the coalition escaping again to a state all its members prefer to {s}"
    ),
    "cseq": (
        "no sequence of improvements by {others} (each one for its mover) brings any member back to a "
        "state it likes no more than {s}"
    ),
}


def _names(result: CoalitionAnalysis) -> dict[int, str]:
    from standoff.outputs.table import state_names

    return state_names(result.conflict, result.space)


def _concept_name(concept: str) -> str:
    from standoff.stability.coalitions import COALITION_CONCEPT_NAMES

    return COALITION_CONCEPT_NAMES[concept]


def upset_sentence(result: CoalitionAnalysis, state: int, upset: Upset) -> str:
    """``Row+Column can upset state 4 = both_defect under CNash: Row: drop ..., then Column: ...``."""
    conflict, space = result.conflict, result.space
    dms = conflict.decision_maker_names
    names = _names(result)
    here = state_label(space, state, names)
    key = "+".join(dms[d] for d in upset.coalition)
    steps = ", then ".join(
        f"{dms[m.decision_maker]}: {change_words(conflict, space, m.source_index, m.target_index)}"
        for m in upset.moves
    )
    everyone = "both" if len(upset.coalition) == 2 else "all its members"
    text = (
        f"{key} can upset {here} under {_concept_name(upset.concept)}: {steps}, reaching "
        f"{state_label(space, upset.target_index, names)}, which {everyone} prefer"
    )
    others = [dms[d] for d in range(len(dms)) if d not in upset.coalition]
    if upset.concept == "cnash":
        return text + "."
    if not others:
        return text + "; no decision maker is left to answer."
    who = others[0] if len(others) == 1 else "+".join(others)
    return text + "; " + _ANSWER[upset.concept].format(others=who, s=f"state {state + 1}") + "."


def upset_to_dict(result: CoalitionAnalysis, state: int, upset: Upset) -> dict[str, Any]:
    """One upset as JSON: the state, the coalition, its joint move step by step, and the sentence."""
    conflict, space = result.conflict, result.space
    dms = conflict.decision_maker_names
    return {
        "state": space.pattern(state),
        "number": state + 1,
        "coalition": "+".join(dms[d] for d in upset.coalition),
        "members": [dms[d] for d in upset.coalition],
        "to": space.pattern(upset.target_index),
        "to_number": upset.target_index + 1,
        "moves": [
            {
                "dm": dms[m.decision_maker],
                "from": space.pattern(m.source_index),
                "to": space.pattern(m.target_index),
                "change": change_words(conflict, space, m.source_index, m.target_index),
            }
            for m in upset.moves
        ],
        "words": upset_sentence(result, state, upset),
    }


def coalitions_to_dict(result: CoalitionAnalysis, *, states: bool = True) -> dict[str, Any]:
    """The JSON object of ``standoff coalitions --format json`` (see docs/reference/json-output.md)."""
    conflict, space = result.conflict, result.space
    names = _names(result)
    keys = result.coalition_names
    dms = conflict.decision_maker_names
    data: dict[str, Any] = {
        "name": conflict.name,
        "decision_makers": list(dms),
        "coalitions": [[dms[d] for d in c] for c in result.coalitions],
        "concepts": list(result.concepts),
        "n_states": space.n_states,
    }
    if states:
        patterns = space.patterns()
        rows = []
        for s in range(space.n_states):
            stable = {
                key: {c: bool(result.stable[c][k, s]) for c in result.concepts} for k, key in enumerate(keys)
            }
            rows.append({"number": s + 1, "pattern": patterns[s], "name": names.get(s), "stable": stable})
        data["states"] = rows
    data["equilibria"] = {c: space.patterns(result.equilibrium_mask(c).nonzero()[0]) for c in result.concepts}
    data["individual_equilibria"] = {
        c: space.patterns(result.individual[c].nonzero()[0]) for c in result.concepts
    }
    data["upsets"] = {
        c: [upset_to_dict(result, s, u) for s, u in sorted(result.upsets[c].items())] for c in result.concepts
    }
    if result.status_quo_index is not None:
        data["status_quo"] = space.pattern(result.status_quo_index)
    return data


def coalitions_to_csv(result: CoalitionAnalysis) -> str:
    """Columns: state, pattern, name, ``<coalition>:<concept>`` (1/0), ``equilibrium:<concept>``,
    ``individual:<concept>``, status_quo."""
    names = _names(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["state", "pattern", "name"]
    for c in result.concepts:
        header += [f"{key}:{c}" for key in result.coalition_names] + [f"equilibrium:{c}", f"individual:{c}"]
    writer.writerow([*header, "status_quo"])
    masks = {c: result.equilibrium_mask(c) for c in result.concepts}
    for s, pattern in enumerate(result.space.patterns()):
        row: list[object] = [s + 1, pattern, names.get(s, "")]
        for c in result.concepts:
            row += [int(result.stable[c][k, s]) for k in range(len(result.coalitions))]
            row += [int(masks[c][s]), int(result.individual[c][s])]
        writer.writerow([*row, int(result.status_quo_index == s)])
    return buffer.getvalue()


def coalitions_table(
    result: CoalitionAnalysis, *, equilibria_only: bool = False, max_rows: int = MAX_ROWS
) -> Group:
    """States as rows, per concept a ✓ or · per coalition; then the equilibria and the upsets in words."""
    import numpy as np

    space = result.space
    names = _names(result)
    keys = result.coalition_names
    masks = {c: result.equilibrium_mask(c) for c in result.concepts}
    rows = list(range(space.n_states))
    if equilibria_only:
        wanted = np.zeros(space.n_states, dtype=bool)
        for c in result.concepts:
            wanted |= masks[c] | result.individual[c]
        rows = [int(s) for s in np.flatnonzero(wanted)]
    shown = rows[:max_rows]
    parts: list[Table | Text] = []
    parts.append(
        Text(
            f"Coalitional stability of {result.conflict.name} — marks per coalition: {', '.join(keys)}",
            style="table.title",
        )
    )
    table = Table()
    table.add_column("state", justify="right")
    table.add_column("pattern", style="bold")
    if names:
        table.add_column("name")
    for c in result.concepts:
        table.add_column(_concept_name(c), justify="center")
    table.add_column("coalitional equilibrium under")
    for s in shown:
        marks = [
            "".join("✓" if result.stable[c][k, s] else "·" for k in range(len(keys))) for c in result.concepts
        ]
        eq = [_concept_name(c) for c in result.concepts if masks[c][s]]
        label = f"{s + 1}*" if result.status_quo_index == s else str(s + 1)
        named = [names.get(s, "")] if names else []
        table.add_row(label, space.pattern(s), *named, *marks, ", ".join(eq), style="green" if eq else None)
    parts.append(table)
    parts.append(Text("✓ stable for that coalition, · not stable; * status quo", style="table.caption"))
    hidden = len(rows) - len(shown)
    if hidden > 0:
        parts.append(
            Text(f"… {hidden} more states not shown; use --format csv or --format json for all of them.")
        )
    parts.append(_equilibria(result))
    parts.extend(_upsets(result))
    return Group(*parts)


def _state_list(result: CoalitionAnalysis, mask: Any) -> str:
    names = _names(result)
    found = [int(s) for s in mask.nonzero()[0]]
    text = ", ".join(
        f"{s + 1} {result.space.pattern(s)}" + (f" = {names[s]}" if s in names else "") for s in found[:12]
    )
    more = len(found) - 12
    return (text + (f", … ({more} more)" if more > 0 else "")) or "none"


def _equilibria(result: CoalitionAnalysis) -> Table:
    from standoff.concepts import CONCEPT_NAMES
    from standoff.stability.coalitions import INDIVIDUAL

    table = Table(
        title="Equilibria: individual (every decision maker alone) and coalitional", title_justify="left"
    )
    table.add_column("concept")
    table.add_column("individual equilibria")
    table.add_column("coalitional equilibria")
    for c in result.concepts:
        individual = f"{CONCEPT_NAMES[INDIVIDUAL[c]]}: {_state_list(result, result.individual[c])}"
        table.add_row(_concept_name(c), individual, _state_list(result, result.equilibrium_mask(c)))
    return table


def _upsets(result: CoalitionAnalysis) -> list[Text]:
    lines: list[Text] = []
    for c in result.concepts:
        for s, upset in sorted(result.upsets[c].items()):
            lines.append(Text(upset_sentence(result, s, upset)))
    if lines:
        lines.insert(0, Text("Individual equilibria that a coalition upsets", style="table.title"))
    return lines


def coalitions_html(result: CoalitionAnalysis) -> str:
    """A notebook view: per state the marks of every coalition under each concept, then the upsets."""
    from html import escape

    names = _names(result)
    masks = {c: result.equilibrium_mask(c) for c in result.concepts}
    head = "".join(f"<th>{_concept_name(c)}</th>" for c in result.concepts)
    rows = []
    for s in range(min(result.space.n_states, MAX_ROWS)):
        marks = "".join(
            "<td>"
            + "".join("✓" if result.stable[c][k, s] else "·" for k in range(len(result.coalitions)))
            + "</td>"
            for c in result.concepts
        )
        eq = ", ".join(_concept_name(c) for c in result.concepts if masks[c][s])
        rows.append(
            f"<tr><td>{s + 1}</td><td>{result.space.pattern(s)}</td><td>{escape(names.get(s, ''))}</td>"
            f"{marks}<td>{eq}</td></tr>"
        )
    upsets = "".join(
        f"<li>{escape(upset_sentence(result, s, u))}</li>"
        for c in result.concepts
        for s, u in sorted(result.upsets[c].items())
    )
    title = (
        f"<p>Coalitional stability of {escape(result.conflict.name)}; marks per coalition: "
        f"{escape(', '.join(result.coalition_names))}</p>"
    )
    header = (
        f"<tr><th>state</th><th>pattern</th><th>name</th>{head}<th>coalitional equilibrium under</th></tr>"
    )
    listed = f"<ul>{upsets}</ul>" if upsets else ""
    return f"<div>{title}<table>{header}{''.join(rows)}</table>{listed}</div>"
