"""A report in plain words: the parts of the HTML page that have a text form, one after another."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Group

    from standoff.analyses.explain import Explanation
    from standoff.analyses.report import Report
    from standoff.analyses.unknown_explain import UnknownExplanation


def report_text(report: Report) -> Group:
    """The equilibria, the explanations, the status quo analysis, the roadmaps, the observed history,
    the robustness and the what-ifs of ``report``, each as its command prints it, then the notes."""
    from rich.console import Group
    from rich.text import Text

    from standoff.concepts import CONCEPT_NAMES
    from standoff.outputs.evolution_text import evolution_report
    from standoff.outputs.explain_text import explanation_table
    from standoff.outputs.roadmap_text import roadmap_report
    from standoff.outputs.robustness import robustness_table
    from standoff.outputs.table import stability_table
    from standoff.outputs.timeline_text import timeline_table
    from standoff.outputs.whatif_text import whatif_report

    def heading(words: str) -> Text:
        return Text(f"\n{words}", style="bold")

    beside = "".join(f", {CONCEPT_NAMES[c]}" for c in report.extended_concepts)
    title = f"Report on {report.result.conflict.name!r} under {CONCEPT_NAMES[report.concept]}{beside}"
    parts: list[Any] = [Text(title, style="bold"), stability_table(report.result, equilibria_only=True)]
    if report.explanations:
        parts.append(heading("Why the status quo and the equilibria are stable or not"))
        parts += [explanation_table(e) for e in report.explanations]
    for concept in report.extended_concepts:
        parts.append(heading(f"Why, under {CONCEPT_NAMES[concept]}"))
        parts += [_explained(e) for e in report.extended_explanations if e.concept == concept]
    if report.evolution is not None:
        parts += [heading("Where the status quo can go"), evolution_report(report.evolution)]
    if report.roadmaps:
        parts.append(heading("Roadmaps to the targets"))
        parts += [roadmap_report(r) for r in report.roadmaps]
    if report.history is not None:
        parts += [heading("The observed history"), timeline_table(report.history)]
    if report.robustness is not None:
        parts += [heading("Robustness to the judgement calls"), robustness_table(report.robustness)]
    for answer in report.whatifs:
        parts += [heading(f"What if state {answer.state.number} should hold"), whatif_report(answer)]
    if report.notes:
        parts.append(Text("\n" + "\n".join(f"Note: {note}" for note in report.notes)))
    parts.append(Text("\n(to_html() gives the page with the state graph; save(path) writes it.)"))
    return Group(*parts)


def _explained(explanation: Explanation | UnknownExplanation) -> Any:
    """An explanation under a strength-of-preference or unknown-preference concept, as ``standoff explain``
    prints it."""
    from rich.text import Text

    from standoff.analyses.explain import Explanation
    from standoff.outputs.explain_text import explanation_table
    from standoff.outputs.unknown_explain_text import unknown_explanation_text

    if isinstance(explanation, Explanation):
        return explanation_table(explanation)
    return Text(unknown_explanation_text(explanation))
