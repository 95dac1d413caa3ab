"""Benchmark of the stability engine: scaling, agreement with the reference, and the command line.

Usage::

    python bench/run.py --quick      # a minute or two: small sizes, one CLI case
    python bench/run.py              # the full run: up to 2^24 states, the CLI goal cases, the shapes
    python bench/run.py --shapes-only  # only the input shapes and the waiting times

Each case runs in its own process so that its peak memory is its own. For
every family and size the benchmark times the state-space build, the move
grouping and each step of the analysis, counts the moves (edges) and
reports moves per second and a fitted growth exponent (time ∝ states^b).
The plain reference implementation (``tests/reference.py``) runs side by
side on the sizes it finishes within its time cap; the verdicts must be
identical. Finally ``standoff analyze`` runs on written .gmcr files, twice:
the first run includes compiling the kernels, the second reads them from
the cache. Then the named input shapes of ``bench/shape_*.py`` (manual
rankings as gmcr-py writes them, many decision makers with many options
each, heavy infeasibility) run the same way, and the waiting times of small
models, ``explain`` and ``evolve`` are measured. Results go to
``bench/results.md`` and ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from measure import analyze_twice

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

SEED = 2024
CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")
SHAPES = [
    # (label, shape, seconds, peak GB): models shaped unlike the families above, through the CLI
    (
        "gmcr-py file, manual rankings: 2 DMs × 10 options, strict random preferenceRanking",
        "manual_rankings",
        10.0,
        2.0,
    ),
    (
        "many DMs, many options: 6 DMs, 24 options (8, 8, 2, 2, 2, 2), prioritization, "
        "infeasibility, 6 irreversible",
        "many_dms",
        120.0,
        8.0,
    ),
    ("heavy infeasibility: 28 options, 8 feasible states", "bound", 2.0, 1.0),
    ("heavy infeasibility: 40 options, 86,436 feasible states", "groups", 5.0, 1.0),
]
LATENCY_GOALS = {"help": 0.35, "analyze": 0.6, "explain": 3.0, "evolve": 3.0}
"""Seconds (median of five fresh processes) by the first word of a latency figure."""
GOALS = [
    # (label, family, options, seconds, peak GB)
    ("2 DMs × 10 options, no infeasible state, strict rankings", "unrestricted", 20, 10.0, 2.0),
    ("4 DMs, 20 options, infeasibility, irreversible options", "exclusive", 20, 20.0, 2.0),
    ("6 DMs, 24 options, infeasibility, irreversible options", "many", 24, 120.0, 8.0),
]


# -- one case, in a child process -------------------------------------------------------------------


def _peak_bytes() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def engine_case(family: str, n_options: int, seed: int) -> dict[str, Any]:
    """Time one conflict in process: build, grouping, each analysis step; count moves."""
    from conflicts import conflict

    from standoff.analyses.stability import analyze
    from standoff.engine.cones import move_counts
    from standoff.engine.space import StateSpace

    model = conflict(family, n_options, seed)
    started = time.perf_counter()
    space = StateSpace.build(model)
    build = time.perf_counter() - started
    started = time.perf_counter()
    layouts = space.layouts
    grouping = time.perf_counter() - started
    moves = improvements = 0
    for j in range(space.n_decision_makers):
        m, u = move_counts(layouts, j, space.codes, space.ranks[j])
        moves += m
        improvements += u
    steps: dict[str, float] = {}
    marks: list[tuple[str, float]] = []

    def step(message: str, *_: int | None) -> None:
        marks.append((message, time.perf_counter()))

    started = time.perf_counter()
    result = analyze(model, space=space, progress=step)
    finished = time.perf_counter()
    marks.append(("end", finished))
    for (message, at), (_, after) in itertools.pairwise(marks):
        kind = message.split(" for ")[0]
        steps[kind] = steps.get(kind, 0.0) + after - at
    analysis = finished - started
    return {
        "family": family,
        "options": n_options,
        "decision_makers": space.n_decision_makers,
        "states": space.n_states,
        "moves": moves,
        "improvements": improvements,
        "build_s": build,
        "grouping_s": grouping,
        "steps_s": steps,
        "analysis_s": analysis,
        "total_s": build + grouping + analysis,
        "moves_per_s": moves / (grouping + analysis) if analysis > 0 else None,
        "seconds_per_million_moves": (grouping + analysis) / moves * 1e6 if moves else None,
        "load_average": os.getloadavg(),
        "peak_bytes": _peak_bytes(),
        "equilibria": {c: len(v) for c, v in result.equilibria.items()},
        "stable_digest": {c: _digest(result.stable[c]) for c in CONCEPTS},
    }


def _digest(array: np.ndarray) -> str:
    import hashlib

    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()[:16]


def reference_case(family: str, n_options: int, seed: int) -> dict[str, Any]:
    """The plain reference on the same conflict, and whether every verdict agrees with the engine."""
    from conflicts import conflict

    from reference import ReferenceModel
    from standoff.analyses.stability import analyze

    model = conflict(family, n_options, seed)
    started = time.perf_counter()
    expected = ReferenceModel(model).analyze()
    reference_s = time.perf_counter() - started
    started = time.perf_counter()
    result = analyze(model)
    engine_s = time.perf_counter() - started
    codes = [int(c) for c in result.codes]
    mismatches = sum(
        bool(result.stable[c][i, k]) != expected[c][(i, code)]
        for c in CONCEPTS
        for i in range(len(model.decision_makers))
        for k, code in enumerate(codes)
    )
    return {
        "family": family,
        "options": n_options,
        "states": len(codes),
        "reference_s": reference_s,
        "engine_s": engine_s,
        "mismatches": mismatches,
    }


def _child(kind: str, family: str, n_options: int, seed: int, timeout: float) -> dict[str, Any] | None:
    """Run one case in a fresh interpreter; None if it did not finish within ``timeout``."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--case",
        kind,
        family,
        str(n_options),
        str(seed),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"{kind} case {family} 2^{n_options} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# -- the command line, end to end --------------------------------------------------------------------


