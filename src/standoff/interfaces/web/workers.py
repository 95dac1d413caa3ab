"""Analyses in worker processes: several run side by side, each under a time limit, any can be stopped at
once (its process is ended and replaced: numba's kernels cannot be interrupted in a thread), and
together they stay within a memory budget; past a bounded queue, new work is refused.

The parent sends each worker the route's name and the posted request (the model as its text); the
worker answers with the JSON the API sends (bytes, encoded there), or the error object, and its
progress on the way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from standoff.engine.estimate import format_bytes
from standoff.errors import CapacityError
from standoff.interfaces.web.jobs import Job

log = logging.getLogger("standoff.web")

TIME_LIMIT = 120.0
"""Seconds an analysis may run before it is stopped (``standoff serve --time-limit``): about three
times the longest the pages ask on Hanoi (robustness under all six concepts: 40 s on two idle cores)."""

QUEUE = 32
"""Analyses that may wait for a worker; past them, new ones are refused (``--queue``)."""

RETRY_AFTER = 5
"""Seconds a refused client is told to wait (the ``Retry-After`` header)."""

PROGRESS_INTERVAL = 0.1
"""Seconds between two progress reports sent by a worker (the page polls every 0.15 s)."""

POLL = 0.1
"""Seconds between two looks at a cancelled job while its worker runs."""

REMEMBERED = 256
"""Models whose last worker is remembered (each worker keeps only its last two analyses anyway)."""

READY_TIMEOUT = 300.0
"""Seconds a new worker process may take to import and warm up (a busy machine compiling the kernels)."""


def default_workers() -> int:
    """One worker per core this process may use: each analysis mostly keeps one core busy."""
    usable = getattr(os, "sched_getaffinity", None)
    return max(1, len(usable(0)) if usable is not None else os.cpu_count() or 1)


class Busy(Exception):
    """The queue is full: the client may try again after :data:`RETRY_AFTER` seconds."""


@dataclass(eq=False)
class Task:
    """An analysis to run: ``call(*args, progress)`` returns an
    :data:`~standoff.interfaces.web.outcomes.Outcome`.

    ``job`` is what the API shows (its status, progress, answer or error); ``memory`` the bytes the
    analysis is estimated to take; ``key`` names the model, so that the worker that analysed it last
    (and keeps its analysis) is preferred.
    """

    job: Job
    call: Callable[..., Any]
    args: tuple[Any, ...]
    memory: int = 0
    key: str | None = None
    done: Future[Job] = field(default_factory=Future)
    stop: str | None = None  # why the running task must be stopped: "cancelled"


class Workers:
    """A pool of ``count`` worker processes (``count=0``: analyses run in a thread of this process, one
    at a time, and cannot be stopped once started; for tests and debugging)."""

    def __init__(
        self,
        count: int | None = None,
        *,
        time_limit: float | None = TIME_LIMIT,
        memory_budget: int | None = None,
        queue: int = QUEUE,
        warm: bool = True,
    ) -> None:
        from standoff.engine.estimate import default_memory_limit

        self.count = default_workers() if count is None else count
        self.time_limit = time_limit or None
        self.memory_budget = default_memory_limit() if memory_budget is None else memory_budget
        self.queue_bound = queue
        self.warm = warm
        self._queue: deque[Task] = deque()
        self._changed = threading.Condition()
        self._slots: list[_Slot | _InProcessSlot] = []
        self._memory = 0  # the estimates of the running analyses
        self._last: dict[str, int] = {}  # a model's key → the slot that analysed it last
        self._closed = False

    # -- what the routes call --

    def submit(self, task: Task) -> Task:
        """Queue ``task``; raises :class:`Busy` past the queue's bound and :class:`CapacityError` for an
        analysis larger than the whole memory budget."""
        if task.memory > self.memory_budget:
            raise CapacityError(
                f"the analysis would need about {format_bytes(task.memory)} of memory, more than the "
                f"server's budget of {format_bytes(self.memory_budget)} for all analyses at once "
                "(standoff serve --memory-budget); remove options or add infeasibility conditions"
            )
        with self._changed:
            if self._closed:
                raise Busy("the server is stopping")
            if len(self._queue) >= self.queue_bound:
                raise Busy(
                    f"the server is busy: {len(self._queue)} analyses wait already for "
                    f"{len(self._slots) or self.count} workers; try again in a few seconds"
                )
            self._start_slots()
            self._queue.append(task)
            self._changed.notify_all()
        return task

    def cancel(self, task: Task) -> bool:
        """Stop ``task``: dropped from the queue, or its worker ended (and replaced); False if it had
        finished already."""
        with self._changed:
            if task in self._queue:
                self._queue.remove(task)
                _finish(task, "cancelled", 409, {"error": "the job was cancelled", "line": None})
                return True
            if task.job.status == "running":
                task.stop = "cancelled"
                return True
        return False

    def run_here(self, task: Task) -> None:
        """Run a quick ``task`` at once in a thread of this process, beside the workers and their queue
        (the editor's first reading of a small model must not wait behind long analyses)."""
        task.job.status, task.job.message, task.job.started = "running", "started", time.monotonic()
        slot = _InProcessSlot(-1, False)
        threading.Thread(target=slot.run, args=(task, None), name="standoff-quick", daemon=True).start()

    def start(self) -> None:
        """Start the workers now (they also start on the first analysis), so that they warm up first."""
        with self._changed:
            self._start_slots()

    def shutdown(self) -> None:
        """Cancel the queued analyses and end the workers."""
        with self._changed:
            self._closed = True
            queued = list(self._queue)
            self._queue.clear()
            self._changed.notify_all()
            slots = list(self._slots)
        for task in queued:
            _finish(task, "cancelled", 503, {"error": "the server stopped", "line": None})
        for slot in slots:
            slot.close()

    # -- the slots' side --

    def _start_slots(self) -> None:
        if self._slots:
            return
        for index in range(max(1, self.count)):
            slot: _Slot | _InProcessSlot = (
                _Slot(index, self.warm) if self.count else _InProcessSlot(index, self.warm)
            )
            self._slots.append(slot)
            threading.Thread(
                target=self._serve, args=(slot,), name=f"standoff-worker-{index}", daemon=True
            ).start()

    def _next(self, slot: _Slot | _InProcessSlot) -> Task | None:
        """The first queued task, once it fits the memory budget beside the running ones and no other
        idle worker has its model's analysis; None when the pool closes."""
        with self._changed:
            while not self._closed:
                if self._queue:
                    task = self._queue[0]
                    last = self._last.get(task.key or "")
                    other_has_it = last is not None and last != slot.index and not self._slots[last].busy
                    if not other_has_it and self._memory + task.memory <= self.memory_budget:
                        self._queue.popleft()
                        self._memory += task.memory
                        slot.busy = True
                        if task.key:
                            self._last.pop(task.key, None)
                            self._last[task.key] = slot.index
                            if len(self._last) > REMEMBERED:  # the oldest model first
                                del self._last[next(iter(self._last))]
                        task.job.status, task.job.message = "running", "started"
                        task.job.started = time.monotonic()
                        return task
                self._changed.wait(1.0)
            return None

    def _serve(self, slot: _Slot | _InProcessSlot) -> None:
        try:
            slot.open()
            broken = None
        except Exception as error:  # e.g. a script that starts the server without the __main__ guard
            log.exception("could not start a worker process")
            broken = error
        while (task := self._next(slot)) is not None:
            try:
                if broken is not None:
                    raise broken
                slot.run(task, self.time_limit)
            except Exception as error:  # a failure of the pool itself: the task fails, the server goes on
                log.exception("a worker failed")
                _finish(task, "failed", 500, {"error": f"the worker failed: {error!r}", "line": None})
            finally:
                with self._changed:
                    self._memory -= task.memory
                    slot.busy = False
                    self._changed.notify_all()


def _finish(task: Task, status: str, code: int, body: Any) -> None:
    """Record the task's end (answer or error) on its job and wake whoever waits for it."""
    job = task.job
    if job.finished is not None:
        return
    if code == 200:
        job.result = body
    else:
        job.error = body
    job.code, job.status, job.finished = code, status, time.monotonic()
    if not task.done.done():
        task.done.set_result(job)


class _InProcessSlot:
    """Runs analyses in the server's own thread: no time limit, no stopping once started."""

    def __init__(self, index: int, warm: bool) -> None:
        self.index = index
        self.busy = False

    def run(self, task: Task, time_limit: float | None) -> None:
        from standoff.interfaces.web.jobs import engine_guard
        from standoff.interfaces.web.outcomes import crash

        try:
            with engine_guard():
                code, body = task.call(*task.args, task.job)
        except Exception as error:
            code, body = crash(task.job.analysis, error)
        _finish(task, "done" if code == 200 else "failed", code, body)

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass


class _Slot:
    """One worker process and the thread that hands it tasks; the process is ended and replaced when
    its task is cancelled or runs past the time limit."""

    def __init__(self, index: int, warm: bool) -> None:
        self.index = index
        self.warm = warm
        self.busy = False
        self.process: Any = None
        self.connection: Connection | None = None
        self.closed = False

    def open(self) -> None:
        """Start the worker process (in the slot's thread: a start takes a moment)."""
        self._spawn()

    def _spawn(self) -> None:
        context = _context()
        ours, theirs = context.Pipe()
        self.process = context.Process(
            target=serve, args=(theirs, self.warm), name=f"standoff-worker-{self.index}", daemon=True
        )
        self.process.start()
        theirs.close()
        self.connection = ours
        self.ready = False

    def _await_ready(self) -> None:
        """Wait for the new process to say it is ready (imported and warmed up), so that its start does
        not count against the first task's time limit."""
        assert self.connection is not None
        while not self.ready:
            ready = wait([self.connection, self.process.sentinel], READY_TIMEOUT)
            if self.connection not in ready:
                raise RuntimeError("a worker process did not start")
            self.ready = self.connection.recv() == ("ready",)

    def _replace(self) -> None:
        self._end()
        if not self.closed:
            self._spawn()

    def close(self) -> None:
        """End the process for good (the server stops)."""
        self.closed = True
        self._end()

    def _end(self) -> None:
        """End the process at once: it may be deep in a kernel."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(5)
        if self.connection is not None:
            self.connection.close()

    def run(self, task: Task, time_limit: float | None) -> None:
        if not self.process.is_alive():  # it died while idle: a new one takes the task
            self._replace()
        self._await_ready()
        assert self.connection is not None
        self.connection.send((task.call, task.args))
        deadline = None if time_limit is None else time.monotonic() + time_limit
        job = task.job
        while True:
            left = POLL if deadline is None else min(POLL, deadline - time.monotonic())
            ready = wait([self.connection, self.process.sentinel], max(0.0, left))
            if self.connection in ready:
                try:
                    message = self.connection.recv()
                except (EOFError, OSError):
                    message = None
                if message is not None and message[0] == "progress":
                    job(*message[1:])
                    continue
                if message is not None:
                    _, code, body = message
                    _finish(task, "done" if code == 200 else "failed", code, body)
                    return
                ready = [self.process.sentinel]
            if ready:  # the process ended without an answer: killed for its memory, most likely
                self._end()
                _finish(
                    task,
                    "failed",
                    500,
                    {
                        "error": "the analysis stopped without an answer (the worker ran out of memory?)",
                        "line": None,
                    },
                )
                self._replace()
                return
            if task.stop is not None:
                self._end()
                _finish(task, "cancelled", 409, {"error": "the job was cancelled", "line": None})
                self._replace()
                return
            if deadline is not None and time.monotonic() >= deadline:
                self._end()
                _finish(
                    task,
                    "failed",
                    504,
                    {
                        "error": f"the analysis took longer than the server's time limit of {time_limit:g} s "
                        "and was stopped (standoff serve --time-limit); try a smaller model or fewer options",
                        "line": None,
                        "column": None,
                        "problems": [],
                    },
                )
                self._replace()
                return


def _context() -> Any:
    """Worker processes start fresh ('forkserver' where there is one, else 'spawn'): never forked from
    the server, whose threads may hold locks."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class _Progress(Job):
    """A job's progress callback inside a worker: each report (at most one per
    :data:`PROGRESS_INTERVAL`) goes to the server."""

    def __init__(self, connection: Connection) -> None:
        super().__init__("", "")
        self._connection = connection
        self._sent = 0.0

    def __call__(self, message: str, done: int = 0, total: int | None = None) -> None:
        now = time.monotonic()
        if now - self._sent >= PROGRESS_INTERVAL or (total is not None and done >= total):
            self._sent = now
            self._connection.send(("progress", message, done, total))


def serve(connection: Connection, warm: bool = True) -> None:
    """A worker process's loop: run each ``(call, args)`` received, answer ``("answer", code, body)``."""
    import signal

    from standoff.interfaces.web.outcomes import crash

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which ends its workers
    if warm:
        from standoff.interfaces.web.app import warm_up

        warm_up()
    connection.send(("ready",))
    while True:
        try:
            received = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        call, args = received
        try:
            code, body = call(*args, _Progress(connection))
        except Exception as error:
            code, body = crash(str(args[0]) if args else "worker", error)
        try:
            connection.send(("answer", code, body))
        except (OSError, ValueError) as error:  # e.g. an answer that cannot be pickled
            connection.send(("answer", *crash("worker", error)))
