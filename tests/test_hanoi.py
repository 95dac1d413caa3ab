"""The Hanoi summit of 2019 (examples/hanoi-2019.yaml) against what happened.

Source: "Washington Neocons Stick To Sanctions - The Hanoi US-DPRK 2nd Summit
Fails", Moon of Alabama, 28 February 2019, with the Singapore joint statement
(12 June 2018), Kim Jong Un's New Year speech 2019 and President Trump's
Hanoi press conference. The summit ended with sanctions, the DPRK's test
freeze and the suspension of US-ROK exercises all kept, and no deal: the
status quo must be an equilibrium (SEQ at least) and the grand bargain must
not be reachable from it by unilateral improvements. The scores below are
worked out by hand from the prioritization statements (sum of 2^(q - t)
over the statements t that hold; the model's notes show the arithmetic).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from standoff.analyses.evolution import evolve
from standoff.analyses.explain import explain
from standoff.analyses.history import timeline
from standoff.analyses.stability import analyze
from standoff.analyses.states import resolve_state
from standoff.interfaces import cli
from standoff.io import load
from standoff.model.conflict import Direction, OptionSpec

HANOI = Path(__file__).resolve().parents[1] / "examples" / "hanoi-2019.yaml"

runner = CliRunner()
cli._register_commands()


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as a 200-column terminal shows them, so that cells do not wrap in the middle of a phrase."""
    monkeypatch.setattr(cli.stdout, "_width", 200)


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return analyze(load(HANOI))


def _score(conflict, dm: int, pattern: str) -> int:  # type: ignore[no-untyped-def]
    code = sum(1 << j for j, c in enumerate(pattern) if c == "Y")
    return int(conflict.decision_makers[dm].preferences.scores(np.array([code], dtype=np.int64))[0])


def test_model_is_documented(result) -> None:  # type: ignore[no-untyped-def]
    conflict = result.conflict
    assert conflict.description and conflict.source
    assert dict(conflict.extras).get("notes")
    for dm in conflict.decision_makers:
        assert dm.description
        for statement in dm.preferences.statements:
            assert statement.source, f"{dm.name}: {statement.text} has no source"
    for option in conflict.options:
        assert option.description
    for named in (
        "status_quo",
        "grand_bargain",
        "yongbyon_for_partial_relief",
        "yongbyon_for_full_lifting",
        "big_deal",
        "new_way_escalation",
    ):
        resolve_state(conflict, result.space, named)


def test_scores_by_hand(result) -> None:  # type: ignore[no-untyped-def]
    """The scores in the model's notes, from the statements (US weights 64..1, DPRK 128..1)."""
    conflict = result.conflict
    assert _score(conflict, 0, "NNNYYYYYNNN") == 93  # status quo
    assert _score(conflict, 0, "YNNYYYYYNNN") == 77  # lift sanctions first
    assert _score(conflict, 0, "NNYYYYYYNNN") == 85  # new relations first
    assert _score(conflict, 0, "NNNNYYYYNNN") == 89  # end the exercise suspension
    assert _score(conflict, 1, "NNNYYYYYNNN") == 212
    assert _score(conflict, 1, "NNNYNYYYNNY") == 216  # the new way
    assert _score(conflict, 1, "NNNYYYYYYNN") == 196  # Yongbyon first
    assert _score(conflict, 0, "NNNYNYYYNNY") == 25
    assert _score(conflict, 0, "NNNNNYYYNNY") == 29
    assert _score(conflict, 1, "NNNNNYYYNNY") == 156
    # Sohae is in no statement: rebuilding it (March 2019) leaves both scores as they were
    assert _score(conflict, 0, "NNNYYYNYNNN") == 93
    assert _score(conflict, 1, "NNNYYYNYNNN") == 212


def test_status_quo_is_an_equilibrium(result) -> None:  # type: ignore[no-untyped-def]
    sq = result.status_quo_index
    assert result.status_quo.number == sq + 1
    assert result.space.pattern(sq) == "NNNYYYYYNNN"
    for concept in ("gmr", "smr", "seq"):
        assert result.equilibrium_mask(concept)[sq], concept
    # the DPRK's new way is an improvement (not Nash), and SIM finds no US improvement to answer with
    assert not result.equilibrium_mask("nash")[sq]
    assert not result.equilibrium_mask("sim")[sq]


