"""Test-wide setup: the Hypothesis profile (``tests/profiles.py``) is chosen before any test module, and
with several workers the analysis kernels are compiled once before the workers start."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import profiles  # noqa: F401  (registers and loads the profile)

HANOI = Path(__file__).resolve().parents[1] / "examples" / "hanoi-2019.yaml"


def pytest_configure(config: pytest.Config) -> None:
    """With pytest-xdist's workers, compile numba's kernels here, in the one controlling process, before
    the workers start: they then load them from numba's cache instead of each compiling the same kernels
    (in a fresh clone, minutes of the two workers' time). Later runs find the cache and take a second."""
    if os.environ.get("PYTEST_XDIST_WORKER") is not None or not config.getoption("numprocesses", None):
        return
    if config.getoption("collectonly", False):
        return
    import standoff
    from standoff.analyses.stability import analyze

    analyze(standoff.load(HANOI), ("nash", "gmr", "smr", "seq", "sim", "seqsim", "l2", "nm"), engine="numba")
