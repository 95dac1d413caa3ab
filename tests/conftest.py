"""Test-wide setup: the Hypothesis profile (``tests/profiles.py``) is chosen before any test module, each
numba kernel is compiled by one process at a time, and with several workers the kernels are compiled
beside the tests by warm-up processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import compile_lock
import profiles  # noqa: F401  (registers and loads the profile)

HANOI = Path(__file__).resolve().parents[1] / "examples" / "hanoi-2019.yaml"


@pytest.fixture(scope="session")
def hanoi_report() -> Any:
    """The report ``standoff report examples/hanoi-2019.yaml`` writes, gathered once per process (a few
    seconds: its robustness sweep) for the tests that read it; a report is not changed by reading it."""
    import standoff

    return standoff.report(standoff.load(HANOI))


def pytest_configure(config: pytest.Config) -> None:
    """Each numba kernel is compiled by one process at a time (``compile_lock``); with pytest-xdist's
    workers, the controlling process also starts warm-up processes that compile the kernels beside the
    tests (``compile_lock.WARM_UPS``: SIM's kernel alone takes over half a minute), while the workers
    collect and run the tests that need none. A worker that needs a kernel being
    compiled waits for it and loads it from numba's cache. Later runs find the cache: the warm-ups take
    a second."""
    compile_lock.install()
    if os.environ.get("PYTEST_XDIST_WORKER") is not None or not config.getoption("numprocesses", None):
        return
    if config.getoption("collectonly", False):
        return
    script = os.fspath(Path(compile_lock.__file__))
    config.stash[WARM_UPS] = [
        subprocess.Popen([sys.executable, script, what], stdout=subprocess.DEVNULL)
        for what in compile_lock.WARM_UPS
    ]


def pytest_unconfigure(config: pytest.Config) -> None:
    """The warm-ups are done long before the tests; a run cut short stops them."""
    for process in config.stash.get(WARM_UPS, []):
        if process.poll() is None:
            process.terminate()
        process.wait()


WARM_UPS = pytest.StashKey[list[subprocess.Popen[bytes]]]()
"""The warm-up processes of a run with workers."""
