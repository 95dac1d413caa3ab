"""A progress display on stderr for analyses that take more than a moment."""

from __future__ import annotations

import threading
import time
from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

DELAY = 1.0
"""Seconds of work before the display appears: quick analyses print nothing extra."""


class AnalysisProgress:
    """Call with a step description; shows a spinner, the step and the elapsed time after :data:`DELAY`.

    Used as a context manager; nothing is drawn when ``enabled`` is false or
    stderr is not a terminal, so standard output stays clean for tools.
    """

    def __init__(self, console: Console, *, enabled: bool = True, delay: float = DELAY) -> None:
        self._console = console
        self._enabled = enabled and console.is_terminal
        self._delay = delay
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._task: int | None = None
        self._message = "reading the model"
        self._steps = 0
        self._timer: threading.Timer | None = None
        self._started = time.perf_counter()

    def __enter__(self) -> AnalysisProgress:
        if self._enabled:
            self._timer = threading.Timer(self._delay, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def _show(self) -> None:
        with self._lock:
            if self._progress is not None or not self._enabled:
                return
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TextColumn("[dim]step {task.completed}"),
                TimeElapsedColumn(),
                console=self._console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self._message, total=None, completed=self._steps)

    def __call__(self, message: str) -> None:
        with self._lock:
            self._message = f"{message}…"
            self._steps += 1
            if self._progress is not None and self._task is not None:
                self._progress.update(self._task, description=self._message, completed=self._steps)  # type: ignore[arg-type]

    def stop(self) -> None:
        with self._lock:
            self._enabled = False
            if self._timer is not None:
                self._timer.cancel()
            if self._progress is not None:
                self._progress.stop()
                self._progress = None