def test_grand_bargain_stable_but_unreachable(result) -> None:  # type: ignore[no-untyped-def]
    grand = resolve_state(result.conflict, result.space, "grand_bargain")
    assert all(result.equilibrium_mask(c)[grand] for c in result.concepts)
    evolution = evolve(result, target="grand_bargain")
    assert evolution.target_reachable is False
    space = evolution.result.space
    # the DPRK's new way, with or without rebuilding Sohae (it is indifferent to Sohae), and the US answer
    assert {space.pattern(s) for s in evolution.reachable} == {
        "NNNYYYYYNNN",
        "NNNYNYYYNNY",
        "NNNNNYYYNNY",
        "NNNYNYNYNNY",
        "NNNNNYNYNNY",
    }
    first_refusals = {(r.move.decision_maker, space.pattern(r.move.target_index)) for r in evolution.refused}
    assert {(0, "YNNYYYYYNNN"), (0, "NNYYYYYYNNN"), (1, "NNNYYYYYYNN"), (1, "NNNYYYYYNYN")} <= first_refusals


def test_partial_deal_sequencing(result) -> None:  # type: ignore[no-untyped-def]
    """The DPRK prefers Yongbyon-for-partial-relief to the status quo, the US does not; nobody moves first."""
    space = result.space
    deal = resolve_state(result.conflict, space, "yongbyon_for_partial_relief")
    sq = result.status_quo_index
    assert space.ranks[1, deal] > space.ranks[1, sq]
    assert space.ranks[0, deal] < space.ranks[0, sq]
    evolution = evolve(result, target=deal + 1)
    assert evolution.target_reachable is False
    movers = {r.move.decision_maker for r in evolution.refused}
    assert movers == {0, 1}
    # once Yongbyon is gone, the US can take its relief back: the DPRK's reason to want relief first
    back = evolve(result, start=deal + 1)
    assert "NNNYYYYYYNN" in {space.pattern(s) for s in back.reachable}


def test_explanation_of_the_status_quo(result) -> None:  # type: ignore[no-untyped-def]
    """The DPRK's only improvements are its new way (Sohae rebuilt or not); the US answer: the exercises."""
    explanation = explain(result, "status_quo", "seq")
    space = result.space
    items = explanation.decision_makers[1].improvements
    assert {space.pattern(item.improvement_index) for item in items} == {"NNNYNYYYNNY", "NNNYNYNYNNY"}
    answers = set()
    for item in items:
        (_, sanction) = item.sanctions[0]
        assert sanction is not None
        answers |= {(m.decision_maker, space.pattern(m.target_index)) for m in sanction.moves}
    assert answers == {(0, "NNNNNYYYNNY"), (0, "NNNNNYNYNNY")}  # the United States resumes the exercises


def test_history(result) -> None:  # type: ignore[no-untyped-def]
    observed = timeline(result)
    space = result.space
    dates = [s.entry.date for s in observed.steps]
    assert dates[0] == "2017-07-04" and dates[-1] == "2019-12-31"
    by_date = {s.entry.date: s for s in observed.steps}
    hanoi = by_date["2019-02-28"]
    assert space.pattern(hanoi.state_index) == "NNNYYYYYNNN" and hanoi.equilibrium["seq"]
    suspension = by_date["2018-06-12"]
    assert suspension.movers == (0,) and suspension.improvement is True
    freeze = by_date["2017-11-29"]
    assert freeze.movers == (1,) and freeze.improvement is False
    for step in observed.steps:
        assert step.entry.source, step.entry.date


def test_history_to_the_end_of_2019(result) -> None:  # type: ignore[no-untyped-def]
    """The dated events of 2019 after Hanoi, each checked against reports of the day:

    - 17 April: a "new-type tactical guided weapon" (KCNA, 18 April; Washington Post, 17 April);
    - 4 May: the first ballistic-missile launches since November 2017 (South Korea's JCS; KCNA);
    - 9 May: two short-range ballistic missiles from Kusong, about 420 and 270 km (JCS, Yonhap);
    - 30 June: Trump and Kim at Panmunjom (AP, Reuters);
    - 2 October: the Pukguksong-3 submarine-launched missile (KCNA, 3 October; JCS);
    - 5 October: the Stockholm talks "broke down" (Kim Myong Gil; State Department; AP);
    - 7 and 13 December: "very important" tests at Sohae (Academy of National Defence Science, KCNA);
    - 28-31 December: the plenum, the DPRK no longer bound by its moratorium (KCNA, via NPR).

    None is a nuclear or intercontinental test and the large exercises stayed suspended, so none
    changes an option: the state stays sohae_rebuilt from March 2019 to the end of the year.
    """
    observed = timeline(result)
    by_date = {s.entry.date: s for s in observed.steps}
    rebuilt = by_date["c. 2019-03-05"].state
    for date in (
        "2019-04-17",
        "2019-05-04",
        "2019-05-09",
        "2019-06-30",
        "2019-10-02",
        "2019-10-05",
        "2019-12-07",
        "2019-12-31",
    ):
        step = by_date[date]
        assert step.changed == () and step.state == rebuilt, date
        assert step.entry.source, date
    assert "first ballistic-missile launches" in " ".join(by_date["2019-05-04"].entry.description.split())
    assert "13 December" in by_date["2019-12-07"].entry.description
    assert "28-31" in by_date["2019-12-31"].entry.description


