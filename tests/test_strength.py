"""Strength of preference: strong and weak GMR, SMR and SEQ stability, and the model format that gives it.

Hamouda, Kilgour & Hipel, "Strength of preference in the graph model for conflict resolution",
Group Decision and Negotiation 13 (2004), and "... for multiple-decision-maker conflicts", Applied
Mathematics and Computation 179 (2006). ``s`` is strongly GMR (SMR, SEQ) stable for ``i`` when every
required sanction ``s2`` (and every escape ``s3`` from it, for SMR) is strongly worse for ``i`` than
``s``. The engine (both of its paths) must agree with ``tests/reference.py``, which reads ``>>``
straight off the model (the first differing statement, the ``">>"`` between groups, the payoff gap).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings

import standoff
from profiles import examples
from reference import STRONG_CONCEPTS, ReferenceModel
from standoff.analyses.stability import Engine, analyze
from standoff.engine.space import DenseLimits, StateSpace
from standoff.errors import ConceptError
from standoff.model.conflict import Conflict
from strategies import strong_conflicts, summary

ENGINES: tuple[Engine, ...] = ("listed", "numba")
ORDINARY = {"gmr_strong": "gmr", "smr_strong": "smr", "seq_strong": "seq"}
ALL = ("nash", "gmr", "smr", "seq", *STRONG_CONCEPTS)


def _analyze(conflict: Conflict, engine: Engine, *, dense: bool = True) -> dict[str, np.ndarray]:
    """Every concept of :data:`ALL`; ``dense=False``: with every dense table off (binary searches)."""
    space = None if dense else StateSpace.build(conflict, limits=DenseLimits(lookup=0, group_table=0))
    return dict(analyze(conflict, ALL, engine=engine, space=space).stable)


def _has_strength(conflict: Conflict) -> bool:
    from standoff.engine.strength import has_strength

    return has_strength(conflict)


@given(strong_conflicts())
@settings(max_examples=examples(200))
def test_both_engines_agree_with_the_reference_on_the_strong_concepts(conflict: Conflict) -> None:
    if not _has_strength(conflict):
        with pytest.raises(ConceptError, match="strength of preference"):
            analyze(conflict, "gmr_strong")
        return
    model = ReferenceModel(conflict)
    runs = [(engine, _analyze(conflict, engine)) for engine in ENGINES]
    runs.append(("numba, no dense table", _analyze(conflict, "numba", dense=False)))
    for engine, stable in runs:
        for concept in STRONG_CONCEPTS:
            for i in range(model.n_dms):
                for s, code in enumerate(model.feasible):
                    expected = model.stable(concept, i, code)
                    assert bool(stable[concept][i, s]) == expected, (
                        f"{engine}: {concept} for DM{i} at state {s + 1}\n{summary(conflict)}"
                    )


@given(strong_conflicts())
@settings(max_examples=examples(100))
def test_strong_stability_implies_ordinary_stability_and_nash_implies_strong(conflict: Conflict) -> None:
    # B(s) < rank(s), so a strongly worse sanction is a sanction; a state with no improvement needs none
    if not _has_strength(conflict):
        return
    stable = _analyze(conflict, "numba")
    for strong, ordinary in ORDINARY.items():
        assert not (stable[strong] & ~stable[ordinary]).any(), strong
        assert not (stable["nash"] & ~stable[strong]).any(), strong
    # SMR's sanctions are GMR's with a condition more: strong SMR ⊆ strong GMR
    assert not (stable["smr_strong"] & ~stable["gmr_strong"]).any()


@given(strong_conflicts(mode="all"))
@settings(max_examples=examples(100))
def test_when_every_preference_is_strong_strong_stability_is_stability_under_strictly_worse_sanctions(
    conflict: Conflict,
) -> None:
    # Every statement strong: the first statement on which s and q differ is strong, so s > q ⇒ s >> q.
    # A '>>' between every two groups: s > q puts them in different tiers. Whole-number payoffs with a
    # threshold of at most 1: s > q is a gap of at least 1. So ">>" is ">", and strong GMR (SMR, SEQ) is
    # the ordinary definition with "s2 <_i s" (strictly worse) where it says "s2 <=_i s". It is not the
    # ordinary concept: an equally preferred sanction (or the opponents' way back to s itself) deters
    # mildly only. Checked here against that strict reading of the definitions, not against ">>".
    # (A model whose every ranking is one group has no strict preference and so no strength: the strong
    # concepts refuse it, as test_both_engines_agree_with_the_reference_on_the_strong_concepts checks.)
    assume(_has_strength(conflict))
    model = ReferenceModel(conflict)
    for engine in ENGINES:
        stable = _analyze(conflict, engine)
        for strong, ordinary in ORDINARY.items():
            for i in range(model.n_dms):
                for s, code in enumerate(model.feasible):
                    expected = _strictly_sanctioned(model, ordinary, i, code)
                    assert bool(stable[strong][i, s]) == expected, f"{engine} {strong}\n{summary(conflict)}"


def _strictly_sanctioned(model: ReferenceModel, concept: str, dm: int, code: int) -> bool:
    """GMR, SMR or SEQ with every sanction (and SMR escape) strictly less preferred than ``code``."""
    others = model.opponents(dm)
    for s1 in model.unilateral_improvements(dm, code):
        answers = model.coalition_moves(others, s1, improving=concept == "seq")
        if not any(
            model.prefers(dm, code, s2)
            and (
                concept != "smr" or all(model.prefers(dm, code, s3) for s3 in model.unilateral_moves(dm, s2))
            )
            for s2 in answers
        ):
            return False
    return True


@given(strong_conflicts(mode="all"))
@settings(max_examples=examples(100))
def test_a_decision_maker_with_no_strength_is_strongly_stable_exactly_where_nash_stable(
    conflict: Conflict,
) -> None:
    # Take the strength away from the first decision maker: nothing is strongly worse than anything for
    # it (B(s) = -1), so no sanction is severe enough and only a state without improvements is strongly
    # stable for it: strong GMR = strong SMR = strong SEQ = Nash. The others keep theirs.
    from dataclasses import replace

    first = conflict.decision_makers[0]
    plain = replace(first, preferences=_without_strength(first.preferences))
    conflict = replace(conflict, decision_makers=(plain, *conflict.decision_makers[1:]))
    if not _has_strength(conflict):
        return
    for engine in ENGINES:
        stable = _analyze(conflict, engine)
        for strong in STRONG_CONCEPTS:
            assert np.array_equal(stable[strong][0], stable["nash"][0]), f"{engine} {strong}"


def _without_strength(preferences: object) -> object:
    from dataclasses import replace

    from standoff.model.preferences import Payoffs, Prioritization

    if isinstance(preferences, Prioritization):
        return Prioritization(tuple(replace(t, strong=False) for t in preferences.statements))
    if isinstance(preferences, Payoffs):
        return replace(preferences, strong_threshold=None)
    return replace(preferences, tier_breaks=())


# ---------------------------------------------------------------------------
# A small case worked by hand
# ---------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
PRICE_WAR = ROOT / "examples" / "price-war.yaml"


def test_price_war_worked_by_hand() -> None:
    """examples/price-war.yaml, patterns (expand, cut_prices), states 1 NN, 2 YN, 3 NY, 4 YY.

    Firm: statements "not cut_prices" (strong), then "expand": scores NN 2, YN 3, NY 0, YY 1; the
    strong tiers are {NN, YN} >> {NY, YY}. Rival: NY >> [NN, YY] > YN (a '>>' after NY only).

    - NN for Firm: its improvement YN is answered by Rival's YN → YY (an improvement for Rival, 0 → 1),
      and Firm strongly prefers NN to YY (they first differ on the strong "not cut_prices"); Firm's only
      escape from YY is NY, strongly worse too: strongly GMR, SMR and SEQ stable.
    - NN for Rival: its improvement NY is answered by Firm's NY → YY (an improvement for Firm, 0 → 1),
      which Rival ranks equal to NN: a mild sanction only, so weakly stable (GMR, SMR, SEQ, not strong).
    - YY: neither moves to anything better (Firm's NY and Rival's YN are worse): Nash, so strongly stable.
    - YN is unstable for Rival (YY, then Firm's YY → NY gives it its best) and NY for Firm (YY, then
      Rival's YY → YN gives Firm its best).

    So GMR, SMR and SEQ have the equilibria NN and YY; their strong forms only YY: NN is a weak
    equilibrium.
    """
    conflict = standoff.load(PRICE_WAR)
    for engine in ENGINES:
        stable = analyze(conflict, ALL, engine=engine).stable
        for ordinary in ("gmr", "smr", "seq"):
            assert stable[ordinary].astype(int).tolist() == [[1, 1, 0, 1], [1, 0, 1, 1]], engine
            assert stable[f"{ordinary}_strong"].astype(int).tolist() == [[1, 1, 0, 1], [0, 0, 1, 1]], engine
    result = analyze(conflict, ("gmr", "gmr_strong"))
    assert [s.number for s in result.equilibria["gmr"]] == [1, 4]
    assert [s.number for s in result.equilibria["gmr_strong"]] == [4]


def test_explain_names_the_strong_sanction_or_the_mild_one() -> None:
    conflict = standoff.load(PRICE_WAR)
    why = conflict.explain("NN", "gmr_strong")
    firm, rival = why.decision_makers
    assert firm.stable and not rival.stable
    (item,) = firm.improvements
    ((concept, sanction),) = item.sanctions
    assert concept == "gmr_strong" and sanction is not None and sanction.state == 4
    (item,) = rival.improvements
    assert item.sanctions == (("gmr_strong", None),)
    ((concept, mild),) = item.mild
    assert concept == "gmr_strong" and mild.concept == "gmr" and mild.state == 4
    text = str(why)
    assert "likes strongly less than state 1 NN" in text
    assert "only a mild sanction exists: under GMR, Firm would take expand (state 4 YY)" in text
    record = why.to_dict()["decision_makers"][1]["improvements"][0]["sanctions"][0]
    assert record["deterred"] is False and record["mild"]["state"] == "YY"


# ---------------------------------------------------------------------------
# The model format, the command line and the other ways out
# ---------------------------------------------------------------------------

HEAD = """\
name: V
decision_makers:
  - name: A
    options: [a]
    preferences:
"""
TAIL = """\
  - name: B
    options: [b]
    preferences:
      ranking: [NY, YY, NN, YN]
"""


def _model(tmp_path: Path, preferences: str) -> Path:
    path = tmp_path / "model.yaml"
    path.write_text(HEAD + preferences + TAIL, encoding="utf-8")
    return path


def test_strength_survives_a_yaml_round_trip(tmp_path: Path) -> None:
    from standoff.io.native import dump_yaml

    for source in (
        PRICE_WAR,
        _model(tmp_path, "      payoffs:\n        - {state: a, value: 2}\n      strong_threshold: 1.5\n"),
    ):
        conflict = standoff.load(source)
        again = standoff.loads(dump_yaml(conflict), format="yaml")
        assert [dm.preferences for dm in again.decision_makers] == [
            dm.preferences for dm in conflict.decision_makers
        ]
        assert dump_yaml(again) == dump_yaml(conflict)
    price_war = standoff.load(PRICE_WAR)
    assert price_war.decision_makers[1].preferences.tier_breaks == (1,)
    assert [s.strong for s in price_war.decision_makers[0].preferences.statements] == [True, False]


@pytest.mark.parametrize(
    ("preferences", "place", "problem"),
    [
        (
            "      prioritization:\n        - a\n        - {statement: not b, strong: true}\n",
            "model.yaml:8:30: decision_makers[0].preferences.prioritization[1].strong:",
            "statement 2 is strong but statement 1 above it is mild: strong statements must come first",
        ),
        (
            '      ranking: [">>", NY, YY, NN, YN]\n',
            "model.yaml:6:17: decision_makers[0].preferences.ranking[0]:",
            "'>>' comes first",
        ),
        (
            '      ranking: [NY, YY, NN, YN, ">>"]\n',
            "model.yaml:6:33: decision_makers[0].preferences.ranking[4]:",
            "'>>' comes last",
        ),
        (
            '      ranking: [NY, ">>", ">>", YY, NN, YN]\n',
            "model.yaml:6:27: decision_makers[0].preferences.ranking[2]:",
            "'>>' twice in a row",
        ),
        (
            "      payoffs:\n        - {state: a, value: 2, strong: true}\n",
            "model.yaml:7:32: decision_makers[0].preferences.payoffs[0].strong:",
            "unknown key 'strong'",
        ),
        (
            "      prioritization: [a]\n      strong_threshold: 1\n",
            "model.yaml:7:7: decision_makers[0].preferences.strong_threshold:",
            "strong_threshold is for payoffs",
        ),
        (
            "      payoffs:\n        - {state: a, value: 2}\n      strong_threshold: 0\n",
            "model.yaml:8:7: decision_makers[0].preferences.strong_threshold:",
            "greater than 0",
        ),
        (
            '      uncertain: true\n      ranking: [NY, ">>", YY, NN, YN]\n',
            "model.yaml:7:7: decision_makers[0].preferences.ranking:",
            "'>>' needs a certain order",
        ),
    ],
)
def test_validation_refuses_misplaced_strength_in_one_line_naming_the_place(
    tmp_path: Path, preferences: str, place: str, problem: str
) -> None:
    from test_cli import run

    code, out, err = run("validate", str(_model(tmp_path, preferences)))
    assert code == 2, out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert place in lines[0] and problem in lines[0], lines[0]


def test_the_command_line_computes_the_strong_concepts_into_json_and_refuses_them_without_strength() -> None:
    import json

    from test_cli import run

    code, out, _ = run("analyze", str(PRICE_WAR), "-c", "gmr,gmr_strong,seq_strong", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["concepts"] == ["gmr", "gmr_strong", "seq_strong"]
    assert data["states"][0]["stable"]["Rival"] == {"gmr": True, "gmr_strong": False, "seq_strong": False}
    assert data["equilibria"]["gmr_strong"] == ["YY"]
    code, _, err = run("analyze", str(ROOT / "examples" / "prisoners-dilemma.yaml"), "-c", "gmr_strong")
    assert code == 2
    assert "gmr_strong needs strength of preference, which the model does not give" in err
    code, _, err = run("explain", str(ROOT / "examples" / "prisoners-dilemma.yaml"), "1", "-c", "seq_strong")
    assert code == 2 and "seq_strong needs strength of preference" in err


def test_the_strong_concepts_are_asked_for_not_computed_by_default() -> None:
    result = standoff.load(PRICE_WAR).analyze()
    assert result.concepts == ("nash", "gmr", "smr", "seq", "sim", "seqsim")


def test_gmcr_export_drops_strength_with_a_warning(tmp_path: Path) -> None:
    from standoff.io.gmcr import GmcrExportWarning, write_gmcr

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_gmcr(standoff.load(PRICE_WAR), tmp_path / "price-war.gmcr")
    said = [str(w.message) for w in caught if issubclass(w.category, GmcrExportWarning)]
    assert any("the strength of preference of Firm, Rival" in line for line in said), said


@pytest.mark.parametrize(
    "command",
    [
        ("robustness", str(PRICE_WAR), "-c", "gmr_strong"),
        ("audit", str(PRICE_WAR), "-c", "seq_strong"),
        ("whatif", str(PRICE_WAR), "--make", "NN", "-c", "smr_strong"),
        ("roadmap", str(PRICE_WAR), "--to", "YY", "-c", "gmr_strong"),
    ],
    ids=lambda command: command[0],
)
def test_analyses_that_do_not_take_strength_refuse_it_plainly(command: tuple[str, ...]) -> None:
    from test_cli import run

    code, _, err = run(*command)
    assert code == 2
    assert "does not take the strength-of-preference concepts" in err


def test_payoff_thresholds_are_judged_by_the_difference_as_written(tmp_path: Path) -> None:
    # 0.5 - 0.1 is 0.4, at the threshold: YN is strongly preferred to NY. But 0.5 - 0.4 is
    # 0.09999999999999998 in floating point, below 0.1: a bound found by searching the payoffs for
    # payoff - threshold alone would miss NY. The engine judges the pair as the definition does.
    path = _model(
        tmp_path,
        "      payoffs:\n        - {state: a, value: 0.5}\n        - {state: b, value: 0.1}\n"
        "      strong_threshold: 0.4\n",
    )
    conflict = standoff.load(path)
    model = ReferenceModel(conflict)
    yn, ny = 0b01, 0b10
    assert model.strongly_prefers(0, yn, ny)
    for engine in ENGINES:
        stable = _analyze(conflict, engine)
        for concept in STRONG_CONCEPTS:
            expected = [[model.stable(concept, i, code) for code in model.feasible] for i in range(2)]
            assert stable[concept].tolist() == expected, (engine, concept)
    from standoff.engine.strength import strength_bounds

    space = StateSpace.build(conflict)
    ranks = space.ranks[0].tolist()  # payoffs NN 0, YN 0.5, NY 0.1, YY 0.6
    assert strength_bounds(conflict, space)[0].tolist() == [-1, ranks[2], -1, ranks[2]]
