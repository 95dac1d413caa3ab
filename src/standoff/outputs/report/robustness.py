"""The report's robustness section: how the verdicts fare over the model's judgement calls."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from standoff.concepts import CONCEPT_NAMES

if TYPE_CHECKING:
    from standoff.analyses.report import Report


def robustness_section(report: Report) -> str:
    """A bar chart of how often each named state is an equilibrium, and what each verdict hangs on."""
    result = report.robustness
    if result is None:
        return ""
    from standoff.outputs.chart_svg import robustness_chart
    from standoff.outputs.robustness import decisive_lines, headline

    concept = CONCEPT_NAMES[report.concept]
    calls = "".join(
        f"<li>{escape(result.conflict.decision_makers[c.decision_maker].name)}: "
        f"<code>{escape(c.text)}</code></li>"
        for c in result.calls
    )
    items = []
    for line in decisive_lines(result):
        case = ' class="case"' if line.startswith("      ") else ""
        items.append(f"<li{case}>{escape(line.strip().lstrip('• '))}</li>")
    lines = "".join(items)
    return (
        '<section id="robustness"><h2>Judgement calls</h2>'
        "<p>Preference statements the model marks as judgement calls (<code>uncertain</code>): "
        f"{escape(headline(result))} The chart gives, for each named state, the share of those readings "
        f"in which it is a {concept} equilibrium, in figures and words, and the calls that decide it.</p>"
        f'<ol>{calls}</ol><figure class="why-picture">{robustness_chart(result)}</figure>'
        f'<ul class="robustness">{lines}</ul></section>'
    )
