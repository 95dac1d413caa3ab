"""Unknown preferences: Li, Hipel, Kilgour & Fang's (2004) Nash, GMR, SMR and SEQ extensions a-d.

The engine (:mod:`standoff.stability.unknown`) is checked against a plain reference written from the
definitions (``tests/unknown_reference.py``) on generated conflicts whose statements are marked
uncertain; then the relations between the extensions, and between them and the exact answer over
readings, that GMCR.md ("Unknown preferences") states.

A hand-derived example (two DMs, one option each; patterns are a's option then b's). DM ``a`` ranks
``NN`` first, then ``YN`` and ``YY`` in an unknown order (an uncertain ranking group), ``NY`` last; DM
``b`` ranks ``NN > NY > YN > YY`` for certain. From ``NN``, ``a`` has no move to a state it may prefer:
every extension finds ``NN`` stable for ``a``. From ``YY``, ``a`` can move to ``NY`` (certainly worse: no
improvement, no UIUM), so ``YY`` is Nash stable for ``a`` in every extension. From ``YN``, ``a`` moves
to ``NN``, which it prefers in every reading: an improvement, and b's only answer from ``NN`` is ``NY``,
worse for ``a`` than ``YN`` in every reading: sanctioned, so ``YN`` is GMR stable for ``a`` in every
extension and Nash stable in none. The unknown pair is ``YN``/``YY``; it lies on no move of ``a``, so
here a-d agree; :func:`test_a_hand_derived_uium` shows a pair that does matter.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import standoff
from profiles import examples
from standoff.analyses.unknown_explain import UnknownExplanation, explain_unknown
from standoff.concepts import UNKNOWN_PREFERENCE_CONCEPTS, concept_key
from standoff.errors import ConceptError, ModelError, StandoffError
from standoff.io.gmcr.writer import GmcrExportWarning
from standoff.io.native.writer import dump_yaml
from standoff.model.conflict import Conflict
from standoff.model.preferences import Ranking
from standoff.outputs.unknown_explain_text import unknown_explanation_text
from strategies import conflicts, large_model_yaml
from test_robustness import uncertain_conflicts
from unknown_reference import UnknownReference


@st.composite
def unknown_entry_conflicts(draw: st.DrawFn) -> Conflict:
    """A generated conflict (maybe with uncertain statements) whose ranked decision makers have some tied
    groups of two entries or more marked ``{unknown: [...]}``."""
    conflict = draw(uncertain_conflicts())
    dms = list(conflict.decision_makers)
    for i, dm in enumerate(dms):
        p = dm.preferences
        if isinstance(p, Ranking):
            marks = tuple(len(g) >= 2 and draw(st.booleans()) for g in p.groups)
            dms[i] = replace(dm, preferences=replace(p, unknown=marks if any(marks) else ()))
    return replace(conflict, decision_makers=tuple(dms))


KEYS = tuple(c.key for c in UNKNOWN_PREFERENCE_CONCEPTS)
BASES = ("nash", "gmr", "smr", "seq")


def _by_code(result: standoff.AnalysisResult, key: str) -> dict[tuple[int, int], bool]:
    codes = result.space.codes
    stable = result.stable[key]
    return {(i, int(codes[s])): bool(stable[i, s]) for i in range(stable.shape[0]) for s in range(codes.size)}


def _assert_every_extension_is_the_reference(conflict: Conflict, result: standoff.AnalysisResult) -> None:
    ref = UnknownReference(conflict)
    for key in KEYS:
        want = {(i, s): ref.stable(key, i, s) for i in range(ref.n) for s in ref.feasible}
        assert _by_code(result, key) == want, key


@given(unknown_entry_conflicts())
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_extension_equals_the_reference(conflict: Conflict) -> None:
    result = standoff.analyze(conflict, KEYS)
    _assert_every_extension_is_the_reference(conflict, result)


@given(unknown_entry_conflicts())
@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_reach_found_in_small_batches_gives_the_same_answers(conflict: Conflict) -> None:
    """Large models find the opponents' reach a batch of targets at a time (``CHUNK_CELLS`` cells):
    with batches of a few cells, as no small model needs, every extension still equals the reference."""
    from unittest import mock

    from standoff.stability import unknown

    with mock.patch.object(unknown, "CHUNK_CELLS", 8):
        result = standoff.analyze(conflict, KEYS)
    _assert_every_extension_is_the_reference(conflict, result)


@given(unknown_entry_conflicts())
@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_large_model_path_gives_the_same_answers(conflict: Conflict) -> None:
    """Past the listed engine's size, Nash under every extension and GMR and SEQ under b and d go through
    the compiled kernels without listing a move, and the exact answer over readings through the compiled
    engine: taken for every model here, every extension still equals the reference, and the exact
    answer the listed one."""
    from unittest import mock

    from standoff.analyses import stability

    listed = standoff.analyze(conflict, KEYS).extras["unknown_preferences"]
    with mock.patch.object(stability, "is_small", lambda space: False):
        result = standoff.analyze(conflict, KEYS)
    _assert_every_extension_is_the_reference(conflict, result)
    answer = result.extras["unknown_preferences"]
    for base in BASES:
        assert np.array_equal(answer.every[base], listed.every[base]), base
        assert np.array_equal(answer.some[base], listed.some[base]), base
        assert np.array_equal(answer.equilibrium_in_some[base], listed.equilibrium_in_some[base]), base


@given(unknown_entry_conflicts())
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_is_the_most_demanding_and_d_the_most_lenient(conflict: Conflict) -> None:
    result = standoff.analyze(conflict, KEYS)
    for base in BASES:
        a, b, c, d = (result.stable[f"{base}_{x}"] for x in "abcd")
        assert not (a & ~b).any() and not (b & ~d).any(), base
        assert not (a & ~c).any() and not (c & ~d).any(), base


@given(conflicts(max_dms=3, max_options=5))
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_with_nothing_unknown_every_extension_is_the_ordinary_concept(conflict: Conflict) -> None:
    result = standoff.analyze(conflict, (*BASES, *KEYS))
    for key in KEYS:
        base = key.split("_")[0]
        assert np.array_equal(result.stable[key], result.stable[base]), key


@given(uncertain_conflicts())
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_exact_answer_lies_between_a_and_d_for_nash_gmr_and_smr(conflict: Conflict) -> None:
    result = standoff.analyze(conflict, KEYS)
    answer = result.extras["unknown_preferences"]
    ref = UnknownReference(conflict)
    codes = result.space.codes
    for base in BASES:
        every, some = answer.every[base], answer.some[base]
        want_every, want_some = ref.readings_answer(conflict, base)
        got_every = {(i, int(codes[s])) for i, s in zip(*np.nonzero(every), strict=True)}
        got_some = {(i, int(codes[s])) for i, s in zip(*np.nonzero(some), strict=True)}
        assert (got_every, got_some) == (want_every, want_some), base
        assert not (every & ~some).any()
        in_some = {int(codes[s]) for s in np.flatnonzero(answer.equilibrium_in_some[base])}
        assert in_some == ref.equilibria_in_some(conflict, base), base
        if base != "seq":
            assert not (result.stable[f"{base}_a"] & ~every).any(), base
            assert not (some & ~result.stable[f"{base}_d"]).any(), base


@given(uncertain_conflicts())
@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_past_the_joint_readings_limit_only_seq_loses_its_exact_answer(conflict: Conflict) -> None:
    """Nash, GMR and SMR read each decision maker's own preferences only, so their exact answer goes
    through each one's readings, whatever their product; SEQ's needs every joint reading and is left out
    past the limit (here set to one)."""
    import standoff.analyses.unknown as unknown

    full = standoff.analyze(conflict, KEYS).extras["unknown_preferences"]
    limit = unknown.EXACT_COMBINATIONS
    unknown.EXACT_COMBINATIONS = 1
    try:
        cut = standoff.analyze(conflict, KEYS).extras["unknown_preferences"]
    finally:
        unknown.EXACT_COMBINATIONS = limit
    several = math.prod(full.readings) > 1
    assert ("seq" in cut.every) == (not several)
    assert full.left_out is None
    assert (
        cut.left_out
        == f"the decision makers' readings combine in {math.prod(full.readings):,} ways (at most 1)"
    ) == several
    for base in ("nash", "gmr", "smr"):
        assert np.array_equal(cut.every[base], full.every[base]), base
        assert np.array_equal(cut.some[base], full.some[base]), base
        assert np.array_equal(cut.equilibrium_in_some[base], full.equilibrium_in_some[base]), base
    shown = cut.equilibria_over_readings(KEYS)
    assert ("seq" in shown) == (not several) and {"nash", "gmr", "smr"} <= set(shown)


def test_seq_s_exact_answer_is_bounded_by_the_work_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large model's joint readings cost an analysis each: past ``EXACT_CELLS`` joint readings × states,
    SEQ's exact answer is left out and the report says why; GMR's (its own readings only) stays."""
    import standoff.analyses.report as contents
    import standoff.analyses.unknown as unknown
    from standoff.outputs.report.stability import equilibria_table

    monkeypatch.setattr(unknown, "EXACT_CELLS", 7)  # two joint readings of four states are 8
    result = standoff.analyze(standoff.load(UNSURE), ("gmr_b", "seq_b"))
    answer = result.extras["unknown_preferences"]
    assert answer.left_out == "2 joint readings of 4 states, an analysis each, are more than 7 state-analyses"
    assert set(answer.every) == {"gmr"} and set(answer.equilibria_over_readings(result.concepts)) == {"gmr"}
    html = equilibria_table(contents.report(standoff.load(UNSURE), ("gmr", "gmr_b", "seq_b")))
    assert "so it needs every joint reading, and 2 joint readings of 4 states" in html
    assert "GMR in every reading" in html and "SEQ in every reading" not in html


