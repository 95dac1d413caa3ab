"""``standoff timeline``: the observed history of a conflict, checked against the model."""

from __future__ import annotations

from standoff.interfaces.cli import (
    ModelArg,
    TableOrJson,
    TableOrJsonOption,
    _load,
    _print_json,
    app,
    stdout,
    user_errors,
)


@app.command()
def timeline(
    model: ModelArg,
    format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """The observed history of the conflict, step by step, checked against the model.

    For each dated state: who moved (the decision maker whose options
    changed), whether that was a unilateral improvement for it under the
    model's preferences, and under which concepts the state is an
    equilibrium. Steps where the model and what happened disagree are
    highlighted and listed.

    Each history entry has a date, a state (name, pattern or expression),
    optionally the mover, a description and a source:

      history:
        - date: 2018-06-19
          state: NNNYYYNNNNN
          mover: United States
          description: The United States suspends the large exercises.
          source: Pentagon statement, 19 June 2018.

    Examples:

      standoff timeline examples/hanoi-2019.yaml

      standoff timeline examples/hanoi-2019.yaml --format json
    """
    from standoff.analyses.history import timeline as run

    with user_errors(model):
        conflict = _load(model)
        observed = run(conflict)
        if format is TableOrJson.json:
            from standoff.outputs.timeline_text import timeline_to_dict

            _print_json(timeline_to_dict(observed))
        else:
            from standoff.outputs.timeline_text import timeline_table

            stdout.print(timeline_table(observed), highlight=False)
