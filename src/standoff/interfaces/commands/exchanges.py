"""``standoff exchanges``: the "action for action" table of two sides' single steps at a state."""

from __future__ import annotations

from typing import Annotated

import typer

from standoff.interfaces.cli import (
    CONCEPT_LIST,
    Command,
    FixOption,
    ModelArg,
    OutputOption,
    QuietOption,
    TableOrJsonOption,
    _analyzed,
    _print_json,
    app,
    concept_option,
    user_errors,
)
from standoff.interfaces.output import emit


def _sides(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    names = [v.strip() for v in value.split(",") if v.strip()]
    if len(names) != 2:
        raise typer.BadParameter(f"give two decision makers separated by a comma, got {value!r}")
    return names[0], names[1]


@app.command(cls=Command)
def exchanges(
    model: ModelArg,
    state: Annotated[
        str | None,
        typer.Argument(
            metavar="[STATE]",
            help="The state to exchange steps at (number, name, pattern or expression).",
            show_default="the model's status quo",
        ),
    ] = None,
    sides: Annotated[
        str | None,
        typer.Option(
            "--sides",
            metavar="A,B",
            help="The two decision makers (names or numbers from 1): A's steps are rows, B's columns.",
            show_default="the first two decision makers",
        ),
    ] = None,
    step_size: Annotated[
        int,
        typer.Option(
            "--step-size", "-k", min=1, metavar="K", help="The most options one side changes in its step."
        ),
    ] = 1,
    concept: Annotated[
        str, concept_option(f"The concept under which a state holds: one of {CONCEPT_LIST}.")
    ] = "seq",
    fix: FixOption = None,
    format: TableOrJsonOption = "table",
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """The "action for action" table: each side's single steps against the other's, taken together.

    Rows are one side's possible steps at the state (staying included), columns
    the other's; each cell says whether the exchange leaves both better off,
    and whether the state after it holds (is stable for every decision maker).

    Examples:

      standoff exchanges examples/hanoi-2019.yaml

      standoff exchanges examples/hanoi-2019.yaml big_deal --sides DPRK,"United States"

      standoff exchanges examples/hanoi-2019.yaml --step-size 2 --format json -o exchanges.json
    """
    chosen_sides = _sides(sides)
    with user_errors(model):
        from standoff.analyses.exchanges import exchanges as run
        from standoff.analyses.explain import check_concept
        from standoff.interfaces.progress import AnalysisProgress

        chosen = check_concept(concept)
        with AnalysisProgress(enabled=not quiet) as step:
            result = _analyzed(model, chosen, step, fix)
        sides_arg = None
        if chosen_sides is not None:
            sides_arg = tuple(int(s) if s.isdigit() else s for s in chosen_sides)
        found = run(result, state, sides=sides_arg, concept=chosen, step_size=step_size)  # type: ignore[arg-type]
        if format == "json":
            _print_json(found.to_dict(), output)
        else:
            from standoff.outputs.exchanges_text import exchanges_report

            emit(exchanges_report(found), output)
