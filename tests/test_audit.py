"""What a conclusion rests on: robustness over every call and ``standoff audit``, against plain references.

The reference (``tests/variant_reference.py``) enumerates every combination
of the judgement calls' alternatives, builds each as an ordinary certain
model and analyses it with the plain stability functions of
``tests/reference.py``; nothing of standoff's variant numbering, sweeping
or audit is used. By-construction facts and roadmap needs are checked on
hand-built conflicts whose answers are derived in the comments.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import reference
import standoff
import variant_reference
from profiles import examples
from standoff.analyses.audit import audit, by_construction, roadmap_needs
from standoff.analyses.robustness import robustness
from standoff.engine.space import StateSpace
from standoff.errors import StandoffError
from standoff.model.conflict import Conflict, Direction
from standoff.model.expressions import literal, pattern
from standoff.model.preferences import Prioritization
from standoff.model.uncertainty import StructuralCall, Uncertainty
from strategies import conflicts

MAX_READINGS = 64


@st.composite
def called_conflicts(draw: st.DrawFn) -> Conflict:
    """A generated conflict (2-4 decision makers) with preference, direction, condition and fixed calls, a
    status quo and a named state; at most MAX_READINGS readings (counting orders)."""
    conflict = draw(conflicts(min_dms=2, max_dms=4, max_options=5))
    m = len(conflict.options)
    # rankings of exact states cannot rank states a dropped condition adds: prioritizations instead
    dms = []
    for dm in conflict.decision_makers:
        p = dm.preferences
        if not isinstance(p, Prioritization):  # a ranking, or payoffs: two plain statements instead
            mine, other = dm.options[0], (dm.options[0] + 1) % m
            p = Prioritization(
                (
                    replace_statement(literal(mine, True), conflict),
                    replace_statement(literal(other, False), conflict),
                )
            )
        if isinstance(p, Prioritization) and len(p.statements) > 1 and draw(st.integers(0, 3)) > 0:
            k = draw(st.integers(0, len(p.statements) - 1))
            p = replace(
                p,
                statements=tuple(
                    replace(s, uncertainty=Uncertainty()) if t == k else s for t, s in enumerate(p.statements)
                ),
            )
        dms.append(replace(dm, preferences=p))
    conflict = replace(conflict, decision_makers=tuple(dms))
    calls: list[StructuralCall] = []
    for j, option in enumerate(conflict.options):
        if draw(st.integers(0, 4)) == 0:
            others = [d.value for d in Direction if d is not option.direction]
            calls.append(StructuralCall("direction", j, (draw(st.sampled_from(others)),)))
    for k in range(len(conflict.infeasible)):
        if draw(st.booleans()):
            calls.append(StructuralCall("condition", k))
    fixed: tuple[tuple[int, bool], ...] = ()
    if draw(st.integers(0, 2)) > 0:
        j = draw(st.integers(0, m - 1))
        fixed = ((j, draw(st.booleans())),)
        if draw(st.integers(0, 3)) > 0:
            calls.append(StructuralCall("fixed", j))
    conflict = replace(conflict, fixed=fixed, structural=tuple(calls))
    feasible = reference.feasible_codes(variant_reference.settle(conflict, (0,) * len(calls)))
    assume(len(feasible) >= 2)
    names = [draw(st.sampled_from(feasible)) for _ in range(2)]
    text = ["".join("Y" if code >> j & 1 else "N" for j in range(m)) for code in names]
    conflict = replace(
        conflict,
        status_quo=pattern(text[0], m),
        named_states=(standoff_named("other", pattern(text[1], m)),),
    )
    assume(len(variant_reference.readings(conflict, distinct=False)) <= MAX_READINGS)
    return conflict


def replace_statement(expression, conflict: Conflict):  # type: ignore[no-untyped-def]
    from standoff.model.preferences import Statement

    return Statement(expression, text=conflict.describe(expression))


def standoff_named(name: str, expression):  # type: ignore[no-untyped-def]
    from standoff.model.conflict import NamedState

    return NamedState(name, expression)


def code_of(conflict: Conflict, expression) -> int:  # type: ignore[no-untyped-def]
    m = len(conflict.options)
    return next(c for c in range(1 << m) if reference._matches(expression, c))


# -- robustness over every call --------------------------------------------------------------------------


@given(called_conflicts())
@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_robustness_over_every_call_equals_the_plain_enumeration(conflict: Conflict) -> None:
    readings = variant_reference.readings(conflict)
    result = robustness(conflict, concepts=("nash", "seq", "sim"))
    assert result.exhaustive and result.variants == len(readings)
    exists: Counter[int] = Counter()
    stable: dict[str, Counter[int]] = {c: Counter() for c in result.concepts}
    for _, model in readings:
        plain = reference.ReferenceModel(model)
        exists.update(plain.feasible)
        for concept in result.concepts:
            stable[concept].update(variant_reference.equilibria(model, concept))
    codes = [int(c) for c in result.space.codes]
    assert set(codes) == set(exists)  # the states of every reading, together
    for s, code in enumerate(codes):
        assert result.exists[s] == exists[code]
        for k, concept in enumerate(result.concepts):
            assert result.counts[k, s] == stable[concept][code]
            assert result.necessary[k, s] == (stable[concept][code] == exists[code])
            assert result.possible[k, s] == (stable[concept][code] > 0)


def test_orders_that_rank_the_states_alike_are_one_reading() -> None:
    """B's statements 'b' (uncertain) and 'a'. With a fixed at N, 'a' holds nowhere, so both orders rank the
    states NN < NY alike: 2 orders, 1 reading. Without the fixed value, [b, a] scores NN 0, YN 1, NY 2, YY 3
    and [a, b] scores NN 0, NY 1, YN 2, YY 3: two rankings, 2 readings."""
    text = """
