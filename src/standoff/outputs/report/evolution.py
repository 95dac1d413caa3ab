"""The report's section on where the conflict can go from the status quo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.report.refs import move_words, state_ref, state_refs

if TYPE_CHECKING:
    from standoff.analyses.report import Report


def evolution_section(report: Report) -> str:
    """Where the conflict can go from the status quo: reachable states, paths, equilibria reached."""
    evolution = report.evolution
    if evolution is None:
        return ""
    result = report.result
    concept = CONCEPT_NAMES[evolution.concept]
    reached = list(evolution.equilibria_reached)
    others = len(evolution.reachable) - 1
    out = [
        '<section id="evolution"><h2>From the status quo</h2>',
        f"<p>Starting at state {state_ref(result, evolution.start_index)} and following only unilateral "
        f"improvements (each move preferred by the decision maker who makes it), the conflict can reach "
        f"{others} other state{'s' if others != 1 else ''}",
    ]
    if reached:
        out.append(
            f"; {len(reached)} of the states reached {'is a' if len(reached) == 1 else 'are'} "
            f"{concept} equilibri{'um' if len(reached) == 1 else 'a'}: "
            + state_refs(result, reached, 20)
            + ".</p>"
        )
    else:
        out.append(f"; none of the states reached is a {concept} equilibrium.</p>")
    if evolution.paths:
        from standoff.outputs.picture_svg import evolution_picture, render_svg

        out.append(
            f'<figure class="why-picture">{render_svg(evolution_picture(evolution), ids="evolve-")}</figure>'
        )
    stops = [t for t in evolution.stops if t != evolution.start_index or others == 0]
    if stops:
        out.append(
            "<p>The moves come to rest (no decision maker has a unilateral improvement) at "
            + state_refs(result, stops, 20)
            + ".</p>"
        )
    if evolution.max_steps is not None and evolution.frontier:
        out.append(f"<p>The search stopped after {evolution.max_steps} moves.</p>")
    if evolution.paths:
        out.append("<p>A shortest sequence of moves to each equilibrium reached:</p><ol class='paths'>")
        for path in evolution.paths:
            end = path[-1].target_index
            steps = "".join(
                f"<li>{move_words(result, m.source_index, m.target_index)} → "
                f"{state_ref(result, m.target_index)}</li>"
                for m in path
            )
            out.append(
                f"<li>to {state_ref(result, end)} in {len(path)} move{'s' if len(path) != 1 else ''}:"
                f"<ol class='steps'>{steps}</ol></li>"
            )
        out.append("</ol>")
    elif evolution.start_index in reached:
        out.append("<p>The status quo is itself an equilibrium.</p>")
    out.append("</section>")
    return "".join(out)
