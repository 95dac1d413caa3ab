"""Benchmark: how long ``standoff whatif`` takes on the Hanoi model (1,152 states), and whether it is exact.

Figures printed (wall clock, on whatever machine runs it):

- in the same process, after one untimed run: every named state of
  ``examples/hanoi-2019.yaml`` under every concept, with both sides and
  each side alone allowed to change (least cost, exact or bounded, time);
- every one of the 1,152 states as the target under SEQ and SEQ+SIM (the
  concepts whose search couples the two sides): median and largest time,
  how many answers are exact;
- end to end in a fresh process, ``standoff whatif examples/hanoi-2019.yaml
  --make STATE --quiet`` for the slowest state found above (median of three).

The goal: an exact answer in at most 10 s for every target state.

Usage::

    python bench/shape_whatif.py            # every figure (a few minutes)
    python bench/shape_whatif.py --quick    # the named states and one end-to-end run
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HANOI = ROOT / "examples" / "hanoi-2019.yaml"
CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")
GOAL_SECONDS = 10.0


def timed(function: object, *args: object, **kwargs: object) -> tuple[float, object]:
    start = time.perf_counter()
    value = function(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - start, value


def named_states() -> list[str]:
    import standoff

    conflict = standoff.load(HANOI)
    conflict.whatif("big_deal", "seq")  # untimed: imports and first use
    lines = [
        "| state | concept | may change | least cost | exact | combinations checked | time |",
        "|---|---|---|---:|---|---:|---:|",
    ]
    sides: list[tuple[str, list[str] | None]] = [
        ("both", None),
        ("United States", ["United States"]),
        ("DPRK", ["DPRK"]),
    ]
    for named in conflict.named_states:
        for concept in CONCEPTS:
            for label, dms in sides:
                seconds, answer = timed(conflict.whatif, named.name, concept, dms=dms)
                cost = "none" if answer.cost is None else str(answer.cost)  # type: ignore[attr-defined]
                exact = "exact" if answer.exact else "bounded"  # type: ignore[attr-defined]
                lines.append(
                    f"| {named.name} | {concept} | {label} | {cost} | {exact} | "
                    f"{answer.checked:,} | {seconds:.3f} s |"  # type: ignore[attr-defined]
                )
    return lines


def every_state(concept: str) -> tuple[str, int]:
    import standoff

    conflict = standoff.load(HANOI)
    n = conflict.analyze(concept).space.n_states
    times: list[float] = []
    exact = 0
    slowest = (0.0, 0)
    costs: dict[str, int] = {}
    for number in range(1, n + 1):
        seconds, answer = timed(conflict.whatif, number, concept)
        times.append(seconds)
        exact += bool(answer.exact)  # type: ignore[attr-defined]
        key = "none" if answer.cost is None else str(answer.cost)  # type: ignore[attr-defined]
        costs[key] = costs.get(key, 0) + 1
        slowest = max(slowest, (seconds, number))
    spread = ", ".join(f"{k}: {v}" for k, v in sorted(costs.items()))
    line = (
        f"| {concept} | {n} | {exact} | {statistics.median(times):.3f} s | {max(times):.2f} s "
        f"(state {slowest[1]}) | {sum(times):.1f} s | {spread} |"
    )
    return line, slowest[1]


def end_to_end(state: str, concept: str) -> float:
    command = [sys.executable, "-m", "standoff", "whatif", str(HANOI), "--make", state]
    command += ["-c", concept, "--quiet"]
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT)  # untimed: caches
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--quick", action="store_true", help="the named states and one end-to-end run only")
    args = parser.parse_args()
    print("## standoff whatif on examples/hanoi-2019.yaml (1,152 states)\n")
    print("Named states, every concept, in one process after an untimed first run:\n")
    print("\n".join(named_states()))
    slow: list[tuple[str, str]] = [("big_deal", "seq")]
    if not args.quick:
        print("\nEvery state as the target (both sides may change):\n")
        print("| concept | states | exact answers | median | largest | total | least costs (cost: states) |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for concept in ("seq", "seqsim"):
            line, state = every_state(concept)
            print(line)
            slow.append((str(state), concept))
    print(f"\nEnd to end, fresh process, median of three (goal: at most {GOAL_SECONDS:.0f} s):\n")
    print("| command | time |")
    print("|---|---:|")
    for state, concept in slow:
        seconds = end_to_end(state, concept)
        command = f"standoff whatif examples/hanoi-2019.yaml --make {state} -c {concept} --quiet"
        print(f"| `{command}` | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
