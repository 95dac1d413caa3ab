"""``standoff roadmap``: the shortest orders of acceptable steps from a state to a target, stages holding."""

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
    one_concept,
    user_errors,
)
from standoff.interfaces.output import emit


def _rule(value: str) -> str:
    wanted = value.strip().lower()
    if wanted not in ("improve", "target"):
        raise typer.BadParameter(f"unknown rule {value!r}; use improve or target")
    return wanted


@app.command(cls=Command)
def roadmap(
    model: ModelArg,
    target: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="TARGET",
            help="The deal to reach: a state (number, name, pattern) or a condition over options "
            "(every state satisfying it is a target).",
            show_default=False,
        ),
    ],
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="STATE",
            help="Start state (number, name, pattern or expression).",
            show_default="the model's status quo",
        ),
    ] = None,
    concept: Annotated[
        str,
        typer.Option(
            "--concepts",
            "--concept",
            "-c",
            metavar="CONCEPT",
            callback=one_concept,
            help=f"The concept under which every stage must hold: one of {CONCEPT_LIST}.",
        ),
    ] = "seq",
    step_size: Annotated[
        int,
        typer.Option(
            "--step-size", "-k", min=1, metavar="K", help="The most options one mover changes in a step."
        ),
    ] = 1,
    movers: Annotated[
        int,
        typer.Option(
            "--movers", "-m", min=1, metavar="M", help="The most decision makers acting together in a step."
        ),
    ] = 2,
    rule: Annotated[
        str,
        typer.Option(
            "--rule",
            metavar="improve|target",
            callback=_rule,
            help="improve: every mover better off after each step; target: every mover prefers the target "
            "to where it stands (a leap of faith; the steps that leave a mover worse off are marked).",
        ),
    ] = "improve",
    max_roadmaps: Annotated[
        int,
        typer.Option("--max-roadmaps", "--max", min=1, metavar="N", help="List at most N shortest roadmaps."),
    ] = 10,
    max_steps: Annotated[
        int | None,
        typer.Option(
            "--max-steps", min=0, metavar="N", help="Search at most N steps.", show_default="no limit"
        ),
    ] = None,
    detours: Annotated[
        bool,
        typer.Option(
            "--detours",
            metavar="",
            help="Let a step change back an option an earlier step changed (by default each option changes "
            "at most once); such steps are marked.",
        ),
    ] = False,
    fix: FixOption = None,
    format: PictureFormatOption = "table",
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """Which order of steps gets from the status quo to a deal, each stage holding on its own.

    A step is taken by one or more decision makers at once (at most --movers),
    each changing at most --step-size of its own options; it is acceptable
    when every mover is better off after it (or, with --rule target, when
    every mover prefers the target to where it stands). Every stage after the
    start must be stable for every decision maker under the concept (SEQ by
    default), a stage before the last with the roadmap's own next step left
    out of its movers' improvements. Each option changes at most once unless
    --detours. A step whose mover would not take it on its own (a sanction
    deters it) is flagged with that sanction. Lists the shortest roadmaps (fewest steps, then fewest joint
    steps); when there is none, says where it breaks: whether the target
    holds at all, the stages reachable, and each step toward the target that
    fails, and for whom.

    Examples:

      standoff roadmap examples/hanoi-2019.yaml --to grand_bargain

      standoff roadmap examples/hanoi-2019.yaml --to "dismantle_yongbyon and partial_relief" --rule target

      standoff roadmap examples/hanoi-2019.yaml --to yongbyon_for_partial_relief --step-size 2 --format json

      standoff roadmap examples/hanoi-2019.yaml --to grand_bargain --step-size 2 --format svg -o roadmap.svg

      standoff roadmap examples/hanoi-2019.yaml --to yongbyon_for_partial_relief --step-size 2 --detours
    """
    with user_errors(model):
        from standoff.analyses.explain import check_concept
        from standoff.analyses.roadmap import roadmap as run
        from standoff.interfaces.progress import AnalysisProgress

        chosen = check_concept(concept)
        with AnalysisProgress(enabled=not quiet) as step:
            result = _analyzed(model, chosen, step, fix)
            found = run(
                result,
                target,
                start,
                concept=chosen,
                step_size=step_size,
                movers=movers,
                rule=rule,
                max_roadmaps=max_roadmaps,
                max_steps=max_steps,
                progress=step,
                detours=detours,
            )
            needs = found.needs
        if format == "json":
            from standoff.outputs.json import COMPACT_JSON_STATES
            from standoff.outputs.roadmap_text import roadmap_to_dict

            data = roadmap_to_dict(found)
            if needs is not None:
                from standoff.outputs.audit_text import needs_to_dict

                data.update(needs_to_dict(needs))
            compact = found.breaks is not None and len(found.breaks.reached) > COMPACT_JSON_STATES
            _print_json(data, output, compact=compact)
        elif format == "svg":
            emit(found.to_svg(), output, plain=True)
        else:
            from standoff.outputs.roadmap_text import roadmap_report

            emit(roadmap_report(found, needs), output)
