"""Pictures (``--format svg``, ``_repr_svg_``): valid SVG that draws exactly what the result says.

Each picture is read back as XML: its boxes are the states the answer mentions (no neighbourhood), each
with its verdict as the analysis gives it; its arrows carry the words of the moves; no two boxes overlap
and everything lies inside the drawing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import standoff
from profiles import examples
from standoff.analyses.explain import MAX_SHOWN_IMPROVEMENTS
from standoff.analyses.report import Report
from standoff.interfaces import cli
from standoff.model.conflict import Conflict
from standoff.outputs.picture_svg import Picture, explanation_picture, layer_places
from standoff.outputs.words import change_words, joint_words
from strategies import conflicts

ROOT = Path(__file__).resolve().parents[1]
HANOI = ROOT / "examples" / "hanoi-2019.yaml"
SVG = "{http://www.w3.org/2000/svg}"
cli._register_commands()
runner = CliRunner()


def groups(svg: str, kind: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return [g for g in root.iter(f"{SVG}g") if kind in (g.get("class") or "").split()]


def words(group: ET.Element) -> str:
    """A box's or an arrow's text, its wrapped lines joined again."""
    return " ".join(t.text or "" for t in group.iter(f"{SVG}text"))


def boxes(svg: str) -> list[tuple[float, float, float, float]]:
    out = []
    for kind in ("state", "none", "note"):
        for g in groups(svg, kind):
            rect = g.find(f"{SVG}rect")
            assert rect is not None
            out.append(tuple(float(rect.get(a) or 0) for a in ("x", "y", "width", "height")))
    return out  # type: ignore[return-value]


def assert_laid_out(svg: str) -> None:
    """No two boxes overlap, and every box lies inside the drawing."""
    root = ET.fromstring(svg)
    width, height = float(root.get("width") or 0), float(root.get("height") or 0)
    drawn = boxes(svg)
    for x, y, w, h in drawn:
        assert x >= 0 and x + w <= width and y >= 0 and y + h <= height
    for k, (x, y, w, h) in enumerate(drawn):
        for x2, y2, w2, h2 in drawn[k + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, "two boxes overlap"
    # the title and notes above the drawing: no box and no arrow label reaches up into them
    heading = [
        float(t.get("y") or 0)
        for t in root.findall(f"{SVG}text")
        if float(t.get("y") or 0) < min(y for _, y, _, _ in drawn)
    ]
    labels = [float(t.get("y") or 0) for g in root.iter(f"{SVG}g") for t in g.findall(f"{SVG}text")]
    assert heading and min(labels) - 12 >= max(heading) + 2, "a label runs into the title or the notes"


def state_numbers(svg: str) -> list[tuple[int, bool]]:
    """Each state box's number and whether it says it is an equilibrium."""
    found = []
    for g in groups(svg, "state"):
        text = words(g)
        number = int(re.search(r"state (\d+)", text).group(1))  # type: ignore[union-attr]
        found.append((number, "not an equilibrium" not in text))
    return found


