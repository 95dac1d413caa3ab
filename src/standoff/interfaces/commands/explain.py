"""``standoff explain``: why a state is stable or not, sanction by sanction."""

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
    ProfileOption,
    QuietOption,
    _load,
    _print_json,
    app,
    concept_option,
    profile_pairs,
    user_errors,
)
from standoff.interfaces.output import emit

StateArg = Annotated[
    str,
    typer.Argument(
        metavar="STATE",
        help="The state: its number as the tables print it, a name from the model's states, "
        "a pattern (one Y/N per option) or an expression.",
        show_default=False,
    ),
]


@app.command(cls=Command)
def explain(
    model: ModelArg,
    state: StateArg,
    dm: Annotated[
        str | None,
        typer.Option(
            "--dm",
            metavar="NAME",
            help="Explain for this decision maker only.",
            show_default="every decision maker",
        ),
    ] = None,
    concept: Annotated[
        str | None,
        concept_option(
            f"The concept to explain: one of {CONCEPT_LIST}; gmr_strong, smr_strong or seq_strong "
            "(a model with strength of preference); nash_a ... seq_d (unknown preferences); or l<h> or nm "
            "(two decision makers). "
            "Default: seq, or the model's profile: when it has one."
        ),
    ] = None,
    fix: FixOption = None,
    profile: ProfileOption = None,
    format: PictureFormatOption = "table",
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """Why a state is stable (or not) for each decision maker, sanction by sanction.

    Lists every unilateral improvement and the opponents' answer that deters it.
    Under a limited-move concept (l1, l2, ..., nm; two decision makers), shows
    instead each decision maker's anticipated line of play: the moves it and
    its opponent would make, alternately, and where play would stop.
    Under an unknown-preference concept (nash_a ... seq_d), lists the moves
    that count (uncertain moves marked) and the sanctions that count under
    its extension (certainly not better, or unknown).
    For each improvement the answer is a shortest sequence of the opponents'
    moves (SEQ: each one an improvement for its mover; SMR: after which the
    decision maker's own counter-moves do not help; SIM: moves taken at the
    same time), or the statement that nothing deters it.

    Examples:

      standoff explain examples/hanoi-2019.yaml status_quo

      standoff explain examples/hanoi-2019.yaml status_quo --dm DPRK --concepts smr

      standoff explain examples/chicken.yaml 3

      standoff explain examples/chicken.yaml YN --concepts l2

      standoff explain examples/chicken.yaml YN --format json -o explanation.json

      standoff explain examples/hanoi-2019.yaml status_quo --format svg -o why.svg

      standoff explain examples/hanoi-2019.yaml status_quo --profile "United States=seq" --profile DPRK=nash

    With --profile (or, without --concepts, the model's profile:), each decision
    maker is judged by its own concept (nash, gmr, smr, seq, sim or seqsim):
    the explanation says which, and explains each verdict under it.
    """
    with user_errors(model):
        from standoff.analyses.explain import check_concept
        from standoff.analyses.explain import explain as run
        from standoff.concepts import is_limited_move, is_unknown_preference
        from standoff.interfaces.progress import AnalysisProgress

        chosen = check_concept(concept or "seq")
        pairs = profile_pairs(profile)
        if pairs is None and is_unknown_preference(chosen):
            from standoff.analyses.unknown_explain import explain_unknown

            found = explain_unknown(_load(model, fix=fix), state, chosen, dm)
            if format == "json":
                _print_json(found.to_dict(), output)
            elif format == "svg":
                emit(found.to_svg(), output, plain=True)
            else:
                from standoff.outputs.unknown_explain_text import unknown_explanation_text

                emit(unknown_explanation_text(found), output)
            return
        if pairs is None and is_limited_move(chosen):
            from standoff.analyses.anticipation import explain_limited_move

            if format == "svg":
                from standoff.errors import ConceptError

                raise ConceptError(
                    "--format svg draws the sanctions of nash, gmr, smr, seq, sim and seqsim; a limited-move "
                    "concept's lines of play are shown as a table (--format table) or JSON"
                )
            with AnalysisProgress(enabled=not quiet) as step:
                lines = explain_limited_move(_load(model, fix=fix), state, chosen, dm, progress=step)
            if format == "json":
                _print_json(lines.to_dict(), output)
            else:
                from standoff.outputs.anticipation_text import line_of_play_table

                emit(line_of_play_table(lines), output)
            return
        # the sanctions need the moves, not every state's verdict: no whole analysis first
        with AnalysisProgress(enabled=not quiet) as step:
            conflict = _load(model, fix=fix)
            if pairs is None and concept is None and conflict.profile:  # the model's own profile
                pairs = list(conflict.profile_concepts.items())
            explanation = run(conflict, state, chosen, dm, progress=step, profile=pairs)
        if format == "json":
            from standoff.outputs.explain_text import explanation_to_dict
            from standoff.outputs.json import COMPACT_JSON_STATES

            compact = explanation.space.n_states > COMPACT_JSON_STATES
            _print_json(explanation_to_dict(explanation), output, compact=compact)
        elif format == "svg":
            emit(explanation.to_svg(), output, plain=True)
        else:
            from standoff.outputs.explain_text import explanation_table

            emit(explanation_table(explanation), output)
