"""``standoff whatif``: the least change of the preferences that makes a state an equilibrium."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from standoff.interfaces.cli import (
    CONCEPT_LIST,
    Command,
    ModelArg,
    QuietOption,
    TableOrJsonOption,
    _load,
    _print_json,
    _stderr,
    app,
    one_concept,
    user_errors,
)
from standoff.interfaces.output import emit


@app.command(cls=Command)
def whatif(
    model: ModelArg,
    make: Annotated[
        str,
        typer.Option(
            "--make",
            metavar="STATE",
            help="The state that should hold (number, name, pattern or expression).",
            show_default=False,
        ),
    ],
    concept: Annotated[
        str,
        typer.Option(
            "--concept",
            "--concepts",
            "-c",
            metavar="CONCEPT",
            callback=one_concept,
            help=f"Under which concept the state should be an equilibrium: one of {CONCEPT_LIST}.",
        ),
    ] = "seq",
    dm: Annotated[
        list[str] | None,
        typer.Option(
            "--dm",
            metavar="DM",
            help="A decision maker whose preferences may change (repeat for several).",
            show_default="every decision maker",
        ),
    ] = None,
    max_cost: Annotated[
        int | None,
        typer.Option(
            "--max-cost",
            min=0,
            metavar="C",
            help="Look for changes of at most C edits in all.",
            show_default="until a change is found or none can exist",
        ),
    ] = None,
    all_sets: Annotated[
        bool,
        typer.Option(
            "--all-sets", "--all", metavar="", help="List every least-cost change set, not just one."
        ),
    ] = False,
    format: TableOrJsonOption = "table",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="CHANGED_MODEL",
            help=(
                "Write the model with the (first) least-cost change applied: YAML, JSON or .gmcr by "
                "the extension; it differs from MODEL only in preferences."
            ),
            show_default=False,
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """What would have to change in the preferences for STATE to be an equilibrium.

    Finds the least number of edits to the stated preferences after which
    STATE is stable for every decision maker under the concept. An edit
    moves one prioritization statement one place up or down, drops one
    statement, or moves one ranking entry by one group; each costs 1. The
    search is exact (every cheaper change is ruled out) unless it says it
    was bounded, and every change printed has been checked by analysing the
    changed model again. Also lists, for the model as it stands, each
    improvement from STATE that nothing deters and the sanctions that would.

    Examples:

      standoff whatif examples/hanoi-2019.yaml --make big_deal

      standoff whatif examples/hanoi-2019.yaml --make status_quo --concept sim --dm "United States"

      standoff whatif examples/prisoners-dilemma.yaml --make NN --concept nash --all --format json

      standoff whatif examples/hanoi-2019.yaml --make big_deal -o changed.yaml
    """
    with user_errors(model):
        from standoff.analyses.stability import analyze
        from standoff.analyses.whatif import whatif as run
        from standoff.concepts import concept_key
        from standoff.interfaces.progress import AnalysisProgress
        from standoff.io import SUFFIXES

        chosen = concept_key(concept)
        if output is not None and output.suffix.lower() not in SUFFIXES:
            shown = output.suffix or "(none)"
            raise typer.BadParameter(
                f"cannot tell the model format from the extension {shown!r}: use {', '.join(SUFFIXES)}",
                param_hint="'--output' / '-o'",
            )
        with AnalysisProgress(enabled=not quiet) as step:
            conflict = _load(model)
            result = analyze(conflict, (chosen,), progress=step, profile={})
            step("searching the least change", 0, None)
            answer = run(result, make, chosen, dms=dm, max_cost=max_cost, all_sets=all_sets)
        written = None
        if output is not None and answer.changed is not None:
            from standoff.io import save

            save(answer.changed, output)
            written = str(output)
        if format == "json":
            data = answer.to_dict()
            data["written"] = written
            _print_json(data)
        else:
            from standoff.outputs.whatif_text import whatif_report

            emit(whatif_report(answer, written), None)
        if output is not None and written is None and not quiet:
            _stderr().print(f"no change found: {output} was not written", highlight=False)
