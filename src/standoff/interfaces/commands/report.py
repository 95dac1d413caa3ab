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

from standoff.errors import StandoffError
from standoff.interfaces.cli import (
    CONCEPT_LIST,
    Command,
    FixOption,
    ModelArg,
    ProfileOption,
    QuietOption,
    _load,
    app,
    concept_option,
    format_option,
    profile_pairs,
    user_errors,
)

MAX_GRAPH_STATES = 100
"""The default of ``--max-states``: :data:`standoff.analyses.report.MAX_GRAPH_STATES`, repeated here so
that the command line starts without loading the analyses (a test checks the two agree)."""


class ReportWriteError(StandoffError):
    """The report cannot be written where the user asked."""


def write_atomically(path: Path, text: str) -> None:
    """Write the report whole or not at all (see :mod:`standoff.io.atomic`)."""
    from standoff.io.atomic import WriteError, write_text_atomically

    try:
        write_text_atomically(path, text, what="report")
    except WriteError as error:
        raise ReportWriteError(str(error)) from None


@app.command(cls=Command)
def report(
    model: ModelArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write (replaced whole if it exists).")
    ],
    fix: FixOption = None,
    profile: ProfileOption = None,
    format: Annotated[str, format_option("html", "json")] = "html",
    concept: Annotated[
        str, concept_option(f"Concept whose equilibria are highlighted and explained: one of {CONCEPT_LIST}.")
    ] = "seq",
    max_states: Annotated[
        int,
        typer.Option(
            "--max-states",
            min=4,
            metavar="N",
            help="Draw every state up to this many; a larger model is drawn around its status quo.",
        ),
    ] = MAX_GRAPH_STATES,
    whatif: Annotated[
        list[str] | None,
        typer.Option(
            "--whatif",
            metavar="STATE",
            help="Add what would have to change for STATE to hold under the concept (repeat for several).",
            show_default=False,
        ),
    ] = None,
    step_size: Annotated[
        int,
        typer.Option(
            "--step-size",
            min=1,
            metavar="K",
            help="The roadmaps to the model's targets: each mover changes up to K of its options per step.",
        ),
    ] = 1,
    movers: Annotated[
        int,
        typer.Option(
            "--movers",
            min=1,
            metavar="M",
            help="The roadmaps to the model's targets: up to M decision makers move together in a step.",
        ),
    ] = 2,
    quiet: QuietOption = False,
) -> None:
    """Write a self-contained HTML report of a model and its analysis.

    The report has the model in words, the state graph, stability and
    explanations. The page needs no network to be read: open it in any browser.

    Examples:

      standoff report examples/elmira.yaml -o elmira.html

      standoff report model.yaml -o report.html --concepts gmr

      standoff report model.yaml -o report.json --format json

      standoff report examples/hanoi-2019.yaml -o hanoi.html --whatif big_deal

      standoff report examples/hanoi-2019.yaml -o hanoi.html --step-size 2
    """
    from standoff.interfaces.output import emit

    with user_errors():
        from standoff.analyses.explain import check_sanction_concept
        from standoff.analyses.report import gather
        from standoff.analyses.stability import analyze as run
        from standoff.interfaces.progress import AnalysisProgress
        from standoff.outputs.report import render_report

        chosen = check_sanction_concept(concept)
        conflict = _load(model, fix=fix)
        with AnalysisProgress(enabled=not quiet) as step:
            result = run(conflict, progress=step, profile=profile_pairs(profile))
            step("explaining and tracing paths")
            gathered = gather(
                result, chosen, max_states=max_states, whatif=whatif or (), step_size=step_size, movers=movers
            )
        if format == "json":
            from standoff.interfaces.cli import _json_text

            write_atomically(output, _json_text(gathered.to_dict()))
        else:
            write_atomically(output, render_report(gathered))
        drawn = len(gathered.graph.states)
        shown = (
            f"all {drawn} states"
            if not gathered.graph.is_partial
            else f"{drawn} of {result.space.n_states} states"
        )
        if not quiet:
            emit(f"wrote {output} (the graph shows {shown})\n", None, plain=True)
