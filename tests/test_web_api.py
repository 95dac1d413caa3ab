"""The web app's API (``standoff serve``): the same answers as the commands' ``--format json``, clear
4xx errors for bad models, limits, background jobs, and only the files it was given."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from profiles import examples

pytest.importorskip("fastapi", reason="the web app needs pip install 'standoff[web]'")

from fastapi.testclient import TestClient

import standoff
from standoff.analyses.states import state_names
from standoff.interfaces import cli
from standoff.interfaces.web import create_app
from standoff.io.native import dump_yaml, to_data
from standoff.model.conflict import Conflict
from strategies import conflicts

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HANOI = EXAMPLES / "hanoi-2019.yaml"
ELMIRA = EXAMPLES / "elmira.yaml"

cli._register_commands()
runner = CliRunner()


@pytest.fixture(scope="module")
def client() -> Any:
    """The server as ``standoff serve`` makes it (analyses in worker processes), with a time limit no
    busy test machine reaches: these tests compare answers (test_web_limits.py tests the limits)."""
    with TestClient(create_app(warm=False, time_limit=600)) as test_client:
        yield test_client


def command_json(*args: str) -> Any:
    quiet = ["--quiet"] if args[0] != "validate" else []  # validate --quiet prints nothing for a sound model
    result = runner.invoke(cli.app, [*args, "--format", "json", *quiet])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def model(path: Path, **extra: Any) -> dict[str, Any]:
    return {"model": path.read_text(), "name": str(path), **extra}


def without_text(answer: dict[str, Any]) -> dict[str, Any]:
    assert isinstance(answer.get("text", ""), str)
    return {k: v for k, v in answer.items() if k != "text"}


# -- the same answers as the commands --


@pytest.mark.parametrize("path", [HANOI, ELMIRA], ids=["hanoi", "elmira"])
def test_analyze_answers_what_the_command_prints(client: TestClient, path: Path) -> None:
    answer = client.post("/api/analyze", json=model(path))
    assert answer.status_code == 200
    assert answer.json() == command_json("analyze", str(path))
    equilibria = client.post("/api/analyze", json=model(path, equilibria_only=True, concepts=["seq"])).json()
    assert equilibria == command_json("analyze", str(path), "--equilibria-only", "--concepts", "seq")


def test_validate_answers_what_the_command_prints(client: TestClient) -> None:
    assert client.post("/api/validate", json=model(HANOI)).json() == command_json("validate", str(HANOI))


@pytest.mark.parametrize(
    ("route", "body", "args"),
    [
        ("explain", {"state": "status_quo"}, ["explain", str(HANOI), "status_quo"]),
        (
            "explain",
            {"state": "status_quo", "dm": "DPRK", "concept": "smr"},
            ["explain", str(HANOI), "status_quo", "--dm", "DPRK", "--concepts", "smr"],
        ),
        ("evolve", {}, ["evolve", str(HANOI)]),
        (
            "evolve",
            {"target": "grand_bargain", "movers": 2, "step_size": 2},
            ["evolve", str(HANOI), "--to", "grand_bargain", "--movers", "2", "--step-size", "2"],
        ),
        ("timeline", {}, ["timeline", str(HANOI)]),
        ("roadmap", {"target": "grand_bargain"}, ["roadmap", str(HANOI), "--to", "grand_bargain"]),
        (
            "whatif",
            {"make": "grand_bargain", "max_cost": 2},
            ["whatif", str(HANOI), "--make", "grand_bargain", "--max-cost", "2"],
        ),
        ("robustness", {"concepts": ["seq"]}, ["robustness", str(HANOI), "--concepts", "seq", "--jobs", "1"]),
        ("coalitions", {}, ["coalitions", str(ELMIRA)]),
    ],
    ids=[
        "explain",
        "explain-dm",
        "evolve",
        "evolve-to",
        "timeline",
        "roadmap",
        "whatif",
        "robustness",
        "coalitions",
    ],
)
def test_every_analysis_answers_what_its_command_prints(
    client: TestClient, route: str, body: dict[str, Any], args: list[str]
) -> None:
    path = Path(args[1])
    answer = client.post(f"/api/{route}", json=model(path, **body))
    assert answer.status_code == 200, answer.text
    found = without_text(answer.json())
    expected = command_json(*args)
    if route == "whatif":  # the command writes the changed model to a file; the API sends its text
        changed = found.pop("changed_model")
        assert standoff.loads(changed).name == standoff.load(HANOI).name
    if route == "robustness":  # the API adds the command's sentences, which its table prints
        headline, verdicts = found.pop("headline"), found.pop("verdicts")
        printed = runner.invoke(cli.app, [*args, "--quiet"]).stdout
        assert headline in printed.replace("\n", " ")
        assert verdicts and all(line.strip()[:60] in printed for line in verdicts)
    if route in ("explain", "evolve", "roadmap", "robustness", "audit"):  # the picture the command draws
        drawn = runner.invoke(cli.app, [*args, "--format", "svg", "--quiet"])
        assert drawn.exit_code == 0 and found.pop("svg") == drawn.stdout
    assert found == expected


def test_answers_carry_the_commands_table_as_text(client: TestClient) -> None:
    text = client.post("/api/explain", json=model(HANOI, state="status_quo")).json()["text"]
    assert "state 187 = status_quo" in text and "Unilateral improvements and their sanctions" in text


@settings(
    max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(conflict=conflicts())
def test_generated_conflicts_are_analysed_as_the_library_does(client: TestClient, conflict: Conflict) -> None:
    """Any model the library can write, posted as YAML, gets the library's own analysis."""
    answer = client.post("/api/analyze", json={"model": dump_yaml(conflict)})
    assert answer.status_code == 200, answer.text
    assert answer.json() == json.loads(json.dumps(conflict.analyze().to_dict()))


