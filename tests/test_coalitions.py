"""Coalition analysis: CNash, CGMR, CSMR and CSEQ against the plain reference, and their properties."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner, Result

import standoff
from profiles import examples
from reference import ReferenceModel
from standoff.analyses.coalitions import coalition_analysis
from standoff.analyses.stability import analyze
from standoff.analyses.states import state_names
from standoff.engine.space import StateSpace
from standoff.errors import ModelError
from standoff.interfaces import cli
from standoff.model.conflict import Conflict
from standoff.stability.coalitions import COALITION_CONCEPTS, INDIVIDUAL, CoalitionMoves, coalition_stability
from strategies import conflicts, summary

SETTINGS = settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _every_coalition(n: int) -> list[tuple[int, ...]]:
    return [c for size in range(1, n + 1) for c in combinations(range(n), size)]


@SETTINGS
@given(conflicts(min_dms=2, max_dms=4, max_options=6))
def test_every_coalition_and_concept_equals_the_reference(conflict: Conflict) -> None:
    """Generated conflicts (2-4 DMs, irreversible options, infeasibility, ties, misperceptions)."""
    space = StateSpace.build(conflict)
    reference = ReferenceModel(conflict)
    moves = CoalitionMoves(space)
    codes = [int(c) for c in space.codes]
    for coalition in _every_coalition(space.n_decision_makers):
        found = coalition_stability(space, coalition, moves=moves)
        for concept in COALITION_CONCEPTS:
            expected = [reference.coalition_stable(concept, coalition, code) for code in codes]
            assert found[concept].tolist() == expected, (coalition, concept, summary(conflict))


@SETTINGS
@given(conflicts(min_dms=2, max_dms=4, max_options=6))
def test_a_coalition_of_one_is_the_individual_concept(conflict: Conflict) -> None:
    space = StateSpace.build(conflict)
    individual = analyze(conflict, ("nash", "gmr", "smr", "seq"), space=space)
    moves = CoalitionMoves(space)
    for dm in range(space.n_decision_makers):
        found = coalition_stability(space, (dm,), moves=moves)
        for concept in COALITION_CONCEPTS:
            assert np.array_equal(found[concept], individual.stable[INDIVIDUAL[concept]][dm]), concept


@SETTINGS
@given(conflicts(min_dms=2, max_dms=4, max_options=6))
def test_coalition_concepts_nest_like_the_individual_ones(conflict: Conflict) -> None:
    """CNash ⊆ CSMR ⊆ CGMR and CNash ⊆ CSEQ ⊆ CGMR, for every coalition (as for one DM)."""
    space = StateSpace.build(conflict)
    moves = CoalitionMoves(space)
    for coalition in _every_coalition(space.n_decision_makers):
        s = coalition_stability(space, coalition, moves=moves)
        assert not (s["cnash"] & ~s["csmr"]).any()
        assert not (s["csmr"] & ~s["cgmr"]).any()
        assert not (s["cnash"] & ~s["cseq"]).any()
        assert not (s["cseq"] & ~s["cgmr"]).any()


# -- the coalitions field of model files ------------------------------------------------------


SAMPLE = Path(__file__).parent / "data" / "gmcr-samples" / "sample_03.gmcr"


def _with_coalitions(tmp_path: Path, coalitions: object) -> Path:
    data = json.loads(SAMPLE.read_text())
    data["coalitions"] = coalitions
    path = tmp_path / "grouped.gmcr"
    path.write_text(json.dumps(data))
    return path


def test_gmcr_coalitions_are_read_and_written_back(tmp_path: Path) -> None:
    """gmcr-py writes a decision maker alone as its index and a group as a list of indices."""
    conflict = standoff.load(_with_coalitions(tmp_path, [[0, 2], 1, 3]))
    assert conflict.coalitions == ((0, 2), (1,), (3,))
    standoff.save(conflict, tmp_path / "again.gmcr")
    assert json.loads((tmp_path / "again.gmcr").read_text())["coalitions"] == [[0, 2], 1, 3]
    assert standoff.load(tmp_path / "again.gmcr").coalitions == conflict.coalitions
    standoff.save(conflict, tmp_path / "again.yaml")
    written = (tmp_path / "again.yaml").read_text()
    assert "coalitions:\n  - - DM1\n    - DM3\n  - - DM2\n  - - DM4\n" in written
    assert standoff.load(tmp_path / "again.yaml").coalitions == conflict.coalitions


@pytest.mark.parametrize(
    ("coalitions", "place", "problem"),
    [
        ([[0, 7]], "coalitions[0][1]", "decision maker index 7 is out of range"),
        ([[0, 1], 1], "coalitions[1]", "decision maker 1 is already in coalitions[0]"),
        ([["DM1"]], "coalitions[0][0]", "a decision maker index must be a whole number"),
        ({"0": 1}, "coalitions", "expected a list of decision maker indices"),
    ],
)
def test_bad_gmcr_coalitions_are_refused_with_their_place(
    tmp_path: Path, coalitions: object, place: str, problem: str
) -> None:
    with pytest.raises(ModelError) as caught:
        standoff.load(_with_coalitions(tmp_path, coalitions))
    assert caught.value.place == place
    assert problem in caught.value.problem


def test_yaml_coalitions_name_decision_makers(tmp_path: Path) -> None:
    text = Path("examples/elmira.yaml").read_text() + "coalitions:\n  - [moe, Uniroyal]\n"
    (tmp_path / "m.yaml").write_text(text)
    assert standoff.load(tmp_path / "m.yaml").coalitions == ((0, 1),)
    (tmp_path / "bad.yaml").write_text(text.replace("[moe, Uniroyal]", "[MoE, Ontario]"))
    with pytest.raises(ModelError, match="unknown decision maker 'Ontario'"):
        standoff.load(tmp_path / "bad.yaml")


@SETTINGS
@given(conflicts(min_dms=2, max_dms=4, max_options=6))
def test_each_upset_is_a_legal_joint_move_to_an_unanswered_improvement(conflict: Conflict) -> None:
    """Upsets are named exactly for individual equilibria that are not coalitional, each by a legal
    sequence of members' moves (no one twice in a row) to a state all members prefer, unanswered."""
    result = coalition_analysis(conflict)
    space = result.space
    reference = ReferenceModel(conflict)
    for concept in COALITION_CONCEPTS:
        expected = result.individual[concept] & ~result.equilibrium_mask(concept)
        assert sorted(result.upsets[concept]) == np.flatnonzero(expected).tolist()
        for s, upset in result.upsets[concept].items():
            k = result.coalitions.index(upset.coalition)
            assert not result.stable[concept][k, s]
            assert result.stable[concept][:k, s].all()  # the first coalition (in size order) to upset it
            here, last = s, None
            for move in upset.moves:
                assert move.decision_maker in upset.coalition and move.decision_maker != last
                assert move.source_index == here
                code, target = int(space.codes[here]), int(space.codes[move.target_index])
                assert target in reference.unilateral_moves(move.decision_maker, code)
                here, last = move.target_index, move.decision_maker
            start, end = int(space.codes[s]), int(space.codes[upset.target_index])
            assert reference.better_for_all(frozenset(upset.coalition), end, start)
            assert not reference.coalition_answered(concept, upset.coalition, start, end)


