"""``standoff evolve``: status quo analysis, where unilateral improvements lead from a state."""

from __future__ import annotations

from typing import Annotated

import typer

from standoff.interfaces.cli import (
    CONCEPT_LIST,
    Command,
    FixOption,
    ModelArg,
    OutputOption,
    PictureFormatOption,
    QuietOption,
    _analyzed,
    _print_json,
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
    concept: Annotated[str, concept_option(f"Which equilibria to report: one of {CONCEPT_LIST}.")] = "seq",
    movers: Annotated[
        int,
        typer.Option(
            "--movers",
            "-m",
            min=1,
            metavar="M",
            help="Follow joint improvements too: steps by up to M decision makers at once, each better off.",
        ),
    ] = 1,
    step_size: Annotated[
        int | None,
        typer.Option(
            "--step-size",
            "-k",
            min=1,
            metavar="K",
            help="The most options one mover changes in a step.",
            show_default="any number",
        ),
    ] = None,
    fix: FixOption = None,
    format: PictureFormatOption = "table",
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """Where the conflict can go from the status quo by unilateral improvements, and where it stops.

    Lists the states reachable from the status quo by unilateral improvements
    of any decision maker, the equilibria among them and a shortest sequence
    of moves to each.

    With --to, says whether the target can be reached and, if not, where the
    paths stop and which moves toward it nobody is willing to make.

    With --movers 2, decision makers may also move together (an exchange):
    a joint step is followed when it leaves every mover better off.

    Examples:

      standoff evolve examples/hanoi-2019.yaml

      standoff evolve examples/hanoi-2019.yaml --to grand_bargain

      standoff evolve examples/hanoi-2019.yaml --from big_deal --max-steps 2 --format json

      standoff evolve examples/hanoi-2019.yaml --format svg -o evolution.svg

      standoff evolve examples/hanoi-2019.yaml --to grand_bargain --movers 2 --step-size 2
    """
    with user_errors(model):
        from standoff.analyses.evolution import evolve as run
        from standoff.analyses.explain import check_concept
        from standoff.interfaces.progress import AnalysisProgress

        chosen = check_concept(concept)
        with AnalysisProgress(enabled=not quiet) as step:
            result = _analyzed(model, chosen, step, fix)
            evolution = run(
                result,
                start,
                target,
                max_steps=max_steps,
                concept=chosen,
                progress=step,
                movers=movers,
                step_size=step_size,
            )
        if format == "json":
            from standoff.outputs.evolution_text import evolution_to_dict
            from standoff.outputs.json import COMPACT_JSON_STATES

            compact = result.space.n_states > COMPACT_JSON_STATES
            _print_json(evolution_to_dict(evolution, encoded=compact), output, compact=compact)
        elif format == "svg":
            emit(evolution.to_svg(), output, plain=True)
        else:
            from standoff.outputs.evolution_text import evolution_report

            emit(evolution_report(evolution), output)
