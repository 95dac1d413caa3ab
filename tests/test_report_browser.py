"""The HTML report in a real browser: headless Chromium, opened from disk, with no network.

Needs Debian's ``chromium`` and Python Playwright (``.ci/browser-setup``
installs both; Playwright's own browser downloads are never used). Set
``STANDOFF_CHROMIUM`` to use another Chromium binary and
``STANDOFF_SCREENSHOTS`` to a directory to keep the screenshots.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import standoff
import standoff.analyses.report as contents
import standoff.interfaces.commands.report as command
from standoff.model.conflict import Conflict, DecisionMaker, OptionSpec
from standoff.model.expressions import pattern
from standoff.model.preferences import Ranking
from standoff.outputs.report import render_report

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CHROMIUM = os.environ.get("STANDOFF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chicken() -> Conflict:
    """Chicken, built in code for when examples/ has no model: swerving (N) or driving straight (Y)."""
    one = DecisionMaker(
        "Driver 1",
        (0,),
        Ranking(((pattern("YN", 2),), (pattern("NN", 2),), (pattern("NY", 2),), (pattern("YY", 2),))),
    )
    two = DecisionMaker(
        "Driver 2",
        (1,),
        Ranking(((pattern("NY", 2),), (pattern("NN", 2),), (pattern("YN", 2),), (pattern("YY", 2),))),
    )
    options = (OptionSpec("straight_1", 0), OptionSpec("straight_2", 1))
    return Conflict("Chicken", options, (one, two), status_quo=pattern("NN", 2))


def small_model() -> Conflict:
    for name in ("prisoners-dilemma", "chicken"):
        path = EXAMPLES / f"{name}.yaml"
        if path.exists():
            return standoff.load(path)
    return chicken()


MODELS = {
    "small": small_model,
    "elmira": lambda: standoff.load(EXAMPLES / "elmira.yaml"),
    "hanoi": lambda: standoff.load(EXAMPLES / "hanoi-2019.yaml"),
}
NEEDS = {"elmira": EXAMPLES / "elmira.yaml", "hanoi": EXAMPLES / "hanoi-2019.yaml"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(  # here, not on import: plain pytest leaves these tests out unreported
        "playwright.sync_api", reason="Python Playwright is not installed (run .ci/browser-setup)"
    )
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (run .ci/browser-setup)")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def screenshot_path(tmp_path: Path, name: str) -> Path:
    keep = os.environ.get("STANDOFF_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"report-{name}.png"


@pytest.mark.parametrize("name", list(MODELS))
def test_the_report_opens_offline_and_draws_the_graph(browser: Any, tmp_path: Path, name: str) -> None:
    if name in NEEDS and not NEEDS[name].exists():
        pytest.skip(f"{NEEDS[name].name} is not in examples/")
    result = MODELS[name]().analyze()
    report = contents.gather(result, "seq")
    page_file = tmp_path / f"{name}.html"
    command.write_atomically(page_file, render_report(report))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    requests: list[str] = []
    problems: list[str] = []

    def block(route: Any) -> None:
        if route.request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(("file:", "data:", "about:")) else requests.append(request.url)
        ),
    )
    page.goto(page_file.resolve().as_uri())
    page.wait_for_load_state("load")

    graph = report.graph
    curves = {(min(m.source, m.target), max(m.source, m.target), m.decision_maker) for m in graph.moves}
    assert page.locator("svg.state-graph").count() == 1
    assert page.locator("svg.state-graph g.state").count() == len(graph.states)
    assert page.locator("svg.state-graph path.move").count() == len(curves)
    drawn_moves = page.eval_on_selector_all(
        "svg.state-graph path.move", "paths => paths.reduce((n, p) => n + Number(p.dataset.moves), 0)"
    )
    assert drawn_moves == len(graph.moves)
    box = page.locator("svg.state-graph").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    if result.status_quo_index is not None and result.status_quo_index in graph.states:
        assert page.locator("svg.state-graph g.state.status-quo").count() == 1

    # Every state box lies inside the drawing (nothing is laid out off the canvas).
    outside = page.eval_on_selector_all(
        "svg.state-graph g.state rect.box",
        """boxes => { const svg = document.querySelector('svg.state-graph').viewBox.baseVal;
                      return boxes.filter(b => { const r = b.getBBox();
                        return r.x < svg.x || r.y < svg.y || r.x + r.width > svg.x + svg.width
                               || r.y + r.height > svg.y + svg.height; }).length; }""",
    )
    assert outside == 0

    # Hovering a state highlights its moves; unticking a decision maker hides its moves.
    first = page.locator("svg.state-graph g.state").first
    first.scroll_into_view_if_needed()
    first.hover()
    assert "focus" in (page.locator("svg.state-graph").get_attribute("class") or "")
    page.mouse.move(0, 0)
    page.locator("input[data-toggle-dm='0']").uncheck()
    hidden = page.eval_on_selector_all(
        "svg.state-graph path.move.dm-0", "paths => paths.every(p => getComputedStyle(p).display === 'none')"
    )
    assert hidden
    page.locator("input[data-toggle-dm='0']").check()

    shot = screenshot_path(tmp_path, name)
    page.locator("#graph").screenshot(path=str(shot))
    assert shot.stat().st_size > 1000
    page.screenshot(path=str(shot.with_name(shot.stem + "-page.png")), full_page=True)

    assert problems == []
    assert requests == []
    context.close()


def test_the_graph_fits_the_page_zooms_pans_and_names_every_named_state(browser: Any, tmp_path: Path) -> None:
    """The Hanoi report's drawing (larger than the page at its natural size) fits the page width; the zoom
    buttons and a drag change what is shown; every named state is drawn, labelled with its name."""
    if not NEEDS["hanoi"].exists():
        pytest.skip("hanoi-2019.yaml is not in examples/")
    result = MODELS["hanoi"]().analyze()
    report = contents.gather(result, "seq")
    page_file = tmp_path / "hanoi.html"
    command.write_atomically(page_file, render_report(report))
    context = browser.new_context(viewport={"width": 1000, "height": 800}, offline=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(page_file.resolve().as_uri())
    page.wait_for_load_state("load")

    svg = page.locator("svg.state-graph")
    natural = float(svg.get_attribute("width") or 0)
    box = svg.bounding_box()
    assert box is not None and natural > 1000 and box["width"] <= 1000
    assert page.evaluate("document.documentElement.scrollWidth") <= 1000

    for named in result.conflict.named_states:
        [s] = [
            k for k in range(result.space.n_states) if named.expression.evaluate(result.codes[k : k + 1])[0]
        ]
        node = page.locator(f"svg.state-graph g#state-{s + 1}")
        assert node.count() == 1, named.name
        if s != result.status_quo_index:
            label = node.locator("text.state-label")
            assert named.name in (label.text_content() or ""), named.name
            # drawn over the arrows that end under it, with a white halo that hides their heads
            halo = label.evaluate("t => [getComputedStyle(t).paintOrder, getComputedStyle(t).stroke]")
            assert halo[0].startswith("stroke") and halo[1] == "rgb(255, 255, 255)", halo

    def view() -> list[float]:
        return [float(v) for v in (svg.get_attribute("viewBox") or "").split()]

    full = view()
    page.locator("[data-zoom='in']").click()
    zoomed = view()
    assert zoomed[2] < full[2] and zoomed[3] < full[3]
    box = svg.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"], 400) / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 150, y - 60, steps=5)
    page.mouse.up()
    panned = view()
    assert panned[0] > zoomed[0] and panned[1] > zoomed[1] and panned[2] == zoomed[2]
    page.locator("[data-zoom='out']").click()
    assert view()[2] > panned[2]
    page.locator("[data-zoom='fit']").click()
    assert view() == full
    page.screenshot(path=str(screenshot_path(tmp_path, "hanoi-zoom")))
    assert problems == []
    context.close()
