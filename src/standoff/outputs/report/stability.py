"""The report's stability section: every state (or the part shown) under every concept."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import numpy as np

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.report.refs import rank_number, short_names, state_names, state_refs

if TYPE_CHECKING:
    from standoff.analyses.report import Report


MAX_TABLE_ROWS = 200
MAX_LISTED = 24
"""Most equilibria the equilibria table lists per concept (the count says how many more)."""


def _table_rows(report: Report) -> tuple[list[int], str]:
    """Which states the table lists, and a sentence when it cannot list them all."""
    result = report.result
    n = result.space.n_states
    if n <= MAX_TABLE_ROWS:
        return list(range(n)), ""
    # Priority: the status quo, the drawn states, the chosen concept's equilibria, then the others'.
    wanted: dict[int, None] = {}
    if result.status_quo_index is not None:
        wanted[result.status_quo_index] = None
    wanted.update(dict.fromkeys(report.graph.states))
    for c in (report.concept, *result.concepts):
        wanted.update(dict.fromkeys(int(s) for s in np.flatnonzero(result.equilibrium_mask(c))))
    if result.profile is not None:
        wanted.update(dict.fromkeys(int(s) for s in np.flatnonzero(result.profile.equilibrium_mask)))
    rows = sorted(list(wanted)[:MAX_TABLE_ROWS])
    which = (
        "the states drawn in the graph and the equilibria"
        if len(wanted) <= MAX_TABLE_ROWS
        else f"the states drawn in the graph and then equilibria, {MAX_TABLE_ROWS} in all"
    )
    return rows, (
        f"The model has {n} states; the table lists {which}. "
        "<code>standoff analyze --format csv</code> gives every state."
    )


def stability_section(report: Report) -> str:
    """The stability table: each state's ranks and stability per decision maker under every concept."""
    result = report.result
    conflict = result.conflict
    dms = conflict.decision_makers
    n = len(dms)
    rows, note = _table_rows(report)
    named = state_names(result)
    masks = {c: result.equilibrium_mask(c) for c in result.concepts}
    short = short_names([d.name for d in dms])
    out = ['<section id="stability"><h2>Stability</h2>']
    out.append(
        "<p>For each state: how each decision maker ranks it (1 = most preferred) and, under each stability "
        "concept, whether it is stable for each decision maker (✓). A state stable for every decision "
        "maker is an equilibrium (“all”: under every concept). "
        f"Rows of {CONCEPT_NAMES[report.concept]} equilibria are green; the status quo is marked SQ.</p>"
    )
    if note:
        out.append(f'<p class="partial">{note}</p>')
    head1 = ['<th rowspan="2">state</th><th rowspan="2">pattern</th>', f'<th colspan="{n}">rank</th>']
    head1 += [f'<th colspan="{n}" class="concept">{CONCEPT_NAMES[c]}</th>' for c in result.concepts]
    head1.append('<th rowspan="2">equilibrium under</th>')
    head2 = "".join(
        f'<th class="dm" title="{escape(d.name)}">{escape(a)}</th>' for d, a in zip(dms, short, strict=True)
    ) * (1 + len(result.concepts))
    if short != [d.name for d in dms]:
        out.append(
            "<p class='muted'>Columns: "
            + ", ".join(
                f"{escape(a)} = {escape(d.name)}" for d, a in zip(dms, short, strict=True) if a != d.name
            )
            + ".</p>"
        )
    out.append(
        f'<div class="table-frame"><table class="stability"><thead><tr>{"".join(head1)}</tr>'
        f"<tr>{head2}</tr></thead><tbody>"
    )
    for s in rows:
        eq = [CONCEPT_NAMES[c] for c in result.concepts if masks[c][s]]
        eq_text = "all" if len(eq) == len(result.concepts) and len(eq) > 1 else ", ".join(eq)
        if result.profile is not None and result.profile.equilibrium_mask[s]:
            eq_text = ", ".join(filter(None, (eq_text, "profile")))
        classes = []
        if masks[report.concept][s]:
            classes.append("equilibrium")
        elif eq:
            classes.append("equilibrium-other")
        if result.status_quo_index == s:
            classes.append("status-quo")
        label = f"{s + 1}" + (' <span class="sq">SQ</span>' if result.status_quo_index == s else "")
        names = named.get(s)
        if names:
            label += f'<br><span class="name">{escape(", ".join(names))}</span>'
        cells = [f'<td class="rank">{rank_number(result, i, s)}</td>' for i in range(n)]
        for c in result.concepts:
            cells += [
                f'<td class="mark{" first" if i == 0 else ""}">{"✓" if result.stable[c][i, s] else ""}</td>'
                for i in range(n)
            ]
        out.append(
            f'<tr id="row-{s + 1}" class="{" ".join(classes)}"><td class="num">{label}</td>'
            f"<td><code>{result.space.pattern(s)}</code></td>{''.join(cells)}"
            f'<td class="eq">{escape(eq_text)}</td></tr>'
        )
    out.append("</tbody></table></div>")
    out.append(profile_paragraph(report))
    out.append(equilibria_table(report))
    out.append("</section>")
    return "".join(out)


