"""Timing ``standoff analyze`` end to end in fresh processes: wall time and peak memory.

Shared by ``bench/run.py`` and the ``bench/shape_*.py`` scripts run on their own.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def user_environment() -> dict[str, str]:
    """This process's environment as a user's shell would have it: Python writes its bytecode
    cache (``.pyc``), as it does by default, so that a second run finds it.

    Sandboxes and CI often set ``PYTHONDONTWRITEBYTECODE``; left in place, every timed run would
    compile each imported module of standoff from source again (about 60 ms), a cost no user
    pays twice.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, int, int, str]:
    """Wall time, peak RSS (bytes) and exit code of one child.

    The peak is measured through a small launcher (``/usr/bin/time`` where there is one): a
    child forked straight from this process would start with this process's resident memory,
    which grows with the outputs it has read, and report a peak too high. ``os.wait4`` otherwise.
    """
    launcher = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen([*launcher, *command], stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode()
        errors = err.read().decode()
    peak = usage.ru_maxrss * 1024
    if launcher:
        lines = errors.strip().splitlines()
        peak = int(lines[-1]) * 1024 if lines and lines[-1].isdigit() else peak
        errors = "\n".join(line for line in lines[:-1] if not line.startswith("Command exited with"))
    if child.returncode != 0:
        text = errors
    return wall, peak, child.returncode, text


def analyze_twice(path: Path, workdir: Path) -> tuple[float, float, int, int, dict[str, Any]]:
    """``standoff analyze PATH --format json --equilibria-only --quiet`` twice in fresh processes: the
    first run compiles the kernels this shape needs, the second is the figure. Returns the first and
    second times, the peaks of both and the second run's JSON."""
    launcher = shutil.which("standoff") or ""
    prefix = [launcher] if launcher else [sys.executable, "-m", "standoff"]
    command = [*prefix, "analyze", str(path), "--format", "json", "--equilibria-only", "--quiet"]
    env = user_environment()
    env["NUMBA_CACHE_DIR"] = str(workdir / "numba-cache")
    first, first_peak, _, _ = run_measured(command, env)
    warm, peak, code, text = run_measured(command, env)
    if code != 0:
        raise RuntimeError(f"standoff analyze failed on {path}:\n{text[-3000:]}")
    return first, warm, first_peak, peak, json.loads(text)


@contextmanager
def web_api(cwd: Path, timeout: float = 60) -> Iterator[tuple[Any, str]]:
    """``standoff serve`` in a fresh process on a free local port, once it answers: an httpx client and
    the API's address (``http://127.0.0.1:PORT/api``). The server is stopped on leaving."""
    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    command = [sys.executable, "-m", "standoff", "serve", "--port", str(port), "--quiet"]
    server = subprocess.Popen(command, cwd=cwd, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api"
    try:
        with httpx.Client(timeout=timeout) as client:
            for _ in range(300):
                try:
                    client.get(base + "/models")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            yield client, base
    finally:
        server.terminate()
        server.wait(10)
