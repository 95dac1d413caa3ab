"""The public API documents itself: every public name has a docstring, and the examples in them run.

The docstring examples (``>>>``) of the modules below run as doctests from
the repository root, so they can read ``examples/``; the docs pages' own
examples run in tests/test_docs.py.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
from pathlib import Path

import pytest

import standoff

ROOT = Path(__file__).resolve().parents[1]
WITH_EXAMPLES = [
    "standoff",
    "standoff.concepts",
    "standoff.io",
    "standoff.model.conflict",
    "standoff.model.matrix_game",
    "standoff.model.patterns",
    "standoff.analyses.stability",
    "standoff.analyses.profile",
    "standoff.model.profile",
    "standoff.analyses.explain",
    "standoff.analyses.evolution",
    "standoff.analyses.roadmap",
    "standoff.analyses.graph",
    "standoff.analyses.report",
    "standoff.analyses.unknown_explain",
]


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    module = importlib.import_module(name)
    outcome = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert outcome.attempted > 0, f"{name} has no examples: take it off the list"
    assert outcome.failed == 0


def _public_members(owner: type) -> list[tuple[str, object]]:
    """Public methods and properties a class defines itself (inherited ones are documented where defined)."""
    members = []
    for key, value in vars(owner).items():
        if key.startswith("_"):
            continue
        if (
            isinstance(value, property | staticmethod | classmethod)
            or inspect.isfunction(value)
            or (hasattr(value, "func") and hasattr(value, "attrname"))
        ):
            members.append((key, value))
    return members


def _doc(value: object) -> str | None:
    if isinstance(value, property) and value.fget is not None:
        return value.fget.__doc__
    if isinstance(value, staticmethod | classmethod):
        return value.__func__.__doc__
    return getattr(value, "__doc__", None)


RESULT_MODULES = [
    "standoff.analyses.explain",
    "standoff.analyses.evolution",
    "standoff.analyses.roadmap",
    "standoff.analyses.exchanges",
    "standoff.analyses.history",
    "standoff.analyses.report",
    "standoff.analyses.states",
    "standoff.model.conflict",
]
"""Modules whose classes a user meets inside results (moves, sanctions, steps, options)."""


def _public_names() -> list[tuple[str, object]]:
    names = [(name, getattr(standoff, name)) for name in standoff.__all__]
    for module_name in RESULT_MODULES:
        module = importlib.import_module(module_name)
        for key, value in vars(module).items():
            if not key.startswith("_") and inspect.isclass(value) and value.__module__ == module_name:
                names.append((f"{module_name}.{key}", value))
    return names


def test_every_public_name_and_its_members_have_a_docstring() -> None:
    missing = []
    for name, value in _public_names():
        documented = bool((getattr(value, "__doc__", None) or "").strip())
        if (inspect.isclass(value) or inspect.isfunction(value)) and not documented:
            missing.append(name)
        if inspect.isclass(value):
            for key, member in _public_members(value):
                if not (_doc(member) or "").strip():
                    missing.append(f"{name}.{key}")
    assert not missing, f"no docstring: {', '.join(missing)}"


def test_the_root_names_what_notebooks_meet() -> None:
    """Results and the objects inside them are reachable from ``import standoff`` alone."""
    for name in ("Explanation", "Evolution", "Timeline", "Report", "State", "loads", "from_dict", "report"):
        assert name in standoff.__all__


def test_the_report_how_to_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/how-to/write-a-report.md writes a file: its Python session runs in a scratch folder."""
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    page = ROOT / "docs" / "how-to" / "write-a-report.md"
    outcome = doctest.testfile(
        str(page), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert outcome.attempted > 0 and outcome.failed == 0
    assert "</html>" in (tmp_path / "elmira-gmr.html").read_text(encoding="utf-8")


def test_analyses_do_not_import_renderers() -> None:
    """Data flows one way: importing the analyses loads no renderer (they render by local imports only)."""
    import subprocess
    import sys

    code = (
        "import sys, standoff, standoff.analyses.report, standoff.analyses.graph; "
        "print(sorted(m for m in sys.modules if m.startswith('standoff.outputs')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
