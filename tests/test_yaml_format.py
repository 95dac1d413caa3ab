"""Reading and writing the native model format (docs/reference/model-format.md): good and bad input."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles import examples
from standoff.engine.space import feasible_codes
from standoff.errors import ExpressionError, ModelError, ModelErrors, StandoffError
from standoff.io import load, loads, save
from standoff.io.native import (
    dump_json,
    dump_yaml,
    from_data,
    json_schema,
    locate,
    schema_text,
    to_data,
    write_atomically,
    write_yaml,
)
from standoff.model.conflict import Conflict, Direction
from standoff.model.expressions import And, Expression, Not, Option, parse, pattern
from standoff.model.preferences import Entry, Payoffs, Prioritization, Ranking, Statement
from strategies import conflicts

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DOC = ROOT / "docs" / "reference" / "model-format.md"
SCHEMA = ROOT / "docs" / "reference" / "model.schema.json"

# Options in model order: a, b (Row), c (Column). Line numbers below refer to this text.
BASE = """\
name: Test
decision_makers:
  - name: Row
    options:
      - name: a
        direction: forward
      - b
    preferences:
      prioritization:
        - statement: not c
          source: quote
        - a
  - name: Col
    options: [c]
    preferences:
      ranking:
        - NNY
        - [YNY, "b and not c"]
        - "-YY"
        - not b and not c
infeasible:
  - mutually_exclusive: [a, b]
status_quo: start
states:
  start: {state: NNN, description: the beginning}
  deal: "a and c"