# -- the editor's combined answer, the graph and conversions -------------------------------------------------


def test_live_is_validate_analyze_model_and_graph_at_once(client: TestClient) -> None:
    live = client.post("/api/live", json=model(ELMIRA)).json()
    validated = client.post("/api/validate", json=model(ELMIRA))
    expected = validated.json()
    if validated.status_code != 200:  # the problems, as validate's error, beside file and ok
        expected = {"file": str(ELMIRA), "ok": False, **expected}
    assert live["validation"] == expected
    assert live["analysis"] == client.post("/api/analyze", json=model(ELMIRA)).json()
    assert live["data"] == client.post("/api/model", json=model(ELMIRA)).json()["data"]
    assert live["graph"] == client.post("/api/graph", json=model(ELMIRA)).json()
    assert "rewritten" not in live


def test_live_leaves_the_graph_out_when_the_page_does_not_show_it(client: TestClient) -> None:
    whole = client.post("/api/live", json=model(ELMIRA)).json()
    without = client.post("/api/live", json={**model(ELMIRA), "graph": False}).json()
    assert "graph" in whole and "graph" not in without
    assert without == {key: value for key, value in whole.items() if key != "graph"}


def test_live_rewrites_a_reordered_model_as_yaml_that_reads_back_the_same(client: TestClient) -> None:
    data = json.loads(json.dumps(to_data(standoff.load(HANOI)), default=str))
    statements = data["decision_makers"][1]["preferences"]["prioritization"]
    statements[4], statements[5] = statements[5], statements[4]
    live = client.post(
        "/api/live", json={"model": json.dumps(data), "format": "json", "rewrite": "yaml"}
    ).json()
    again = client.post("/api/live", json={"model": live["rewritten"]}).json()
    assert again["data"] == live["data"]
    assert again["analysis"] == live["analysis"]
    # the analyses before and after are the library's on each model, and the move changes them
    before = client.post("/api/analyze", json=model(HANOI, concepts=["seq"], equilibria_only=True)).json()
    as_written = standoff.load(HANOI).analyze("seq").equilibria["seq"]
    reordered = standoff.loads(live["rewritten"]).analyze("seq").equilibria["seq"]
    assert len(before["equilibria"]["seq"]) == len(as_written)
    assert len(live["analysis"]["equilibria"]["seq"]) == len(reordered) != len(as_written)


