"""The ``standoff`` command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from standoff.errors import StandoffError, StateError

app = typer.Typer(
    name="standoff",
    help=(
        "Strategic conflict analysis with the Graph Model for Conflict Resolution.\n\n"
        "Model a conflict in YAML (or import a GMCR+/gmcr-py .gmcr file), then ask which "
        "states are stable for every decision maker and why."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)

stdout = Console(soft_wrap=False)
stderr = Console(stderr=True)

ModelArg = Annotated[
    Path,
    typer.Argument(
        help="Model file: .yaml/.yml/.json (native) or .gmcr (GMCR+ / gmcr-py).", show_default=False
    ),
]


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class TableOrJson(StrEnum):
    table = "table"
    json = "json"


TableOrJsonOption = Annotated[
    TableOrJson, typer.Option("--format", "-f", help="table for people, json for tools.")
]


@contextmanager
def user_errors(model: Path | None = None) -> Iterator[None]:
    """Report a problem with the input in one line on stderr and exit with code 2.

    A state the user typed that the model does not have is reported with the model's file name.
    """
    try:
        yield
    except StateError as error:
        where = f"{model}: " if model is not None else ""
        stderr.print(f"[bold red]error:[/] {where}{error}", highlight=False, markup=True, soft_wrap=True)
        raise typer.Exit(2) from None
    except StandoffError as error:
        stderr.print(f"[bold red]error:[/] {error}", highlight=False, markup=True, soft_wrap=True)
        raise typer.Exit(2) from None
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        stderr.print(f"[bold red]error:[/] {where}{error.strerror or error}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except MemoryError:
        stderr.print("[bold red]error:[/] out of memory; try a smaller model", highlight=False)
        raise typer.Exit(2) from None


def _load(path: Path, *, check_memory: bool = True) -> Any:
    """Read a model; unless told otherwise, refuse one whose states would not fit in memory."""
    from standoff.engine.estimate import check_capacity
    from standoff.io import load

    conflict = load(path)
    if check_memory:
        check_capacity(conflict)
    return conflict


COMPACT_JSON_STATES = 50_000


def _print_json(data: Any, *, compact: bool = False) -> None:
    """JSON on stdout: indented for people, compact (and C-encoded) for large results."""
    json.dump(data, sys.stdout, indent=None if compact else 2, ensure_ascii=False)
    sys.stdout.write("\n")


@app.command()
def analyze(
    model: ModelArg,
    format: Annotated[
        Format, typer.Option("--format", "-f", help="table for people, json or csv for tools.")
    ] = Format.table,
    concepts: Annotated[
        str,
        typer.Option(help="Comma-separated concepts to compute: nash, gmr, smr, seq, sim, seqsim."),
    ] = "nash,gmr,smr,seq,sim,seqsim",
    equilibria_only: Annotated[
        bool, typer.Option("--equilibria-only", help="Leave the per-state list out; keep the equilibria.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display on stderr.")] = False,
    memory_limit: Annotated[
        str | None,
        typer.Option(
            "--memory-limit",
            help="Refuse models whose analysis would need more memory than this, e.g. 8GB "
            "[default: three quarters of physical memory].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Stability of every state for every decision maker, and the equilibria.

    Examples:

      standoff analyze examples/elmira.yaml

      standoff analyze conflict.gmcr --format json > out.json
    """
    from standoff.analyses.stability import CONCEPTS
    from standoff.analyses.stability import analyze as run

    with user_errors():
        chosen = tuple(c.strip().lower() for c in concepts.split(",") if c.strip())
        unknown = [c for c in chosen if c not in CONCEPTS]
        if unknown or not chosen:
            raise typer.BadParameter(
                f"unknown concept(s) {', '.join(unknown) or '(none given)'}; "
                f"choose from {', '.join(CONCEPTS)}",
                param_hint="--concepts",
            )
        from standoff.engine.estimate import check_capacity, parse_size
        from standoff.interfaces.progress import AnalysisProgress

        try:
            limit = parse_size(memory_limit) if memory_limit is not None else None
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--memory-limit") from None
        with AnalysisProgress(stderr, enabled=not quiet) as step:
            conflict = _load(model, check_memory=False)
            step("estimating the state space")
            step.announce(check_capacity(conflict, limit))
            result = run(conflict, chosen, progress=step)  # type: ignore[arg-type]
        if format is Format.json:
            compact = result.space.n_states > COMPACT_JSON_STATES
            _print_json(result.to_dict(states=not equilibria_only), compact=compact)
        elif format is Format.csv:
            from standoff.outputs.csv import analysis_to_csv

            sys.stdout.write(analysis_to_csv(result))
        else:
            from standoff.outputs.table import stability_table

            stdout.print(stability_table(result, equilibria_only=equilibria_only))


@app.command()
def validate(model: ModelArg) -> None:
    """Check a model: parse it, enumerate its states, check rankings and the status quo.

    Prints a short summary when the model is sound; otherwise names the file,
    the place and the problem, and exits with code 2.

    Examples:

      standoff validate examples/strike.yaml

      standoff validate conflict.gmcr
    """
    from standoff.analyses.stability import _status_quo
    from standoff.engine.space import StateSpace

    with user_errors():
        conflict = _load(model)
        space = StateSpace.build(conflict)
        status_quo = _status_quo(conflict, space)
        stdout.print(f"[bold green]ok[/]: {model}", highlight=False)
        stdout.print(
            f"  {len(conflict.decision_makers)} decision makers, {len(conflict.options)} options, "
            f"{space.n_states} feasible states of {2 ** len(conflict.options)}",
            highlight=False,
        )
        if status_quo is not None:
            stdout.print(
                f"  status quo: state {status_quo + 1} ({space.pattern(status_quo)})", highlight=False
            )


@app.command()
def convert(
    source: ModelArg,
    target: Annotated[
        Path, typer.Argument(help="Output file: .yaml/.yml/.json or .gmcr.", show_default=False)
    ],
) -> None:
    """Convert a model between formats (e.g. a .gmcr file to YAML, or YAML to .gmcr).

    The output file is written whole or not at all.

    Examples:

      standoff convert conflict.gmcr conflict.yaml

      standoff convert examples/elmira.yaml elmira.gmcr
    """
    from standoff.io import save

    with user_errors():
        save(_load(source, check_memory=False), target)
        stdout.print(f"wrote {target}", highlight=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the native model format (for editors and validators).

    Example:

      standoff schema > model.schema.json
    """
    from standoff.io.native import json_schema

    _print_json(json_schema())


def _register_commands() -> None:
    """Import the command modules in ``standoff.interfaces.commands`` so they attach to ``app``."""
    import importlib
    import pkgutil

    from standoff.interfaces import commands

    for module in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{module.name}")


def main() -> None:
    """Entry point of the ``standoff`` command."""
    _register_commands()
    app()
