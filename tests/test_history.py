"""Observed history: parsing ``history:`` entries, the timeline, and ``standoff timeline``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from standoff.analyses.history import HistoryEntry, history_entries, timeline
from standoff.errors import ModelError
from standoff.interfaces import cli
from standoff.io import load

runner = CliRunner()
cli._register_commands()


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as a 200-column terminal shows them, so that cells do not wrap in the middle of a phrase."""
    monkeypatch.setattr(cli.stdout, "_width", 200)


# Chicken with an irreversible swerve for Row: patterns are row_swerves, col_swerves.
MODEL = """\
name: Chicken with history
decision_makers:
  - name: Row
    options:
      - name: row_swerves
        direction: forward
    preferences:
      ranking: [NY, YY, YN, NN]
  - name: Column
    options:
      - col_swerves
    preferences:
      ranking: [YN, YY, NY, NN]
status_quo: YY
states:
  both_swerve:
    state: YY
history:
"""


def _write(tmp_path: Path, history: str) -> Path:
    path = tmp_path / "chicken.yaml"
    path.write_text(MODEL + history)
    return path


GOOD = """\
  - date: 2020-01-01
    state: NN
    description: Both drive straight on.
    source: observation
  - date: 2020-01-02
    state: NY
    mover: Column
    description: Column swerves.
  - date: 2020-01-03
    state: YY
    description: Row swerves as well.
  - date: 2020-01-04
    state: both_swerve
"""


def test_timeline_steps(tmp_path: Path) -> None:
    observed = timeline(load(_write(tmp_path, GOOD)))
    space = observed.result.space
    assert [space.pattern(s.state_index) for s in observed.steps] == ["NN", "NY", "YY", "YY"]
    first, second, third, fourth = observed.steps
    assert first.movers == () and first.improvement is None and first.previous is None
    assert second.movers == (1,) and second.improvement is True  # Column: NN -> NY is an improvement
    assert third.movers == (0,) and third.improvement is False  # Row: NY -> YY is worse for Row
    assert any("not an improvement for Row" in note for note in third.disagreements)
    assert fourth.movers == () and fourth.improvement is None
    assert fourth.entry.date == "2020-01-04"
    assert first.entry == HistoryEntry("2020-01-01", "NN", None, "Both drive straight on.", "observation")
    # NY is a Nash equilibrium of chicken (Row drives on, Column swerves)
    assert second.equilibrium["nash"] is True
    assert second.stable["nash"] == (True, True)


def test_several_movers_are_reported(tmp_path: Path) -> None:
    history = "  - {date: a, state: NN}\n  - {date: b, state: YY}\n"
    observed = timeline(load(_write(tmp_path, history)))
    assert observed.steps[1].movers == (0, 1)
    assert observed.steps[1].improvement is None
    assert any("several decision makers" in note for note in observed.steps[1].disagreements)


@pytest.mark.parametrize(
    ("history", "place", "message"),
    [
        ("  - {date: a, state: nowhere}\n", "history[0].state", "is not a state name"),
        ("  - {date: a, state: N-}\n", "history[0].state", "matches 2 feasible states"),
        ("  - {date: a}\n", "history[0]", "has no state"),
        ("  - {state: NN}\n", "history[0]", "has no date"),
        ("  - just text\n", "history[0]", "expected a mapping"),
        ("  - {date: a, state: NN, actor: Row}\n", "history[0]", "unknown key(s) actor"),
        ("  - {date: a, state: YN}\n  - {date: b, state: NN}\n", "history[1].state", "irreversible"),
        (
            "  - {date: a, state: NN}\n  - {date: b, state: YN, mover: Column}\n",
            "history[1].mover",
            "belong to Row",
        ),
        (
            "  - {date: a, state: NN}\n  - {date: b, state: YN, mover: Nobody}\n",
            "history[1].mover",
            "unknown decision",
        ),
    ],
)
def test_bad_entries(tmp_path: Path, history: str, place: str, message: str) -> None:
    path = _write(tmp_path, history)
    with pytest.raises(ModelError) as caught:
        timeline(load(path))
    assert (caught.value.place or "").startswith(place)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    out = runner.invoke(cli.app, ["timeline", str(path)])
    assert out.exit_code == 2
    assert place in out.output and message in out.output


