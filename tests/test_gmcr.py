"""Reading and writing the ``.gmcr`` files that GMCR+ and gmcr-py save (``standoff.io.gmcr``).

The samples in ``tests/data/gmcr-samples`` are generated conflicts in the
format, written by other tools (2–4 decision makers, infeasibility,
irreversible options, both kinds of preferences).
"""

from __future__ import annotations

import copy
import dataclasses
import doctest
import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles import examples
from standoff.errors import ModelError, StandoffError
from standoff.io.gmcr import (
    MAX_CONDITION_OPTIONS,
    GmcrExportWarning,
    GmcrImportWarning,
    conflict_from_gmcr,
    conflict_to_gmcr,
    read_gmcr,
    write_gmcr,
)
from standoff.model.conflict import Conflict, DecisionMaker, Direction, OptionSpec
from standoff.model.expressions import If, Iff, Not, Option, Or, conjunction, parse, pattern
from standoff.model.preferences import Payoffs, Prioritization, Ranking, Statement, dense_ranks
from strategies import conflicts

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "tests" / "data" / "gmcr-samples"
SAMPLES = sorted(SAMPLE_DIR.glob("*.gmcr"))
assert len(SAMPLES) == 12, f"tests/data/gmcr-samples should hold 12 .gmcr samples, found {len(SAMPLES)}"
SAMPLE_PARAMS = [pytest.param(p, id=p.name) for p in SAMPLES]


def sample(name: str) -> Path:
    return SAMPLE_DIR / name


def raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def all_codes(conflict: Conflict) -> np.ndarray:
    return np.arange(1 << len(conflict.options), dtype=np.int64)


def feasible(conflict: Conflict) -> np.ndarray:
    codes = all_codes(conflict)
    keep = np.ones(codes.shape, dtype=bool)
    for condition in conflict.infeasible:
        keep &= ~condition.evaluate(codes)
    return codes[keep]


def ranks(conflict: Conflict, codes: np.ndarray) -> list[list[int]]:
    return [dense_ranks(dm.preferences.scores(codes)).tolist() for dm in conflict.decision_makers]


def round_trip(conflict: Conflict, tmp_path: Path) -> Conflict:
    target = tmp_path / "exported.gmcr"
    write_gmcr(conflict, target)
    return read_gmcr(target)


def assert_same_model(before: Conflict, after: Conflict) -> None:
    """Same options, owners, directions, feasible states, rankings and misperceptions."""
    assert after.option_names == before.option_names
    assert [o.owner for o in after.options] == [o.owner for o in before.options]
    assert [o.direction for o in after.options] == [o.direction for o in before.options]
    assert after.decision_maker_names == before.decision_maker_names
    assert [sorted(d.options) for d in after.decision_makers] == [
        sorted(d.options) for d in before.decision_makers
    ]
    codes = feasible(before)
    assert np.array_equal(feasible(after), codes)
    assert ranks(after, codes) == ranks(before, codes)
    everything = all_codes(before)
    for a, b in zip(before.decision_makers, after.decision_makers, strict=True):
        seen_before = np.zeros(everything.shape, dtype=bool)
        for condition in a.misperceived:
            seen_before |= condition.evaluate(everything)
        seen_after = np.zeros(everything.shape, dtype=bool)
        for condition in b.misperceived:
            seen_after |= condition.evaluate(everything)
        assert np.array_equal(seen_before, seen_after)


# ---------------------------------------------------------------------------
# The samples


@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_every_sample_loads_in_file_order(path: Path) -> None:
    data = raw(path)
    conflict = read_gmcr(path)
    assert conflict.path == str(path)
    assert conflict.option_names == tuple(o["name"] for o in data["options"])
    directions = {"both": Direction.BOTH, "fwd": Direction.FORWARD, "back": Direction.BACKWARD}
    assert [o.direction for o in conflict.options] == [
        directions[o["permittedDirection"]] for o in data["options"]
    ]
    assert conflict.decision_maker_names == tuple(d["name"] for d in data["decisionMakers"])
    for i, dm in enumerate(data["decisionMakers"]):
        assert conflict.decision_makers[i].options == tuple(sorted(dm["options"]))
        assert all(conflict.options[j].owner == i for j in dm["options"])
    # the generator recorded how many states its infeasibilities leave
    assert len(feasible(conflict)) == data["generator"]["n_feasible"]
    manual = data["useManualPreferenceRanking"]
    kind = Ranking if manual else Prioritization
    assert all(isinstance(dm.preferences, kind) for dm in conflict.decision_makers)
    stored = dict(conflict.extras)["gmcr"]
    assert stored["program"] == data["program"] and stored["generator"] == data["generator"]


