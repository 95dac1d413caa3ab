"""Comparing two versions of a model: what differs, and which states change their verdict."""

from __future__ import annotations

import doctest
import importlib
import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

import standoff
from reference import ReferenceModel
from standoff.analyses.compare import compare
from standoff.interfaces import cli
from standoff.model.preferences import Prioritization

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HANOI = EXAMPLES / "hanoi-2019.yaml"

cli._register_commands()
runner = CliRunner()


def _without_statement(conflict: standoff.Conflict, dm: int, k: int) -> standoff.Conflict:
    dms = list(conflict.decision_makers)
    preferences = dms[dm].preferences
    assert isinstance(preferences, Prioritization)
    statements = preferences.statements[:k] + preferences.statements[k + 1 :]
    dms[dm] = replace(dms[dm], preferences=Prioritization(statements))
    return replace(conflict, decision_makers=tuple(dms))


def test_a_model_compared_with_itself_differs_in_nothing() -> None:
    conflict = standoff.load(HANOI)
    comparison = compare(conflict, conflict)
    assert comparison.differences == () and comparison.states == () and comparison.matched


def test_a_dropped_statement_and_the_states_it_changes() -> None:
    """Every state whose verdict differs is found, and only those, checked with the reference."""
    conflict = standoff.load(EXAMPLES / "strike.yaml")
    dm = next(d for d, x in enumerate(conflict.decision_makers) if isinstance(x.preferences, Prioritization))
    changed = _without_statement(conflict, dm, 0)
    comparison = compare(conflict, changed, "seq")
    (difference,) = comparison.differences
    assert difference.change == "removed" and difference.dm == conflict.decision_makers[dm].name
    ref_a, ref_b = ReferenceModel(conflict), ReferenceModel(changed)
    expected = set()
    for code in ref_a.feasible:
        in_a = all(ref_a.stable("seq", i, code) for i in range(ref_a.n_dms))
        in_b = all(ref_b.stable("seq", i, code) for i in range(ref_b.n_dms))
        if in_a != in_b:
            expected.add("".join("Y" if code >> j & 1 else "N" for j in range(ref_a.n_options)))
    assert {s.pattern for s in comparison.states} == expected


def test_options_in_another_order_still_match(tmp_path: Path) -> None:
    """The wage dispute with its decision makers listed the other way round (so its options in another
    order; its preferences name options, and its patterns are left out): the same model, state by state."""
    data = standoff.load(EXAMPLES / "strike.yaml").to_dict()
    for key in ("status_quo", "states"):
        data.pop(key)
    conflict = standoff.from_dict(data)
    data["decision_makers"] = list(reversed(data["decision_makers"]))
    other = standoff.from_dict(data)
    assert other.option_names != conflict.option_names
    comparison = compare(conflict, other)
    assert comparison.matched and comparison.states == () and comparison.differences == ()
    # the same edit in either option order changes the same states, named in the first model's order
    direct = compare(conflict, _without_statement(conflict, 1, 1))  # the company's "not raise"
    reordered = compare(conflict, _without_statement(other, 0, 1))
    assert direct.states and reordered.matched
    assert [(s.pattern, s.unstable) for s in reordered.states] == [
        (s.pattern, s.unstable) for s in direct.states
    ]


def test_compare_on_the_command_line(tmp_path: Path) -> None:
    changed = tmp_path / "changed.yaml"
    result = runner.invoke(cli.app, ["whatif", str(HANOI), "--make", "big_deal", "-o", str(changed), "-q"])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(cli.app, ["compare", str(HANOI), str(changed), "--format", "json", "-c", "seq"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["change"] for d in data["differences"]] == ["removed"]
    big_deal = next(s for s in data["states"] if s["name"] == "big_deal")
    assert big_deal["concepts"]["seq"] == {
        "equilibrium_a": False,
        "equilibrium_b": True,
        "unstable_for_a": ["United States"],
        "unstable_for_b": [],
    }
    text = runner.invoke(cli.app, ["compare", str(HANOI), str(changed), "-c", "seq"]).stdout
    assert (
        "state NNNYYYYYYYN = big_deal (number 763) under SEQ: A not stable for United States; B equilibrium"
        in text
    )


def test_compare_refuses_a_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["compare", str(HANOI), str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "error:" in result.stderr


def test_compare_help_has_examples() -> None:
    out = runner.invoke(cli.app, ["compare", "--help"]).stdout
    assert "Examples:" in out and "--format" in out and "--output" in out and "--quiet" in out


@pytest.mark.parametrize("name", ["standoff.analyses.compare", "standoff.analyses.whatif"])
def test_docstring_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    module = importlib.import_module(name)
    outcome = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert outcome.attempted > 0 and outcome.failed == 0


def test_whatif_and_compare_are_documented_and_reachable_from_the_root() -> None:
    import inspect

    for name in ("whatif", "WhatIf", "compare", "Comparison"):
        assert name in standoff.__all__
    missing = []
    for module_name in ("standoff.analyses.whatif", "standoff.analyses.compare", "standoff.analyses.edits"):
        module = importlib.import_module(module_name)
        for key, value in vars(module).items():
            if key.startswith("_") or getattr(value, "__module__", None) != module_name:
                continue
            if (inspect.isclass(value) or inspect.isfunction(value)) and not (value.__doc__ or "").strip():
                missing.append(f"{module_name}.{key}")
            if inspect.isclass(value):
                for member_name, member in vars(value).items():
                    if member_name.startswith("_"):
                        continue
                    target = member.fget if isinstance(member, property) else member
                    if inspect.isfunction(target) and not (target.__doc__ or "").strip():
                        missing.append(f"{module_name}.{key}.{member_name}")
    assert not missing, f"no docstring: {', '.join(missing)}"


def test_statements_are_matched_by_meaning(tmp_path: Path) -> None:
    """Written to .gmcr, Hanoi's statements become ORs of ANDs: the same statements in other words, so
    only the name and the status quo (which .gmcr files do not keep) differ, and no verdict."""
    path = tmp_path / "hanoi.gmcr"
    standoff.save(standoff.load(HANOI), path)
    comparison = compare(standoff.load(HANOI), standoff.load(path), "seq")
    assert [d.place for d in comparison.differences] == ["name", "status quo"]
    assert comparison.differences[1].words == "status quo NNNYYYYYNNN → (none)"
    assert comparison.states == ()
