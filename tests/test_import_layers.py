"""The import layers hold: model → engine → stability → analyses → outputs → interfaces.

import-linter checks the contract in pyproject.toml (``[tool.importlinter]``);
its listed exceptions must be imports inside functions (a result object
rendering itself, ``Conflict``'s methods calling the analyses), never at
module level, which this file checks by reading the sources.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src"


def _contract() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts[0]


def _exceptions() -> list[tuple[str, str]]:
    pairs = [str(line).split(" -> ") for line in _contract()["ignore_imports"]]  # type: ignore[attr-defined]
    return [(importer, imported) for importer, imported in pairs]


def _module_file(module: str) -> Path:
    path = SOURCE.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _imports(tree: ast.AST, *, in_function: bool = False) -> list[tuple[str, bool, int]]:
    """Every module imported at run time (``if TYPE_CHECKING:`` blocks left out), whether the import
    sits inside a function, and its line."""
    found: list[tuple[str, bool, int]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, in_function, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, in_function, node.lineno)]
            found += [(f"{node.module}.{alias.name}", in_function, node.lineno) for alias in node.names]
        inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        found += _imports(node, in_function=inside)
    return found


def test_the_layers_contract_holds() -> None:
    importlinter = pytest.importorskip(
        "importlinter.cli", reason="import-linter is in the dev and test extras"
    )
    code = importlinter.lint_imports(
        config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True
    )
    assert code == 0, "lint-imports found an import that goes up the layers (its report is above)"


@pytest.mark.parametrize(("importer", "imported"), _exceptions())
def test_every_allowed_upward_import_happens_inside_a_function(importer: str, imported: str) -> None:
    tree = ast.parse(_module_file(importer).read_text(encoding="utf-8"))
    upward = [(inside, line) for name, inside, line in _imports(tree) if name == imported]
    assert upward, f"{importer} no longer imports {imported}: drop the exception from pyproject.toml"
    at_module_level = [line for inside, line in upward if not inside]
    assert not at_module_level, f"{importer} imports {imported} at module level (line {at_module_level})"


def test_the_layers_follow_the_data() -> None:
    """The order that the developers' guide states, highest first, with errors and concepts at the bottom."""
    assert _contract()["layers"] == [
        "standoff.interfaces",
        "standoff.outputs",
        "standoff.analyses",
        "standoff.io",
        "standoff.stability",
        "standoff.engine",
        "standoff.model",
        "standoff.concepts",
        "standoff.errors",
    ]
