"""Robustness to uncertain preferences: the variants a model admits, their frequencies, what decides.

The frequencies are checked against a brute-force loop written apart from
standoff's code: the admissible orders are enumerated with
``itertools.permutations`` (certain statements kept in their order, ranges
respected), each variant is built as an ordinary model and analysed by the
plain reference implementation (``tests/reference.py``).
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reference
import standoff
import variant_reference
from profiles import examples
from standoff.analyses import robustness as robustness_module
from standoff.analyses.report import Report
from standoff.analyses.robustness import robustness, variant_numbers
from standoff.analyses.variants import Sweep, Variants
from standoff.interfaces.output import rendered
from standoff.model.conflict import Conflict
from standoff.model.expressions import Not, Option
from standoff.model.preferences import Prioritization, Ranking
from standoff.model.uncertainty import Orderings, Uncertainty
from standoff.outputs.robustness import robustness_table
from strategies import conflicts

CONCEPTS = reference.CONCEPTS

# -- the admissible orders, counted and numbered ---------------------------------------------------------


@st.composite
def item_calls(draw: st.DrawFn, max_items: int = 6) -> tuple[Uncertainty | None, ...]:
    q = draw(st.integers(1, max_items))
    out: list[Uncertainty | None] = []
    for _ in range(q):
        kind = draw(st.integers(0, 2))
        if kind == 0:
            out.append(None)
            continue
        positions = None
        if kind == 2:
            first = draw(st.integers(1, q))
            positions = (first, draw(st.integers(first, q)))
        alternatives = tuple(Not(Option(0)) for _ in range(draw(st.integers(0, 2))))
        out.append(Uncertainty(positions, alternatives))
    return tuple(out)


@given(item_calls())
@settings(max_examples=examples(150), deadline=None)
def test_variants_are_every_admissible_order_once(calls: tuple[Uncertainty | None, ...]) -> None:
    orderings = Orderings(calls)
    expected = variant_reference.brute_orders(calls)
    numbered = [orderings.variant(k) for k in range(orderings.count)]
    assert orderings.count == len(expected)
    assert len(set(numbered)) == len(numbered)
    assert set(numbered) == expected


def test_whole_ordering_uncertain_counts_every_permutation() -> None:
    orderings = Orderings((Uncertainty(),) * 7)
    assert orderings.count == math.factorial(7)
    assert orderings.variant(0) == tuple((k, 0) for k in range(7))
    assert orderings.variant(orderings.count - 1) == tuple((k, 0) for k in reversed(range(7)))


# -- generated conflicts with judgement calls ------------------------------------------------------------


@st.composite
def uncertain_conflicts(draw: st.DrawFn, max_variants: int = 40) -> Conflict:
    """A generated conflict (2-3 decision makers, at most 4 options) with some statements or ranking groups
    marked uncertain: anywhere, in a range, or with other wordings."""
    conflict = draw(conflicts(min_dms=2, max_dms=3, max_options=4))
    dms = list(conflict.decision_makers)
    for i, dm in enumerate(dms):
        preferences = dm.preferences
        if isinstance(preferences, Prioritization):
            q = len(preferences.statements)
            statements = []
            for statement in preferences.statements:
                kind = draw(st.integers(0, 3))
                if kind == 0:
                    statements.append(statement)
                    continue
                first = draw(st.integers(1, q))
                positions = (first, draw(st.integers(first, q))) if kind == 2 else None
                alternatives = (Not(statement.expression),) if kind == 3 else ()
                statements.append(replace(statement, uncertainty=Uncertainty(positions, alternatives)))
            preferences = Prioritization(tuple(statements), draw(st.integers(0, 5)) == 0)
        elif isinstance(preferences, Ranking):
            marks = tuple(Uncertainty() if draw(st.integers(0, 2)) == 0 else None for _ in preferences.groups)
            preferences = replace(preferences, uncertainties=marks)
        orderings = preferences.orderings()
        if orderings is not None and orderings.count == 0:
            preferences = dm.preferences
        dms[i] = replace(dm, preferences=preferences)
    uncertain = replace(conflict, decision_makers=tuple(dms))
    while Variants(uncertain).count > max_variants:  # the most uncertain decision maker made certain again
        counts = [o.count if o is not None else 0 for o in Variants(uncertain).orderings]
        i = counts.index(max(counts))
        dms[i] = conflict.decision_makers[i]
        uncertain = replace(conflict, decision_makers=tuple(dms))
    return uncertain


def brute_variant_conflicts(conflict: Conflict, distinct: bool = True) -> list[Conflict]:
    """Every admissible variant as a certain model, enumerated apart from standoff's numbering; with
    ``distinct``, statement orders that rank the states alike count once (``tests/variant_reference.py``)."""
    return [model for _, model in variant_reference.readings(conflict, distinct)]


def brute_frequencies(conflict: Conflict) -> dict[str, dict[int, float]]:
    """Per concept and state code, the share of the variants in which the state is an equilibrium."""
    variants = brute_variant_conflicts(conflict)
    count: dict[str, Counter[int]] = {c: Counter() for c in CONCEPTS}
    for variant in variants:
        model = reference.ReferenceModel(variant)
        for concept in CONCEPTS:
            for code in model.feasible:
                if all(model.stable(concept, i, code) for i in range(model.n_dms)):
                    count[concept][code] += 1
    return {c: {code: n / len(variants) for code, n in count[c].items()} for c in CONCEPTS}


@given(uncertain_conflicts())
@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_frequencies_equal_a_brute_force_loop_over_the_variants(conflict: Conflict) -> None:
    expected = brute_frequencies(conflict)
    result = robustness(conflict)
    assert result.exhaustive
    assert result.variants == Variants(conflict).count == len(brute_variant_conflicts(conflict))
    codes = result.space.codes
    for k, concept in enumerate(result.concepts):
        got = {int(codes[s]): float(result.frequencies[k, s]) for s in range(codes.size)}
        want = {int(code): expected[concept].get(int(code), 0.0) for code in codes}
        assert got == pytest.approx(want), concept


# -- samples, seeds and batches --------------------------------------------------------------------------

HANOI = "examples/hanoi-2019.yaml"


def test_a_sample_is_drawn_when_there_are_too_many_variants(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(robustness_module, "EXHAUSTIVE_LIMIT", 10)
    numbers, exhaustive = variant_numbers(1000, 50, seed=3)
    assert not exhaustive and len(numbers) == 50 and all(0 <= n < 1000 for n in numbers)
    assert variant_numbers(1000, 50, seed=3) == (numbers, False)
    assert variant_numbers(1000, 50, seed=4)[0] != numbers
    assert variant_numbers(40, 50, seed=3) == (tuple(range(40)), True)  # more asked for than there are


def test_same_seed_same_answer_whatever_the_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(robustness_module, "EXHAUSTIVE_LIMIT", 10)
    conflict = standoff.load(HANOI)
    first = robustness(conflict, samples=60, seed=11, concepts="seq", batch_size=7)
    again = robustness(conflict, samples=60, seed=11, concepts="seq", batch_size=60)
    other = robustness(conflict, samples=60, seed=12, concepts="seq")
    assert not first.exhaustive and first.variants == 60
    assert first.margin == pytest.approx(1.96 * math.sqrt(0.25 / 60))
    assert "within 12.7 points" in rendered(robustness_table(first))
    assert first.to_dict() == again.to_dict()
    assert np.array_equal(first.verdicts, again.verdicts)
    assert first.numbers != other.numbers


def test_sampled_frequencies_are_those_of_the_sampled_variants(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each sampled number stands for one variant; the frequencies are the reference's over those variants."""
    monkeypatch.setattr(robustness_module, "EXHAUSTIVE_LIMIT", 0)
    conflict = standoff.loads(SMALL)
    result = robustness(conflict, samples=9, seed=5, batch_size=2)
    variants = Variants(conflict)
    everything = brute_variant_conflicts(conflict, distinct=False)
    by_order = {}
    for variant in everything:
        key = tuple(tuple(s.expression for s in dm.preferences.statements) for dm in variant.decision_makers)
        by_order[key] = variant
    counts: Counter[tuple[str, int]] = Counter()
    for number in result.numbers:
        orders = variants.orders(number)
        key = tuple(
            tuple(conflict.decision_makers[i].preferences.statements[item].expression for item, _ in order)
            if order is not None
            else tuple(s.expression for s in conflict.decision_makers[i].preferences.statements)
            for i, order in enumerate(orders)
        )
        model = reference.ReferenceModel(by_order[key])
        for concept in CONCEPTS:
            for code in model.feasible:
                if all(model.stable(concept, i, code) for i in range(model.n_dms)):
                    counts[concept, code] += 1
    codes = result.space.codes
    for k, concept in enumerate(result.concepts):
        for s, code in enumerate(codes):
            assert result.counts[k, s] == counts[concept, int(code)]