name: Encodings
decision_makers:
  - name: A
    options: [a]
    preferences: {prioritization: [a]}
  - name: B
    options: [b]
    preferences:
      prioritization:
        - {statement: b, uncertain: true}
        - a
"""
    fixed = robustness(standoff.loads(text + "fixed: {a: N}\n"))
    assert fixed.orders == 2 and fixed.variants == 1
    free = robustness(standoff.loads(text))
    assert free.orders == 2 and free.variants == 2
    # as a structural call, the fixed value gives 1 reading fixed + 2 free = 3
    called = robustness(standoff.loads(text + "fixed: {a: {value: N, uncertain: true}}\n"))
    assert called.orders == 4 and called.variants == 3


def test_weights_move_the_share_and_not_the_ordinal_verdicts() -> None:
    """Ceasefire example with weight 0.9 on the fixed aid (its one alternative, aid free, weighs 0.1; the
    other calls carry no weight). The weighted share of a state is the sum of the weights of the readings in
    which it is an equilibrium over the sum of the weights of those in which it exists, from the plain
    enumeration; the ordinal verdicts do not move."""
    text = Path("examples/ceasefire.yaml").read_text(encoding="utf-8")
    marked = "aid: {value: N, uncertain: true,"
    assert marked in text
    weighted = standoff.loads(text.replace(marked, marked + " weight: 0.9,"))
    plain = robustness(standoff.loads(text), concepts="seq")
    heavy = robustness(weighted, concepts="seq")
    assert heavy.weighted and not plain.weighted
    assert heavy.necessary.tolist() == plain.necessary.tolist()
    assert heavy.possible.tolist() == plain.possible.tolist()
    fixed_call = [c.kind for c in weighted.structural].index("fixed")
    exists: dict[int, float] = {}  # per state code, the weight of the readings in which it exists
    held: dict[int, float] = {}  # ... and in which it is a SEQ equilibrium
    for choices, model in variant_reference.readings(weighted):
        w = 0.9 if choices[fixed_call] == 0 else 0.1
        for code in reference.ReferenceModel(model).feasible:
            exists[code] = exists.get(code, 0.0) + w
        for code in variant_reference.equilibria(model, "seq"):
            held[code] = held.get(code, 0.0) + w
    assert heavy.weighted_frequencies is not None
    for s, code in enumerate(int(c) for c in heavy.space.codes):
        expected = held.get(code, 0.0) / exists[code]
        assert heavy.weighted_frequencies[0, s] == pytest.approx(expected)
    truce = heavy.space.index(int("".join(reversed("YNYNN".replace("Y", "1").replace("N", "0"))), 2))
    # the truce holds exactly where aid stays fixed (see the how-to): 0.9 against 0.1 per reading pair
    assert heavy.weighted_frequencies[0, truce] == pytest.approx(0.9)


# -- the audit --------------------------------------------------------------------------------------------


def moved_models(conflict: Conflict, written: Conflict) -> dict[int, list[Conflict]]:
    """Per call number (preference calls first, in model order, then structural ones), the models with that
    call alone changed to each alternative, built directly from the definitions."""
    out: dict[int, list[Conflict]] = {}
    n = 0
    for i, dm in enumerate(conflict.decision_makers):
        p = dm.preferences
        if not isinstance(p, Prioritization):
            continue
        for k, s in enumerate(p.statements):
            if s.uncertainty is None:
                continue
            models = []
            plain_statements = written.decision_makers[i].preferences.statements  # type: ignore[union-attr]
            for place in range(len(p.statements)):
                if place == k:
                    continue
                rest = [x for t, x in enumerate(plain_statements) if t != k]
                rest.insert(place, plain_statements[k])
                dms = list(written.decision_makers)
                dms[i] = replace(dms[i], preferences=Prioritization(tuple(rest)))
                models.append(replace(written, decision_makers=tuple(dms)))
            out[n] = models
            n += 1
    for k, call in enumerate(conflict.structural):
        models = []
        for choice in range(1, call.choices):
            choices = [0] * len(conflict.structural)
            choices[k] = choice
            settled = variant_reference.settle(conflict, tuple(choices))
            models.append(replace(settled, decision_makers=written.decision_makers))
        out[n] = models
        n += 1
    return out


@given(called_conflicts())
@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_audit_equals_the_plain_enumeration(conflict: Conflict) -> None:
    result = audit(conflict, "seq")
    written_choices = (0,) * len(conflict.structural)
    written = variant_reference.settle(conflict, written_choices)
    dms = [
        replace(
            dm,
            preferences=replace(
                dm.preferences,
                statements=tuple(replace(s, uncertainty=None) for s in dm.preferences.statements),
            ),
        )
        if isinstance(dm.preferences, Prioritization)
        else dm
        for dm in written.decision_makers
    ]
    written = replace(written, decision_makers=tuple(dms))
    readings = variant_reference.readings(conflict)
    alternatives = moved_models(conflict, written)
    assert len(result.calls) == len(alternatives)
    for verdict in result.verdicts:
        code = int(verdict.pattern.replace("Y", "1").replace("N", "0")[::-1], 2)
        here = variant_reference.equilibria(written, "seq")
        assert verdict.stable == (code in here)
        for concept in reference.CONCEPTS:
            assert verdict.by_concept[concept] == (code in variant_reference.equilibria(written, concept))
        present = [m for _, m in readings if code in reference.ReferenceModel(m).feasible]
        held = [m for m in present if code in variant_reference.equilibria(m, "seq")]
        assert verdict.present == pytest.approx(len(present) / len(readings))
        if present:
            assert verdict.frequency == pytest.approx(len(held) / len(present))
        flipping = set()
        for n, models in alternatives.items():
            for model in models:
                exists = code in reference.ReferenceModel(model).feasible
                if exists and (code in variant_reference.equilibria(model, "seq")) != verdict.stable:
                    flipping.add(f"c{n + 1}")
        assert {call for call, _ in verdict.decisive} == flipping
    # unused: dropping the statement alone changes no verdict on the named states
    codes = [int(v.pattern.replace("Y", "1").replace("N", "0")[::-1], 2) for v in result.verdicts]
    base = {c: c in variant_reference.equilibria(written, "seq") for c in codes}
    expected = []
    for i, dm in enumerate(written.decision_makers):
        p = dm.preferences
        if not isinstance(p, Prioritization) or len(p.statements) < 2:
            continue
        for k, s in enumerate(p.statements):
            fewer = list(written.decision_makers)
            fewer[i] = replace(
                dm, preferences=Prioritization(tuple(x for t, x in enumerate(p.statements) if t != k))
            )
            model = replace(written, decision_makers=tuple(fewer))
            found = variant_reference.equilibria(model, "seq")
            if {c: c in found for c in codes} == base:
                expected.append((dm.name, s.text or written.describe(s.expression)))
    assert list(result.unused) == expected


# -- by construction, hand-built ---------------------------------------------------------------------------

CONSTRUCTED = """
name: Built
decision_makers:
  - name: A
    options:
      - {name: a, direction: forward}
      - b
    preferences:
      prioritization: [a, c]
  - name: B
    options: [c]
    preferences:
      ranking: [[NNN, YNN, NYN, YYN], [NNY, YNY, NYY, YYY]]
