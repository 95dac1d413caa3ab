"""A concept per decision maker (a profile, as in GMCR II): analysis, model files, command line, explanation.

Fang, Hipel, Kilgour & Peng, "A decision support system for interactive decision making, Part I",
IEEE Trans. SMC-C 33(1), 2003: under a profile ``(K_1, ..., K_n)`` a state is an equilibrium when it
is ``K_i``-stable for every decision maker ``i``, each verdict the ordinary one for that decision maker.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import standoff
from profiles import examples
from reference import ReferenceModel
from standoff.analyses.stability import analyze
from standoff.concepts import CONCEPTS
from standoff.interfaces import cli
from standoff.io.native.writer import dump_yaml
from standoff.model.conflict import Conflict
from standoff.model.profile import ProfileError
from strategies import conflicts

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PD = EXAMPLES / "prisoners-dilemma.yaml"
HANOI = EXAMPLES / "hanoi-2019.yaml"

cli._register_commands()
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args))
    return result.exit_code, result.stdout, result.stderr


def with_profile(path: Path, tmp_path: Path, lines: str) -> Path:
    """A copy of the model at ``path`` with ``lines`` (a ``profile:`` block) added at the end."""
    target = tmp_path / path.name
    target.write_text(path.read_text(encoding="utf-8") + "\n" + lines, encoding="utf-8")
    return target


# -- properties ---------------------------------------------------------------------------------


@settings(max_examples=examples(60), deadline=None)
@given(conflicts(max_dms=4, max_options=6), st.sampled_from(CONCEPTS))
def test_one_concept_for_all_is_that_concept(conflict: Conflict, concept: str) -> None:
    """A profile naming the same concept for every decision maker has that concept's equilibria."""
    profile = {name: concept for name in conflict.decision_maker_names}
    result = analyze(conflict, concept, profile=profile)
    assert result.profile is not None
    assert np.array_equal(result.profile.equilibrium_mask, result.equilibrium_mask(concept))


@settings(max_examples=examples(100), deadline=None)
@given(st.data(), conflicts(max_dms=4, max_options=6))
def test_profile_is_every_decision_maker_under_its_own_concept(
    data: st.DataObject, conflict: Conflict
) -> None:
    """The profile's verdict is the AND over decision makers of the plain reference's verdict, each under
    its own concept; the profile's concepts are computed though only Nash was asked for."""
    names = conflict.decision_maker_names
    keys = [data.draw(st.sampled_from(CONCEPTS), label=name) for name in names]
    result = analyze(conflict, "nash", profile=dict(zip(names, keys, strict=True)))
    assert result.profile is not None
    assert set(keys) <= set(result.concepts)
    model = ReferenceModel(conflict)
    expected = [
        all(model.stable(key, i, code) for i, key in enumerate(keys))
        for code in (int(c) for c in result.codes)
    ]
    assert result.profile.equilibrium_mask.tolist() == expected
    assert [s.number - 1 for s in result.profile.equilibria] == np.flatnonzero(expected).tolist()


@settings(max_examples=examples(40), deadline=None)
@given(st.data(), conflicts(max_dms=3, max_options=5))
def test_a_model_profile_is_written_and_read_back(data: st.DataObject, conflict: Conflict) -> None:
    """The YAML writer keeps the profile: read back, the model and its profile equilibria are the same."""
    names = conflict.decision_maker_names
    profiled = conflict.with_profile({n: data.draw(st.sampled_from(CONCEPTS), label=n) for n in names})
    again = standoff.loads(dump_yaml(profiled))
    assert again.profile == profiled.profile
    first, second = profiled.analyze("nash").profile, again.analyze("nash").profile
    assert first is not None and second is not None
    assert np.array_equal(first.equilibrium_mask, second.equilibrium_mask)


# -- a case worked by hand ------------------------------------------------------------------------