def cli_case(
    label: str, family: str, n_options: int, goal_s: float, goal_gb: float, workdir: Path
) -> dict[str, Any]:
    """Write the goal conflict as .gmcr; time ``standoff analyze`` on it twice: the second run is the figure.

    Each shape of model needs kernels of its own (SIM for two decision makers or for more, with or
    without irreversible options), so every case gets a first run that compiles what it needs.
    """
    from conflicts import conflict

    from standoff.io.gmcr import write_gmcr

    path = workdir / f"{family}-{n_options}.gmcr"
    write_gmcr(conflict(family, n_options, SEED), path)
    cold, warm, cold_peak, warm_peak, output = analyze_twice(path, workdir)
    return {
        "goal": label,
        "family": family,
        "options": n_options,
        "file_bytes": path.stat().st_size,
        "cold_s": cold,
        "warm_s": warm,
        "compile_s": max(0.0, cold - warm),
        "load_average": os.getloadavg(),
        "peak_bytes": warm_peak,
        "cold_peak_bytes": cold_peak,
        "goal_s": goal_s,
        "goal_gb": goal_gb,
        "met": warm <= goal_s and warm_peak <= goal_gb * 1e9,
        "equilibria": _count_equilibria(output),
    }


def write_shape(shape: str, directory: Path) -> Path:
    """Write the model of a named shape (``bench/shape_*.py``) and return its path."""
    if shape == "manual_rankings":
        import shape_manual_rankings

        return shape_manual_rankings.write_model(directory / "manual-rankings.gmcr")
    if shape == "many_dms":
        import shape_many_dms

        return shape_many_dms.write(directory / "many-dms.gmcr")
    import shape_heavy_infeasibility

    return shape_heavy_infeasibility.write_model(directory / f"{shape}.yaml", shape)


def shape_case(label: str, shape: str, goal_s: float, goal_gb: float, workdir: Path) -> dict[str, Any]:
    """``standoff analyze`` on a named shape, twice: the second run (kernels cached) is the figure."""

    path = write_shape(shape, workdir)
    first, warm, _, peak, output = analyze_twice(path, workdir)
    return {
        "goal": label,
        "shape": shape,
        "states": output["n_states"],
        "first_s": first,
        "warm_s": warm,
        "peak_bytes": peak,
        "goal_s": goal_s,
        "goal_gb": goal_gb,
        "met": warm <= goal_s and peak <= goal_gb * 1e9,
        "load_average": os.getloadavg(),
    }


def latency() -> dict[str, Any]:
    """The small-model and explain/evolve figures of ``bench/shape_small_latency.py``, with goals."""
    import shape_small_latency

    figures = shape_small_latency.measure()
    return {
        name: {"median_s": seconds, "goal_s": LATENCY_GOALS.get(name.split()[0])}
        for name, seconds in figures.items()
    }