def test_the_hanoi_status_quo_is_drawn_as_its_explanation_says(tmp_path: Path) -> None:
    out = runner.invoke(
        cli.app, ["explain", str(HANOI), "status_quo", "--format", "svg", "-o", str(tmp_path / "why.svg")]
    )
    assert out.exit_code == 0, out.output
    svg = (tmp_path / "why.svg").read_text(encoding="utf-8")
    conflict = standoff.load(HANOI)
    why = conflict.explain("status_quo")
    assert svg == why.to_svg() == why._repr_svg_()  # one drawing for the command line and notebooks
    space, dms = why.space, conflict.decision_maker_names
    moves = [words(g) for g in groups(svg, "move")]
    answers = [words(g) for g in groups(svg, "answer")]
    expected_moves, expected_answers, undeterred = [], [], 0
    for d in why.decision_makers:
        for item in d.improvements:
            expected_moves.append(
                f"{dms[d.decision_maker]}: {change_words(conflict, space, why.index, item.improvement_index)}"
            )
            for _, sanction in item.sanctions:
                if sanction is None:
                    undeterred += 1
                    continue
                first = sanction.moves[0]
                said = change_words(conflict, space, first.source_index, first.target_index)
                expected_answers.append(f"{dms[first.decision_maker]}: {said}")
    assert sorted(moves) == sorted(expected_moves) and moves
    assert len(answers) == len(expected_answers) and answers
    for shown, expected in zip(sorted(answers), sorted(expected_answers), strict=True):
        assert shown.startswith(expected) and "DPRK worse off" in shown  # the sanction's words
    assert len(groups(svg, "none")) == undeterred == 0
    # the states the explanation mentions, no more (at most 40), each with the analysis's verdict
    stable = conflict.analyze("seq").stable["seq"].all(axis=0)
    drawn = state_numbers(svg)
    assert len(drawn) == 1 + len(expected_moves) + len(expected_answers) <= 40
    assert all(verdict == bool(stable[number - 1]) for number, verdict in drawn)
    assert drawn[0][0] == why.index + 1 and "focus" in groups(svg, "state")[0].get("class", "")
    assert_laid_out(svg)


def test_an_improvement_nothing_deters_is_marked() -> None:
    """The prisoners' dilemma under Nash: each side's defection is an improvement no sanction counts."""
    why = standoff.load(ROOT / "examples" / "prisoners-dilemma.yaml").explain("both_cooperate", "nash")
    svg = why.to_svg()
    none = groups(svg, "none")
    assert len(none) == sum(1 for d in why.decision_makers for _ in d.improvements) == 2
    assert all("nothing deters it" in words(g) for g in none)
    assert len(groups(svg, "blocked")) == 2
    assert_laid_out(svg)


def test_the_two_option_roadmap_to_the_grand_bargain_is_one_joint_step(tmp_path: Path) -> None:
    target = tmp_path / "roadmap.svg"
    out = runner.invoke(
        cli.app,
        [
            "roadmap",
            str(HANOI),
            "--to",
            "grand_bargain",
            "--step-size",
            "2",
            "--format",
            "svg",
            "-o",
            str(target),
        ],
    )
    assert out.exit_code == 0, out.output
    svg = target.read_text(encoding="utf-8")
    found = standoff.load(HANOI).roadmap(to="grand_bargain", step_size=2)
    assert svg == found.to_svg()
    (step,) = found.roadmaps[0]
    conflict, space = found.result.conflict, found.result.space
    (arrow,) = groups(svg, "move")
    assert words(arrow) == joint_words(conflict, space, step.movers, step.source_index, step.target_index)
    assert [n for n, _ in state_numbers(svg)] == [step.source, step.target]
    assert "grand_bargain" in words(groups(svg, "state")[1])
    assert "Thick dark arrow: decision makers moving together" in svg
    assert_laid_out(svg)


def test_without_a_roadmap_the_failing_steps_are_drawn_with_why() -> None:
    found = standoff.load(HANOI).roadmap(to="grand_bargain")
    assert not found.found and found.breaks is not None
    svg = found.to_svg()
    blocked = [words(g) for g in groups(svg, "blocked")]
    assert len(blocked) == min(8, len(found.breaks.failed)) > 0
    assert all("✗ not an improvement for" in b for b in blocked)
    assert ET.fromstring(svg).findtext(f"{SVG}title", "").startswith("No roadmap from state 187")
    assert_laid_out(svg)


def test_an_evolution_draws_each_state_of_its_paths_once() -> None:
    evolution = standoff.load(HANOI).evolve()
    svg = evolution.to_svg()
    on_paths = {evolution.start_index} | {m.target_index for path in evolution.paths for m in path}
    assert sorted(n - 1 for n, _ in state_numbers(svg)) == sorted(on_paths)
    steps = {(m.source_index, m.target_index) for path in evolution.paths for m in path}
    assert len(groups(svg, "move")) == len(steps)
    stable = evolution.result.stable["seq"].all(axis=0)
    assert all(verdict == bool(stable[n - 1]) for n, verdict in state_numbers(svg))
    assert_laid_out(svg)


