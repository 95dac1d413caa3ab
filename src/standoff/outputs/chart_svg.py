"""Robustness as a chart: for each followed state, the share of the readings in which it is an
equilibrium under each concept, with the calls that decide it named beside the bars.

Shares are drawn as bars and written as numbers, with the ordinal word (in every reading, in some, in
none) that the text leads with, so that the chart reads the same in greyscale. Text stays text.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from standoff.concepts import CONCEPT_NAMES

if TYPE_CHECKING:
    from standoff.analyses.robustness import Robustness

CHAR = 6.9
ROW = 18.0
BAR = 220.0
MARGIN = 16.0
GAP = 14.0
READING = {"every": "in every reading", "some": "in some", "none": "in none", "absent": "never exists"}


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%" if share in (0.0, 1.0) else f"{share * 100:.1f}%"


def robustness_chart(robust: Robustness) -> str:
    """The chart as a standalone SVG document."""
    frequencies = robust.frequencies
    decisions = robust.decisions
    concepts = robust.concepts
    names = [f"{t.name or t.label} (state {t.index + 1})" for t in robust.tracked]
    label_width = max([len(n) for n in names] + [10]) * CHAR * 1.1 + GAP  # bold
    concept_width = max(len(CONCEPT_NAMES[c]) for c in concepts) * CHAR + GAP
    rows: list[tuple[str, float, str, str, str]] = []  # (left label, share, reading, calls, state) per bar
    for t, tracked in enumerate(robust.tracked):
        for k, concept in enumerate(concepts):
            share = float(frequencies[robust.concepts.index(concept), tracked.index])
            decision = decisions[t, concept]
            calls = "; ".join(robust.describe_call(c) for c in decision.calls)
            left = names[t] if k == 0 else ""
            reading = READING[robust.reading(tracked.index, concept)]
            rows.append((left, share, reading, calls, tracked.name or tracked.label))
    title = (
        f"How often each state is an equilibrium over {robust.variants:,} reading"
        f"{'s' * (robust.variants != 1)} of {len(robust.calls) + len(robust.structural)} judgement calls"
    )
    calls_x = MARGIN + label_width + concept_width + BAR + 150
    longest = max([len(r[3]) for r in rows] + [len("decided by")])
    width = max(calls_x + (longest + 12) * CHAR + MARGIN, MARGIN * 2 + len(title) * CHAR)
    groups = len(robust.tracked)
    height = MARGIN * 2 + 3 * ROW + len(rows) * ROW + groups * 8 + 2 * ROW
    out = [
        f'<svg class="robustness-chart" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
        f'height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="DejaVu Sans, Verdana, sans-serif" '
        'font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 12}" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    y = MARGIN + 2.5 * ROW
    bar_x = MARGIN + label_width + concept_width
    out.append(
        f'<text x="{bar_x:.1f}" y="{y:.1f}" fill="#444444">share of the readings (0–100%)</text>'
        f'<text x="{calls_x:.1f}" y="{y:.1f}" fill="#444444">decided by</text>'
    )
    concept_cycle = 0
    for left, share, reading, calls, state in rows:
        if left:
            y += 8
            out.append(f'<text x="{MARGIN}" y="{y + ROW:.1f}" font-weight="bold">{escape(left)}</text>')
            concept_cycle = 0
        y += ROW
        concept = CONCEPT_NAMES[concepts[concept_cycle]]
        concept_cycle += 1
        out.append(f'<g class="bar" data-concept="{escape(concept)}">')
        out.append(f"<title>{escape(state)} under {escape(concept)}: {_percent(share)}</title>")
        out.append(f'<text x="{MARGIN + label_width:.1f}" y="{y:.1f}">{escape(concept)}</text>')
        out.append(
            f'<rect x="{bar_x:.1f}" y="{y - 11:.1f}" width="{BAR:.1f}" height="12" fill="#eeeeee" '
            'stroke="#999999" stroke-width="0.6"/>'
        )
        if share > 0:
            out.append(
                f'<rect x="{bar_x:.1f}" y="{y - 11:.1f}" width="{BAR * share:.1f}" height="12" '
                'fill="#1e6b34"/>'
            )
        out.append(
            f'<text x="{bar_x + BAR + 8:.1f}" y="{y:.1f}">{_percent(share)} ({escape(reading)})</text>'
        )
        if calls:
            out.append(f'<text x="{calls_x:.1f}" y="{y:.1f}" fill="#333333">{escape(calls)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
