"""Benchmark shape: the audit of a 10^5-state model with six judgement calls, and Dask against in process.

1. ``standoff audit`` of the ``exclusive`` benchmark conflict with 18 options
   (98,304 feasible states as written, one option fixed) with six calls: three uncertain statements
   (places in a range), an option's direction, an infeasibility condition
   and a fixed option. Timed, wall clock: the whole audit (every reading,
   every call's alternatives, every concept, the unused statements).
2. The robustness sweep of the Hanoi model with two structural calls (a
   direction and a fixed option: four structures), a seeded sample of
   ``--samples`` readings, on two local processes (``jobs=2``) and on a local
   Dask cluster of two worker processes (one thread each), the same cores. The
   ratio Dask / in process is the cost of distribution; the goal is at most
   1.15. Both runs must give the same answer; the script checks it.

The figures go to ``bench/audit.json``.

Usage::

    python bench/shape_audit.py                   # both
    python bench/shape_audit.py --only dask       # the ratio only
    python bench/shape_audit.py --options 15      # a smaller audit model
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIGURES = HERE / "audit.json"
RATIO_GOAL = 1.15


def audit_model(n_options: int) -> Any:
    """The ``exclusive`` benchmark conflict with six judgement calls marked."""
    sys.path.insert(0, str(HERE))
    import conflicts

    from standoff.model.conflict import Direction
    from standoff.model.preferences import Prioritization
    from standoff.model.uncertainty import StructuralCall, Uncertainty

    conflict = conflicts.conflict("exclusive", n_options)
    dms = list(conflict.decision_makers)
    for i, (item, positions) in enumerate(((0, (1, 2)), (1, (1, 3)), (0, (1, 2)))):
        p = dms[i].preferences
        assert isinstance(p, Prioritization)
        statements = list(p.statements)
        statements[item] = replace(statements[item], uncertainty=Uncertainty(positions))
        dms[i] = replace(dms[i], preferences=replace(p, statements=tuple(statements)))
    irreversible = next(j for j, o in enumerate(conflict.options) if o.direction is not Direction.BOTH)
    free = next(j for j, o in enumerate(conflict.options) if o.direction is Direction.BOTH and j > 1)
    calls = (
        StructuralCall("direction", irreversible, ("both",)),
        StructuralCall("condition", 1),
        StructuralCall("fixed", free),
    )
    return replace(conflict, decision_makers=tuple(dms), fixed=((free, False),), structural=calls)


def hanoi_with_structural_calls() -> Any:
    import standoff
    from standoff.model.uncertainty import StructuralCall

    conflict = standoff.load(ROOT / "examples" / "hanoi-2019.yaml")
    yongbyon = conflict.option_names.index("dismantle_yongbyon")
    remains = conflict.option_names.index("return_remains")
    return replace(
        conflict,
        fixed=((remains, True),),
        structural=(StructuralCall("direction", yongbyon, ("both",)), StructuralCall("fixed", remains)),
    )


def measure_audit(n_options: int) -> dict[str, Any]:
    from standoff.analyses.audit import audit
    from standoff.engine.space import StateSpace

    model = audit_model(n_options)
    states = StateSpace.build(model).n_states
    start = time.perf_counter()
    result = audit(model)
    seconds = time.perf_counter() - start
    print(
        f"audit of {states:,} states, {len(result.calls)} calls, {result.variants} readings: {seconds:.1f} s"
    )
    return {
        "options": n_options,
        "states": states,
        "calls": len(result.calls),
        "readings": result.variants,
        "seconds": round(seconds, 1),
    }


def measure_dask(samples: int) -> dict[str, Any]:
    import numpy as np
    from distributed import LocalCluster

    from standoff.analyses import robustness as robustness_module
    from standoff.analyses.robustness import robustness

    robustness_module.EXHAUSTIVE_LIMIT = 0  # a seeded sample of ``samples`` readings
    model = hanoi_with_structural_calls()
    robustness(model, samples=20, seed=1, concepts="seq", jobs=1)  # warm-up: numba, imports
    start = time.perf_counter()
    local = robustness(model, samples=samples, seed=7, concepts="seq", jobs=2)
    in_process = time.perf_counter() - start
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    ) as cluster:
        robustness(model, samples=20, seed=1, concepts="seq", scheduler=cluster.scheduler_address)  # warm-up
        start = time.perf_counter()
        remote = robustness(
            model, samples=samples, seed=7, concepts="seq", scheduler=cluster.scheduler_address
        )
        on_dask = time.perf_counter() - start
    assert np.array_equal(local.counts, remote.counts) and np.array_equal(local.verdicts, remote.verdicts)
    ratio = on_dask / in_process
    print(
        f"{samples} readings: in process (2 jobs) {in_process:.1f} s, Dask (2 workers) {on_dask:.1f} s, "
        f"ratio {ratio:.2f} (goal at most {RATIO_GOAL})"
    )
    return {
        "readings": samples,
        "in_process_s": round(in_process, 1),
        "dask_s": round(on_dask, 1),
        "ratio": round(ratio, 2),
        "goal": RATIO_GOAL,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--options", type=int, default=18)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--only", choices=("audit", "dask"))
    args = parser.parse_args()
    figures: dict[str, Any] = {
        "date": date.today().isoformat(),
        "cores": len(os.sched_getaffinity(0)),
        "load": os.getloadavg()[0],
    }
    if args.only in (None, "audit"):
        figures["audit"] = measure_audit(args.options)
    if args.only in (None, "dask"):
        figures["dask"] = measure_dask(args.samples)
    old = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    old.update({k: v for k, v in figures.items()})
    FIGURES.write_text(json.dumps(old, indent=2) + "\n")


if __name__ == "__main__":
    main()
