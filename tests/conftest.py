"""Test-wide setup: the Hypothesis profile (``tests/profiles.py``) is chosen before any test module, and
with several workers the analysis kernels are compiled once before the workers start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import profiles  # noqa: F401  (registers and loads the profile)

HANOI = Path(__file__).resolve().parents[1] / "examples" / "hanoi-2019.yaml"


def pytest_configure(config: pytest.Config) -> None:
    """With pytest-xdist's workers, compile numba's kernels here, in the controlling process, before
    the workers start: they then load them from numba's cache instead of each compiling the same kernels
    (in a fresh clone, minutes of the two workers' time). Later runs find the cache and take a second.

    The coalition kernels compile meanwhile in a second process, on the other core: the two share no
    kernel (each kernel's cache index is written by one process only, as numba's cache requires)."""
    if os.environ.get("PYTEST_XDIST_WORKER") is not None or not config.getoption("numprocesses", None):
        return
    if config.getoption("collectonly", False):
        return
    import standoff
    from standoff.analyses.stability import analyze

    coalitions = subprocess.Popen(
        [sys.executable, "-c", COMPILE_COALITION_KERNELS, os.fspath(HANOI)], stdout=subprocess.DEVNULL
    )
    try:
        concepts = ("nash", "gmr", "smr", "seq", "sim", "seqsim", "l2", "nm")
        analyze(standoff.load(HANOI), concepts, engine="numba")
    finally:
        coalitions.wait()


COMPILE_COALITION_KERNELS = "import sys, standoff; standoff.load(sys.argv[1]).analyze_coalitions()"
"""Compiles the coalition analysis's kernels (engine/group_graph.py), which the other concepts never call."""
