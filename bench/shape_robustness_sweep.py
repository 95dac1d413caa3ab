"""Benchmark shape: a robustness sweep of 10,000 preference variants of the Hanoi model.

Both decision makers' whole orderings are marked uncertain (every
statement may take any place, within the ranges the model gives its
judgement calls: 2,217,600 admissible variants), so ``standoff robustness``
draws a seeded sample of 10,000 and analyses each under all six concepts. Timed, wall
clock, after a warm-up:

- one process (the cost of a variant once warm);
- in process on every local core (``jobs=None``: a pool of processes, the
  command line's default);
- through a local Dask cluster (one worker process per core, one thread
  each), with the default batches and with batches ten times smaller; the
  difference gives Dask's overhead per batch.

Every run must give the same answer; the script checks it.

Usage::

    python bench/shape_robustness_sweep.py             # 10,000 variants
    python bench/shape_robustness_sweep.py --samples 2000
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import standoff
from standoff.analyses.robustness import Robustness, batches_of, robustness
from standoff.analyses.sweeping import available_cores
from standoff.io.native import dump_yaml

ROOT = Path(__file__).resolve().parents[1]


def hanoi_with_every_ordering_uncertain() -> standoff.Conflict:
    """The Hanoi model with both decision makers' orderings marked uncertain as a whole."""
    text = dump_yaml(standoff.load(ROOT / "examples" / "hanoi-2019.yaml"))
    text = text.replace("    preferences:\n", "    preferences:\n      uncertain: true\n")
    return standoff.loads(text)


def timed(label: str, run: callable) -> tuple[Robustness, float]:  # type: ignore[valid-type]
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.1f} s", flush=True)
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    args = parser.parse_args()
    conflict = hanoi_with_every_ordering_uncertain()
    cores = available_cores()
    n = args.samples
    print(
        f"Hanoi, whole orderings uncertain: {robustness(conflict, samples=1).admissible:,} variants; "
        f"sample of {n:,}, all six concepts, {cores} cores"
    )
    robustness(conflict, samples=50, seed=1)  # warm-up: imports and the first compilation, if any
    warm, one = timed("one process, 1,000 variants", lambda: robustness(conflict, samples=1000, seed=0))
    print(f"  {one / 1000 * 1e3:.1f} ms per variant once warm")
    local, seconds_local = timed(
        f"in process on {cores} cores, {n:,} variants",
        lambda: robustness(conflict, samples=n, seed=0, jobs=None),
    )
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    ) as cluster:
        address = cluster.scheduler_address
        robustness(conflict, samples=50, seed=1, scheduler=address)  # workers import standoff
        batches = len(batches_of(range(n), cores))
        remote, seconds_dask = timed(
            f"Dask LocalCluster ({cores} workers), {batches} batches",
            lambda: robustness(conflict, samples=n, seed=0, scheduler=address),
        )
        small = max(1, n // (batches * 10))
        many = len(batches_of(range(n), cores, small))
        remote_small, seconds_small = timed(
            f"Dask LocalCluster, {many} batches of {small}",
            lambda: robustness(conflict, samples=n, seed=0, scheduler=address, batch_size=small),
        )
    for other in (remote, remote_small):
        assert np.array_equal(local.counts, other.counts) and np.array_equal(local.verdicts, other.verdicts)
    overhead = (seconds_small - seconds_dask) / (many - batches) * cores
    print(
        f"  same answer in every run; Dask overhead per batch about {overhead * 1e3:.0f} ms of a worker "
        f"({(seconds_small - seconds_dask):.1f} s more for {many - batches} more batches on {cores} workers)"
    )
    status_quo = local.tracked[0]
    print(
        f"  status quo SEQ-stable in {local.frequencies[local.concepts.index('seq'), status_quo.index]:.1%} "
        "of the sampled variants"
    )


if __name__ == "__main__":
    main()
