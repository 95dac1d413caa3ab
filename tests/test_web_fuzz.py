"""The web app's API fuzzed from its own OpenAPI schema: whatever a request holds, never a 5xx."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web app needs pip install 'standoff[web]'")
schemathesis = pytest.importorskip("schemathesis", reason="the fuzzing needs schemathesis (the test extra)")

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from profiles import examples  # noqa: E402
from standoff.interfaces.web import create_app  # noqa: E402
from standoff.io.native import dump_yaml  # noqa: E402
from standoff.model.conflict import Conflict  # noqa: E402
from strategies import conflicts  # noqa: E402

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(warm=False))
CLIENT = TestClient(create_app(warm=False))


@schema.parametrize()
@settings(max_examples=examples(30), deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_server_fail(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.path, case.body, response.text[:500])
    if 400 <= response.status_code < 500 and case.method == "POST":  # the API's error object
        body = response.json()
        assert "error" in body and "line" in body


@settings(max_examples=examples(40), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    conflict=conflicts(max_dms=3, max_options=5),
    route=st.sampled_from(
        ["explain", "evolve", "roadmap", "whatif", "graph", "live", "timeline", "coalitions"]
    ),
    state=st.one_of(
        st.integers(-2, 40).map(str), st.text("YN-", min_size=1, max_size=6), st.just("status_quo")
    ),
    concept=st.sampled_from(["nash", "gmr", "smr", "seq", "sim", "seqsim", "l2", "cnash", "bogus"]),
)
def test_generated_models_with_any_options_never_make_the_server_fail(
    conflict: Conflict, route: str, state: str, concept: str
) -> None:
    """Sound models (drawn by the shared strategy) with states and concepts that may not fit them."""
    body: dict[str, Any] = {"model": dump_yaml(conflict), "concept": concept}
    if route == "explain":
        body["state"] = state
    elif route == "evolve" or route == "roadmap":
        body["target"] = state
    elif route == "whatif":
        body["make"], body["max_cost"] = state, 1
    if route in ("timeline", "coalitions"):
        del body["concept"]
    response = CLIENT.post(f"/api/{route}", json=body)
    assert response.status_code < 500, (route, body, response.text[:500])
    if response.status_code >= 400:
        assert {"error", "line"} <= set(response.json())


CLOSERS = {"[": "]", '{"a": ': "}", "{a: ": "}", "- ": ""}


@settings(max_examples=examples(12), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    opener=st.sampled_from(sorted(CLOSERS)),
    depth=st.integers(70, 60_000),
    closed=st.booleans(),
    format=st.sampled_from(["yaml", "json", "gmcr"]),
    route=st.sampled_from(["analyze", "live", "validate", "convert", "model", "jobs/evolve"]),
)
def test_deeply_nested_text_is_a_4xx_naming_the_problem(
    opener: str, depth: int, closed: bool, format: str, route: str
) -> None:
    """Thousands of open brackets overflow a recursive parser, and a few dozen (closed) are deeper than
    any model: the answer is the API's error object (at once, or as the job's error), never a 500.
    YAML reads every opener as nesting, JSON the JSON ones; an open bracket the parser reaches the end
    of the text with (no overflow: 5,000 deep at most) is malformed, and said so."""
    text = opener * depth + ("1" + CLOSERS[opener] * depth if closed else "")
    response = CLIENT.post(f"/api/{route}", json={"model": text, "format": format, "name": "deep.txt"})
    if route.startswith("jobs/"):
        assert response.status_code == 202, response.text[:500]
        job = CLIENT.get(f"/api/jobs/{response.json()['id']}").json()
        assert job["status"] == "failed", job  # the model is read before the job is queued
        error = job["error"]
    else:
        assert 400 <= response.status_code < 500, response.text[:500]
        error = response.json()
    assert error["error"].startswith("deep.txt") and "line" in error
    nesting = format == "yaml" or (format == "json" and opener in ("[", '{"a": '))
    if nesting and (closed or depth > 5_000):
        assert "nested" in error["error"], error["error"]
