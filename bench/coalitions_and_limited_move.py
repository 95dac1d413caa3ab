"""Benchmark of coalition analysis and of limited-move stability: prints the figures.

Usage::

    python bench/coalitions_and_limited_move.py            # both cases at their goal sizes
    python bench/coalitions_and_limited_move.py --quick    # smaller sizes, a few seconds

Cases (families of ``bench/conflicts.py``, seeded):

- coalitions: the ``exclusive`` family, four decision makers, 17 options
  (about 92,000 feasible states, infeasibility, irreversible options), every
  one of the 15 coalitions under CNash, CGMR, CSMR and CSEQ. Goal: 30 s.
- limited move: the ``unrestricted`` family, two decision makers with ten
  options each (2^20 = 1,048,576 states, 1,023 moves per state for each),
  L1 to L10 in one pass, then NM. Goal: 30 s for L1..L10.

Each case runs twice in this process: the first run includes loading (or,
the very first time, compiling) the numba kernels, the second is the
analysis alone. Peak memory is the process's resident maximum.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conflicts import conflict  # noqa: E402 - the benchmark families live beside this script

from standoff.analyses.coalitions import coalition_analysis  # noqa: E402
from standoff.analyses.stability import analyze  # noqa: E402
from standoff.engine.space import StateSpace  # noqa: E402


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def coalitions_case(n_options: int) -> None:
    model = conflict("exclusive", n_options, seed=2024)
    start = time.perf_counter()
    space = StateSpace.build(model)
    built = time.perf_counter() - start
    for run in ("first run", "second run"):
        start = time.perf_counter()
        result = coalition_analysis(model, space=space)
        took = time.perf_counter() - start
        counts = {c: int(result.equilibrium_mask(c).sum()) for c in result.concepts}
        upsets = {c: len(result.upsets[c]) for c in result.concepts}
        print(
            f"coalitions, {len(model.decision_makers)} DMs, {n_options} options, {space.n_states:,} states, "
            f"{len(result.coalitions)} coalitions × 4 concepts, {run}: {took:.1f} s "
            f"(state space {built:.1f} s); coalitional equilibria {counts}; upsets named {upsets}; "
            f"peak {_peak_gb():.2f} GB"
        )


def limited_move_case(n_options: int) -> None:
    model = conflict("unrestricted", n_options, seed=2024)
    space = StateSpace.build(model)
    space.layouts  # noqa: B018 - the move grouping is timed apart
    horizons = tuple(f"l{h}" for h in range(1, 11))
    for run in ("first run", "second run"):
        start = time.perf_counter()
        result = analyze(model, horizons, space=space)
        took = time.perf_counter() - start
        counts = ", ".join(f"L{h} {result.equilibrium_count(f'l{h}')}" for h in range(1, 11))
        print(
            f"limited move, 2 DMs, {n_options} options, {space.n_states:,} states, L1..L10, {run}: "
            f"{took:.1f} s; equilibria {counts}; peak {_peak_gb():.2f} GB"
        )
    start = time.perf_counter()
    result = analyze(model, ("nm",), space=space)
    took = time.perf_counter() - start
    print(
        f"limited move, NM on the same model: {took:.1f} s (read at horizon "
        f"{result.extras['non_myopic'].horizon}, settled: {result.extras['non_myopic'].settled}); "
        f"equilibria {result.equilibrium_count('nm')}; peak {_peak_gb():.2f} GB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args()
    coalitions_case(12 if args.quick else 17)
    limited_move_case(12 if args.quick else 20)


if __name__ == "__main__":
    main()