status_quo: NNN
states:
  top: YNN
  stuck: YNY
"""


def test_by_construction_on_a_hand_built_conflict() -> None:
    """Derived by hand. A ranks by 'a' then 'c'; B likes every state with c = N (one tie group) above every
    state with c = Y (another).

    - YNN: A's most preferred group is a = Y, c = Y (score 3), so YNN (score 2) is not top for A: no
      top_for_all. A's moves from YNN: b alone (YYN: same score 2, indifferent) and 'a' cannot be undone
      (forward), so A's only move reaches YYN, liked as much: indifferent:A. B's move to YNY is worse.
    - YNY: A's score 3 (a and c): A's moves reach YYY (score 3): indifferent:A. B moves to YNN (c = N) which
      it prefers: no fact for B.
    - NNN: B's move to NNY is worse (c = Y); A's moves reach YNN, NYN, YYN: not all alike.
    - YYY with c fixed at Y: B has no move (its only option is fixed) and YYY is A's top and B's only group:
      top_for_all and no_moves:B.
    """
    conflict = standoff.loads(CONSTRUCTED)
    space = StateSpace.build(conflict)
    at = {space.pattern(s): s for s in range(space.n_states)}
    assert by_construction(conflict, space, at["YNN"]) == ("indifferent:A",)
    assert by_construction(conflict, space, at["YNY"]) == ("indifferent:A",)
    assert by_construction(conflict, space, at["NNN"]) == ()
    fixed = conflict.fix({"c": "Y"})
    space = StateSpace.build(fixed)
    at = {space.pattern(s): s for s in range(space.n_states)}
    assert by_construction(fixed, space, at["YYY"]) == ("top_for_all", "indifferent:A", "no_moves:B")


# -- roadmap needs, hand-built -----------------------------------------------------------------------------

EXCHANGE = """
name: Exchange
decision_makers:
  - name: A
    options: [a1, a2]
    preferences:
      prioritization: [b, not a1, not a2]
  - name: B
    options: [b]
    preferences:
      prioritization: [a1 and a2, not b]
