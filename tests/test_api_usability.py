"""The Python API as a new user meets it: results print as the command line prints them, the same
names as the command line's options, state numbers as printed, messages that point the way."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import standoff
from standoff.interfaces import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PD = EXAMPLES / "prisoners-dilemma.yaml"
CHICKEN = EXAMPLES / "chicken.yaml"
HANOI = EXAMPLES / "hanoi-2019.yaml"
FOUR = EXAMPLES / "hanoi-2019-four-parties.yaml"
ANSI = re.compile(r"\x1b\[")

cli._register_commands()
runner = CliRunner()


def printed(*args: str) -> str:
    """What ``standoff ARGS`` prints on stdout (not a terminal: plain text, no width limit)."""
    result = runner.invoke(cli.app, [*args, "--quiet"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


# Each result type, made in Python, and the command that answers the same question.
CASES: list[tuple[str, Any, list[str]]] = [
    ("AnalysisResult", lambda: standoff.load(PD).analyze(), ["analyze", str(PD)]),
    (
        "Explanation",
        lambda: standoff.load(PD).explain("both_cooperate", "nash"),
        ["explain", str(PD), "both_cooperate", "-c", "nash"],
    ),
    (
        "LimitedMoveExplanation",
        lambda: standoff.load(CHICKEN).explain("YN", "l2"),
        ["explain", str(CHICKEN), "YN", "-c", "l2"],
    ),
    ("Evolution", lambda: standoff.load(HANOI).evolve(), ["evolve", str(HANOI)]),
    (
        "Roadmap",
        lambda: standoff.load(HANOI).roadmap(to="grand_bargain"),
        ["roadmap", str(HANOI), "--to", "grand_bargain"],
    ),
    (
        "WhatIf",
        lambda: standoff.load(HANOI).whatif(make="big_deal"),
        ["whatif", str(HANOI), "--make", "big_deal"],
    ),
    (
        "Robustness",
        lambda: standoff.load(HANOI).robustness(concepts="seq"),
        ["robustness", str(HANOI), "-c", "seq", "--jobs", "1"],
    ),
    ("Exchanges", lambda: standoff.load(HANOI).exchanges(), ["exchanges", str(HANOI)]),
    ("CoalitionAnalysis", lambda: standoff.load(FOUR).analyze_coalitions(), ["coalitions", str(FOUR)]),
    ("Timeline", lambda: standoff.load(HANOI).timeline(), ["timeline", str(HANOI)]),
    (
        "Comparison",
        lambda: standoff.compare(standoff.load(PD), standoff.load(CHICKEN)),
        ["compare", str(PD), str(CHICKEN)],
    ),
]


@pytest.mark.parametrize(("kind", "make", "command"), CASES, ids=[c[0] for c in CASES])
def test_a_result_prints_what_the_command_prints(kind: str, make: Any, command: list[str]) -> None:
    result = make()
    assert type(result).__name__ == kind
    text = str(result)
    assert text + "\n" == printed(*command)
    assert not ANSI.search(text), "plain text: no terminal codes"
    assert "[bold" not in text and "[/" not in text, "no rich markup left in"


@pytest.mark.parametrize(("kind", "make", "command"), CASES, ids=[c[0] for c in CASES])
def test_a_result_repr_is_one_short_line_naming_its_type(kind: str, make: Any, command: list[str]) -> None:
    shown = repr(make())
    assert shown.startswith(f"<{kind} ") and shown.endswith(">")
    assert "\n" not in shown and len(shown) < 300


def test_an_explanation_prints_its_sentences() -> None:
    """The sentences were only in the HTML and the JSON; ``print`` shows them now."""
    text = str(standoff.load(PD).explain("both_cooperate", "nash"))
    assert "• Row would prefer to take row_defects (state 2 YN); nothing deters this under Nash" in text


def test_a_report_prints_its_parts_in_words() -> None:
    report = standoff.load(PD).report()
    text = str(report)
    assert text.startswith('Report on "Prisoner\'s dilemma" under SEQ\n')
    # the explanations of the status quo and of the equilibria, as ``standoff explain`` words them
    assert str(standoff.load(PD).explain("both_cooperate")) in text
    assert "Where the status quo can go" in text
    assert not ANSI.search(text)


# -- the same names as the command line -----------------------------------------------------------

# Each Conflict method and the command it answers for. A method's parameter takes the name of the
# command's option (``--step-size`` -> ``step_size``) or argument; ``start`` is ``--from``, a word
# Python keeps for itself.
METHODS = {
    "analyze": "analyze",
    "explain": "explain",
    "evolve": "evolve",
    "roadmap": "roadmap",
    "whatif": "whatif",
    "robustness": "robustness",
    "exchanges": "exchanges",
    "analyze_coalitions": "coalitions",
    "report": "report",
    "timeline": "timeline",
    "audit": "audit",
}


def _command_names(command: str) -> set[str]:
    """The names a command's parameters go by: each option's long names as Python spells them, and
    each argument's name."""
    import typer

    group = typer.main.get_command(cli.app)
    params = group.commands[command].params  # type: ignore[attr-defined]
    names = set()
    for param in params:
        if param.param_type_name == "argument":
            names.add(param.name)
        names |= {o.removeprefix("--").replace("-", "_") for o in param.opts if o.startswith("--")}
    return names


