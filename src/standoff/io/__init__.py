"""Reading and writing model files: the native YAML/JSON format and GMCR+/gmcr-py .gmcr files."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import cast

from standoff.engine.space import check_options
from standoff.errors import ModelError, StandoffError
from standoff.io.native import read_native, write_json, write_yaml
from standoff.model.conflict import Conflict

__all__ = ["NATIVE_SUFFIXES", "SUFFIXES", "load", "save"]

NATIVE_SUFFIXES = (".yaml", ".yml", ".json")
SUFFIXES = (*NATIVE_SUFFIXES, ".gmcr")


def _gmcr(name: str) -> Callable[..., object]:
    """A function of the .gmcr reader/writer module, imported only when a .gmcr file is used."""
    return cast(Callable[..., object], getattr(importlib.import_module("standoff.io.gmcr"), name))


def load(path: str | os.PathLike[str]) -> Conflict:
    """Read a model file, choosing the format by its extension (.yaml, .yml, .json or .gmcr).

    A model with more options than a state code can hold is refused (:class:`CapacityError`).
    """
    file = os.fspath(path)
    suffix = Path(file).suffix.lower()
    if suffix in NATIVE_SUFFIXES:
        conflict = read_native(file)
    elif suffix == ".gmcr":
        if not Path(file).exists():
            raise ModelError("no such file", file=file)
        conflict = cast(Conflict, _gmcr("read_gmcr")(file))
    else:
        raise _unknown_format(file, suffix)
    check_options(conflict)
    return conflict


def _unknown_format(file: str, suffix: str) -> ModelError:
    return ModelError(
        f"cannot tell the format from the extension {suffix or '(none)'!r}: use {', '.join(SUFFIXES)}",
        file=file,
    )


def save(conflict: Conflict, path: str | os.PathLike[str]) -> None:
    """Write a model file in the format its extension names; the file is replaced whole or not at all."""
    file = os.fspath(path)
    suffix = Path(file).suffix.lower()
    if suffix in (".yaml", ".yml"):
        write_yaml(conflict, file)
    elif suffix == ".json":
        write_json(conflict, file)
    elif suffix == ".gmcr":
        _gmcr("write_gmcr")(conflict, file)  # writes a temporary file and renames it, like write_yaml
    else:
        known = ", ".join(SUFFIXES)
        shown = suffix or "(none)"
        raise StandoffError(f"{file}: cannot tell the format from the extension {shown!r}: use {known}")