def run_shapes(data: dict[str, Any]) -> None:
    """Measure every named shape and the latencies into ``data``, printing each figure."""
    data["shapes"] = []
    with tempfile.TemporaryDirectory() as work:
        for label, shape, goal_s, goal_gb in SHAPES:
            case = shape_case(label, shape, goal_s, goal_gb, Path(work))
            data["shapes"].append(case)
            print(
                f"shape         {shape:16} {case['states']:>10,} states  warm {case['warm_s']:.1f} s  "
                f"peak {_gb(case['peak_bytes'])}  met: {case['met']}",
                flush=True,
            )
    data["latency"] = latency()
    for name, figure in data["latency"].items():
        print(f"latency       {name:40} {figure['median_s']:.2f} s (goal {figure['goal_s']})", flush=True)


def _count_equilibria(output: dict[str, Any]) -> dict[str, int]:
    equilibria = output.get("equilibria", {})
    if isinstance(equilibria, dict):
        return {k: len(v) if isinstance(v, list) else v for k, v in equilibria.items()}
    return {}


# -- the machine and the report -------------------------------------------------------------------


def machine() -> dict[str, Any]:
    import numba

    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_bytes": ram,
        "os": platform.platform(),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "numba_threads": numba.config.NUMBA_NUM_THREADS,
    }


def growth_exponent(
    rows: list[dict[str, Any]], key: str = "total_s", smallest: int = 1 << 14
) -> float | None:
    """Slope of log(time) against log(states), over the sizes of at least ``smallest`` states."""
    points = [(r["states"], r[key]) for r in rows if r["states"] >= smallest and r[key] > 0]
    if len(points) < 2:
        return None
    x, y = np.log([p[0] for p in points]), np.log([p[1] for p in points])
    return float(np.polyfit(x, y, 1)[0])


def _gb(n: float) -> str:
    return f"{n / 1e9:.2f} GB"