def test_elmira_nash_equilibrium_5_is_upset_by_moe_and_uniroyal_moving_to_8() -> None:
    """Elmira: state 5 is a Nash equilibrium, but MoE and Uniroyal together move to state 8, which both
    prefer; state 8 was the actual resolution. Kilgour, Hipel, Fang & Peng, "Coalition analysis in group
    decision support", Group Decision and Negotiation 10 (2001) 159-175 (state numbers as in that paper,
    which examples/elmira.yaml names textbook_5 and textbook_8)."""
    result = standoff.load("examples/elmira.yaml").analyze_coalitions()
    names = {name: index for index, name in state_names(result.conflict, result.space)}
    five, eight = names["textbook_5"], names["textbook_8"]
    assert result.individual["cnash"][five] and not result.equilibrium_mask("cnash")[five]
    upset = result.upsets["cnash"][five]
    assert result.coalition_names[result.coalitions.index(upset.coalition)] == "MoE+Uniroyal"
    assert upset.target_index == eight
    assert result.equilibrium_mask("cnash")[eight]


# -- the command line -----------------------------------------------------------------------


def _run(*args: str) -> Result:
    cli._register_commands()
    return CliRunner().invoke(cli.app, list(args))


def test_coalitions_json_keeps_the_contract() -> None:
    run = _run("coalitions", "examples/prisoners-dilemma.yaml", "--format", "json", "-q")
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    assert data["coalitions"] == [["Row"], ["Column"], ["Row", "Column"]]
    first = data["states"][0]
    assert first["pattern"] == "NN"
    assert first["stable"]["Row+Column"] == {"cnash": True, "cgmr": True, "csmr": True, "cseq": True}
    assert first["stable"]["Row"]["cnash"] is False
    assert data["equilibria"] == {"cnash": [], "cgmr": ["NN"], "csmr": ["NN"], "cseq": ["NN"]}
    upset = data["upsets"]["cnash"][0]
    assert (upset["state"], upset["coalition"], upset["to"]) == ("YY", "Row+Column", "NN")
    assert [m["dm"] for m in upset["moves"]] == ["Row", "Column"]


def test_coalitions_given_and_concepts_chosen() -> None:
    run = _run(
        "coalitions", "examples/elmira.yaml", "--coalition", "moe+uniroyal", "-c", "cnash", "-f", "json", "-q"
    )
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    assert data["coalitions"] == [["MoE", "Uniroyal"]]
    assert data["concepts"] == ["cnash"]
    assert set(data["states"][0]["stable"]) == {"MoE+Uniroyal"}
    csv_run = _run(
        "coalitions", "examples/elmira.yaml", "--coalition", "MoE+Uniroyal", "-c", "cnash", "-f", "csv"
    )
    header = csv_run.stdout.splitlines()[0]
    assert header == "state,pattern,name,MoE+Uniroyal:cnash,equilibrium:cnash,individual:cnash,status_quo"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--coalition", "MoE+Ontario"], "unknown decision maker 'Ontario'"),
        (["--concepts", "cnash,nash"], "unknown coalition concept(s) nash"),
    ],
)
def test_coalitions_bad_input_exits_2(args: list[str], message: str) -> None:
    run = _run("coalitions", "examples/elmira.yaml", *args, "-q")
    assert run.exit_code == 2
    assert message in run.output


def test_analyze_limited_move_in_the_json_contract() -> None:
    run = _run("analyze", "examples/chicken.yaml", "--concepts", "nash,l2,l3,nm", "--format", "json", "-q")
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    assert data["concepts"] == ["nash", "l2", "l3", "nm"]
    assert data["states"][0]["stable"]["Row"]["l3"] is True
    assert data["equilibria"]["l2"] == [] and data["equilibria"]["l3"] == ["NN"] == data["equilibria"]["nm"]
    refused = _run("analyze", "examples/elmira.yaml", "--concepts", "nash,l2", "-q")
    assert refused.exit_code == 2
    assert "defined for two decision makers; this model has 3 (MoE, Uniroyal, Local)" in refused.output
    unknown = _run("analyze", "examples/chicken.yaml", "--concepts", "l0", "-q")
    assert unknown.exit_code == 2
