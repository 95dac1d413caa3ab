"""The ``standoff`` command line: analyze, validate, convert and schema, on good and bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from standoff.interfaces import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PD = EXAMPLES / "prisoners-dilemma.yaml"
CONCEPTS = ["nash", "gmr", "smr", "seq", "sim", "seqsim"]

cli._register_commands()
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_analyze_json_keeps_the_output_contract() -> None:
    """Keys and meanings fixed by the JSON contract (docs/reference/json-output.md)."""
    code, out, _ = run("analyze", str(PD), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["options"] == ["row_defects", "col_defects"]
    assert data["decision_makers"] == ["Row", "Column"]
    assert [s["pattern"] for s in data["states"]] == ["NN", "YN", "NY", "YY"]
    for state in data["states"]:
        assert set(state["stable"]) == {"Row", "Column"}
        for marks in state["stable"].values():
            assert set(marks) == set(CONCEPTS)
    assert set(data["equilibria"]) == set(CONCEPTS)
    for concept in CONCEPTS:
        every = [s["pattern"] for s in data["states"] if all(m[concept] for m in s["stable"].values())]
        assert data["equilibria"][concept] == every
    assert data["equilibria"]["nash"] == ["YY"]
    assert data["status_quo"] == "NN"


def test_equilibria_only_drops_states_and_keeps_the_rest() -> None:
    code, out, _ = run("analyze", str(PD), "--format", "json", "--equilibria-only")
    assert code == 0
    data = json.loads(out)
    assert "states" not in data
    assert {"options", "decision_makers", "equilibria", "status_quo"} <= set(data)


def test_csv_has_the_same_content_as_json() -> None:
    _, out_json, _ = run("analyze", str(PD), "--format", "json")
    code, out_csv, _ = run("analyze", str(PD), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out_csv)))
    data = json.loads(out_json)
    assert [r["pattern"] for r in rows] == [s["pattern"] for s in data["states"]]
    for row, state in zip(rows, data["states"], strict=True):
        for dm, marks in state["stable"].items():
            for concept, value in marks.items():
                assert row[f"{dm}:{concept}"] == str(int(value))
    assert [r["status_quo"] for r in rows] == ["1", "0", "0", "0"]


def test_table_names_options_and_equilibria() -> None:
    code, out, _ = run("analyze", str(PD))
    assert code == 0
    assert "row_defects" in out and "col_defects" in out
    assert "Equilibria" in out
    assert "4 YY" in out  # Nash equilibrium, state 4


def test_concepts_option_limits_the_output() -> None:
    code, out, _ = run("analyze", str(PD), "--format", "json", "--concepts", "nash,seq")
    assert code == 0
    assert set(json.loads(out)["equilibria"]) == {"nash", "seq"}


def test_unknown_concept_is_a_usage_error() -> None:
    code, _, err = run("analyze", str(PD), "--concepts", "nash,foo")
    assert code == 2
    assert "foo" in err


def test_validate_summarises_a_sound_model() -> None:
    code, out, _ = run("validate", str(PD))
    assert code == 0
    assert "2 decision makers" in out and "4 feasible states" in out and "status quo: state 1 (NN)" in out


BAD_MODELS = {
    "missing.yaml": (None, "no such file"),
    "missing.gmcr": (None, "no such file"),
    "truncated.yaml": ("name: x\ndecision_makers:\n  - name: A\n    options: [a\n", "truncated.yaml"),
    "binary.yaml": (b"\x00\x01\xff\xfe\x00garbage", "binary.yaml"),
    "all-infeasible.yaml": (
        "name: x\ndecision_makers:\n"
        "  - {name: A, options: [a], preferences: {prioritization: [a]}}\n"
        "  - {name: B, options: [b], preferences: {prioritization: [b]}}\n"
        "infeasible: [a, not a]\n",
        "every state is infeasible",
    ),
    "bad-status-quo.yaml": (
        "name: x\ndecision_makers:\n"
        "  - {name: A, options: [a], preferences: {prioritization: [a]}}\n"
        "  - {name: B, options: [b], preferences: {prioritization: [b]}}\n"
        "infeasible: [a and b]\nstatus_quo: YY\n",
        "status_quo",
    ),
    "ranking-misses.yaml": (
        "name: x\ndecision_makers:\n"
        "  - {name: A, options: [a], preferences: {ranking: [YY, NN]}}\n"
        "  - {name: B, options: [b], preferences: {prioritization: [b]}}\n",
        "misses",
    ),
    "ranking-repeats.yaml": (
        "name: x\ndecision_makers:\n"
        "  - {name: A, options: [a], preferences: {ranking: [Y-, YY, NN, NY]}}\n"
        "  - {name: B, options: [b], preferences: {prioritization: [b]}}\n",
        "repeats",
    ),
    "unknown-option.yaml": (
        "name: x\ndecision_makers:\n"
        "  - {name: A, options: [a], preferences: {prioritization: [a and zz]}}\n"
        "  - {name: B, options: [b], preferences: {prioritization: [b]}}\n",
        "zz",
    ),
    "model.txt": ("hello", "cannot tell the format"),
}


@pytest.mark.parametrize("command", ["analyze", "validate"])
@pytest.mark.parametrize("name", sorted(BAD_MODELS))
def test_bad_input_exits_2_with_a_clear_message(tmp_path: Path, command: str, name: str) -> None:
    content, expected = BAD_MODELS[name]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    code, out, err = run(command, str(path))
    assert code == 2, (out, err)
    assert "Traceback" not in err + out
    assert expected in err.lower()
    assert name in err  # the message names the file


def test_convert_round_trips_through_gmcr(tmp_path: Path) -> None:
    target = tmp_path / "pd.gmcr"
    code, _, _ = run("convert", str(PD), str(target))
    assert code == 0
    _, before, _ = run("analyze", str(PD), "--format", "json")
    _, after, _ = run("analyze", str(target), "--format", "json")
    assert json.loads(before)["equilibria"] == json.loads(after)["equilibria"]
    assert [s["stable"] for s in json.loads(before)["states"]] == [
        s["stable"] for s in json.loads(after)["states"]
    ]


def test_schema_prints_a_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert "decision_makers" in json.dumps(schema)


def test_help_teaches() -> None:
    code, out, _ = run("analyze", "--help")
    assert code == 0
    assert "--format" in out and "--equilibria-only" in out and "Examples" in out


def test_a_pattern_of_the_wrong_length_is_named_as_such() -> None:
    code, _, err = run("explain", str(PD), "YYY")
    assert code == 2
    assert "looks like a pattern but has 3 characters" in err and "needs 2" in err


@pytest.mark.parametrize(
    "args",
    [
        ["analyze"],
        ["validate"],
        ["explain", "-", "--concept", "seq"],
        ["evolve"],
        ["timeline"],
        ["report", "-o", "r.html"],
    ],
)
def test_a_model_too_large_for_memory_is_refused_before_enumeration(tmp_path: Path, args: list[str]) -> None:
    """36 options are 2^36 states: every command estimates first and refuses with the size and the limit."""
    options = "\n".join(f"      - o{k}" for k in range(18))
    others = "\n".join(f"      - p{k}" for k in range(18))
    model = tmp_path / "huge.yaml"
    model.write_text(
        "name: huge\ndecision_makers:\n"
        f"  - name: A\n    options:\n{options}\n    preferences: {{prioritization: [o0]}}\n"
        f"  - name: B\n    options:\n{others}\n    preferences: {{prioritization: [p0]}}\n"
    )
    command, *rest = args
    rest = [str(tmp_path / r) if r.endswith(".html") else ("N" * 36 if r == "-" else r) for r in rest]
    code, _, err = run(command, str(model), *rest)
    assert code == 2
    assert "huge.yaml" in err and "2^36" in err and "more memory than the limit" in err
