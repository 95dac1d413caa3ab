"""The concepts beyond the six in a real browser: strength of preference and unknown preferences added in
the Stability tab, their columns marked as ``standoff analyze --format json`` marks them, explained where
the server explains them, and dropped with the reason said when the server refuses them. Same browser and
server as ``test_web_browser.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from standoff.concepts import CONCEPT_NAMES

pytestmark = pytest.mark.browser

import test_web_browser as pages  # noqa: E402  (after the marker, as there: it skips without a browser)
from test_web_browser import WAIT, Watched  # noqa: E402
from test_web_concepts import past_the_unknown_preference_limit  # noqa: E402
from waiting import wait_until  # noqa: E402

browser, server, watched = pages.browser, pages.server, pages.watched  # the same fixtures

ROOT = Path(__file__).resolve().parents[1]
PRICE_WAR = ROOT / "examples" / "price-war.yaml"
UNSURE = ROOT / "tests" / "data" / "unsure-sanction.yaml"


def command_json(*args: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", "standoff", *args, "--format", "json", "--quiet"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def open_text(watched: Watched, server: str, path: Path) -> None:
    """The new model's page with ``path``'s text typed in (analysed twice: the new model, then this)."""
    page = watched.page
    page.goto(server + "/app")
    watched.analysed(1)
    page.click('#edit-mode button[data-mode="text"]')
    page.fill("#source", path.read_text())
    watched.analysed(2)


def column(page: Any, concept: str) -> dict[int, str]:
    """Each shown row's mark in the column of ``concept`` (``data-readings`` columns by their base)."""
    heads = page.eval_on_selector_all(
        "#stability thead th",
        "cells => cells.map((c) => c.dataset.readings ? c.dataset.readings + ' readings' "
        ": c.querySelector('button') ? c.querySelector('button').textContent.replace(/ [▲▼]$/, '') : '')",
    )
    k = heads.index(concept)
    rows = page.eval_on_selector_all(
        "#stability tbody tr",
        f"rows => rows.map((r) => [Number(r.dataset.state), r.children[{k}].textContent])",
    )
    return {number: mark for number, mark in rows}


def profile_choices(watched: Watched) -> list[str]:
    """The concepts the model forms offer for the first decision maker's profile entry."""
    watched.tab("model")
    watched.page.click('#edit-mode button[data-mode="forms"]')
    return list(
        watched.page.eval_on_selector_all(
            'select[data-key="profile-0"] option', "options => options.map((o) => o.value)"
        )
    )


def equilibrium_marks(expected: dict[str, Any], concept: str) -> dict[int, str]:
    return {
        row["number"]: "✓" if all(v[concept] for v in row["stable"].values()) else "·"
        for row in expected["states"]
    }


def test_strength_of_preference_is_added_marked_as_the_command_marks_it_and_explained(
    watched: Watched, server: str
) -> None:
    page = watched.page
    open_text(watched, server, PRICE_WAR)
    watched.tab("stability")
    # the model states strong preferences, and no uncertain ones: only strength is offered
    assert page.is_visible("#add-strength-choice") and not page.is_visible("#add-unknown-choice")
    assert "GMR strong" in page.inner_text("#add-strength-choice")
    assert "GMR strong" not in page.inner_text("#stability thead")
    page.check("#add-strength")
    watched.analysed(3)
    page.select_option("#filter-show", "all")
    concepts = ["nash", "gmr", "smr", "seq", "sim", "seqsim", "gmr_strong", "smr_strong", "seq_strong"]
    expected = command_json("analyze", str(PRICE_WAR), "--concepts", ",".join(concepts))
    for concept in ("gmr_strong", "smr_strong", "seq_strong"):
        assert column(page, CONCEPT_NAMES[concept]) == equilibrium_marks(expected, concept), concept
    assert column(page, "GMR") == equilibrium_marks(expected, "gmr")
    # where each is offered: explain and the graph take the strong concepts; evolve and robustness do not
    offered = {
        menu: page.eval_on_selector_all(f"#{menu} option", "options => options.map((o) => o.value)")
        for menu in (
            "explain-concept",
            "graph-concept",
            "evolve-concept",
            "roadmap-concept",
            "robust-concept",
        )
    }
    assert "gmr_strong" in offered["explain-concept"] and "gmr_strong" in offered["graph-concept"]
    for menu in ("evolve-concept", "roadmap-concept", "robust-concept"):
        assert not any("strong" in c for c in offered[menu]), menu
    # state 1 under GMR strong: not an equilibrium (Rival's sanction is only mildly worse), as explain says
    page.select_option("#explain-concept", "gmr_strong")
    page.click('#stability tbody tr[data-state="1"]')
    page.wait_for_selector("#explanation-body ul.sentences li")
    why = command_json("explain", str(PRICE_WAR), "1", "--concepts", "gmr_strong")
    heading = page.inner_text("#explanation-body h3")
    assert "under GMR strong" in heading
    assert ("stable for every decision maker" in heading) == why["stable"] and not why["stable"]
    words = page.inner_text("#explanation-body ul.sentences")
    assert all(sentence in words for sentence in why["explanation"])
    watched.shot("strength", "#panel-stability")
    # the model tab lists the strong concepts' equilibria too
    assert watched.count("gmr_strong") == len(expected["equilibria"]["gmr_strong"])
    # a profile may judge a decision maker by a strong concept: the model forms offer them
    assert "gmr_strong" in profile_choices(watched)
    watched.tab("stability")
    # taken off again: the six only
    page.uncheck("#add-strength")
    watched.analysed(4)
    assert "GMR strong" not in page.inner_text("#stability thead")


