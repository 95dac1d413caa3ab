"""Models with more options than a state code holds are refused by every command in one line, exit 2.

A state is an int64 code with one bit per option, and the engine also
counts the 2^m codes in an int64, so standoff analyses at most 62 options;
beyond that, any number of options is refused with an error naming the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from standoff.engine.estimate import estimate
from standoff.engine.space import MAX_OPTIONS, StateSpace
from standoff.errors import CapacityError
from standoff.interfaces import cli
from standoff.io import load
from standoff.model.conflict import Conflict, DecisionMaker, OptionSpec
from standoff.model.expressions import Option
from standoff.model.preferences import Prioritization, Statement

cli._register_commands()
runner = CliRunner()

COMMANDS = [
    ["analyze"],
    ["validate"],
    ["explain", "status_quo"],
    ["evolve"],
    ["timeline"],
    ["report", "-o", "{dir}/r.html"],
    ["convert", "{dir}/out.yaml"],
    ["convert", "{dir}/out.gmcr"],
]


def _yaml(path: Path, m: int) -> Path:
    """Two decision makers sharing ``m`` options; exactly one of each side's options is taken."""
    half = m // 2
    sides = [[f"o{j}" for j in range(half)], [f"o{j}" for j in range(half, m)]]
    lines = ["name: wide", "decision_makers:"]
    for name, mine in zip("AB", sides, strict=True):
        lines += [f"  - name: {name}", f"    options: [{', '.join(mine)}]"]
        lines += [f"    preferences: {{prioritization: [{mine[0]}]}}"]
    lines += ["infeasible:"] + [f"  - exactly_one: [{', '.join(mine)}]" for mine in sides]
    lines += [f"status_quo: {sides[0][0]} and {sides[1][0]}"]
    path.write_text("\n".join(lines) + "\n")
    return path


def _gmcr(path: Path, m: int) -> Path:
    """A gmcr-py file with ``m`` options and prioritization statements."""
    half = m // 2
    document = {
        "options": [{"name": f"o{j}", "permittedDirection": "both"} for j in range(m)],
        "decisionMakers": [
            {"name": "A", "options": list(range(half)), "preferences": [[[0, "Y"]]], "misperceptions": []},
            {
                "name": "B",
                "options": list(range(half, m)),
                "preferences": [[[half, "Y"]]],
                "misperceptions": [],
            },
        ],
        "infeasibles": [[[0, "Y"], [1, "Y"]]],
        "useManualPreferenceRanking": False,
        "program": "gmcr-py",
        "version": "0.4.1",
    }
    path.write_text(json.dumps(document, indent=1))
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("m", [63, 64, 70, 100])
@pytest.mark.parametrize("kind", ["yaml", "gmcr"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] + Path(c[-1]).suffix)
def test_too_many_options_are_refused_in_one_line(
    tmp_path: Path, m: int, kind: str, command: list[str]
) -> None:
    model = (_yaml if kind == "yaml" else _gmcr)(tmp_path / f"wide.{kind}", m)
    name, *rest = command
    code, out, err = run(name, str(model), *[r.format(dir=tmp_path) for r in rest])
    assert code == 2, out + err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert f"wide.{kind}" in err and f"{m} options" in err and f"at most {MAX_OPTIONS}" in err
    assert not (tmp_path / "out.yaml").exists() and not (tmp_path / "out.gmcr").exists()


def _conflict(m: int) -> Conflict:
    options = tuple(OptionSpec(f"o{j}", 0 if j < m // 2 else 1) for j in range(m))
    dms = tuple(
        DecisionMaker(name, tuple(range(lo, hi)), Prioritization((Statement(Option(lo)),)))
        for name, lo, hi in (("A", 0, m // 2), ("B", m // 2, m))
    )
    return Conflict("built", options, dms)


@pytest.mark.parametrize("m", [63, 64, 100])
def test_the_engine_refuses_too_many_options_for_a_conflict_built_in_python(m: int) -> None:
    with pytest.raises(CapacityError, match=f"built: {m} options"):
        estimate(_conflict(m))
    with pytest.raises(CapacityError, match=f"built: {m} options"):
        StateSpace.build(_conflict(m))


def test_sixty_two_options_are_read_and_analysed(tmp_path: Path) -> None:
    """At the limit a sparse model works through the command line (31 × 31 feasible states)."""
    model = _yaml(tmp_path / "wide.yaml", MAX_OPTIONS)
    assert len(load(model).options) == 62
    code, out, err = run("analyze", str(model), "--format", "json", "--concepts", "nash", "--quiet")
    assert code == 0, err
    assert len(json.loads(out)["states"]) == 31 * 31
    code, out, _ = run("validate", str(model))
    assert code == 0 and "961 feasible states of 4611686018427387904" in out


def test_sixty_two_unconstrained_options_are_refused_for_memory(tmp_path: Path) -> None:
    """2^62 feasible states: refused by the memory estimate, with the count, not a crash."""
    path = tmp_path / "open.yaml"
    _yaml(path, MAX_OPTIONS)
    text = path.read_text()
    path.write_text(text[: text.index("infeasible:")] + "\n")
    code, _, err = run("analyze", str(path))
    assert code == 2
    assert "open.yaml" in err and "4,611,686,018,427,387,904 feasible states" in err
    assert "more memory than the limit" in err