def test_the_graph_grows_by_neighbours_or_radius_with_the_counts_said_first(client: TestClient) -> None:
    from standoff.analyses.report import neighbourhood

    result = standoff.load(HANOI).analyze("seq")
    focused = client.post("/api/graph", json=model(HANOI)).json()
    near = {s + 1 for s in neighbourhood(result, 186, 1)}
    assert focused["within"]["1"] == len(near) and focused["within"]["2"] == len(
        neighbourhood(result, 186, 2)
    )
    grown = client.post("/api/graph", json=model(HANOI, around=[187])).json()
    ids = {n["id"] for n in grown["nodes"]}
    assert near <= ids and {n["id"] for n in focused["nodes"]} <= ids
    assert "the neighbours of state 187" in grown["focus"]
    ball = client.post("/api/graph", json=model(HANOI, radius=1)).json()
    assert near <= {n["id"] for n in ball["nodes"]} and "the states within 1 move of" in ball["focus"]
    too_many = client.post("/api/graph", json=model(HANOI, radius=2, max_states=100))
    assert too_many.status_code == 422 and "ask for fewer moves" in too_many.json()["error"]
    unknown = client.post("/api/graph", json=model(HANOI, around=[99999]))
    assert unknown.status_code == 422


def test_a_model_with_problems_still_shows_its_analysis_in_the_editor(client: TestClient) -> None:
    text = HANOI.read_text().replace("status_quo: status_quo", "status_quo: grand_bargain and new_way")
    live = client.post("/api/live", json={"model": text})
    assert live.status_code in (200, 422)
    body = live.json()
    if live.status_code == 200:
        assert body["validation"]["ok"] is False and body["validation"]["problems"]
    else:
        assert body["error"] and "problems" in body


def test_the_graph_of_a_large_model_opens_on_the_focused_view_and_says_so(client: TestClient) -> None:
    """The status quo, its improvements and the states of the sanctions answering them (at most 40 on
    Hanoi), the moves that say why in words, the named states and the paths traced."""
    graph = client.post("/api/graph", json=model(HANOI, max_states=1000)).json()
    result = standoff.load(HANOI).analyze("seq")
    assert graph["n_states"] == result.space.n_states > 1000
    assert graph["partial"] is True
    ids = {n["id"] for n in graph["nodes"]}
    assert len(ids) <= 40
    assert "its improvements and the sanctions that answer them" in graph["focus"]
    why = standoff.load(HANOI).explain("status_quo")
    expected = set()
    for part in why.decision_makers:
        for item in part.improvements:
            expected.add((187, item.improvement_index + 1))
            for _, sanction in item.sanctions:
                assert sanction is not None
                expected |= {(m.source, m.target) for m in sanction.moves}
    marked = {(m["from"], m["to"]): m["words"] for m in graph["moves"] if m["why"]}
    assert set(marked) == expected
    assert "United States: resume the large exercises" in marked.values()  # the sanction's words
    named = {s for s, _ in state_names(result.conflict, result.space)}
    assert {s + 1 for s in named} <= ids
    (status_quo,) = [n for n in graph["nodes"] if n["status_quo"]]
    assert status_quo["id"] == 187 and status_quo["name"] == "status_quo"
    assert any(p["kind"] == "evolution" and p["states"][0] == 187 for p in graph["paths"])


def test_the_graph_of_a_small_model_is_its_whole_state_graph(client: TestClient) -> None:
    """Every state and every unilateral move of Elmira, with the equilibria the analysis finds."""
    conflict = standoff.load(ELMIRA)
    result = conflict.analyze()
    graph = client.post("/api/graph", json=model(ELMIRA)).json()
    assert graph["partial"] is False and graph["omitted_moves"] == 0
    assert {n["id"] for n in graph["nodes"]} == set(range(1, result.space.n_states + 1))
    expected = {(u, v, d["mover"]) for u, v, d in conflict.to_networkx().edges(data=True)}
    assert {(m["from"], m["to"], m["dm"]) for m in graph["moves"]} == expected
    for node in graph["nodes"]:
        assert node["equilibrium"] == [
            c for c in result.concepts if result.equilibrium_mask(c)[node["id"] - 1]
        ]


