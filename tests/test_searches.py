"""The searches of ``explain`` and ``evolve`` through grouped moves equal the plain searches.

On big state spaces both analyses search through the numba engine's
grouped moves (:mod:`standoff.engine.searches`); on small ones they walk
one move at a time in Python. Forcing each route on the same conflicts
(generated ones and the published cases in ``examples/``) must give the
same JSON, path for path, and the explanations must agree with the plain
reference implementation (``tests/reference.py``) about which states are
stable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import standoff.io
from profiles import examples
from reference import CONCEPTS, ReferenceModel
from standoff.analyses import evolution, explain
from standoff.analyses.stability import AnalysisResult, analyze
from standoff.engine.space import DENSE_LIMITS, DenseLimits, StateSpace
from standoff.model.conflict import Conflict
from standoff.outputs.evolution_text import evolution_to_dict
from standoff.outputs.explain_text import explanation_to_dict
from strategies import conflicts, summary

LIMITS = (DENSE_LIMITS, DenseLimits(lookup=0, group_table=0))
"""With the tables indexed by code, and without (the binary searches that large models take)."""

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def by_both_routes(monkeypatch: pytest.MonkeyPatch, module: Any, run: Any) -> tuple[Any, Any]:
    """``run()`` once with the plain search and once through the grouped moves."""
    monkeypatch.setattr(module, "is_small", lambda space: True)
    plain = run()
    monkeypatch.setattr(module, "is_small", lambda space: False)
    grouped = run()
    return plain, grouped


def check_explain(monkeypatch: pytest.MonkeyPatch, result: AnalysisResult, state: int) -> None:
    for concept in CONCEPTS:
        plain, grouped = by_both_routes(
            monkeypatch, explain, lambda c=concept: explanation_to_dict(explain.explain(result, state + 1, c))
        )
        assert plain == grouped, f"{concept} at state {state + 1}\n{summary(result.conflict)}"


def check_evolve(
    monkeypatch: pytest.MonkeyPatch, result: AnalysisResult, start: int, target: int, max_steps: int | None
) -> None:
    plain, grouped = by_both_routes(
        monkeypatch,
        evolution,
        lambda: evolution_to_dict(evolution.evolve(result, start + 1, target + 1, max_steps=max_steps)),
    )
    assert plain == grouped, f"from state {start + 1}\n{summary(result.conflict)}"


@settings(max_examples=examples(100), deadline=None)
@given(conflicts(max_dms=4, max_options=7), st.data())
def test_grouped_explain_equals_plain_explain(conflict: Conflict, data: st.DataObject) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        for limits in LIMITS:
            result = analyze(conflict, space=StateSpace.build(conflict, limits=limits))
            check_explain(monkeypatch, result, data.draw(st.integers(0, result.space.n_states - 1)))


@settings(max_examples=examples(100), deadline=None)
@given(conflicts(max_dms=4, max_options=7), st.data())
def test_grouped_evolve_equals_plain_evolve(conflict: Conflict, data: st.DataObject) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        for limits in LIMITS:
            result = analyze(conflict, space=StateSpace.build(conflict, limits=limits))
            n = result.space.n_states
            start, target = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
            check_evolve(monkeypatch, result, start, target, data.draw(st.none() | st.integers(0, 3)))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_both_routes_agree_on_published_cases(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = analyze(standoff.io.load(path))
    n = result.space.n_states
    for state in range(0, n, max(1, n // 12)):
        check_explain(monkeypatch, result, state)
        check_evolve(monkeypatch, result, state, (state * 7 + 3) % n, None)
        check_evolve(monkeypatch, result, state, (state * 5 + 1) % n, 2)


@settings(max_examples=examples(60), deadline=None)
@given(conflicts(max_dms=4, max_options=6), st.data())
def test_grouped_explanations_agree_with_the_reference(conflict: Conflict, data: st.DataObject) -> None:
    """A state is stable exactly when every improvement meets a sanction, as the reference says."""
    model = ReferenceModel(conflict)
    result = analyze(conflict)
    state = data.draw(st.integers(0, result.space.n_states - 1))
    code = int(result.codes[state])
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(explain, "is_small", lambda space: False)
        for concept in CONCEPTS:
            found = explain.explain(result, state + 1, concept)  # the printed number
            for item in found.decision_makers:
                expected = model.stable(concept, item.decision_maker, code)
                assert item.stable == expected, f"{concept} DM{item.decision_maker}\n{summary(conflict)}"