UNSURE = "tests/data/unsure-sanction.yaml"
"""Two DMs, one option each (patterns: a then b). A ranks ``YN > NN > YY > NY`` for certain; B is unsure
whether it wants ``b`` (the statement ``b``, or instead ``not b``): two readings."""


def _at(result: standoff.AnalysisResult, key: str, dm: int, pattern: str) -> bool:
    return bool(result.stable[key][dm, result.patterns.index(pattern)])


def test_a_hand_derived_uium() -> None:
    """B at ``NN``: its move to ``NY`` is unknown for it (a UIUM, no certain improvement), and A's only
    answer from ``NY`` is ``YY``, which B may like better or worse than ``NN`` (unknown: in ``Φ^U``, not in
    ``Φ``). So Nash holds in c and d only; GMR and SEQ (A's move ``NY → YY`` is an improvement for A) in
    b, c and d; SMR in b (B's escape from ``YY`` is ``YN``, tied with ``NN`` in every reading), c and d."""
    result = standoff.analyze(standoff.load(UNSURE), KEYS)
    got = {key: _at(result, key, 1, "NN") for key in KEYS}
    want = {f"{base}_{x}": x != "a" for base in BASES for x in "abcd"}
    want["nash_b"] = False
    assert got == want


def test_seq_a_is_not_within_stable_in_every_reading() -> None:
    """The chain ``K_a ⊆ every reading`` fails for SEQ (GMCR.md). A at ``NN`` improves to ``YN``; B's only
    sanction, ``YN → YY``, is an unknown move for B, so a UIUM: SEQ_a stable. In the reading where B prefers
    ``not b`` it is no improvement: SEQ unstable there, so not stable in every reading."""
    result = standoff.analyze(standoff.load(UNSURE), ("seq_a",))
    answer = result.extras["unknown_preferences"]
    assert _at(result, "seq_a", 0, "NN")
    assert not answer.every["seq"][0, result.patterns.index("NN")]
    assert answer.some["seq"][0, result.patterns.index("NN")]


