"""Fixing options (``--fix``, ``fixed:``): the analysis of the states with the fixed values only.

Fixing option ``o`` at Y means, by definition, restricting the feasible set ``S`` to the states with
``o`` = Y; every other definition of GMCR.md (moves, improvements, sanctions, stability) then applies
to that smaller ``S`` unchanged, so a move that would change ``o`` does not exist. The plain reference
implementation is restricted that way directly (its feasible set filtered), apart from the engine,
which treats a fixed option as an infeasibility condition.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import standoff
from profiles import examples
from reference import CONCEPTS, ReferenceModel, pattern
from standoff.analyses.stability import analyze
from standoff.engine.moves import unilateral_moves
from standoff.errors import StateError
from standoff.interfaces import cli
from standoff.io.native import dump_yaml
from standoff.model.conflict import Conflict
from strategies import conflicts, summary

HANOI = Path(__file__).resolve().parents[1] / "examples" / "hanoi-2019.yaml"
runner = CliRunner()
cli._register_commands()


@st.composite
def fixed_conflicts(draw: st.DrawFn) -> tuple[Conflict, dict[int, bool]]:
    """A generated conflict and some of its options (one or two) with the values they are fixed at."""
    conflict = draw(conflicts(max_dms=4, max_options=6))
    m = len(conflict.options)
    chosen = draw(st.lists(st.integers(0, m - 1), min_size=1, max_size=min(2, m), unique=True))
    return conflict, {j: draw(st.booleans()) for j in chosen}


def _restricted_reference(conflict: Conflict, fixed: dict[int, bool]) -> ReferenceModel:
    """The reference model with its feasible set restricted to the states holding the fixed values."""
    model = ReferenceModel(conflict)
    model.feasible = [c for c in model.feasible if all(bool(c >> j & 1) == v for j, v in fixed.items())]
    model.feasible_set = frozenset(model.feasible)
    return model


@settings(max_examples=examples(120), deadline=None)
@given(fixed_conflicts())
def test_fixed_analysis_matches_the_reference_restricted_to_the_fixed_values(
    case: tuple[Conflict, dict[int, bool]],
) -> None:
    conflict, fixed = case
    model = _restricted_reference(conflict, fixed)
    assume(len(model.feasible) >= 2)
    names = conflict.option_names
    result = analyze(conflict.fix({names[j]: "Y" if v else "N" for j, v in fixed.items()}))
    codes = [int(c) for c in result.codes]
    assert codes == model.feasible, summary(conflict)
    expected = model.analyze()
    m = len(names)
    wrong = [
        f"{concept}: DM{i} at {pattern(code, m)}"
        for concept in CONCEPTS
        for i in range(len(conflict.decision_makers))
        for k, code in enumerate(codes)
        if bool(result.stable[concept][i, k]) != expected[concept][(i, code)]
    ]
    assert not wrong, "\n".join([*wrong[:10], summary(conflict)])
    for i in range(len(conflict.decision_makers)):  # no move changes a fixed option
        for k in range(len(codes)):
            for t in unilateral_moves(result.space, i, k):
                assert all(bool(int(result.codes[t]) >> j & 1) == v for j, v in fixed.items())


def test_hanoi_fixing_the_steps_taken_keeps_the_verdicts_of_the_named_states() -> None:
    """Fixing the irreversible steps already taken (Punggye-ri, remains) leaves no move that undoes them,
    so the named states keep their verdicts while the number of SEQ equilibria falls."""
    hanoi = standoff.load(HANOI)
    full = hanoi.analyze(["seq"])
    fixed = hanoi.fix({"close_punggye_ri": "Y", "return_remains": "Y"}).analyze(["seq"])
    assert fixed.space.n_states < full.space.n_states
    assert fixed.equilibrium_count("seq") < full.equilibrium_count("seq")
    for named in hanoi.named_states:
        [a] = [s for s in range(full.space.n_states) if named.expression.evaluate(full.codes[s : s + 1])[0]]
        [b] = [s for s in range(fixed.space.n_states) if named.expression.evaluate(fixed.codes[s : s + 1])[0]]
        assert full.space.pattern(a) == fixed.space.pattern(b)
        assert bool(full.equilibrium_mask("seq")[a]) == bool(fixed.equilibrium_mask("seq")[b]), named.name


def test_fix_refuses_unknown_options_and_values() -> None:
    hanoi = standoff.load(HANOI)
    with pytest.raises(StateError, match="did you mean 'return_remains'"):
        hanoi.fix({"return_remain": "Y"})
    with pytest.raises(StateError, match="give Y or N"):
        hanoi.fix({"return_remains": "maybe"})
    assert hanoi.fix({"new_way": "N"}).fix({"test_freeze": True}).fixed_text == "test_freeze=Y, new_way=N"


def test_fixed_block_reads_writes_and_reports_errors_with_lines(tmp_path: Path) -> None:
    text = HANOI.read_text() + "fixed:\n  close_punggye_ri: Y\n  new_way: N\n"
    path = tmp_path / "fixed.yaml"
    path.write_text(text)
    conflict = standoff.load(path)
    assert conflict.fixed_text == "close_punggye_ri=Y, new_way=N"
    again = standoff.loads(dump_yaml(conflict))
    assert again.fixed == conflict.fixed
    assert [(o.take_label, o.drop_label) for o in again.options] == [
        (o.take_label, o.drop_label) for o in conflict.options
    ]
    lines = text.count("\n")
    path.write_text(text.replace("  new_way: N", "  new_wya: N"))
    out = runner.invoke(cli.app, ["validate", str(path)])
    assert out.exit_code == 2
    assert (
        f"fixed.yaml:{lines}:3: fixed.new_wya: unknown option 'new_wya' (did you mean 'new_way'?)"
        in out.output
    )
    path.write_text(text.replace("  new_way: N", "  new_way: maybe"))
    out = runner.invoke(cli.app, ["validate", str(path)])
    assert out.exit_code == 2 and f"fixed.yaml:{lines}:" in out.output and "'Y' or 'N'" in out.output


def test_fixing_away_the_status_quo_is_reported_by_validate(tmp_path: Path) -> None:
    path = tmp_path / "fixed.yaml"
    path.write_text(HANOI.read_text() + "fixed:\n  new_way: Y\n")
    out = runner.invoke(cli.app, ["validate", str(path)])
    assert out.exit_code == 2
    assert "status_quo" in out.output and "the fixed option new_way=Y" in out.output


def test_cli_fix_on_analyze_evolve_explain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.stdout, "_width", 200)
    fix = ["--fix", "close_punggye_ri=Y", "--fix", "return_remains=y"]
    out = runner.invoke(cli.app, ["analyze", str(HANOI), *fix, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["fixed"] == {"close_punggye_ri": "Y", "return_remains": "Y"}
    assert all(p[5] == "Y" and p[7] == "Y" for p in (s["pattern"] for s in data["states"]))
    assert data["named_states"][0]["name"] == "status_quo"
    assert data["named_states"][0]["equilibrium"]["seq"] is True
    out = runner.invoke(cli.app, ["analyze", str(HANOI), *fix])
    assert out.exit_code == 0, out.output
    assert "Fixed: close_punggye_ri=Y, return_remains=Y." in out.output
    assert out.output.index("Named states") < out.output.index("Stability of")
    for command in (["evolve", str(HANOI)], ["explain", str(HANOI), "status_quo"]):
        out = runner.invoke(cli.app, [*command, *fix])
        assert out.exit_code == 0, out.output
    out = runner.invoke(cli.app, ["analyze", str(HANOI), "--fix", "return_remains"])
    assert out.exit_code == 2 and "OPTION=Y or OPTION=N" in out.output
    out = runner.invoke(cli.app, ["evolve", str(HANOI), "--fix", "nonsense=Y"])
    assert out.exit_code == 2 and "cannot fix 'nonsense'" in out.output
    out = runner.invoke(cli.app, ["analyze", str(HANOI), "--fix", "new_way=Y", "--fix", "test_freeze=N"])
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert "the fixed options test_freeze=N, new_way=Y exclude it" in out.output
    out = runner.invoke(cli.app, ["explain", str(HANOI), "grand_bargain", "--fix", "dismantle_yongbyon=N"])
    assert out.exit_code == 2 and "the fixed option dismantle_yongbyon=N excludes it" in out.output


def test_named_states_come_first_in_analyze() -> None:
    out = runner.invoke(cli.app, ["analyze", str(HANOI), "--format", "json"])
    data = json.loads(out.output)
    names = [n["name"] for n in data["named_states"]]
    assert names[0] == "status_quo" and set(names) == {s.name for s in standoff.load(HANOI).named_states}
    assert {n["name"]: n["number"] for n in data["named_states"]}["grand_bargain"] == 767


def test_report_with_fixed_options_leaves_out_what_they_exclude(tmp_path: Path) -> None:
    """Fixing Yongbyon intact excludes the targets' deals and the history's early states: the report is
    written all the same (``standoff report --fix``), saying what it left out and which options are fixed."""
    written = tmp_path / "r.json"
    fixed = ["--fix", "dismantle_yongbyon=N", "--fix", "close_punggye_ri=Y"]
    out = runner.invoke(cli.app, ["report", str(HANOI), "-f", "json", "-o", str(written), *fixed, "--quiet"])
    assert out.exit_code == 0, out.output
    report = json.loads(written.read_text(encoding="utf-8"))
    assert report["history"] is None and report["roadmaps"] == []
    notes = " ".join(report["notes"])
    assert "Fixed: close_punggye_ri=Y, dismantle_yongbyon=N." in notes
    assert "The roadmap to grand_bargain is left out" in notes and "observed history is left out" in notes


def test_roadmap_needs_names_a_target_the_fixed_options_exclude() -> None:
    """With Yongbyon fixed intact no feasible state is grand_bargain (which dismantles it): what a roadmap
    needs says why nothing was searched instead of failing, in words and in the audit's JSON."""
    from standoff.analyses.audit import roadmap_needs
    from standoff.outputs.audit_text import needs_words

    needs = roadmap_needs(standoff.load(HANOI).fix({"dismantle_yongbyon": "N"}), "grand_bargain")
    assert not needs.found and needs.needs == ()
    assert needs.problem is not None and "grand_bargain" in needs.problem
    assert needs_words(needs).startswith("not searched: ")
    assert roadmap_needs(standoff.load(HANOI), "grand_bargain").problem is None
