"""Every way out of a big result, within memory: the JSON and the CSV in blocks, the DataFrame, to_dict.

Builds the ``unrestricted`` benchmark model (two decision makers, every state feasible) of 2^OPTIONS
states, analyses it under the six concepts, then, one at a time in this process: writes the JSON
(``standoff analyze --format json``'s writer, :func:`standoff.outputs.json.write_analysis_json`) and the
CSV (:func:`standoff.outputs.csv.write_analysis_csv`) to files, builds ``result.to_frame()``, and asks
``result.to_dict()``, which refuses above ``DICT_STATE_LIMIT`` states. For each step it prints the
time, the process's resident memory before it and the peak during it (sampled every 20 ms), and the
size of what it wrote.

    .venv/bin/python bench/big_results.py [--options 24] [--skip-frame]

At 24 options the analysis takes minutes and about 4.5 GB; the outputs add what the table printed says.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from conflicts import conflict  # noqa: E402  (the benchmark families, beside this script)

PAGE = os.sysconf("SC_PAGE_SIZE")


def resident() -> int:
    """This process's resident memory now, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


@contextmanager
def sampled() -> Iterator[dict[str, float]]:
    """Time and resident memory of the block: ``before``, ``peak`` (sampled every 20 ms) and ``seconds``."""
    figures: dict[str, float] = {"before": resident(), "peak": resident()}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            figures["peak"] = max(figures["peak"], resident())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    try:
        yield figures
    finally:
        figures["seconds"] = time.perf_counter() - start
        done.set()
        sampler.join()
        figures["peak"] = max(figures["peak"], resident())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--options", type=int, default=24, help="options: the model has 2^OPTIONS states")
    parser.add_argument("--skip-frame", action="store_true", help="leave to_frame() out (pandas absent)")
    args = parser.parse_args()

    from standoff.analyses.stability import analyze
    from standoff.outputs.csv import write_analysis_csv
    from standoff.outputs.json import TooManyStates, write_analysis_json

    model = conflict("unrestricted", args.options, seed=0)
    analyze(conflict("unrestricted", 8, seed=0))  # the kernels compiled (or read from the cache) first
    rows: list[tuple[str, dict[str, float], str]] = []
    with sampled() as figures:
        result = analyze(model)
    rows.append(("analysis (six concepts)", figures, f"{result.space.n_states:,} states"))
    with tempfile.TemporaryDirectory() as folder:
        steps: list[tuple[str, Callable[[Path], None], str]] = [
            ("JSON, every state", lambda p: _binary(p, lambda f: write_analysis_json(result, f)), "json"),
            (
                "JSON, equilibria only",
                lambda p: _binary(p, lambda f: write_analysis_json(result, f, states=False)),
                "json",
            ),
            ("CSV, every state", lambda p: _text(p, lambda f: write_analysis_csv(result, f)), "csv"),
        ]
        for label, write, suffix in steps:
            path = Path(folder) / f"out.{suffix}"
            with sampled() as figures:
                write(path)
            rows.append((label, figures, f"{path.stat().st_size / 1e9:.2f} GB written"))
            path.unlink()
    if not args.skip_frame:
        with sampled() as figures:
            frame = result.to_frame()
        rows.append(("to_frame()", figures, f"{frame.shape[0]:,} × {frame.shape[1]} frame"))
        del frame
    with sampled() as figures:
        try:
            result.to_dict()
            said = "built (below the limit)"
        except TooManyStates as error:
            said = f"refused: {str(error)[:60]}…"
    rows.append(("to_dict()", figures, said))
    print(f"{'step':<24} {'seconds':>8} {'RSS before':>11} {'peak':>8} {'added':>8}  what")
    for label, figures, what in rows:
        added = figures["peak"] - figures["before"]
        print(
            f"{label:<24} {figures['seconds']:8.1f} {figures['before'] / 1e9:9.2f}GB "
            f"{figures['peak'] / 1e9:6.2f}GB {added / 1e9:6.2f}GB  {what}"
        )


def _binary(path: Path, write: Callable[[object], None]) -> None:
    with open(path, "wb") as stream:
        write(stream)


def _text(path: Path, write: Callable[[object], None]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        write(stream)


if __name__ == "__main__":
    main()
