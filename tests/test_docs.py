"""The README's and the docs' examples are real.

Python sessions (``>>>``) run as doctests; every ```console block's
``$ standoff ...`` command is run from the repository root at 120 columns and
must print exactly the output shown under it.
"""

from __future__ import annotations

import contextlib
import doctest
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from standoff.interfaces import cli

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
# Pages whose examples another test runs, in a folder holding the files they use.
RUN_ELSEWHERE = {
    "analyze-a-gmcr-py-file.md",  # tests/test_gmcr.py, beside a copy of sample_05.gmcr
    "write-a-report.md",  # tests/test_report.py, which also checks the written files
}
CHECKED = [d for d in DOCUMENTS if d.name not in RUN_ELSEWHERE]
cli._register_commands()
RUNNER = CliRunner()


def console_blocks(page: Path) -> list[tuple[str, str]]:
    """Each ```console block of a page: the command after ``$ `` and the output shown below it."""
    blocks = []
    lines = page.read_text().splitlines()
    for k, line in enumerate(lines):
        if line == "```console":
            end = lines.index("```", k + 1)
            blocks.append((lines[k + 1].removeprefix("$ "), "\n".join(lines[k + 2 : end])))
    return blocks


def printed_by(command: str) -> str:
    """What a ``standoff`` command prints at 120 columns (its ``error:`` lines when it fails).

    Run in this process, through the command line's own app, as a pipe would see it: a new
    interpreter per block would spend most of each block's time importing numpy and numba again.
    """
    args = command.split()
    assert args[0] == "standoff", command
    env = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}
    with _at_root():
        run = RUNNER.invoke(cli.app, args[1:], prog_name="standoff", env=env)
    if run.exception is not None and not isinstance(run.exception, SystemExit):
        raise run.exception
    text = (
        run.stdout
        if run.exit_code == 0
        else "\n".join(line for line in run.stderr.splitlines() if line.startswith("error:"))
    )
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines())


@contextlib.contextmanager
def _at_root() -> Iterator[None]:
    """The repository root as the working directory (the docs' paths are relative to it)."""
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.mark.parametrize("document", [d for d in CHECKED if ">>> " in d.read_text()], ids=lambda p: p.name)
def test_python_examples_in_docs_run(document: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        os.fspath(document), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    ("document", "command", "shown"),
    [(d, c, s) for d in CHECKED for c, s in console_blocks(d)],
    ids=lambda v: v.name if isinstance(v, Path) else (v.split(" ", 2)[1] if " " in str(v)[:30] else ""),
)
def test_console_examples_show_real_output(document: Path, command: str, shown: str) -> None:
    assert printed_by(command) == shown, f"{document.name}: {command}"


def test_tutorial_shows_the_shipped_model() -> None:
    """The tutorial's model file is the one in examples/, so the tutorial cannot go stale."""
    tutorial = (ROOT / "docs" / "tutorial" / "first-conflict.md").read_text()
    assert (ROOT / "examples" / "strike.yaml").read_text() in tutorial


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_relative_links_resolve(document: Path) -> None:
    """Every relative link in the README and the docs points at a file that exists."""
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", document.read_text()):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (document.parent / target).exists(), f"{document.name}: broken link {target}"
