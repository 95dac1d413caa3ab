"""Analyses that run in the background: each job reports its progress and keeps its answer for the page."""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
    status: str = "queued"  # queued, running, done, failed
    message: str = "waiting"
    done: int = 0
    total: int | None = None
    result: Any = None
    error: dict[str, Any] | None = None
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

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
            "result": self.result,
            "error": self.error,
        }


class Jobs:
    """Background jobs, run one at a time (analyses use every core already) in a worker thread."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def start(
        self,
        analysis: str,
        run: Callable[[Job], Any],
        failure: Callable[[BaseException], dict[str, Any] | None],
    ) -> Job:
        """Queue ``run`` (given the job, as its progress callback); ``failure`` turns an error the user
        can fix into the API's error object (None: not such an error, re-raised)."""
        job = Job(uuid.uuid4().hex, analysis)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_KEPT:
                self._jobs.popitem(last=False)

        def work() -> None:
            job.status, job.started = "running", time.monotonic()
            try:
                with engine_guard():
                    job.result = run(job)
                job.status = "done"
            except Exception as error:
                job.error = failure(error) or {"error": f"the analysis failed: {error!r}", "line": None}
                job.status = "failed"
            finally:
                job.finished = time.monotonic()

        with self._lock:
            if self._pool is None:  # made on first use, and again after a shutdown (a server restarted)
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="standoff-job")
            self._pool.submit(work)
        return job

    def get(self, job_id: str) -> Job | None:
        """The job with this id, while it is kept."""
        with self._lock:
            return self._jobs.get(job_id)

    def shutdown(self) -> None:
        """Drop the queued jobs; the running one finishes."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
