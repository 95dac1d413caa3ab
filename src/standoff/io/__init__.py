"""Reading and writing model files: the native YAML/JSON format and GMCR+/gmcr-py .gmcr files."""

from __future__ import annotations

import gc
import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from standoff.engine.space import check_options
from standoff.errors import ModelError, StandoffError
from standoff.model.conflict import Conflict

__all__ = ["NATIVE_SUFFIXES", "SUFFIXES", "from_dict", "load", "loads", "save"]

NATIVE_SUFFIXES = (".yaml", ".yml", ".json")
SUFFIXES = (*NATIVE_SUFFIXES, ".gmcr")


def _gmcr(name: str) -> Callable[..., object]:
    """A function of the .gmcr reader/writer module, imported only when a .gmcr file is used."""
    return cast(Callable[..., object], getattr(importlib.import_module("standoff.io.gmcr"), name))


def load(path: str | os.PathLike[str]) -> Conflict:
    """Read a model file, choosing the format by its extension (.yaml, .yml, .json or .gmcr).

    A bare name that is no file (``"elmira"``) reads the example of that name shipped with standoff
    (:func:`standoff.io.examples.examples` lists them).

    A model with more options than a state code can hold is refused (:class:`CapacityError`).
    """
    file = os.fspath(path)
    if not os.path.exists(file):
        from standoff.io.examples import example_path

        shipped = example_path(file)  # "elmira": an example shipped with standoff
        file = file if shipped is None else str(shipped)
    suffix = Path(file).suffix.lower()
    with _collector_paused():
        if suffix in NATIVE_SUFFIXES:
            from standoff.io.native import read_native  # yaml and the schema: only for native files

            conflict = read_native(file)
        elif suffix == ".gmcr":
            if not Path(file).exists():
                raise ModelError("no such file", file=file)
            conflict = cast(Conflict, _gmcr("read_gmcr")(file))
        else:
            raise _unknown_format(file, suffix)
    check_options(conflict)
    return conflict


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a model is read.

    A ranking of a million states is millions of small tuples, and the
    collector would scan them again and again as they are made (about
    40% of reading such a file); what a reader builds holds no cycles, and
    reference counting frees it as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _unknown_format(file: str, suffix: str) -> ModelError:
    return ModelError(
        f"cannot tell the format from the extension {suffix or '(none)'!r}: use {', '.join(SUFFIXES)}",
        file=file,
    )


def loads(text: str, *, format: str | None = None, name: str = "<string>") -> Conflict:
    """Read a model from the text of a native model file (YAML, or JSON with ``format="json"``).

    Errors name ``name`` as the file, with the place and line of the problem.

    Examples:
        >>> conflict = loads('''
        ... name: Tiny
        ... decision_makers:
        ...   - {name: A, options: [a], preferences: {ranking: [Y-, N-]}}
        ...   - {name: B, options: [b], preferences: {ranking: [-N, -Y]}}
        ... ''')
        >>> conflict
        <Conflict 'Tiny': 2 decision makers (A, B), 2 options, 4 states before feasibility>
    """
    if format not in (None, "yaml", "json"):
        raise StandoffError(f"unknown model format {format!r}: use 'yaml' or 'json'")
    from standoff.io.native.reader import build_from_text

    return build_from_text(text, name, json=format == "json")


def from_dict(data: object) -> Conflict:
    """Build a model from data shaped like a native model file (dicts and lists, as ``json.load`` gives).

    Examples:
        >>> from_dict({"name": "Tiny", "decision_makers": [
        ...     {"name": "A", "options": ["a"], "preferences": {"ranking": ["Y-", "N-"]}},
        ...     {"name": "B", "options": ["b"], "preferences": {"ranking": ["-N", "-Y"]}}]}).option_names
        ('a', 'b')
    """
    from standoff.io.native import from_data

    return from_data(data)


def save(conflict: Conflict, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write a model file in the format its extension names (or ``format``: ``"yaml"``, ``"json"`` or
    ``"gmcr"``); the file is replaced whole or not at all."""
    file = os.fspath(path)
    suffix = f".{format}" if format else Path(file).suffix.lower()
    if suffix in (".yaml", ".yml"):
        from standoff.io.native import write_yaml

        write_yaml(conflict, file)
    elif suffix == ".json":
        from standoff.io.native import write_json

        write_json(conflict, file)
    elif suffix == ".gmcr":
        _gmcr("write_gmcr")(conflict, file)  # writes a temporary file and renames it, like write_yaml
    else:
        known = ", ".join(SUFFIXES)
        shown = suffix or "(none)"
        raise StandoffError(f"{file}: cannot tell the format from the extension {shown!r}: use {known}")