def test_prisoners_dilemma_with_row_nash_and_column_gmr() -> None:
    """Prisoner's dilemma (examples/prisoners-dilemma.yaml), Row judged by Nash, Column by GMR.

    States: 1 NN, 2 YN, 3 NY, 4 YY (row_defects, col_defects). Row ranks YN > NN > YY > NY,
    Column ranks NY > NN > YY > YN.

    Row, Nash (no unilateral improvement): from NN Row moves to YN (better): unstable; from YN to NN
    (worse): stable; from NY to YY (better): unstable; from YY to NY (worse): stable. So {2, 4}.

    Column, GMR: from NN Column improves to NY; Row answers NY -> YY, which Column ranks below NN:
    deterred, stable. From YN Column improves to YY; Row's only move from YY is to NY, Column's best
    state, above YN: not deterred, unstable. NY is Column's best state: stable. From YY Column's only
    move is to YN, worse: stable. So {1, 3, 4}.

    Equilibria under the profile: {2, 4} ∩ {1, 3, 4} = {4}: YY alone (Nash alone gives {4} too, GMR
    for both {1, 4}); with Row GMR and Column Nash, by symmetry, also {4}.
    """
    pd = standoff.load(PD)
    result = pd.analyze("gmr", profile={"Row": "nash", "Column": "gmr"})
    assert result.profile is not None
    assert result.profile.concepts == {"Row": "nash", "Column": "gmr"}
    assert result.profile.stable[0].tolist() == [False, True, False, True]
    assert result.profile.stable[1].tolist() == [True, False, True, True]
    assert [str(s) for s in result.profile.equilibria] == ["YY"]
    assert [s.number for s in result.profile.equilibria] == [4]
    assert [s.number for s in result.equilibria["gmr"]] == [1, 4]
    mirrored = pd.analyze(profile={"column": "Nash", "ROW": "GMR"}).profile
    assert mirrored is not None and [s.number for s in mirrored.equilibria] == [4]


def test_without_a_profile_there_is_none() -> None:
    result = standoff.load(PD).analyze("nash")
    assert result.profile is None
    assert "profile" not in result.to_dict()
    assert "profile" not in {c for _, c in result.to_frame().columns}


def test_notebook_table_names_the_profile_and_its_equilibria() -> None:
    result = standoff.load(PD).analyze("nash", profile={"Row": "nash", "Column": "gmr"})
    html = result._repr_html_()
    assert (
        "<p>Profile (Row: Nash, Column: GMR; each decision maker under its own concept): "
        "1 equilibrium: 4 YY.</p>" in html
    )
    assert "<td>Nash, GMR, profile</td>" in html
    assert repr(result).endswith("; profile (Row: Nash, Column: GMR) 1>")


def test_to_frame_has_the_profile_columns() -> None:
    result = standoff.load(PD).analyze("nash", profile={"Row": "nash", "Column": "gmr"})
    frame = result.to_frame()
    assert frame[("equilibrium", "profile")].tolist() == [False, False, False, True]
    assert frame[("Column", "profile")].tolist() == [True, False, True, True]


@pytest.mark.parametrize(
    ("profile", "words"),
    [
        ({"Row": "nash"}, "no concept for Column"),
        ({"Row": "nash", "Rwo": "gmr"}, "unknown decision maker 'Rwo' (did you mean 'Row'?)"),
        ({"Row": "nsh", "Column": "gmr"}, "unknown concept 'nsh' for Row (did you mean 'nash'?)"),
        ([("Row", "nash"), ("row", "gmr"), ("Column", "seq")], "Row is given a concept twice"),
    ],
)
def test_a_wrong_profile_is_refused_by_name(profile: object, words: str) -> None:
    with pytest.raises(ProfileError, match=None) as caught:
        analyze(standoff.load(PD), "nash", profile=profile)  # type: ignore[arg-type]
    assert words in str(caught.value)


# -- model files ----------------------------------------------------------------------------------


def test_model_profile_is_used_when_none_is_passed(tmp_path: Path) -> None:
    path = with_profile(PD, tmp_path, "profile:\n  row: Nash\n  Column: gmr\n")
    conflict = standoff.load(path)
    assert conflict.profile_concepts == {"Row": "nash", "Column": "gmr"}
    result = conflict.analyze("seq")
    assert result.profile is not None and [s.number for s in result.profile.equilibria] == [4]
    other = conflict.analyze("seq", profile={"Row": "gmr", "Column": "gmr"}).profile
    assert other is not None and [s.number for s in other.equilibria] == [1, 4]


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("profile:\n  Rwo: nash\n  Column: gmr\n", "profile.Rwo: unknown decision maker 'Rwo'"),
        ("profile:\n  Row: nsh\n  Column: gmr\n", "profile.Row: unknown concept 'nsh' for Row"),
        ("profile:\n  Row: nash\n", "profile: no concept for Column"),
        ("profile:\n  Row: [nash]\n  Column: gmr\n", "profile.Row: expected text"),
    ],
)
def test_model_profile_errors_name_the_file_and_place(tmp_path: Path, block: str, message: str) -> None:
    path = with_profile(PD, tmp_path, block)
    code, _, err = run("validate", str(path))
    assert code == 2
    assert message in err
    assert str(path) in err