def test_unknown_preferences_by_extension_with_the_exact_answer_and_a_refusal_said_in_words(
    watched: Watched, server: str
) -> None:
    page = watched.page
    open_text(watched, server, UNSURE)
    watched.tab("stability")
    assert page.is_visible("#add-unknown-choice") and not page.is_visible("#add-strength-choice")
    extensions = page.eval_on_selector_all("#add-unknown option", "options => options.map((o) => o.value)")
    assert extensions == ["", "a", "b", "c", "d", "all"]
    page.select_option("#add-unknown", "b")
    watched.analysed(3)
    page.select_option("#filter-show", "all")
    keys = ["nash_b", "gmr_b", "smr_b", "seq_b"]
    concepts = ["nash", "gmr", "smr", "seq", "sim", "seqsim", *keys]
    expected = command_json("analyze", str(UNSURE), "--concepts", ",".join(concepts))
    for key in keys:
        assert column(page, CONCEPT_NAMES[key]) == equilibrium_marks(expected, key), key
    # the exact answer over whole readings, as analyze's readings say
    for key in keys:
        base = key.split("_")[0]
        every, some = (set(expected["readings"][key][w]) for w in ("every", "some"))
        marks = {
            row["number"]: "✓ every"
            if row["pattern"] in every
            else "✓ some"
            if row["pattern"] in some
            else "·"
            for row in expected["states"]
        }
        assert column(page, f"{base} readings") == marks, key
    assert "in some reading" in page.inner_text("#readings-note")
    # explained as the command explains them: state 1 under GMR_b
    offered = page.eval_on_selector_all("#explain-concept option", "options => options.map((o) => o.value)")
    assert all(key in offered for key in keys)
    page.select_option("#explain-concept", "gmr_b")
    page.click('#stability tbody tr[data-state="1"]')
    page.wait_for_selector("#explanation-body ul.sentences li")
    why = command_json("explain", str(UNSURE), "1", "--concepts", "gmr_b")
    heading = page.inner_text("#explanation-body h3")
    assert "under GMR_b" in heading
    assert ("stable for every decision maker" in heading) == why["stable"]
    words = page.inner_text("#explanation-body ul.sentences")
    assert all(sentence in words for sentence in why["explanation"])
    watched.shot("unknown", "#panel-stability")
    choices = profile_choices(watched)  # a profile takes the standard concepts only (no strength here)
    assert "seq" in choices and not any(c.endswith("_b") or c.endswith("_strong") for c in choices)

    # past 16,384 states the server refuses them: the page says why and shows the standard analysis
    big = past_the_unknown_preference_limit()
    page.click('#edit-mode button[data-mode="text"]')
    page.fill("#source", big)
    watched.analysed(4)
    status = page.inner_text("#status")
    assert "Unknown preferences (extension b) left out" in status and "16,384" in status
    # the refusal is a 422 with the reason, as the API promises; Chromium may log it as a failed resource
    refused = [p for p in watched.problems if "status of 422" in p]
    assert len(refused) <= 1
    watched.problems[:] = [p for p in watched.problems if p not in refused]
    watched.tab("stability")
    assert page.input_value("#add-unknown") == ""
    wait_until(page, "document.body.dataset.tablePage !== undefined", WAIT)
    assert "GMR_b" not in page.inner_text("#stability thead") and "GMR" in page.inner_text("#stability thead")
    assert not page.evaluate("document.body.classList.contains('stale')")
