"""The web app in a real browser: headless Chromium drives ``standoff serve`` on a free local port.

Opens Hanoi from the start page, reads the equilibria, explains a state, moves a preference
statement (keyboard and drag), sees the table and the graph change, exports the model as YAML and
.gmcr and imports it again unchanged, and downloads the report; no request leaves the machine.

Needs Debian's ``chromium`` and Python Playwright (``.ci/browser-setup`` installs both; Playwright's
own browser downloads are never used). Set ``STANDOFF_CHROMIUM`` to use another Chromium binary and
``STANDOFF_SCREENSHOTS`` to a directory to keep the screenshots.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import standoff
from standoff.analyses.states import state_names
from waiting import wait_until

pytestmark = pytest.mark.browser
SVG = "{http://www.w3.org/2000/svg}"

CHROMIUM = os.environ.get("STANDOFF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def playwright_api() -> Any:
    """Playwright's sync API and Chromium, or a skip saying what to install. Asked for by the fixtures,
    not on import: plain ``pytest`` leaves the browser tests out without reporting them skipped."""
    found = pytest.importorskip(
        "playwright.sync_api", reason="Python Playwright is not installed (run .ci/browser-setup)"
    )
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (run .ci/browser-setup)")
    return found


ROOT = Path(__file__).resolve().parents[1]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT = 60_000  # ms: the first analysis compiles the kernels on a busy machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    pytest.importorskip("fastapi", reason="the web app needs pip install 'standoff[web]'")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "standoff", "serve", "--port", str(port), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(url + "/api/models", timeout=2):
                    break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(
                        process.stderr.read().decode() if process.stderr else "serve failed"
                    ) from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api().sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


class Watched:
    """A page whose requests beyond this server, console errors and page errors are collected."""

    def __init__(self, browser: Any, server: str, tmp_path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        self.outside: list[str] = []
        self.problems: list[str] = []

        def block(route: Any) -> None:
            if route.request.url.startswith((server, "data:", "blob:", "about:")):
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        self.context.route("**/*", block)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        keep = os.environ.get("STANDOFF_SCREENSHOTS")
        self.shots = Path(keep) if keep else tmp_path
        self.shots.mkdir(parents=True, exist_ok=True)

    def analysed(self, generation: int) -> None:
        self.page.wait_for_selector(f'body[data-generation="{generation}"]', state="attached", timeout=WAIT)

    def count(self, concept: str) -> int:
        return int(
            self.page.get_attribute(f'#equilibria-list li[data-concept="{concept}"]', "data-count") or -1
        )

    def graph_equilibria(self) -> int:
        return int(self.page.evaluate("standoff.nodes.get().filter(n => n.equilibrium).length"))

    def shot(self, name: str, selector: str | None = None) -> None:
        path = self.shots / f"web-{name}.png"
        if selector:
            self.page.locator(selector).screenshot(path=str(path))
        else:
            self.page.screenshot(path=str(path))
        assert path.stat().st_size > 1000

    def tab(self, name: str) -> None:
        self.page.click(f"#tab-{name}")
        assert self.page.get_attribute(f"#tab-{name}", "aria-selected") == "true"
        if name == "graph":  # the graph of the latest analysis is asked for when its tab is shown
            wait_until(
                self.page,
                "document.getElementById('graph').dataset.drawn === document.body.dataset.generation",
                timeout=WAIT,
            )


@pytest.fixture
def watched(browser: Any, server: str, tmp_path: Path) -> Iterator[Watched]:
    page = Watched(browser, server, tmp_path)
    yield page
    assert page.outside == []
    assert page.problems == []
    page.context.close()


def test_hanoi_from_the_start_page_to_a_reordered_exported_and_reimported_model(
    watched: Watched, server: str, tmp_path: Path
) -> None:
    page = watched.page
    page.goto(server + "/")
    page.wait_for_selector("a.model-link")
    names = page.eval_on_selector_all("a.model-link", "links => links.map(a => a.dataset.model)")
    assert names[:2] == ["hanoi-2019", "elmira"]
    watched.shot("start")

    page.click('a[data-model="hanoi-2019"]')
    watched.analysed(1)
    hanoi = standoff.load(ROOT / "examples" / "hanoi-2019.yaml").analyze()  # what standoff analyze says
    # the Model tab says whether the status quo and each target are equilibria, and under which concepts
    summary = page.inner_text("#summary")
    assert "= status_quo: an equilibrium under GMR, SMR, SEQ; not under Nash, SIM, SEQ+SIM" in summary
    assert (
        "Target grand_bargain" in summary and "= grand_bargain: an equilibrium under every concept" in summary
    )
    states = hanoi.space.n_states
    assert f"{states:,} feasible states of 2,048" in page.inner_text("#status")
    assert watched.count("seq") == len(hanoi.equilibria["seq"])
    assert watched.count("nash") == len(hanoi.equilibria["nash"])
    watched.shot("editor")

    # the stability table opens on the status quo, the named states and the equilibria; then every
    # state, then the SEQ equilibria; a click explains the status quo
    watched.tab("stability")
    full = hanoi.conflict.analyze()
    focus = {s + 1 for s, _ in state_names(full.conflict, full.space)} | {full.status_quo_index + 1}
    for concept in full.concepts:
        focus |= {int(s) + 1 for s in np.flatnonzero(full.equilibrium_mask(concept))}
    shown = page.eval_on_selector_all(
        "#stability tbody tr", "rows => rows.map((r) => Number(r.dataset.state))"
    )
    assert sorted(shown) == sorted(focus) and len(shown) < states
    page.select_option("#filter-show", "all")
    assert page.locator("#stability tbody tr").count() == states
    page.select_option("#filter-concept", "seq")
    page.select_option("#filter-show", "stable")
    assert page.locator("#stability tbody tr").count() == len(hanoi.equilibria["seq"])
    page.click('#stability tbody tr[data-state="187"]')
    page.wait_for_selector("#explanation-body ul.sentences li")
    words = page.inner_text("#explanation-body")
    assert "DPRK would prefer to take the new way (resume testing)" in words  # the option's label
    assert "stable for every decision maker" in words
    # and the picture standoff explain --format svg draws, as an SVG in the page
    drawn = page.locator("#explanation-body figure.why-picture svg")
    assert drawn.count() == 1
    picture = " ".join(drawn.locator("text").all_text_contents())
    assert "United States: resume the large exercises" in picture and "status_quo" in picture
    watched.shot("stability")
    # the full-size picture opens on its own: the same drawing
    with page.expect_popup() as opened:
        page.click("#explanation-body figure.why-picture figcaption a")
    alone = opened.value
    alone.wait_for_load_state()
    assert alone.url.startswith("blob:")
    assert " ".join(alone.locator("text").all_text_contents()) == picture
    alone.locator("svg").screenshot(path=str(watched.shots / "web-why.png"))
    alone.close()

    # the graph opens on the focused view: the status quo, its improvements and the sanctions that
    # answer them (with their words), the named states and the paths traced; and it says so
    watched.tab("graph")
    assert "its improvements and the sanctions that answer them" in page.inner_text("#graph-focus")
    focused = sorted(page.evaluate("standoff.nodes.getIds()"))
    assert 187 in focused and len(focused) <= 40
    why = standoff.load(ROOT / "examples" / "hanoi-2019.yaml").explain("status_quo")
    for part in why.decision_makers:
        for item in part.improvements:
            assert item.improvement_index + 1 in focused
            for _, sanction in item.sanctions:
                assert sanction is not None and sanction.state in focused
    # the sanction in words on its arrow, written after the boxes and arrowheads (not as vis-network's
    # edge labels, which they cover)
    captions = page.evaluate("standoff.edges.get().map((e) => e.caption).filter(Boolean)")
    assert "United States: resume the large exercises" in [c.replace("\n", " ") for c in captions]
    assert all(len(line) <= 34 or " " not in line for c in captions for line in c.split("\n"))
    assert page.evaluate("standoff.edges.get().filter((e) => e.label).length") == 0
    wait_until(page, f"document.getElementById('graph').dataset.captions === '{len(captions)}'", WAIT)
    before_graph = watched.graph_equilibria()
    watched.shot("graph")
    # the wheel over the graph zooms it and leaves the page where it is (the page itself can scroll)
    assert page.evaluate("document.scrollingElement.scrollHeight > window.innerHeight")
    frame = page.locator("#graph").bounding_box()
    scale = page.evaluate("standoff.network.getScale()")
    page.mouse.move(frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 3)
    page.wait_for_timeout(200)
    scrolled = page.evaluate("window.scrollY")
    page.mouse.wheel(0, -300)
    wait_until(page, f"standoff.network.getScale() !== {scale}", WAIT)
    page.wait_for_timeout(200)
    assert page.evaluate("window.scrollY") == scrolled
    # it grows on demand: a double-click adds a state's neighbours; a choice draws all within N moves,
    # its count said before drawing
    drawn = page.get_attribute("#graph", "data-drawn")
    # the network's own double-click event on the status quo (as a double click on its box sends it)
    page.evaluate("standoff.network.body.emitter.emit('doubleClick', { nodes: [187], edges: [] })")
    wait_until(page, f"standoff.nodes.length > {len(focused)}", WAIT)
    assert "the neighbours of state 187" in page.inner_text("#graph-focus")
    hanoi_result = standoff.load(ROOT / "examples" / "hanoi-2019.yaml").analyze("seq")
    from standoff.analyses.report import neighbourhood

    neighbours = {s + 1 for s in neighbourhood(hanoi_result, 186, 1)}
    assert neighbours <= set(page.evaluate("standoff.nodes.getIds()"))
    assert page.get_attribute("#graph", "data-drawn") == drawn  # the same analysis, grown
    within = page.eval_on_selector_all("#graph-view option", "options => options.map((o) => o.textContent)")
    assert within[0] == "the focused view" and within[1].startswith("all states within 1 move (")
    one_move = int(within[1].split("(")[1].split(" ")[0].replace(",", ""))
    assert one_move == len(neighbours)
    page.select_option("#graph-view", "1")
    wait_until(
        page, "document.getElementById('graph-focus').innerText.includes('the states within 1 move of')", WAIT
    )
    assert neighbours <= set(page.evaluate("standoff.nodes.getIds()"))  # with the named states and paths
    page.select_option("#graph-view", "")
    wait_until(page, f"standoff.nodes.length === {len(focused)}", WAIT)

    # move the DPRK's fifth statement down with the keyboard: the page analyses the model as the library
    # analyses the text it writes, and fewer states are SEQ equilibria
    watched.tab("model")
    source_before = page.input_value("#source")
    statement = page.locator('ol.statements[data-dm="1"] li[data-index="4"]')
    moved_text = statement.locator("code").inner_text()
    statement.focus()
    page.keyboard.press("Alt+ArrowDown")
    watched.analysed(2)
    moved = standoff.loads(page.input_value("#source")).analyze("seq").equilibria["seq"]
    assert watched.count("seq") == len(moved) < len(hanoi.equilibria["seq"])
    assert page.locator('ol.statements[data-dm="1"] li[data-index="5"] code').inner_text() == moved_text
    assert page.evaluate("document.activeElement.dataset.index") == "5"  # focus follows the statement
    assert page.input_value("#source") != source_before
    watched.tab("stability")
    assert page.locator("#stability tbody tr").count() == len(moved)
    watched.tab("graph")
    assert watched.graph_equilibria() != before_graph
    watched.tab("model")

    # drag the United States' third statement onto the fourth place
    third = page.locator('ol.statements[data-dm="0"] li[data-index="2"] code').inner_text()
    page.drag_and_drop(
        'ol.statements[data-dm="0"] li[data-index="2"]', 'ol.statements[data-dm="0"] li[data-index="3"]'
    )
    watched.analysed(3)
    assert page.locator('ol.statements[data-dm="0"] li[data-index="3"] code').inner_text() == third
    watched.shot("reordered")

    # add a statement to the DPRK's list, then remove it again: the model is as it was
    text = page.input_value("#source")
    page.fill("#add-statement-1", "not new_way")
    page.click("#add-statement-1 + button")
    watched.analysed(4)
    last = page.locator('ol.statements[data-dm="1"] li code').last
    assert last.inner_text() == "not new_way"
    assert "not new_way" in page.input_value("#source")
    page.click('ol.statements[data-dm="1"] li:last-child button[aria-label^="Remove"]')
    watched.analysed(5)
    assert page.input_value("#source") == text
    counts = {c: watched.count(c) for c in ("nash", "gmr", "smr", "seq", "sim", "seqsim")}

    # export as YAML and as .gmcr, then import each again: the same model, the same answers
    with page.expect_download() as download:
        page.click("#export-yaml")
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.name == "hanoi-2019.yaml"
    assert exported.read_text() == page.input_value("#source")
    with page.expect_download() as download:
        page.click("#export-gmcr")
    gmcr = tmp_path / download.value.suggested_filename
    download.value.save_as(gmcr)
    assert gmcr.suffix == ".gmcr"

    page.set_input_files("#import-file", str(exported))
    watched.analysed(6)
    assert page.input_value("#source") == exported.read_text()
    assert {c: watched.count(c) for c in counts} == counts
    page.set_input_files("#import-file", str(gmcr))
    watched.analysed(7)
    assert {c: watched.count(c) for c in counts} == counts

    with page.expect_download() as download:
        page.click("#download-report")
    report = tmp_path / "report.html"
    download.value.save_as(report)
    assert report.read_text().startswith("<!DOCTYPE html>")


def test_a_typing_mistake_is_shown_with_its_line_and_the_fix_brings_the_analysis_back(
    watched: Watched, server: str
) -> None:
    page = watched.page
    page.goto(server + "/app?model=elmira")
    watched.analysed(1)
    text = page.input_value("#source")
    page.click('#edit-mode button[data-mode="text"]')
    page.fill("#source", text.replace("decision_makers:", "decision_makers: 3\nx:", 1))
    page.wait_for_selector("#problems li", timeout=WAIT)
    assert "line" in page.inner_text("#problems")
    assert "problem" in page.inner_text("#status")
    page.fill("#source", text)
    watched.analysed(2)
    assert "Elmira" in page.inner_text("#model-title")
    # the malformed text is answered with 422 and its problems, as the API promises; Chromium may
    # log that answer as a failed resource, which is no fault of the page
    expected = [p for p in watched.problems if "status of 422" in p]
    assert len(expected) <= 1
    watched.problems[:] = [p for p in watched.problems if p not in expected]
    watched.tab("graph")
    assert "Every one of the" in page.inner_text("#graph-focus")
    page.click("#graph-fit")
    watched.shot("graph-elmira", "#panel-graph")
    # the explanation and a roadmap on Elmira too, each with its picture
    watched.tab("stability")
    page.click('#stability tbody tr[data-state="1"]')
    page.wait_for_selector("#explanation-body figure.why-picture svg", timeout=WAIT)
    drawn = " ".join(page.locator("#explanation-body figure.why-picture svg text").all_text_contents())
    assert drawn.startswith("Why state 1 = textbook_1 is")
    watched.shot("why-elmira", "#explanation-body")
    watched.tab("evolution")
    page.fill("#roadmap-to", "textbook_5")
    page.click("#roadmap-run")
    page.wait_for_selector("#roadmap-out figure.why-picture svg", timeout=WAIT)
    found = standoff.load(ROOT / "examples" / "elmira.yaml").roadmap(to="textbook_5")
    title = page.locator("#roadmap-out figure.why-picture svg title").first.text_content()
    assert title == ET.fromstring(found.to_svg()).findtext(f"{SVG}title")
    watched.shot("roadmap-elmira", "#roadmap-out")


def test_the_tabs_and_the_table_work_from_the_keyboard(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "/app?model=elmira")
    watched.analysed(1)
    page.focus("#tab-model")
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#tab-stability", "aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "tab-stability"
    row = page.locator("#stability tbody tr").first
    row.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#explanation-body ul.sentences li", timeout=WAIT)
    # every control has a name people and screen readers can use
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea, button')].filter(el => {
             if (el.type === 'hidden') return false;
             const label = el.labels && el.labels.length ? el.labels[0].innerText.trim() : '';
             return !(label || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
                      || (el.tagName === 'BUTTON' && el.innerText.trim()));
           }).map(el => el.outerHTML.slice(0, 80))"""
    )
    assert unnamed == []


