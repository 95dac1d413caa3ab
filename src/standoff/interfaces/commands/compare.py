"""``standoff compare``: what differs between two versions of a model, and their equilibria."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from standoff.concepts import CONCEPTS
from standoff.interfaces.cli import (
    CONCEPT_LIST,
    Command,
    ModelArg,
    OutputOption,
    QuietOption,
    TableOrJsonOption,
    _concepts,
    _load,
    _print_json,
    app,
    user_errors,
)
from standoff.interfaces.output import emit


@app.command(cls=Command)
def compare(
    model_a: ModelArg,
    model_b: Annotated[
        Path,
        typer.Argument(metavar="MODEL_B", help="The other version of the model.", show_default=False),
    ],
    concepts: Annotated[
        str,
        typer.Option(
            "--concepts", "-c", metavar="LIST", help=f"Comma-separated concepts to compare: {CONCEPT_LIST}."
        ),
    ] = ",".join(CONCEPTS),
    format: TableOrJsonOption = "table",
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """What differs between two versions of a model, and how their equilibria differ, state by state.

    Lists the decision makers, options, infeasibility conditions, status quo
    and preferences that differ (a prioritization statement added, removed
    or moved; a ranking entry moved to another group), then the equilibria
    of both under each concept and every state whose verdict differs, with
    the decision makers for whom it is not stable. States are matched by the
    options' names.

    Examples:

      standoff compare examples/hanoi-2019.yaml changed.yaml

      standoff compare model.gmcr model.yaml --concepts seq,gmr --format json
    """
    chosen = _concepts(concepts)
    with user_errors():
        from standoff.analyses.compare import compare as run
        from standoff.interfaces.progress import AnalysisProgress

        with AnalysisProgress(enabled=not quiet) as step:
            a = _load(model_a)
            b = _load(model_b)
            step("analysing both models", 0, None)
            comparison = run(a, b, chosen)
        if format == "json":
            _print_json(comparison.to_dict(), output)
        else:
            from standoff.outputs.compare_text import comparison_report

            emit(comparison_report(comparison, str(model_a), str(model_b)), output)
