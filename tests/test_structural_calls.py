"""Structural judgement calls in the model format: read, checked, written back, dropped by .gmcr export."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import standoff
from standoff.errors import ModelError
from standoff.io.gmcr import GmcrExportWarning, conflict_to_gmcr
from standoff.io.native import dump_yaml
from standoff.model.uncertainty import StructuralCall

MODEL = """\
name: Calls
decision_makers:
  - name: A
    options:
      - {name: a, direction: forward, uncertain: true, or_instead: [both], note: may be undone}
      - b
    preferences:
      prioritization:
        - {statement: a, uncertain: true, weight: 0.7}
        - not c
  - name: B
    options: [c]
    preferences:
      prioritization: [c and a, not b]
infeasible:
  - {condition: "a and b", uncertain: true, note: money}
  - {condition: "b and c", note: "certain, with a reason"}
fixed:
  c: {value: N, uncertain: true, weight: 0.9}
"""


def test_calls_are_read_in_model_order_with_notes_and_weights() -> None:
    conflict = standoff.loads(MODEL)
    assert conflict.structural == (
        StructuralCall("direction", 0, ("both",), "may be undone", None),
        StructuralCall("condition", 0, (), "money", None),
        StructuralCall("fixed", 2, (), "", 0.9),
    )
    # the marks change nothing else: the condition and the fixed value hold as written
    assert len(conflict.infeasible) == 2
    assert conflict.fixed == ((2, False),)
    statement = conflict.decision_makers[0].preferences.statements[0]
    assert statement.uncertainty is not None and statement.uncertainty.weight == 0.7


def test_calls_survive_writing_and_reading_back() -> None:
    conflict = standoff.loads(MODEL)
    again = standoff.loads(dump_yaml(conflict))
    assert again == conflict
    assert again.structural == conflict.structural


def test_a_direction_call_without_or_instead_defaults_to_the_other_directions() -> None:
    text = MODEL.replace("or_instead: [both], ", "").replace("direction: forward, ", "")
    conflict = standoff.loads(text)
    assert conflict.structural[0] == StructuralCall("direction", 0, ("forward", "backward"), "may be undone")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("or_instead: [both]", "or_instead: [forward]"), "is the option's own direction"),
        (("uncertain: true, or_instead", "or_instead"), "or_instead is for an uncertain direction"),
        (
            ("c: {value: N, uncertain: true, weight: 0.9}", "c: {value: N, weight: 0.9}"),
            "weight is for an uncertain",
        ),
        (("c: {value: N,", "c: {value: maybe,"), "expected one of"),
        (("weight: 0.7", "weight: 1.5"), "less than or equal to 1"),
    ],
)
def test_bad_calls_name_the_place_and_the_problem(
    tmp_path: Path, change: tuple[str, str], problem: str
) -> None:
    path = tmp_path / "calls.yaml"
    path.write_text(MODEL.replace(*change), encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        standoff.load(path)
    assert str(caught.value).startswith(str(path))
    assert problem in str(caught.value)


def test_gmcr_export_keeps_the_model_as_written_and_says_the_marks_are_dropped() -> None:
    conflict = standoff.loads(MODEL)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        document = conflict_to_gmcr(conflict)
    said = [str(w.message) for w in caught if issubclass(w.category, GmcrExportWarning)]
    assert said and "direction of a" in said[0] and "infeasibility condition 1" in said[0]
    assert "fixed value of c" in said[0]
    assert document["options"][0]["permittedDirection"] != "both"
    assert len(document["infeasibles"]) >= 2