def test_gmcr_export_drops_the_profile_with_a_warning(tmp_path: Path) -> None:
    conflict = standoff.load(PD).with_profile({"Row": "nash", "Column": "gmr"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        standoff.save(conflict, tmp_path / "pd.gmcr")
    said = [str(w.message) for w in caught]
    assert any("the profile of concepts (Row=nash, Column=gmr): dropped" in line for line in said)


# -- command line ---------------------------------------------------------------------------------


def test_analyze_json_has_the_profile_beside_the_usual_keys() -> None:
    code, out, _ = run(
        "analyze",
        str(PD),
        "-c",
        "seq",
        "-f",
        "json",
        "-q",
        "--profile",
        "Row=nash",
        "--profile",
        "column=GMR",
    )
    assert code == 0
    data = json.loads(out)
    assert data["profile"] == {"concepts": {"Row": "nash", "Column": "gmr"}, "equilibria": ["YY"], "count": 1}
    assert data["concepts"] == ["nash", "gmr", "seq"]  # the profile's concepts are computed too
    assert {"name", "states", "equilibria", "named_states", "status_quo"} <= set(data)
    assert data["equilibria"]["seq"] == ["NN", "YY"]


def test_analyze_table_names_the_profile_and_its_equilibria() -> None:
    code, out, _ = run(
        "analyze", str(PD), "-c", "nash", "-q", "--profile", "Row=nash", "--profile", "Column=gmr"
    )
    assert code == 0
    assert "profile (Row: Nash, Column: GMR)" in out
    summary = out[out.index("profile (Row: Nash, Column: GMR)") :].splitlines()[0]
    assert "4 YY = both_defect" in summary


def test_profile_option_and_model_profile_agree(tmp_path: Path) -> None:
    path = with_profile(HANOI, tmp_path, "profile:\n  United States: seq\n  DPRK: nash\n")
    _, from_file, _ = run("analyze", str(path), "-c", "nash", "-f", "json", "-q", "--equilibria-only")
    _, from_option, _ = run(
        "analyze", str(HANOI), "-c", "nash", "-f", "json", "-q", "--equilibria-only",
        "--profile", "united states=SEQ", "--profile", "DPRK=Nash",
    )  # fmt: skip
    assert json.loads(from_file)["profile"] == json.loads(from_option)["profile"]
    assert json.loads(from_file)["profile"]["equilibria"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--profile", "Row=nash"], "no concept for Column"),
        (["--profile", "Row=nash", "--profile", "Rwo=gmr"], "unknown decision maker 'Rwo'"),
        (["--profile", "Row=nsh", "--profile", "Column=gmr"], "unknown concept 'nsh' for Row"),
        (
            ["--profile", "Row=nash", "--profile", "row=gmr", "--profile", "Column=seq"],
            "given a concept twice",
        ),
        (["--profile", "Row"], "expected DECISION_MAKER=CONCEPT"),
    ],
)
def test_analyze_profile_errors_are_one_line_exit_2(args: list[str], words: str) -> None:
    code, out, err = run("analyze", str(PD), "-q", *args)
    assert code == 2
    assert words in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


def test_analyze_help_explains_the_profile() -> None:
    code, out, _ = run("analyze", "--help")
    assert code == 0
    assert "--profile" in out
    assert "DPRK=nash" in out


# -- explanations ---------------------------------------------------------------------------------


def test_explanation_judges_each_decision_maker_by_its_own_concept() -> None:
    """NN under Row Nash, Column GMR: Row's move to YN counts (Nash sees no sanction), Column's move to NY
    is deterred by Row's answer to YY (worked by hand above)."""
    why = standoff.load(PD).explain("both_cooperate", profile={"Row": "nash", "Column": "gmr"})
    assert why.concept == "profile"
    assert [why.concept_of(d) for d in (0, 1)] == ["nash", "gmr"]
    assert [d.concept for d in why.decision_makers] == ["nash", "gmr"]
    assert [d.stable for d in why.decision_makers] == [False, True]
    assert not why.stable
    assert repr(why).endswith("under the profile Row: Nash, Column: GMR: not stable (unstable for Row)>")
    text = str(why)
    assert "Row is judged by Nash." in text
    assert "Column is judged by GMR." in text
    assert "under GMR, Row would take row_defects (state 4 = both_defect)" in text
    data = why.to_dict()
    assert data["concept"] == "profile"
    assert data["profile"] == {"Row": "nash", "Column": "gmr"}
    assert [d["concept"] for d in data["decision_makers"]] == ["nash", "gmr"]


@settings(max_examples=examples(40), deadline=None)
@given(st.data(), conflicts(max_dms=3, max_options=5))
def test_explanation_under_a_profile_agrees_with_the_analysis(
    data: st.DataObject, conflict: Conflict
) -> None:
    names = conflict.decision_maker_names
    profile = {n: data.draw(st.sampled_from(CONCEPTS), label=n) for n in names}
    result = analyze(conflict, "nash", profile=profile)
    assert result.profile is not None
    state = data.draw(st.integers(0, result.space.n_states - 1), label="state")
    why = result.explain(state + 1, profile=profile)
    assert [d.stable for d in why.decision_makers] == result.profile.stable[:, state].tolist()
    assert why.equilibrium(state) == bool(result.profile.equilibrium_mask[state])


def test_explain_command_takes_a_profile() -> None:
    code, out, _ = run("explain", str(PD), "1", "-q", "--profile", "Row=nash", "--profile", "column=gmr")
    assert code == 0
    assert "under the profile Row: Nash, Column: GMR: not stable for Row" in out
    code, out, _ = run(
        "explain", str(PD), "1", "-q", "-f", "json", "--profile", "Row=nash", "--profile", "Column=gmr"
    )
    assert code == 0
    assert json.loads(out)["profile"] == {"Row": "nash", "Column": "gmr"}
    code, _, err = run("explain", str(PD), "1", "-q", "--profile", "Row=nash")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "no concept for Column" in err


# -- report ---------------------------------------------------------------------------------------


def test_report_shows_the_model_profile_equilibria(tmp_path: Path) -> None:
    path = with_profile(PD, tmp_path, "profile:\n  Row: nash\n  Column: gmr\n")
    page = standoff.report(standoff.load(path)).to_html()
    assert '<p id="profile">' in page
    assert "(Row: Nash, Column: GMR)" in page
    paragraph = page[page.index('<p id="profile">') :].split("</p>")[0]
    assert "<a href='#row-4'>4</a> <code>YY</code> (both_defect)" in paragraph
    assert "#row-1'" not in paragraph
    assert '<p id="profile">' not in standoff.report(standoff.load(PD)).to_html()


def test_report_command_takes_a_profile(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    args = [
        "report",
        str(PD),
        "-o",
        str(target),
        "-f",
        "json",
        "-q",
        "--profile",
        "Row=nash",
        "--profile",
        "Column=gmr",
    ]
    code, _, err = run(*args)
    assert code == 0, err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["analysis"]["profile"] == {
        "concepts": {"Row": "nash", "Column": "gmr"},
        "equilibria": ["YY"],
        "count": 1,
    }


# -- web app --------------------------------------------------------------------------------------


def test_web_api_answers_the_model_profile() -> None:
    from fastapi.testclient import TestClient

    from standoff.interfaces.web.app import create_app

    text = PD.read_text(encoding="utf-8") + "\nprofile:\n  Row: nash\n  Column: gmr\n"
    with TestClient(create_app(warm=False, time_limit=600)) as client:
        answer = client.post("/api/analyze", json={"model": text, "name": "pd.yaml"}).json()
    assert answer["profile"] == {
        "concepts": {"Row": "nash", "Column": "gmr"},
        "equilibria": ["YY"],
        "count": 1,
    }


def test_web_api_takes_a_profile_as_the_command_line_does() -> None:
    """``profile`` in the request of /api/analyze and /api/explain answers as ``--profile`` does (the
    prisoner's dilemma, Row by Nash and Column by GMR: YY alone, worked by hand above); a wrong one is
    a 4xx naming the problem, and the server goes on."""
    from fastapi.testclient import TestClient

    from standoff.interfaces.web.app import create_app

    text = PD.read_text(encoding="utf-8")
    profile = {"Row": "nash", "Column": "gmr"}
    with TestClient(create_app(warm=False, time_limit=600)) as client:
        answer = client.post("/api/analyze", json={"model": text, "profile": profile}).json()
        assert answer["profile"] == {"concepts": profile, "equilibria": ["YY"], "count": 1}
        plain = client.post("/api/analyze", json={"model": text}).json()
        assert "profile" not in plain  # the same model text, analysed without one: not the kept answer
        why = client.post("/api/explain", json={"model": text, "state": "NN", "profile": profile}).json()
        code, printed, _ = run("explain", str(PD), "NN", "--profile", "Row=nash", "--profile", "Column=gmr")
        assert code == 0 and why["text"].strip() == printed.strip()
        wrong = client.post("/api/analyze", json={"model": text, "profile": {"Rwo": "nash", "Column": "gmr"}})
        assert 400 <= wrong.status_code < 500 and "unknown decision maker 'Rwo'" in wrong.text
        assert client.post("/api/analyze", json={"model": text}).status_code == 200


def test_analyze_csv_has_the_profile_columns_after_the_usual_ones() -> None:
    code, out, _ = run(
        "analyze",
        str(PD),
        "-c",
        "nash",
        "-f",
        "csv",
        "-q",
        "--profile",
        "Row=nash",
        "--profile",
        "Column=gmr",
    )
    assert code == 0
    rows = out.splitlines()
    assert rows[0].endswith(",status_quo,Row:profile,Column:profile,equilibrium:profile")
    assert [row.rsplit(",", 3)[1:] for row in rows[1:]] == [
        ["0", "1", "0"],
        ["1", "0", "0"],
        ["0", "1", "0"],
        ["1", "1", "1"],
    ]


def test_an_empty_profile_is_none_even_when_the_model_has_one() -> None:
    """The analyses that follow one concept (evolve, roadmap, compare, ...) ask for no profile: their
    results hold the concepts they asked for, whatever the model's profile says."""
    conflict = standoff.load(PD).with_profile({"Row": "sim", "Column": "smr"})
    assert conflict.analyze("nash").concepts == ("nash", "smr", "sim")
    plain = conflict.analyze("nash", profile={})
    assert plain.profile is None and plain.concepts == ("nash",)
    compared = standoff.compare(conflict, standoff.load(PD), "seq")
    assert compared.a.concepts == compared.b.concepts == ("seq",)
    assert conflict.evolve(concept="nash").concept == "nash"


def test_explain_command_follows_the_model_profile_unless_told_a_concept(tmp_path: Path) -> None:
    path = with_profile(PD, tmp_path, "profile:\n  Row: nash\n  Column: gmr\n")
    code, out, _ = run("explain", str(path), "1", "-q")
    assert code == 0
    assert "under the profile Row: Nash, Column: GMR: not stable for Row" in out
    code, out, _ = run("explain", str(path), "1", "-q", "-c", "seq")
    assert code == 0
    assert "under SEQ: stable for every decision maker" in out
    code, out, _ = run("explain", str(path), "1", "-q", "--profile", "Row=gmr", "--profile", "Column=gmr")
    assert code == 0
    assert "under the profile Row: GMR, Column: GMR: stable for every decision maker" in out


def test_a_limited_move_concept_in_a_profile_needs_two_decision_makers(tmp_path: Path) -> None:
    path = tmp_path / "three.yaml"
    path.write_text(
        "name: three\ndecision_makers:\n"
        + "".join(
            f"  - {{name: {d}, options: [{d.lower()}], preferences: {{prioritization: [{d.lower()}]}}}}\n"
            for d in "ABC"
        )
        + "profile:\n  A: nash\n  B: l2\n  C: seq\n",
        encoding="utf-8",
    )
    code, _, err = run("validate", str(path))
    assert code == 2
    assert "profile.B: l2 (limited move) is defined for two decision makers; this model has 3" in err
    two = standoff.load(PD).analyze("nash", profile={"Row": "l2", "Column": "nash"})
    assert two.profile is not None and "l2" in two.concepts


def test_a_profile_may_judge_a_decision_maker_by_a_strong_concept() -> None:
    """Price war (examples/price-war.yaml, worked by hand in tests/test_strength.py): under a profile each
    decision maker's row is its own concept's verdict, strong or not, and the explanation judges each by
    its own."""
    conflict = standoff.load(EXAMPLES / "price-war.yaml")
    result = conflict.analyze("nash", profile={"Firm": "gmr_strong", "Rival": "seq"})
    assert result.profile is not None
    assert result.profile.stable[0].tolist() == result.stable["gmr_strong"][0].tolist()
    assert result.profile.stable[1].tolist() == result.stable["seq"][1].tolist()
    expected = result.stable["gmr_strong"][0] & result.stable["seq"][1]
    assert result.profile.equilibrium_mask.tolist() == expected.tolist()
    why = conflict.explain("NN", profile={"Firm": "gmr_strong", "Rival": "seq"})
    assert [why.concept_of(d) for d in range(2)] == ["gmr_strong", "seq"]
    assert why.equilibrium(0) == bool(expected[0])
