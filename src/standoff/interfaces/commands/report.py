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
        str,
        typer.Option(
            "--concepts",
            "--concept",
            "-c",
            metavar="LIST",
            help=f"Concept whose equilibria are highlighted and explained: one of {CONCEPT_LIST}; beside it "
            "(comma-separated), any of gmr_strong, smr_strong, seq_strong (strength of preference) and "
            "nash_a ... seq_d (unknown preferences), shown in the stability table, the equilibria and the "
            "explanations.",
        ),
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
    Strength-of-preference and unknown-preference concepts asked for beside the
    concept are shown in the stability table, the equilibria and the
    explanations; the other sections follow the ordinary concept.

    Examples:

      standoff report examples/elmira.yaml -o elmira.html

      standoff report model.yaml -o report.html --concepts gmr

      standoff report examples/price-war.yaml -o price-war.html --concepts gmr,gmr_strong,gmr_b

      standoff report model.yaml -o report.json --format json

      standoff report examples/hanoi-2019.yaml -o hanoi.html --whatif big_deal

      standoff report examples/hanoi-2019.yaml -o hanoi.html --step-size 2
    """
    from standoff.interfaces.output import emit

    with user_errors():
        from standoff.analyses.report import gather, report_concepts
        from standoff.analyses.stability import analyze as run
        from standoff.concepts import CONCEPTS
        from standoff.interfaces.progress import AnalysisProgress
        from standoff.outputs.report import render_report

        chosen = [c.strip() for c in concept.split(",") if c.strip()]
        _, extended, _ = report_concepts(chosen)
        conflict = _load(model, fix=fix)
        with AnalysisProgress(enabled=not quiet) as step:
            result = run(conflict, (*CONCEPTS, *extended), progress=step, profile=profile_pairs(profile))
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
