"""The listed-moves engine for small state spaces agrees with the plain reference and with the numba engine.

``analyze(..., engine="listed")`` computes every concept with plain numpy
over explicitly listed moves (:mod:`standoff.stability.listed`); it must
give the verdicts of ``tests/reference.py`` (the definitions of GMCR.md
written with sets and loops) on generated conflicts with irreversible
options, infeasible states, misperceptions and ties, and the verdicts of the
numba engine on the published cases in ``examples/``. Small models must not
load numba or pandas at all.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

import standoff.io
from profiles import examples
from reference import CONCEPTS, ReferenceModel, pattern
from standoff.analyses import stability
from standoff.analyses.stability import analyze
from standoff.engine.space import StateSpace
from standoff.model.conflict import Conflict
from strategies import conflicts, small_2dm_conflicts, summary

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SAMPLES = sorted((ROOT / "tests" / "data" / "gmcr-samples").glob("*.gmcr"))
assert SAMPLES, "tests/data/gmcr-samples holds the .gmcr samples"
REFERENCE_LIMIT = 1200
"""Most feasible states an example may have to be checked against the plain reference."""


def assert_listed_matches_reference(conflict: Conflict) -> None:
    model = ReferenceModel(conflict)
    expected = model.analyze()
    result = analyze(conflict, engine="listed")
    codes = [int(c) for c in result.codes]
    assert codes == model.feasible, f"feasible states differ\n{summary(conflict)}"
    m = len(conflict.options)
    wrong = [
        f"{concept}: DM{i} at {pattern(code, m)}: listed engine says "
        f"{'stable' if result.stable[concept][i, k] else 'unstable'}, reference says "
        f"{'stable' if expected[concept][(i, code)] else 'unstable'}"
        for concept in CONCEPTS
        for i in range(len(conflict.decision_makers))
        for k, code in enumerate(codes)
        if bool(result.stable[concept][i, k]) != expected[concept][(i, code)]
    ]
    assert not wrong, "\n".join([*wrong[:10], summary(conflict)])


@settings(max_examples=examples(200), deadline=None)
@given(conflicts(max_dms=5, max_options=6))
def test_listed_engine_matches_reference_on_generated_conflicts(conflict: Conflict) -> None:
    assert_listed_matches_reference(conflict)


@settings(max_examples=examples(150), deadline=None)
@given(small_2dm_conflicts())
def test_listed_engine_matches_reference_on_two_decision_makers(conflict: Conflict) -> None:
    """Two decision makers take the group-table route for SIM when the opponent's options are reversible."""
    assert_listed_matches_reference(conflict)


@pytest.mark.slow
@settings(max_examples=examples(60), deadline=None)
@given(conflicts(max_dms=4, max_options=8))
def test_listed_engine_matches_reference_on_larger_conflicts(conflict: Conflict) -> None:
    assert_listed_matches_reference(conflict)


@settings(max_examples=examples(40), deadline=None)
@given(conflicts(max_dms=4, max_options=7))
def test_listed_and_numba_engines_agree(conflict: Conflict) -> None:
    listed = analyze(conflict, engine="listed")
    grouped = analyze(conflict, engine="numba")
    for concept in CONCEPTS:
        same = np.array_equal(listed.stable[concept], grouped.stable[concept])
        assert same, f"{concept}\n{summary(conflict)}"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_listed_engine_on_published_cases(path: Path) -> None:
    """The published cases of ``examples/`` (each file cites its source): listed = numba = reference."""
    conflict = standoff.io.load(path)
    listed = analyze(conflict, engine="listed")
    grouped = analyze(conflict, engine="numba")
    for concept in CONCEPTS:
        assert np.array_equal(listed.stable[concept], grouped.stable[concept]), concept
    if listed.space.n_states <= REFERENCE_LIMIT:
        assert_listed_matches_reference(conflict)


@settings(max_examples=examples(40), deadline=None)
@given(conflicts(max_dms=4, max_options=6))
def test_listed_engine_without_the_dense_code_table(conflict: Conflict) -> None:
    """Beyond 2^28 codes the space keeps no code table and states are found by binary search."""
    space = StateSpace.build(conflict)
    sparse = dataclasses.replace(space, lookup=np.empty(0, dtype=np.int32))
    dense = analyze(conflict, space=space, engine="listed")
    searched = analyze(conflict, space=sparse, engine="listed")
    for concept in CONCEPTS:
        assert np.array_equal(dense.stable[concept], searched.stable[concept]), concept


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_listed_engine_on_gmcr_sample_files(path: Path) -> None:
    """The .gmcr samples in tests/data: listed = numba (= reference when small)."""
    conflict = standoff.io.load(path)
    listed = analyze(conflict, engine="listed")
    grouped = analyze(conflict, engine="numba")
    for concept in CONCEPTS:
        assert np.array_equal(listed.stable[concept], grouped.stable[concept]), concept
    if listed.space.n_states <= REFERENCE_LIMIT:
        assert_listed_matches_reference(conflict)


def test_small_models_take_the_listed_engine_and_big_ones_the_numba_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = analyze(standoff.io.load(ROOT / "examples" / "elmira.yaml"))
    assert stability.is_small(result.space)
    monkeypatch.setattr(stability, "LISTED_STATE_LIMIT", result.space.n_states - 1)
    assert not stability.is_small(result.space)


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        analyze(standoff.io.load(ROOT / "examples" / "chicken.yaml"), engine="fast")  # type: ignore[arg-type]


def test_analysing_a_small_model_loads_neither_numba_nor_pandas() -> None:
    """Through the command line's import chain and a whole analysis, as ``standoff analyze`` runs it."""
    code = (
        "import sys\n"
        "import standoff.interfaces.cli as cli\n"
        "cli._register_commands()\n"
        "from standoff.analyses.stability import analyze\n"
        "from standoff.analyses.explain import explain\n"
        "from standoff.analyses.evolution import evolve\n"
        "from standoff.engine.estimate import check_capacity\n"
        "import standoff.io\n"
        f"conflict = standoff.io.load({str(ROOT / 'examples' / 'hanoi-2019.yaml')!r})\n"
        "check_capacity(conflict)\n"
        "result = analyze(conflict)\n"
        "explain(result, 'status_quo')\n"
        "evolve(result)\n"
        "print(sorted(m for m in ('numba', 'pandas') if m in sys.modules))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_estimate_uses_the_engines_rank_table_limit() -> None:
    from standoff.engine import estimate
    from standoff.stability import sim

    assert estimate.SIM_RANK_TABLE_LIMIT == sim.RANK_TABLE_LIMIT


@settings(max_examples=examples(40), deadline=None)
@given(conflicts(max_dms=4, max_options=6))
def test_moves_listed_block_by_block_are_the_moves_listed_at_once(conflict: Conflict) -> None:
    """A model of more than 2^22 (state, option change) candidates lists its moves a block of states
    at a time; generated models fit one block, so the blocks are forced down to a few states here."""
    from standoff.engine import move_lists

    space = StateSpace.build(conflict)
    whole = [move_lists.unilateral_move_lists(space, d) for d in range(space.n_decision_makers)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(move_lists, "BLOCK", 5)
        blocks = [move_lists.unilateral_move_lists(space, d) for d in range(space.n_decision_makers)]
    for one, other in zip(whole, blocks, strict=True):
        assert np.array_equal(one.starts, other.starts)
        assert np.array_equal(one.targets, other.targets)