def test_the_keys_read_as_concepts() -> None:
    assert concept_key("GMR_b") == "gmr_b"
    assert len(KEYS) == 16


def test_json_shows_the_answer_over_readings_beside_the_concept() -> None:
    """``readings`` is added after the other keys: per a-d concept, its concept's equilibria in every
    joint reading and in some joint reading; nothing is renamed."""
    result = standoff.analyze(standoff.load(UNSURE), ("seq", "gmr_a", "gmr_b"))
    data = result.to_dict()
    assert list(data)[-1] == "readings"
    assert set(data["readings"]) == {"gmr_a", "gmr_b"}
    assert data["readings"]["gmr_b"] == {"every": [], "some": ["NN", "YN", "YY"]}
    assert set(data["equilibria"]["gmr_a"]) <= set(data["readings"]["gmr_a"]["every"])
    assert "readings" not in standoff.analyze(standoff.load(UNSURE), ("seq",)).to_dict()


def test_the_table_shows_the_answer_over_readings_as_the_json_does() -> None:
    """Below the a-d rows, one row for the equilibria in every joint reading and one for those in some,
    per concept extended: the same states as the JSON's ``readings``."""
    from rich.console import Console

    from standoff.outputs.table import equilibria_summary

    result = standoff.analyze(standoff.load(UNSURE), ("gmr", "gmr_a", "gmr_b", "seq_c"))
    console = Console(width=200, record=True)
    console.print(equilibria_summary(result))
    rows = {
        line.split("│")[1].strip(): line.split("│")[3].strip()
        for line in console.export_text().splitlines()
        if line.startswith("│")
    }
    readings = result.to_dict()["readings"]
    patterns = result.space.patterns()
    for base, key in (("GMR", "gmr_b"), ("SEQ", "seq_c")):
        for which in ("every", "some"):
            shown = rows[f"{base} in {which} reading"]
            listed = [] if shown == "none" else [part.split(" ")[1] for part in shown.split(", ")]
            assert listed == readings[key][which], (base, which)
            assert all(p in patterns for p in listed)


