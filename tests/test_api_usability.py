"""The Python API as a new user meets it: results print as the command line prints them, the same
names as the command line's options, state numbers as printed, messages that point the way."""

from __future__ import annotations

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
    assert text == printed(*command)
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