def test_a_roadmap_with_flagged_steps_keeps_its_notes_clear_of_the_drawing() -> None:
    """The detour roadmap to the partial deal has three flagged steps, each a note under the title."""
    found = standoff.load(HANOI).roadmap(
        to="yongbyon_for_partial_relief", step_size=2, detours=True, max_roadmaps=1
    )
    svg = found.to_svg()
    flagged = [s for s in found.roadmaps[0] if s.flagged]
    assert len(flagged) > 1 and len(groups(svg, "flagged")) == len(flagged)
    assert_laid_out(svg)


def test_a_limited_move_concept_has_no_picture() -> None:
    out = runner.invoke(
        cli.app, ["explain", str(ROOT / "examples" / "chicken.yaml"), "YN", "-c", "l2", "--format", "svg"]
    )
    assert out.exit_code == 2
    assert "--format svg draws the sanctions" in out.output


@settings(max_examples=examples(60), deadline=None)
@given(conflicts(max_options=5), st.sampled_from(["nash", "gmr", "smr", "seq", "sim", "seqsim"]), st.data())
def test_every_explanation_is_drawn_without_overlaps(
    conflict: Conflict, concept: str, data: st.DataObject
) -> None:
    """On generated conflicts: a valid SVG for any state and concept, one arrow per improvement drawn (at
    most six per decision maker, those nothing deters first, a note saying how many more), one box per
    sanction part, no boxes overlapping."""
    from standoff.analyses.explain import explain

    result = conflict.analyze(concept)
    state = data.draw(st.integers(1, result.space.n_states))
    why = explain(result, state, concept)
    svg = why.to_svg()
    improvements = [item for d in why.decision_makers for item in d.shown()]
    assert len(groups(svg, "move")) == len(improvements)
    for d in why.decision_makers:
        undeterred = sum(not item.deterred for item in d.improvements)
        assert len(d.shown()) == min(len(d.improvements), MAX_SHOWN_IMPROVEMENTS)
        assert sum(not item.deterred for item in d.shown()) == min(undeterred, MAX_SHOWN_IMPROVEMENTS)
        more = f"has {len(d.improvements)} improvements; {len(d.shown())} drawn"
        assert (more in svg) == (len(d.improvements) > MAX_SHOWN_IMPROVEMENTS)
    parts = sum(len(item.sanctions) for item in improvements)
    assert len(groups(svg, "answer")) + len(groups(svg, "blocked")) == parts
    # each state drawn is judged alone; the verdict is the whole analysis's
    stable = result.stable[concept].all(axis=0)
    assert all(verdict == bool(stable[number - 1]) for number, verdict in state_numbers(svg))
    assert_laid_out(svg)


# The pictures the how-to pages show: written by this test (STANDOFF_WRITE_PICTURES=1), checked by it
# otherwise, so that the docs show what the commands draw.
PICTURES = {
    "why-hanoi-status-quo.svg": ["explain", "examples/hanoi-2019.yaml", "status_quo"],
    "roadmap-hanoi-grand-bargain.svg": [
        "roadmap",
        "examples/hanoi-2019.yaml",
        "--to",
        "grand_bargain",
        "--step-size",
        "2",
    ],
    "evolve-hanoi.svg": ["evolve", "examples/hanoi-2019.yaml"],
    "robustness-hanoi-seq.svg": ["robustness", "examples/hanoi-2019.yaml", "--concepts", "seq"],
}


