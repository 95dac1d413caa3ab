"""The README's and the docs' examples are real: their Python sessions run as doctests."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
# Pages whose sessions another test runs in a folder holding the files they use.
RUN_ELSEWHERE = {"analyze-a-gmcr-py-file.md"}  # tests/test_gmcr.py, beside a copy of sample_05.gmcr


@pytest.mark.parametrize(
    "document",
    [d for d in DOCUMENTS if ">>> " in d.read_text() and d.name not in RUN_ELSEWHERE],
    ids=lambda p: p.name,
)
def test_python_examples_in_docs_run(document: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        os.fspath(document), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_tutorial_shows_the_shipped_model() -> None:
    """The tutorial's model file is the one in examples/, so the tutorial cannot go stale."""
    tutorial = (ROOT / "docs" / "tutorial" / "first-conflict.md").read_text()
    assert (ROOT / "examples" / "strike.yaml").read_text() in tutorial


def test_tutorial_shows_real_validate_output() -> None:
    from typer.testing import CliRunner

    from standoff.interfaces import cli

    tutorial = (ROOT / "docs" / "tutorial" / "first-conflict.md").read_text()
    result = CliRunner().invoke(cli.app, ["validate", "examples/strike.yaml"])
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        assert line.rstrip() in tutorial
