"""The ``standoff`` command line: analyze, validate, convert and schema, on good and bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
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
        ["explain", "-", "--concepts", "seq"],
        ["evolve"],
        ["timeline"],
        ["report", "-o", "r.html"],
        ["audit"],
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


# ---------------------------------------------------------------------------
# One consistent command line
# ---------------------------------------------------------------------------

HANOI = EXAMPLES / "hanoi-2019.yaml"
COMMANDS = [
    "analyze",
    "validate",
    "convert",
    "schema",
    "explain",
    "evolve",
    "timeline",
    "report",
    "roadmap",
    "exchanges",
    "robustness",
]


def test_version_prints_the_installed_version() -> None:
    """The package's version (test_packaging.py checks it against the metadata and the changelog)."""
    import standoff

    code, out, _ = run("--version")
    assert code == 0
    assert out == f"standoff {standoff.__version__}\n"


def test_the_help_lists_the_same_concepts_as_the_analysis() -> None:
    from standoff.analyses.stability import CONCEPTS

    assert ", ".join(CONCEPTS) == cli.CONCEPT_LIST


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_has_examples_defaults_and_no_type_noise(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Examples:" in out
    assert "<bool>" not in out
    assert "--quiet" in out and "--format" in out
    if command != "convert":  # convert writes its TARGET argument
        assert "--output" in out


def test_help_shows_the_memory_limit_default() -> None:
    out = runner.invoke(cli.app, ["analyze", "--help"], env={"COLUMNS": "200"}).stdout
    assert "three quarters of physical memory" in out
    assert "[default: table]" in out


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", str(PD), "--format", "json"],
        ["analyze", str(PD), "--format", "csv"],
        ["analyze", str(PD)],
        ["validate", str(PD)],
        ["validate", str(PD), "--format", "json"],
        ["schema"],
        ["explain", str(PD), "1"],
        ["explain", str(PD), "1", "--format", "json"],
        ["evolve", str(HANOI), "--format", "json"],
        ["evolve", str(HANOI)],
        ["timeline", str(HANOI), "--format", "csv"],
        ["timeline", str(HANOI)],
    ],
)
def test_output_option_writes_what_would_be_printed(tmp_path: Path, args: list[str]) -> None:
    target = tmp_path / "out.txt"
    code, printed, _ = run(*args)
    assert code == 0
    code, out, _ = run(*args, "--output", str(target))
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8") == printed
    code, _, _ = run(*args, "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8") == printed


def test_output_to_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("analyze", str(PD), "-o", str(tmp_path / "missing" / "out.txt"))
    assert code == 2
    assert "missing" in err and "Traceback" not in err


def test_piped_and_written_output_never_cuts_names_or_patterns(tmp_path: Path) -> None:
    """Names far wider than a terminal appear whole, on one line, in a pipe and in a file."""
    long_a = "a_" + "very_" * 30 + "long_option"
    long_b = "b_" + "quite_" * 25 + "long_option"
    dm_a = "Decision maker " + "with a long name " * 6
    model = tmp_path / "wide.yaml"
    model.write_text(
        "name: wide\ndecision_makers:\n"
        f"  - name: {dm_a}\n    options: [{long_a}]\n    preferences: {{prioritization: [{long_a}]}}\n"
        f"  - name: B\n    options: [{long_b}]\n    preferences: {{prioritization: [not {long_b}]}}\n"
        f"states:\n  {'the_state_where_both_' * 5}act: YY\n"
    )
    code, piped, _ = run("analyze", str(model))
    assert code == 0
    code, _, _ = run("analyze", str(model), "-o", str(tmp_path / "out.txt"))
    written = (tmp_path / "out.txt").read_text(encoding="utf-8")
    for text in (piped, written):
        lines = text.splitlines()
        for name in (long_a, long_b, dm_a.strip(), "the_state_where_both_" * 5 + "act"):
            assert any(name in line for line in lines), name
        assert "…" not in text


def test_explain_has_no_csv_and_says_so() -> None:
    code, out, err = run("explain", str(PD), "1", "--format", "csv")
    assert code == 2
    assert "no csv output" in err and "--format table or --format json" in err
    assert "Traceback" not in out + err and "Value error" not in err


def test_an_unknown_format_is_a_usage_error() -> None:
    code, _, err = run("validate", str(PD), "--format", "xml")
    assert code == 2
    assert "unknown format 'xml'" in err