def equilibria_table(report: Report) -> str:
    """The equilibria under every concept computed (as ``standoff analyze`` lists them): one row per
    concept, the profile's, and for an unknown-preference concept the exact answer over the readings,
    the equilibria of the ordinary concept in every reading and in some."""
    from standoff.outputs.table import readings_equilibria

    result = report.result

    def row(label: str, mask: np.ndarray, **data: str) -> str:
        found = [int(s) for s in np.flatnonzero(mask)]
        attributes = "".join(f' data-{k}="{escape(v)}"' for k, v in data.items())
        return (
            f"<tr{attributes}><td>{escape(label)}</td><td class='num'>{len(found)}</td>"
            f"<td>{state_refs(result, found, MAX_LISTED) if found else 'none'}</td></tr>"
        )

    rows = [row(CONCEPT_NAMES[c], result.equilibrium_mask(c), concept=c) for c in result.concepts]
    if result.profile is not None:
        rows.append(
            row(f"profile ({result.profile.text})", result.profile.equilibrium_mask, concept="profile")
        )
    readings = readings_equilibria(result)
    for base, (every, some) in readings.items():
        rows.append(row(f"{CONCEPT_NAMES[base]} in every reading", every, concept=base, readings="every"))
        rows.append(row(f"{CONCEPT_NAMES[base]} in some reading", some, concept=base, readings="some"))
    answer = result.extras.get("unknown_preferences")
    if answer is not None and answer.left_out and any(c.startswith("seq_") for c in result.concepts):
        readings_note = (
            "<p>SEQ's exact answer over the readings (in every reading, in some) is left out: its sanctions "
            "read the opponents' preferences too, so it needs every joint reading, and "
            f"{answer.left_out}.</p>"
        )
    else:
        readings_note = ""
    said = readings_note + (
        "<p>Under unknown preferences, Li et al.'s extensions judge each pair of states on its own; the "
        "exact answer looks at whole readings (one ranking per decision maker at once): a state is an "
        "equilibrium in every reading, or in some.</p>"
        if readings
        else ""
    )
    return (
        '<h3 id="equilibria">Equilibria</h3><p>The states stable for every decision maker, per concept.</p>'
        f"{said}<table class='equilibria'><thead><tr><th>concept</th><th>count</th><th>states</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def profile_paragraph(report: Report) -> str:
    """The equilibria under the model's profile (a concept per decision maker), or '' without one."""
    result = report.result
    profile = result.profile
    if profile is None:
        return ""
    named = state_names(result)
    found = [int(s) for s in np.flatnonzero(profile.equilibrium_mask)]
    shown = [
        f"<a href='#row-{s + 1}'>{s + 1}</a> <code>{result.space.pattern(s)}</code>"
        + (f" ({escape(', '.join(named[s]))})" if named.get(s) else "")
        for s in found[:MAX_TABLE_ROWS]
    ]
    more = f", … ({len(found) - len(shown)} more)" if len(found) > len(shown) else ""
    listed = ", ".join(shown) + more if shown else "none"
    return (
        f'<p id="profile"><b>Profile</b>: each decision maker judged by its own concept '
        f"({escape(profile.text)}). A state stable for every decision maker under its own concept is "
        f"an equilibrium under the profile (“profile” in the last column): {listed}.</p>"
    )