@pytest.mark.parametrize(("method", "command"), METHODS.items())
def test_a_method_takes_its_command_s_option_names(method: str, command: str) -> None:
    import inspect

    signature = inspect.signature(getattr(standoff.Conflict, method))
    python = {name for name in signature.parameters if name != "self"}
    offered = _command_names(command) | {"start"}  # start is --from
    assert python <= offered, f"{method}() has {sorted(python - offered)}, which standoff {command} has not"


@pytest.mark.parametrize("method", ["explain", "evolve"])
def test_an_analysis_result_s_methods_take_the_same_names(method: str) -> None:
    import inspect

    python = set(inspect.signature(getattr(standoff.AnalysisResult, method)).parameters) - {"self"}
    assert python <= _command_names(method) | {"start"}


def test_the_issue_s_calls_read_as_the_command_line() -> None:
    hanoi = standoff.load(HANOI)
    found = hanoi.roadmap(to="grand_bargain", start="status_quo", step_size=2, movers=2)
    assert found.target_text == "grand_bargain" and found.step_size == 2
    answer = hanoi.whatif(make="big_deal", dm="DPRK")
    assert answer.state.pattern == hanoi.analyze("seq").state("big_deal").pattern
    assert isinstance(hanoi.report(), standoff.Report)
    assert isinstance(hanoi.timeline(), standoff.Timeline)


def test_the_old_keyword_names_still_work_and_say_what_to_write() -> None:
    dilemma = standoff.load(PD)
    with pytest.warns(DeprecationWarning, match=r"roadmap\(target=\.\.\.\) is now roadmap\(to=\.\.\.\)"):
        old = dilemma.roadmap(target="YY", start="NN")
    assert repr(old) == repr(dilemma.roadmap(to="YY", start="NN"))
    with pytest.warns(DeprecationWarning, match=r"whatif\(dms=\.\.\.\) is now whatif\(dm=\.\.\.\)"):
        dilemma.whatif("YY", dms=["Row"])
    with pytest.warns(DeprecationWarning, match="evolve"):
        assert dilemma.evolve("NN", target="YY").target_reachable
    with pytest.raises(TypeError, match="both"):
        dilemma.roadmap(to="YY", target="YY")


def test_the_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version("standoff")
    except PackageNotFoundError:
        installed = "0+unknown"
    assert standoff.__version__ == installed


def test_dir_shows_the_public_api_only() -> None:
    assert dir(standoff) == sorted([*standoff.__all__, "__version__"])
    assert not {"TYPE_CHECKING", "Any", "import_module", "annotations"} & set(dir(standoff))


# -- state numbers as printed ------------------------------------------------------------------------