def test_a_model_converts_to_gmcr_and_back_with_the_same_analysis(client: TestClient) -> None:
    gmcr = client.post("/api/convert", json=model(ELMIRA, to="gmcr")).json()
    assert gmcr["name"] == "elmira.gmcr" and json.loads(gmcr["model"])
    back = client.post("/api/analyze", json={"model": gmcr["model"], "format": "gmcr", "name": "elmira.gmcr"})
    assert back.json()["equilibria"] == client.post("/api/analyze", json=model(ELMIRA)).json()["equilibria"]
    yaml_text = client.post("/api/convert", json=model(ELMIRA, to="yaml")).json()["model"]
    assert yaml_text == dump_yaml(standoff.load(ELMIRA))


def test_the_report_downloads_as_one_html_page(client: TestClient) -> None:
    answer = client.post("/api/report", json=model(ELMIRA, name="elmira.yaml"))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert 'filename="elmira-report.html"' in answer.headers["content-disposition"]
    assert answer.text.startswith("<!DOCTYPE html>") and "Elmira" in answer.text


# -- bad input --


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("name: x\ndecision_makers: 3\n", 2, "expected a list"),
        ("name: x\ndecision_makers:\n  - name: A\n    options: [a\n", None, "not closed"),
        ("{}", None, "decision_makers"),
        ("", None, ""),
    ],
    ids=["wrong-type", "unclosed", "empty-mapping", "empty"],
)
def test_a_malformed_model_is_a_4xx_json_error_and_the_server_keeps_serving(
    client: TestClient, text: str, line: int | None, words: str
) -> None:
    for route in ("analyze", "validate", "explain", "live", "graph", "convert"):
        body: dict[str, Any] = {"model": text, "name": "bad.yaml"}
        if route == "explain":
            body["state"] = "1"
        answer = client.post(f"/api/{route}", json=body)
        assert 400 <= answer.status_code < 500, (route, answer.text)
        error = answer.json()
        assert set(error) >= {"error", "line"}
        assert words in error["error"]
        if line is not None:
            assert error["line"] == line
    assert client.post("/api/analyze", json=model(ELMIRA)).status_code == 200


def test_every_problem_of_an_unsound_model_is_listed_with_its_line(client: TestClient) -> None:
    text = HANOI.read_text().replace("status_quo: status_quo", "status_quo: NNNN")
    error = client.post("/api/validate", json={"model": text, "name": "hanoi.yaml"}).json()
    lines = text.splitlines()
    assert lines[error["line"] - 1].startswith("status_quo:")
    assert error["problems"][0]["place"] == "status_quo"
    assert error["error"].startswith(f"hanoi.yaml:{error['line']}:")


def test_a_broken_gmcr_file_names_its_line(client: TestClient) -> None:
    answer = client.post("/api/analyze", json={"model": '{\n "decisionMakers": [\n', "format": "gmcr"})
    assert answer.status_code == 422 and answer.json()["line"] is not None


