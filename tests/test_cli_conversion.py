"""Command-line values converted without pydantic: the same values, and the same errors, as typer's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# typer converts values through pydantic from 0.29 on; before, there is nothing to replace
pytest.importorskip("typer._coercion", reason="this typer converts values without pydantic already")

import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from profiles import examples
from standoff.interfaces import cli
from standoff.interfaces.conversion import UNKNOWN, plain_conversion, use_plain_conversions

cli._register_commands()
GROUP = typer.main.get_command(cli.app)
ROOT = Path(__file__).resolve().parents[1]


def _parameters() -> list[tuple[str, Any, Any]]:
    """(command name, command, parameter) for every parameter of every command, ``--help`` included."""
    found = []
    for name, command in sorted(GROUP.commands.items()):  # type: ignore[attr-defined]
        for parameter in command.get_params(Context(command)):
            found.append((name, command, parameter))
    return found


PARAMETERS = _parameters()


def test_every_parameter_of_every_command_converts_without_pydantic() -> None:
    """Each parameter standoff's commands take has a plain conversion under the installed typer.

    Fails when a typer release changes the conversion classes (then every value goes to typer's own
    conversion: still right, but a small model's run imports pydantic again).
    """
    missing = [f"{name} {p.name}" for name, _, p in PARAMETERS if plain_conversion(p.type_descriptor) is None]
    assert not missing
    assert len(PARAMETERS) > 100


def _outcome(convert: Any, value: Any, parameter: Any, command: Any) -> tuple[str, Any]:
    """``("value", (type, converted))``, ``("error", message)`` or ``("failure", exception)``."""
    try:
        converted = convert(value, param=parameter, ctx=Context(command))
    except BadParameter as error:
        return "error", error.format_message()
    except ValueError as error:  # a path with a NUL character, which no command line can carry
        return "failure", f"{type(error).__name__}: {error}"
    return "value", (type(converted), converted)


RAW_TEXT = st.one_of(
    st.from_regex(r"[-+ ]?[0-9]{1,20}(\.0)?[ ]?", fullmatch=True),
    st.from_regex(r"[-+ ]?[0-9]{1,17}\.[0-9]{1,17}[ ]?", fullmatch=True),  # decimal numbers (--time-limit)
    st.sampled_from(["", "-", "0", "-0", "007", "1_000", "3.5", "1e3", "nan", "true", "no", "a/b", "x.gmcr"]),
    st.text(max_size=8),
)


def _kinds() -> list[tuple[str, Any, Any]]:
    """One parameter of each kind (type, bounds, path checks, repeatable): the kinds typer converts
    differently."""
    kinds: dict[str, tuple[str, Any, Any]] = {}
    for name, command, parameter in PARAMETERS:
        info = parameter.type_descriptor.parameter_info
        kind = (
            f"{parameter.type_descriptor.annotation} {info.min}..{info.max} "
            f"{info.exists} {info.file_okay} {info.dir_okay} {info.allow_dash} {parameter.multiple}"
        )
        kinds.setdefault(kind, (f"{name} {parameter.name}", command, parameter))
    return list(kinds.values())


def _label(value: Any) -> str:
    return value if isinstance(value, str) else ""


@pytest.mark.parametrize(("label", "command", "parameter"), _kinds(), ids=_label)
@settings(max_examples=examples(40), deadline=None)
@given(raw=RAW_TEXT)
def test_plain_conversion_equals_typers_own(label: str, command: Any, parameter: Any, raw: str) -> None:
    """For text as it comes from the command line, a parameter's plain conversion gives what typer's
    pydantic conversion gives: the same value of the same type, or the same error message."""
    descriptor = parameter.type_descriptor
    plain = plain_conversion(descriptor)
    typer_own = build_runtime_param(descriptor)
    value: Any = [raw, raw] if parameter.multiple or parameter.nargs == -1 else raw
    plainly = _outcome(plain.coerce, value, parameter, command)
    assert plainly == _outcome(typer_own.coerce, value, parameter, command)


@pytest.mark.parametrize(
    ("annotation", "raw", "expected"),
    [
        ("int", "12", 12),
        ("int", "-3", -3),
        ("int", "+3", UNKNOWN),  # typer's own reading decides
        ("int", "3.0", UNKNOWN),
        ("str", "text", "text"),
        ("Path", "a/b.yaml", Path("a/b.yaml")),
        ("Path", "", UNKNOWN),
    ],
)
def test_plain_conversion_reads_only_what_is_unambiguous(annotation: str, raw: str, expected: Any) -> None:
    """Whole numbers in plain decimal, text, non-empty paths: anything else is left to typer."""
    for _, command, parameter in PARAMETERS:
        descriptor = parameter.type_descriptor
        info = descriptor.parameter_info
        if getattr(descriptor.annotation, "__name__", "") == annotation and not parameter.multiple:
            if info.min is not None or info.max is not None:
                continue
            plain = plain_conversion(descriptor)
            assert plain.convert(raw, parameter, Context(command)) == expected
            return
    pytest.fail(f"no parameter of type {annotation}")


def test_a_value_out_of_bounds_gets_typers_message() -> None:
    code, _, err = _run_cli("evolve", str(ROOT / "examples" / "elmira.yaml"), "--movers", "0")
    assert code == 2
    assert "greater than or equal to 1" in err, err


def test_parameters_keep_a_conversion_typer_already_made() -> None:
    parameter = PARAMETERS[0][2]
    parameter._runtime_param = made = build_runtime_param(parameter.type_descriptor)
    try:
        use_plain_conversions([parameter])
        assert parameter._runtime_param is made
    finally:
        parameter._runtime_param = None


def _run_cli(*args: str) -> tuple[int, str, str]:
    wide = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "standoff", *args], capture_output=True, text=True, check=False, env=wide
    )
    return done.returncode, done.stdout, done.stderr


# -- another typer release: its own conversion, never a failure -------------------------------------------


def _command_with_a_whole_number() -> Any:
    """A fresh ``standoff evolve`` command: its ``--movers`` takes a whole number of at least 1."""
    command = typer.main.get_command(cli.app).commands["evolve"]  # type: ignore[attr-defined]
    (movers,) = [p for p in command.get_params(Context(command)) if p.name == "movers"]
    return command, movers


def _typer_converts(command: Any, parameter: Any) -> None:
    """The parameter's values go through typer's own conversion: its value, and its error message."""
    from typer._coercion import AdapterRuntimeParam

    assert parameter.process_value(Context(command), "3") == 3
    assert isinstance(parameter._runtime_param, AdapterRuntimeParam)  # typer made its own (pydantic)
    with pytest.raises(BadParameter, match="greater than or equal to 1"):
        parameter.process_value(Context(command), "0")


def test_without_typers_internals_typer_converts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A typer without ``typer._coercion`` (the import failed): no parameter gets a plain conversion."""
    from standoff.interfaces import conversion

    monkeypatch.setattr(conversion, "RuntimeParam", None)
    command, movers = _command_with_a_whole_number()
    assert use_plain_conversions(command.get_params(Context(command))) == 0
    assert movers._runtime_param is None
    _typer_converts(command, movers)


def test_when_making_a_plain_conversion_fails_typer_converts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Internals of another shape (a constructor that takes other fields): typer's own conversion."""
    from standoff.interfaces import conversion

    def changed(**fields: Any) -> Any:
        raise TypeError("__init__() got an unexpected keyword argument 'parameter_info'")

    monkeypatch.setattr(conversion, "_Plain", changed)
    command, movers = _command_with_a_whole_number()
    assert use_plain_conversions(command.get_params(Context(command))) == 0
    _typer_converts(command, movers)


def test_a_parameter_without_runtime_param_is_left_alone() -> None:
    """A typer whose parameters keep their conversion elsewhere: nothing is set on them."""
    _, movers = _command_with_a_whole_number()
    del movers._runtime_param
    assert use_plain_conversions([movers]) == 0
    assert not hasattr(movers, "_runtime_param")


def test_the_shape_check_accepts_this_typer_and_refuses_other_shapes() -> None:
    from dataclasses import dataclass

    from typer._coercion import RuntimeParam, TypeDescriptor

    from standoff.interfaces.conversion import compatible

    assert compatible(RuntimeParam, TypeDescriptor)

    @dataclass(frozen=True)
    class Renamed(RuntimeParam):  # the abstract method renamed: _coerce_value would never be called
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            return value

    Renamed.__abstractmethods__ = frozenset({"_convert"})
    assert not compatible(Renamed, TypeDescriptor)

    @dataclass(frozen=True)
    class MoreFields(RuntimeParam):
        extra: int = 0

    assert not compatible(MoreFields, TypeDescriptor)
    assert not compatible(object, TypeDescriptor)
