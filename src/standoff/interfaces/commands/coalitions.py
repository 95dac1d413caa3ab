"""``standoff coalitions``: which coalitions of decision makers can upset which states."""

from __future__ import annotations

from typing import Annotated

import typer

from standoff.interfaces.cli import (
    Command,
    ModelArg,
    OutputOption,
    QuietOption,
    _load,
    _print_json,
    app,
    format_option,
    user_errors,
)
from standoff.interfaces.output import emit

COALITION_CONCEPT_LIST = "cnash, cgmr, csmr, cseq"
"""The coalition concepts as the help lists them."""


def _coalition_concepts(text: str) -> str:
    chosen = [c.strip().lower() for c in text.split(",") if c.strip()]
    unknown = [c for c in chosen if c not in COALITION_CONCEPT_LIST.split(", ")]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"unknown coalition concept(s) {', '.join(unknown) or '(none given)'}; "
            f"choose from {COALITION_CONCEPT_LIST}"
        )
    return ",".join(chosen)


@app.command(cls=Command)
def coalitions(
    model: ModelArg,
    concepts: Annotated[
        str,
        typer.Option(
            "--concepts",
            "-c",
            metavar="LIST",
            callback=_coalition_concepts,
            help=f"Comma-separated coalition concepts to compute: {COALITION_CONCEPT_LIST}.",
        ),
    ] = "cnash,cgmr,csmr,cseq",
    coalition: Annotated[
        list[str] | None,
        typer.Option(
            "--coalition",
            metavar="A+B",
            help="A coalition to analyse: members' names joined by +. Repeat for several.",
            show_default="every non-empty group of decision makers",
        ),
    ] = None,
    format: Annotated[str, format_option("table", "json", "csv")] = "table",
    output: OutputOption = None,
    equilibria_only: Annotated[
        bool,
        typer.Option(
            "--equilibria-only",
            metavar="",
            help="Leave out the states that are neither individual nor coalitional equilibria.",
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Coalition analysis: which states each coalition of decision makers can upset, and how.

    A coalition upsets a state when its members, moving one after another,
    reach a state every member prefers and the other decision makers cannot
    answer (CNash: at all; CGMR, CSMR, CSEQ: as GMR, SMR, SEQ answer one
    decision maker). States stable for every coalition are coalitional
    equilibria. For each individual equilibrium that is not coalitional, the
    coalition that upsets it and its joint move are told in words.

    Examples:

      standoff coalitions examples/hanoi-2019-four-parties.yaml

      standoff coalitions examples/elmira.yaml --coalition Ministry+Elmira --concepts cnash,cseq

      standoff coalitions conflict.gmcr --format json -o coalitions.json
    """
    with user_errors(model):
        from standoff.analyses.coalitions import coalition_analysis
        from standoff.engine.estimate import estimate
        from standoff.interfaces.progress import AnalysisProgress

        with AnalysisProgress(enabled=not quiet) as step:
            conflict = _load(model)
            step.announce(estimate(conflict))
            result = coalition_analysis(conflict, concepts.split(","), coalition or None, progress=step)
        if format == "json":
            from standoff.outputs.json import COMPACT_JSON_STATES

            compact = result.space.n_states > COMPACT_JSON_STATES
            _print_json(result.to_dict(states=not equilibria_only), output, compact=compact)
        elif format == "csv":
            from standoff.outputs.coalitions_text import coalitions_to_csv

            emit(coalitions_to_csv(result), output, plain=True)
        else:
            from standoff.outputs.coalitions_text import coalitions_table

            emit(coalitions_table(result, equilibria_only=equilibria_only), output)