status_quo: NNN
states:
  deal: YYY
targets: [deal]
"""


def test_roadmap_needs_two_options_and_two_movers_for_a_joint_exchange() -> None:
    """A wants b above all, then a1 and a2 at N; B wants a1 and a2 both, then b at N. From NNN no single
    option moved by one side is an improvement toward YYY, so the default search finds nothing. The
    reported needs are checked against a brute force over every (step size, movers) with the public roadmap
    search: each reported pair finds a roadmap, and they are exactly the pairs no smaller pair dominates
    (whatever stage rule the search applies, which another change may revise)."""
    conflict = standoff.loads(EXCHANGE)
    needs = roadmap_needs(conflict, "deal")
    largest, most = needs.largest_step, needs.most_movers
    assert (largest, most) == (2, 2)

    def exists(k: int, m: int, rule: str) -> bool:
        return conflict.roadmap("deal", step_size=k, movers=m, rule=rule, max_roadmaps=1).found

    rule = "target" if needs.needs_leap_of_faith else "improve"
    table = {(k, m): exists(k, m, rule) for k in range(1, largest + 1) for m in range(1, most + 1)}
    minimal = sorted(
        (k, m)
        for (k, m), ok in table.items()
        if ok
        and not any(table[k2, m2] for k2 in range(1, k + 1) for m2 in range(1, m + 1) if (k2, m2) != (k, m))
    )
    assert sorted((k, m) for k, m, _ in needs.needs) == minimal
    assert needs.found == exists(1, 2, "improve")
    if needs.needs_leap_of_faith:
        assert not any(exists(k, m, "improve") for k in range(1, largest + 1) for m in range(1, most + 1))


def test_roadmap_needs_one_step_when_a_single_move_is_enough() -> None:
    """Prisoners' dilemma from mutual defection... instead: a conflict where A alone moving a to Y reaches
    the target and both sides prefer it, and it holds: needs exactly (1 option, 1 mover, 1 step)."""
    conflict = standoff.loads(
        """
