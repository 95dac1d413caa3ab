"""``standoff explain``: why a state is stable or not, sanction by sanction."""

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

StateArg = Annotated[
    str,
    typer.Argument(
        help="The state: a name from the model's states, a pattern (one Y/N per option) or an expression.",
        show_default=False,
    ),
]


@app.command()
def explain(
    model: ModelArg,
    state: StateArg,
    dm: Annotated[str | None, typer.Option("--dm", help="Explain for this decision maker only.")] = None,
    concept: Annotated[
        str, typer.Option("--concept", "-c", help="nash, gmr, smr, seq, sim or seqsim.")
    ] = "seq",
    format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """Why a state is stable (or not) for each decision maker: every unilateral
    improvement and the opponents' answer that deters it.

    For each improvement the answer is a shortest sequence of the opponents'
    moves (SEQ: each one an improvement for its mover; SMR: after which the
    decision maker's own counter-moves do not help; SIM: moves taken at the
    same time), or the statement that nothing deters it.

    Examples:

      standoff explain examples/hanoi-2019.yaml status_quo

      standoff explain examples/hanoi-2019.yaml status_quo --dm DPRK --concept smr

      standoff explain examples/chicken.yaml YN --format json
    """
    from standoff.analyses.explain import check_concept
    from standoff.analyses.explain import explain as run
    from standoff.interfaces.progress import AnalysisProgress

    with user_errors(model):
        chosen = check_concept(concept)
        # the sanctions need the moves, not every state's verdict: no whole analysis first
        with AnalysisProgress(stderr) as step:
            conflict = _load(model)
            explanation = run(conflict, state, chosen, dm, progress=step)
        if format is TableOrJson.json:
            from standoff.outputs.explain_text import explanation_to_dict

            _print_json(explanation_to_dict(explanation))
        else:
            from standoff.outputs.explain_text import explanation_table

            stdout.print(explanation_table(explanation), highlight=False)
