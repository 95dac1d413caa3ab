"""The ``standoff`` command line: the shared options, error reporting, and analyze/validate/convert/schema.

Importing this module is quick (``standoff --help`` needs only typer):
each command imports the analysis it runs when it runs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, TextIO

import typer
from typer.core import TyperCommand, TyperGroup

from standoff.concepts import CONCEPT_LIST as CONCEPT_LIST  # the commands' help texts read it from here
from standoff.concepts import CONCEPTS
from standoff.errors import ModelErrors, StandoffError, StateError
from standoff.interfaces.output import emit

if TYPE_CHECKING:
    from rich.console import Console


class _Conventions:
    """Help without a ``<bool>`` type next to ``--help`` (a flag takes no value), and values converted
    without pydantic where they can be (:mod:`standoff.interfaces.conversion`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from standoff.interfaces.conversion import use_plain_conversions

        use_plain_conversions(self.get_params(ctx))  # type: ignore[attr-defined]
        args = _concepts_joined(self.get_params(ctx), args)  # type: ignore[attr-defined]
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc,no-any-return]
        except _USAGE_ERROR as error:
            raise _pointed(error, ctx) from None

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.metavar = ""
        return option


def _concepts_joined(params: list[Any], args: list[str]) -> list[str]:
    """``-c nash -c seq`` as ``-c nash,seq``: the concepts option given more than once would otherwise
    keep only its last value (click's rule for an option that takes one), silently dropping the others.
    A command that follows one concept then refuses the list, saying so."""
    option = next((p for p in params if p.name in ("concepts", "concept") and "-c" in p.opts), None)
    if option is None:
        return args
    names = tuple(option.opts)
    values: list[str] = []
    kept: list[str] = []
    first = -1
    k = 0
    while k < len(args):
        arg = args[k]
        if arg == "--":
            kept.extend(args[k:])
            break
        value = None
        if arg in names and k + 1 < len(args):
            value, k = args[k + 1], k + 2
        elif arg.startswith(tuple(f"{n}=" for n in names if n.startswith("--"))):
            value, k = arg.split("=", 1)[1], k + 1
        elif arg.startswith("-c") and not arg.startswith("--") and len(arg) > 2:
            value, k = arg[2:].removeprefix("="), k + 1
        else:
            kept.append(arg)
            k += 1
            continue
        if first < 0:
            first = len(kept)
        values.append(value)
    if len(values) < 2:
        return args
    return [*kept[:first], "-c", ",".join(values), *kept[first:]]


_USAGE_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
"""The usage error of the click that typer runs on (its own copy from typer 0.22 on): BadParameter's base."""


def _pointed(error: Any, ctx: Any) -> Any:
    """An extra argument that names a concept (``standoff explain m.yaml 3 seq``): the error says to
    give it with ``-c``; any other usage error as it is."""
    import re

    found = re.fullmatch(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", error.message)
    if found is None or not any(p.name == "concept" or p.name == "concepts" for p in ctx.command.params):
        return error
    from standoff.concepts import concept_key
    from standoff.errors import ConceptError

    for extra in found.group(1).split():
        try:
            key = concept_key(extra)
        except ConceptError:
            continue
        return type(error)(f"{error.message}: to choose the concept, use -c {key} (--concepts {key})", ctx)
    return error


class Command(_Conventions, TyperCommand):
    """A standoff command (``@app.command(cls=Command)``)."""


class Group(_Conventions, TyperGroup):
    """The ``standoff`` command group."""


app = typer.Typer(
    cls=Group,
    name="standoff",
    help=(
        "Strategic conflict analysis with the Graph Model for Conflict Resolution.\n\n"
        "Model a conflict in YAML (or import a GMCR+/gmcr-py .gmcr file), then ask which "
        "states are stable for every decision maker and why.\n\n"
        "Examples:\n\n"
        "  standoff validate examples/elmira.yaml\n\n"
        "  standoff analyze examples/elmira.yaml\n\n"
        "  standoff explain examples/elmira.yaml 3\n\n"
        "  standoff analyze examples/elmira.yaml --format csv -o elmira.csv"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)

LIMITED_MOVE_HELP = "; two decision makers only: l1, l2, ... (limited move, any horizon) and nm (non-myopic)"
"""The limited-move concepts as help texts list them, after :data:`CONCEPT_LIST`."""

STRONG_HELP = "; models with strength of preference also: gmr_strong, smr_strong, seq_strong"
"""The strength-of-preference concepts as the help of ``analyze -c`` lists them."""


def __getattr__(name: str) -> Console:
    """``stdout`` and ``stderr``: consoles made on first use, at the width of that moment.

    Commands print through :func:`standoff.interfaces.output.emit`; these remain for code that
    printed through them before.
    """
    if name in {"stdout", "stderr"}:
        from standoff.interfaces.output import console

        made = console(stderr=name == "stderr")
        globals()[name] = made
        return made
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _stderr() -> Console:
    """A console on stderr, for error lines and the progress display."""
    from standoff.interfaces.output import console

    return console(stderr=True)


def _version(value: bool) -> None:
    """``--version``: the installed package's version, from its metadata."""
    if value:
        import standoff

        typer.echo(f"standoff {standoff.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            metavar="",
            help="Print standoff's version and exit.",
        ),
    ] = False,
) -> None:
    """Strategic conflict analysis with the Graph Model for Conflict Resolution."""