def test_evolution_runs_in_the_background_and_shows_where_the_status_quo_leads(
    watched: Watched, server: str
) -> None:
    page = watched.page
    page.goto(server + "/app?model=hanoi-2019")
    watched.analysed(1)
    watched.tab("evolution")
    page.click("#evolve-run")
    page.wait_for_selector("#evolve-out pre", state="attached", timeout=WAIT)
    summary = page.inner_text("#evolve-out") + page.text_content("#evolve-out pre")
    # the new way with and without the Sohae stand rebuilt, then the US resumes the exercises
    assert "5 states reachable" in summary and "853" in summary and "829" in summary
    hanoi = standoff.load(ROOT / "examples" / "hanoi-2019.yaml")

    def picture(box: str) -> str:
        return " ".join(page.locator(f"{box} figure.why-picture svg text").all_text_contents())

    assert picture("#evolve-out") == " ".join(
        t.text or "" for t in ET.fromstring(hanoi.evolve().to_svg()).iter(f"{SVG}text")
    )
    page.fill("#roadmap-to", "grand_bargain")
    page.click("#roadmap-run")
    page.wait_for_selector("#roadmap-out pre, #roadmap-out .problem", state="attached", timeout=WAIT)
    assert "No roadmap" in page.text_content("#roadmap-out pre")  # one option per step: no roadmap
    assert "✗ not an improvement for" in picture("#roadmap-out")  # the failing steps, drawn with why
    # two options per step, as the form offers: one joint step, drawn
    page.fill("#roadmap-step-size", "2")
    page.click("#roadmap-run")
    wait_until(page, "document.querySelector('#roadmap-out pre')?.textContent.includes('Found:')", WAIT)
    (step,) = hanoi.roadmap(to="grand_bargain", step_size=2).roadmaps[0]
    assert "dismantle Yongbyon and dismantle the other sites" in picture("#roadmap-out")
    assert f"state {step.target}" in picture("#roadmap-out")
    watched.shot("evolution")
    page.fill("#whatif-make", "grand_bargain")
    page.click("#whatif-run")
    page.wait_for_selector("#whatif-out pre", timeout=WAIT)
    page.click("#timeline-run")
    page.wait_for_selector("#timeline-out pre", timeout=WAIT)
    assert "2019" in page.inner_text("#timeline-out")


