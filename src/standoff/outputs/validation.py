"""What ``standoff validate --format json`` reports: a sound model's facts, or every problem found."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from standoff.errors import ModelError
from standoff.model.conflict import Conflict

if TYPE_CHECKING:
    from standoff.engine.space import StateSpace


def validation_summary(conflict: Conflict, file: str, space: StateSpace | None = None) -> dict[str, Any]:
    """The facts reported about a sound model: its size, its feasible states and its status quo
    (``space``: the model's state space when it is built already)."""
    from standoff.analyses.stability import _status_quo
    from standoff.engine.space import StateSpace
    from standoff.outputs.table import state_names

    if space is None:
        space = StateSpace.build(conflict)
    status_quo = _status_quo(conflict, space)
    names = state_names(conflict, space)
    return {
        "file": file,
        "ok": True,
        "name": conflict.name,
        "decision_makers": len(conflict.decision_makers),
        "options": len(conflict.options),
        "feasible_states": space.n_states,
        "states": 2 ** len(conflict.options),
        "status_quo": None
        if status_quo is None
        else {
            "number": status_quo + 1,
            "pattern": space.pattern(status_quo),
            "name": names.get(status_quo),
        },
        "fixed": {conflict.options[j].name: "Y" if value else "N" for j, value in conflict.fixed},
    }


def problem_list(problems: Iterable[Exception], *, text: str | None = None) -> list[dict[str, Any]]:
    """Problems as JSON objects: file, line, column, place, problem (null when unknown).

    ``text``: the model's text, to find the lines of a model read from text rather than a file.
    """
    from standoff.io.native import with_positions

    out = []
    for error in problems:
        if isinstance(error, ModelError):
            (located,) = with_positions([error], text=text)
            out.append(
                {
                    "file": located.file,
                    "line": located.line,
                    "column": located.column,
                    "place": located.place,
                    "problem": located.problem,
                }
            )
        else:
            out.append({"file": None, "line": None, "column": None, "place": None, "problem": str(error)})
    return out