# -- options shared by the commands --------------------------------------------

ModelArg = Annotated[
    Path,
    typer.Argument(
        metavar="MODEL",
        help="Model file: .yaml/.yml/.json (native) or .gmcr (GMCR+ / gmcr-py).",
        show_default=False,
    ),
]

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the result to FILE (replaced whole) instead of printing it; never cut to a width.",
        show_default=False,
    ),
]

QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", metavar="", help="Print the result only: no progress display, no notes."),
]


def _format_choice(*choices: str) -> Callable[[str], str]:
    """A check of ``--format`` that names the formats this command has."""

    def check(value: str) -> str:
        wanted = value.strip().lower()
        if wanted in choices:
            return wanted
        others = " or ".join(f"--format {c}" for c in choices)
        if wanted in {"table", "json", "csv", "html", "yaml", "gmcr"}:
            raise typer.BadParameter(f"this command has no {wanted} output; use {others}")
        raise typer.BadParameter(f"unknown format {value!r}; use {others}")

    return check


def format_option(*choices: str) -> Any:
    """The ``--format/-f`` option offering ``choices`` (the first is the default)."""
    helps = {
        "table": "table for people",
        "json": "json for tools",
        "csv": "csv for spreadsheets",
        "html": "html for a browser",
        "yaml": "yaml for people and editors",
        "svg": "svg, a picture for a slide or a page",
    }
    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(choices),
        callback=_format_choice(*choices),
        help=", ".join(helps[c] for c in choices) + ".",
    )


def one_concept(value: str | None) -> str | None:
    """The single concept asked for with ``--concepts`` by commands that follow one concept (``None``:
    not given, where the command has no default)."""
    if value is None:
        return None
    chosen = [c.strip() for c in value.split(",") if c.strip()]
    if len(chosen) != 1:
        raise typer.BadParameter(f"give one concept of {CONCEPT_LIST}, got {value!r}")
    return chosen[0]


def concept_option(help: str) -> Any:
    """``--concepts/--concept/-c`` for commands that follow one concept (the names are the same on every
    command; ``--concept`` is the Python methods' ``concept=``)."""
    return typer.Option("--concepts", "--concept", "-c", metavar="CONCEPT", callback=one_concept, help=help)


TableOrJsonOption = Annotated[str, format_option("table", "json")]
PictureFormatOption = Annotated[str, format_option("table", "json", "svg")]


def _fix_values(values: list[str] | None) -> list[str] | None:
    """Check each ``--fix`` value has the form OPTION=Y or OPTION=N (the option is checked on loading)."""
    for value in values or []:
        name, equals, fixed = value.partition("=")
        if not equals or not name.strip() or fixed.strip().upper() not in ("Y", "N"):
            raise typer.BadParameter(f"expected OPTION=Y or OPTION=N, got {value!r}")
    return values


