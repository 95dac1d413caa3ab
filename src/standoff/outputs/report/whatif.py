"""The report's section on what would have to change for the states asked about to hold."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from standoff.analyses.report import Report


def whatif_section(report: Report) -> str:
    """One part per state asked about: the least change, its edits in words and the conditions."""
    if not report.whatifs:
        return ""
    from standoff.outputs.whatif_text import whatif_html

    parts = "".join(whatif_html(answer) for answer in report.whatifs)
    return (
        '<section id="whatif"><h2>What would have to change</h2>'
        "<p>For each state asked about, the fewest edits to the stated preferences (a statement moved "
        "one place or dropped, a ranking entry moved by one group) after which it is an equilibrium; "
        "each change was checked by analysing the changed model again.</p>"
        f"{parts}</section>"
    )
