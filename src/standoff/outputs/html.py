"""HTML rendering of results, for notebooks (``_repr_html_``) and reports."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from standoff.concepts import CONCEPT_NAMES

if TYPE_CHECKING:
    from standoff.analyses.evolution import Evolution
    from standoff.analyses.explain import Explanation
    from standoff.analyses.roadmap import Roadmap
    from standoff.analyses.stability import AnalysisResult

MAX_ROWS = 200


def stability_table(result: AnalysisResult, *, max_rows: int = MAX_ROWS) -> str:
    """A self-contained HTML table: states as rows, ✓ per decision maker under each concept."""
    conflict, space = result.conflict, result.space
    dms = conflict.decision_maker_names
    masks = {c: result.equilibrium_mask(c) for c in result.concepts}
    head = "".join(f"<th>{CONCEPT_NAMES[c]}</th>" for c in result.concepts)
    rows = []
    for s in range(min(space.n_states, max_rows)):
        cells = "".join(
            f"<td title='{escape(', '.join(dms))}'>"
            + "".join("✓" if result.stable[c][i, s] else "·" for i in range(len(dms)))
            + "</td>"
            for c in result.concepts
        )
        eq = ", ".join(CONCEPT_NAMES[c] for c in result.concepts if masks[c][s])
        if result.profile is not None and result.profile.equilibrium_mask[s]:
            eq = ", ".join(filter(None, (eq, "profile")))
        style = " style='background:#e6f4ea'" if eq else ""
        sq = " (status quo)" if result.status_quo_index == s else ""
        rows.append(
            f"<tr{style}><td>{s + 1}{sq}</td><td><code>{space.pattern(s)}</code></td>"
            f"{cells}<td>{escape(eq)}</td></tr>"
        )
    more = space.n_states - max_rows
    note = f"<p>… {more} more states not shown.</p>" if more > 0 else ""
    if result.profile is not None:
        found = [f"{e.number} {e.pattern}" for e in result.profile.equilibria[:max_rows]]
        note += (
            f"<p>Profile ({escape(result.profile.text)}; each decision maker under its own concept): "
            f"{len(result.profile.equilibria)} "
            f"{'equilibrium' if len(result.profile.equilibria) == 1 else 'equilibria'}"
            f"{': ' + ', '.join(found) if found else ''}.</p>"
        )
    options = ", ".join(f"{j + 1}. {escape(o.name)}" for j, o in enumerate(conflict.options))
    return (
        f"<div class='standoff-result'><p><b>{escape(conflict.name)}</b>: {space.n_states} states. "
        f"Pattern positions: {options}. Marks per decision maker: {escape(', '.join(dms))}.</p>"
        f"<table><thead><tr><th>state</th><th>pattern</th>{head}<th>equilibrium under</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{note}</div>"
    )


def explanation_html(explanation: Explanation) -> str:
    """The verdict, one sentence per improvement, and the improvements and sanctions as a table."""
    from standoff.outputs.explain_text import sentences

    space, s = explanation.space, explanation.index
    verdict = "stable" if explanation.stable else "not stable"
    items = "".join(f"<li>{escape(line)}</li>" for line in sentences(explanation))
    table = explanation.to_frame().to_html(index=False, na_rep="")
    return (
        f"<div class='standoff-result'><p><b>State {s + 1}</b> <code>{space.pattern(s)}</code> under "
        f"{escape(explanation.concept_words)}: <b>{verdict}</b>.</p><ul>{items}</ul>{table}</div>"
    )


def evolution_html(evolution: Evolution) -> str:
    """Where the moves lead from the start: the reachable states as a table, equilibria marked."""
    space = evolution.result.space
    s = evolution.start_index
    target = ""
    if evolution.target_index is not None:
        t = evolution.target_index
        where = "can" if evolution.target_reachable else "cannot"
        target = f" The target, state {t + 1} <code>{space.pattern(t)}</code>, {where} be reached."
    table = evolution.to_frame().to_html(na_rep="")
    return (
        f"<div class='standoff-result'><p>From state {s + 1} <code>{space.pattern(s)}</code>, unilateral "
        f"improvements reach {len(evolution.reachable)} states, {len(evolution.equilibria_reached)} of them "
        f"{CONCEPT_NAMES[evolution.concept]} equilibria.{target}</p>{table}</div>"
    )


def roadmap_html(roadmap: Roadmap) -> str:
    """The shortest roadmaps as a table of steps, or the steps toward the target that fail and why."""
    space = roadmap.result.space
    s = roadmap.start_index
    concept = CONCEPT_NAMES[roadmap.concept]
    if roadmap.found:
        verdict = (
            f"{len(roadmap.roadmaps)}{'+' if roadmap.more else ''} shortest roadmap(s) of "
            f"{roadmap.length} step(s), every stage {concept}-stable"
        )
    else:
        holds = roadmap.breaks is not None and bool(roadmap.breaks.holding_targets)
        verdict = "no roadmap" + ("" if holds else f" (no target state is {concept}-stable)")
    table = roadmap.to_frame().to_html(index=False, na_rep="")
    return (
        f"<div class='standoff-result'><p>From state {s + 1} <code>{space.pattern(s)}</code> to "
        f"{escape(roadmap.target_text)} ({len(roadmap.target_indices)} target state(s)): "
        f"<b>{escape(verdict)}</b>.</p>{table}</div>"
    )