UNKNOWN_ENTRY = """\
name: Unknown entry
decision_makers:
  - name: A
    options: [a]
    preferences:
      ranking:
        - YN
        - unknown: [NN, YY]
          note: A cannot say which it prefers
        - NY
  - name: B
    options: [b]
    preferences:
      ranking:
        - NY
        - NN
        - YY
        - YN
"""


def test_an_unknown_entry_is_read_written_back_and_unknown_to_the_a_d_concepts(tmp_path: Path) -> None:
    """``{unknown: [NN, YY]}``: the ordinary concepts read a tie; for the a-d concepts ``NN`` and ``YY``
    are unknown to A (two readings). A at ``NN`` can move to ``YN`` (better: a move in every extension);
    B answers to ``YY``, unknown against ``NN``: a sanction in b and d only. As a tie (ordinary GMR) it
    is one."""
    path = tmp_path / "unknown.yaml"
    path.write_text(UNKNOWN_ENTRY)
    conflict = standoff.load(path)
    assert conflict.decision_makers[0].preferences.unknown == (False, True, False)
    assert dump_yaml(conflict) == UNKNOWN_ENTRY
    result = standoff.analyze(conflict, ("gmr", *KEYS))
    assert result.extras["unknown_preferences"].readings == (2, 1)
    assert _at(result, "gmr", 0, "NN")
    assert {x: _at(result, f"gmr_{x}", 0, "NN") for x in "abcd"} == {
        "a": False,
        "b": True,
        "c": False,
        "d": True,
    }


