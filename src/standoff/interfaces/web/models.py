"""Models posted to the web app: their text read into a Conflict, and a Conflict written back as text."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from standoff.errors import ModelError
from standoff.model.conflict import Conflict

if TYPE_CHECKING:
    from standoff.engine.estimate import Estimate

Format = Literal["yaml", "json", "gmcr"]

SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".gmcr": "gmcr"}


def detected_format(text: str) -> Format:
    """The format of a model file's text: a JSON object with ``decision_makers`` is native JSON, any
    other JSON object a GMCR+ / gmcr-py ``.gmcr`` file, anything else YAML."""
    if not text.lstrip().startswith("{"):
        return "yaml"
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return "gmcr" if '"decisionMakers"' in text else "json"  # broken JSON: its reader says where
    if isinstance(data, dict) and "decision_makers" not in data:
        return "gmcr"
    return "json"


def read_model(text: str, format: Format, name: str) -> Conflict:
    """The Conflict of a model file's ``text``; errors name ``name`` as the file, with the line.

    Models whose states would not fit in memory are refused (:class:`~standoff.errors.CapacityError`).
    The last few models read are kept (a Conflict is immutable): the editor asks several questions
    about the same text.
    """
    return _read(text, format, name)[0]


def read_estimate(text: str, format: Format, name: str) -> Estimate:
    """What analysing the model of ``text`` will take (states, memory), as :func:`read_model` reads it."""
    return _read(text, format, name)[1]


@lru_cache(maxsize=8)
def _read(text: str, format: Format, name: str) -> tuple[Conflict, Estimate]:
    from standoff.engine.estimate import check_capacity
    from standoff.engine.space import check_options

    if format == "gmcr":
        from standoff.io.gmcr.reader import conflict_from_gmcr

        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ModelError(
                f"not a .gmcr file (JSON): {error.msg}", file=name, line=error.lineno, column=error.colno
            ) from None
        except RecursionError:
            raise ModelError("not a .gmcr file (JSON): nested too deeply", file=name) from None
        stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "gmcr model"
        conflict = conflict_from_gmcr(data, file=name, name=stem)
    else:
        from standoff.io import loads

        conflict = loads(text, format=format, name=name)
    check_options(conflict)
    return conflict, check_capacity(conflict)


def write_model(conflict: Conflict, format: Format) -> str:
    """The text of a model file in ``format`` (what ``standoff convert`` writes)."""
    if format == "gmcr":
        from standoff.io.gmcr.writer import conflict_to_gmcr

        return json.dumps(conflict_to_gmcr(conflict), indent=1, ensure_ascii=False) + "\n"
    from standoff.io.native import dump_json, dump_yaml

    return dump_yaml(conflict) if format == "yaml" else dump_json(conflict)
