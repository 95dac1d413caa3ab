"""The web app's pages of a large model's stability table: the summary and each page agree with what
``standoff analyze --format json`` prints, filtered and sorted as the page does a small model's rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi", reason="the web app needs pip install 'standoff[web]'")

from fastapi.testclient import TestClient

from standoff.interfaces import cli
from standoff.interfaces.web import create_app
from standoff.interfaces.web.table import LISTED_EQUILIBRIA
from strategies import large_model_yaml

cli._register_commands()
Row = dict[str, Any]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """A model of 49,152 states (16 options, a quarter excluded) and the command's JSON about it."""
    path = Path(tmp_path_factory.mktemp("large")) / "large.yaml"
    path.write_text(large_model_yaml(16))
    printed = CliRunner().invoke(cli.app, ["analyze", str(path), "--format", "json", "--quiet"])
    assert printed.exit_code == 0, printed.stderr
    return path.read_text(), json.loads(printed.stdout)


@pytest.fixture(scope="module")
def client() -> Any:
    # analyses of the large model run in a worker process: with a time limit no busy machine reaches
    with TestClient(create_app(warm=False, time_limit=600)) as test_client:
        yield test_client


def stable_under(row: Row, concept: str, dm: str | None) -> bool:
    if dm:
        return bool(row["stable"][dm][concept])
    return all(verdicts[concept] for verdicts in row["stable"].values())


def as_the_page_does(rows: list[Row], concepts: list[str], query: dict[str, Any]) -> list[Row]:
    """The page's own filter and sort of a small model's rows (app.js drawTable), written out plainly."""
    dm, show, text = query.get("dm"), query.get("show", "all"), query.get("find", "").strip().lower()
    shown = [query["concept"]] if query.get("concept") else concepts

    def kept(row: Row) -> bool:
        if show == "named" and not row["name"]:
            return False
        if show == "stable" and not any(stable_under(row, c, dm) for c in shown):
            return False
        return not text or (
            str(row["number"]) == text
            or text in row["pattern"].lower()
            or text in (row["name"] or "").lower()
        )

    key = query.get("sort", "number")
    value: Callable[[Row], Any] = {
        "number": lambda row: row["number"],
        "name": lambda row: row["name"] or "\uffff",
        "pattern": lambda row: row["pattern"],
    }.get(key, lambda row: 0 if stable_under(row, key, dm) else 1)
    ordered = sorted((r for r in rows if kept(r)), key=lambda row: (value(row), row["number"]))
    return ordered[::-1] if query.get("descending") else ordered


QUERIES = [
    {},
    {"sort": "pattern", "descending": True},
    {"dm": "Beta", "concept": "seq", "show": "stable", "sort": "seq"},
    {"show": "stable", "sort": "gmr", "descending": True},
    {"concept": "nash", "sort": "name"},
    {"show": "named"},
    {"find": "yyyy"},
    {"find": "deal"},
    {"find": "40000"},
    {"dm": "Alpha", "concept": "sim", "show": "stable", "find": "nny", "sort": "pattern"},
]


@pytest.mark.parametrize("query", QUERIES, ids=[json.dumps(q) for q in QUERIES])
def test_pages_of_the_table_are_the_commands_rows_filtered_and_sorted(
    client: TestClient, large: tuple[str, dict[str, Any]], query: dict[str, Any]
) -> None:
    text, printed = large
    expected = as_the_page_does(printed["states"], printed["concepts"], query)
    total = len(expected)
    for offset in sorted({0, 1000, total // 2, max(0, total - 400)}):
        answer = client.post("/api/table", json={"model": text, "offset": offset, "limit": 500, **query})
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert page["n_states"] == printed["n_states"] == 49_152
        assert page["total"] == total
        assert page["rows"] == expected[offset : offset + 500]
        assert page["concepts"] == ([query["concept"]] if "concept" in query else printed["concepts"])


def test_the_whole_table_paged_through_is_the_commands_table(
    client: TestClient, large: tuple[str, dict[str, Any]]
) -> None:
    text, printed = large
    rows: list[Row] = []
    while len(rows) < printed["n_states"]:
        page = client.post("/api/table", json={"model": text, "offset": len(rows), "limit": 1000}).json()
        assert page["rows"], "a page came back empty before the end"
        rows += page["rows"]
    assert rows == printed["states"]


def test_live_sends_a_large_models_summary_instead_of_every_row(
    client: TestClient, large: tuple[str, dict[str, Any]]
) -> None:
    text, printed = large
    answer = client.post("/api/live", json={"model": text, "max_listed_states": 10_000}).json()
    summary = answer["analysis"]
    assert "states" not in summary and summary["states_listed"] is False
    for key in ("name", "options", "decision_makers", "option_owners", "concepts", "n_states", "status_quo"):
        assert summary[key] == printed[key]
    assert summary["named_states"] == printed["named_states"]
    for concept, patterns in printed["equilibria"].items():
        assert summary["equilibrium_counts"][concept] == len(patterns)
        assert summary["equilibria"][concept] == patterns[:LISTED_EQUILIBRIA]
    by_number = {row["number"]: row for row in printed["states"]}
    known = summary["known_states"]
    assert all(by_number[row["number"]] == row for row in known)
    named_numbers = {s["number"] for s in printed["named_states"]}
    assert named_numbers <= {row["number"] for row in known}
    assert answer["graph"]["partial"] and len(answer["graph"]["nodes"]) <= 1000 + len(named_numbers)
    small = client.post("/api/live", json={"model": text, "max_listed_states": 100_000}).json()
    assert small["analysis"] == printed


def test_analyze_still_answers_every_row_by_default(
    client: TestClient, large: tuple[str, dict[str, Any]]
) -> None:
    text, printed = large
    assert client.post("/api/analyze", json={"model": text}).json() == printed


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"dm": "Gamma"}, "no decision maker 'Gamma'"),
        ({"concept": "cnash"}, "cnash"),
        ({"sort": "colour"}, "cannot sort by 'colour'"),
        ({"limit": 5000}, "limit"),
    ],
)
def test_a_bad_table_request_is_a_4xx_naming_the_problem(
    client: TestClient, large: tuple[str, dict[str, Any]], query: dict[str, Any], words: str
) -> None:
    answer = client.post("/api/table", json={"model": large[0], **query})
    assert answer.status_code == 422
    assert words in answer.json()["error"]