def test_scorecard_after_hanoi(result) -> None:  # type: ignore[no-untyped-def]
    """From Hanoi on, by hand: the status quo and sohae_rebuilt score alike (Sohae is in no statement)
    and are GMR, SMR and SEQ equilibria but not Nash or SIM ones (the DPRK's new way is an improvement,
    deterred only sequentially; the United States has no improvement to answer with under SIM). So
    each of the ten steps where no option changed is predicted under GMR, SMR and SEQ and not under
    Nash or SIM; the rebuilding of Sohae leaves the DPRK indifferent, predicted under none."""
    card = timeline(result).scorecard(since="2019-02-28")
    assert card["gmr"] == card["smr"] == card["seq"] == (10, 11)
    assert card["nash"] == card["sim"] == card["seqsim"] == (0, 11)


def test_the_decisive_calls_are_marked(result) -> None:  # type: ignore[no-untyped-def]
    """The US freeze for freeze, the DPRK's deterrent and the permanence of dismantling are marked,
    each with its alternative and its reason."""
    conflict = result.conflict
    us = {s.text: s for s in conflict.decision_makers[0].preferences.statements}
    freeze_for_freeze = us["suspend_exercises iff test_freeze"]
    assert freeze_for_freeze.uncertainty is not None
    assert freeze_for_freeze.uncertainty.texts == ("suspend_exercises",)  # valued for its own sake
    note = " ".join(freeze_for_freeze.note.split())
    assert "$100 million" in note and "Uncertain" in note
    assert "unless and until we see the future negotiation" in " ".join(freeze_for_freeze.source.split())
    assert us["test_freeze"].source_kind == "statement"  # Trump, 24 February 2019
    assert "As long as there's no testing" in us["test_freeze"].source
    relief = " ".join(us[next(t for t in us if t.startswith("not (lift_sanctions"))].note.split())
    assert "simultaneously and in parallel" in relief and "31 January 2019" in relief
    dprk = {s.text: s for s in conflict.decision_makers[1].preferences.statements}
    deterrent = dprk["not dismantle_other_sites if not (lift_sanctions and new_relations)"]
    assert deterrent.uncertainty is not None and deterrent.uncertainty.texts == ("not dismantle_other_sites",)
    assert "nuclear-armed state" in " ".join(deterrent.note.split())
    assert dprk["lift_sanctions"].source_kind == "reporting"  # Trump's account, disputed by the DPRK
    names = [o.name for o in conflict.options]
    directions = {names[c.index]: c for c in conflict.structural if c.kind == "direction"}
    assert set(directions) == {"dismantle_yongbyon", "dismantle_other_sites"}
    assert directions["dismantle_yongbyon"].alternatives == ("both",)
    assert "2009" in directions["dismantle_yongbyon"].note


def test_the_audit_names_the_us_call(result) -> None:  # type: ignore[no-untyped-def]
    """The status quo's verdict hangs on the US freeze-for-freeze call: as the suspension valued for its
    own sake, resuming the exercises is no longer an improvement for the United States, so it no longer
    deters the DPRK's new way (the hand scores of the module docstring: 25 -> 29 comes from that
    statement). The grand bargain holds by construction."""
    from standoff.analyses.audit import audit

    report = audit(result.conflict, "seq", samples=200)
    texts = {call.id: call.text for call in report.calls}
    assert any(call.kind == "direction" for call in report.calls)
    verdicts = {v.name: v for v in report.verdicts}
    decisive = {texts[call] for call, _ in verdicts["status_quo"].decisive}
    assert "suspend_exercises iff test_freeze" in decisive
    assert verdicts["status_quo"].stable and not verdicts["status_quo"].necessary
    assert verdicts["grand_bargain"].by_construction


def _option(conflict, name: str) -> OptionSpec:  # type: ignore[no-untyped-def]
    return next(o for o in conflict.options if o.name == name)