def test_a_roadmap_step_names_its_states_by_their_printed_numbers() -> None:
    """Chicken, from YY (state 4) to NN (state 1): the JSON and the table print the same numbers."""
    hanoi = standoff.load(HANOI)
    found = hanoi.roadmap(to="grand_bargain", rule="target", max_roadmaps=1)
    data = found.to_dict()
    steps = found.roadmaps[0]
    assert steps[0].source == found.start.number
    assert [s.target for s in steps] == [s["number"] for s in data["roadmaps"][0]["steps"]]
    assert steps[-1].target in [t.number for t in found.targets]
    assert all(s.source == s.source_index + 1 and s.target == s.target_index + 1 for s in steps)
    frame = found.to_frame()
    assert list(frame["to_state"]) == [s.target for s in steps]
    assert list(frame["from_state"]) == [s.source for s in steps]


def test_an_explanation_names_its_states_by_their_printed_numbers() -> None:
    """Prisoner's dilemma at NN (state 1) under SEQ: Row's improvement is YN (state 2), deterred by
    Column's defection to YY (state 4); Column's is NY (state 3), deterred by Row's, to YY."""
    why = standoff.load(PD).explain("both_cooperate", "seq")
    row, column = why.decision_makers
    assert [i.improvement for i in row.improvements] == [2]
    assert [i.improvement for i in column.improvements] == [3]
    ((_, sanction),) = row.improvements[0].sanctions
    assert sanction is not None and sanction.state == 4
    assert [(m.source, m.target) for m in sanction.moves] == [(2, 4)]


def test_the_other_results_name_states_by_their_printed_numbers() -> None:
    observed = standoff.load(HANOI).timeline()
    data = observed.to_dict()
    assert [s.state for s in observed.steps] == [e["number"] for e in data["steps"]]
    assert observed.steps[0].previous is None and observed.steps[1].previous == observed.steps[0].state
    lines = standoff.load(CHICKEN).explain("YN", "l2")
    assert all(line.outcome == line.outcome_index + 1 for line in lines.lines)
    found = standoff.load(HANOI).exchanges()
    cells = [c for row in found.cells for c in row if c.state_index is not None]
    assert cells and all(c.state == c.state_index + 1 for c in cells)
    coalitions = standoff.load(EXAMPLES / "elmira.yaml").analyze_coalitions()
    upsets = [u for by_state in coalitions.upsets.values() for u in by_state.values()]
    assert upsets and all(u.target == u.target_index + 1 for u in upsets)


def test_an_explanation_frame_says_what_its_columns_hold() -> None:
    """The sanction's moves in words, as the table prints them, not "Column: 4"."""
    frame = standoff.load(PD).explain("both_cooperate", "seq").to_frame()
    rows = frame.set_index("decision_maker")
    assert rows.loc["Row", "improvement_state"] == 2 and rows.loc["Row", "improvement_pattern"] == "YN"
    assert rows.loc["Row", "improvement_change"] == "take row_defects"
    assert rows.loc["Row", "sanction_moves"] == "Column: take col_defects"
    assert rows.loc["Row", "sanction_state"] == 4 and rows.loc["Row", "sanction_pattern"] == "YY"


# -- messages that point the way ------------------------------------------------------------------------


def _fails(*args: str) -> str:
    """The command's error, exit code 2, as words: the frame typer draws and its line breaks taken out."""
    result = runner.invoke(cli.app, list(args))
    assert result.exit_code == 2
    return " ".join(re.sub("[│╭╮╰╯─]", " ", result.stderr).split())


def test_a_misspelt_concept_gets_a_suggestion() -> None:
    assert "did you mean 'seq'?" in _fails("analyze", str(PD), "-c", "sequential")
    assert "did you mean 'seq'?" in _fails("explain", str(PD), "1", "-c", "sequential")
    with pytest.raises(standoff.ConceptError, match=r"did you mean 'gmr'\?"):
        standoff.load(PD).explain(1, "gmrr")