def test_a_large_model_opens_with_its_summary_and_the_table_pages_through(
    watched: Watched, server: str, tmp_path: Path
) -> None:
    """A model of 49,152 states: the page gets the summary and 100 rows at a time from the server."""
    import json

    from typer.testing import CliRunner

    from standoff.interfaces import cli
    from strategies import large_model_yaml

    path = tmp_path / "large.yaml"
    path.write_text(large_model_yaml(16))
    cli._register_commands()
    printed = CliRunner().invoke(cli.app, ["analyze", str(path), "--format", "json", "--quiet"])
    expected = json.loads(printed.stdout)
    page = watched.page
    page.goto(server + "/app?model=elmira")
    watched.analysed(1)
    page.set_input_files("#import-file", str(path))
    watched.analysed(2)
    assert "49,152 feasible states of 65,536" in page.inner_text("#status")
    for concept, patterns in expected["equilibria"].items():
        assert watched.count(concept) == len(patterns)
    watched.tab("stability")
    # first the status quo, the named states and the equilibria (as the command's JSON says them)
    focus = [
        s["number"]
        for s in expected["states"]
        if s["name"]
        or s["pattern"] == expected.get("status_quo")
        or any(all(v[c] for v in s["stable"].values()) for c in expected["concepts"])
    ]
    page.wait_for_selector(f'body[data-table-page="0/{len(focus)}"]', state="attached", timeout=WAIT)
    shown = page.eval_on_selector_all("#stability tbody tr", "rows => rows.map(r => Number(r.dataset.state))")
    assert shown == focus[:100]
    page.select_option("#filter-show", "all")
    page.wait_for_selector('body[data-table-page="0/49152"]', state="attached", timeout=WAIT)
    assert "more than 10,000 states" in page.inner_text("#table-count")
    numbers = page.eval_on_selector_all(
        "#stability tbody tr", "rows => rows.map(r => Number(r.dataset.state))"
    )
    assert numbers == list(range(1, 101))
    page.click("#page-next")
    page.wait_for_selector('body[data-table-page="100/49152"]', state="attached", timeout=WAIT)
    first = page.locator("#stability tbody tr").first
    assert first.get_attribute("data-state") == "101"
    cells = first.locator("td").all_inner_texts()
    row = expected["states"][100]
    assert cells[2] == row["pattern"]
    assert cells[3:] == [
        "✓" if all(v[c] for v in row["stable"].values()) else "·" for c in expected["concepts"]
    ]
    # the SEQ equilibria, a page at a time: the command's, in its order
    page.select_option("#filter-concept", "seq")
    page.select_option("#filter-show", "stable")
    seq = [s["number"] for s in expected["states"] if s["pattern"] in set(expected["equilibria"]["seq"])]
    page.wait_for_selector(f'body[data-table-page="0/{len(seq)}"]', state="attached", timeout=WAIT)
    page.click("#page-next")
    page.wait_for_selector(f'body[data-table-page="100/{len(seq)}"]', state="attached", timeout=WAIT)
    numbers = page.eval_on_selector_all(
        "#stability tbody tr", "rows => rows.map(r => Number(r.dataset.state))"
    )
    assert numbers == seq[100:200]
    watched.shot("large-table")
    page.select_option("#filter-show", "all")
    page.fill("#filter-text", "deal")
    page.wait_for_selector('body[data-table-page="0/1"]', state="attached", timeout=WAIT)
    assert page.locator("#stability tbody tr").first.locator("td").nth(1).inner_text() == "deal"
    watched.tab("graph")
    assert "more than the graph shows" in page.inner_text("#graph-focus")
    # two edits while the first is read: one reading at a time, and the page ends on the last edit
    watched.tab("model")
    text = page.input_value("#source")
    page.click('#edit-mode button[data-mode="text"]')
    page.fill("#source", text.replace("name: Large 16-option conflict", "name: Edited once", 1))
    page.wait_for_timeout(400)
    page.fill("#source", text.replace("name: Large 16-option conflict", "name: Edited twice", 1))
    wait_until(page, "document.getElementById('model-title').innerText === 'Edited twice'", timeout=WAIT)
    assert page.evaluate("standoff.generation") in (
        3,
        4,
    )  # the first edit shown too, if read before the second
    assert "49,152 feasible states" in page.inner_text("#status")


