"""``standoff robustness``: which verdicts survive the model's judgement calls, and which hang on one."""

from __future__ import annotations

from typing import Annotated

import typer

from standoff.concepts import CONCEPTS
from standoff.interfaces.cli import (
    CONCEPT_LIST,
    Command,
    ModelArg,
    OutputOption,
    PictureFormatOption,
    QuietOption,
    _concepts,
    _load,
    _print_json,
    app,
    user_errors,
)
from standoff.interfaces.output import emit


@app.command(cls=Command)
def robustness(
    model: ModelArg,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            "-n",
            min=1,
            metavar="N",
            help="When the model admits more than 10,000 variants (and more than N), analyse a random sample "
            "of N of them.",
        ),
    ] = 1000,
    seed: Annotated[
        int,
        typer.Option("--seed", "-s", metavar="S", help="Seed of the random sample: same seed, same answer."),
    ] = 0,
    concepts: Annotated[
        str,
        typer.Option("--concepts", "-c", metavar="LIST", help=f"Comma-separated concepts: {CONCEPT_LIST}."),
    ] = ",".join(CONCEPTS),
    states: Annotated[
        list[str] | None,
        typer.Option(
            "--state",
            metavar="STATE",
            help="Also say what this state's verdict hangs on (number, name, pattern); may be repeated.",
            show_default="the status quo and the named states",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, metavar="N", help="Local processes to use.", show_default="every core"
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Send the batches to the Dask cluster whose scheduler is at ADDRESS (tcp://host:port); "
            "needs pip install 'standoff\\[distributed]'. Same result as a local run.",
        ),
    ] = None,
    format: PictureFormatOption = "table",
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """How robust each verdict is to the judgement calls in the preferences (statements marked uncertain).

    Analyses every admissible preference variant (or, beyond 10,000, a seeded
    random sample) and gives, for each state and concept, the share of the
    variants in which it is an equilibrium; for the status quo and the named
    states, the smallest set of judgement calls that decides each verdict
    that varies, and how.

    Examples:

      standoff robustness examples/hanoi-2019.yaml --concepts seq

      standoff robustness examples/hanoi-2019.yaml --samples 5000 --seed 7 --format json -o robust.json

      standoff robustness examples/hanoi-2019.yaml --concepts seq --format svg -o robust.svg

      standoff robustness examples/hanoi-2019.yaml --scheduler tcp://127.0.0.1:8786
    """
    chosen = _concepts(concepts)
    with user_errors(model):
        from standoff.analyses.robustness import robustness as run
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
                samples=samples,
                seed=seed,
                concepts=chosen,
                states=states or (),
                jobs=jobs,
                scheduler=scheduler,
                progress=lambda done, total: step("analysing the variants", done, total),
            )
        if format == "json":
            _print_json(result.to_dict(), output)
        elif format == "svg":
            emit(result.to_svg(), output, plain=True)
        else:
            from standoff.outputs.robustness import robustness_table

            emit(robustness_table(result), output)