FixOption = Annotated[
    list[str] | None,
    typer.Option(
        "--fix",
        metavar="OPTION=Y|N",
        callback=_fix_values,
        help="Fix an option at Y or N (repeatable): only the states with that value are analysed, and moves "
        "that would change it disappear. States are numbered among those left.",
    ),
]


ProfileOption = Annotated[
    list[str] | None,
    typer.Option(
        "--profile",
        metavar="DM=CONCEPT",
        help="Judge each decision maker by its own concept (repeatable; every decision maker once), e.g. "
        "--profile 'United States=seq' --profile DPRK=nash: a state is an equilibrium under the profile "
        "when it is stable for each decision maker under its concept. Replaces the model's profile:.",
    ),
]


def profile_pairs(values: list[str] | None) -> list[tuple[str, str]] | None:
    """``--profile`` values as (decision maker, concept) pairs (``None``: not given); a malformed one
    raises :class:`standoff.model.profile.ProfileError`."""
    if not values:
        return None
    from standoff.model.profile import parse_profile_entry

    return [parse_profile_entry(value) for value in values]


def fixed_values(values: list[str] | None) -> dict[str, str]:
    """``--fix`` values as option name -> Y or N."""
    out = {}
    for value in values or []:
        name, _, fixed = value.partition("=")
        out[name.strip()] = fixed.strip().upper()
    return out


# -- errors ----------------------------------------------------------------------


@contextmanager
def user_errors(model: Path | None = None, *, quiet: bool = False) -> Iterator[None]:
    """Report a problem with the input on stderr (every problem of a model file) and exit with code 2.

    A state the user typed that the model does not have is reported with the model's file name.
    standoff's own warnings (a .gmcr file read or written with a change) become ``note:`` lines on
    stderr, one each, none with ``quiet``.
    """
    with _notes(quiet=quiet), _errors(model):
        yield


@contextmanager
def _notes(*, quiet: bool) -> Iterator[None]:
    """standoff's warnings while a command runs, as ``note:`` lines on stderr (others as Python shows
    them)."""
    import warnings

    caught: list[Any] = []
    try:
        with warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always")
            caught = recorded
            yield
    finally:
        _tell(caught, quiet=quiet)


def _tell(caught: list[Any], *, quiet: bool) -> None:
    """Print standoff's caught warnings as notes; pass any other on to Python's own display."""
    import warnings

    others = set()
    for found in caught:
        if found.category.__module__.startswith("standoff."):
            if not quiet:
                _stderr().print(f"note: {found.message}", highlight=False, soft_wrap=True, markup=False)
            continue
        where = (str(found.message), found.category, found.filename, found.lineno)
        if where not in others:  # once each, as Python's default display shows them
            others.add(where)
            warnings.warn_explicit(found.message, found.category, found.filename, found.lineno)


@contextmanager
def _errors(model: Path | None) -> Iterator[None]:
    """The errors of :func:`user_errors`."""
    try:
        yield
    except StateError as error:
        where = f"{model}: " if model is not None else ""
        _fail(f"{where}{error}")
    except StandoffError as error:
        _fail(*_with_lines(error))
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        _fail(f"{where}{error.strerror or error}")
    except MemoryError:
        _fail("out of memory; try a smaller model")


