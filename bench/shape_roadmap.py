"""Benchmark shape: roadmaps on a conflict of a million states (goal: an answer within 10 s).

The conflict is the benchmark family ``unrestricted`` with 20 options (two
decision makers with ten options each, 2^20 = 1,048,576 states), written as
a .gmcr file. Figures:

- end to end, ``standoff roadmap FILE --from 1 --to T --format json -q`` in
  a fresh process, the second of two runs (the first compiles the search
  kernel), with its peak memory: to the last SEQ equilibrium ``T`` under
  the default rule (no roadmap: the search walks every stage it can reach
  and says where it breaks) and under the leap-of-faith rule;
- in one process, the parts: building the states, SEQ, and the search
  alone;
- a stress case in one process: every state made to hold, so that the
  search reaches all 10^6 states and tries 120 steps from each (10 + 10
  one-mover steps and 100 joint ones) before it lists the shortest
  roadmaps to the all-Y state.

The search never enumerates pairs of states: its work is states reached
× option changes per state.

Usage::

    python bench/shape_roadmap.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SEED = 2024
FAMILY, OPTIONS = "unrestricted", 20
GOAL_SECONDS = 10.0


def _run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak GB of one fresh process (peak through ``/usr/bin/time`` where there is one)."""
    launcher = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    started = time.perf_counter()
    done = subprocess.run([*launcher, *command], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1]) * 1024 / 1e9 if launcher and lines and lines[-1].isdigit() else float("nan")
    return wall, peak


def main() -> None:
    from conflicts import conflict

    import standoff.io
    from standoff.analyses.roadmap import roadmap
    from standoff.analyses.stability import AnalysisResult, analyze
    from standoff.engine.space import StateSpace

    model = conflict(FAMILY, OPTIONS, SEED)
    figures: dict[str, object] = {"load_average": os.getloadavg()}

    started = time.perf_counter()
    space = StateSpace.build(model)
    figures["build states (s)"] = time.perf_counter() - started
    started = time.perf_counter()
    result = analyze(model, ("seq",), space=space)
    figures["SEQ (s)"] = time.perf_counter() - started
    equilibria = np.flatnonzero(result.equilibrium_mask("seq"))
    target = int(equilibria[-1]) + 1
    figures["states"] = space.n_states
    figures["SEQ equilibria"] = int(equilibria.size)
    figures["target"] = f"state {target} {space.pattern(target - 1)}"

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"{FAMILY}-{OPTIONS}.gmcr"
        standoff.io.save(model, path)
        for rule in ("improve", "target"):
            command = [
                sys.executable,
                "-m",
                "standoff",
                "roadmap",
                str(path),
                "--from",
                "1",
                "--to",
                str(target),
            ]
            command += ["--rule", rule, "--format", "json", "-q"]
            first, _ = _run(command)
            wall, peak = _run(command)
            figures[f"end to end, rule {rule}: first run, compiling (s)"] = first
            figures[f"end to end, rule {rule} (s)"] = wall
            figures[f"end to end, rule {rule}: peak (GB)"] = peak

    for rule in ("improve", "target"):
        started = time.perf_counter()
        found = roadmap(result, target, 1, rule=rule)
        figures[f"search alone, rule {rule} (s)"] = time.perf_counter() - started
        reached = len(found.breaks.reached) if found.breaks is not None else None
        figures[f"search alone, rule {rule}: found / stages reached"] = f"{found.found} / {reached}"

    every = AnalysisResult(model, space, {"seq": np.ones((2, space.n_states), dtype=np.bool_)}, None)
    started = time.perf_counter()
    found = roadmap(every, space.n_states, 1, rule="target")
    figures["stress: every state holds, to the all-Y state (s)"] = time.perf_counter() - started
    figures["stress: shortest length, roadmaps listed"] = f"{found.length}, {len(found.roadmaps)}"
    figures["goal (s)"] = GOAL_SECONDS
    print(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
