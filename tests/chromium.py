"""Debian's headless Chromium for the browser tests, started the way this machine needs.

No browser download: Playwright drives Debian's /usr/bin/chromium, or the browser
CHROME_PATH names. Without the background-networking flags Chromium would try to reach
Google's hosts at every start.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, sync_playwright

from publishing.toolchain import chromium_path
from tools import require

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM = str(chromium_path())
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def read_text(element: Locator) -> str:
    """An element's text as a reader reads it: without the titles' soft hyphens.

    The theme sets soft hyphens in narrow titles (cards, headings, search results); a
    reader reads "Krisenkommunikation" whether or not the line broke at one of them.
    """
    return element.inner_text().replace("\u00ad", "")


@contextmanager
def chromium() -> Iterator[Browser]:
    require("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(tab: Page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA rules, run in the page (injected from node_modules)."""
    # Evaluated through the DevTools protocol: the site's Content-Security-Policy lets no
    # inline <script> run, which is what add_script_tag would insert.
    require("axe")
    tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = tab.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


# Chromium's own "Slow 4G" preset (DevTools): 150 ms round trip and 1.6 Mbit/s down,
# 750 kbit/s up, with the factors DevTools applies (latency x 3.75, throughput x 0.9).
SLOW_4G = {
    "offline": False,
    "latency": 150 * 3.75,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
    "uploadThroughput": 750 * 1024 / 8 * 0.9,
}

# Installed before the page's own scripts (the DevTools protocol is not bound by the
# page's Content-Security-Policy): every layout shift not caused by input, with the
# elements that moved, as the CLS metric counts them (summed over the whole visit,
# which is stricter than its worst five-second window).
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push({value: entry.value, at: performance.now(), moved: (entry.sources || [])
      .map(s => s.node && s.node.nodeType === 1
        ? s.node.tagName.toLowerCase() + (s.node.getAttribute("class") ? "." +
            s.node.getAttribute("class").trim().split(/\\s+/).join(".") : "")
        : String(s.node && s.node.nodeName))});
  }
}).observe({type: "layout-shift", buffered: true});
"""

# Scrolls down one screen at a time to the end of the page, as a reader does, so that
# lazy pictures load and anything further down gets its chance to move.
SCROLL_TO_END = """async () => {
  const pause = ms => new Promise(resolve => setTimeout(resolve, ms));
  for (let step = 0; step < 60; step++) {
    const before = window.scrollY;
    window.scrollBy(0, Math.round(window.innerHeight * 0.8));
    await pause(120);
    if (window.scrollY === before) break;
  }
}"""

# Resolves once no shift was recorded for `quiet` ms (at most `limit` ms).
SHIFTS_SETTLED = """async ([quiet, limit]) => {
  const start = performance.now();
  const pause = ms => new Promise(resolve => setTimeout(resolve, ms));
  await document.fonts.ready;
  while (performance.now() - start < limit) {
    const last = window.__shifts.length ? window.__shifts.at(-1).at : 0;
    if (performance.now() - Math.max(last, start) >= quiet) break;
    await pause(100);
  }
  return window.__shifts;
}"""


def throttle(tab: Page, conditions: dict = SLOW_4G) -> None:
    """Chromium's network emulation for ``tab`` (e.g. ``SLOW_4G``)."""
    session = tab.context.new_cdp_session(tab)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", conditions)
