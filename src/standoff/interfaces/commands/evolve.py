"""``standoff evolve``: status quo analysis, where unilateral improvements lead from a state."""

from __future__ import annotations

from typing import Annotated

import typer

from standoff.interfaces.cli import (
    ModelArg,
    TableOrJson,
    TableOrJsonOption,
    _load,
    _print_json,
    app,
    stderr,
    stdout,
    user_errors,
)


@app.command()
def evolve(
    model: ModelArg,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", help="Start state (name, pattern or expression); default: the model's status quo."
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--to", help="A state to reach: is it reachable, and if not, what blocks it?"),
    ] = None,
    max_steps: Annotated[
        int | None,
        typer.Option("--max-steps", min=0, help="Follow at most this many moves (default: no limit)."),
    ] = None,
    concept: Annotated[
        str,
        typer.Option("--concept", "-c", help="Which equilibria to report: nash, gmr, smr, seq, sim, seqsim."),
    ] = "seq",
    format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """How the conflict can evolve: the states reachable from the status quo by
    unilateral improvements of any decision maker, the equilibria among them
    and a shortest sequence of moves to each.

    With --to, says whether the target can be reached and, if not, where the
    paths stop and which moves toward it nobody is willing to make.

    Examples:

      standoff evolve examples/hanoi-2019.yaml

      standoff evolve examples/hanoi-2019.yaml --to grand_bargain

      standoff evolve examples/hanoi-2019.yaml --from big_deal --max-steps 2 --format json
    """
    from standoff.analyses.evolution import evolve as run
    from standoff.analyses.explain import check_concept
    from standoff.analyses.stability import analyze
    from standoff.engine.estimate import estimate
    from standoff.interfaces.progress import AnalysisProgress

    with user_errors(model):
        chosen = check_concept(concept)
        with AnalysisProgress(stderr) as step:
            conflict = _load(model)
            step.announce(estimate(conflict))
            result = analyze(conflict, (chosen,), progress=step)
            evolution = run(result, start, target, max_steps=max_steps, concept=chosen, progress=step)
        if format is TableOrJson.json:
            from standoff.outputs.evolution_text import evolution_to_dict

            _print_json(evolution_to_dict(evolution))
        else:
            from standoff.outputs.evolution_text import evolution_report

            stdout.print(evolution_report(evolution), highlight=False)