def command_json(*args: str) -> Any:
    import json

    return json.loads(command_text(*args, "--format", "json"))


def command_text(*args: str) -> str:
    from typer.testing import CliRunner

    from standoff.interfaces import cli

    cli._register_commands()
    printed = CliRunner().invoke(cli.app, [*args, "--quiet"], env={"COLUMNS": "1000"})
    assert printed.exit_code == 0, printed.stderr
    return printed.stdout


def test_robustness_of_hanoi_shows_what_the_command_says(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "/app?model=hanoi-2019")
    watched.analysed(1)
    watched.tab("robust")
    page.select_option("#robust-concept", "seq")
    page.click("#robust-run")
    page.wait_for_selector("#robust-shares", timeout=5 * WAIT)
    expected = command_json(
        "robustness", str(ROOT / "examples" / "hanoi-2019.yaml"), "--concepts", "seq", "-j", "1"
    )
    words = page.inner_text("#robust-out")
    sampled = (
        f"a random sample of {expected['variants']:,} of the {expected['admissible']:,} distinct readings"
    )
    assert f"{len(expected['calls'])} judgement calls; analysed {sampled}" in words
    calls = page.eval_on_selector_all("#robust-calls tbody tr", "rows => rows.map(r => r.cells[2].innerText)")
    # a structural call (an option's direction, a condition) is named with its kind
    assert calls == [
        c["text"] if c["kind"] == "preference" else f"{c['kind']}: {c['text']}" for c in expected["calls"]
    ]
    assert {c["kind"] for c in expected["calls"]} == {"preference", "direction"}
    shares = page.eval_on_selector_all(
        "#robust-shares tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText))"
    )
    by_number = {s["number"]: s for s in expected["states"]}
    followed = list(dict.fromkeys(e["number"] for e in expected["decisive"]))
    assert [int(row[0]) for row in shares] == followed

    def percent(share: float) -> str:
        return f"{share * 100:.0f}%" if share in (0, 1) else f"{share * 100:.1f}%"

    for row in shares:
        assert row[3] == percent(by_number[int(row[0])]["frequency"]["seq"])
    # the status quo first, with the share of the readings in which it holds under SEQ
    quo = expected["decisive"][0]
    assert quo["name"] == "status_quo" and 0 < quo["frequency"] < 1
    assert shares[0][:4] == [str(quo["number"]), quo["pattern"], "status_quo", percent(quo["frequency"])]
    # each state's verdict line, and the status quo's lines below it, word for word as the command's
    said = command_text(
        "robustness", str(ROOT / "examples" / "hanoi-2019.yaml"), "--concepts", "seq", "-j", "1"
    )
    verdicts = [line.removeprefix("• ") for line in said.splitlines() if line.startswith("• ")]
    states = page.eval_on_selector_all("#robust-verdicts > li > span", "items => items.map(i => i.innerText)")
    assert states == verdicts and len(states) == len(followed)
    assert states[0] == f"status_quo (state {quo['number']}): in some under SEQ."
    first = page.eval_on_selector_all(
        "#robust-verdicts > li:first-child > ul > li > span", "items => items.map(i => i.innerText)"
    )
    decided = "; ".join(f"{c['decision_maker']}: '{c['text']}'" for c in quo["calls"])
    assert first == [
        f"SEQ: decided by the calls {decided}; an equilibrium in {percent(quo['frequency'])} of the readings."
    ]
    assert f"    {first[0]}" in said.splitlines()
    cases = page.eval_on_selector_all(
        "#robust-verdicts > li:first-child > ul > li > ul > li", "items => items.map(i => i.innerText)"
    )
    assert len(cases) == len(quo["cases"]) > 1
    for shown, case in zip(cases, quo["cases"], strict=True):
        verdict = "an equilibrium" if case["equilibrium"] else "not an equilibrium"
        assert shown.endswith(f": {verdict} ({case['variants']} readings)"), shown
        assert f"      {shown}" in said.splitlines()
    # and the chart standoff robustness --format svg draws, each bar's share in words
    chart = page.locator("#robust-out figure.why-picture svg.robustness-chart")
    assert chart.count() == 1
    drawn = " ".join(chart.locator("text").all_text_contents())
    assert f"{percent(quo['frequency'])} (in some)" in drawn and decided.split(";")[0] in drawn
    page.evaluate("window.scrollTo(0, 0)")
    watched.shot("robustness")


