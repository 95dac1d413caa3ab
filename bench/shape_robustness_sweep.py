"""Benchmark shape: a robustness sweep of 10,000 preference variants of the Hanoi model.

Both decision makers' whole orderings are marked uncertain (every
statement may take any place, within the ranges the model gives its
judgement calls: 2,217,600 admissible variants), so ``standoff robustness``
draws a seeded sample of 10,000 and analyses each under all six concepts.
Timed, wall clock, after a warm-up:

- one process, 1,000 variants (the cost of a variant once warm);
- in process on every local core (``jobs=None``: a pool of processes, the
  command line's default), every variant;
- through a local Dask cluster (one worker process per core, one thread
  each), with the default batches and with batches ten times smaller; the
  difference gives Dask's overhead per batch.

Every run must give the same answer; the script checks it. The figures go
to ``bench/robustness.json``; ``bench/run.py`` (and ``--report-only``) adds
them to ``bench/results.md``.

Usage::

    python bench/shape_robustness_sweep.py                 # 10,000 variants
    python bench/shape_robustness_sweep.py --samples 2000  # a shorter run
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIGURES = HERE / "robustness.json"
GOAL_S = 60.0
"""10,000 Hanoi variants in process, on this machine's cores."""


def hanoi_with_every_ordering_uncertain() -> Any:
    """The Hanoi model with both decision makers' orderings marked uncertain as a whole."""
    import standoff
    from standoff.io.native import dump_yaml

    text = dump_yaml(standoff.load(ROOT / "examples" / "hanoi-2019.yaml"))
    text = text.replace("    preferences:\n", "    preferences:\n      uncertain: true\n")
    return standoff.loads(text)


def timed(label: str, run: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.1f} s", flush=True)
    return result, seconds


def measure(n: int) -> dict[str, Any]:
    """Every figure of the module's list, checked to give the same answer."""
    import numpy as np
    from distributed import LocalCluster

    from standoff.analyses.robustness import batches_of, robustness
    from standoff.analyses.sweeping import available_cores

    conflict = hanoi_with_every_ordering_uncertain()
    cores = available_cores()
    load_start = os.getloadavg()[0]
    admissible = robustness(conflict, samples=1).admissible
    print(
        f"Hanoi, whole orderings uncertain: {admissible:,} variants; sample of {n:,}, all six concepts, "
        f"{cores} cores; load average {load_start:.1f}",
        flush=True,
    )
    robustness(conflict, samples=50, seed=1)  # warm-up: imports, and the kernels' cache if any
    _, one = timed("one process, 1,000 variants", lambda: robustness(conflict, samples=1000, seed=0))
    local, seconds_local = timed(
        f"in process on {cores} cores, {n:,} variants",
        lambda: robustness(conflict, samples=n, seed=0, jobs=None),
    )
    with LocalCluster(
        n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    ) as cluster:
        address = cluster.scheduler_address
        robustness(conflict, samples=50, seed=1, scheduler=address)  # the workers import standoff
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
    seq = local.concepts.index("seq")
    figures = {
        "date": date.today().isoformat(),
        "samples": n,
        "admissible": admissible,
        "cores": cores,
        "load_average": [load_start, os.getloadavg()[0]],
        "one_process_ms_per_variant": one,  # 1,000 variants: seconds = ms per variant
        "local_s": seconds_local,
        "dask_s": seconds_dask,
        "dask_batches": batches,
        "dask_small_s": seconds_small,
        "dask_small_batches": many,
        "dask_overhead_ms_per_batch": overhead * 1e3,
        "goal_s": GOAL_S,
        "status_quo_seq": float(local.frequencies[seq, local.tracked[0].index]),
    }
    print(
        f"  {one:.1f} ms per variant in one process; same answer in every run; Dask overhead about "
        f"{overhead * 1e3:.0f} ms of a worker per batch; load average {os.getloadavg()[0]:.1f} at the end"
    )
    return figures


def report_lines(path: Path = FIGURES) -> list[str]:
    """The section of ``bench/results.md`` on the sweep, from the figures recorded (none when not yet)."""
    if not path.exists():
        return []
    f = json.loads(path.read_text())
    met = "yes" if f["local_s"] <= f["goal_s"] else "no"
    return [
        "## Robustness sweep (`bench/shape_robustness_sweep.py`)",
        "",
        f"{f['samples']:,} sampled preference variants of the Hanoi model, both whole orderings uncertain "
        f"({f['admissible']:,} admissible), all six concepts, measured {f['date']} on {f['cores']} cores "
        f"(load average {f['load_average'][0]:.1f} at the start, {f['load_average'][1]:.1f} at the end: "
        "the machine is shared, and the figures move with its load). Every run gives the same answer.",
        "",
        "| run | time | goal | met |",
        "|---|---:|---:|---|",
        f"| one process, per variant once warm | {f['one_process_ms_per_variant']:.1f} ms | | |",
        f"| in process on every core (a pool of processes) | {f['local_s']:.1f} s | "
        f"≤ {f['goal_s']:.0f} s | {met} |",
        f"| local Dask cluster, {f['dask_batches']} batches | {f['dask_s']:.1f} s | | |",
        f"| local Dask cluster, {f['dask_small_batches']} batches | {f['dask_small_s']:.1f} s | | |",
        "",
        f"Dask's overhead per batch: about {f['dask_overhead_ms_per_batch']:.0f} ms of a worker (the "
        "difference between the two Dask runs, per extra batch). The status quo is a SEQ equilibrium in "
        f"{f['status_quo_seq']:.1%} of the sampled variants.",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    args = parser.parse_args()
    figures = measure(args.samples)
    FIGURES.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"wrote {FIGURES.relative_to(ROOT)}; python bench/run.py --report-only puts it in bench/results.md")


if __name__ == "__main__":
    main()