def test_an_unknown_entry_needs_two_entries_and_says_where(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(UNKNOWN_ENTRY.replace("unknown: [NN, YY]", "unknown: [NN]").replace("- NY", "- [NY, YY]"))
    with pytest.raises(ModelError) as raised:
        standoff.load(path)
    assert f"{path}:8:11: decision_makers[0].preferences.ranking[1].unknown: needs at least 2 items" in str(
        raised.value
    )


def test_gmcr_export_says_it_writes_an_unknown_entry_as_a_tie(tmp_path: Path) -> None:
    path = tmp_path / "unknown.yaml"
    path.write_text(UNKNOWN_ENTRY)
    with pytest.warns(
        GmcrExportWarning, match=r"the unknown entries of the rankings of A \(written as ties\)"
    ):
        standoff.save(standoff.load(path), tmp_path / "out.gmcr")


@given(unknown_entry_conflicts())
@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_explain_agrees_with_the_analysis_and_its_sanctions_are_legal(conflict: Conflict) -> None:
    """Every state, every a-d concept: explain's verdict is the analysis's, each sanction's steps are
    moves of opponents (never the same one twice in a row) ending in a state that counts."""
    result = standoff.analyze(conflict, KEYS)
    ref = UnknownReference(conflict)
    codes = result.space.codes
    for key in KEYS:
        for s in range(codes.size):
            found = explain_unknown(conflict, s + 1, key)
            for dm in range(ref.n):
                assert found.stable_for(dm) == bool(result.stable[key][dm, s]), (key, dm, s)
                for move in found.moves[dm]:
                    here, last = int(codes[move.target]), None
                    for j, t in move.sanction or ():
                        assert j != dm and j != last
                        assert int(codes[t]) in ref.moves(j, here)
                        here, last = int(codes[t]), j
                    if move.sanction:
                        counting = ref.phi_u if key[-1] in "bd" else ref.phi
                        assert here in counting(dm, int(codes[s]))


@given(unknown_entry_conflicts())
@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_explanations_json_and_picture_agree_with_the_analysis(conflict: Conflict) -> None:
    """The structured explanation (``to_dict``, as ``explain --format json`` prints it; the picture) of
    every state under every a-d concept: each decision maker's verdict is the analysis's; the moves listed
    are ``M(s)`` of the extension, marked uncertain exactly when no certain improvement; each sanction
    is a legal sequence of opponents' moves (their UIUMs under SEQ) from the move's target, ending in
    ``P(s)``, marked unknown exactly when outside ``Φ(s)``; the picture marks every undeterred move."""
    from standoff.outputs.picture_svg import unknown_explanation_picture

    result = standoff.analyze(conflict, KEYS)
    ref = UnknownReference(conflict)
    space = result.space
    code_of = {space.pattern(s): int(space.codes[s]) for s in range(space.n_states)}
    for key in KEYS:
        base, extension = key.rsplit("_", 1)
        for s in range(space.n_states):
            here = int(space.codes[s])
            found = conflict.explain(s + 1, key)
            data = found.to_dict()
            assert (data["concept"], data["number"], data["state"]) == (key, s + 1, space.pattern(s))
            assert data["stable"] == bool(result.stable[key][:, s].all()), (key, s)
            assert [e["name"] for e in data["decision_makers"]] == list(conflict.decision_maker_names)
            for dm, entry in enumerate(data["decision_makers"]):
                assert entry["stable"] == bool(result.stable[key][dm, s]), (key, dm, s)
                counting = ref.uiums(dm, here) if extension in "ab" else ref.improvements(dm, here)
                assert {code_of[item["to"]] for item in entry["improvements"]} == counting
                for item in entry["improvements"]:
                    assert item["uncertain"] == (code_of[item["to"]] not in ref.improvements(dm, here))
                    (record,) = item["sanctions"]
                    assert record["deterred"] == item["deterred"]
                    assert item["deterred"] == (base != "nash" and record["deterred"])
                    if not record["deterred"]:
                        continue
                    at, last = code_of[item["to"]], None
                    for step in record["moves"]:
                        j = conflict.decision_maker_names.index(step["dm"])
                        assert j != dm and j != last and code_of[step["from"]] == at
                        legal = ref.uiums(j, at) if base == "seq" else ref.moves(j, at)
                        assert code_of[step["to"]] in legal
                        at, last = code_of[step["to"]], j
                    counts = ref.phi_u(dm, here) if extension in "bd" else ref.phi(dm, here)
                    assert code_of[record["state"]] == at and at in counts
                    assert record["unknown"] == (at not in ref.phi(dm, here))
                    if base == "smr":
                        escapes = {code_of[p] for p in record["counter_moves"]}
                        assert escapes == ref.moves(dm, at) and escapes <= counts
                if base != "nash":
                    assert entry["stable"] == all(item["deterred"] for item in entry["improvements"])
            picture = unknown_explanation_picture(found)
            drawn = sum(1 for node in picture.nodes if node.kind == "none")
            undeterred = sum(min(sum(not m.deterred for m in found.moves[d]), 6) for d in range(ref.n))
            assert drawn == undeterred, (key, s)
            assert ("is stable for every" in picture.title) == data["stable"]


def test_explain_prints_json_with_the_ordinary_keys_and_an_svg(tmp_path: Path) -> None:
    """``standoff explain -c gmr_b -f json`` keeps every key of the ordinary explanation's JSON (tools read
    both) and says what the extension adds; ``-f svg`` draws through the one picture renderer."""
    import json
    import xml.etree.ElementTree as ET

    from test_cli import run

    code, out, err = run("explain", UNSURE, "NN", "-c", "gmr", "-f", "json")
    assert code == 0, err
    ordinary = json.loads(out)
    code, out, err = run("explain", UNSURE, "NN", "-c", "gmr_b", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert set(ordinary) <= set(data) and data["extension"]["name"] == "b"
    assert set(ordinary["decision_makers"][0]) <= set(data["decision_makers"][0])
    (certain,) = data["decision_makers"][0]["improvements"]
    (uncertain,) = data["decision_makers"][1]["improvements"]
    assert set(ordinary["decision_makers"][0]["improvements"][0]) <= set(certain)
    assert set(ordinary["decision_makers"][0]["improvements"][0]["sanctions"][0]) <= set(
        certain["sanctions"][0]
    )
    assert (certain["uncertain"], certain["sanctions"][0]["unknown"]) == (False, False)
    assert (uncertain["uncertain"], uncertain["sanctions"][0]["unknown"]) == (True, True)
    assert data["stable"] and not ordinary["stable"]
    code, _, err = run("explain", UNSURE, "NN", "-c", "gmr_b", "-f", "svg", "-o", str(tmp_path / "why.svg"))
    assert code == 0, err
    svg = ET.parse(tmp_path / "why.svg").getroot()
    words = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "under GMR_b" in words and "uncertain: preference unknown" in words
    assert "preference unknown)" in words and "certainly no better off" in words


def test_explain_names_the_uncertain_moves_and_the_unknown_sanctions() -> None:
    text = unknown_explanation_text(explain_unknown(standoff.load(UNSURE), "NN", "gmr_b"))
    assert text.splitlines() == [
        "State 1 NN under GMR_b: moves to states better or unknown; "
        "sanctions certainly not better or unknown",
        "A: stable",
        "  certain improvement to 2 YN: sanctioned by B to 4 YY (certainly not better)",
        "B: stable",
        "  uncertain move to 3 NY: sanctioned by A to 4 YY (unknown against the start)",
    ]


def test_past_the_explicit_limit_only_the_concepts_that_list_each_reach_are_refused() -> None:
    """Extensions a and c, and SMR, judge each move from its target's listed reach: refused past 16,384
    states, naming them. Nash under every extension and GMR and SEQ under b and d take the model (24,576
    states: GMR's reach by the compiled kernels, the exact answer by the compiled engine); with nothing
    unknown they are the ordinary concepts."""
    conflict = standoff.loads(large_model_yaml(n_options=15))
    with pytest.raises(ModelError, match=r"gmr_a, smr_b are computed for at most 16,384 feasible states"):
        standoff.analyze(conflict, ("gmr_a", "gmr_b", "smr_b"))
    keys = ("nash_a", "nash_c", "gmr_b", "gmr_d", "seq_b", "seq_d")
    result = standoff.analyze(conflict, ("nash", "gmr", "seq", *keys))
    assert result.space.n_states == 24_576
    for key in keys:
        assert np.array_equal(result.stable[key], result.stable[key.split("_")[0]]), key
    answer = result.extras["unknown_preferences"]
    for base in ("nash", "gmr", "seq"):
        assert np.array_equal(answer.every[base], result.stable[base]), base


def test_a_model_with_too_many_moves_to_list_is_refused_with_the_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import standoff.analyses.unknown as unknown

    monkeypatch.setattr(unknown, "MOVE_PAIR_LIMIT", 7)
    with pytest.raises(ModelError, match=r"at most 7 candidates; this model's 4 states have 8"):
        standoff.analyze(standoff.load(UNSURE), ("nash_b",))


def test_robustness_refuses_the_a_d_concepts_with_the_ordinary_one_to_use() -> None:
    with pytest.raises(ConceptError, match=r"--concepts gmr\b"):
        standoff.robustness(standoff.load(UNSURE), concepts=("gmr_b",))
    with pytest.raises(StandoffError, match="explain_unknown"):
        standoff.explain(standoff.load(UNSURE), "NN", "gmr_b")
    # the friendly methods explain it as `standoff explain -c gmr_b` does
    why = standoff.analyze(standoff.load(UNSURE), ("gmr",)).explain("NN", "gmr_b")
    assert isinstance(why, UnknownExplanation) and why.stable


def test_the_kept_reach_serves_only_the_rows_it_was_found_for() -> None:
    """GMR under d and the exact answer share the opponents' reach per decision maker, kept on the state
    space: asked again with other rows, it is found anew, not read back."""
    from standoff.engine.space import StateSpace
    from standoff.stability.deterrence import unconditional_sanctions
    from standoff.stability.unknown import union_reach_least

    conflict = standoff.load(Path("examples/hanoi-2019.yaml"))
    space = StateSpace.build(conflict)
    first = space.ranks[[0]].astype(np.int64)
    other = (space.ranks[[0]].max() - space.ranks[[0]]).astype(np.int64)
    fresh = StateSpace.build(conflict)
    assert np.array_equal(union_reach_least(space, 0, first), unconditional_sanctions(fresh, 0, first))
    assert np.array_equal(union_reach_least(space, 0, other), unconditional_sanctions(fresh, 0, other))
    assert np.array_equal(union_reach_least(space, 0, first), unconditional_sanctions(fresh, 0, first))