# -- what decides a verdict ------------------------------------------------------------------------------

SMALL = """
name: Two statements in doubt
decision_makers:
  - name: A
    options: [a]
    preferences:
      prioritization:
        - statement: b
        - statement: not a
          uncertain: true
        - statement: a
  - name: B
    options: [b]
    preferences:
      prioritization:
        - statement: a iff b
          uncertain: true
        - statement: not b
status_quo: NN
"""


def test_the_decisive_call_and_its_rule_are_found() -> None:
    """A's 'not a' above or below 'a' decides whether NN is Nash stable for A; B's call cannot matter."""
    result = robustness(standoff.loads(SMALL), concepts="nash")
    assert result.exhaustive and result.variants == 3 * 2
    (entry,) = result.to_dict()["decisive"]
    assert entry["state"] == "status quo" and entry["pattern"] == "NN"
    model = reference.ReferenceModel
    frequency = np.mean(
        [
            all(model(v).stable("nash", i, 0) for i in range(2))
            for v in brute_variant_conflicts(standoff.loads(SMALL))
        ]
    )
    assert entry["frequency"] == pytest.approx(frequency)
    if 0 < frequency < 1:
        assert entry["equilibrium"] == "depends"
        assert [c["place"] for c in entry["calls"]] == ["decision_makers[0].preferences.prioritization[1]"]
        assert {tuple(case["when"]) for case in entry["cases"]} == {
            ("A: 'not a' above 'a'",),
            ("A: 'not a' below 'a'",),
        }


