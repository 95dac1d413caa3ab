"""One process at a time compiles each numba kernel; the others wait, then load it from numba's cache.

In a fresh clone nothing is compiled yet, and the test run's processes (the two xdist workers and the
warm-up processes that ``conftest.py`` starts) would each compile the same kernels, minutes of work
on two cores, and write the same cache index at once, which numba does not guard against. Here each
kernel's compilation holds a file lock named after the kernel: the first process compiles and saves
it, the next finds it in the cache. Kernels that nobody else is compiling are never waited for, so
the warm-up can run beside the tests instead of before them.

POSIX only (``fcntl``); elsewhere nothing is installed and each process compiles what it needs.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOCKS = Path(tempfile.gettempdir()) / f"standoff-compile-{hashlib.sha1(str(ROOT).encode()).hexdigest()[:12]}"
"""The lock files of this checkout's kernels (one checkout's runs never wait for another's)."""

_held: set[str] = set()


def install() -> bool:
    """Make numba's compilation of each kernel hold the kernel's file lock; False where it cannot."""
    try:
        import fcntl  # noqa: F401  (POSIX)

        from numba.core.compiler_lock import global_compiler_lock
        from numba.core.dispatcher import Dispatcher
    except ImportError:
        return False
    compile_kernel: Callable[..., Any] = Dispatcher.compile
    if getattr(compile_kernel, "standoff_locked", False):
        return True

    def compile_locked(self: Any, sig: Any) -> Any:
        # numba's own lock first, as its compile takes it: one thread of this process compiles at a time
        with global_compiler_lock, _kernel_lock(self.py_func):
            return compile_kernel(self, sig)

    compile_locked.standoff_locked = True  # type: ignore[attr-defined]
    Dispatcher.compile = compile_locked
    return True


@contextlib.contextmanager
def _kernel_lock(function: Callable[..., Any]) -> Iterator[None]:
    """The file lock of ``function``'s kernel, held across processes (taken once per process: a kernel
    compiled while compiling itself is already locked)."""
    import fcntl

    key = f"{function.__module__}.{function.__qualname__}"
    if key in _held:
        yield
        return
    LOCKS.mkdir(exist_ok=True)
    with open(LOCKS / f"{key}.lock", "w") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        _held.add(key)
        try:
            yield
        finally:
            _held.discard(key)
            fcntl.flock(file, fcntl.LOCK_UN)


WARM_UPS = ("sim", "analysis", "coalitions")
"""The warm-up processes, each compiling the kernels its analyses need (they may share some: the locks
let one compile and the others load): the SIM kernel for three or more decision makers (the longest
to compile, so it starts at once in a process of its own), the rest of the analysis (SIM for two, the
other concepts) and the coalition analysis (then the unknown-preference kernels of large models)."""


def main() -> None:
    """A warm-up process: compile the kernels of ``argv[1]`` (one of :data:`WARM_UPS`) under the locks."""
    import sys

    install()
    import standoff
    from standoff.analyses.stability import analyze

    examples = ROOT / "examples"
    hanoi = standoff.load(examples / "hanoi-2019.yaml")
    if sys.argv[1] == "sim":
        analyze(standoff.load(examples / "hanoi-2019-four-parties.yaml"), ("sim",), engine="numba")
    elif sys.argv[1] == "analysis":
        analyze(standoff.load(examples / "prisoners-dilemma.yaml"), ("sim",), engine="numba")  # two DMs
        analyze(hanoi, ("nash", "gmr", "smr", "seq", "sim", "seqsim", "l2", "nm"), engine="numba")
    else:
        hanoi.analyze_coalitions()
        _unknown_preferences_kernels()


def _unknown_preferences_kernels() -> None:
    """The kernels large models take under unknown preferences, compiled on a small model."""
    import standoff
    from standoff.analyses.unknown import reading_ranks
    from standoff.stability.unknown import stable_in_each_reading, unknown_stability

    readings, space = reading_ranks(standoff.load(ROOT / "tests" / "data" / "unsure-sanction.yaml"))
    unknown_stability(readings, None, ("nash_a", "gmr_b", "gmr_d", "seq_b"), space)
    stable_in_each_reading(space, readings[0], 0, ("nash", "gmr", "smr"))


if __name__ == "__main__":
    main()