def test_the_docs_show_the_pictures_the_commands_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for name, args in PICTURES.items():
        out = runner.invoke(cli.app, [*args, "--format", "svg", "--quiet"])
        assert out.exit_code == 0, out.output
        picture = ROOT / "docs" / "images" / name
        if os.environ.get("STANDOFF_WRITE_PICTURES"):
            picture.write_text(out.stdout, encoding="utf-8")
        assert picture.read_text(encoding="utf-8") == out.stdout, (
            f"{name}: run with STANDOFF_WRITE_PICTURES=1"
        )
        shown = [page for page in (ROOT / "docs").rglob("*.md") if f"images/{name}" in page.read_text()]
        assert shown, f"no page shows {name}"


def test_the_report_shows_each_explanation_as_its_picture(hanoi_report: Report) -> None:
    """Each state the report explains has the picture ``standoff explain --format svg`` draws, with ids of
    its own (one page holds them all)."""
    report = hanoi_report
    page = report.to_html()
    why = re.search(r'<section id="why">.*?</section>', page, flags=re.S)
    assert why is not None
    figures = re.findall(r'<figure class="why-picture">(.*?)</figure>', why.group(0), flags=re.S)
    assert len(figures) == len(report.explanations) > 1
    for svg, why in zip(figures, report.explanations, strict=True):
        alone = why.to_svg()
        assert svg == alone.replace('id="', f'id="why-{why.index + 1}-').replace(
            "url(#", f"url(#why-{why.index + 1}-"
        )
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_the_report_draws_its_evolution_and_roadmaps_with_the_steps_asked_for(tmp_path: Path) -> None:
    """``standoff report --step-size 2``: the roadmap to the grand bargain is the one joint step, drawn as
    ``standoff roadmap --step-size 2 --format svg`` draws it; the evolution as ``evolve`` draws it."""
    out = runner.invoke(
        cli.app, ["report", str(HANOI), "-o", str(tmp_path / "r.html"), "--step-size", "2", "--quiet"]
    )
    assert out.exit_code == 0, out.output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    roadmaps = re.search(r'<section id="roadmaps">.*?</section>', page, flags=re.S)
    assert roadmaps is not None and "up to two options of its own" in roadmaps.group(0)
    hanoi = standoff.load(HANOI)
    drawn = hanoi.roadmap(to="grand_bargain", step_size=2).to_svg()
    assert drawn.replace('id="', 'id="roadmap-1-').replace("url(#", "url(#roadmap-1-") in roadmaps.group(0)
    evolution = re.search(r'<section id="evolution">.*?</section>', page, flags=re.S)
    assert evolution is not None
    drawn = hanoi.evolve().to_svg()
    assert drawn.replace('id="', 'id="evolve-').replace("url(#", "url(#evolve-") in evolution.group(0)
    assert standoff.report(hanoi).roadmaps[0].step_size == 1  # the default stays one option per step


def test_the_robustness_chart_draws_each_share_and_names_the_deciding_calls(tmp_path: Path) -> None:
    """One bar per followed state and concept: its length the share, its words the share and the ordinal
    reading, and beside it the calls that decide the verdict, as the robustness result gives them."""
    out = runner.invoke(
        cli.app,
        ["robustness", str(HANOI), "-c", "seq", "--format", "svg", "-o", str(tmp_path / "r.svg"), "--quiet"],
    )
    assert out.exit_code == 0, out.output
    svg = (tmp_path / "r.svg").read_text(encoding="utf-8")
    robust = standoff.load(HANOI).robustness(concepts="seq")
    assert svg == robust.to_svg() == robust._repr_svg_()
    bars = groups(svg, "bar")
    assert len(bars) == len(robust.tracked) * len(robust.concepts) > 1
    decisions = robust.decisions
    for t, (tracked, bar) in enumerate(zip(robust.tracked, bars, strict=True)):
        share = robust.frequency(tracked.index + 1, "seq")
        track, *filled = bar.findall(f"{SVG}rect")
        drawn = float(filled[0].get("width") or 0) if filled else 0.0
        assert abs(drawn - float(track.get("width") or 0) * share) < 0.1
        said = words(bar)
        assert f"{share * 100:.1f}%" in said or f"{share * 100:.0f}%" in said
        reading = robust.reading(tracked.index, "seq")
        assert {"every": "in every reading", "some": "in some", "none": "in none"}[reading] in said
        for call in decisions[t, "seq"].calls:
            assert robust.describe_call(call) in said
    status_quo = words(bars[0])
    assert "United States: 'suspend_exercises iff test_freeze'" in status_quo