def test_errors_name_the_file_given_or_one_of_the_texts_format(client: TestClient) -> None:
    """An uploaded file's errors name it; without a name, the file is model.gmcr, model.json or model.yaml
    after the format (given, or told by the text)."""
    gmcr = client.post("/api/convert", json=model(ELMIRA, to="gmcr")).json()["model"]
    broken = gmcr.replace('"decisionMakers"', '"decisionMakers": 3, "x"', 1)
    for body, named in [
        ({"model": broken, "format": "gmcr"}, "model.gmcr"),
        ({"model": broken}, "model.gmcr"),
        ({"model": broken, "name": "uploads/Elmira 1993.gmcr"}, "uploads/Elmira 1993.gmcr"),
        ({"model": '{"name": "x", "decision_makers": 3}'}, "model.json"),
        ({"model": "name: x\ndecision_makers: 3\n"}, "model.yaml"),
        ({"model": "name: x\ndecision_makers: 3\n", "name": "mine.yml"}, "mine.yml"),
    ]:
        answer = client.post("/api/analyze", json=body)
        assert answer.status_code == 422
        error = answer.json()["error"]
        assert error.startswith(named + ":"), error
        assert {p["file"] for p in answer.json()["problems"]} == {named}
    # .gmcr text without its format is read as a .gmcr file: the command's answer about the file
    assert (
        client.post("/api/analyze", json={"model": gmcr}).json()
        == client.post("/api/analyze", json={"model": gmcr, "format": "gmcr", "name": "model.gmcr"}).json()
    )
    assert (
        client.post("/api/convert", json={"model": gmcr, "name": "elmira.gmcr"}).json()["name"]
        == "elmira.yaml"
    )


def test_an_unknown_preference_concept_is_explained_as_the_command_does(client: TestClient) -> None:
    unsure = Path(__file__).resolve().parent / "data" / "unsure-sanction.yaml"
    answer = client.post("/api/explain", json=model(unsure, state="NN", concept="gmr_b"))
    assert answer.status_code == 200, answer.text
    data = answer.json()
    code_result = runner.invoke(cli.app, ["explain", str(unsure), "NN", "-c", "gmr_b", "-f", "json"])
    assert without_text({k: v for k, v in data.items() if k != "svg"}) == json.loads(code_result.stdout)
    assert "uncertain move to 3 NY" in data["text"] and data["svg"].startswith("<svg")


def test_a_state_the_model_has_not_is_a_4xx(client: TestClient) -> None:
    answer = client.post("/api/explain", json=model(ELMIRA, state="no_such_state"))
    assert answer.status_code == 422 and "no_such_state" in answer.json()["error"]


def test_bad_options_are_4xx_json_errors(client: TestClient) -> None:
    answer = client.post("/api/evolve", json=model(ELMIRA, movers=0))
    assert answer.status_code == 422 and "movers" in answer.json()["error"]
    assert client.post("/api/analyze", json=model(ELMIRA, concepts=["nope"])).status_code == 422
    assert client.post("/api/analyze", json={"modle": "x"}).status_code == 422


