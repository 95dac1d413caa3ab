"""The HTML report: one self-contained page that explains a conflict and its analysis to a reader.

:func:`render_report` turns a :class:`Report` (gathered by the ``standoff
report`` command from the analyses) into a single HTML document with its
stylesheet, its small script and the state graph inline: it opens from disk
with no network. Sections: the model in words, the state graph, the
stability table, why the status quo and each equilibrium are (or are not)
stable, where the conflict can go from the status quo, and the observed
history. A section whose analysis was not gathered is left out.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

import numpy as np

from standoff.analyses.states import names_by_state
from standoff.concepts import CONCEPT_NAMES
from standoff.model.conflict import Direction
from standoff.model.preferences import Payoffs, Prioritization, Ranking
from standoff.outputs.graph_svg import dm_colour, dm_dash, render_state_graph
from standoff.outputs.report_assets import SCRIPT, STYLE

if TYPE_CHECKING:
    from standoff.analyses.explain import Explanation, Sanction
    from standoff.analyses.report import Report
    from standoff.analyses.stability import AnalysisResult
    from standoff.model.expressions import Expression
    from standoff.model.preferences import Entry

MAX_TABLE_ROWS = 200
MAX_RANKING_STATES = 100

DIRECTION_WORDS = {
    Direction.BOTH: "can be taken and dropped",
    Direction.FORWARD: "once taken, cannot be dropped (N→Y only)",
    Direction.BACKWARD: "once dropped, cannot be taken again (Y→N only)",
}


# -- small helpers --------------------------------------------------------------------------------------


def _state_refs(result: AnalysisResult, states: Sequence[int], limit: int) -> str:
    """The first ``limit`` states as references, and how many more there are."""
    more = f", … ({len(states) - limit} more)" if len(states) > limit else ""
    return ", ".join(_state_ref(result, s) for s in states[:limit]) + more


def _state_ref(result: AnalysisResult, s: int) -> str:
    """``5 YNNY`` (and the state's name, if the model names it), linking to its row of the table."""
    names = _named(result).get(s)
    name = f' <span class="state-name">{escape(", ".join(names))}</span>' if names else ""
    text = f"{s + 1} <code>{result.space.pattern(s)}</code>{name}"
    return f'<a class="state-ref" href="#row-{s + 1}">{text}</a>'


def _move_words(result: AnalysisResult, source: int, target: int) -> str:
    """What changes between two states, in option words: ``US takes lift_sanctions, drops exercises``."""
    conflict = result.conflict
    before, after = int(result.space.codes[source]), int(result.space.codes[target])
    by_dm: dict[int, list[str]] = {}
    for j, option in enumerate(conflict.options):
        if (before ^ after) >> j & 1:
            verb = "takes" if after >> j & 1 else "drops"
            by_dm.setdefault(option.owner, []).append(f"{verb} <i>{escape(option.name)}</i>")
    return (
        "; ".join(
            f"{escape(conflict.decision_makers[d].name)} {', '.join(words)}"
            for d, words in sorted(by_dm.items())
        )
        or "no option changes"
    )


def _entry_text(result: AnalysisResult, entry: Entry, text: str = "") -> str:
    if text:
        return text
    if isinstance(entry, int):
        m = result.space.n_options
        return "".join("Y" if entry >> j & 1 else "N" for j in range(m))
    return result.conflict.describe(entry)


def _expr(result: AnalysisResult, expression: Expression) -> str:
    return f"<code>{escape(result.conflict.describe(expression))}</code>"


def _para(text: str) -> str:
    """Free text from the model, paragraphs kept."""
    blocks = [b.strip() for b in text.strip().split("\n\n") if b.strip()]
    return "".join(f"<p>{escape(' '.join(b.split()))}</p>" for b in blocks)


def _rank_number(result: AnalysisResult, dm: int, s: int) -> int:
    """1 for the decision maker's most preferred states, counting tie groups."""
    ranks = result.space.ranks[dm]
    return int(ranks.max()) - int(ranks[s]) + 1


def short_names(names: Sequence[str], limit: int = 6) -> list[str]:
    """Column headings for decision makers: the name if short, else initials or a prefix; all different."""
    out = []
    for name in names:
        words = name.split()
        if len(name) <= limit:
            out.append(name)
        elif len(words) > 1:
            out.append("".join(w[0] for w in words if w[0].isalnum()).upper()[:limit])
        else:
            out.append(name[: limit - 1] + ".")
    return out if len(set(out)) == len(out) else list(names)


_NAMES: weakref.WeakKeyDictionary[AnalysisResult, dict[int, list[str]]] = weakref.WeakKeyDictionary()


def _named(result: AnalysisResult) -> dict[int, list[str]]:
    """Names of the named states that denote exactly one feasible state (looked up once per result)."""
    found = _NAMES.get(result)
    if found is None:
        found = _NAMES[result] = names_by_state(result.conflict, result.space)
    return found


# -- sections -------------------------------------------------------------------------------------------


def _summary(report: Report) -> str:
    result = report.result
    conflict, space = result.conflict, result.space
    m = space.n_options
    eq = [int(s) for s in np.flatnonzero(result.equilibrium_mask(report.concept))]
    items = [
        f"<li><b>{len(conflict.decision_makers)}</b> decision makers: "
        + ", ".join(escape(d.name) for d in conflict.decision_makers)
        + "</li>",
        f"<li><b>{m}</b> options, <b>{space.n_states}</b> feasible states of {2**m}</li>",
    ]
    if result.status_quo_index is not None:
        items.append(f"<li>status quo: state {_state_ref(result, result.status_quo_index)}</li>")
    shown = _state_refs(result, eq, 12)
    items.append(
        f"<li><b>{len(eq)}</b> {CONCEPT_NAMES[report.concept]} equilibri{'um' if len(eq) == 1 else 'a'}"
        f"{': ' + shown if eq else ''}</li>"
    )
    counts = ", ".join(f"{CONCEPT_NAMES[c]} {result.equilibrium_count(c)}" for c in result.concepts)
    items.append(f"<li>equilibria under every concept computed: {counts}</li>")
    return f'<ul class="summary">{"".join(items)}</ul>'


def _model_section(report: Report) -> str:
    result = report.result
    conflict = result.conflict
    out = ['<section id="model"><h2>The model</h2>']
    if conflict.description:
        out.append(_para(conflict.description))
    if conflict.source:
        out.append(f'<p class="source"><b>Source:</b> {escape(" ".join(conflict.source.split()))}</p>')
    out.append(
        "<p>A state is one choice of yes (Y) or no (N) for every option; a pattern lists them in the order "
        "of the options below.</p>"
    )
    out.append(
        '<h3>Decision makers and their options</h3><table class="options"><thead><tr>'
        "<th>#</th><th>option</th><th>decision maker</th><th>what it means</th><th>changes</th>"
        "</tr></thead><tbody>"
    )
    for j, option in enumerate(conflict.options):
        dm = conflict.decision_makers[option.owner]
        swatch = f'<span class="swatch" style="background:{dm_colour(option.owner)}"></span>'
        out.append(
            f"<tr><td>{j + 1}</td><td><b>{escape(option.name)}</b></td><td>{swatch}{escape(dm.name)}</td>"
            f"<td>{escape(' '.join(option.description.split()))}</td>"
            f"<td>{DIRECTION_WORDS[option.direction]}</td></tr>"
        )
    out.append("</tbody></table>")
    for i, dm in enumerate(conflict.decision_makers):
        if dm.description:
            out.append(
                f'<p class="dm-description"><span class="swatch" style="background:{dm_colour(i)}"></span>'
                f"<b>{escape(dm.name)}</b>: {escape(' '.join(dm.description.split()))}</p>"
            )
    out.append("<h3>Infeasible states</h3>")
    if conflict.infeasible:
        out.append("<p>A state is left out when it matches any of these conditions:</p><ul>")
        out.extend(f"<li>{_expr(result, x)}</li>" for x in conflict.infeasible)
        out.append("</ul>")
    else:
        out.append("<p>None: every combination of options is a feasible state.</p>")
    out.append(
        f"<p>{result.space.n_states} of the {2**result.space.n_options} combinations are feasible.</p>"
    )
    out.append("<h3>Preferences</h3>")
    out.extend(_preferences(result, i) for i in range(len(conflict.decision_makers)))
    named = _named_states(result)
    if named:
        out.append(named)
    out.append("<h3>Status quo</h3>")
    if result.status_quo_index is not None:
        s = result.status_quo_index
        out.append(f"<p>State {_state_ref(result, s)}: {_move_words_from_nothing(result, s)}.</p>")
    else:
        out.append("<p>The model gives no status quo.</p>")
    notes = dict(result.conflict.extras).get("notes")
    if isinstance(notes, str) and notes.strip():
        out.append(f'<details class="notes"><summary>Modeller\'s notes</summary>{_para(notes)}</details>')
    out.append("</section>")
    return "".join(out)


def _move_words_from_nothing(result: AnalysisResult, s: int) -> str:
    """A state in words: each decision maker's options taken (or none)."""
    conflict = result.conflict
    code = int(result.space.codes[s])
    parts = []
    for dm in conflict.decision_makers:
        taken = [f"<i>{escape(conflict.options[j].name)}</i>" for j in dm.options if code >> j & 1]
        parts.append(
            f"{escape(dm.name)} takes {', '.join(taken)}" if taken else f"{escape(dm.name)} takes no option"
        )
    return "; ".join(parts)


def _preferences(result: AnalysisResult, i: int) -> str:
    conflict = result.conflict
    dm = conflict.decision_makers[i]
    prefs = dm.preferences
    swatch = f'<span class="swatch" style="background:{dm_colour(i)}"></span>'
    out = [f'<div class="preferences"><h4>{swatch}{escape(dm.name)}</h4>']
    if isinstance(prefs, Prioritization):
        out.append(
            "<p>Option prioritization, most important statement first. A state scores "
            "2<sup>q−t</sup> for each statement t (of q) it satisfies; higher scores are preferred.</p><ol>"
        )
        for statement in prefs.statements:
            text = statement.text or conflict.describe(statement.expression)
            item = [f"<code>{escape(text)}</code>"]
            if statement.source:
                item.append(f"<blockquote>{escape(' '.join(statement.source.split()))}</blockquote>")
            if statement.note:
                item.append(f'<p class="note">Note: {escape(" ".join(statement.note.split()))}</p>')
            out.append(f"<li>{''.join(item)}</li>")
        out.append("</ol>")
    elif isinstance(prefs, Ranking):
        groups = []
        for g, group in enumerate(prefs.groups):
            texts = prefs.texts[g] if prefs.texts and g < len(prefs.texts) else ()
            words = [_entry_text(result, e, texts[k] if k < len(texts) else "") for k, e in enumerate(group)]
            groups.append(" ~ ".join(f"<code>{escape(w)}</code>" for w in words))
        out.append(
            "<p>Direct ranking, most preferred first (&gt; preferred to, ~ equally preferred): "
            + " &gt; ".join(groups)
            + "</p>"
        )
    elif isinstance(prefs, Payoffs):
        out.append(
            "<p>Payoffs: a state's value is the sum of the values of the entries it matches.</p>"
            "<table><thead><tr><th>state or condition</th><th>value</th></tr></thead><tbody>"
        )
        for entry, value in prefs.entries:
            out.append(
                f"<tr><td><code>{escape(_entry_text(result, entry))}</code></td><td>{value:g}</td></tr>"
            )
        out.append("</tbody></table>")
    if dm.misperceived:
        out.append(
            "<p>Does not perceive states where "
            + " or ".join(_expr(result, x) for x in dm.misperceived)
            + ": it can move neither into nor out of them.</p>"
        )
    out.append(_state_ranking(result, i))
    out.append("</div>")
    return "".join(out)


def _state_ranking(result: AnalysisResult, i: int) -> str:
    """The resulting order of the states, most preferred first, ties joined by ~."""
    ranks = result.space.ranks[i]
    if result.space.n_states > MAX_RANKING_STATES:
        return (
            f"<p class='muted'>The resulting order of all {result.space.n_states} states is too long to "
            "list; the stability table gives each state's rank.</p>"
        )
    groups = []
    for rank in sorted({int(r) for r in ranks}, reverse=True):
        members = [int(s) for s in np.flatnonzero(ranks == rank)]
        groups.append(
            " ~ ".join(
                f'<a class="state-ref" href="#row-{s + 1}" title="{result.space.pattern(s)}">{s + 1}</a>'
                for s in members
            )
        )
    return f'<p class="ranking">States, most preferred first: {" &gt; ".join(groups)}</p>'


def _named_states(result: AnalysisResult) -> str:
    conflict = result.conflict
    if not conflict.named_states:
        return ""
    out = [
        "<h3>Named states</h3><table><thead><tr><th>name</th><th>states</th><th>description</th></tr>"
        "</thead><tbody>"
    ]
    for named in conflict.named_states:
        hits = [int(s) for s in np.flatnonzero(named.expression.evaluate(result.space.codes))]
        refs = _state_refs(result, hits, 8)
        out.append(
            f"<tr><td><b>{escape(named.name)}</b></td><td>{refs or 'no feasible state'}</td>"
            f"<td>{escape(' '.join(named.description.split()))}</td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def _graph_section(report: Report) -> str:
    result, graph = report.result, report.graph
    conflict = result.conflict
    out = ['<section id="graph"><h2>The state graph</h2>']
    if graph.is_partial:
        out.append(
            f'<p class="partial"><b>Only part of the graph is drawn:</b> {escape(graph.focus)} '
            f"({len(graph.states)} of {graph.n_states} states).</p>"
        )
    out.append(
        "<p>Each box is a state (its number and pattern); hover over it for the state in words. Each "
        "coloured line is a unilateral move of one decision maker: a filled arrowhead is a move to a state "
        "that decision maker prefers (a unilateral improvement), an open one a move it does not prefer. "
        "A line with two arrowheads stands for a move and its way back. Hover over a state to "
        "highlight its moves; click it to find it in the stability table.</p>"
    )
    legend = ['<div class="legend">']
    for i, dm in enumerate(conflict.decision_makers):
        dash = dm_dash(i)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        legend.append(
            f'<label><input type="checkbox" checked data-toggle-dm="{i}"> '
            f'<svg width="34" height="12" aria-hidden="true"><line x1="1" y1="6" x2="33" y2="6" '
            f'stroke="{dm_colour(i)}" stroke-width="3"{dash_attr}/></svg> {escape(dm.name)}</label>'
        )
    concept = CONCEPT_NAMES[report.concept]
    drawn = list(graph.states)
    chosen = result.equilibrium_mask(report.concept)[drawn]
    anywhere = np.zeros(len(drawn), dtype=bool)
    for c in result.concepts:
        anywhere |= result.equilibrium_mask(c)[drawn]
    if chosen.any():
        legend.append(f'<span><span class="key key-eq"></span> {concept} equilibrium (★)</span>')
    if (anywhere & ~chosen).any():
        legend.append(
            '<span><span class="key key-eq-other"></span> equilibrium under another concept only</span>'
        )
    if result.status_quo_index is not None and result.status_quo_index in graph.states:
        legend.append('<span><span class="key key-sq"></span> status quo</span>')
    kinds = {p.kind for p in graph.paths}
    if "evolution" in kinds:
        legend.append('<span><span class="key key-evolution"></span> evolution from the status quo</span>')
    if "history" in kinds:
        legend.append('<span><span class="key key-history"></span> observed history</span>')
    legend.append("</div>")
    out.append("".join(legend))
    if graph.omitted_moves:
        kept = []
        if result.status_quo_index is not None and result.status_quo_index in graph.states:
            kept.append("every unilateral improvement from the status quo")
        if graph.paths:
            kept.append("every step of the traced paths")
        also = f" Still drawn: {' and '.join(kept)}." if kept else ""
        out.append(
            f'<p class="muted">To keep the picture readable, {graph.omitted_moves} moves that change several '
            "options at once are not drawn: the same decision maker can make each of them in steps through "
            f"states that are drawn.{also} The stability analysis and the explanations count every move.</p>"
        )
    out.append(f'<div class="graph-frame">{render_state_graph(result, graph, report.concept)}</div>')
    out.append("</section>")
    return "".join(out)


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


def _stability_section(report: Report) -> str:
    result = report.result
    conflict = result.conflict
    dms = conflict.decision_makers
    n = len(dms)
    rows, note = _table_rows(report)
    named = _named(result)
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
        cells = [f'<td class="rank">{_rank_number(result, i, s)}</td>' for i in range(n)]
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
    out.append("</tbody></table></div></section>")
    return "".join(out)


def _sanction_words(result: AnalysisResult, dm: int, sanction: Sanction) -> str:
    conflict = result.conflict
    if sanction.simultaneous:
        steps = "; ".join(
            f"{escape(conflict.decision_makers[m.decision_maker].name)} moves at the same time "
            f"({_move_words(result, m.source, m.target)})"
            for m in sanction.moves
        )
    else:
        steps = " → ".join(
            f"{_move_words(result, m.source, m.target)} (to {_state_ref(result, m.target)})"
            for m in sanction.moves
        )
    name = escape(conflict.decision_makers[dm].name)
    text = (
        f"{steps}, ending in state {_state_ref(result, sanction.state)}, "
        f"which {name} likes no more than where it started"
    )
    if sanction.counter_moves:
        text += (
            "; and from there every move of its own ("
            + ", ".join(_state_ref(result, s) for s in sanction.counter_moves)
            + ") still leaves it no better off"
        )
    return text


def _explanation(result: AnalysisResult, explanation: Explanation, heading: str) -> str:
    conflict = result.conflict
    s = explanation.index
    concept = CONCEPT_NAMES[explanation.concept]
    verdict = "an equilibrium" if explanation.stable else "not an equilibrium"
    out = [
        f'<article class="explanation" id="why-{s + 1}"><h3>{heading} state {_state_ref(result, s)}: '
        f"{verdict} under {concept}</h3>",
        f"<p>{_move_words_from_nothing(result, s)}.</p><ul>",
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
            line = f"to {_state_ref(result, item.improvement)} ({_move_words(result, s, item.improvement)}): "
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


def _explanations_section(report: Report) -> str:
    if not report.explanations:
        return ""
    result = report.result
    concept = CONCEPT_NAMES[report.concept]
    out = [
        f'<section id="why"><h2>Why: the status quo and the {concept} equilibria</h2>',
        f"<p>A state is stable for a decision maker under {concept} when each of its unilateral "
        "improvements can be answered by the other decision makers with a sanction: a sequence of their "
        "moves that leaves it no better off than where it started.</p>",
    ]
    for explanation in report.explanations:
        heading = "The status quo," if explanation.index == result.status_quo_index else "Equilibrium"
        out.append(_explanation(result, explanation, heading))
    out.append("</section>")
    return "".join(out)


def _evolution_section(report: Report) -> str:
    evolution = report.evolution
    if evolution is None:
        return ""
    result = report.result
    concept = CONCEPT_NAMES[evolution.concept]
    reached = list(evolution.equilibria_reached)
    others = len(evolution.reachable) - 1
    out = [
        '<section id="evolution"><h2>From the status quo</h2>',
        f"<p>Starting at state {_state_ref(result, evolution.start_index)} and following only unilateral "
        f"improvements (each move preferred by the decision maker who makes it), the conflict can reach "
        f"{others} other state{'s' if others != 1 else ''}",
    ]
    if reached:
        out.append(
            f"; {len(reached)} of the states reached {'is a' if len(reached) == 1 else 'are'} "
            f"{concept} equilibri{'um' if len(reached) == 1 else 'a'}: "
            + _state_refs(result, reached, 20)
            + ".</p>"
        )
    else:
        out.append(f"; none of the states reached is a {concept} equilibrium.</p>")
    stops = [t for t in evolution.stops if t != evolution.start_index or others == 0]
    if stops:
        out.append(
            "<p>The moves come to rest (no decision maker has a unilateral improvement) at "
            + _state_refs(result, stops, 20)
            + ".</p>"
        )
    if evolution.max_steps is not None and evolution.frontier:
        out.append(f"<p>The search stopped after {evolution.max_steps} moves.</p>")
    if evolution.paths:
        out.append("<p>A shortest sequence of moves to each equilibrium reached:</p><ol class='paths'>")
        for path in evolution.paths:
            end = path[-1].target
            steps = "".join(
                f"<li>{_move_words(result, m.source, m.target)} → {_state_ref(result, m.target)}</li>"
                for m in path
            )
            out.append(
                f"<li>to {_state_ref(result, end)} in {len(path)} move{'s' if len(path) != 1 else ''}:"
                f"<ol class='steps'>{steps}</ol></li>"
            )
        out.append("</ol>")
    elif evolution.start_index in reached:
        out.append("<p>The status quo is itself an equilibrium.</p>")
    out.append("</section>")
    return "".join(out)


def _history_section(report: Report) -> str:
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
    out.append(
        '<div class="table-frame"><table class="history"><thead><tr><th>date</th><th>state</th>'
        "<th>what happened</th><th>move</th>"
        f"<th>{concept} equilibrium?</th></tr></thead><tbody>"
    )
    for step in history.steps:
        entry = step.entry
        if step.previous is None:
            move = '<span class="muted">start</span>'
        elif not step.movers:
            move = '<span class="muted">no option changed</span>'
        else:
            move = _move_words(result, step.previous, step.state)
            if step.improvement is True:
                move += ' <span class="good">— an improvement for the mover</span>'
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
            f"<tr><td class='date'>{escape(entry.date)}</td><td>{_state_ref(result, step.state)}</td>"
            f"<td>{escape(' '.join(entry.description.split()))}{source}</td><td>{move}{warnings}</td>"
            f"<td>{eq}</td></tr>"
        )
    out.append("</tbody></table></div></section>")
    return "".join(out)


def _notes(report: Report) -> str:
    if not report.notes:
        return ""
    items = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    return f'<section id="notes"><h2>About this report</h2><ul>{items}</ul></section>'


# -- page -----------------------------------------------------------------------------------------------


def _hide_rules(n_dms: int) -> str:
    return "".join(f"svg.state-graph.hide-dm-{i} .dm-{i} {{ display: none; }}\n" for i in range(n_dms))


def _version() -> str:
    try:
        return version("standoff")
    except PackageNotFoundError:
        return "unknown"


def render_report(report: Report) -> str:
    """The whole report as one HTML document (UTF-8, no external resources)."""
    result = report.result
    conflict = result.conflict
    sections: Iterable[tuple[str, str, str]] = (
        ("model", "Model", _model_section(report)),
        ("graph", "State graph", _graph_section(report)),
        ("stability", "Stability", _stability_section(report)),
        ("why", "Why", _explanations_section(report)),
        ("evolution", "From the status quo", _evolution_section(report)),
        ("history", "History", _history_section(report)),
        ("notes", "About this report", _notes(report)),
    )
    present = [(anchor, title, html) for anchor, title, html in sections if html]
    nav = "".join(f'<a href="#{anchor}">{title}</a>' for anchor, title, _ in present)
    stamp = (report.generated or datetime.now().date()).isoformat()
    where = f" from <code>{escape(conflict.path)}</code>" if conflict.path else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(conflict.name)} — standoff report</title>"
        f"<style>{STYLE}{_hide_rules(len(conflict.decision_makers))}</style></head><body>"
        f"<header><h1>{escape(conflict.name)}</h1><nav>{nav}</nav>{_summary(report)}</header>"
        f"<main>{''.join(html for _, _, html in present)}</main>"
        f"<footer>Report by standoff {escape(_version())}{where}, {stamp}. Stability concepts as in Fang, "
        "Hipel &amp; Kilgour, <i>Interactive Decision Making: The Graph Model for Conflict Resolution</i> "
        "(Wiley, 1993).</footer>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