def test_corrected_facts_in_the_model_file(result) -> None:  # type: ignore[no-untyped-def]
    """The dated facts, each checked against a public source (the history entries cite them).

    - Sohae: dismantling seen from 20-22 July 2018 (38 North, 23 July 2018), stopped around August
      2018, rebuilding begun between 16 February and 2 March 2019 (38 North, 5 March 2019; wire
      reports of 6-7 March 2019): reversible.
    - The test freeze dates from the last ICBM test, 29 November 2017 (Hwasong-15; Yonhap, Reuters);
      21 April 2018 was the announcement (KCNA).
    - 12 June 2018: President Trump announced that the "war games" would stop; the Pentagon made it
      formal on 18 June 2018 (statement of Dana W. White; Seoul confirmed on 19 June).
    - The DPRK's Hanoi offer included a written pledge to stop nuclear and long-range missile tests
      (Ri Yong Ho, press conference of 1 March 2019, CGTN).
    """
    conflict = result.conflict
    space = result.space
    assert _option(conflict, "dismantle_sohae").direction is Direction.BOTH
    for irreversible in ("close_punggye_ri", "return_remains", "dismantle_yongbyon", "dismantle_other_sites"):
        assert _option(conflict, irreversible).direction is Direction.FORWARD, irreversible
    observed = {s.entry.date: s for s in timeline(result).steps}
    names = [o.name for o in conflict.options]

    def changed(date: str) -> set[str]:
        return {names[j] for j in observed[date].changed}

    assert changed("2017-11-29") == {"test_freeze"} and observed["2017-11-29"].movers == (1,)
    assert changed("2018-04-21") == set() and observed["2018-04-21"].movers == ()
    assert changed("2018-06-12") == {"suspend_exercises"} and observed["2018-06-12"].movers == (0,)
    assert changed("2018-06-18") == set()
    assert changed("c. 2018-07-23") == {"dismantle_sohae"}
    assert changed("2018-09-19") == set()  # the Pyongyang declaration: commitments only
    assert changed("2019-03-02") == set()  # exercises scaled down, the suspension kept
    rebuilt = observed["c. 2019-03-05"]
    assert changed("c. 2019-03-05") == {"dismantle_sohae"} and rebuilt.movers == (1,)
    assert space.pattern(rebuilt.state_index)[6] == "N"  # the Sohae stand is up again
    assert changed("2019-05-04") == set()  # short-range launches: the moratorium is kept
    assert "29 November 2017" in _option(conflict, "test_freeze").description
    offer = next(n for n in conflict.named_states if n.name == "yongbyon_for_partial_relief")
    assert "written pledge" in " ".join(offer.description.split())
    assert space.pattern(resolve_state(conflict, space, offer.name)) == "NYNYYYYYYNN"  # the freeze is kept


def test_sources_are_kinds_and_judgement_calls_give_reasons(result) -> None:  # type: ignore[no-untyped-def]
    """Every statement says what its source is; every judgement call is uncertain and says why."""
    for dm in result.conflict.decision_makers:
        for statement in dm.preferences.statements:
            assert statement.source_kind in {"statement", "reporting", "analysis"}, statement.text
            if statement.uncertainty is not None:
                assert "Uncertain" in statement.note, statement.text
            if "judgement" in statement.note and statement.uncertainty is None:
                pytest.fail(f"{statement.text}: a judgement call not marked uncertain")
    dprk = result.conflict.decision_makers[1].preferences.statements
    exercises = dprk[1]
    assert exercises.text == "suspend_exercises" and exercises.uncertainty is not None
    assert exercises.uncertainty.positions == (1, 5) and "about sanctions" in exercises.note
    us_relations = result.conflict.decision_makers[0].preferences.statements[3]
    assert us_relations.source_kind == "analysis"  # the article's author's inference, not a party's words


@pytest.mark.parametrize(
    "args",
    [
        ["explain", str(HANOI), "status_quo"],
        ["evolve", str(HANOI), "--to", "grand_bargain"],
        ["timeline", str(HANOI)],
    ],
)
def test_commands_run(args: list[str]) -> None:
    out = runner.invoke(cli.app, args)
    assert out.exit_code == 0, out.output


def test_evolve_json(result) -> None:  # type: ignore[no-untyped-def]
    out = runner.invoke(cli.app, ["evolve", str(HANOI), "--to", "grand_bargain", "-f", "json"])
    data = json.loads(out.output)
    assert data["reachable"] is False and data["target"] == "YNYYYYYYYYN"
    assert data["equilibria_reached"] == ["NNNYYYYYNNN", "NNNNNYNYNNY", "NNNNNYYYNNY"]


def test_the_four_party_model_shares_the_corrected_facts() -> None:
    """The four-party variant dates the freeze and describes the offer as the two-party model does, and marks
    its judgement calls and source kinds the same way."""
    four = load(HANOI.with_name("hanoi-2019-four-parties.yaml"))
    assert "29 November 2017" in " ".join(_option(four, "test_freeze").description.split())
    offer = next(n for n in four.named_states if n.name == "yongbyon_for_relief")
    assert "written pledge" in " ".join(offer.description.split())
    for dm in four.decision_makers:
        for statement in dm.preferences.statements:
            assert statement.source_kind in {"statement", "reporting", "analysis"}, statement.text
            if "judgement" in statement.note:
                assert statement.uncertainty is not None and "Uncertain" in statement.note, statement.text
