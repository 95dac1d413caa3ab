"""Benchmark shape: how long a person waits for a small model, end to end in a fresh process.

Times (median of five runs each, wall clock, new process every time):

- ``standoff --help``;
- ``standoff analyze examples/elmira.yaml`` (12 states);
- ``standoff analyze --format json --equilibria-only --quiet`` (as
  ``bench/run.py`` runs its command-line cases) on benchmark conflicts of
  about 10^4 states written as .gmcr files (four and six decision makers with infeasibility and
  irreversible options; two decision makers with seven options each);
- ``standoff explain`` and ``standoff evolve`` on a 2^20-state conflict
  (two decision makers with ten options each), where they search through
  the numba engine's grouped moves.

Usage::

    python bench/shape_small_latency.py            # every figure
    python bench/shape_small_latency.py --quick    # --help, elmira and the 10^4-state models
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from measure import user_environment  # noqa: E402

SEED = 2024
RUNS = 5
SMALL_MODELS = [("exclusive", 14), ("many", 14), ("unrestricted", 13)]
"""Benchmark families at about 10^4 feasible states (11,520, 13,312 and 8,192)."""
BIG_MODEL = ("unrestricted", 20)
"""2^20 states: where ``explain`` and ``evolve`` must stay within seconds."""


def write_model(family: str, n_options: int, directory: Path, seed: int = SEED) -> Path:
    """Write one benchmark conflict as a .gmcr file and return its path."""
    from conflicts import conflict

    import standoff.io

    path = directory / f"{family}-{n_options}.gmcr"
    standoff.io.save(conflict(family, n_options, seed), path)
    return path


def _standoff() -> list[str]:
    return [sys.executable, "-m", "standoff"]


def median_seconds(arguments: list[str], runs: int = RUNS) -> float:
    """The median wall-clock time of ``standoff <arguments>`` in fresh processes (output discarded)."""
    env = user_environment()
    quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    quiet["check"] = True
    # untimed: a first run fills the caches (bytecode, compiled kernels, parser tables)
    subprocess.run([*_standoff(), *arguments], **quiet)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([*_standoff(), *arguments], **quiet)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(*, quick: bool = False, runs: int = RUNS) -> dict[str, float]:
    """Every figure of this shape, in seconds (see the module docstring)."""
    figures: dict[str, float] = {}
    # the kernels' cache is warmed once, as a user's second run would find it
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        figures["help"] = median_seconds(["--help"], runs)
        figures["analyze elmira (12 states)"] = median_seconds(
            ["analyze", str(ROOT / "examples" / "elmira.yaml")], runs
        )
        for family, m in SMALL_MODELS:
            path = write_model(family, m, directory)
            command = ["analyze", str(path), "-f", "json", "--equilibria-only", "-q"]
            figures[f"analyze {family}-{m}"] = median_seconds(command, runs)
        if not quick:
            family, m = BIG_MODEL
            path = write_model(family, m, directory)
            first = ["--from", "N" * m]
            warm = [*_standoff(), "explain", str(path), "N" * m]
            # compiles the search once
            subprocess.run(warm, stdout=subprocess.DEVNULL, check=True, env=user_environment())
            for concept in ("seq", "gmr", "smr", "sim"):
                figures[f"explain {family}-{m} ({concept})"] = median_seconds(
                    ["explain", str(path), "N" * m, "-c", concept, "-f", "json"], runs
                )
            figures[f"evolve {family}-{m}"] = median_seconds(["evolve", str(path), *first], runs)
            figures[f"evolve {family}-{m} json"] = median_seconds(
                ["evolve", str(path), *first, "-f", "json"], runs
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="leave out the 2^20-state explain and evolve")
    parser.add_argument("--runs", type=int, default=RUNS)
    arguments = parser.parse_args()
    load = os.getloadavg()
    figures = measure(quick=arguments.quick, runs=arguments.runs)
    print(json.dumps({"load_average": load, "median_seconds": figures}, indent=2))


if __name__ == "__main__":
    main()
