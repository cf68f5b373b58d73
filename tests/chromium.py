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