@given(uncertain_conflicts(max_variants=30))
@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_decisive_calls_decide_and_no_fewer_do(conflict: Conflict) -> None:
    """Variants placing the decisive calls alike give the same verdict; no smaller set of calls does that."""
    conflict = replace(conflict, named_states=(), status_quo=None)
    space_codes = reference.feasible_codes(conflict)
    states = [reference.pattern(space_codes[0], len(conflict.options))]
    result = robustness(conflict, states=states)
    variants = Variants(conflict)
    orders = [variants.orders(n) for n in result.numbers]

    def placement(order: object, call: int) -> tuple[frozenset[int], int]:
        c = result.calls[call]
        items = [item for item, _ in order]  # type: ignore[attr-defined]
        at = items.index(c.item)
        return frozenset(items[:at]), dict(order)[c.item]  # type: ignore[arg-type]

    def decides(calls: tuple[int, ...], verdict: np.ndarray) -> bool:
        seen: dict[object, bool] = {}
        for v, order in enumerate(orders):
            key = tuple(placement(order[result.calls[c].decision_maker], c) for c in calls)
            if seen.setdefault(key, bool(verdict[v])) != bool(verdict[v]):
                return False
        return True

    for concept in result.concepts:
        verdict = result.verdict(0, concept)
        decision = result.decisions[0, concept]
        if verdict.all() or not verdict.any():
            assert decision.calls == ()
            continue
        assert decides(decision.calls, verdict)
        for smaller in itertools.combinations(range(len(result.calls)), len(decision.calls) - 1):
            assert not decides(smaller, verdict)


# -- the result object -----------------------------------------------------------------------------------


def test_result_frame_dict_and_html() -> None:
    result = standoff.loads(SMALL).robustness(concepts=("nash", "seq"))
    frame = result.to_frame()
    assert list(frame.columns) == ["Nash", "SEQ"]
    assert frame.shape == (4, 2)
    assert frame["SEQ"].tolist() == result.frequencies[1].tolist()
    data = result.to_dict()
    assert {"variants", "exhaustive", "seed", "states", "decisive"} <= set(data)
    assert data["variants"] == 6 and data["exhaustive"] is True and data["seed"] == 0
    assert data["margin"] == 0.0
    for state in data["states"]:
        assert set(state) >= {"pattern", "name", "frequency"}
        assert set(state["frequency"]) == {"nash", "seq"}
    html = result._repr_html_()
    assert "<svg" in html and "status quo" in html
    assert repr(result).startswith("<Robustness 'Two statements in doubt': 6 variants")


def test_a_model_without_judgement_calls_has_one_variant() -> None:
    conflict = standoff.load("examples/prisoners-dilemma.yaml")
    result = robustness(conflict)
    analysis = conflict.analyze()
    assert result.variants == 1 and result.calls == ()
    for k, concept in enumerate(result.concepts):
        assert result.counts[k].tolist() == analysis.equilibrium_mask(concept).astype(int).tolist()


