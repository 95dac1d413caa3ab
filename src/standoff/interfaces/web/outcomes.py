"""One API answer as the server sends it, the same in the server's process and in a worker process: the
status code and the JSON (or the report's HTML), with the problems a user can fix as the error object."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import orjson

from standoff.errors import CapacityError, StandoffError
from standoff.interfaces.web import answers
from standoff.interfaces.web.errors import error_body
from standoff.interfaces.web.jobs import Job
from standoff.interfaces.web.requests import ConvertRequest, ModelText, ReportRequest

log = logging.getLogger("standoff.web")

ROUTES: dict[str, tuple[type[ModelText], Callable[..., Any]]] = {
    **answers.ANSWERS,
    "convert": (ConvertRequest, answers.convert),
    "model": (ModelText, answers.model_data),
    "report": (ReportRequest, answers.report),
}
"""Every route that answers about a posted model: what it accepts and the answer it calls."""

Outcome = tuple[int, bytes | str | dict[str, Any]]
"""The status and the answer: JSON bytes or the report's HTML (200), or the error object (4xx, 5xx)."""


def failure_status(error: BaseException) -> int:
    """413 for a model too big for memory, 422 for any other problem with the model or the options."""
    return 413 if isinstance(error, CapacityError | MemoryError) else 422


def outcome(name: str, request: ModelText, progress: Job | None = None) -> Outcome:
    """Run the route ``name``'s answer on ``request``: its JSON encoded by orjson (as the commands encode
    large answers: answers about a thousand states are sent several times quicker), or the error object
    with a 4xx status; any other error is raised."""
    run = ROUTES[name][1]
    try:
        answer = run(request, progress)
    except (StandoffError, MemoryError) as error:
        body = error_body(error, request.model if request.format != "gmcr" else None)
        assert body is not None  # a StandoffError or a MemoryError always has one
        return failure_status(error), body
    if isinstance(answer, str):
        return 200, answer
    return 200, orjson.dumps(answer, option=orjson.OPT_NON_STR_KEYS)


def crash(name: str, error: BaseException) -> Outcome:
    """An error the analysis did not expect, logged, as the error object of a 500 answer."""
    log.error("the %s analysis failed", name, exc_info=error)
    return 500, {"error": f"the analysis failed: {error!r}", "line": None, "column": None, "problems": []}
