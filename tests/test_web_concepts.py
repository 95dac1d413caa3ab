"""The web app's concepts beyond the six: strength of preference (``gmr_strong``, ...) and unknown
preferences (``gmr_b``, ...) in ``/api/concepts``, the live analysis and the table, with the same
answers as ``standoff analyze --format json``; each menu offers a concept where its analysis takes it,
and a concept the server refuses is a 4xx saying why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

pytest.importorskip("fastapi", reason="the web app needs pip install 'standoff[web]'")

from fastapi.testclient import TestClient

from standoff.concepts import CONCEPTS, STRONG_CONCEPTS, UNKNOWN_PREFERENCE_CONCEPTS
from standoff.interfaces import cli
from standoff.interfaces.web import create_app
from standoff.interfaces.web.concept_menus import ANALYSES

ROOT = Path(__file__).resolve().parents[1]
PRICE_WAR = ROOT / "examples" / "price-war.yaml"
CHICKEN = ROOT / "examples" / "chicken.yaml"
UNSURE = ROOT / "tests" / "data" / "unsure-sanction.yaml"
UNSURE_FROM_NN = UNSURE.read_text() + "status_quo: NN\n"  # evolve and roadmap start from a status quo
UNKNOWN = [c.key for c in UNKNOWN_PREFERENCE_CONCEPTS]

cli._register_commands()
runner = CliRunner()


@pytest.fixture(scope="module")
def client() -> Any:
    """The server as ``standoff serve`` makes it, with a time limit no busy test machine reaches."""
    with TestClient(create_app(warm=False, time_limit=600)) as test_client:
        yield test_client


def command_json(*args: str) -> Any:
    result = runner.invoke(cli.app, [*args, "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def past_the_unknown_preference_limit() -> str:
    """A model of 32,768 states (15 options) with an uncertain statement: more states than the
    unknown-preference concepts that list each move's reach (a, c, SMR) are computed for (16,384)."""
    options = [f"o{k}" for k in range(15)]
    first = [{"statement": "o0", "uncertain": True}, "o1"]
    return yaml.safe_dump(
        {
            "name": "Many options",
            "decision_makers": [
                {"name": "A", "options": options[:8], "preferences": {"prioritization": first}},
                {"name": "B", "options": options[8:], "preferences": {"prioritization": ["o8"]}},
            ],
        },
        sort_keys=False,
    )


def entries(client: TestClient) -> dict[str, dict[str, Any]]:
    answer = client.get("/api/concepts")
    assert answer.status_code == 200
    return {c["key"]: c for c in answer.json()}


# -- /api/concepts: families and what takes each concept --


def test_each_family_lists_its_concepts_and_says_where_they_are_taken(client: TestClient) -> None:
    found = entries(client)
    assert [k for k, c in found.items() if c["family"] == "standard"] == list(CONCEPTS)
    assert [k for k, c in found.items() if c["family"] == "strength"] == list(STRONG_CONCEPTS)
    assert [k for k, c in found.items() if c["family"] == "unknown"] == UNKNOWN
    for concept in found.values():
        assert {"key", "name", "summary", "family", *ANALYSES, "profile"} <= set(concept)
        assert concept["analyze"] is True
    standard, strong, unknown = found["seq"], found["gmr_strong"], found["gmr_b"]
    assert all(standard[what] for what in (*ANALYSES, "profile"))
    # strength of preference: explained and drawn, judged in a profile, in the report beside the concept it
    # extends; the searches and sweeps of one concept refuse it
    assert [what for what in (*ANALYSES, "profile") if strong[what]] == [
        "analyze",
        "explain",
        "graph",
        "report",
        "profile",
    ]
    # unknown preferences: the table, the explanation and the report
    assert [what for what in (*ANALYSES, "profile") if unknown[what]] == ["analyze", "explain", "report"]
    for concept in found.values():  # a family's concepts are taken alike
        same = found[{"standard": "seq", "strength": "gmr_strong", "unknown": "gmr_b"}[concept["family"]]]
        assert {w: concept[w] for w in ANALYSES} == {w: same[w] for w in ANALYSES}


SUBJECT = {"standard": ("gmr", PRICE_WAR.read_text()), "strength": ("gmr_strong", PRICE_WAR.read_text())}
SUBJECT["unknown"] = ("gmr_b", UNSURE_FROM_NN)

ANSWERED_NOT_OFFERED = {("strength", "evolve"), ("unknown", "evolve"), ("unknown", "whatif")}
"""Analyses that answer a family's concepts but do not offer them: no test checks the answers yet."""