# -- the command line ------------------------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from standoff.interfaces import cli

    cli._register_commands()
    result = CliRunner().invoke(cli.app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_command_keeps_the_json_contract(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    code, out, _ = _run("robustness", str(path), "--format", "json", "--concepts", "nash,seq", "--seed", "4")
    assert code == 0
    data = json.loads(out)
    assert isinstance(data["variants"], int) and data["variants"] == 6
    assert data["exhaustive"] is True and data["seed"] == 4
    for state in data["states"]:
        assert isinstance(state["pattern"], str) and (state["name"] is None or isinstance(state["name"], str))
        assert set(state["frequency"]) == {"nash", "seq"}
        assert all(isinstance(f, float) for f in state["frequency"].values())
    assert isinstance(data["decisive"], list) and data["decisive"]
    assert data == robustness(standoff.load(path), concepts=("nash", "seq"), seed=4).to_dict()


def test_scheduler_without_dask_is_refused_with_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a)
    )
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    code, out, err = _run("robustness", str(path), "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2 and out == ""
    assert "pip install 'standoff[distributed]'" in err
    assert "Traceback" not in err


@pytest.mark.distributed
def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="Dask is not installed: pip install 'standoff[distributed]'")
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    code, _, err = _run("robustness", str(path), "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "Traceback" not in err


# -- the model format ------------------------------------------------------------------------------------


def test_judgement_calls_are_read_written_and_read_back() -> None:
    from standoff.io.native import dump_yaml

    conflict = standoff.load(HANOI)
    assert standoff.loads(dump_yaml(conflict)) == conflict
    ranked = standoff.loads(RANKED)
    assert standoff.loads(dump_yaml(ranked)) == ranked
    preferences = ranked.decision_makers[0].preferences
    assert isinstance(preferences, Ranking) and preferences.uncertain is False
    assert preferences.uncertainties == (None, Uncertainty((2, 3)), None)
    assert preferences.notes[1] == ("", "a guess")
    assert ranked.decision_makers[1].preferences.uncertain is True
    assert Variants(ranked).count == 2 * 2


RANKED = """
name: Ranked
decision_makers:
  - name: A
    options: [a]
    preferences:
      ranking: [YY, {group: [YN, NY], uncertain: true, positions: [2, 3], note: a guess}, NN]
  - name: B
    options: [b]
    preferences:
      uncertain: true
      prioritization: [b, a]
"""


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("positions: [2, 1]", "positions [2, 1]: the first place comes after the last"),
        ("positions: [1, 4]", "positions [1, 4]: the list has 3 places"),
        ("positions: [0, 1]", "greater than or equal to 1"),
        (
            "uncertain: false\n          positions: [1, 2]",
            "positions is for an uncertain item: add uncertain: true",
        ),
        ("or_instead: [c]", "unknown option 'c'"),
        ("uncertain: 1", "boolean"),
    ],
)
def test_bad_judgement_calls_are_reported_with_their_place(tmp_path: Path, change: str, problem: str) -> None:
    text = SMALL.replace(
        "        - statement: not a\n          uncertain: true",
        f"        - statement: not a\n          {change}",
    )
    if not change.startswith("uncertain"):
        text = text.replace(f"          {change}", f"          uncertain: true\n          {change}")
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    code, _, err = _run("validate", str(path))
    assert code == 2, err
    assert "decision_makers[0].preferences.prioritization[1]" in err
    assert problem in err


def test_ranges_that_admit_no_order_are_refused(tmp_path: Path) -> None:
    text = SMALL.replace(
        "        - statement: b\n",
        "        - statement: b\n          uncertain: true\n          positions: [1, 1]\n",
    ).replace(
        "          uncertain: true\n        - statement: a\n",
        "          uncertain: true\n          positions: [1, 1]\n        - statement: a\n",
    )
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    code, _, err = _run("validate", str(path))
    assert code == 2
    assert (
        "decision_makers[0].preferences.prioritization: the positions of the uncertain items admit no order"
        in err
    )


def test_payoffs_cannot_be_uncertain(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: p\ndecision_makers:\n  - name: A\n    options: [a]\n    preferences:\n      uncertain: true\n"
        "      payoffs: [{state: a, value: 1}]\n  - name: B\n    options: [b]\n    preferences:\n"
        "      ranking: [YY, YN, NY, NN]\n"
    )
    code, _, err = _run("validate", str(path))
    assert code == 2
    assert "decision_makers[0].preferences.uncertain: payoffs cannot be uncertain" in err


