"""``standoff audit``: what each verdict on the named states rests on."""

from __future__ import annotations

from typing import Annotated

import typer

from standoff.interfaces.cli import (
    Command,
    ModelArg,
    OutputOption,
    PictureFormatOption,
    QuietOption,
    _load,
    _print_json,
    app,
    concept_option,
    user_errors,
)
from standoff.interfaces.output import emit


@app.command(cls=Command)
def audit(
    model: ModelArg,
    concept: Annotated[str, concept_option("The concept whose verdicts are audited.")] = "seq",
    targets: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            metavar="TARGET",
            help="Also say what a roadmap from the status quo to TARGET needs (a named state, a pattern or a "
            "condition); may be repeated.",
            show_default="the model's targets",
        ),
    ] = None,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            "-n",
            min=1,
            metavar="N",
            help="When the model admits more than 10,000 distinct readings (and more than N), analyse a "
            "random sample of N of them.",
        ),
    ] = 1000,
    seed: Annotated[
        int,
        typer.Option("--seed", "-s", metavar="S", help="Seed of the random sample: same seed, same answer."),
    ] = 0,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, metavar="N", help="Local processes to use for the readings."),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Send the readings to the Dask cluster whose scheduler is at ADDRESS (tcp://host:port); "
            "needs pip install 'standoff\\[distributed]'. Same result as a local run.",
        ),
    ] = None,
    format: PictureFormatOption = "table",
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """What the verdicts on the status quo and the named states rest on.

    For each: the verdict as written and its share over every reading of the
    judgement calls (preference and structural); the calls that flip it alone;
    what holds by construction (every side's most preferred state, a side with
    no move, a side indifferent to its moves); the verdict under every concept;
    for every target, what a roadmap needs (step size and movers); and the
    statements that change no verdict.

    Examples:

      standoff audit examples/hanoi-2019.yaml

      standoff audit examples/hanoi-2019.yaml -c gmr --to big_deal --format json -o audit.json

      standoff audit examples/hanoi-2019.yaml --format svg -o audit.svg
    """
    with user_errors(model):
        from standoff.analyses.audit import audit as run
        from standoff.interfaces.progress import AnalysisProgress

        if scheduler is not None:
            from importlib.util import find_spec

            if find_spec("distributed") is None:
                from standoff.analyses.sweeping import DASK_HINT, SweepError

                raise SweepError(
                    f"--scheduler needs Dask's distributed scheduler, which is not installed; {DASK_HINT}"
                )
        with AnalysisProgress(enabled=not quiet) as step:
            conflict = _load(model)
            result = run(
                conflict,
                concept,
                targets=targets or (),
                samples=samples,
                seed=seed,
                jobs=jobs,
                scheduler=scheduler,
                progress=lambda done, total: step("analysing the readings", done, total),
            )
        if format == "json":
            _print_json(result.to_dict(), output)
        elif format == "svg":
            emit(result.to_svg(), output, plain=True)
        else:
            emit(str(result) + "\n", output, plain=True)