def test_coalitions_of_elmira_shows_what_the_command_says(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "/app?model=elmira")
    watched.analysed(1)
    watched.tab("robust")
    page.click("#coalitions-run")
    page.wait_for_selector("#coalition-equilibria", timeout=WAIT)
    expected = command_json("coalitions", str(ROOT / "examples" / "elmira.yaml"), "--equilibria-only")
    assert "7 coalitions analysed: MoE, Uniroyal, Local, MoE+Uniroyal" in page.inner_text("#coalitions-out")
    rows = page.eval_on_selector_all(
        "#coalition-equilibria tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText))"
    )
    assert rows == [
        [
            {"cnash": "CNash", "cgmr": "CGMR", "csmr": "CSMR", "cseq": "CSEQ"}[c],
            str(len(expected["individual_equilibria"][c])),
            str(len(expected["equilibria"][c])),
            str(len(expected["upsets"][c])),
        ]
        for c in expected["concepts"]
    ]
    assert rows[0] == ["CNash", "6", "5", "1"]  # MoE+Uniroyal upset state 7 (textbook state 5)
    for concept, upsets in expected["upsets"].items():
        shown = page.eval_on_selector_all(
            f'#coalitions-out ul[data-concept="{concept}"] li', "items => items.map(i => i.innerText)"
        )
        assert shown == [u["words"] for u in upsets]
    page.select_option("#coalitions-concept", "cseq")
    page.fill("#coalitions-groups", "MoE+Local")
    page.click("#coalitions-run")
    wait_until(
        page,
        "document.querySelector('#coalitions-out .headline')?.innerText"
        " === '1 coalition analysed: MoE+Local.'",
        timeout=WAIT,
    )
    watched.shot("coalitions", "#panel-robust")


def test_a_profile_in_the_model_shows_its_equilibria_in_the_stability_answer(
    watched: Watched, server: str
) -> None:
    profile = {"MoE": "seq", "Uniroyal": "nash", "Local": "gmr"}
    expected = standoff.load(ROOT / "examples" / "elmira.yaml").analyze("nash", profile=profile).profile
    assert expected is not None
    page = watched.page
    page.goto(server + "/app?model=elmira")
    watched.analysed(1)
    assert page.locator('#equilibria-list li[data-concept="profile"]').count() == 0
    page.click('#edit-mode button[data-mode="text"]')
    added = "".join(f"  {dm}: {concept}\n" for dm, concept in profile.items())
    page.fill("#source", page.input_value("#source") + "\nprofile:\n" + added)
    watched.analysed(2)
    assert watched.count("profile") == len(expected.equilibria)
    item = page.inner_text('#equilibria-list li[data-concept="profile"]')
    assert "MoE: SEQ, Uniroyal: Nash, Local: GMR" in item
    listed = item.split(" states: ", 1)[1].split(", … ")[0].split(", ")
    assert [int(entry.split()[0]) for entry in listed] == [s.number for s in expected.equilibria[:6]]
