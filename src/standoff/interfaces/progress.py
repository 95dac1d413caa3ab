"""A progress display on stderr for work that takes more than a moment; a warning before a long run."""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from standoff.engine.estimate import Estimate

DELAY = 1.0
"""Seconds of work before the display appears: quick analyses print nothing extra."""

SECONDS_PER_STATE_AND_DM = 2e-6
"""What analysing one state for one decision maker costs (all six concepts, compiled engine, two cores).

Measured by ``bench/run.py`` (``bench/results.md``, scaling table, 2026-11-29):
total time / (states × decision makers) at 2^20 states and more is 0.5–1.9 µs
in five of the six cases and 5 µs in the sixth (two decision makers with ten
options each, 2^22 states, where SIM dominates); 2 µs rounds the common case
up. The estimate is meant to tell a minute from an hour, not to time a run.
"""

LONG_RUN = 60.0
"""Seconds beyond which the estimate is printed before the analysis starts."""


def expected_seconds(estimate: Estimate) -> float:
    """Roughly how long analysing a model will take, from its estimated states and decision makers."""
    return estimate.states * estimate.n_decision_makers * SECONDS_PER_STATE_AND_DM


def describe_duration(seconds: float) -> str:
    """``about 3 minutes``, ``about 2.5 hours``: a duration for people."""
    if seconds < 90:
        return f"about {seconds:.0f} seconds"
    if seconds < 90 * 60:
        return f"about {seconds / 60:.0f} minutes"
    return f"about {seconds / 3600:.1f} hours"


class AnalysisProgress:
    """Call with a step: a description, the steps done before it and the steps in all (None: not known).

    Shows, after :data:`DELAY`, a bar with the steps done, the elapsed time
    and an estimate of the time left (a spinner while the total is not
    known). A new total starts a new bar (explaining after analysing, for
    instance). Used as a context manager; nothing is drawn when ``enabled`` is
    false or stderr is not a terminal, so standard output stays clean for tools.
    ``console`` defaults to one on stderr, made (and rich imported) only when
    the display is enabled: a quiet run does not pay for it.
    """

    def __init__(self, console: Console | None = None, *, enabled: bool = True, delay: float = DELAY) -> None:
        if console is None and enabled:
            from standoff.interfaces.output import console as make_console

            console = make_console(stderr=True)
        self._console = console
        self._wanted = enabled
        self._enabled = enabled and console is not None and console.is_terminal
        self._delay = delay
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._message = "reading the model…"
        self._done = 0
        self._total: int | None = None
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
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("[dim]left"),
                TimeRemainingColumn(),
                console=self._console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self._message, total=self._total, completed=self._done)

    def __call__(self, message: str, done: int = 0, total: int | None = None) -> None:
        with self._lock:
            new_bar = total != self._total or done < self._done
            self._message, self._done, self._total = f"{message}…", done, total
            if self._progress is not None and self._task is not None:
                task = self._task
                if new_bar:
                    self._progress.reset(task, total=total, completed=done, description=self._message)
                else:
                    self._progress.update(task, completed=done, description=self._message)

    def announce(self, estimate: Estimate) -> None:
        """Before a run expected to take more than :data:`LONG_RUN` seconds, say so on stderr."""
        seconds = expected_seconds(estimate)
        if self._wanted and self._console is not None and seconds > LONG_RUN:
            self._console.print(
                f"[yellow]note:[/] this analysis may take {describe_duration(seconds)} "
                f"({estimate.describe()})",
                highlight=False,
                soft_wrap=True,
            )

    def stop(self) -> None:
        with self._lock:
            self._enabled = False
            if self._timer is not None:
                self._timer.cancel()
            if self._progress is not None:
                self._progress.stop()
                self._progress = None