"""
RANKING = BASE[BASE.index("      ranking:") : BASE.index("infeasible:")]


def write(tmp_path: Path, text: str, name: str = "conflict.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> ModelError:
    with pytest.raises(ModelError) as caught:
        load(path)
    return caught.value


def codes_of(expression: Expression, n: int = 3) -> list[int]:
    """The state codes (of all 2^n) where ``expression`` holds."""
    return [int(c) for c in np.flatnonzero(expression.evaluate(np.arange(1 << n, dtype=np.int64)))]


# ---------------------------------------------------------------------------
# A good model
# ---------------------------------------------------------------------------


def test_small_model_loads_in_model_order(tmp_path: Path) -> None:
    conflict = load(write(tmp_path, BASE))
    assert conflict.name == "Test"
    assert conflict.option_names == ("a", "b", "c")
    assert [o.owner for o in conflict.options] == [0, 0, 1]
    assert [o.direction for o in conflict.options] == [Direction.FORWARD, Direction.BOTH, Direction.BOTH]
    assert conflict.decision_maker_names == ("Row", "Col")
    assert [dm.options for dm in conflict.decision_makers] == [(0, 1), (2,)]
    assert conflict.path == str(tmp_path / "conflict.yaml")


def test_preferences_are_read_with_their_texts(tmp_path: Path) -> None:
    row, col = load(write(tmp_path, BASE)).decision_makers
    assert row.preferences == Prioritization(
        (Statement(Not(Option(2)), "not c", "quote", ""), Statement(Option(0), "a"))
    )
    assert isinstance(col.preferences, Ranking)
    # a full pattern is kept as its exact state code (bit j = option j); "-YY" is an expression
    assert col.preferences.groups == (
        (0b100,),
        (0b101, And((Option(1), Not(Option(2))))),
        (And((Option(1), Option(2))),),
        (And((Not(Option(1)), Not(Option(2)))),),
    )
    assert col.preferences.texts == (("NNY",), ("YNY", "b and not c"), ("-YY",), ("not b and not c",))


def test_status_quo_and_named_states(tmp_path: Path) -> None:
    conflict = load(write(tmp_path, BASE))
    assert [s.name for s in conflict.named_states] == ["start", "deal"]
    assert conflict.named_states[0].description == "the beginning"
    assert codes_of(conflict.named_states[1].expression) == [0b101, 0b111]
    assert conflict.status_quo is not None and codes_of(conflict.status_quo) == [0]
    for written, codes in [("YNN", [0b001]), ("a and not b and c", [0b101]), ("deal", [0b101, 0b111])]:
        other = load(write(tmp_path, BASE.replace("status_quo: start", f"status_quo: {written}")))
        assert other.status_quo is not None and codes_of(other.status_quo) == codes


@pytest.mark.parametrize(
    ("entry", "infeasible_codes"),
    [
        ("mutually_exclusive: [a, b, c]", [c for c in range(8) if bin(c).count("1") >= 2]),
        ("at_least_one: [a, c]", [c for c in range(8) if c & 0b101 == 0]),
        ("exactly_one: [a, b, c]", [c for c in range(8) if bin(c).count("1") != 1]),
        ("exactly_one: [b]", [c for c in range(8) if not c & 0b010]),
        ("a if c", [0, 1, 2, 3, 5, 7]),  # a state where "a if c" holds
        ("-YY", [0b110, 0b111]),
    ],
)
def test_infeasibility_shorthands_mean_what_the_reference_says(
    tmp_path: Path, entry: str, infeasible_codes: list[int]
) -> None:
    conflict = load(write(tmp_path, BASE.replace("mutually_exclusive: [a, b]", entry)))
    (condition,) = conflict.infeasible
    assert codes_of(condition) == infeasible_codes


def test_optional_keys_misperceived_option_order_history_notes(tmp_path: Path) -> None:
    text = (
        BASE.replace("  - name: Col\n", "  - name: Col\n    misperceived: [YY-]\n")
        + "option_order: [c, a, b]\nnotes: kept\nhistory:\n  - {state: start, mover: Row}\n"
    )
    conflict = load(write(tmp_path, text))
    assert conflict.option_names == ("c", "a", "b")  # patterns now read c, a, b
    assert [o.owner for o in conflict.options] == [1, 0, 0]
    assert [dm.options for dm in conflict.decision_makers] == [(1, 2), (0,)]
    assert codes_of(conflict.decision_makers[1].misperceived[0]) == [0b011, 0b111]  # c and a
    assert conflict.history == ({"state": "start", "mover": "Row"},)
    assert dict(conflict.extras) == {"notes": "kept"}


def test_an_option_may_share_a_decision_makers_name(tmp_path: Path) -> None:
    text = BASE.replace("options: [c]", "options: [Row]")
    text = text.replace("not c", "not Row").replace("and c", "and Row")
    conflict = load(write(tmp_path, text))
    assert conflict.option_names == ("a", "b", "Row")
    assert conflict.decision_maker_names == ("Row", "Col")


def test_json_equivalent_loads_to_the_same_conflict(tmp_path: Path) -> None:
    data = yaml.safe_load(BASE)
    from_yaml = load(write(tmp_path, BASE))
    from_json = load(write(tmp_path, json.dumps(data, indent=2), "conflict.json"))
    assert from_json == from_yaml
    assert load(write(tmp_path, BASE, "conflict.yml")) == from_yaml


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    assert load(path).name == "Test"


# ---------------------------------------------------------------------------
# Bad input: every message names the file, the place (with its line) and the problem
# ---------------------------------------------------------------------------

BAD = {
    "malformed YAML": (
        BASE.replace("name: Test", "name: Test\n  bad: [\n"),
        ("", 2, 6),
        "malformed YAML",
    ),
    "unknown source kind": (
        BASE.replace("          source: quote", "          source: quote\n          source_kind: rumour"),
        ("decision_makers[0].preferences.prioritization[0].source_kind", 12, 11),
        "expected one of 'statement', 'reporting' or 'analysis', got the text 'rumour'",
    ),
    "not a mapping": ("- a\n- b\n", ("", 1, 1), "a model is a mapping"),
    "empty file": ("", ("", None, None), "the file is empty"),
    "missing key": (BASE.replace("name: Test\n", ""), ("", 1, 1), "missing the required key 'name'"),
    "misspelt key": (
        BASE.replace("prioritization:", "prioritisation:"),
        ("decision_makers[0].preferences.prioritisation", 9, None),
        "did you mean 'prioritization'?",
    ),
    "key given twice": (
        BASE.replace("status_quo: start", "status_quo: start\nstatus_quo: deal"),
        ("status_quo", 24, None),
        "appears twice",
    ),
    "number for text": (
        BASE.replace("name: Test", "name: 1984"),
        ("name", 1, None),
        "expected text, got the number 1984",
    ),
    "boolean option": (
        BASE.replace("- b\n", "- no\n"),
        ("decision_makers[0].options[1]", 7, None),
        "got the boolean false",
    ),
    "unknown direction": (
        BASE.replace("direction: forward", "direction: forwards"),
        ("decision_makers[0].options[0].direction", 6, None),
        "expected one of 'both', 'forward' or 'backward'",
    ),
    "options not a list": (
        BASE.replace("options: [c]", "options: c"),
        ("decision_makers[1].options", 14, None),
        "expected a list",
    ),
    "decision maker not a mapping": (
        BASE.replace("  - name: Col\n    options: [c]", "  - Col\n  - name: Col\n    options: [c]"),
        ("decision_makers[1]", 13, None),
        "expected a mapping",
    ),
    "payoff value not a number": (
        BASE.replace(RANKING, "      payoffs:\n        - {state: a, value: lots}\n"),
        ("decision_makers[1].preferences.payoffs[0].value", 17, None),
        "expected a number, got the text 'lots'",
    ),
    "bad infeasible entry": (
        BASE.replace("mutually_exclusive: [a, b]", "mutualy_exclusive: [a, b]"),
        ("infeasible[0]", 22, None),
        "exactly one of mutually_exclusive, at_least_one, exactly_one",
    ),
    "unknown option": (
        BASE.replace("- statement: not c", "- statement: not zz"),
        ("decision_makers[0].preferences.prioritization[0].statement", 10, None),
        "unknown option 'zz'",
    ),
    "expression syntax": (
        BASE.replace("- statement: not c", "- statement: not and c"),
        ("decision_makers[0].preferences.prioritization[0].statement", 10, None),
        "cannot parse expression 'not and c'",
    ),
    "unknown option in a ranking group": (
        BASE.replace('"b and not c"', '"b and not d"'),
        ("decision_makers[1].preferences.ranking[1][1]", 18, None),
        "unknown option 'd'",
    ),
    "duplicate option": (
        BASE.replace("options: [c]", "options: [b]").replace("not c", "not b").replace("and c", "and b"),
        ("decision_makers[1].options[0]", 14, None),
        "option name 'b' is already used at decision_makers[0].options[1]",
    ),
    "duplicate decision maker": (
        BASE.replace("name: Col", "name: Row"),
        ("decision_makers[1].name", 13, None),
        "decision maker name 'Row' is already used",
    ),
    "one decision maker": (
        BASE[: BASE.index("  - name: Col")],
        ("decision_makers", 2, None),
        "at least two decision makers, found 1",
    ),
    "decision maker without options": (
        BASE.replace("options: [c]", "options: []"),
        ("decision_makers[1].options", 14, None),
        "decision maker 'Col' has no options",
    ),
    "no preferences": (
        BASE.replace("    preferences:\n" + RANKING, "    preferences: {}\n"),
        ("decision_makers[1].preferences", 15, None),
        "exactly one of prioritization, ranking or payoffs; found none",
    ),
    "two kinds of preferences": (
        BASE.replace(RANKING, "      payoffs: [{state: a, value: 1}]\n" + RANKING),
        ("decision_makers[1].preferences", 15, None),
        "found ranking and payoffs",
    ),
    "empty ranking": (
        BASE.replace(RANKING, "      ranking: []\n"),
        ("decision_makers[1].preferences.ranking", 16, None),
        "the ranking is empty",
    ),
    "unknown status quo": (
        BASE.replace("status_quo: start", "status_quo: begin"),
        ("status_quo", 23, None),
        "'begin' is not a named state (named states: start, deal)",
    ),
    "pattern of the wrong length": (
        BASE.replace("status_quo: start", "status_quo: NNNN"),
        ("status_quo", 23, None),
        "pattern 'NNNN' has 4 characters but the model has 3 options",
    ),
    "pattern with a wrong character": (
        BASE.replace("- NNY\n", "- NXY\n"),
        ("decision_makers[1].preferences.ranking[0]", 17, None),
        "pattern 'NXY' has 'X' at position 2",
    ),
    "mutually exclusive with one item": (
        BASE.replace("mutually_exclusive: [a, b]", "mutually_exclusive: [a]"),
        ("infeasible[0].mutually_exclusive", 22, None),
        "needs at least 2 items",
    ),
    "item listed twice": (
        BASE.replace("mutually_exclusive: [a, b]", "at_least_one: [a, b, a]"),
        ("infeasible[0].at_least_one[2]", 22, None),
        "'a' is listed twice",
    ),
    "option order misses an option": (
        BASE + "option_order: [a, b]\n",
        ("option_order", 27, None),
        "leaves out 'c'",
    ),
    "option order names no option": (
        BASE + "option_order: [a, b, c, zz]\n",
        ("option_order[3]", 27, None),
        "'zz' is not an option of any decision maker",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_names_file_place_and_problem(tmp_path: Path, case: str) -> None:
    text, (place, line, column), problem = BAD[case]
    error = load_error(write(tmp_path, text))
    message = str(error)
    file = str(tmp_path / "conflict.yaml")
    assert message.startswith(f"{file}:{line}:" if line else f"{file}: ")
    assert problem in message
    assert error.place == (place or None)
    assert error.line == line
    if column is not None:
        assert error.column == column


def test_expression_errors_are_expression_errors(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, BASE.replace("- statement: not c", "- statement: not zz")))
    assert isinstance(error, ExpressionError)


def test_the_error_examples_in_the_reference_are_real(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shown = DOC.read_text(encoding="utf-8").split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    produced = []
    for case in ("misspelt key", "unknown option", "pattern of the wrong length", "malformed YAML"):
        Path("conflict.yaml").write_text(BAD[case][0], encoding="utf-8")
        produced.append(str(load_error(Path("conflict.yaml"))))
    assert produced == shown


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "conflict.yaml"
    path.write_bytes(b"name: \x00\x01\x02")
    message = str(load_error(path))
    assert "conflict.yaml" in message and "binary file" in message


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "conflict.yaml"
    path.write_bytes("name: Café\n".encode("latin-1"))
    message = str(load_error(path))
    assert "conflict.yaml:1:10: is not UTF-8 text" in message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "nowhere.yaml: no such file" in str(load_error(tmp_path / "nowhere.yaml"))
    assert "nowhere.gmcr: no such file" in str(load_error(tmp_path / "nowhere.gmcr"))
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert "is a directory" in str(load_error(folder))


def test_unknown_extension(tmp_path: Path) -> None:
    message = str(load_error(write(tmp_path, BASE, "conflict.txt")))
    assert "conflict.txt" in message and "'.txt'" in message and ".yaml" in message


def test_malformed_json_gives_line_and_column(tmp_path: Path) -> None:
    text = json.dumps(yaml.safe_load(BASE), indent=2).replace('"Test",', '"Test"')
    message = str(load_error(write(tmp_path, text, "conflict.json")))
    assert "conflict.json:3:3: malformed JSON" in message


def test_json_errors_have_places_and_lines(tmp_path: Path) -> None:
    text = json.dumps(yaml.safe_load(BASE), indent=2)
    bad = text.replace('"not c"', '"not q"')
    message = str(load_error(write(tmp_path, bad, "conflict.json")))
    before = bad[: bad.index('"not q"')]
    line, column = 1 + before.count("\n"), len(before) - before.rfind("\n")
    assert f"conflict.json:{line}:{column - len('statement: ') - 2}: " in message
    assert "decision_makers[0].preferences.prioritization[0].statement: " in message
    assert "unknown option 'q'" in message
    twice = text.replace('"name": "Test",', '"name": "Test", "name": "Again",')
    assert "the key 'name' appears twice" in str(load_error(write(tmp_path, twice, "twice.json")))


def test_every_schema_problem_is_reported_at_once_in_file_order(tmp_path: Path) -> None:
    text = BASE.replace("name: Test", "name: 1").replace("direction: forward", "direction: up")
    error = load_error(write(tmp_path, text))
    assert isinstance(error, ModelErrors)
    file = str(tmp_path / "conflict.yaml")
    assert [e.message for e in error.errors] == [
        f"{file}:1:1: name: expected text, got the number 1 (YAML reads unquoted numbers, dates, yes/no, "
        "on/off, true/false as such: put text in quotes)",
        f"{file}:6:9: decision_makers[0].options[0].direction: expected one of 'both', 'forward' or "
        "'backward', got the text 'up'",
    ]
    assert str(error) == "\n".join(e.message for e in error.errors)


def test_every_meaning_problem_is_reported_at_once(tmp_path: Path) -> None:
    """Unknown options in several places, a misspelt option and a bad pattern: one error each."""
    text = BASE.replace("- statement: not c", "- statement: not zz").replace(
        "mutually_exclusive: [a, b]", "mutually_exclusive: [a, bb]"
    )
    error = load_error(write(tmp_path, text))
    assert isinstance(error, ModelErrors)
    problems = [e.problem for e in error.errors]
    assert len(problems) == 2, problems
    assert "unknown option 'zz'" in problems[0]
    assert "unknown option 'bb'" in problems[1] and "did you mean 'b'?" in problems[1]
    assert [e.line for e in error.errors] == sorted(e.line for e in error.errors)


def test_locate_adds_the_line_of_a_place(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    assert locate(path, "decision_makers[1] (Col).preferences.ranking") == (
        "decision_makers[1] (Col).preferences.ranking (line 16)"
    )
    assert locate(load(path), "status_quo") == "status_quo (line 23)"
    assert locate(path, "nowhere") == "nowhere"


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _plain(conflict: Conflict) -> Conflict:
    """The conflict without the texts its expressions were read from and with exact states as codes."""
    n = len(conflict.options)
    full: dict[object, int] = {
        pattern("".join("Y" if c >> j & 1 else "N" for j in range(n)), n): c for c in range(1 << n)
    }

    def code(entry: Entry) -> Entry:
        return entry if isinstance(entry, int) else full.get(entry, entry)

    dms = []
    for dm in conflict.decision_makers:
        prefs = dm.preferences
        if isinstance(prefs, Ranking):
            prefs = Ranking(tuple(tuple(code(e) for e in group) for group in prefs.groups))
        elif isinstance(prefs, Payoffs):
            prefs = Payoffs(tuple((code(e), v) for e, v in prefs.entries))
        elif isinstance(prefs, Prioritization):
            prefs = Prioritization(
                tuple(Statement(s.expression, "", s.source, s.note) for s in prefs.statements)
            )
        dms.append(dataclasses.replace(dm, preferences=prefs))
    return dataclasses.replace(conflict, decision_makers=tuple(dms))


def _assert_same_meaning(before: Conflict, after: Conflict) -> None:
    """Same options, owners and names; conditions agree on every code, scores on every feasible state."""
    codes = np.arange(1 << len(before.options), dtype=np.int64)
    feasible = feasible_codes(before.infeasible, len(before.options))
    assert after.options == before.options
    assert [(d.name, d.options) for d in after.decision_makers] == [
        (d.name, d.options) for d in before.decision_makers
    ]
    assert np.array_equal(feasible_codes(after.infeasible, len(after.options)), feasible)
    for one, other in zip(before.infeasible, after.infeasible, strict=True):
        assert np.array_equal(one.evaluate(codes), other.evaluate(codes))
    for dm, again in zip(before.decision_makers, after.decision_makers, strict=True):
        assert type(again.preferences) is type(dm.preferences)
        assert np.array_equal(again.preferences.scores(feasible), dm.preferences.scores(feasible))
        assert len(again.misperceived) == len(dm.misperceived)
        for one, other in zip(dm.misperceived, again.misperceived, strict=True):
            assert np.array_equal(one.evaluate(codes), other.evaluate(codes))


def test_write_then_read_gives_the_same_conflict(tmp_path: Path) -> None:
    conflict = load(write(tmp_path, BASE + "notes: kept\nhistory:\n  - {state: start}\n"))
    for name in ("again.yaml", "again.json"):
        save(conflict, tmp_path / name)
        assert load(tmp_path / name) == conflict


def test_written_yaml_keeps_shorthands_and_texts(tmp_path: Path) -> None:
    conflict = load(write(tmp_path, BASE.replace("mutually_exclusive: [a, b]", "exactly_one: [a, b, c]")))
    data = to_data(conflict)
    assert data["infeasible"] == [{"exactly_one": ["a", "b", "c"]}]
    ranking = data["decision_makers"][1]["preferences"]["ranking"]
    assert ranking == ["NNY", ["YNY", "b and not c"], "-YY", "not b and not c"]
    assert data["status_quo"] == "start"
    assert data["decision_makers"][0]["options"] == [{"name": "a", "direction": "forward"}, "b"]
    assert "option_order" not in data


def test_text_with_line_breaks_is_written_line_by_line(tmp_path: Path) -> None:
    """A notes block of several lines (as a modeller writes with ``|``) comes back as those lines,
    not folded with a blank line after each; a paragraph is folded to the line width."""
    notes = "First line of the notes,\nsecond line.\n\nA new paragraph.\n"
    paragraph = " ".join(["one long sentence"] * 8) + "\n"
    conflict = load(write(tmp_path, BASE))
    extras = (*dict(conflict.extras).items(), ("notes", notes))
    conflict = dataclasses.replace(conflict, extras=tuple(extras), description=paragraph)
    save(conflict, tmp_path / "again.yaml")
    text = (tmp_path / "again.yaml").read_text(encoding="utf-8")
    assert "notes: |\n  First line of the notes,\n  second line.\n\n  A new paragraph.\n" in text
    assert "description: >\n" in text
    again = load(tmp_path / "again.yaml")
    assert (dict(again.extras)["notes"], again.description) == (notes, paragraph)


def test_exact_ranking_codes_are_written_as_full_patterns(tmp_path: Path) -> None:
    conflict = load(write(tmp_path, BASE))
    col = conflict.decision_makers[1]
    assert isinstance(col.preferences, Ranking)
    # without texts: exact codes and expressions only
    bare = dataclasses.replace(col, preferences=Ranking(col.preferences.groups))
    changed = dataclasses.replace(conflict, decision_makers=(conflict.decision_makers[0], bare))
    ranking = to_data(changed)["decision_makers"][1]["preferences"]["ranking"]
    assert ranking == ["NNY", ["YNY", "b and not c"], "b and c", "not b and not c"]
    assert _plain(load_text(tmp_path, dump_yaml(changed))) == _plain(changed)


def load_text(tmp_path: Path, text: str, name: str = "written.yaml") -> Conflict:
    return load(write(tmp_path, text, name))


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_survive_a_round_trip(tmp_path: Path, example: Path) -> None:
    conflict = load(example)
    assert load_text(tmp_path, dump_yaml(conflict)) == conflict
    again = load_text(tmp_path, dump_json(conflict), "written.json")
    assert dataclasses.replace(again, history=()) == dataclasses.replace(conflict, history=())


@settings(max_examples=examples(60), deadline=None)
@given(conflicts())
def test_generated_conflicts_survive_a_round_trip(conflict: Conflict) -> None:
    """Import then export then import: the same model, expressions up to their formatting."""
    for text in (dump_yaml(conflict), dump_json(conflict)):
        again = from_data(yaml.safe_load(text))
        _assert_same_meaning(conflict, again)
        assert _plain(again) == _plain(conflict)


def test_option_order_is_written_when_options_are_not_grouped(tmp_path: Path) -> None:
    conflict = load(write(tmp_path, BASE + "option_order: [a, c, b]\n"))
    assert to_data(conflict)["option_order"] == ["a", "c", "b"]
    assert load_text(tmp_path, dump_yaml(conflict)) == conflict


def test_expressions_that_look_like_patterns_are_written_unambiguously(tmp_path: Path) -> None:
    # an option named YYN in a three-option model: "YYN" alone would read as a pattern
    text = BASE.replace("      - b\n", "      - YYN\n").replace("        - a\n", "        - (YYN)\n")
    text = text.replace("b and", "(YYN) and").replace("not b", "not (YYN)").replace("[a, b]", "[a, (YYN)]")
    conflict = load(write(tmp_path, text))
    statements = conflict.decision_makers[0].preferences
    assert isinstance(statements, Prioritization)
    assert statements.statements[1].expression == Option(1)
    bare = Prioritization(tuple(Statement(s.expression) for s in statements.statements))
    changed = dataclasses.replace(
        conflict,
        decision_makers=(
            dataclasses.replace(conflict.decision_makers[0], preferences=bare),
            conflict.decision_makers[1],
        ),
    )
    assert to_data(changed)["decision_makers"][0]["preferences"]["prioritization"] == ["not c", "(YYN)"]
    again = load_text(tmp_path, dump_yaml(changed)).decision_makers[0].preferences
    assert isinstance(again, Prioritization)
    assert [s.expression for s in again.statements] == [s.expression for s in bare.statements]


def test_save_never_leaves_a_half_written_file(tmp_path: Path) -> None:
    target = tmp_path / "model.yaml"
    target.write_text("original\n", encoding="utf-8")

    def fail_midway(temporary: Path) -> None:
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, fail_midway)
    assert target.read_text(encoding="utf-8") == "original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["model.yaml"]


def test_save_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    conflict = load(write(tmp_path, BASE))
    target = tmp_path / "model.yaml"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)
    write_yaml(conflict, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert load(target) == dataclasses.replace(conflict, path=str(target))


def test_save_dispatches_on_the_extension(tmp_path: Path) -> None:
    conflict = load(write(tmp_path, BASE))
    save(conflict, tmp_path / "model.json")
    assert json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))["name"] == "Test"
    save(conflict, tmp_path / "model.gmcr")
    assert load(tmp_path / "model.gmcr").option_names == conflict.option_names
    with pytest.raises(StandoffError, match=r"model\.txt.*'\.txt'"):
        save(conflict, tmp_path / "model.txt")
    assert not (tmp_path / "model.txt").exists()


# ---------------------------------------------------------------------------
# The JSON Schema
# ---------------------------------------------------------------------------


def test_published_schema_is_the_generated_one() -> None:
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == json_schema()
    assert SCHEMA.read_text(encoding="utf-8") == schema_text()


def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(json_schema())
    return jsonschema.Draft202012Validator(json_schema())


def test_schema_validates_the_examples() -> None:
    examples = sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.json"))
    if not examples:
        pytest.skip("no example models in examples/")
    validator = _validator()
    for example in examples:
        data = json.loads(json.dumps(yaml.safe_load(example.read_text(encoding="utf-8")), default=str))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], example.name


def test_schema_accepts_the_reference_example_and_rejects_what_standoff_rejects() -> None:
    validator = _validator()
    reference = yaml.safe_load(DOC.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0])
    assert list(validator.iter_errors(reference)) == []
    base = yaml.safe_load(BASE)
    assert list(validator.iter_errors(base)) == []
    for change in (
        lambda d: d["decision_makers"][0]["preferences"].update(ranking=["YNN"]),  # two kinds
        lambda d: d["decision_makers"][0].update(descripton="typo"),
        lambda d: d.update(decision_makers=d["decision_makers"][:1]),
        lambda d: d["decision_makers"][0]["options"][0].update(direction="sideways"),
        lambda d: d.update(status_quo=None),
    ):
        data = yaml.safe_load(BASE)
        change(data)
        assert list(validator.iter_errors(data)), data
        with pytest.raises(ModelError):
            from_data(data)


def test_the_examples_in_the_reference_load(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    reference = load(write(tmp_path, text.split("```yaml\n", 1)[1].split("```", 1)[0]))
    assert reference.option_names == ("row_defects", "row_flees", "col_defects", "col_flees")
    assert reference.status_quo is not None and codes_of(reference.status_quo, 4) == [0]
    chicken = load(write(tmp_path, text.split("```json\n", 1)[1].split("```", 1)[0], "chicken.json"))
    assert chicken.option_names == ("row_swerves", "col_swerves")
    expressions = re.findall(r"\| `(\w+): \[([a-z, ]+)\]` \| [^|]+\| `([^`]+)` \|", text)
    assert len(expressions) == 3
    names = ["a", "b", "c"]
    for kind, items, expression in expressions:
        entry = {kind: [i.strip() for i in items.split(",")]}
        shorthand = from_data(
            {
                "name": "t",
                "decision_makers": [
                    {"name": "A", "options": ["a", "b"], "preferences": {"ranking": ["---"]}},
                    {"name": "B", "options": ["c"], "preferences": {"ranking": ["---"]}},
                ],
                "infeasible": [entry],
            }
        ).infeasible[0]
        assert codes_of(shorthand) == codes_of(parse(expression, names)), kind


# ---------------------------------------------------------------------------
# Every problem at once, each with its line and column; hints in plain words
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "suggestion"),
    [
        ("- statement: not c", "- statement: not cc", 10, "did you mean 'c'?"),
        ("- not b and not c", "- not bb and not c", 20, "did you mean 'b'?"),
        ("mutually_exclusive: [a, b]", "mutually_exclusive: [A, b]", 22, "did you mean 'a'?"),
        ('deal: "a and c"', 'deal: "a and cc"', 26, "did you mean 'c'?"),
    ],
)
def test_a_misspelt_option_name_gets_a_suggestion(
    tmp_path: Path, old: str, new: str, line: int, suggestion: str
) -> None:
    error = load_error(write(tmp_path, BASE.replace(old, new)))
    assert isinstance(error, ExpressionError)
    assert suggestion in error.problem
    assert error.line == line


def test_an_option_name_far_from_every_known_one_gets_no_suggestion(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, BASE.replace("- statement: not c", "- statement: not zebra")))
    assert "did you mean" not in error.problem
    assert "unknown option 'zebra'" in error.problem


@pytest.mark.parametrize(
    ("text", "position", "hint"),
    [
        ("name: x\ndecision_makers:\n\t- name: A\n", (3, 1), "indented with a tab"),
        ("name: x\ndecision_makers:\n  - name: A\n   options: [a]\n", (4, 4), "indented differently"),
        ("name: x\ndecision_makers:\n  - name: A\n    options: [a, b\n", (5, 1), "is not closed"),
        ("name: a: b\n", (1, 8), "put text containing ': ' in quotes"),
        ('name: "x\n', (2, 1), "never closed"),
    ],
)
def test_yaml_syntax_errors_get_a_hint_in_plain_words(
    tmp_path: Path, text: str, position: tuple[int, int], hint: str
) -> None:
    error = load_error(write(tmp_path, text))
    assert (error.line, error.column) == position
    assert "malformed YAML" in error.problem and "; hint: " in error.problem and hint in error.problem
    assert str(error).startswith(f"{tmp_path / 'conflict.yaml'}:{position[0]}:{position[1]}: ")


def test_meaning_problems_in_options_are_all_reported(tmp_path: Path) -> None:
    text = BASE.replace("  - name: Col\n    options: [c]", "  - name: Row\n    options: [a]")
    error = load_error(write(tmp_path, text))
    assert isinstance(error, ModelErrors)
    assert [(e.place, e.line) for e in error.errors] == [
        ("decision_makers[1].name", 13),
        ("decision_makers[1].options[0]", 14),
    ]
    assert "already used by decision_makers[0]" in error.errors[0].problem
    assert "option name 'a' is already used at decision_makers[0].options[0]" in error.errors[1].problem


def test_problems_of_the_states_name_their_place(tmp_path: Path) -> None:
    """Checks that need the feasible states: each problem once, with a place that has a line."""
    from standoff.analyses.soundness import model_problems
    from standoff.io.native import with_positions

    text = (
        BASE.replace('        - "-YY"\n', "")
        .replace("status_quo: start", "status_quo: YYN")
        .replace('deal: "a and c"', 'deal: "c"')
    )
    path = write(tmp_path, text)
    problems = with_positions(model_problems(load(path)))
    assert [(p.place, p.line) for p in problems] == [
        ("decision_makers[1].preferences.ranking", 16),
        ("states.deal", 25),
        ("status_quo", 22),
    ]
    assert "misses 1 feasible state(s), the first with pattern NYY" in problems[0].problem
    assert "matches 3 feasible states (NNY, YNY, NYY)" in problems[1].problem
    assert problems[2].problem == (
        "the status quo 'YYN' is not a feasible state of this model: infeasible[0] ('a and b') excludes it"
    )


def test_a_sound_model_has_no_problems_of_its_states(tmp_path: Path) -> None:
    from standoff.analyses.soundness import model_problems

    assert model_problems(load(write(tmp_path, BASE))) == []


def test_source_kind_is_read_written_and_dropped_by_gmcr(tmp_path: Path) -> None:
    """source_kind says whether a source is a party's words, reporting or analysis; YAML and JSON keep it,
    .gmcr (which has no place for sources) drops it without complaint."""
    text = BASE.replace(
        "          source: quote", "          source: quote\n          source_kind: statement"
    )
    conflict = load(write(tmp_path, text))
    statement = conflict.decision_makers[0].preferences.statements[0]
    assert statement.source_kind == "statement" and statement.source == "quote"
    assert conflict.decision_makers[0].preferences.statements[1].source_kind == ""
    for name in ("again.yaml", "again.json"):
        save(conflict, tmp_path / name)
        again = load(tmp_path / name)
        assert again.decision_makers[0].preferences.statements[0].source_kind == "statement", name
    assert "source_kind: statement" in (tmp_path / "again.yaml").read_text()
    save(conflict, tmp_path / "again.gmcr")
    assert load(tmp_path / "again.gmcr").option_names == conflict.option_names
    as_json = json.loads(json.dumps(yaml.safe_load(text)))
    as_json["decision_makers"][0]["preferences"]["prioritization"][0]["source_kind"] = "gossip"
    error = load_error(write(tmp_path, json.dumps(as_json, indent=2), "bad.json"))
    assert error.place == "decision_makers[0].preferences.prioritization[0].source_kind"
    assert error.line is not None and "gossip" in str(error)


YAML_PIECES = [
    *"ab:- \n\t\r[]{},#'\"&*!|>?%@`0123456789.Y+=~<\\",
    "\x85",
    "\u2028",
    "\ufeff",
    "\x00",
    "é",
    "\ud800",
]


@settings(max_examples=examples(1500), deadline=None)
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join))
def test_the_quick_yaml_reader_reads_every_text_as_pyyaml_does(text: str) -> None:
    """Model text is read by libyaml when PyYAML has it: the same data and the same root line as PyYAML's
    own parser, and a text either refuses is refused by both (generated texts, tabs, tags, comments,
    control and Unicode line-break characters, surrogates among them)."""
    from standoff.io.native.text import compose

    def read(parse: Any) -> tuple[Any, ...]:
        try:
            node = parse(text)
        except yaml.YAMLError:
            return ("refused",)
        if node is None:
            return ("empty",)
        try:
            data = yaml.SafeLoader("").construct_document(node)
        except yaml.YAMLError:  # a node no plain data stands for (the model reader says so)
            return ("read", node.tag, node.start_mark.line)
        return ("read", repr(data), node.start_mark.line if data is not None else None)

    def pyyaml(given: str) -> Any:
        loader = yaml.SafeLoader(given)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()

    assert read(compose) == read(pyyaml)


@pytest.mark.parametrize("text", ["~: 1\n", "name: x\ndecision_makers:\n  - ~: 1\n", "null: 2\n"])
def test_a_null_key_is_a_clear_error_not_a_crash(text: str) -> None:
    with pytest.raises(ModelError) as raised:
        loads(text, name="m.yaml")
    assert "[null]: unknown key None" in str(raised.value) and "m.yaml:" in str(raised.value)
