"""How many analyses the web server runs at once: several users asking at the same time.

Starts ``standoff serve`` on a free local port (127.0.0.1 only) with 1 worker process and then with one
per core, waits until its workers are warm, and sends the same bounded batch of analyses, CONCURRENT
at a time: ``POST /api/robustness`` on the Hanoi model under SEQ with SAMPLES sampled variants (each a
second or so of one core, in a worker process). Prints, per server, the wall time of the batch, the
throughput and the median and worst latency of a request; then stops the server.

    PYTHONPATH=src .venv/bin/python bench/shape_web_concurrency.py [--workers 1,2] [--plain]

``--plain`` starts the server without ``--workers`` (for a version of standoff without worker processes).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = 8
CONCURRENT = 4
SAMPLES = 300


@contextmanager
def server(extra: list[str]) -> Iterator[str]:
    """``standoff serve`` on a free local port until left; the API's address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    command = [sys.executable, "-m", "standoff", "serve", "--port", str(port), "--quiet", *extra]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(600):  # at most a minute to start
            try:
                httpx.get(base + "/models", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(30)


def batch(base: str, body: dict[str, object]) -> tuple[float, list[float]]:
    """Send REQUESTS requests, CONCURRENT at a time: the wall time and each request's latency."""

    def one(seed: int) -> float:
        start = time.perf_counter()
        answer = httpx.post(base + "/robustness", json={**body, "seed": seed}, timeout=600)
        answer.raise_for_status()
        return time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENT) as pool:
        latencies = list(pool.map(one, range(REQUESTS)))
    return time.perf_counter() - start, latencies


def warm(base: str, body: dict[str, object], requests: int) -> None:
    """Short analyses at once, so that every worker has loaded its kernels before the timing."""
    short = {**body, "samples": 20}
    with ThreadPoolExecutor(requests) as pool:
        list(
            pool.map(
                lambda s: httpx.post(base + "/robustness", json={**short, "seed": s}, timeout=600),
                range(requests),
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}")
    parser.add_argument("--plain", action="store_true")
    given = parser.parse_args()
    counts = [None] if given.plain else sorted({int(n) for n in given.workers.split(",")})
    text = (ROOT / "examples" / "hanoi-2019.yaml").read_text()
    body = {"model": text, "concepts": ["seq"], "samples": SAMPLES}
    print(
        f"{REQUESTS} requests, {CONCURRENT} at a time: robustness of Hanoi under SEQ, {SAMPLES} variants "
        f"each ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start)"
    )
    for count in counts:
        extra = [] if count is None else ["--workers", str(count)]
        with server(extra) as base:
            warm(base, body, 2 * (count or 1))
            wall, latencies = batch(base, body)
        label = "one process (no --workers)" if count is None else f"--workers {count}"
        print(
            f"  {label:<28} {wall:6.1f} s  {REQUESTS / wall:5.2f} analyses/s  latency median "
            f"{statistics.median(latencies):5.1f} s, worst {max(latencies):5.1f} s"
        )
    print(f"  (load average {os.getloadavg()[0]:.1f} at the end)")


if __name__ == "__main__":
    main()
