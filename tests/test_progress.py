"""Progress reports carry totals, the display stays off stdout and off pipes, long runs are announced."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

import standoff.io
from standoff.analyses.evolution import evolve
from standoff.analyses.explain import explain
from standoff.analyses.stability import analyze
from standoff.engine.estimate import estimate
from standoff.engine.moves import unilateral_improvements
from standoff.interfaces.progress import LONG_RUN, AnalysisProgress, expected_seconds

ROOT = Path(__file__).resolve().parents[1]
HANOI = ROOT / "examples" / "hanoi-2019.yaml"

Calls = list[tuple[str, int, int | None]]


def recorder() -> tuple[Calls, object]:
    calls: Calls = []

    def progress(message: str, done: int, total: int | None) -> None:
        calls.append((message, done, total))

    return calls, progress


@pytest.mark.parametrize("engine", ["listed", "numba"])
def test_analysis_steps_count_up_to_their_total(engine: str) -> None:
    calls, progress = recorder()
    analyze(standoff.io.load(HANOI), progress=progress, engine=engine)  # type: ignore[arg-type]
    assert calls[0] == ("building the state space", 0, None)
    counted = calls[1:]
    totals = {total for _, _, total in counted}
    assert len(totals) == 1 and None not in totals
    total = totals.pop()
    assert total is not None
    assert [done for _, done, _ in counted] == list(range(total))


def test_explain_reports_each_improvement_against_their_number() -> None:
    result = analyze(standoff.io.load(HANOI))
    state = result.status_quo_index
    assert state is not None
    space = result.space
    expected = sum(
        unilateral_improvements(space, d, state).size
        for d in range(space.n_decision_makers)
        if space.perceived[d, state]
    )
    assert expected > 0
    calls, progress = recorder()
    explain(result, state + 1, "seq", progress=progress)  # type: ignore[arg-type]
    assert [done for _, done, _ in calls] == list(range(1, expected + 1))
    assert {total for _, _, total in calls} == {expected}


def test_evolve_reports_its_steps() -> None:
    calls, progress = recorder()
    evolve(analyze(standoff.io.load(HANOI), ("seq",)), progress=progress)  # type: ignore[arg-type]
    assert [(done, total) for _, done, total in calls] == [(0, 2), (1, 2)]


def test_nothing_is_drawn_when_stderr_is_not_a_terminal() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=False)
    with AnalysisProgress(console, delay=0.0) as step:
        step("working", 0, 3)
        step("working", 1, 3)
    assert out.getvalue() == ""


def test_a_long_run_is_announced_with_its_estimate() -> None:
    small = estimate(standoff.io.load(HANOI))
    assert expected_seconds(small) < LONG_RUN
    big = type(small)(**{**small.__dict__, "states": 1 << 30, "exact": False})
    assert expected_seconds(big) > LONG_RUN
    for found, announced in ((small, False), (big, True)):
        out = io.StringIO()
        AnalysisProgress(Console(file=out, force_terminal=False, width=200)).announce(found)
        assert ("may take" in out.getvalue()) is announced
    out = io.StringIO()
    AnalysisProgress(Console(file=out), enabled=False).announce(big)  # --quiet
    assert out.getvalue() == ""