def test_manual_ranking_by_hand() -> None:
    """sample_06: options o0..o4 (bit j = option j); infeasible (o1 ∧ o2) and (¬o0 ∧ o2).

    So o2 = Y needs o0 = Y and o1 = N. In ascending code order the feasible
    states are 0, 1, 2, 3, 5, 8, 9, 10, 11, 13, 16, 17, 18, 19, 21, 24, 25,
    26, 27, 29 (20 states; 4, 6, 7, 12, 14, 15, ... are infeasible). DM2's
    ranking starts ``1, 4, 2, 10, 15, 5, 14, [13, 6]`` and ends ``19``:
    state 1 = code 0 is best, state 4 = code 3 second, state 2 = code 1
    third, state 10 = code 13 fourth; states 13 (code 18) and 6 (code 8)
    are tied; state 19 = code 27 is the worst.
    """
    conflict = read_gmcr(sample("sample_06.gmcr"))
    codes = feasible(conflict)
    assert codes.tolist() == [0, 1, 2, 3, 5, 8, 9, 10, 11, 13, 16, 17, 18, 19, 21, 24, 25, 26, 27, 29]
    dm2 = conflict.decision_makers[1]
    assert dm2.name == "DM2"
    rank = dict(zip(codes.tolist(), dense_ranks(dm2.preferences.scores(codes)).tolist(), strict=True))
    top = max(rank.values())
    assert [rank[0], rank[3], rank[1], rank[13]] == [top, top - 1, top - 2, top - 3]
    assert rank[18] == rank[8]
    assert rank[27] == 0 and list(rank.values()).count(0) == 1


def test_prioritization_scores_by_hand() -> None:
    """sample_05, DM2 (options o0..o3, four statements, weights 8, 4, 2, 1).

    1. (¬o0 ∧ o1) ∨ (o1 ∧ o3)   2. (¬o0 ∧ o1) ∨ (o0 ∧ ¬o1)   3. (¬o2 ∧ ¬o3) ∨ (o2 ∧ o3)   4. o1

    code 2  = NYNN: 1 true, 2 true, 3 true, 4 true   -> 8 + 4 + 2 + 1 = 15
    code 0  = NNNN: only 3 true                      -> 2
    code 13 = YNYY: 2 true (o0, ¬o1), 3 true          -> 4 + 2 = 6
    code 9  = YNNY: 2 true, 3 false (o2 N, o3 Y)      -> 4
    """
    conflict = read_gmcr(sample("sample_05.gmcr"))
    dm2 = conflict.decision_makers[1]
    assert isinstance(dm2.preferences, Prioritization)
    assert len(dm2.preferences.statements) == 4
    scores = dm2.preferences.scores(np.array([2, 0, 13, 9], dtype=np.int64))
    assert scores.tolist() == [15, 2, 6, 4]


def test_compound_if_and_iff_forms_evaluate_as_the_spec_says(tmp_path: Path) -> None:
    """``q if p`` is stored as (p∧q) ∨ (¬p∧q) ∨ (¬p∧¬q), ``q iff p`` as (p∧q) ∨ (¬p∧¬q).

    With p = option 0 and q = option 1: codes 0..3 are (p, q) = NN, YN, NY, YY.
    "q if p" is false only at YN (code 1); "q iff p" is true at NN and YY.
    """
    p, q = 0, 1
    if_form = {
        "compound": True,
        "members": [[[p, "Y"], [q, "Y"]], [[p, "N"], [q, "Y"]], [[p, "N"], [q, "N"]]],
    }
    iff_form = {"compound": True, "members": [[[p, "Y"], [q, "Y"]], [[p, "N"], [q, "N"]]]}
    data = small_file(statements=[if_form, iff_form])
    conflict = conflict_from_gmcr(data, file="forms.gmcr")
    statements = conflict.decision_makers[0].preferences.statements  # type: ignore[union-attr]
    codes = np.arange(4, dtype=np.int64)
    assert statements[0].expression.evaluate(codes).tolist() == [True, False, True, True]
    assert statements[1].expression.evaluate(codes).tolist() == [True, False, False, True]
    assert statements[1].text == "a and b or not a and not b"


