"""Analyses that run in the background: each job reports its progress and keeps its answer for the page."""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

_ONE_AT_A_TIME = threading.Lock()


def engine_guard() -> AbstractContextManager[object]:
    """Run analyses one at a time when numba's parallel kernels use its ``workqueue`` threading layer
    (the fallback when no OpenMP or TBB library is found), which must not be entered from two threads
    at once; with OpenMP or TBB, requests and jobs run side by side."""
    import numba

    try:
        layer = numba.threading_layer()  # type: ignore[attr-defined]
    except ValueError:  # no parallel kernel has run yet: the layer is not chosen
        layer = "workqueue"
    return _ONE_AT_A_TIME if layer == "workqueue" else nullcontext()


MAX_KEPT = 50
"""Finished jobs kept for the pages to fetch; the oldest are dropped first."""


@dataclass
class Job:
    """One background analysis: what it is doing now and, once finished, its answer or its error."""

    id: str
    analysis: str
    status: str = "queued"  # queued, running, done, failed, cancelled
    message: str = "waiting"
    done: int = 0
    total: int | None = None
    result: Any = None
    error: dict[str, Any] | None = None
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    code: int = 200
    """The HTTP status the answer or the error goes with (504 past the time limit, 413, 422...)."""

    def __call__(self, message: str, done: int = 0, total: int | None = None) -> None:
        """The progress callback the analyses call: a step's description, the steps done and in all."""
        self.message, self.done, self.total = message, done, total

    def announce(self, estimate: Any) -> None:
        """The analyses announce long runs; the page shows the progress instead."""

    def to_dict(self) -> dict[str, Any]:
        """The job as the API answers it."""
        end = self.finished if self.finished is not None else time.monotonic()
        return {
            "id": self.id,
            "analysis": self.analysis,
            "status": self.status,
            "message": self.message,
            "done": self.done,
            "total": self.total,
            "seconds": round(end - self.started, 3),
            "result": _embedded(self.result),
            "error": self.error,
        }


class Jobs:
    """The background jobs the pages can ask about, by id (they run in
    :class:`~standoff.interfaces.web.workers.Workers`)."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def new(self, analysis: str) -> Job:
        """A queued job for ``analysis``, kept: the oldest finished jobs are dropped past :data:`MAX_KEPT`."""
        job = Job(uuid.uuid4().hex, analysis)
        with self._lock:
            self._jobs[job.id] = job
            finished = [key for key, kept in self._jobs.items() if kept.finished is not None]
            for key in finished[: max(0, len(self._jobs) - MAX_KEPT)]:
                del self._jobs[key]
        return job

    def get(self, job_id: str) -> Job | None:
        """The job with this id, while it is kept."""
        with self._lock:
            return self._jobs.get(job_id)

    def forget(self, job_id: str) -> None:
        """Drop a job (once cancelled or answered)."""
        with self._lock:
            self._jobs.pop(job_id, None)


def _embedded(answer: Any) -> Any:
    """An answer as it goes into the job's JSON: JSON bytes (from a worker) without decoding them."""
    if isinstance(answer, bytes):
        import orjson

        return orjson.Fragment(answer)
    return answer
