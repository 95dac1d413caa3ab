"""How long the web app takes, in the browser, from a key press that moves a statement to the page redrawn.

``bench/shape_web_latency.py`` times the server's answer; this script times what a person sees:
headless Chromium opens the Hanoi model (1,152 states), focuses one of the DPRK's preference
statements and presses Alt+↓, then waits for the new analysis to be drawn (the page's generation
counter, then one animation frame). 20 edits after an untimed first; prints the median and the worst.
Needs Playwright and Chromium (``bash .ci/browser-setup``).

    .venv/bin/python bench/shape_web_page_latency.py
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITS = 20
sys.path.insert(0, str(ROOT / "bench"))

from measure import web_api  # noqa: E402  (beside this script)


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    times: list[float] = []
    with web_api(ROOT) as (_, base), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(base.removesuffix("/api") + "/app?model=hanoi-2019")
        page.wait_for_selector('body[data-generation="1"]', state="attached", timeout=60_000)
        for edit in range(EDITS + 1):
            page.locator(f'ol.statements[data-dm="1"] li[data-index="{2 + edit % 4}"]').focus()
            start = time.perf_counter()
            page.keyboard.press("Alt+ArrowDown")
            page.wait_for_selector(f'body[data-generation="{edit + 2}"]', state="attached", timeout=60_000)
            page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
            if edit:
                times.append(time.perf_counter() - start)
        browser.close()
    print(
        f"Hanoi (1,152 states), {EDITS} statements moved in the page, from the key press to the page "
        f"redrawn: median {statistics.median(times) * 1e3:.0f} ms, worst {max(times) * 1e3:.0f} ms"
    )


if __name__ == "__main__":
    main()