def test_no_history(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(MODEL.replace("history:\n", ""))
    assert history_entries(load(path)) == ()
    out = runner.invoke(cli.app, ["timeline", str(path)])
    assert out.exit_code == 2
    assert "no history" in out.output


def test_cli_table_and_json(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    out = runner.invoke(cli.app, ["timeline", str(path)])
    assert out.exit_code == 0, out.output
    assert "2020-01-03" in out.output and "take row_swerves" in out.output
    assert "Where the model and the history disagree" in out.output
    out = runner.invoke(cli.app, ["timeline", str(path), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [s["state"] for s in data["steps"]] == ["NN", "NY", "YY", "YY"]
    assert data["steps"][1]["movers"] == ["Column"] and data["steps"][1]["improvement"] is True
    assert data["steps"][2]["change"] == {"take": ["row_swerves"], "drop": [], "words": "take row_swerves"}
    assert data["steps"][0]["change"]["words"] is None
    assert data["steps"][3]["name"] == "both_swerve"
    assert data["disagreements"] >= 1


def test_scorecard_by_hand(tmp_path: Path) -> None:
    """Which steps of GOOD the model predicted, derived by hand from the chicken model above.

    NN → NY (Column swerves): an improvement for Column (NY 3rd > NN 4th); Row's only answer
    from NY is to swerve to YY, which Column ranks 2nd, above NN: no GMR/SMR/SEQ sanction; Row's
    own improvement from NN (to YN) taken together with Column's gives YY, again above NN: no SIM
    sanction. Predicted under every concept.
    NY → YY (Row swerves): Row ranks YY below NY: not an improvement, predicted under none.
    YY → YY: Column improves to YN and Row, whose swerve is irreversible, cannot answer: YY is
    unstable for Column under every concept, so staying put is predicted under none.
    """
    observed = timeline(load(_write(tmp_path, GOOD)))
    first, second, third, fourth = observed.steps
    assert first.predicted is None
    assert second.predicted is not None and all(second.predicted.values())
    assert third.predicted is not None and not any(third.predicted.values())
    assert fourth.predicted is not None and not any(fourth.predicted.values())
    assert set(observed.scorecard().values()) == {(1, 3)}
    assert set(observed.scorecard(since="2020-01-03").values()) == {(0, 2)}
    assert [s.entry.date for s in observed.scored_steps(since="c. 2020-01-02")] == [
        "2020-01-02",
        "2020-01-03",
        "2020-01-04",
    ]


def test_staying_at_an_equilibrium_is_predicted(tmp_path: Path) -> None:
    # NY is a Nash equilibrium of chicken, hence stable under every concept: nobody is expected to move
    observed = timeline(load(_write(tmp_path, "  - {date: a, state: NY}\n  - {date: b, state: NY}\n")))
    assert observed.steps[1].predicted is not None and all(observed.steps[1].predicted.values())


def test_cli_scorecard(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    out = runner.invoke(cli.app, ["timeline", str(path)])
    assert out.exit_code == 0, out.output
    assert "2020-01-03: take row_swerves: predicted under no concept" in out.output
    assert "Predicted, of 3 steps: Nash 1, GMR 1" in out.output
    out = runner.invoke(cli.app, ["timeline", str(path), "--since", "2020-01-03", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["steps"][0]["predicted"] is None
    assert data["steps"][1]["predicted"]["seq"] is True
    assert data["scorecard"] == {
        "since": "2020-01-03",
        "steps": 2,
        "predicted": {c: 0 for c in data["steps"][1]["predicted"]},
    }