name: One step
decision_makers:
  - name: A
    options: [a]
    preferences: {prioritization: [a]}
  - name: B
    options: [b]
    preferences: {prioritization: [a, not b]}
status_quo: NN
targets: [YN]
"""
    )
    # From NN, A takes a (A's only statement: an improvement); YN holds for A (dropping a is worse) and for
    # B (taking b is worse: 'not b'). One step, one option, one mover; the default (k 1, m 2) finds it.
    needs = roadmap_needs(conflict, "YN")
    assert needs.found and not needs.needs_leap_of_faith
    assert needs.needs == ((1, 1, 1),)


# -- the contract and the command ---------------------------------------------------------------------------


def test_the_json_contract_has_the_documented_keys() -> None:
    data = audit(standoff.load("examples/ceasefire.yaml")).to_dict()
    assert set(data) >= {
        "concept",
        "variants",
        "exhaustive",
        "seed",
        "calls",
        "verdicts",
        "roadmaps",
        "unused",
    }
    assert {c["kind"] for c in data["calls"]} == {"preference", "direction", "condition", "fixed"}
    for call in data["calls"]:
        assert set(call) >= {"id", "kind", "dm", "text", "alternatives", "note"}
    for verdict in data["verdicts"]:
        assert set(verdict) >= {
            "state",
            "pattern",
            "name",
            "stable",
            "frequency",
            "present",
            "decisive",
            "by_construction",
            "by_concept",
        }
    for found in data["roadmaps"]:
        assert set(found) >= {"from", "to", "found", "needs", "needs_leap_of_faith"}
    json.dumps(data)


def test_the_python_api_and_the_renderings() -> None:
    result = standoff.load("examples/ceasefire.yaml").audit()
    assert "What the verdicts on" in str(result)
    assert "standoff-audit" in result._repr_html_()
    frame = result.to_frame()
    assert list(frame.index.names) == ["state", "pattern", "name"] and "SEQ" in frame.columns


def test_the_command_prints_text_and_json_and_refuses_bad_input(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from standoff.interfaces.cli import _register_commands, app

    _register_commands()
    runner = CliRunner()
    done = runner.invoke(app, ["audit", "examples/ceasefire.yaml", "--quiet"])
    assert done.exit_code == 0 and "Under every concept" in done.output
    done = runner.invoke(app, ["audit", "examples/ceasefire.yaml", "--format", "json", "--quiet"])
    assert done.exit_code == 0 and json.loads(done.output)["concept"] == "seq"
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndecision_makers: 3\n", encoding="utf-8")
    done = runner.invoke(app, ["audit", str(bad), "--quiet"])
    assert done.exit_code == 2 and str(bad) in done.output and "Traceback" not in done.output
    with pytest.raises(StandoffError):
        audit(standoff.load("examples/ceasefire.yaml"), "nosuch")


def test_the_web_api_answers_what_the_command_prints() -> None:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from standoff.interfaces import cli
    from standoff.interfaces.web import create_app

    text = Path("examples/ceasefire.yaml").read_text(encoding="utf-8")
    cli._register_commands()
    printed = CliRunner().invoke(cli.app, ["audit", "examples/ceasefire.yaml", "--format", "json", "--quiet"])
    with TestClient(create_app(warm=False)) as client:
        answer = client.post("/api/audit", json={"model": text, "format": "yaml", "name": "ceasefire.yaml"})
    assert answer.status_code == 200
    data = answer.json()
    assert data.pop("text").startswith("What the verdicts on")
    assert data.pop("lines")[0].startswith("What the verdicts on")
    drawn = CliRunner().invoke(cli.app, ["audit", "examples/ceasefire.yaml", "--format", "svg", "--quiet"])
    assert data.pop("svg") == drawn.output  # the chart the command draws
    assert data == json.loads(printed.output)
