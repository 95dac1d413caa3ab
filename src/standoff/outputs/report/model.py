"""The report's summary and its first section: the model in words (options, conditions, preferences)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import numpy as np

from standoff.concepts import CONCEPT_NAMES
from standoff.model.conflict import Direction, OptionSpec
from standoff.model.preferences import Payoffs, Prioritization, Ranking
from standoff.model.uncertainty import Uncertainty
from standoff.outputs.graph_svg import dm_colour
from standoff.outputs.report.refs import entry_text, expression_html, paragraphs, state_ref, state_refs

if TYPE_CHECKING:
    from standoff.analyses.report import Report
    from standoff.analyses.stability import AnalysisResult


DIRECTION_WORDS = {
    Direction.BOTH: "can be taken and dropped",
    Direction.FORWARD: "once taken, cannot be dropped (N→Y only)",
    Direction.BACKWARD: "once dropped, cannot be taken again (Y→N only)",
}


SOURCE_KIND_WORDS = {
    "statement": "A party's own words:",
    "reporting": "Reported:",
    "analysis": "An analyst's claim:",
}
"""How the report introduces a statement's source, by its ``source_kind``."""

MAX_RANKING_STATES = 100


def summary(report: Report) -> str:
    """The header's list: decision makers, options and states, the status quo, the equilibria."""
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
        items.append(f"<li>status quo: state {state_ref(result, result.status_quo_index)}</li>")
    shown = state_refs(result, eq, 12)
    items.append(
        f"<li><b>{len(eq)}</b> {CONCEPT_NAMES[report.concept]} equilibri{'um' if len(eq) == 1 else 'a'}"
        f"{': ' + shown if eq else ''}</li>"
    )
    counts = ", ".join(f"{CONCEPT_NAMES[c]} {result.equilibrium_count(c)}" for c in result.concepts)
    items.append(f"<li>equilibria under every concept computed: {counts}</li>")
    return f'<ul class="summary">{"".join(items)}</ul>'


def model_section(report: Report) -> str:
    """The model in words: options and who holds them, infeasible states, preferences, named states."""
    result = report.result
    conflict = result.conflict
    out = ['<section id="model"><h2>The model</h2>']
    if conflict.description:
        out.append(paragraphs(conflict.description))
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
            f"<td>{escape(' '.join(option.description.split()))}{_labels(option)}</td>"
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
        out.extend(f"<li>{expression_html(result, x)}</li>" for x in conflict.infeasible)
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
        out.append(f"<p>State {state_ref(result, s)}: {state_words(result, s)}.</p>")
    else:
        out.append("<p>The model gives no status quo.</p>")
    notes = dict(result.conflict.extras).get("notes")
    if isinstance(notes, str) and notes.strip():
        out.append(
            f'<details class="notes"><summary>Modeller\'s notes</summary>{paragraphs(notes)}</details>'
        )
    out.append("</section>")
    return "".join(out)


def _labels(option: OptionSpec) -> str:
    """The option's labels, as the report words its moves (empty when the model gives none)."""
    given = [(key, text) for key, text in (("N→Y", option.take_label), ("Y→N", option.drop_label)) if text]
    if not given:
        return ""
    words = "; ".join(f"{key}: <i>{escape(text)}</i>" for key, text in given)
    return f'<br><span class="muted">In moves, {words}.</span>'


def state_words(result: AnalysisResult, s: int) -> str:
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


def _call_words(uncertainty: Uncertainty) -> str:
    """A judgement call's mark: where the statement may go, and whether it may be worded otherwise."""
    words = ["judgement call"]
    if uncertainty.positions is not None:
        first, last = uncertainty.positions
        words.append(f"place {first}" if first == last else f"places {first}–{last}")
    if uncertainty.alternatives:
        n = len(uncertainty.alternatives)
        words.append("or another wording" if n == 1 else f"or one of {n} other wordings")
    return ": ".join(words[:2]) + "".join(f"; {w}" for w in words[2:])


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
            if statement.uncertainty is not None:
                item.append(f' <span class="call">{escape(_call_words(statement.uncertainty))}</span>')
            if statement.source:
                kind = SOURCE_KIND_WORDS.get(statement.source_kind, "")
                label = f'<span class="kind {statement.source_kind}">{kind}</span> ' if kind else ""
                item.append(f"<blockquote>{label}{escape(' '.join(statement.source.split()))}</blockquote>")
            if statement.note:
                item.append(f'<p class="note">Note: {escape(" ".join(statement.note.split()))}</p>')
            out.append(f"<li>{''.join(item)}</li>")
        out.append("</ol>")
    elif isinstance(prefs, Ranking):
        groups = []
        for g, group in enumerate(prefs.groups):
            texts = prefs.texts[g] if prefs.texts and g < len(prefs.texts) else ()
            words = [entry_text(result, e, texts[k] if k < len(texts) else "") for k, e in enumerate(group)]
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
                f"<tr><td><code>{escape(entry_text(result, entry))}</code></td><td>{value:g}</td></tr>"
            )
        out.append("</tbody></table>")
    if dm.misperceived:
        out.append(
            "<p>Does not perceive states where "
            + " or ".join(expression_html(result, x) for x in dm.misperceived)
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
        refs = state_refs(result, hits, 8)
        out.append(
            f"<tr><td><b>{escape(named.name)}</b></td><td>{refs or 'no feasible state'}</td>"
            f"<td>{escape(' '.join(named.description.split()))}</td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)
