"""The report's "why" sections: why the status quo and each equilibrium are (or are not) stable, under the
report's concept and then under each strength-of-preference or unknown-preference concept beside it."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import numpy as np

from standoff.concepts import CONCEPT_INFO, CONCEPT_NAMES, is_strong
from standoff.outputs.graph_svg import dm_colour
from standoff.outputs.report.model import state_words
from standoff.outputs.report.refs import move_words, state_ref

if TYPE_CHECKING:
    from standoff.analyses.explain import Explanation, Sanction
    from standoff.analyses.report import Report
    from standoff.analyses.stability import AnalysisResult
    from standoff.analyses.unknown_explain import UnknownExplanation, UnknownMove


def _sanction_words(result: AnalysisResult, dm: int, sanction: Sanction) -> str:
    conflict = result.conflict
    if sanction.simultaneous:
        steps = "; ".join(
            f"{escape(conflict.decision_makers[m.decision_maker].name)} moves at the same time "
            f"({move_words(result, m.source_index, m.target_index)})"
            for m in sanction.moves
        )
    else:
        steps = " → ".join(
            f"{move_words(result, m.source_index, m.target_index)} (to {state_ref(result, m.target_index)})"
            for m in sanction.moves
        )
    name = escape(conflict.decision_makers[dm].name)
    strong = is_strong(sanction.concept)
    text = (
        f"{steps}, ending in state {state_ref(result, sanction.state_index)}, "
        f"which {name} likes {'strongly less than' if strong else 'no more than'} where it started"
    )
    if sanction.counter_move_indices:
        text += (
            "; and from there every move of its own ("
            + ", ".join(state_ref(result, s) for s in sanction.counter_move_indices)
            + (") still leaves it strongly worse off" if strong else ") still leaves it no better off")
        )
    return text


def _picture(result: AnalysisResult, explanation: Explanation | UnknownExplanation, ids: str) -> str:
    """The explanation as the picture ``standoff explain --format svg`` draws (its ids, ``ids``, kept apart
    from the other pictures of the page)."""
    from standoff.analyses.explain import Explanation
    from standoff.outputs.picture_svg import explanation_picture, render_svg, unknown_explanation_picture

    stable = np.asarray(result.stable[explanation.concept].all(axis=0))
    if isinstance(explanation, Explanation):
        picture = explanation_picture(explanation, lambda state: bool(stable[state]))
    else:
        picture = unknown_explanation_picture(explanation, lambda state: bool(stable[state]))
    return f'<figure class="why-picture">{render_svg(picture, ids=ids)}</figure>'


def _explanation(
    result: AnalysisResult, explanation: Explanation, heading: str, anchor: str = "", level: int = 3
) -> str:
    conflict = result.conflict
    s = explanation.index
    concept = CONCEPT_NAMES[explanation.concept]
    verdict = "an equilibrium" if explanation.stable else "not an equilibrium"
    anchor = anchor or f"why-{s + 1}"
    out = [
        f'<article class="explanation" id="{anchor}"><h{level}>{heading} state {state_ref(result, s)}: '
        f"{verdict} under {concept}</h{level}>",
        _picture(result, explanation, f"{anchor}-"),
        f"<p>{state_words(result, s)}.</p><ul>",
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
            to = item.improvement_index
            line = f"to {state_ref(result, to)} ({move_words(result, s, to)}): "
            answers = []
            mild = dict(item.mild)
            for sub, sanction in item.sanctions:
                prefix = f"[{CONCEPT_NAMES[sub]}] " if len(item.sanctions) > 1 else ""
                if sanction is None:
                    nothing = f'{prefix}<span class="undeterred">nothing deters it</span>'
                    if sub in mild:
                        nothing += (
                            " (no strongly worse sanction; only a mild one: "
                            f"{_sanction_words(result, part.decision_maker, mild[sub])})"
                        )
                    elif is_strong(sub):
                        nothing += " (no sanction at all, mild or strong)"
                    answers.append(nothing)
                else:
                    answers.append(
                        f"{prefix}deterred: {_sanction_words(result, part.decision_maker, sanction)}"
                    )
            out.append(f"<li>{line}{'; '.join(answers)}.</li>")
        out.append("</ul></li>")
    out.append("</ul></article>")
    return "".join(out)


def _unknown_answer(
    result: AnalysisResult, explanation: UnknownExplanation, d: int, move: UnknownMove
) -> str:
    """What answers one move under an unknown-preference concept, in words."""
    concept = CONCEPT_NAMES[explanation.concept]
    if explanation.concept.startswith("nash_"):
        return f'<span class="undeterred">no sanction counts under {concept}</span>'
    if move.sanction is None:
        return '<span class="undeterred">nothing deters it</span>'
    name = escape(result.conflict.decision_makers[d].name)
    steps, previous = [], move.target
    for _, t in move.sanction:
        steps.append(f"{move_words(result, previous, t)} (to {state_ref(result, t)})")
        previous = t
    worth = (
        f"whose preference against where {name} started is unknown: a sanction under {concept}"
        if move.unknown_sanction
        else f"which {name} likes no more than where it started in every reading"
    )
    text = f"deterred: {' → '.join(steps)}, ending in state {state_ref(result, previous)}, {worth}"
    if move.counter_moves:
        text += "; and from there no move of its own escapes the sanction"
    return text


def _unknown_explanation(
    result: AnalysisResult, explanation: UnknownExplanation, heading: str, anchor: str, level: int = 4
) -> str:
    """One state under an unknown-preference concept: each decision maker's moves that count (certain
    improvements, and uncertain moves when the extension counts them) and the sanction of each."""
    conflict = result.conflict
    s = explanation.state
    concept = CONCEPT_NAMES[explanation.concept]
    verdict = "an equilibrium" if explanation.stable else "not an equilibrium"
    out = [
        f'<article class="explanation" id="{anchor}"><h{level}>{heading} state {state_ref(result, s)}: '
        f"{verdict} under {concept}</h{level}>",
        _picture(result, explanation, f"{anchor}-"),
        f"<p>{state_words(result, s)}.</p><ul>",
    ]
    for d in explanation.explained:
        name = escape(conflict.decision_makers[d].name)
        swatch = f'<span class="swatch" style="background:{dm_colour(d)}"></span>'
        moves = explanation.moves[d]
        if not moves:
            why = (
                "does not perceive this state" if not explanation.perceived(d) else "has no move that counts"
            )
            out.append(f"<li>{swatch}<b>{name}</b> {why}: stable for {name}.</li>")
            continue
        status = "stable" if explanation.stable_for(d) else "not stable"
        out.append(f"<li>{swatch}<b>{name}</b> — {status}. Its moves that count:<ul>")
        for move in moves:
            kind = (
                "certain improvement"
                if move.certain
                else '<span class="uncertain">uncertain move</span> (its preference is unknown)'
            )
            to = move.target
            out.append(
                f"<li>{kind} to {state_ref(result, to)} ({move_words(result, s, to)}): "
                f"{_unknown_answer(result, explanation, d, move)}.</li>"
            )
        out.append("</ul></li>")
    out.append("</ul></article>")
    return "".join(out)


def _definition(concept: str) -> str:
    """What a strength-of-preference or unknown-preference concept asks of a state, in a sentence."""
    name = CONCEPT_NAMES[concept]
    if is_strong(concept):
        base = CONCEPT_NAMES[concept.removesuffix("_strong")]
        return (
            f"Under {name}, {CONCEPT_INFO[concept].summary}: a sanction counts only when it ends in a state "
            f"the decision maker likes strongly less than where it started. A state stable under {base} but "
            f"not under {name} is weakly stable: only mild sanctions deter some improvement."
        )
    from standoff.outputs.unknown_explain_text import moves_words, sanctions_words

    extension = concept.rsplit("_", 1)[1]
    counted = (
        "no sanction counts"
        if concept.startswith("nash_")
        else f"a sanction counts when it ends in a state {sanctions_words(extension)} against where the "
        "decision maker started"
    )
    uncertain = (
        " (an uncertain move: its preference is unknown, some readings prefer it and some do not)"
        if extension in "ab"
        else ""
    )
    return (
        f"Under {name} (Li, Hipel, Kilgour &amp; Fang's extension {extension} to unknown preferences), the "
        f"moves that count are {moves_words(extension)}{uncertain}, and {counted}."
    )


def extended_section(report: Report) -> str:
    """Why the same states are (or are not) stable under each strength-of-preference or unknown-preference
    concept beside the report's: the picture and the moves, as under the report's concept."""
    from standoff.analyses.explain import Explanation

    if not report.extended_explanations:
        return ""
    result = report.result
    names = ", ".join(CONCEPT_NAMES[c] for c in report.extended_concepts)
    out = [f'<section id="why-more"><h2>Why, under {escape(names)}</h2>']
    for concept in report.extended_concepts:
        out.append(f'<h3 id="why-{concept}">Under {CONCEPT_NAMES[concept]}</h3><p>{_definition(concept)}</p>')
        for explanation in report.extended_explanations:
            if explanation.concept != concept:
                continue
            if isinstance(explanation, Explanation):
                s = explanation.index
                heading = _heading(result, s)
                out.append(_explanation(result, explanation, heading, f"why-{concept}-{s + 1}", level=4))
            else:
                s = explanation.state
                out.append(
                    _unknown_explanation(result, explanation, _heading(result, s), f"why-{concept}-{s + 1}")
                )
    out.append("</section>")
    return "".join(out)


def _heading(result: AnalysisResult, s: int) -> str:
    from standoff.outputs.report.refs import state_names

    if s == result.status_quo_index:
        return "The status quo,"
    return "Named" if s in state_names(result) else "Equilibrium"


def explanations_section(report: Report) -> str:
    """Why the status quo, each named state and each equilibrium are (or are not) stable, improvement by
    improvement."""
    if not report.explanations:
        return ""
    result = report.result
    concept = CONCEPT_NAMES[report.concept]
    from standoff.outputs.report.refs import state_names

    named = state_names(result)
    explained_named = any(
        e.index in named and e.index != result.status_quo_index for e in report.explanations
    )
    what = "the named states" if explained_named else f"the {concept} equilibria"
    out = [
        f'<section id="why"><h2>Why: the status quo and {what}</h2>',
        f"<p>A state is stable for a decision maker under {concept} when each of its unilateral "
        "improvements can be answered by the other decision makers with a sanction: a sequence of their "
        "moves that leaves it no better off than where it started.</p>",
    ]
    for explanation in report.explanations:
        if explanation.index == result.status_quo_index:
            heading = "The status quo,"
        elif explanation.index in named:
            heading = "Named"
        else:
            heading = "Equilibrium"
        out.append(_explanation(result, explanation, heading))
    out.append("</section>")
    return "".join(out)
