"""Options' plain-words labels: read, validated with their place, written back, used to word moves."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import standoff
from profiles import examples
from standoff.engine.space import StateSpace
from standoff.errors import ModelError
from standoff.interfaces import cli
from standoff.io.native import dump_json, dump_yaml
from standoff.model.conflict import Conflict
from standoff.outputs.words import change_words, joint_words
from strategies import conflicts

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HANOI = EXAMPLES / "hanoi-2019.yaml"
runner = CliRunner()
cli._register_commands()

MODEL = """\
name: Labels
decision_makers:
  - name: A
    options:
      - name: strike
        labels:
          take: strike first
          drop: stand down
      - plain
    preferences: {prioritization: [strike]}
  - name: B
    options:
      - name: talk
        labels: {take: open talks}
    preferences: {prioritization: [talk]}
"""


def test_labels_are_read_and_word_the_moves() -> None:
    conflict = standoff.loads(MODEL)
    assert [(o.take_label, o.drop_label) for o in conflict.options] == [
        ("strike first", "stand down"),
        ("", ""),
        ("open talks", ""),
    ]
    space = StateSpace.build(conflict)
    code = {space.pattern(s): s for s in range(space.n_states)}
    assert change_words(conflict, space, code["NNN"], code["YYN"]) == "strike first and take plain"
    assert change_words(conflict, space, code["YYY"], code["NNN"]) == "stand down and drop plain and talk"
    assert change_words(conflict, space, code["NNN"], code["NNY"]) == "open talks"
    assert joint_words(conflict, space, (0, 1), code["YNN"], code["NNY"]) == "A: stand down + B: open talks"


def test_labels_round_trip_and_are_dropped_by_gmcr(tmp_path: Path) -> None:
    conflict = standoff.loads(MODEL)
    for text in (dump_yaml(conflict), dump_json(conflict)):
        again = standoff.loads(text, format="json" if text.lstrip().startswith("{") else "yaml")
        assert again.options == conflict.options
    standoff.save(conflict, tmp_path / "labels.gmcr")
    back = standoff.load(tmp_path / "labels.gmcr")
    assert [o.name for o in back.options] == [o.name for o in conflict.options]
    assert all(not o.take_label and not o.drop_label for o in back.options)


@pytest.mark.parametrize(
    ("edit", "line", "problem"),
    [
        ("          drop: stand down", 8, "labels.drop: the drop label is empty"),
        ("          dropp: stand down", 8, "labels.dropp: unknown key 'dropp' (did you mean 'drop'?)"),
        ("          drop: 3", 8, "labels.drop: expected text"),
    ],
)
def test_bad_labels_are_reported_with_file_and_line(
    tmp_path: Path, edit: str, line: int, problem: str
) -> None:
    text = MODEL.replace(
        "          drop: stand down", edit if "empty" not in problem else "          drop: ''"
    )
    path = tmp_path / "labels.yaml"
    path.write_text(text)
    with pytest.raises(ModelError) as error:
        standoff.load(path)
    assert f"labels.yaml:{line}:" in str(error.value)
    assert f"decision_makers[0].options[0].{problem}" in str(error.value)


@pytest.mark.parametrize("name", ["hanoi-2019.yaml", "hanoi-2019-four-parties.yaml", "elmira.yaml"])
def test_every_option_of_the_examples_has_both_labels(name: str) -> None:
    conflict = standoff.load(EXAMPLES / name)
    assert all(o.take_label and o.drop_label for o in conflict.options), name


def test_json_keeps_option_names_and_adds_words() -> None:
    out = runner.invoke(cli.app, ["explain", str(HANOI), "status_quo", "--dm", "DPRK", "--format", "json"])
    assert out.exit_code == 0, out.output
    text = json.dumps(json.loads(out.output))
    assert '"take": ["new_way"]' in text and '"drop": ["test_freeze"]' in text
    assert '"words": "take the new way (resume testing) and end the test freeze"' in text


@st.composite
def labelled(draw: st.DrawFn) -> Conflict:
    """A generated conflict whose options have a label for some directions."""
    conflict = draw(conflicts(max_dms=3, max_options=5))
    options = tuple(
        replace(
            o,
            take_label=f"raise {o.name}" if draw(st.booleans()) else "",
            drop_label=f"lower {o.name}" if draw(st.booleans()) else "",
        )
        for o in conflict.options
    )
    return replace(conflict, options=options)


@settings(max_examples=examples(60), deadline=None)
@given(labelled(), st.data())
def test_a_move_names_exactly_its_changed_options(conflict: Conflict, data: st.DataObject) -> None:
    """Each changed option appears once, by its label for the direction it changes in (else its name after
    take/drop); options that do not change do not appear."""
    space = StateSpace.build(conflict)
    a = data.draw(st.integers(0, space.n_states - 1))
    b = data.draw(st.integers(0, space.n_states - 1))
    words = change_words(conflict, space, a, b)
    before, after = int(space.codes[a]), int(space.codes[b])
    if before == after:
        assert words == "change nothing"
    for j, option in enumerate(conflict.options):
        changed = (before ^ after) >> j & 1
        label = option.take_label if after >> j & 1 else option.drop_label
        mentioned = f"raise {option.name}" in words or f"lower {option.name}" in words
        if not changed:
            assert not mentioned
        elif label:
            assert label in words
        else:
            assert f"{'take' if after >> j & 1 else 'drop'} " in words and option.name in words