def _fail(*problems: str) -> None:
    """Print each problem as an ``error:`` line on stderr and exit with code 2."""
    from rich.markup import escape

    stderr = _stderr()
    for problem in problems:
        stderr.print(f"[bold red]error:[/] {escape(problem)}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _load(path: Path, *, check_memory: bool = True, fix: list[str] | None = None) -> Any:
    """Read a model, with the options of ``fix`` (``--fix`` values) fixed; unless told otherwise, refuse
    one whose states would not fit in memory."""
    from standoff.engine.estimate import check_capacity
    from standoff.io import load

    conflict = load(path)
    if fix:
        conflict = conflict.fix(fixed_values(fix))
    if check_memory:
        check_capacity(conflict)
    return conflict


def _analyzed(model: Path, concept: str, step: Any, fix: list[str] | None = None) -> Any:
    """The model read (with ``--fix`` values applied) and analysed under one concept (``step``: the
    progress display, which first hears how long a big model will take)."""
    from standoff.analyses.stability import analyze
    from standoff.engine.estimate import estimate

    conflict = _load(model, fix=fix)
    step.announce(estimate(conflict))
    return analyze(conflict, (concept,), progress=step, profile={})


def _json_text(data: Any) -> str:
    """JSON text for people: indented, non-ASCII characters as they are."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _compact_json(data: Any) -> bytes:
    """Compact JSON, as UTF-8: a million states' answers run to tens of megabytes, which orjson
    encodes about ten times faster than the standard library (which still says what it cannot)."""
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # a value orjson does not know: the standard encoder says which
        return (json.dumps(data) + "\n").encode()


def _print_json(data: Any, output: Path | None = None, *, compact: bool = False) -> None:
    """JSON on stdout, or in the file ``output``: indented, or ``compact`` for large results
    (written as bytes, never decoded into one huge string)."""
    if not compact:
        emit(_json_text(data), output, plain=True)
        return
    encoded = _compact_json(data)
    if output is not None:
        from standoff.io.atomic import write_atomically

        write_atomically(output, lambda temporary: temporary.write_bytes(encoded), what="output")
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(encoded)
    sys.stdout.buffer.flush()


def _stream(write: Callable[[BinaryIO], None], output: Path | None) -> None:
    """Output written by ``write`` in parts as it is made: to stdout, or to the file ``output`` (replaced
    whole or not at all), never held whole in memory."""
    if output is not None:
        from standoff.io.atomic import write_atomically

        def into(temporary: Path) -> None:
            with open(temporary, "wb") as stream:
                write(stream)

        write_atomically(output, into, what="output")
        return
    sys.stdout.flush()
    write(sys.stdout.buffer)
    sys.stdout.buffer.flush()


def _as_text(write: Callable[[TextIO], None]) -> Callable[[BinaryIO], None]:
    """A writer of UTF-8 text as a writer of bytes for :func:`_stream` (the byte stream stays open)."""

    def into(stream: BinaryIO) -> None:
        import io

        text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
        write(text)
        text.flush()
        text.detach()

    return into


def _with_lines(error: StandoffError) -> list[str]:
    """The error's lines: every problem of a model file, each with its line and column when found."""
    from standoff.errors import ModelError

    if not isinstance(error, ModelError):
        return [str(error)]
    from standoff.io.native import with_positions

    errors = list(error.errors) if isinstance(error, ModelErrors) else [error]
    return [e.message for e in with_positions([_status_quo_reason(e) for e in errors])]


def _status_quo_reason(error: Any) -> Any:
    """A status quo error told again with its reason (e.g. the condition that excludes it), when found."""
    if error.place != "status_quo" or not error.file:
        return error
    from standoff.analyses.soundness import status_quo_problems
    from standoff.io import load

    try:
        found = status_quo_problems(load(error.file))
    except (StandoffError, OSError, MemoryError):
        return error
    return found[0] if found else error


# -- commands ----------------------------------------------------------------------


def _concepts(text: str) -> tuple[str, ...]:
    """The concepts of a comma-separated ``--concepts``; a usage error names unknown ones."""
    from standoff.concepts import is_limited_move, is_strong, is_unknown_preference

    chosen = tuple(c.strip().lower() for c in text.split(",") if c.strip())
    unknown = [
        c
        for c in chosen
        if c not in CONCEPTS and not is_limited_move(c) and not is_strong(c) and not is_unknown_preference(c)
    ]
    if unknown or not chosen:
        from standoff.concepts import did_you_mean

        hint = did_you_mean(unknown[0]) if unknown else ""
        raise typer.BadParameter(
            f"unknown concept(s) {', '.join(unknown) or '(none given)'}{hint}; choose from {CONCEPT_LIST}"
            f"{STRONG_HELP}{LIMITED_MOVE_HELP}",
            param_hint="'--concepts' / '-c'",
        )
    return chosen


@app.command(cls=Command)
def analyze(
    model: ModelArg,
    format: Annotated[str, format_option("table", "json", "csv")] = "table",
    output: OutputOption = None,
    concepts: Annotated[
        str,
        typer.Option(
            "--concepts",
            "-c",
            metavar="LIST",
            help=f"Comma-separated concepts to compute: {CONCEPT_LIST}{STRONG_HELP}{LIMITED_MOVE_HELP}.",
        ),
    ] = ",".join(CONCEPTS),
    equilibria_only: Annotated[
        bool,
        typer.Option(
            "--equilibria-only", metavar="", help="Leave the per-state list out; keep the equilibria."
        ),
    ] = False,
    quiet: QuietOption = False,
    memory_limit: Annotated[
        str | None,
        typer.Option(
            "--memory-limit",
            metavar="SIZE",
            help="Refuse models whose analysis would need more memory than this, e.g. 8GB.",
            show_default="three quarters of physical memory",
        ),
    ] = None,
    fix: FixOption = None,
    profile: ProfileOption = None,
) -> None:
    """Stability of every state for every decision maker, and the equilibria.

    The named states (the status quo first) come first, with their names;
    then every state. With --fix OPTION=Y (or =N), only the states with that
    value are analysed: fix the steps already taken and not reversible to
    concentrate on the open questions.

    Examples:

      standoff analyze examples/elmira.yaml

      standoff analyze examples/elmira.yaml --concepts nash,seq --equilibria-only

      standoff analyze examples/hanoi-2019.yaml --fix close_punggye_ri=Y --fix return_remains=Y

      standoff analyze conflict.gmcr --format csv -o stability.csv

      standoff analyze examples/hanoi-2019.yaml --profile "United States=seq" --profile DPRK=nash

    With --profile (or a profile: in the model), each decision maker is judged by
    its own concept too, and the equilibria under that profile are listed beside
    the others; its concepts are computed whatever --concepts says.
    """
    chosen = _concepts(concepts)
    with user_errors():
        from standoff.analyses.stability import analyze as run
        from standoff.engine.estimate import check_capacity, parse_size
        from standoff.interfaces.progress import AnalysisProgress

        try:
            limit = parse_size(memory_limit) if memory_limit is not None else None
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="'--memory-limit'") from None
        with AnalysisProgress(enabled=not quiet) as step:
            conflict = _load(model, check_memory=False, fix=fix)
            step("estimating the state space")
            step.announce(check_capacity(conflict, limit))
            result = run(conflict, chosen, progress=step, profile=profile_pairs(profile))
        from standoff.outputs.json import COMPACT_JSON_STATES

        if format == "json" and result.space.n_states > COMPACT_JSON_STATES:
            from standoff.outputs.json import write_analysis_json

            _stream(lambda stream: write_analysis_json(result, stream, states=not equilibria_only), output)
        elif format == "json":
            _print_json(result.to_dict(states=not equilibria_only), output)
        elif format == "csv":
            from standoff.outputs.csv import write_analysis_csv

            _stream(_as_text(lambda stream: write_analysis_csv(result, stream)), output)
        else:
            from standoff.outputs.table import stability_table

            emit(stability_table(result, equilibria_only=equilibria_only), output)


