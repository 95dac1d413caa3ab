"""The report's "What this rests on" section: the audit of the verdicts on the named states."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from standoff.analyses.report import Report


def rests_section(report: Report) -> str:
    """Per named state: its verdict's share, the calls that flip it, what holds by construction, every
    concept; what each roadmap needs; the unused statements (see ``standoff audit``)."""
    found = report.audit
    if found is None:
        return ""
    from standoff.outputs.audit_text import audit_lines

    blocks: list[list[str]] = [[]]
    for line in audit_lines(found)[1:]:
        if not line:
            blocks.append([])
            continue
        blocks[-1].append(line)
    items = []
    for block in blocks:
        if not block:
            continue
        head, rest = block[0], block[1:]
        inner = "".join(f"<li>{escape(x.strip())}</li>" for x in rest)
        items.append(f"<li>{escape(head)}" + (f"<ul>{inner}</ul>" if inner else "") + "</li>")
    return (
        '<section id="rests"><h2>What this rests on</h2>'
        "<p>For each named state: the share of the readings of the judgement calls in which its verdict "
        "holds, the calls that flip it alone, what holds by construction (not a finding), and the verdict "
        "under every concept; what a roadmap to each target needs; the statements no verdict uses "
        f'(<code>standoff audit</code>).</p><ul class="rests">{"".join(items)}</ul></section>'
    )