def test_concepts_has_one_name_everywhere(tmp_path: Path) -> None:
    code, out, _ = run("analyze", str(PD), "-f", "json", "-c", "nash")
    assert code == 0 and set(json.loads(out)["equilibria"]) == {"nash"}
    code, out, _ = run("explain", str(PD), "1", "-f", "json", "--concepts", "nash")
    assert code == 0 and json.loads(out)["concept"] == "nash"
    code, out, _ = run("evolve", str(PD), "-f", "json", "-c", "nash")
    assert code == 0 and json.loads(out)["concept"] == "nash"
    code, out, _ = run("report", str(PD), "-o", str(tmp_path / "r.html"), "-c", "gmr", "-q")
    assert code == 0 and (tmp_path / "r.html").exists()


def test_commands_following_one_concept_refuse_several() -> None:
    code, _, err = run("explain", str(PD), "1", "--concepts", "nash,seq")
    assert code == 2
    assert "give one concept" in err


def test_quiet_prints_the_result_only(tmp_path: Path) -> None:
    assert run("validate", str(PD), "-q") == (0, "", "")
    assert run("convert", str(PD), str(tmp_path / "pd.yaml"), "--quiet") == (0, "", "")
    assert (tmp_path / "pd.yaml").exists()
    code, out, err = run("analyze", str(PD), "-f", "json", "-q")
    assert code == 0 and json.loads(out)["equilibria"]["nash"] == ["YY"] and err == ""
    code, out, _ = run("report", str(PD), "-o", str(tmp_path / "r.html"), "-q")
    assert code == 0 and out == ""
    code, out, _ = run("report", str(PD), "-o", str(tmp_path / "r.html"))
    assert code == 0 and out.startswith("wrote ")


# ---------------------------------------------------------------------------
# States by number, named states in the output
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_state_number_means_the_state_printed_with_it(number: int) -> None:
    _, table, _ = run("analyze", str(PD), "-f", "json")
    pattern = json.loads(table)["states"][number - 1]["pattern"]
    code, by_number, _ = run("explain", str(PD), str(number), "-f", "json")
    assert code == 0
    _, by_pattern, _ = run("explain", str(PD), pattern, "-f", "json")
    assert json.loads(by_number) == json.loads(by_pattern)


def test_state_numbers_work_for_evolve_too() -> None:
    _, data, _ = run("analyze", str(HANOI), "-f", "json", "-c", "seq")
    states = json.loads(data)["states"]
    number = next(s["number"] for s in states if s["name"] == "grand_bargain")
    code, by_number, _ = run("evolve", str(HANOI), "--to", str(number), "-f", "json")
    assert code == 0
    _, by_name, _ = run("evolve", str(HANOI), "--to", "grand_bargain", "-f", "json")
    assert json.loads(by_number) == json.loads(by_name)


def test_a_state_number_out_of_range_is_a_clear_error() -> None:
    code, _, err = run("explain", str(PD), "5")
    assert code == 2
    assert "no state number 5" in err and "numbered 1 to 4" in err and "prisoners-dilemma.yaml" in err


def test_named_states_appear_next_to_their_number() -> None:
    _, out, _ = run("analyze", str(PD), "-f", "json")
    data = json.loads(out)
    assert [s["name"] for s in data["states"]] == ["both_cooperate", None, None, "both_defect"]
    assert [s["number"] for s in data["states"]] == [1, 2, 3, 4]
    _, out, _ = run("analyze", str(PD), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["name"] for r in rows] == ["both_cooperate", "", "", "both_defect"]
    _, out, _ = run("analyze", str(PD))
    row = next(line for line in out.splitlines() if "YY" in line and "│" in line)
    assert "4" in row and "both_defect" in row
    assert "4 YY = both_defect" in out


