"""The web server under load and abuse (``standoff serve``): the time limit, the bounded queue, cancelling
jobs and the memory budget across analyses (with real worker processes: marked slow), the security
headers on every response, and the token a server reachable from other machines asks for."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi", reason="the web app needs pip install 'standoff[web]'")

from fastapi.testclient import TestClient

from standoff.interfaces import cli
from standoff.interfaces.web import create_app
from standoff.interfaces.web.security import CONTENT_SECURITY_POLICY

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HANOI = (EXAMPLES / "hanoi-2019.yaml").read_text()
ELMIRA = (EXAMPLES / "elmira.yaml").read_text()
STATIC = Path(__file__).resolve().parents[1] / "src" / "standoff" / "interfaces" / "web" / "static"
MB = 2**20

cli._register_commands()
runner = CliRunner()

# Robustness of Hanoi over a sample of 10,000 of its readings under all six concepts: 10,000 analyses,
# over a minute on two idle cores at several milliseconds each (bench/results.md), far past the few
# seconds these tests wait.
LONG = {"model": HANOI, "samples": 10_000}


# -- headers --


def assert_protected(response: Any) -> None:
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "script-src 'self';" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_every_response_carries_the_security_headers() -> None:
    with TestClient(create_app(warm=False, max_body=10_000, allowed_hosts=["testserver"])) as client:
        answers = [
            client.get("/"),
            client.get("/app"),
            client.get("/static/app.js"),
            client.get("/static/style.css"),
            client.get("/vendor/vis-network.min.js"),
            client.get("/api/models"),
            client.get("/openapi.json"),
            client.post("/api/analyze", json={"model": ELMIRA, "concepts": ["nash"]}),
            client.post("/api/analyze", json={"model": "name: x\ndecision_makers: 3\n"}),  # 422
            client.get("/api/models/nope"),  # 404
            client.post("/api/analyze", json={"model": "x" * 20_000}),  # 413, refused before any route
        ]
        assert [a.status_code for a in answers] == [200] * 8 + [422, 404, 413]
        for answer in answers:
            assert_protected(answer)
    with TestClient(
        create_app(warm=False, allowed_hosts=["127.0.0.1"]), base_url="http://evil.example"
    ) as other:
        refused = other.get("/api/models")
        assert refused.status_code == 400
        assert_protected(refused)


class _Scripts(HTMLParser):
    """Every <script> element and every attribute that would run script in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.sources: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self._open = True
            if found.get("src"):
                self.sources.append(found["src"] or "")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.inline.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self._open = tag != "script" and self._open

    def handle_data(self, data: str) -> None:
        if self._open and data.strip():
            self.inline.append(data.strip()[:80])


@pytest.mark.parametrize("page", ["index.html", "app.html"])
def test_the_pages_run_under_the_policy_no_inline_script(page: str) -> None:
    """script-src 'self' runs only the server's script files: a page with an inline script or an
    inline event handler (onsubmit=...) would break in the browser."""
    parser = _Scripts()
    parser.feed((STATIC / page).read_text())
    assert parser.inline == []
    assert parser.sources and all(src.startswith("/") for src in parser.sources)
    for script in STATIC.glob("*.js"):  # nor may the scripts write handlers into the page
        assert not re.search(r"""\son[a-z]+\s*=\s*["']""", script.read_text()), script.name


# -- the token --