def test_a_misspelt_state_name_gets_a_suggestion() -> None:
    err = _fails("roadmap", str(HANOI), "--to", "grand_bargan")
    assert "'grand_bargan' is not a state name (did you mean 'grand_bargain'?)" in err
    with pytest.raises(standoff.StateError, match=r"did you mean 'both_defect'\?"):
        standoff.load(PD).explain("both_defekt")


def test_a_concept_given_as_an_extra_argument_points_to_c() -> None:
    err = _fails("explain", str(PD), "1", "seq")
    assert "unexpected extra argument" in err and "use -c seq" in err
    assert "use -c gmr" in _fails("analyze", str(PD), "gmr")
    assert "use -c" not in _fails("analyze", str(PD), "elsewhere")


# -- what a .gmcr file cannot hold ----------------------------------------------------------------------

# Prisoner's dilemma (examples/prisoners-dilemma.yaml) has a name, a description, a source, notes, a
# status quo (NN), two named states and descriptions of its decision makers and options; a .gmcr file
# holds none of them (/work/shared/gmcr-format.md lists what it holds).
PD_LOSSES = [
    "the model's name (\"Prisoner's dilemma\"; read back, the model is named after the file)",
    "the description",
    "the source",
    "the notes",
    "the status quo (NN)",
    "the named states (both_cooperate, both_defect)",
    "the decision makers' descriptions (Row, Column)",
    "the options' descriptions (row_defects, col_defects)",
]


