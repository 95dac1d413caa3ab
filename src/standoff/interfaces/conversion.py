"""Command-line values converted in plain Python, for the kinds of value standoff's commands take.

typer (0.29 and later) converts every parameter's value through a pydantic
``TypeAdapter`` made on first use. Making them imports pydantic, which a run on a
``.gmcr`` file needs for nothing else: about a fifth of a small model's time
from the shell. The values standoff's commands take (text, paths, whole
numbers, flags, and lists of these) convert here instead, as typer converts
them (a test compares the two on every parameter). A value this module does not
recognise, and every value out of a parameter's bounds, goes to typer's own
conversion, so what is accepted, and what an error says, stays typer's.

The hook uses typer's internal conversion classes (``typer._coercion`` and a
parameter's ``_runtime_param``). When a typer release lacks them, or they
have another shape (:func:`compatible`), or making a conversion fails,
:func:`use_plain_conversions` leaves every parameter to typer (slower, never
different): tests simulate each case. So typer needs no upper bound.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, get_args, get_origin

try:  # typer's internals: absent or different in other releases
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer._param_types import coerce_cli_path
    from typer.core import _TyperParameter
except ImportError:  # pragma: no cover - exercised only with another typer release
    RuntimeParam = None  # type: ignore[assignment,misc]


def compatible(runtime_param: Any, descriptor: Any) -> bool:
    """Whether typer's conversion classes have the shape this module was written against: a dataclass
    ``RuntimeParam`` made of ``parameter_info`` and ``annotation`` whose one abstract method is
    ``_coerce_value``, and a ``TypeDescriptor`` with ``annotation``, ``parameter_info`` and
    ``file_annotation``."""
    from dataclasses import fields, is_dataclass

    if not (is_dataclass(runtime_param) and is_dataclass(descriptor)):
        return False
    made_of = [f.name for f in fields(runtime_param)]
    described = {f.name for f in fields(descriptor)}
    return (
        made_of == ["parameter_info", "annotation"]
        and set(getattr(runtime_param, "__abstractmethods__", ())) == {"_coerce_value"}
        and {"annotation", "parameter_info", "file_annotation"} <= described
    )


if RuntimeParam is not None and not compatible(RuntimeParam, TypeDescriptor):  # pragma: no cover
    RuntimeParam = None  # type: ignore[assignment,misc]

UNKNOWN: Any = object()
"""What a plain conversion returns for a value it leaves to typer."""

_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")
"""Text that every converter reads as the same whole number (typer's also takes ``+3``, ``3.0``, …)."""

_DECIMAL_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")
"""Text that every converter reads as the same decimal number (typer's also takes ``1e3``, ``inf``, …)."""

Convert = Callable[[Any, Any, Any], Any]
"""``convert(value, param, ctx)``: the converted value, or :data:`UNKNOWN`."""


def use_plain_conversions(parameters: Iterable[Any]) -> int:
    """Give each of ``parameters`` a plain conversion where its type has one; return how many got one."""
    if RuntimeParam is None:  # pragma: no cover - another typer release
        return 0
    given = 0
    for parameter in parameters:
        made = getattr(parameter, "_runtime_param", UNKNOWN)
        if not isinstance(parameter, _TyperParameter) or made is not None:  # typer's own stays
            continue
        try:
            plain = plain_conversion(parameter.type_descriptor)
        except (AttributeError, TypeError):  # typer's internals changed shape: typer converts the rest
            return given
        if plain is not None:
            parameter._runtime_param = plain
            given += 1
    return given


def plain_conversion(descriptor: Any) -> Any | None:
    """The plain conversion of a parameter typer describes by ``descriptor``, or None if it has none."""
    if RuntimeParam is None or descriptor.file_annotation is not None:  # pragma: no cover
        return None
    convert = _converter(descriptor.annotation, descriptor.parameter_info)
    if convert is None:
        return None
    return _Plain(
        parameter_info=descriptor.parameter_info,
        annotation=descriptor.annotation,
        convert=convert,
        descriptor=descriptor,
    )


def _converter(annotation: Any, info: Any) -> Convert | None:
    """The converter of one annotation (a list's items convert one by one), or None."""
    if info.parser is not None:
        return None
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        each = _leaf_converter(item, info)
        return None if each is None else _list_of(each)
    return _leaf_converter(annotation, info)


def _leaf_converter(annotation: Any, info: Any) -> Convert | None:
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation is int and not info.clamp:
        return _number(int, _WHOLE_NUMBER, info.min, info.max)
    if annotation is float and not info.clamp:
        return _number(float, _DECIMAL_NUMBER, info.min, info.max)
    if isinstance(annotation, type) and issubclass(annotation, Path) and info.path_type is None:
        return _path(annotation, info)
    return None


def _text(value: Any, param: Any, ctx: Any) -> Any:
    return value if type(value) is str else UNKNOWN


def _flag(value: Any, param: Any, ctx: Any) -> Any:
    return value if type(value) is bool else UNKNOWN


def _number(
    kind: type[int] | type[float], text: re.Pattern[str], low: float | None, high: float | None
) -> Convert:
    """A whole (``int``) or decimal (``float``) number written as ``text`` matches, within its bounds."""

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if type(value) is str and text.fullmatch(value):
            value = kind(value)
        if type(value) is not kind:
            return UNKNOWN
        if (low is not None and value < low) or (high is not None and value > high):
            return UNKNOWN  # typer says what the bound is
        return value

    return convert


def _path(path_type: type[Path], info: Any) -> Convert:
    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if type(value) is str and value and "\x00" not in value:  # pydantic words those errors
            value = path_type(value)
        if not isinstance(value, path_type):
            return UNKNOWN
        return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)

    return convert


def _list_of(each: Convert) -> Convert:
    def convert(value: Any, param: Any, ctx: Any) -> Any:
        items = value if isinstance(value, (list, tuple)) else [value]
        converted = [each(item, param, ctx) for item in items]
        return UNKNOWN if any(item is UNKNOWN for item in converted) else converted

    return convert


if RuntimeParam is not None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class _Plain(RuntimeParam):
        """A parameter's conversion: plain for the values it knows, typer's own for the others."""

        convert: Convert
        descriptor: TypeDescriptor

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            converted = self.convert(value, param, ctx)
            if converted is UNKNOWN:
                return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)
            return converted