def test_sample_compounds_are_if_and_iff() -> None:
    """sample_01, DM2, statement 1: members (¬o1∧¬o7), (o1∧¬o7), (o1∧o7) = "o1 if o7" (p = o7, q = o1).
    sample_05, DM2, statement 3: members (¬o2∧¬o3), (o2∧o3) = "o2 iff o3"."""
    first = read_gmcr(sample("sample_01.gmcr"))
    statement = first.decision_makers[1].preferences.statements[0]  # type: ignore[union-attr]
    codes = all_codes(first)
    assert np.array_equal(statement.expression.evaluate(codes), If(Option(1), Option(7)).evaluate(codes))
    fifth = read_gmcr(sample("sample_05.gmcr"))
    statement = fifth.decision_makers[1].preferences.statements[2]  # type: ignore[union-attr]
    codes = all_codes(fifth)
    assert np.array_equal(statement.expression.evaluate(codes), Iff(Option(2), Option(3)).evaluate(codes))


def test_duplicate_statements_are_dropped_with_a_warning(tmp_path: Path) -> None:
    """A statement identical to an earlier one of the same DM is dropped (as GMCR+ does: same
    conjunctions, in any order), with a warning naming the DM and the statement."""
    first = [[0, "Y"]]
    either = {"compound": True, "members": [[[1, "Y"]], [[2, "Y"]]]}
    same_reordered = {"compound": True, "members": [[[2, "Y"]], [[1, "Y"]]]}
    data = small_file(statements=[first, either, [[0, "Y"]], same_reordered, [[1, "N"]]])
    path = tmp_path / "duplicates.gmcr"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.warns(GmcrImportWarning) as caught:
        conflict = read_gmcr(path)
    messages = [str(w.message) for w in caught if issubclass(w.category, GmcrImportWarning)]
    assert len(messages) == 2
    assert all("'Row'" in m and "duplicates.gmcr" in m for m in messages)
    assert "statement 3 (a)" in messages[0] and "repeats statement 1" in messages[0]
    assert "statement 4" in messages[1] and "repeats statement 2" in messages[1]
    prioritization = conflict.decision_makers[0].preferences
    assert isinstance(prioritization, Prioritization)
    assert [s.text for s in prioritization.statements] == ["a", "b or c", "not b"]