def test_convert_to_gmcr_says_what_it_drops_one_line_each(tmp_path: Path) -> None:
    target = tmp_path / "pd.gmcr"
    result = runner.invoke(cli.app, ["convert", str(PD), str(target)])
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert notes == [f"note: {target}: .gmcr cannot hold {lost}: dropped" for lost in PD_LOSSES]
    quiet = runner.invoke(cli.app, ["convert", str(PD), str(target), "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_saving_as_gmcr_in_python_warns_the_same_list(tmp_path: Path) -> None:
    from standoff.io.gmcr import GmcrExportWarning, gmcr_losses

    target = tmp_path / "pd.gmcr"
    with pytest.warns(GmcrExportWarning) as caught:
        standoff.save(standoff.load(PD), target)
    assert [str(w.message) for w in caught] == [
        f"{target}: .gmcr cannot hold {x}: dropped" for x in PD_LOSSES
    ]
    assert gmcr_losses(standoff.load(PD)) == PD_LOSSES


def test_the_hanoi_model_loses_its_targets_history_labels_and_judgement_calls() -> None:
    from standoff.io.gmcr import gmcr_losses

    hanoi = standoff.load(HANOI)
    lost = gmcr_losses(hanoi)
    observed = f"the history ({len(hanoi.history)} observed states)"  # every dated entry of the model
    for what in ("the status quo (NNNYYYYYNNN)", "the targets (", observed):
        assert any(line.startswith(what) for line in lost), what
    assert any(line.startswith("the options' labels") for line in lost)
    assert any(line.startswith("the judgement calls") for line in lost)


def test_a_gmcr_file_read_and_written_again_loses_nothing(tmp_path: Path) -> None:
    from standoff.io.gmcr import gmcr_losses

    sample = Path(__file__).parent / "data" / "gmcr-samples" / "sample_05.gmcr"
    assert gmcr_losses(standoff.load(sample)) == []


# -- whatif numbers statements as the model lists them -----------------------------------------------------


def test_whatif_numbers_a_dropped_statement_as_the_model_lists_it() -> None:
    """A change set that drops statement 1 and then statement 3: the second is statement 3 of the model,
    though it is the second of the list once the first is dropped (``before`` = 2)."""
    from standoff.analyses.edits import Edit
    from standoff.outputs.whatif_text import edit_words

    answer = standoff.load(PD).whatif(make="NN", concept="nash")
    texts = ["not col_defects", "row_defects", "not row_defects"]
    model = standoff.loads(
        PD.read_text().replace(
            "ranking:              # most preferred first; patterns are row_defects, col_defects\n"
            "        - YN                # Row defects, Column stays silent: Row goes free (T)\n"
            "        - NN                # both silent: light sentences (R)\n"
            "        - YY                # both testify: heavy sentences (P)\n"
            "        - NY                # Row silent, Column testifies: Row gets the worst (S)\n",
            "prioritization:\n" + "".join(f"        - {t}\n" for t in texts),
        )
    )
    from dataclasses import replace

    answer = replace(answer, conflict=model)
    second = Edit(dm=0, kind="drop", item=2, before=2, after=0)
    assert edit_words(answer, second).endswith("(statement 3)")


# -- .gmcr files whose decision makers share option names ---------------------------------------------

# Built here after the shape of gmcr-py's Garrison Diversion Unit example (which is not copied): two
# decision makers each have an option "Full" and one "Reduced". Statements are most important first.
SHARED_NAMES = {
    "options": [
        {"name": "Full", "permittedDirection": "both"},
        {"name": "Reduced", "permittedDirection": "both"},
        {"name": "Challenge", "permittedDirection": "both"},
        {"name": "Full", "permittedDirection": "both"},
        {"name": "Reduced", "permittedDirection": "both"},
    ],
    "decisionMakers": [
        {"name": "Supporters", "options": [0, 1], "preferences": [[[0, "Y"]], [[1, "Y"]]]},
        {"name": "Opponents", "options": [2], "preferences": [[[0, "N"]], [[2, "N"]]]},
        {"name": "Commission", "options": [3, 4], "preferences": [[[4, "Y"]], [[3, "N"]]]},
    ],
    "infeasibles": [[[0, "Y"], [1, "Y"]], [[3, "Y"], [4, "Y"]]],
    "useManualPreferenceRanking": False,
}


def _write(path: Path, data: dict[str, Any]) -> Path:
    import json

    path.write_text(json.dumps(data))
    return path


def test_options_that_decision_makers_share_a_name_are_qualified_by_the_decision_maker(
    tmp_path: Path,
) -> None:
    import json

    from standoff.io.gmcr import GmcrImportWarning

    path = _write(tmp_path / "garrison-like.gmcr", SHARED_NAMES)
    with pytest.warns(GmcrImportWarning) as caught:
        conflict = standoff.load(path)
    assert conflict.option_names == (
        "Supporters.Full",
        "Supporters.Reduced",
        "Challenge",
        "Commission.Full",
        "Commission.Reduced",
    )
    renamed = [str(w.message) for w in caught]
    assert len(renamed) == 4
    assert renamed[0] == (
        f"{path}: options[0].name: option 'Full' of 'Supporters' is read as 'Supporters.Full': another "
        "decision maker has an option of the same name (a .gmcr file written from this model names it "
        "'Full' again)"
    )
    # the names change nothing else: the same file with unique names by hand analyses the same
    unique = json.loads(json.dumps(SHARED_NAMES))
    for j, name in enumerate(conflict.option_names):
        unique["options"][j]["name"] = name.replace(".", "_")
    by_hand = standoff.load(_write(tmp_path / "unique.gmcr", unique)).analyze()
    assert conflict.analyze().equilibria == by_hand.equilibria
    # the qualified names are names of the expression language: a state can be given with them
    assert (
        conflict.analyze().state("Supporters.Full and not Challenge and Commission.Reduced").pattern
        == "YNNNY"
    )


@pytest.mark.filterwarnings("ignore::UserWarning")  # the renamings and what .gmcr drops: tested above
def test_writing_back_gives_the_options_their_own_names(tmp_path: Path) -> None:
    import json

    path = _write(tmp_path / "garrison-like.gmcr", SHARED_NAMES)
    conflict = standoff.load(path)
    standoff.save(conflict, tmp_path / "again.gmcr")
    written = json.loads((tmp_path / "again.gmcr").read_text())
    assert [o["name"] for o in written["options"]] == ["Full", "Reduced", "Challenge", "Full", "Reduced"]
    # through YAML too: the qualified names are all the rule needs
    standoff.save(conflict, tmp_path / "model.yaml")
    standoff.save(standoff.load(tmp_path / "model.yaml"), tmp_path / "from-yaml.gmcr")
    written = json.loads((tmp_path / "from-yaml.gmcr").read_text())
    assert [o["name"] for o in written["options"]] == ["Full", "Reduced", "Challenge", "Full", "Reduced"]
    assert standoff.load(tmp_path / "again.gmcr").option_names == conflict.option_names


def test_the_command_line_reads_such_a_file_and_says_so_on_stderr(tmp_path: Path) -> None:
    path = _write(tmp_path / "garrison-like.gmcr", SHARED_NAMES)
    result = runner.invoke(cli.app, ["analyze", str(path), "--equilibria-only"])
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert [n.split(" is read as ")[1].split(":")[0] for n in notes] == [
        "'Supporters.Full'",
        "'Supporters.Reduced'",
        "'Commission.Full'",
        "'Commission.Reduced'",
    ]
    assert "Supporters.Full" in result.stdout


def test_one_decision_maker_with_two_options_of_one_name_is_a_clear_error(tmp_path: Path) -> None:
    import json

    data = json.loads(json.dumps(SHARED_NAMES))
    data["options"][1]["name"] = "Full"
    with pytest.raises(standoff.ModelError, match=r"options\[1\]\.name: the name 'Full' is also used by"):
        standoff.load(_write(tmp_path / "twice.gmcr", data))


@pytest.mark.parametrize(
    "sample", sorted((Path(__file__).parent / "data" / "gmcr-samples").glob("*.gmcr")), ids=lambda p: p.name
)
def test_every_gmcr_sample_reads_and_analyses(sample: Path) -> None:
    result = runner.invoke(cli.app, ["analyze", str(sample), "--equilibria-only", "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert "Equilibria" in result.stdout


# -- the .gmcr how-to's command lines are real ------------------------------------------------------


def test_the_gmcr_how_to_shows_what_its_commands_print(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its console blocks run beside a copy of sample_05.gmcr (tests/test_docs.py runs pages from the
    repository root, where the sample is not); its text block of notes is stdout and stderr together."""
    import shutil

    page = (Path(__file__).parents[1] / "docs" / "how-to" / "analyze-a-gmcr-py-file.md").read_text()
    shutil.copy(Path(__file__).parent / "data" / "gmcr-samples" / "sample_05.gmcr", tmp_path)
    (tmp_path / "examples").mkdir()
    shutil.copy(EXAMPLES / "strike.yaml", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"```(console|text)\n\$ (standoff [^\n]*)\n(.*?)```", page, flags=re.DOTALL)
    assert len(blocks) >= 5
    for kind, command, shown in blocks:
        result = runner.invoke(cli.app, command.split()[1:])
        assert result.exit_code == 0, result.stderr
        said = result.stdout if kind == "console" else result.stderr + result.stdout
        assert [line.rstrip() for line in said.splitlines()] == shown.rstrip("\n").splitlines(), command


GMCR_PY_EXAMPLES = Path(
    os.environ.get("STANDOFF_GMCR_PY_EXAMPLES") or Path(__file__).parent / "data" / "gmcr-samples"
)
"""The .gmcr files to read: gmcr-py's own examples (the ``Examples/`` folder of github.com/onp/gmcr-py,
not copied into this repository) when STANDOFF_GMCR_PY_EXAMPLES names a checkout of it; otherwise the
samples in gmcr-py's format that the tests keep (``tests/data/gmcr-samples``)."""


def test_every_example_gmcr_py_ships_reads_and_analyses() -> None:
    examples = sorted(GMCR_PY_EXAMPLES.glob("*.gmcr"))
    assert examples
    for example in examples:
        result = runner.invoke(cli.app, ["analyze", str(example), "--equilibria-only"])
        assert result.exit_code == 0, f"{example.name}: {result.stderr}"
        assert "Equilibria" in result.stdout
