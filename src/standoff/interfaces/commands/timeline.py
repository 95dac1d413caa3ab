"""``standoff timeline``: the observed history of a conflict, checked against the model."""

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


@app.command(cls=Command)
def timeline(
    model: ModelArg,
    format: Annotated[str, format_option("table", "json", "csv")] = "table",
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Score only the steps dated DATE or later (as written in the history, e.g. 2019-02-28).",
        ),
    ] = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """The observed history of the conflict, step by step, checked against the model.

    For each dated state: who moved (the decision maker whose options
    changed), whether that was a unilateral improvement for it under the
    model's preferences, and under which concepts the state is an
    equilibrium. Steps where the model and what happened disagree are
    highlighted and listed. The scorecard then says, for each step, under
    which concepts the model predicted it (the observed move is one the
    model expects from the previous state: an undeterred improvement, or no
    move from an equilibrium), and tallies them (from --since DATE).

    Each history entry has a date, a state (number, name, pattern or
    expression), optionally the mover, a description and a source:

      history:
        - date: 2018-06-19
          state: NNNYYYNNNNN
          mover: United States
          description: The United States suspends the large exercises.
          source: Pentagon statement, 19 June 2018.

    Examples:

      standoff timeline examples/hanoi-2019.yaml

      standoff timeline examples/hanoi-2019.yaml --since 2019-02-28

      standoff timeline examples/hanoi-2019.yaml --format csv -o hanoi-timeline.csv
    """
    with user_errors(model):
        from standoff.analyses.history import timeline as run

        conflict = _load(model)
        observed = run(conflict)
        if format == "table":
            from standoff.outputs.timeline_text import timeline_table

            emit(timeline_table(observed, since), output)
            return
        from standoff.outputs.timeline_text import timeline_to_dict

        if format == "json":
            _print_json(timeline_to_dict(observed, since), output)
        else:
            from standoff.outputs.csv import timeline_to_csv

            emit(timeline_to_csv(timeline_to_dict(observed)), output, plain=True)