def test_statements_that_differ_are_all_kept() -> None:
    data = small_file(statements=[[[0, "Y"]], [[0, "Y"], [1, "Y"]], [[0, "N"]]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        conflict = conflict_from_gmcr(data, file="distinct.gmcr")
    assert len(conflict.decision_makers[0].preferences.statements) == 3  # type: ignore[union-attr]


def test_misperceptions_and_older_manual_keys(tmp_path: Path) -> None:
    """``misperceptions`` become conditions of unperceived states; the older
    ``useManualPreferenceVectors`` / ``preferenceVector`` keys read like the newer ones."""
    data = small_file(statements=[[[0, "Y"]]])
    data["decisionMakers"][1]["misperceptions"] = [[[0, "Y"], [1, "N"]], [[2, "Y"]]]
    conflict = conflict_from_gmcr(data, file="misperceptions.gmcr")
    unseen = conflict.decision_makers[1].misperceived
    codes = np.arange(8, dtype=np.int64)
    hit = np.zeros(8, dtype=bool)
    for condition in unseen:
        hit |= condition.evaluate(codes)
    # a = bit 0, b = bit 1, c = bit 2: (a ∧ ¬b) or c
    assert hit.tolist() == [False, True, False, False, True, True, True, True]

    newer = raw(sample("sample_04.gmcr"))
    older = copy.deepcopy(newer)
    older["useManualPreferenceVectors"] = older.pop("useManualPreferenceRanking")
    for dm in older["decisionMakers"]:
        dm["preferenceVector"] = dm.pop("preferenceRanking")
    a = conflict_from_gmcr(newer, file="new.gmcr")
    b = conflict_from_gmcr(older, file="old.gmcr")
    codes = feasible(a)
    assert ranks(a, codes) == ranks(b, codes)
    assert all(isinstance(dm.preferences, Ranking) for dm in b.decision_makers)


# ---------------------------------------------------------------------------
# Export, then import again


@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_export_reimport_keeps_every_sample(path: Path, tmp_path: Path) -> None:
    before = read_gmcr(path)
    after = round_trip(before, tmp_path)
    assert_same_model(before, after)


@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_export_writes_the_file_back_as_it_was(path: Path) -> None:
    """Apart from the producer, a sample written back is the same JSON: conditions, statements
    (also those kept beside manual rankings), rankings with their tie groups, generator."""
    data = raw(path)
    written = conflict_to_gmcr(read_gmcr(path))
    assert written["program"] == "standoff"
    assert isinstance(written["version"], str) and written["version"]
    for key in ("program", "version"):
        data.pop(key)
        written.pop(key)
    assert written == data


def yaml_like_conflict() -> Conflict:
    """A model as the YAML loader builds it: expressions of every kind, all three preference kinds."""
    names = ("us_lift", "us_strike", "dprk_dismantle", "dprk_test", "cn_sanction")

    def e(text: str) -> Any:
        return parse(text, names)

    options = (
        OptionSpec("us_lift", 0),
        OptionSpec("us_strike", 0, Direction.FORWARD),
        OptionSpec("dprk_dismantle", 1, Direction.FORWARD),
        OptionSpec("dprk_test", 1, Direction.BACKWARD),
        OptionSpec("cn_sanction", 2),
    )
    infeasible = (e("us_lift and us_strike"), e("dprk_test and (dprk_dismantle iff not us_strike)"))
    skeleton = Conflict("toy", options, (), infeasible)
    codes = feasible(skeleton).tolist()
    # DPRK: every state with cn_sanction first (one pattern), the rest in groups of one to three.
    sanctioned = pattern("----Y", 5)
    rest = [c for c in codes if not c >> 4 & 1]
    order = rest[1::2] + rest[0::2]
    groups: list[tuple[Any, ...]] = [(sanctioned,)]
    while order:
        size = 1 + len(order) % 3
        groups.append(tuple(order[:size]))
        order = order[size:]
    us = Prioritization(
        tuple(
            Statement(e(t), text=t)
            for t in (
                "dprk_dismantle",
                "not us_strike if not dprk_test",
                "dprk_dismantle iff us_lift",
                "not (cn_sanction or dprk_test)",
                "dprk_dismantle",  # a repeat: changes no ranking
            )
        )
    )
    china = Payoffs(((e("not us_strike"), 3.0), (e("cn_sanction iff dprk_test"), 1.5), (codes[-1], -2.0)))
    return Conflict(
        name="Korean peninsula (toy)",
        options=options,
        decision_makers=(
            DecisionMaker("US", (0, 1), us),
            DecisionMaker(
                "DPRK", (2, 3), Ranking(tuple(groups)), misperceived=(e("us_strike and dprk_test"),)
            ),
            DecisionMaker("China", (4,), china),
        ),
        infeasible=infeasible,
    )


def test_yaml_built_conflict_survives_export(tmp_path: Path) -> None:
    before = yaml_like_conflict()
    assert len(set(ranks(before, feasible(before))[1])) > 3  # the toy ranking is valid and not flat
    after = round_trip(before, tmp_path)
    assert_same_model(before, after)
    written = json.loads((tmp_path / "exported.gmcr").read_text(encoding="utf-8"))
    assert written["useManualPreferenceRanking"] is True  # DMs mix kinds: all written as rankings
    assert all("preferenceRanking" in dm for dm in written["decisionMakers"])
    assert len(written["decisionMakers"][0]["preferences"]) == 4  # the repeated statement is left out
    assert written["options"][1] == {"name": "us_strike", "permittedDirection": "fwd"}
    assert written["options"][3] == {"name": "dprk_test", "permittedDirection": "back"}


def test_prioritization_only_model_is_written_without_rankings(tmp_path: Path) -> None:
    names = ("a", "b", "c")
    conflict = Conflict(
        "two statements",
        (OptionSpec("a", 0), OptionSpec("b", 1), OptionSpec("c", 1)),
        (
            DecisionMaker("A", (0,), Prioritization((Statement(parse("b iff c", names)),))),
            DecisionMaker("B", (1, 2), Prioritization((Statement(parse("not a or b", names)),))),
        ),
    )
    document = conflict_to_gmcr(conflict)
    assert document["useManualPreferenceRanking"] is False
    assert all("preferenceRanking" not in dm for dm in document["decisionMakers"])
    assert_same_model(conflict, round_trip(conflict, tmp_path))


@settings(max_examples=examples(60), deadline=None)
@given(conflict=conflicts())
def test_generated_conflicts_survive_export(conflict: Conflict) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GmcrExportWarning)  # shuffled option order is warned about
        after = conflict_from_gmcr(json.loads(json.dumps(conflict_to_gmcr(conflict))), file="generated.gmcr")
    assert_same_model(conflict, after)


@settings(max_examples=examples(40), deadline=None)
@given(st.integers(1, 10), st.integers(0, 2**31 - 1))
def test_any_expression_is_written_as_an_equal_or_of_ands(n: int, seed: int) -> None:
    """Random truth tables over ``n`` options (parity-like ones included) survive the conversion."""
    rng = np.random.default_rng(seed)
    names = tuple(f"o{j}" for j in range(n))
    table = rng.integers(0, 2, size=1 << n).astype(bool)
    minterms = tuple(
        conjunction([(j, bool(code >> j & 1)) for j in range(n)]) for code in range(1 << n) if table[code]
    )
    expression = Not(Not(Or(minterms)))  # not already an OR of ANDs, so it is converted
    conflict = Conflict(
        "truth table",
        (*(OptionSpec(name, 0) for name in names), OptionSpec("x", 1)),
        (
            DecisionMaker("A", tuple(range(n)), Prioritization((Statement(expression),))),
            DecisionMaker("B", (n,), Prioritization(())),
        ),
    )
    document = conflict_to_gmcr(conflict)
    after = conflict_from_gmcr(document, file="table.gmcr")
    codes = np.arange(1 << n, dtype=np.int64)
    written = after.decision_makers[0].preferences.statements[0].expression  # type: ignore[union-attr]
    assert written.evaluate(codes).tolist() == table.tolist()


def test_expression_over_too_many_options_is_refused(tmp_path: Path) -> None:
    n = MAX_CONDITION_OPTIONS + 1
    names = tuple(f"o{j}" for j in range(n))
    parity = " iff ".join(names)
    conflict = Conflict(
        "wide",
        (*(OptionSpec(name, 0) for name in names), OptionSpec("x", 1)),
        (
            DecisionMaker("A", tuple(range(n)), Prioritization(())),
            DecisionMaker("B", (n,), Prioritization(())),
        ),
        infeasible=(parse("x", (*names, "x")), parse(parity, names)),
    )
    target = tmp_path / "wide.gmcr"
    target.write_text("old content", encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        write_gmcr(conflict, target)
    message = str(caught.value)
    assert "wide.gmcr" in message and "infeasible[1]" in message and f"{n} options" in message
    assert target.read_text(encoding="utf-8") == "old content"  # nothing half-written
    assert [p.name for p in tmp_path.iterdir()] == ["wide.gmcr"]


def test_write_into_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "model.gmcr"
    with pytest.raises(StandoffError, match=r"model\.gmcr: the directory .* does not exist"):
        write_gmcr(yaml_like_conflict(), target)


def test_options_not_grouped_by_decision_maker_are_warned_about(tmp_path: Path) -> None:
    names = ("a", "b", "c")
    conflict = Conflict(
        "interleaved",
        (OptionSpec("a", 0), OptionSpec("b", 1), OptionSpec("c", 0)),
        (
            DecisionMaker("A", (0, 2), Prioritization((Statement(Option(1)),))),
            DecisionMaker("B", (1,), Prioritization((Statement(parse("a and c", names)),))),
        ),
    )
    with pytest.warns(GmcrExportWarning, match="decision maker by decision maker"):
        after = round_trip(conflict, tmp_path)
    assert_same_model(conflict, after)


def test_coalitions_are_the_model_s_and_kept_statements_are_written_back_only_for_the_same_model() -> None:
    data = raw(sample("sample_02.gmcr"))
    data["coalitions"] = [[0, 1], 2]
    conflict = conflict_from_gmcr(data, file="coalitions.gmcr")
    assert conflict.coalitions == ((0, 1), (2,))
    assert conflict_to_gmcr(conflict)["coalitions"] == [[0, 1], 2]
    renamed = dataclasses.replace(
        conflict,
        decision_makers=(
            dataclasses.replace(conflict.decision_makers[0], name="Renamed"),
            *conflict.decision_makers[1:],
        ),
    )
    document = conflict_to_gmcr(renamed)
    assert document["coalitions"] == [[0, 1], 2]  # by index: a decision maker's new name changes nothing
    # statements kept beside the rankings are written back only for the model they were read with
    assert (
        conflict_to_gmcr(conflict)["decisionMakers"][1]["preferences"]
        == data["decisionMakers"][1]["preferences"]
    )
    assert all(dm["preferences"] == [] for dm in document["decisionMakers"])


@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_analysis_is_identical_after_export_and_reimport(path: Path, tmp_path: Path) -> None:
    from standoff.analyses.stability import analyze

    before = analyze(read_gmcr(path))
    after = analyze(round_trip(read_gmcr(path), tmp_path))
    assert np.array_equal(before.codes, after.codes)
    assert before.patterns == after.patterns
    assert set(before.stable) == set(after.stable)
    for concept, stable in before.stable.items():
        assert np.array_equal(stable, after.stable[concept]), concept
    assert before.equilibria == after.equilibria


# ---------------------------------------------------------------------------
# Bad input


def small_file(statements: list[Any]) -> dict[str, Any]:
    """Two DMs: Row controls a, Column controls b and c; Row has ``statements``."""
    return {
        "options": [
            {"name": "a", "permittedDirection": "both"},
            {"name": "b", "permittedDirection": "both"},
            {"name": "c", "permittedDirection": "fwd"},
        ],
        "decisionMakers": [
            {"name": "Row", "options": [0], "preferences": statements, "misperceptions": []},
            {"name": "Column", "options": [1, 2], "preferences": [[[0, "N"]]], "misperceptions": []},
        ],
        "infeasibles": [],
        "useManualPreferenceRanking": False,
        "program": "gmcr-py",
        "version": "0.4.1",
    }


Mutation = Callable[[dict[str, Any]], Any]


def _set(path: tuple[Any, ...], value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


def _drop_state(number: int) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        ranking = data["decisionMakers"][1]["preferenceRanking"]
        for g, item in enumerate(ranking):
            if item == number:
                del ranking[g]
                return
            if isinstance(item, list) and number in item:
                item.remove(number)
                return

    return mutate


BAD_SAMPLE_02: list[tuple[str, Mutation, str, str]] = [
    (
        "option index a string",
        _set(("decisionMakers", 0, "options", 1), "1"),
        "decisionMakers[0].options[1]",
        "whole number",
    ),
    ("condition not a list", _set(("infeasibles", 1), 5), "infeasibles[1]", "condition"),
    ("literal not a pair", _set(("infeasibles", 0, 0), [6]), "infeasibles[0][0]", "pair"),
    ("literal value not Y or N", _set(("infeasibles", 0, 0, 1), "yes"), "infeasibles[0][0][1]", '"Y" or "N"'),
    ("index out of range", _set(("infeasibles", 0, 1, 0), 10), "infeasibles[0][1][0]", "out of range"),
    (
        "negative index",
        _set(("decisionMakers", 2, "preferences", 0, 0, 0), -1),
        "decisionMakers[2].preferences[0][0][0]",
        "out of range",
    ),
    (
        "compound without members",
        _set(("decisionMakers", 0, "preferences", 1), {"compound": True}),
        "decisionMakers[0].preferences[1]",
        "members",
    ),
    (
        "option listed by two DMs",
        _set(("decisionMakers", 1, "options", 0), 0),
        "decisionMakers[1].options[0]",
        "two decision makers",
    ),
    (
        "option listed by none",
        _set(("decisionMakers", 2, "options"), [6, 7, 8]),
        "options[9]",
        "no decision maker",
    ),
    (
        "unknown direction",
        _set(("options", 4, "permittedDirection"), "sideways"),
        "options[4].permittedDirection",
        "sideways",
    ),
    (
        "direction of the wrong type",
        _set(("options", 4, "permittedDirection"), ["fwd"]),
        "options[4].permittedDirection",
        "expected a string",
    ),
    (
        "ranking state out of range",
        _set(("decisionMakers", 2, "preferenceRanking", 5), 999),
        "decisionMakers[2].preferenceRanking[5]",
        "999",
    ),
    (
        "ranking state zero",
        _set(("decisionMakers", 2, "preferenceRanking", 0, 1), 0),
        "decisionMakers[2].preferenceRanking[0][1]",
        "out of range",
    ),
    (
        "ranking state repeated",
        _set(("decisionMakers", 0, "preferenceRanking", 1), 356),
        "decisionMakers[0].preferenceRanking[1]",
        "state 356",
    ),
    ("ranking state missing", _drop_state(211), "decisionMakers[1].preferenceRanking", "211"),
    (
        "ranking entry a string",
        _set(("decisionMakers", 0, "preferenceRanking", 2), "401"),
        "decisionMakers[0].preferenceRanking[2]",
        "whole number",
    ),
    (
        "ranking group nested",
        _set(("decisionMakers", 0, "preferenceRanking", 3), [[430], 317]),
        "decisionMakers[0].preferenceRanking[3][0]",
        "not lists",
    ),
    (
        "ranking missing",
        lambda d: d["decisionMakers"][2].pop("preferenceRanking"),
        "decisionMakers[2]",
        "preferenceRanking",
    ),
    (
        "manual flag not boolean",
        _set(("useManualPreferenceRanking",), "yes"),
        "useManualPreferenceRanking",
        "true or false",
    ),
    (
        "fewer than two DMs",
        lambda d: d.update(decisionMakers=d["decisionMakers"][:1]),
        "decisionMakers",
        "at least 2",
    ),
    ("DM not an object", _set(("decisionMakers", 1), ["DM2"]), "decisionMakers[1]", "object"),
    ("name not a string", _set(("options", 2, "name"), 7), "options[2].name", "string"),
    ("duplicate option name", _set(("options", 2, "name"), "DM1-opt1"), "options[2].name", "unique"),
    ("duplicate DM name", _set(("decisionMakers", 2, "name"), "DM1"), "decisionMakers[2].name", "unique"),
    ("options missing", lambda d: d.pop("options"), "top level", "options"),
    (
        "statements not a list",
        _set(("decisionMakers", 1, "preferences"), {"a": 1}),
        "decisionMakers[1].preferences",
        "list",
    ),
    (
        "misperceptions wrong",
        _set(("decisionMakers", 1, "misperceptions"), [[[3, "Y"], 4]]),
        "decisionMakers[1].misperceptions[0][1]",
        "pair",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "place", "words"), [pytest.param(m, p, w, id=i) for i, m, p, w in BAD_SAMPLE_02]
)
def test_bad_data_is_a_located_model_error(mutate: Mutation, place: str, words: str, tmp_path: Path) -> None:
    data = raw(sample("sample_02.gmcr"))
    mutate(data)
    path = tmp_path / "broken_model.gmcr"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        read_gmcr(path)
    message = str(caught.value)
    assert "broken_model.gmcr" in message
    assert caught.value.place == place
    assert f": {place}:" in message
    assert words in message


def test_missing_state_is_named_with_its_pattern(tmp_path: Path) -> None:
    data = raw(sample("sample_02.gmcr"))
    _drop_state(5)(data)
    with pytest.raises(ModelError, match=r"misses 1 of the 448 feasible states: 5 \([YN]{10}\)"):
        conflict_from_gmcr(data, file="missing.gmcr")


def test_too_many_options_for_a_manual_ranking() -> None:
    n = 31
    data = {
        "options": [{"name": f"o{j}", "permittedDirection": "both"} for j in range(n)],
        "decisionMakers": [
            {"name": "A", "options": list(range(n - 1)), "preferences": [], "preferenceRanking": [1]},
            {"name": "B", "options": [n - 1], "preferences": [], "preferenceRanking": [1]},
        ],
        "infeasibles": [],
        "useManualPreferenceRanking": True,
    }
    with pytest.raises(ModelError) as caught:
        conflict_from_gmcr(data, file="huge.gmcr")
    assert (
        "huge.gmcr" in str(caught.value)
        and caught.value.place == "options"
        and "31 options" in str(caught.value)
    )


def write_bytes(tmp_path: Path, content: bytes, name: str = "input.gmcr") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_file_level_problems(tmp_path: Path) -> None:
    missing = tmp_path / "not_there.gmcr"
    with pytest.raises(ModelError, match=r"not_there\.gmcr: no such file"):
        read_gmcr(missing)

    binary = write_bytes(tmp_path, b"PK\x03\x04\x00\x00binary", "zipped.gmcr")
    with pytest.raises(ModelError, match=r"zipped\.gmcr: is a binary file"):
        read_gmcr(binary)

    latin1 = write_bytes(tmp_path, b'{\n "options": [{"name": "Gr\xfcne"}]}', "latin1.gmcr")
    with pytest.raises(ModelError, match=r"latin1\.gmcr:2:\d+: is not UTF-8 text: byte 0xfc"):
        read_gmcr(latin1)

    empty = write_bytes(tmp_path, b"  \n", "empty.gmcr")
    with pytest.raises(ModelError, match=r"empty\.gmcr: the file is empty"):
        read_gmcr(empty)

    invalid = write_bytes(tmp_path, b'{\n "options": [,]\n}', "invalid.gmcr")
    with pytest.raises(ModelError, match=r"invalid\.gmcr: line 2, column 14: invalid JSON"):
        read_gmcr(invalid)

    not_object = write_bytes(tmp_path, b"[1, 2]", "list.gmcr")
    with pytest.raises(ModelError, match=r"list\.gmcr: top level: expected an object"):
        read_gmcr(not_object)

    with pytest.raises(ModelError, match="is a directory"):
        read_gmcr(tmp_path)


@pytest.mark.parametrize("path", SAMPLE_PARAMS)
def test_truncated_sample_is_reported_with_line_and_column(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    cut = write_bytes(tmp_path, text[: len(text) // 2].encode("utf-8"), "cut.gmcr")
    with pytest.raises(ModelError) as caught:
        read_gmcr(cut)
    assert "cut.gmcr" in str(caught.value)
    assert caught.value.place is not None and caught.value.place.startswith("line ")
    assert "truncated" in str(caught.value)


def json_values() -> st.SearchStrategy[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(-3, 500)
        | st.floats(allow_nan=False)
        | st.sampled_from(["Y", "N", "both", "fwd", "back", "", "x"])
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(["compound", "members", "name"]), inner, max_size=2)
        ),
        max_leaves=6,
    )


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*path, key))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            found += _places(value, (*path, k))
    return found


@settings(max_examples=examples(300), deadline=None)
@given(st.data())
def test_no_traceback_from_any_damaged_sample(data: st.DataObject) -> None:
    """Replacing any part of a sample by any JSON value gives a model or a ModelError, nothing else."""
    name = data.draw(st.sampled_from(["sample_05.gmcr", "sample_06.gmcr"]))
    document = raw(sample(name))
    places = _places(document)[1:]
    where = data.draw(st.sampled_from(places))
    replacement = data.draw(json_values())
    _set(where, replacement)(document)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GmcrImportWarning)
        try:
            conflict_from_gmcr(document, file="damaged.gmcr")
        except ModelError as error:
            assert error.file == "damaged.gmcr" and error.place


# ---------------------------------------------------------------------------
# The how-to page runs as written


def test_how_to_page_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's examples use sample_05.gmcr from the current directory and write beside it."""
    page = ROOT / "docs" / "how-to" / "analyze-a-gmcr-py-file.md"
    (tmp_path / "sample_05.gmcr").write_bytes(sample("sample_05.gmcr").read_bytes())
    monkeypatch.chdir(tmp_path)
    failures, tried = doctest.testfile(
        str(page), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert tried > 0 and failures == 0