def test_with_a_token_every_request_needs_it_and_the_page_keeps_it_in_a_cookie() -> None:
    with TestClient(create_app(warm=False, token="s3cret-token")) as client:
        refused = client.get("/api/models")
        assert refused.status_code == 401
        assert set(refused.json()) >= {"error", "line"} and "token" in refused.json()["error"]
        assert refused.headers["www-authenticate"] == "Bearer"
        assert_protected(refused)
        assert client.get("/").status_code == 401
        assert client.get("/static/app.js").status_code == 401
        assert client.get("/api/models", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/api/models", headers={"Authorization": "Basic s3cret-token"}).status_code == 401
        assert client.get("/api/models", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        assert client.get("/api/models", headers={"Authorization": "bearer s3cret-token"}).status_code == 200
        # the API does not take the token in the address: it would end up in logs and histories
        assert client.get("/api/models?token=s3cret-token").status_code == 401
        assert client.cookies.get("standoff_token") is None
        page = client.get("/?token=s3cret-token")
        assert page.status_code == 200 and "<script" in page.text
        cookie = page.headers["set-cookie"]
        assert cookie.startswith("standoff_token=s3cret-token;")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        # the page's own requests now carry the cookie
        assert client.get("/api/models").status_code == 200
        assert client.get("/static/app.js").status_code == 200
        analysed = client.post("/api/analyze", json={"model": ELMIRA, "concepts": ["nash"]})
        assert analysed.status_code == 200 and analysed.json()["equilibria"]["nash"]
    with TestClient(create_app(warm=False)) as open_client:  # no token: nothing asked
        assert open_client.get("/api/models").status_code == 200


def serve_with(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[Any, dict[str, Any], str]:
    """``standoff serve ARGS`` up to uvicorn.run, which is replaced: the application, how it would have
    been served, and what the command printed. (The tests call the application without starting it:
    its worker processes start with the first analysis, which these tests do not ask for.)"""
    import uvicorn

    called: dict[str, Any] = {}

    def run(app: Any, **kwargs: Any) -> None:
        called["app"], called["kwargs"] = app, kwargs

    monkeypatch.setattr(uvicorn, "run", run)
    result = runner.invoke(cli.app, ["serve", *args])
    assert result.exit_code == 0, result.stderr
    return called["app"], called["kwargs"], result.stderr


def test_serve_on_another_address_warns_and_asks_for_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    app, kwargs, printed = serve_with(monkeypatch, "--host", "0.0.0.0", "--port", "8123")
    assert kwargs["host"] == "0.0.0.0"
    assert printed.startswith("warning:") and "other machines" in printed
    token = re.search(r"http://0\.0\.0\.0:8123/\?token=([A-Za-z0-9_-]{20,})", printed)
    assert token, printed
    client = TestClient(app, base_url="http://192.0.2.1:8123")
    assert client.get("/api/models").status_code == 401
    headers = {"Authorization": f"Bearer {token.group(1)}"}
    assert client.get("/api/models", headers=headers).status_code == 200
    app, _, printed = serve_with(monkeypatch, "--host", "0.0.0.0", "--no-token")
    assert "anyone" in printed and "token=" not in printed
    assert TestClient(app, base_url="http://192.0.2.1:8000").get("/api/models").status_code == 200


def test_serve_on_this_machine_asks_for_a_token_only_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    app, _, printed = serve_with(monkeypatch)
    assert "warning" not in printed and "token=" not in printed
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/api/models").status_code == 200
    app, _, printed = serve_with(monkeypatch, "--token")
    found = re.search(r"\?token=(\S+) ", printed)
    assert found and "warning" not in printed
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    assert client.get("/api/models").status_code == 401
    assert client.get(f"/?token={found.group(1)}").status_code == 200
    assert client.get("/api/models").status_code == 200


def test_serve_passes_its_limits_to_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from standoff.interfaces.commands import serve
    from standoff.interfaces.web import workers

    assert (serve.TIME_LIMIT, serve.QUEUE) == (workers.TIME_LIMIT, workers.QUEUE)  # repeated, not imported
    app, _, _ = serve_with(
        monkeypatch, "--workers", "3", "--time-limit", "7.5", "--memory-budget", "2GB", "--queue", "4"
    )
    pool = app.workers
    assert (pool.count, pool.time_limit, pool.memory_budget, pool.queue_bound) == (3, 7.5, 2 * 2**30, 4)
    app, _, _ = serve_with(monkeypatch, "--time-limit", "0")
    assert app.workers.time_limit is None
    result = runner.invoke(cli.app, ["serve", "--memory-budget", "lots"])
    assert result.exit_code == 2 and "memory size" in result.stderr


# -- limits, with worker processes --


@pytest.fixture(scope="module")
def limited() -> Any:
    """Two workers, one place in the queue, and a memory budget of 300 MB: the estimate of analysing
    Hanoi or Elmira is about 250 MB (the estimate's baseline: Python, numpy and numba), so one runs at a
    time and a second waits although a worker is free."""
    app = create_app(warm=False, workers=2, queue=1, memory_budget=300 * MB, time_limit=600)
    with TestClient(app) as client:
        yield client


def wait_for(client: TestClient, job_id: str, statuses: set[str], seconds: float = 120) -> dict[str, Any]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in statuses:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never reached {statuses}: {job}")


def still_serves(client: TestClient) -> None:
    """The server answers a quick question (here) and an analysis in a worker process."""
    assert client.get("/api/models").status_code == 200
    answer = client.post("/api/evolve", json={"model": ELMIRA})
    assert answer.status_code == 200, answer.text[:500]
    assert answer.json()["from"]


@pytest.mark.slow
def test_a_running_job_is_cancelled_and_its_worker_replaced(limited: TestClient) -> None:
    started = limited.post("/api/jobs/robustness", json=LONG)
    assert started.status_code == 202
    job_id = started.json()["id"]
    wait_for(limited, job_id, {"running"})
    cancelled = limited.delete(f"/api/jobs/{job_id}")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["result"] is None
    assert limited.get(f"/api/jobs/{job_id}").json()["status"] == "cancelled"
    still_serves(limited)
    assert limited.delete("/api/jobs/nope").status_code == 404


@pytest.mark.slow
def test_past_the_queue_new_work_is_refused_and_queued_jobs_can_be_cancelled(
    limited: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = limited.post("/api/jobs/robustness", json=LONG).json()["id"]
    wait_for(limited, first, {"running"})
    second = limited.post("/api/jobs/robustness", json=LONG).json()["id"]
    time.sleep(1.5)  # a worker is free, but the memory budget keeps the second waiting
    assert limited.get(f"/api/jobs/{second}").json()["status"] == "queued"
    for refused in (
        limited.post("/api/jobs/evolve", json={"model": ELMIRA}),
        limited.post("/api/evolve", json={"model": ELMIRA}),
    ):
        assert refused.status_code == 503
        assert refused.headers["retry-after"].isdigit()
        assert "busy" in refused.json()["error"] and refused.json()["line"] is None
    # quick answers about small models are given at once, queue or no queue: the editor's analysis,
    # and its first reading of a model (a background job)
    assert limited.post("/api/analyze", json={"model": ELMIRA, "concepts": ["nash"]}).status_code == 200
    reading = limited.post("/api/jobs/live", json={"model": ELMIRA})
    assert reading.status_code == 202
    assert wait_for(limited, reading.json()["id"], {"done", "failed"}, seconds=60)["status"] == "done"
    # with room in the budget for both, the second starts on the free worker
    monkeypatch.setattr(limited.app.workers, "memory_budget", 2**40)  # type: ignore[attr-defined]
    wait_for(limited, second, {"running"}, seconds=30)
    third = limited.post("/api/jobs/robustness", json=LONG).json()["id"]  # both workers busy: it waits
    time.sleep(0.5)
    assert limited.get(f"/api/jobs/{third}").json()["status"] == "queued"
    dropped = limited.delete(f"/api/jobs/{third}").json()
    assert dropped["status"] == "cancelled" and dropped["error"]["error"] == "the job was cancelled"
    for running in (first, second):
        assert limited.delete(f"/api/jobs/{running}").json()["status"] == "cancelled"
    still_serves(limited)


@pytest.mark.slow
def test_an_analysis_larger_than_the_memory_budget_is_refused(
    limited: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limited.app.workers, "memory_budget", 100 * MB)  # type: ignore[attr-defined]
    refused = limited.post("/api/evolve", json={"model": HANOI})
    assert refused.status_code == 413
    assert "budget of 100.0 MB" in refused.json()["error"] and "--memory-budget" in refused.json()["error"]
    job = limited.post("/api/jobs/evolve", json={"model": HANOI}).json()
    failed = wait_for(limited, job["id"], {"failed", "done"})
    assert failed["status"] == "failed" and "budget" in failed["error"]["error"]


@pytest.mark.slow
def test_an_analysis_past_the_time_limit_is_stopped_and_the_server_goes_on(
    limited: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limited.app.workers, "time_limit", 1.0)  # type: ignore[attr-defined]
    started = time.monotonic()
    stopped = limited.post("/api/robustness", json=LONG)
    assert stopped.status_code == 504
    assert "time limit of 1 s" in stopped.json()["error"] and stopped.json()["line"] is None
    assert time.monotonic() - started < 60  # stopped, not finished: the analysis takes far longer
    job = limited.post("/api/jobs/robustness", json=LONG).json()
    failed = wait_for(limited, job["id"], {"failed", "done"})
    assert failed["status"] == "failed" and "time limit" in failed["error"]["error"]
    monkeypatch.setattr(limited.app.workers, "time_limit", 600.0)  # type: ignore[attr-defined]
    still_serves(limited)


@pytest.mark.slow
def test_a_real_server_with_a_token_answers_from_its_workers(tmp_path: Path) -> None:
    """``standoff serve --token`` in its own process on a free local port: the address it prints carries
    the token, requests without it are refused, and an analysis comes back from a worker process."""
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "standoff", "serve", "--port", str(port), "--quiet", "--token"]
    command += ["--workers", "1"]
    with log.open("w") as stderr:
        server = subprocess.Popen(command, stderr=stderr, cwd=tmp_path, env=_env())
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                httpx.get(base + "/api/models", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        found = re.search(rf"http://127\.0\.0\.1:{port}/\?token=(\S+)", log.read_text())
        assert found, log.read_text()
        assert httpx.get(base + "/api/models", timeout=30).status_code == 401
        with httpx.Client(base_url=base, timeout=300) as browser:
            page = browser.get(f"/?token={found.group(1)}")
            assert page.status_code == 200 and "content-security-policy" in page.headers
            answer = browser.post("/api/evolve", json={"model": ELMIRA})  # the page's cookie carries it
            assert answer.status_code == 200, answer.text[:500]
            assert answer.json()["from"]
    finally:
        server.terminate()
        server.wait(30)
    assert server.returncode is not None


def _env() -> dict[str, str]:
    """This process's environment, with the source of standoff first on the path (as the tests run)."""
    import os

    import standoff

    source = str(Path(standoff.__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}


def _exit_at_once(name: str, request: Any, progress: Any) -> Any:
    """An analysis whose process dies under it (as when the kernel kills it for its memory)."""
    import os

    os._exit(3)


def _answer_ok(name: str, request: Any, progress: Any) -> tuple[int, bytes]:
    progress("answering", 1, 1)
    return 200, b'{"ok": true}'


@pytest.mark.slow
def test_a_worker_that_dies_is_replaced_and_its_analysis_answered_with_an_error() -> None:
    from standoff.interfaces.web.jobs import Job
    from standoff.interfaces.web.workers import Task, Workers

    pool = Workers(1, warm=False, time_limit=120)
    try:
        died = pool.submit(Task(Job("died", "test"), _exit_at_once, ("test", None), memory=MB))
        job = died.done.result(timeout=120)
        assert (job.status, job.code) == ("failed", 500)
        assert "without an answer" in job.error["error"]
        fine = pool.submit(Task(Job("fine", "test"), _answer_ok, ("test", None), memory=MB))
        job = fine.done.result(timeout=120)
        assert (job.status, job.code, job.result) == ("done", 200, b'{"ok": true}')
        assert job.to_dict()["result"] is not None  # embedded as JSON, not decoded
    finally:
        pool.shutdown()
