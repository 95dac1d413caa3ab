"""Every way out of a result, whatever its size: the JSON and the CSV written in blocks equal the whole
object's, and what would build a dict per state for too many states refuses, naming the lighter ways.

The memory these take at 2^24 states is measured by ``bench/big_results.py``, not here.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

import standoff
from profiles import examples
from standoff.analyses.stability import AnalysisResult, analyze
from standoff.interfaces import cli
from standoff.outputs import json as json_output
from standoff.outputs.csv import analysis_to_csv, write_analysis_csv
from standoff.outputs.json import TooManyStates, state_rows, write_analysis_json
from strategies import conflicts

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


def whole(result: AnalysisResult, *, states: bool = True) -> bytes:
    """The contract object built whole and encoded as the command encoded it before it wrote in blocks."""
    return orjson.dumps(
        result.to_dict(states=states), option=orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE
    )


def streamed(result: AnalysisResult, *, states: bool = True, block: int) -> bytes:
    buffer = io.BytesIO()
    write_analysis_json(result, buffer, states=states, block=block)
    return buffer.getvalue()


def plain_csv(result: AnalysisResult) -> str:
    """The CSV as its documented columns say, one state at a time (state, pattern, name,
    ``<dm>:<concept>`` then ``equilibrium:<concept>`` per concept, status_quo)."""
    from standoff.outputs.table import state_names

    names = result.conflict.decision_maker_names
    named = state_names(result.conflict, result.space)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["state", "pattern", "name"]
    for c in result.concepts:
        header += [f"{dm}:{c}" for dm in names] + [f"equilibrium:{c}"]
    writer.writerow([*header, "status_quo"])
    for s in range(result.space.n_states):
        row: list[object] = [s + 1, result.space.pattern(s), named.get(s, "")]
        for c in result.concepts:
            flags = [int(result.stable[c][i, s]) for i in range(len(names))]
            row += [*flags, int(all(flags))]
        writer.writerow([*row, int(result.status_quo_index == s)])
    return buffer.getvalue()


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_json_in_blocks_is_the_whole_objects_bytes(path: Path) -> None:
    result = standoff.load(path).analyze()
    for block in (1, 3, 1 << 16):  # a state a block, blocks that do not divide the states, one block
        assert streamed(result, block=block) == whole(result)
        assert streamed(result, states=False, block=block) == whole(result, states=False)


@given(conflicts(max_options=5))
@settings(max_examples=examples(25), deadline=None)
def test_json_in_blocks_is_the_whole_objects_bytes_on_generated_conflicts(conflict: Any) -> None:
    result = analyze(conflict)
    assert streamed(result, block=2) == whole(result)
    # limited-move concepts and their many flags: two decision makers only
    if len(conflict.decision_makers) == 2:
        limited = analyze(conflict, ("nash", "l1", "l2", "nm"))
        assert streamed(limited, block=5) == whole(limited)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_csv_in_blocks_has_every_states_row(path: Path) -> None:
    result = standoff.load(path).analyze()
    expected = plain_csv(result)
    assert analysis_to_csv(result) == expected
    buffer = io.StringIO()
    write_analysis_csv(result, buffer, block=4)
    assert buffer.getvalue() == expected


def test_to_dict_refuses_too_many_states_and_names_the_lighter_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    result = standoff.load(EXAMPLES[0].parent / "elmira.yaml").analyze()
    monkeypatch.setattr(json_output, "DICT_STATE_LIMIT", result.space.n_states - 1)
    with pytest.raises(TooManyStates) as refused:
        result.to_dict()
    message = str(refused.value)
    assert f"{result.space.n_states:,} states" in message
    for lighter in ("to_dict(states=False)", "to_frame()", "state_rows", "write_analysis_json"):
        assert lighter in message
    assert isinstance(refused.value, standoff.StandoffError)  # the CLI and the API answer it as usual
    # the lighter ways still answer, and the JSON written in blocks is unaffected by the limit
    equilibria = result.to_dict(states=False)
    assert "states" not in equilibria and equilibria["equilibria"]
    assert len(result.to_frame()) == result.space.n_states
    listed = json.loads(streamed(result, block=4))
    assert len(listed["states"]) == result.space.n_states


def test_the_commands_json_and_csv_above_the_compact_size_are_written_in_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = EXAMPLES[0].parent / "hanoi-2019.yaml"
    result = standoff.load(path).analyze()
    monkeypatch.setattr("standoff.outputs.json.COMPACT_JSON_STATES", 10)  # Hanoi's 1,152 states count as many
    monkeypatch.setattr(json_output, "DICT_STATE_LIMIT", 10)  # and a dict per state is never built
    runner = CliRunner()
    printed = runner.invoke(cli.app, ["analyze", str(path), "--format", "json", "--quiet"])
    assert printed.exit_code == 0, printed.stderr
    monkeypatch.setattr(json_output, "DICT_STATE_LIMIT", 1 << 20)
    assert printed.stdout_bytes == whole(result)
    target = tmp_path / "out.csv"
    written = runner.invoke(cli.app, ["analyze", str(path), "--format", "csv", "--quiet", "-o", str(target)])
    assert written.exit_code == 0, written.stderr
    assert target.read_text(encoding="utf-8") == plain_csv(result)


def test_the_api_refuses_every_state_of_a_too_large_model_and_names_the_lighter_ways(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    from fastapi.testclient import TestClient

    from standoff.interfaces.web import create_app

    elmira = (EXAMPLES[0].parent / "elmira.yaml").read_text()
    monkeypatch.setattr(json_output, "DICT_STATE_LIMIT", 5)  # Elmira has 12 states
    with TestClient(create_app(warm=False)) as client:
        refused = client.post("/api/analyze", json={"model": elmira})
        assert 400 <= refused.status_code < 500
        assert "equilibria_only" in refused.json()["error"] and "/api/table" in refused.json()["error"]
        answered = client.post("/api/analyze", json={"model": elmira, "equilibria_only": True})
        assert answered.status_code == 200 and "states" not in answered.json()
        live = client.post("/api/live", json={"model": elmira, "graph": False})
        assert live.status_code == 200
        assert live.json()["analysis"]["states_listed"] is False  # the summary, with pages to ask for


def test_to_frame_without_pandas_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    result = standoff.load(EXAMPLES[0].parent / "elmira.yaml").analyze()
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'standoff\[frame\]'"):
        result.to_frame()


def test_csv_quotes_names_as_the_csv_module_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names joined by ", " (a state named twice), or holding quotes, are quoted fields."""
    from standoff.outputs import table

    result = standoff.load(EXAMPLES[0].parent / "elmira.yaml").analyze()
    names = {0: "deal, textbook_1", 3: 'the "final" offer', 5: "plain"}
    monkeypatch.setattr(table, "state_names", lambda conflict, space: names)
    written = analysis_to_csv(result)
    assert written == plain_csv(result)
    rows = list(csv.reader(io.StringIO(written)))
    assert [rows[s + 1][2] for s in names] == list(names.values())


