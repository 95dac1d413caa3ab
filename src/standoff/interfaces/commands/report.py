"""``standoff report``: one self-contained HTML page about a model and its analysis.

The command analyses the model, gathers what the report shows
(:func:`standoff.analyses.report.gather`: the part of the state graph to
draw, explanations, status quo analysis, observed history) and hands it
to :func:`standoff.outputs.report.render_report`, which only formats it.
The page is written to a temporary file next to the target and renamed
over it, so an existing report is never left half-written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from standoff.analyses.report import MAX_GRAPH_STATES, gather
from standoff.errors import StandoffError
from standoff.interfaces.cli import ModelArg, _load, app, stderr, stdout, user_errors
from standoff.interfaces.progress import AnalysisProgress
from standoff.io.atomic import WriteError, write_text_atomically


class ReportWriteError(StandoffError):
    """The report cannot be written where the user asked."""


def write_atomically(path: Path, text: str) -> None:
    """Write the report whole or not at all (see :mod:`standoff.io.atomic`)."""
    try:
        write_text_atomically(path, text, what="report")
    except WriteError as error:
        raise ReportWriteError(str(error)) from None


@app.command()
def report(
    model: ModelArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The HTML file to write (replaced whole if it exists).")
    ],
    concept: Annotated[
        str,
        typer.Option(
            help="Concept whose equilibria are highlighted and explained: nash, gmr, smr, seq, sim, seqsim."
        ),
    ] = "seq",
    max_states: Annotated[
        int,
        typer.Option(
            "--max-states",
            min=4,
            help="Draw every state up to this many; a larger model is drawn around its status quo.",
        ),
    ] = MAX_GRAPH_STATES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display on stderr.")] = False,
) -> None:
    """Write a self-contained HTML report: the model in words, the state graph, stability and explanations.

    The page needs no network to be read: open it in any browser.

    Examples:

      standoff report examples/elmira.yaml -o elmira.html

      standoff report model.yaml -o report.html --concept gmr
    """
    from standoff.analyses.explain import check_concept
    from standoff.analyses.stability import analyze as run
    from standoff.outputs.report import render_report

    with user_errors():
        chosen = check_concept(concept)
        conflict = _load(model)
        with AnalysisProgress(stderr, enabled=not quiet) as step:
            result = run(conflict, progress=step)
            step("explaining and tracing paths")
            gathered = gather(result, chosen, max_states=max_states)
        write_atomically(output, render_report(gathered))
        drawn = len(gathered.graph.states)
        shown = (
            f"all {drawn} states"
            if not gathered.graph.is_partial
            else f"{drawn} of {result.space.n_states} states"
        )
        stdout.print(f"wrote {output} (the graph shows {shown})", highlight=False)