@app.command(cls=Command)
def validate(
    model: ModelArg,
    format: TableOrJsonOption = "table",
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """Check a model: parse it, enumerate its states, check rankings, named states and the status quo.

    Prints a short summary when the model is sound. Otherwise lists every
    problem found, one a line as file:line:column: place: problem, and exits
    with code 2 (with --format json, also as a JSON object on stdout).
    With --quiet, prints nothing when the model is sound: the exit code says it.

    Examples:

      standoff validate examples/strike.yaml

      standoff validate conflict.gmcr --format json
    """
    try:
        summary = _validated(model)
    except (StandoffError, OSError) as error:
        if format == "json":
            problems = error.errors if isinstance(error, ModelErrors) else (error,)
            _print_json({"file": str(model), "ok": False, "problems": _problem_list(problems)}, output)
        with user_errors():
            raise error from None
        raise typer.Exit(2) from None
    if quiet:
        return
    if format == "json":
        _print_json(summary, output)
        return
    lines = [
        f"ok: {model}",
        f"  {summary['decision_makers']} decision makers, {summary['options']} options, "
        f"{summary['feasible_states']} feasible states of {summary['states']}",
    ]
    status_quo = summary["status_quo"]
    if status_quo is not None:
        name = f" = {status_quo['name']}" if status_quo["name"] else ""
        lines.append(f"  status quo: state {status_quo['number']} ({status_quo['pattern']}){name}")
    if summary["fixed"]:
        fixed = ", ".join(f"{option}={value}" for option, value in summary["fixed"].items())
        lines.append(f"  fixed: {fixed} (only states with these values are analysed)")
    emit("\n".join(lines) + "\n", output, plain=True)


def _validated(model: Path) -> dict[str, Any]:
    """The facts ``validate`` reports about a sound model; ModelErrors listing every problem otherwise."""
    from standoff.analyses.soundness import model_problems
    from standoff.io.native import with_positions

    conflict = _load(model)
    problems = with_positions(model_problems(conflict))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ModelErrors(problems)
    from standoff.outputs.validation import validation_summary

    return validation_summary(conflict, str(model))


def _problem_list(problems: Any) -> list[dict[str, Any]]:
    """Problems as JSON objects: file, line, column, place, problem (null when unknown)."""
    from standoff.outputs.validation import problem_list

    return problem_list(problems)


@app.command(cls=Command)
def convert(
    source: ModelArg,
    target: Annotated[
        Path,
        typer.Argument(metavar="TARGET", help="Output file: .yaml/.yml/.json or .gmcr.", show_default=False),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="yaml|json|gmcr",
            callback=lambda value: None if value is None else _format_choice("yaml", "json", "gmcr")(value),
            help="The format to write, whatever TARGET's extension.",
            show_default="from TARGET's extension",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Convert a model between formats (e.g. a .gmcr file to YAML, or YAML to .gmcr).

    The output file is written whole or not at all.

    Examples:

      standoff convert conflict.gmcr conflict.yaml

      standoff convert examples/elmira.yaml elmira.gmcr

      standoff convert examples/elmira.yaml elmira.txt --format json
    """
    from standoff.io import save

    with user_errors(quiet=quiet):
        save(_load(source, check_memory=False), target, format=format)
    if not quiet:
        emit(f"wrote {target}\n", None, plain=True)


@app.command(cls=Command)
def schema(
    format: Annotated[str, format_option("json", "yaml")] = "json",
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """Print the JSON Schema of the native model format (for editors and validators).

    Examples:

      standoff schema > model.schema.json

      standoff schema -o model.schema.json

      standoff schema --format yaml
    """
    from standoff.io.native import json_schema

    with user_errors():
        if format == "yaml":
            import yaml

            emit(yaml.safe_dump(json_schema(), sort_keys=False, allow_unicode=True), output, plain=True)
        else:
            _print_json(json_schema(), output)


def _command_modules() -> list[str]:
    """The modules in ``standoff.interfaces.commands``: each defines the command of its own name."""
    import pkgutil

    from standoff.interfaces import commands

    return [module.name for module in pkgutil.iter_modules(commands.__path__)]


def _register_commands(only: str | None = None) -> None:
    """Import the command modules so their commands attach to ``app``: all, or the one named ``only``.

    A run of one command needs only that command: typer reads the
    parameters of every command it is given, about 20 ms for all of them,
    which a small model's whole run (about half a second) feels.
    """
    import importlib

    from standoff.interfaces import commands

    for name in _command_modules() if only is None else [only]:
        importlib.import_module(f"{commands.__name__}.{name}")


def _invoked(args: list[str]) -> str | None:
    """The command that ``args`` run, if they start with a known command's name.

    The root takes flags only, and each of them (``--help``, ``--version``)
    answers for every command: then every command is registered.
    """
    name = args[0] if args else None
    return name if name in _CORE_COMMANDS or name in _command_modules() else None


_CORE_COMMANDS = ("analyze", "validate", "convert", "schema")
"""The commands this module defines itself."""


def main() -> None:
    """Entry point of the ``standoff`` command."""
    import os

    command = _invoked(sys.argv[1:])
    # Validating a model file builds pydantic classes, and pydantic then looks for plugins in
    # the entry points of every installed package: a scan that costs more the larger the
    # environment. A one-off command needs no plugins (a user may still ask for them); the web
    # server keeps them, since that is where a plugin (tracing, say) is wanted.
    if command != "serve":
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    if command is None:
        _register_commands()
    elif command not in _CORE_COMMANDS:
        _register_commands(only=command)
    app()