def ask(client: TestClient, analysis: str, concept: str, model: str) -> int:
    """The status of ``analysis`` asked about ``concept`` (``profile``: explain with every decision maker
    judged by it)."""
    bodies: dict[str, dict[str, Any]] = {
        "analyze": {"concepts": [concept]},
        "explain": {"state": "1", "concept": concept, "picture": False},
        "graph": {"concept": concept},
        "evolve": {"concept": concept, "picture": False},
        "roadmap": {"target": "YY", "concept": concept, "picture": False},
        "whatif": {"make": "YY", "concept": concept},
        "robustness": {"concepts": [concept], "samples": 10, "picture": False},
        "audit": {"concept": concept, "samples": 10, "picture": False},
        "report": {"concept": concept},
    }
    route = analysis
    if analysis == "profile":
        names = ("Firm", "Rival") if "Firm" in model else ("A", "B")
        route, body = "explain", {"state": "1", "profile": dict.fromkeys(names, concept), "picture": False}
    else:
        body = bodies[analysis]
    answer = client.post(f"/api/{route}", json={"model": model, **body})
    assert answer.status_code < 500, answer.text
    return answer.status_code


@pytest.mark.parametrize("family", ["standard", "strength", "unknown"])
def test_what_an_entry_says_is_what_the_server_does(client: TestClient, family: str) -> None:
    """An analysis an entry says takes the concept answers it; one it says does not refuses it with a 4xx
    (but for the few listed), so that the flag is flipped, in one place, when the server learns more."""
    concept, model = SUBJECT[family]
    found = entries(client)[concept]
    for analysis in (*ANALYSES, "profile"):
        status = ask(client, analysis, concept, model)
        if found[analysis]:
            assert status == 200, (analysis, concept)
        elif (family, analysis) not in ANSWERED_NOT_OFFERED:
            assert 400 <= status < 500, (analysis, concept)


# -- the live analysis and the table under the added concepts --


def test_live_under_strength_of_preference_is_what_analyze_prints(client: TestClient) -> None:
    concepts = [*CONCEPTS, "gmr_strong"]
    body = {
        "model": PRICE_WAR.read_text(),
        "name": str(PRICE_WAR),
        "concepts": concepts,
        "concept": "gmr_strong",
    }
    answer = client.post("/api/live", json=body)
    assert answer.status_code == 200
    live = answer.json()
    assert live["families"] == ["standard", "strength"]
    assert live["analysis"] == command_json("analyze", str(PRICE_WAR), "--concepts", ",".join(concepts))
    # the graph marks the equilibria under the strong concept it was asked for
    expected = set(live["analysis"]["equilibria"]["gmr_strong"])
    assert {n["pattern"] for n in live["graph"]["nodes"] if "gmr_strong" in n["equilibrium"]} == expected


def test_live_under_unknown_preferences_is_what_analyze_prints_with_the_readings(client: TestClient) -> None:
    concepts = [*CONCEPTS, *UNKNOWN]
    body = {"model": UNSURE.read_text(), "name": str(UNSURE), "concepts": concepts, "graph": False}
    live = client.post("/api/live", json=body).json()
    assert live["families"] == ["standard", "unknown"]
    expected = command_json("analyze", str(UNSURE), "--concepts", ",".join(concepts))
    assert live["analysis"] == expected
    # the exact answer over whole readings beside Li et al.'s extensions
    assert live["analysis"]["readings"]["gmr_b"] == {"every": [], "some": ["NN", "YN", "YY"]}
    page = client.post(
        "/api/table", json={"model": UNSURE.read_text(), "concepts": concepts, "sort": "gmr_b", "limit": 10}
    ).json()
    assert sorted(page["rows"], key=lambda r: r["number"]) == expected["states"]


def test_a_model_without_strength_or_uncertainty_offers_only_the_standard_concepts(
    client: TestClient,
) -> None:
    live = client.post("/api/live", json={"model": CHICKEN.read_text(), "graph": False}).json()
    assert live["families"] == ["standard"]
    assert live["analysis"]["concepts"] == list(CONCEPTS)


def test_concepts_the_server_refuses_are_a_4xx_saying_why(client: TestClient) -> None:
    strong = client.post(
        "/api/live", json={"model": CHICKEN.read_text(), "concepts": [*CONCEPTS, "gmr_strong"]}
    )
    assert strong.status_code == 422
    assert "needs strength of preference" in strong.json()["error"]
    # unknown preferences judged from each move's listed reach (here extension a), past 16,384 states
    big = past_the_unknown_preference_limit()
    body = {"model": big, "concepts": [*CONCEPTS, "gmr_a"], "graph": False}
    refused = client.post("/api/live", json=body)
    assert refused.status_code == 422, refused.text
    assert "at most 16,384 feasible states" in refused.json()["error"]
    assert client.post("/api/live", json={"model": big, "graph": False}).status_code == 200