def test_timeline_csv_has_the_same_steps_as_json() -> None:
    _, out_json, _ = run("timeline", str(HANOI), "-f", "json")
    code, out_csv, _ = run("timeline", str(HANOI), "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out_csv)))
    steps = json.loads(out_json)["steps"]
    assert [(r["date"], int(r["state"]), r["pattern"]) for r in rows] == [
        (str(s["date"]), s["number"], s["state"]) for s in steps
    ]
    assert [r["movers"] for r in rows] == ["; ".join(s["movers"]) for s in steps]


# ---------------------------------------------------------------------------
# validate: every problem at once, each with file, line and column
# ---------------------------------------------------------------------------

TWO = (
    "name: x\ndecision_makers:\n"
    "  - name: A\n    options: [a]\n    preferences:\n      prioritization: [{a}]\n"
    "  - name: B\n    options: [b]\n    preferences:\n      ranking: [{ranking}]\n"
)


def errors_of(err: str) -> list[str]:
    return [line.removeprefix("error: ") for line in err.splitlines() if line.startswith("error: ")]


def test_validate_lists_every_reading_problem_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(TWO.format(a="not aa", ranking="YY, NN, bb") + "status_quo: NNN\n")
    code, _, err = run("validate", str(path))
    assert code == 2
    assert errors_of(err) == [
        f"{path}:6:24: decision_makers[0].preferences.prioritization[0]: in 'not aa': unknown option 'aa' "
        "(did you mean 'a'?) (known options: a, b)",
        f"{path}:10:25: decision_makers[1].preferences.ranking[2]: in 'bb': unknown option 'bb' "
        "(did you mean 'b'?) (known options: a, b)",
        f"{path}:11:1: status_quo: pattern 'NNN' has 3 characters but the model has 2 options: "
        "give one Y, N or - per option, in model order (a, b)",
    ]


def test_validate_lists_every_problem_of_the_states(tmp_path: Path) -> None:
    """A ranking that misses a state, an infeasible status quo and a vague named state, all at once."""
    path = tmp_path / "m.yaml"
    path.write_text(
        TWO.format(a="a", ranking="YY, NN")
        + "infeasible:\n  - a and not b\nstatus_quo: YN\nstates:\n  deal: b\n  calm: NN\n"
    )
    code, _, err = run("validate", str(path))
    assert code == 2
    assert errors_of(err) == [
        f"{path}:10:7: decision_makers[1].preferences.ranking: B: the ranking misses 1 feasible state(s), "
        "the first with pattern NY",
        f"{path}:13:1: status_quo: the status quo 'YN' is not a feasible state of this model: "
        "infeasible[0] ('a and not b') excludes it",
        f"{path}:15:3: states.deal: the named state 'deal' matches 2 feasible states (NY, YY); "
        "a name stands for one state: give every option's value",
    ]


def test_validate_json_lists_the_problems(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(TWO.format(a="a", ranking="YY, NN") + "status_quo: YY\n")
    code, out, err = run("validate", str(path), "--format", "json")
    assert code == 2
    data = json.loads(out)
    assert data["ok"] is False
    assert data["problems"] == [
        {
            "file": str(path),
            "line": 10,
            "column": 7,
            "place": "decision_makers[1].preferences.ranking",
            "problem": "B: the ranking misses 2 feasible state(s), the first with pattern YN",
        }
    ]
    problem = data["problems"][0]["problem"]
    assert errors_of(err) == [f"{path}:10:7: decision_makers[1].preferences.ranking: {problem}"]


def test_validate_json_summarises_a_sound_model() -> None:
    code, out, _ = run("validate", str(PD), "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "file": str(PD),
        "ok": True,
        "name": "Prisoner's dilemma",
        "decision_makers": 2,
        "options": 2,
        "feasible_states": 4,
        "states": 4,
        "status_quo": {"number": 1, "pattern": "NN", "name": "both_cooperate"},
        "fixed": {},
    }


def test_other_commands_name_the_line_of_a_ranking_that_misses_a_state(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(TWO.format(a="a", ranking="YY, NN, NY"))
    code, _, err = run("analyze", str(path))
    assert code == 2
    assert errors_of(err) == [
        f"{path}:10:7: decision_makers[1].preferences.ranking: B: the ranking misses 1 feasible state(s), "
        "the first with pattern YN"
    ]
    # worded as validate words it
    assert errors_of(run("validate", str(path))[2]) == errors_of(err)


def test_a_tab_in_yaml_gets_a_plain_hint(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("name: x\ndecision_makers:\n\t- name: A\n")
    code, _, err = run("validate", str(path))
    assert code == 2
    (line,) = errors_of(err)
    assert line.startswith(f"{path}:3:1: malformed YAML")
    assert "indented with a tab" in line


def test_bad_indentation_in_yaml_gets_a_plain_hint(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("name: x\ndecision_makers:\n  - name: A\n   options: [a]\n")
    code, _, err = run("validate", str(path))
    assert code == 2
    (line,) = errors_of(err)
    assert line.startswith(f"{path}:4:")
    assert "indented differently from the lines before it" in line


@pytest.mark.parametrize("command", ["analyze", "explain", "evolve"])
def test_every_command_names_the_condition_excluding_the_status_quo(tmp_path: Path, command: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(TWO.format(a="a", ranking="YY, NN, NY") + "infeasible: [a and not b]\nstatus_quo: YN\n")
    args = [command, str(path)] + (["YY"] if command == "explain" else [])
    code, _, err = run(*args)
    assert code == 2
    assert errors_of(err) == [
        f"{path}:12:1: status_quo: the status quo 'YN' is not a feasible state of this model: "
        "infeasible[0] ('a and not b') excludes it"
    ]


@pytest.mark.parametrize("args", [["--help"], ["analyze", "--help"], ["--version"]])
def test_help_loads_no_analysis_machinery(args: list[str]) -> None:
    """``standoff --help`` needs typer only: numpy, numba, pandas and the engine stay unloaded."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from standoff.interfaces.cli import main\n"
        f"sys.argv = ['standoff', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ['numpy', 'numba', 'pandas', 'lark', 'yaml', 'standoff.engine', 'standoff.analyses']\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_a_quiet_analysis_of_a_small_gmcr_file_loads_only_what_it_uses() -> None:
    """A .gmcr file has no expression text and no YAML, a small model takes the numpy engine, and
    ``--quiet`` draws no progress: lark, yaml, rich's progress display and numba stay unloaded."""
    import subprocess
    import sys

    sample = Path(__file__).parent / "data" / "gmcr-samples"
    model = sorted(sample.glob("*.gmcr"))[0]
    probe = (
        "import sys\n"
        "from standoff.interfaces.cli import main\n"
        f"sys.argv = ['standoff', 'analyze', {str(model)!r}, '-f', 'json', '-q']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ['numba', 'lark', 'yaml', 'rich.progress', 'pandas']\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert json.loads(done.stdout)["states"], done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_report_json_holds_what_the_page_shows(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, _, _ = run("report", str(PD), "-o", str(target), "--format", "json")
    assert code == 0
    data = json.loads(target.read_text())
    _, analysis, _ = run("analyze", str(PD), "--format", "json", "--equilibria-only")
    assert data["analysis"] == json.loads(analysis)
    assert data["concept"] == "seq"
    assert data["graph"]["patterns"] == ["NN", "YN", "NY", "YY"]  # four states: every one drawn


def test_schema_as_yaml_is_the_same_schema() -> None:
    import yaml

    _, as_json, _ = run("schema")
    code, as_yaml, _ = run("schema", "--format", "yaml")
    assert code == 0
    assert yaml.safe_load(as_yaml) == json.loads(as_json)


def test_convert_format_overrides_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "pd.txt"
    code, _, _ = run("convert", str(PD), str(target), "--format", "gmcr")
    assert code == 0
    assert "decisionMakers" in json.loads(target.read_text())
    code, _, err = run("convert", str(PD), str(target), "--format", "csv")
    assert code == 2
    assert "no csv output" in err


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", str(HANOI), "--format", "json"],
        ["explain", str(HANOI), "status_quo", "--concepts", "smr", "--format", "json"],
        ["evolve", str(HANOI), "--format", "json"],
    ],
)
def test_large_answers_are_the_same_json_written_compactly(
    args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Past ``COMPACT_JSON_STATES`` states the JSON is written without indentation (and by another
    encoder): the same data, on one line."""
    code, indented, _ = run(*args)
    assert code == 0
    monkeypatch.setattr("standoff.outputs.json.COMPACT_JSON_STATES", 0)  # the one bound every command reads
    code, compact, _ = run(*args)
    assert code == 0
    assert compact.count("\n") == 1 and indented.count("\n") > 1
    assert json.loads(compact) == json.loads(indented)
    target = tmp_path / "answer.json"
    code, printed, _ = run(*args, "-o", str(target))
    assert code == 0 and printed == ""
    assert target.read_text(encoding="utf-8") == compact


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_model_validates(path: Path) -> None:
    """The examples are where a new user starts: each one must pass ``validate`` without a problem."""
    outcome = runner.invoke(cli.app, ["validate", str(path), "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(outcome.stdout)["ok"] is True


def test_each_command_module_defines_the_command_of_its_name() -> None:
    """A run of one command imports only that command's module, found by the command's name."""
    import importlib

    defined = {info.name or info.callback.__name__ for info in cli.app.registered_commands}  # type: ignore[union-attr]
    for name in cli._command_modules():
        module = importlib.import_module(f"standoff.interfaces.commands.{name}")
        assert module.__name__.endswith(name)
        assert name in defined, f"the module {name} defines no command {name!r}"
    assert set(cli._CORE_COMMANDS) | set(cli._command_modules()) == defined


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["analyze", "m.yaml"], "analyze"),
        (["--version"], None),
        ([], None),
        (["explain", "--help"], "explain"),
        (["--help", "evolve"], None),
        (["nonsense", "x"], None),
    ],
)
def test_the_invoked_command_is_the_first_word(args: list[str], command: str | None) -> None:
    assert cli._invoked(args) == command


@pytest.mark.parametrize("command", ["explain", "serve", "analyze"])
def test_a_run_of_one_command_registers_only_that_command(command: str) -> None:
    """``standoff explain …`` reads one command's parameters, not every command's; its help is whole."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from standoff.interfaces import cli\n"
        f"sys.argv = ['standoff', {command!r}, '--help']\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "import json\n"
        "print(json.dumps([i.callback.__name__ for i in cli.app.registered_commands]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert f"standoff {command}" in done.stdout.replace("-m standoff", "standoff")
    assert "Examples" in done.stdout
    registered = json.loads(done.stderr.strip().splitlines()[-1])
    assert set(registered) == {*cli._CORE_COMMANDS, command}


def test_an_unknown_command_is_refused_with_the_list_of_commands() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "standoff", "evolv", "m.yaml"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "No such command 'evolv'" in done.stderr


@pytest.mark.parametrize(("command", "plugins_off"), [("analyze", True), ("serve", False)])
def test_pydantic_plugins_are_off_for_one_off_commands_only(
    command: str, plugins_off: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-off command skips pydantic's scan for plugins; the web server keeps a user's plugins."""
    import os

    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")  # recorded, so that the test leaves it as it was
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS")
    monkeypatch.setattr(sys, "argv", ["standoff", command, "--help"])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 0
    assert (os.environ.get("PYDANTIC_DISABLE_PLUGINS") == "1") is plugins_off


def test_a_gmcr_model_is_analysed_without_importing_pydantic(tmp_path: Path) -> None:
    """A .gmcr file needs no schema validation, so a run on one never imports pydantic (whose import
    is a large share of a small model's start-up); the answer is still the prisoner's dilemma's."""
    model = tmp_path / "pd.gmcr"
    code, _, err = run("convert", str(PD), str(model))
    assert code == 0, err
    script = (
        "import sys\n"
        "from standoff.interfaces.cli import main\n"
        f"sys.argv = ['standoff', 'analyze', {str(model)!r}, '--format', 'json', '-c', 'nash,seq']\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n"
        "print('pydantic' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "False"
    answer = json.loads(done.stdout)
    assert answer["equilibria"]["nash"] == ["YY"]


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".yaml", "[" * 50_000),  # the parser's recursion: no line is known
        (".json", "[" * 50_000),
        (".yaml", '{"a": ' * 50_000),
        (".gmcr", "[" * 50_000),
        # parsed without trouble, but deeper than any model: refused before validation walks it
        (".json", '{"name": "x", "decision_makers": ' + "[" * 100 + "]" * 100 + "}"),
        (".yaml", "name: x\ndecision_makers:\n" + "".join(" " * i + "-\n" for i in range(2, 300, 2))),
    ],
    ids=["yaml-brackets", "json-brackets", "yaml-mappings", "gmcr", "json-100-deep", "yaml-block-150-deep"],
)
def test_deeply_nested_input_is_a_one_line_error_naming_the_file(
    tmp_path: Path, suffix: str, text: str
) -> None:
    """Every command reads models through the same reader: exit 2, one line naming the file, no traceback."""
    path = tmp_path / f"deep{suffix}"
    path.write_text(text + "\n")
    for command in ("analyze", "validate"):
        code, _, err = run(command, str(path))
        assert code == 2, (command, err[-500:])
        lines = err.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0], err[-500:]
        assert "nested" in lines[0] and "Traceback" not in err


def test_concepts_given_more_than_once_are_all_computed() -> None:
    """``-c nash -c gmr`` asks for both (click alone would keep the last, silently dropping the first), in
    every spelling of the option; a command that follows one concept refuses two, saying so."""
    asked = {"nash", "gmr"}
    spellings = (["-c", "nash", "-c", "gmr"], ["-cnash", "--concepts=gmr"], ["--concepts", "nash", "-cgmr"])
    for spelling in spellings:
        code, out, err = run("analyze", str(PD), "--format", "json", *spelling)
        assert code == 0, err
        assert set(json.loads(out)["equilibria"]) == asked, spelling
    code, _, err = run("explain", str(PD), "1", "-c", "nash", "-c", "gmr")
    assert code == 2 and "give one concept" in err and "'nash,gmr'" in err
    code, out, _ = run("explain", str(PD), "1", "-c", "gmr")
    assert code == 0 and "under GMR" in out