def test_requests_over_the_size_limit_are_refused() -> None:
    with TestClient(create_app(max_body=2000, warm=False)) as small:
        answer = small.post("/api/analyze", json={"model": "x" * 5000})
        assert answer.status_code == 413 and "larger than" in answer.json()["error"]
        chunks = (b'{"model": "' + b"y" * 1000 + b'"' if i == 0 else b" " * 1000 for i in range(4))
        streamed = small.post("/api/analyze", content=chunks, headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        assert small.post("/api/analyze", json=model(ELMIRA)).status_code == 413  # Elmira is 4 kB
        assert small.get("/api/models").status_code == 200


# -- files, jobs, pages --


def test_the_start_page_offers_hanoi_elmira_and_the_models_given(tmp_path: Path) -> None:
    given = tmp_path / "garrison.yaml"
    given.write_text((EXAMPLES / "garrison.yaml").read_text())
    with TestClient(create_app([given], warm=False)) as app_client:
        listed = app_client.get("/api/models").json()
        assert [m["id"] for m in listed] == ["hanoi-2019", "elmira", "model-1"]
        assert listed[2]["file"] == "garrison.yaml" and listed[2]["origin"] == "command line"
        opened = app_client.get("/api/models/model-1").json()
        assert opened["model"] == given.read_text() and opened["format"] == "yaml"


def test_no_route_reads_a_file_it_was_not_given(client: TestClient) -> None:
    for probe in (
        "/api/models/..%2F..%2Fpyproject.toml",
        "/api/models/pyproject",
        "/static/../pyproject.toml",
    ):
        answer = client.get(probe)
        assert answer.status_code == 404, probe
        assert "hatchling" not in answer.text
    for route in client.app.fastapi.routes:  # type: ignore[attr-defined]
        if (
            getattr(route, "path", "/static") != "/static"
        ):  # StaticFiles serves its own folder only (checked above)
            assert "path" not in getattr(route, "param_convertors", {}), route


def test_a_background_job_reports_progress_and_then_the_same_answer(client: TestClient) -> None:
    started = client.post("/api/jobs/evolve", json=model(HANOI))
    assert started.status_code == 202
    job_id = started.json()["id"]
    seen = set()
    for _ in range(600):
        job = client.get(f"/api/jobs/{job_id}").json()
        seen.add(job["status"])
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job["status"] == "done", job
    assert job["result"] == client.post("/api/evolve", json=model(HANOI)).json()
    assert {"message", "done", "total", "seconds"} <= set(job)
    assert client.get("/api/jobs/nope").status_code == 404


def test_a_job_over_a_large_answer_sends_it_as_the_direct_route_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past COMPACT_JSON_STATES, evolve's big lists are encoded up front (as the command does); the
    job's answer must carry them too, not fail to serialise. Hanoi takes that path with the bound at 0
    (set in this process: the analyses run here, with no worker process)."""
    monkeypatch.setattr("standoff.outputs.json.COMPACT_JSON_STATES", 0)
    client = TestClient(create_app(warm=False, workers=0))
    direct = client.post("/api/evolve", json=model(HANOI))
    assert direct.status_code == 200
    job_id = client.post("/api/jobs/evolve", json=model(HANOI)).json()["id"]
    for _ in range(600):
        job = client.get(f"/api/jobs/{job_id}")
        assert job.status_code == 200, job.text[:500]
        if job.json()["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job.json()["status"] == "done"
    assert job.json()["result"] == direct.json()


def test_a_failing_job_says_why(client: TestClient) -> None:
    started = client.post("/api/jobs/analyze", json={"model": "name: x\ndecision_makers: 3\n"}).json()
    for _ in range(200):
        job = client.get(f"/api/jobs/{started['id']}").json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job["status"] == "failed" and job["error"]["line"] == 2


def test_the_pages_and_their_scripts_are_served_from_this_machine(client: TestClient) -> None:
    for page in ("/", "/app"):
        html = client.get(page).text
        assert "http://" not in html and "https://" not in html
    for asset in ("/static/app.js", "/static/start.js", "/static/style.css"):
        answer = client.get(asset)
        assert answer.status_code == 200
        assert "https://" not in answer.text and "http://" not in answer.text
    vis = client.get("/vendor/vis-network.min.js")
    assert vis.status_code == 200 and "vis-network" in vis.text[:2000] and len(vis.content) > 100_000


def test_the_openapi_schema_describes_every_analysis(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for name in (
        "analyze",
        "validate",
        "explain",
        "evolve",
        "timeline",
        "roadmap",
        "whatif",
        "robustness",
        "coalitions",
        "graph",
        "live",
        "convert",
        "report",
        "model",
    ):
        assert f"/api/{name}" in paths
    assert "/api/jobs/robustness" in paths and "/api/jobs/{job_id}" in paths


def test_a_host_name_other_than_this_machine_is_refused() -> None:
    with TestClient(
        create_app(allowed_hosts=["127.0.0.1", "localhost"], warm=False), base_url="http://evil.example"
    ) as other:
        assert other.get("/api/models").status_code == 400


# -- the command --


def test_serve_without_the_web_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "fastapi" else real(name, *a)
    )
    result = runner.invoke(cli.app, ["serve"])
    assert result.exit_code == 2
    assert "pip install 'standoff[web]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_a_model_file_that_is_not_there(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["serve", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_serve_help_has_examples() -> None:
    result = runner.invoke(cli.app, ["serve", "--help"])
    assert result.exit_code == 0 and "Examples:" in result.stdout and "--port" in result.stdout
    assert "pip install 'standoff[web]'" in result.stdout


def test_the_command_line_does_not_import_the_web_framework() -> None:
    code = (
        "import sys; from standoff.interfaces import cli; cli._register_commands(); "
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette', 'pyvis') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