def _report(data: dict[str, Any]) -> str:
    m = data["machine"]
    lines = [
        "# standoff benchmark",
        "",
        f"Produced by `python bench/run.py{' --quick' if data['quick'] else ''}` on {data['date']}, "
        f"seed {data['seed']}.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_bytes'] / 2**30:.1f} GiB RAM; {m['os']}; "
        f"Python {m['python']}, numpy {m['numpy']}, numba {m['numba']} ({m['numba_threads']} threads). "
        f"Load average at start: {', '.join(f'{x:.2f}' for x in m['load_average_at_start'])} "
        "(other work on the machine slows the small cases most).",
        "",
    ]
    if data["cli"]:
        lines += [
            "## `standoff analyze big.gmcr --format json --equilibria-only --quiet`",
            "",
            "End to end in a fresh process: start-up, imports, reading the file, all six concepts, JSON.",
            "Second run (kernels cached); the first run also compiles them.",
            "",
            "The last column is the same size timed in process (build, grouping, six concepts; no file, "
            "no output): the rest of the command's time is start-up, reading and writing the JSON.",
            "",
            "| case | states | time | peak memory | goal | met | first run (compile) | engine in process |",
            "|---|---:|---:|---:|---|---|---:|---:|",
        ]
        for c in data["cli"]:
            same = [r for r in data["engine"] if r["family"] == c["family"] and r["options"] == c["options"]]
            states = same[0]["states"] if same else None
            engine = f"{same[0]['total_s']:.1f} s, {_gb(same[0]['peak_bytes'])}" if same else "—"
            lines.append(
                f"| {c['goal']} | {states if states is not None else '—'} | {c['warm_s']:.1f} s | "
                f"{_gb(c['peak_bytes'])} | ≤ {c['goal_s']:.0f} s, ≤ {c['goal_gb']:.0f} GB | "
                f"{'yes' if c['met'] else 'no'} | "
                + (
                    f"{c['cold_s']:.1f} s ({c['compile_s']:.1f} s) |"
                    if c["cold_s"] is not None
                    else "(cache shared) |"
                )
                + f" {engine} |"
            )
        lines.append("")
    if data.get("shapes"):
        lines += [
            "## Input shapes (`standoff analyze FILE --format json --equilibria-only --quiet`)",
            "",
            "Models shaped unlike the families below, written by `bench/shape_*.py`: a .gmcr file as "
            "gmcr-py writes manual rankings, many decision makers each with many options, and "
            "infeasibility conditions that leave few of the 2^m codes. Second run in a fresh process "
            "(kernels cached)" + (f"; measured {data['shapes_date']}." if data.get("shapes_date") else "."),
            "",
            "| case | states | time | peak memory | goal | met | first run |",
            "|---|---:|---:|---:|---|---|---:|",
        ]
        for c in data["shapes"]:
            lines.append(
                f"| {c['goal']} | {c['states']:,} | {c['warm_s']:.2f} s | {_gb(c['peak_bytes'])} | "
                f"≤ {c['goal_s']:g} s, ≤ {c['goal_gb']:g} GB | {'yes' if c['met'] else 'no'} | "
                f"{c['first_s']:.2f} s |"
            )
        lines.append("")
    if data.get("latency"):
        lines += [
            "## Waiting time (median of five fresh processes, kernels cached)",
            "",
            "`bench/shape_small_latency.py`: start-up and small models (up to about 10^4 states, which "
            "the listed-moves engine analyses without loading numba), then `explain` and `evolve` on "
            "2^20 states (`unrestricted-20`, from the all-N state).",
            "",
            "| command | median | goal | met |",
            "|---|---:|---:|---|",
        ]
        for name, figure in data["latency"].items():
            goal = figure["goal_s"]
            met = "—" if goal is None else ("yes" if figure["median_s"] <= goal else "no")
            shown = "—" if goal is None else f"≤ {goal:g} s"
            lines.append(f"| `{name}` | {figure['median_s']:.2f} s | {shown} | {met} |")
        lines.append("")
    lines += [
        "## Scaling (in process, after compilation)",
        "",
        "Moves are unilateral moves summed over decision makers and states (the edges of the "
        "graph model); moves/s divides them by the grouping and analysis time. The kernels work on groups "
        "of states, not on single moves, so their time follows the states: time per state is the figure "
        "that stays flat, and time per move falls as decision makers get more options.",
        "",
        "| family | options | states | moves | build | grouping | GMR+SMR | SEQ | Nash+deterrence | SIM | "
        "total | moves/s | ns per move | µs per state | peak memory |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in data["engine"]:
        st = r["steps_s"]
        lines.append(
            f"| {r['family']} | {r['options']} | {r['states']:,} | {r['moves']:,} | {r['build_s']:.2f} s | "
            f"{r['grouping_s']:.2f} s | {st.get('GMR and SMR', 0):.2f} s | {st.get('SEQ', 0):.2f} s | "
            f"{st.get('Nash and deterrence', 0):.2f} s | {st.get('SIM', 0):.2f} s | {r['total_s']:.2f} s | "
            f"{r['moves_per_s']:.3g} | {1e9 / r['moves_per_s']:.3g} | "
            f"{(r['grouping_s'] + r['analysis_s']) / r['states'] * 1e6:.3g} | {_gb(r['peak_bytes'])} |"
        )
    lines += ["", "Fitted growth exponent b in time ∝ states^b (sizes from 2^14 states):", ""]
    for family, b in data["growth"].items():
        lines.append(
            f"- {family}: total b = {b['total']:.2f}" if b["total"] is not None else f"- {family}: —"
        )
    lines += [
        "",
        "## Agreement with the reference implementation",
        "",
        "`tests/reference.py` transcribes the definitions with sets and loops; it runs on the sizes it "
        f"finishes within {data['reference_cap_s']:.0f} s. Mismatches counts differing verdicts over "
        "every concept, decision maker and state. Below a few thousand states the engine's time is "
        "almost all the loading of its compiled kernels from the cache (about 0.3 s per process), "
        "which the grouping column of the scaling table also shows.",
        "",
        "| family | options | states | reference | engine | speed-up | mismatches |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in data["reference"]:
        lines.append(
            f"| {r['family']} | {r['options']} | {r['states']:,} | {r['reference_s']:.2f} s | "
            f"{r['engine_s']:.3f} s | "
            f"{r['reference_s'] / max(r['engine_s'], 1e-9):.2g}× | {r['mismatches']} |"
        )
    for skipped in data["reference_skipped"]:
        lines.append(
            f"| {skipped['family']} | {skipped['options']} | | > {data['reference_cap_s']:.0f} s | | | |"
        )
    lines.append("")
    import shape_robustness_sweep  # its own script measures it (minutes): the figures it recorded last

    lines += shape_robustness_sweep.report_lines()
    web = HERE / "results-web.md"  # the web app's figures, measured with a server running: kept by hand
    if web.exists():
        lines += ["", *web.read_text().splitlines()[2:]]
    return "\n".join(lines)


def _earlier_results(folder: Path) -> dict[str, Any]:
    """The results.json of an earlier full run in ``folder``, which a partial run updates."""
    path = folder / "results.json"
    if not path.is_file():
        sys.exit(f"{path}: no earlier results to update; run `python bench/run.py` first, or give --output")
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and one command-line case")
    parser.add_argument(
        "--case", nargs=4, metavar=("KIND", "FAMILY", "OPTIONS", "SEED"), help=argparse.SUPPRESS
    )
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line goal cases")
    parser.add_argument("--output", type=Path, default=HERE, help="where results.md and results.json go")
    parser.add_argument("--report-only", action="store_true", help="rewrite results.md from results.json")
    parser.add_argument(
        "--cli-only",
        action="store_true",
        help="rerun only the command-line goal cases and update results.json/md",
    )
    parser.add_argument(
        "--shapes-only",
        action="store_true",
        help="rerun only the input shapes and the waiting times and update results.json/md",
    )
    args = parser.parse_args()
    if args.shapes_only:
        data = _earlier_results(args.output)
        data["shapes_date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        run_shapes(data)
        (args.output / "results.json").write_text(json.dumps(data, indent=2) + "\n")
        (args.output / "results.md").write_text(_report(data))
        return
    if args.report_only or args.cli_only:
        data = _earlier_results(args.output)
        if args.cli_only:
            data["cli"] = []
            data["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
            with tempfile.TemporaryDirectory() as work:
                for label, family, n_options, goal_s, goal_gb in GOALS:
                    case = cli_case(label, family, n_options, goal_s, goal_gb, Path(work))
                    data["cli"].append(case)
                    print(
                        f"cli           {family:13} 2^{n_options:<2} warm {case['warm_s']:.1f} s  cold "
                        f"{case['cold_s']} s  peak {_gb(case['peak_bytes'])}  met: {case['met']}",
                        flush=True,
                    )
            (args.output / "results.json").write_text(json.dumps(data, indent=2) + "\n")
        (args.output / "results.md").write_text(_report(data))
        return
    if args.case:
        kind, family, n_options, seed = args.case
        run = engine_case if kind == "engine" else reference_case
        print(json.dumps(run(family, int(n_options), int(seed))))
        return

    from conflicts import FAMILIES

    quick = args.quick
    top = (
        {"unrestricted": 16, "exclusive": 16, "many": 16}
        if quick
        else {"unrestricted": 22, "exclusive": 22, "many": 24}
    )
    reference_cap = 20.0 if quick else 120.0
    data: dict[str, Any] = {
        "quick": quick,
        "seed": SEED,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "engine": [],
        "reference": [],
        "reference_skipped": [],
        "cli": [],
        "growth": {},
        "reference_cap_s": reference_cap,
    }
    _child("engine", "unrestricted", 10, SEED, 600)  # compile the kernels once, untimed
    for family in FAMILIES:
        rows = []
        for n_options in range(10, top[family] + 1, 2):
            row = _child("engine", family, n_options, SEED, 3600)
            assert row is not None
            rows.append(row)
            print(
                f"{family:13} 2^{n_options:<2} {row['states']:>10,} states  {row['total_s']:8.2f} s  "
                f"{row['moves_per_s']:.3g} moves/s  {_gb(row['peak_bytes'])}",
                flush=True,
            )
        data["engine"] += rows
        data["growth"][family] = {"total": growth_exponent(rows)}
    for family in FAMILIES:
        for n_options in range(6, 13):
            row = _child("reference", family, n_options, SEED, reference_cap)
            if row is None:
                data["reference_skipped"].append({"family": family, "options": n_options})
                print(
                    f"reference     {family:13} 2^{n_options:<2} over {reference_cap:.0f} s: skipped",
                    flush=True,
                )
                break
            data["reference"].append(row)
            print(
                f"reference     {family:13} 2^{n_options:<2} {row['states']:>6} states  reference "
                f"{row['reference_s']:7.2f} s  engine {row['engine_s']:.3f} s  "
                f"mismatches {row['mismatches']}",
                flush=True,
            )
    if not args.no_cli:
        with tempfile.TemporaryDirectory() as work:
            for label, family, n_options, goal_s, goal_gb in GOALS[:1] if quick else GOALS:
                if quick:
                    n_options = 16
                    label = f"{family}, 2^{n_options} (quick run)"
                case = cli_case(label, family, n_options, goal_s, goal_gb, Path(work))
                data["cli"].append(case)
                print(
                    f"cli           {family:13} 2^{n_options:<2} warm {case['warm_s']:.1f} s  cold "
                    f"{case['cold_s']} s  peak {_gb(case['peak_bytes'])}  met: {case['met']}",
                    flush=True,
                )
    if not quick:
        run_shapes(data)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "results.json").write_text(json.dumps(data, indent=2) + "\n")
    (args.output / "results.md").write_text(_report(data))
    print(f"wrote {args.output / 'results.md'} and {args.output / 'results.json'}")
    if any(r["mismatches"] for r in data["reference"]):
        sys.exit("the engine and the reference disagree")


if __name__ == "__main__":
    main()
