"""The whole report page: navigation, sections in order, stylesheet and script inline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.report.assets import SCRIPT, STYLE
from standoff.outputs.report.deadlock import deadlock_section
from standoff.outputs.report.evolution import evolution_section
from standoff.outputs.report.graph import graph_section
from standoff.outputs.report.history import history_section
from standoff.outputs.report.model import model_section, summary
from standoff.outputs.report.rests import rests_section
from standoff.outputs.report.roadmap import roadmap_section
from standoff.outputs.report.robustness import robustness_section
from standoff.outputs.report.stability import stability_section
from standoff.outputs.report.whatif import whatif_section
from standoff.outputs.report.why import explanations_section, extended_section

if TYPE_CHECKING:
    from standoff.analyses.report import Report


def _notes(report: Report) -> str:
    if not report.notes:
        return ""
    items = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    return f'<section id="notes"><h2>About this report</h2><ul>{items}</ul></section>'


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
        ("model", "Model", model_section(report)),
        ("graph", "State graph", graph_section(report)),
        ("stability", "Stability", stability_section(report)),
        ("why", "Why", explanations_section(report)),
        (
            "why-more",
            "Why, under " + ", ".join(CONCEPT_NAMES[c] for c in report.extended_concepts),
            extended_section(report),
        ),
        ("robustness", "Judgement calls", robustness_section(report)),
        ("rests", "What this rests on", rests_section(report)),
        ("evolution", "From the status quo", evolution_section(report)),
        ("deadlock", "Deadlock", deadlock_section(report)),
        ("roadmaps", "Roadmaps", roadmap_section(report)),
        ("history", "History", history_section(report)),
        ("whatif", "What would have to change", whatif_section(report)),
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
        f"<header><h1>{escape(conflict.name)}</h1><nav>{nav}</nav>{summary(report)}</header>"
        f"<main>{''.join(html for _, _, html in present)}</main>"
        f"<footer>Report by standoff {escape(_version())}{where}, {stamp}. Stability concepts as in Fang, "
        "Hipel &amp; Kilgour, <i>Interactive Decision Making: The Graph Model for Conflict Resolution</i> "
        "(Wiley, 1993).</footer>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