def test_the_audit_chart_is_the_chart_of_its_readings() -> None:
    out = runner.invoke(
        cli.app, ["audit", str(ROOT / "examples" / "ceasefire.yaml"), "--format", "svg", "--quiet"]
    )
    assert out.exit_code == 0, out.output
    audit = standoff.load(ROOT / "examples" / "ceasefire.yaml").audit()
    assert out.stdout == audit.to_svg() == audit.robustness.to_svg()
    assert len(groups(out.stdout, "bar")) == len(audit.robustness.tracked)


def test_a_decision_maker_with_hundreds_of_improvements_is_drawn_with_the_few_that_matter() -> None:
    """Sixteen options, eight a side: from the status quo one side has 40 improvements and the other 229.
    The picture draws six of each (those nothing deters first) and says how many there are; the focused
    graph of the same model stays small."""
    from standoff.interfaces.web.graph import graph_data
    from strategies import large_model_yaml

    conflict = standoff.loads(large_model_yaml(16))
    why = conflict.explain("calm")
    counts = [len(d.improvements) for d in why.decision_makers]
    assert min(counts) > MAX_SHOWN_IMPROVEMENTS
    svg = why.to_svg()
    assert len(groups(svg, "move")) == 2 * MAX_SHOWN_IMPROVEMENTS
    assert len(state_numbers(svg)) <= 1 + 2 * 2 * MAX_SHOWN_IMPROVEMENTS
    for d, count in zip(why.decision_makers, counts, strict=True):
        name = conflict.decision_maker_names[d.decision_maker]
        assert f"{name} has {count} improvements; {MAX_SHOWN_IMPROVEMENTS} drawn" in svg
    assert_laid_out(svg)
    graph = graph_data(conflict.analyze("seq"), "seq", 1000)
    assert graph["partial"] and len(graph["nodes"]) <= 40


def crossings(picture: Picture) -> int:
    """Pairs of arrows between neighbouring layers that cross, with each box at its place in its layer."""
    place = layer_places(picture)
    layer = {n.key: n.layer for n in picture.nodes}
    forward = [e for e in picture.edges if layer[e.target] == layer[e.source] + 1]
    return sum(
        1
        for k, a in enumerate(forward)
        for b in forward[k + 1 :]
        if layer[a.source] == layer[b.source]
        and (place[a.source] - place[b.source]) * (place[a.target] - place[b.target]) < 0
    )


@settings(max_examples=examples(60), deadline=None)
@given(conflicts(max_options=5), st.sampled_from(["gmr", "seq", "sim"]), st.data())
def test_a_picture_that_is_a_tree_is_drawn_without_crossing_arrows(
    conflict: Conflict, concept: str, data: st.DataObject
) -> None:
    """The layered layout orders each layer for fewest crossings: an explanation whose arrows form a tree
    (every box reached by one arrow at most) can always be drawn with none, so it must be."""
    from standoff.analyses.explain import explain

    result = conflict.analyze(concept)
    why = explain(result, data.draw(st.integers(1, result.space.n_states)), concept)
    picture = explanation_picture(why)
    targets = [e.target for e in picture.edges]
    if len(targets) == len(set(targets)):
        assert crossings(picture) == 0


def test_the_same_answer_gives_the_same_picture_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Byte for byte, in two processes whose string hashing differs (set and dict orders of strings)."""
    drawn = []
    for seed in ("1", "2"):
        out = tmp_path / f"why-{seed}.svg"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "standoff",
                "explain",
                str(HANOI),
                "status_quo",
                "--format",
                "svg",
                "-o",
                str(out),
            ],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
        )
        drawn.append(out.read_bytes())
    assert drawn[0] == drawn[1]