def test_json_in_blocks_with_fixed_options_keeps_fixed() -> None:
    from standoff.interfaces.cli import fixed_values

    conflict = standoff.load(EXAMPLES[0].parent / "hanoi-2019.yaml").fix(fixed_values(["close_punggye_ri=Y"]))
    result = conflict.analyze()
    assert b'"fixed":{"close_punggye_ri":"Y"}' in streamed(result, block=7)
    assert streamed(result, block=7) == whole(result)


def test_json_in_blocks_writes_null_where_nm_never_settles() -> None:
    """Hanoi under NM: 104 (decision maker, state) pairs whose verdict alternates with the horizon are
    null in the whole object, and in the blocks alike (docs/explanation/hanoi-coalitions.md)."""
    result = standoff.load(EXAMPLES[0].parent / "hanoi-2019.yaml").analyze(("nash", "nm"))
    unknown = result.undetermined("nm")
    assert unknown is not None and int(unknown.sum()) == result.extras["non_myopic"].n_undetermined > 0
    whole_bytes = whole(result)
    assert b'"nm":null' in whole_bytes
    assert streamed(result, block=7) == whole_bytes


def test_csv_leaves_empty_where_nm_never_settles() -> None:
    """The CSV says what the JSON says: where NM is undetermined (JSON null) the flag is empty, not 0."""
    result = standoff.load(EXAMPLES[0].parent / "hanoi-2019.yaml").analyze(("nash", "nm"))
    rows = analysis_to_csv(result).splitlines()
    header, body = rows[0].split(","), [line.split(",") for line in rows[1:]]
    for entry, fields in zip(state_rows(result), body, strict=True):
        for dm, flags in entry["stable"].items():
            for concept, flag in flags.items():
                assert fields[header.index(f"{dm}:{concept}")] == ("" if flag is None else str(int(flag)))
    assert any("" in fields[3:] for fields in body)
    buffer = io.StringIO()
    write_analysis_csv(result, buffer, block=5)
    assert buffer.getvalue() == analysis_to_csv(result)