def test_the_compiled_engine_gives_the_same_frequencies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Models too large for the listed engine are swept with the compiled one: the same answer."""
    from standoff.analyses import stability

    conflict = standoff.loads(SMALL)
    listed = robustness(conflict)
    monkeypatch.setattr(stability, "is_small", lambda space: False)
    assert not Sweep(conflict, ("nash",), ()).listed
    compiled = robustness(conflict)
    assert np.array_equal(listed.counts, compiled.counts)
    assert np.array_equal(listed.verdicts, compiled.verdicts)


def test_the_report_shows_the_judgement_calls_when_the_model_has_some(hanoi_report: Report) -> None:
    hanoi = hanoi_report
    assert hanoi.robustness is not None and hanoi.robustness.concepts == ("seq",)
    html = hanoi.to_html()
    section = html[html.index('<section id="robustness">') :]
    assert '<svg class="robustness-chart"' in section
    share = hanoi.robustness.frequency("status_quo")
    assert f"status_quo under SEQ: {share * 100:.1f}%" in section  # a bar's tooltip, the analysis's share
    assert hanoi.robustness.to_svg() in section  # the chart standoff robustness --format svg draws
    # the status quo hangs on the United States' freeze for freeze (or the suspension for its own sake)
    assert "decided by the calls United States: &#x27;suspend_exercises iff test_freeze&#x27;" in section
    # 40 orders of the United States' statements x 340 of the DPRK's x 4 readings of the two uncertain
    # directions = 54,400 orders; the DPRK's 340 orders rank the states in 306 distinct ways, so there are
    # 40 x 306 x 4 = 48,960 readings (checked against the plain enumeration in test_hanoi_readings below):
    # more than 10,000, so the report analyses its sample of 1,000
    assert hanoi.to_dict()["robustness"]["variants"] == 1000
    assert hanoi.to_dict()["robustness"]["orders"] == 54400
    plain = standoff.report(standoff.load("examples/prisoners-dilemma.yaml"))
    assert plain.robustness is None and '<section id="robustness">' not in plain.to_html()


def test_the_format_reference_example_reads() -> None:
    """The judgement-calls example of docs/reference/model-format.md is a valid prioritization."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "reference" / "model-format.md").read_text()
    block = doc.split("### Judgement calls", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    statements = "\n".join("      " + line for line in block.splitlines())
    model = standoff.loads(
        "name: doc\ndecision_makers:\n  - name: US\n    options: [lift_sanctions, partial_relief, "
        "suspend_exercises]\n    preferences:\n" + statements + "\n  - name: DPRK\n    options: "
        "[dismantle_yongbyon]\n    preferences:\n      prioritization: [dismantle_yongbyon]\n"
    )
    calls = Variants(model).calls
    assert [c.positions for c in calls] == [(1, 2), (2, 2)]
    assert len(calls[1].wordings) == 2


def test_the_help_says_how_to_install_dask() -> None:
    code, out, _ = _run("robustness", "--help")
    assert code == 0
    assert "pip install 'standoff[distributed]'" in " ".join(out.replace("│", " ").split())


@pytest.mark.slow
def test_hanoi_readings() -> None:
    """The Hanoi model's distinct readings per decision maker, counted by the plain enumeration."""
    conflict = standoff.load(HANOI)
    feasible = reference.feasible_codes(conflict)
    counts = []
    for dm in conflict.decision_makers:
        options = variant_reference.preference_orders(dm.preferences)
        counts.append((len(options), len({variant_reference.ranking_key(p, feasible) for p in options})))
    # United States: the freeze at place 1 or 2 (3 is the relief statement's), new relations at a free
    # place from 2 to 6 (4 or 6 when the freeze is at 2; 5 is the freeze for freeze's): 3 + 2 = 5
    # placements, times two wordings each of relief, new relations and freeze for freeze: 5 x 8 = 40,
    # all distinct. DPRK: the 170 orders of the second edition times two wordings of its deterrent.
    assert counts == [(40, 40), (340, 306)]
    assert Variants(conflict).count == 40 * 306 * 4  # times the two directions of two options


def test_a_share_is_read_under_a_concept_the_sweep_computed() -> None:
    """``frequency`` reads SEQ by default, the one concept of a sweep that computed only one, and
    refuses, naming what was computed, a concept the sweep did not compute."""
    conflict = standoff.load(HANOI)
    two = conflict.robustness(concepts=("nash", "gmr"), samples=20, seed=1)
    status_quo = int(np.flatnonzero(two.space.codes == conflict.analyze("nash").codes[186])[0])  # state 187
    assert two.frequency("status_quo", "GMR") == float(two.frequencies[1, status_quo])
    assert two.frequency("status_quo", "nash") == float(two.frequencies[0, status_quo])
    with pytest.raises(standoff.errors.ConceptError, match="did not compute SEQ: it computed Nash, GMR"):
        two.frequency("status_quo")
    one = conflict.robustness(concepts=("gmr",), samples=20, seed=1)
    assert one.frequency("status_quo") == float(one.frequencies[0, status_quo])
