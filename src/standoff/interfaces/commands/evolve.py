"""``standoff evolve``: status quo analysis, where unilateral improvements lead from a state."""

from __future__ import annotations

from typing import Annotated

import typer

from standoff.interfaces.cli import (
    CONCEPT_LIST,
    Command,
    ModelArg,
    OutputOption,
    QuietOption,
    TableOrJsonOption,
    _load,
    _print_json,
    _stderr,
    app,
    concept_option,
    user_errors,
)
from standoff.interfaces.output import emit


@app.command(cls=Command)
def evolve(
    model: ModelArg,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="STATE",
            help="Start state (number, name, pattern or expression).",
            show_default="the model's status quo",
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="STATE", help="A state to reach: is it reachable, and if not, what blocks it?"
        ),
    ] = None,
    max_steps: Annotated[
        int | None,
        typer.Option(
            "--max-steps", min=0, metavar="N", help="Follow at most this many moves.", show_default="no limit"
        ),
    ] = None,
    concept: Annotated[
        str, concept_option(f"Which equilibria to report: one of {CONCEPT_LIST}.")
    ] = "seq",
    format: TableOrJsonOption = "table",
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """Where the conflict can go from the status quo by unilateral improvements, and where it stops.

    Lists the states reachable from the status quo by unilateral improvements
    of any decision maker, the equilibria among them and a shortest sequence
    of moves to each.

    With --to, says whether the target can be reached and, if not, where the
    paths stop and which moves toward it nobody is willing to make.

    Examples:

      standoff evolve examples/hanoi-2019.yaml

      standoff evolve examples/hanoi-2019.yaml --to grand_bargain

      standoff evolve examples/hanoi-2019.yaml --from big_deal --max-steps 2 --format json
    """
    with user_errors(model):
        from standoff.analyses.evolution import evolve as run
        from standoff.analyses.explain import check_concept
        from standoff.analyses.stability import analyze
        from standoff.engine.estimate import estimate
        from standoff.interfaces.progress import AnalysisProgress

        chosen = check_concept(concept)
        with AnalysisProgress(_stderr(), enabled=not quiet) as step:
            conflict = _load(model)
            step.announce(estimate(conflict))
            result = analyze(conflict, (chosen,), progress=step)
            evolution = run(result, start, target, max_steps=max_steps, concept=chosen, progress=step)
        if format == "json":
            from standoff.outputs.evolution_text import evolution_to_dict

            _print_json(evolution_to_dict(evolution), output)
        else:
            from standoff.outputs.evolution_text import evolution_report

            emit(evolution_report(evolution), output)
