"""Every page of the demo site, not a sample: on a 320 px phone nothing scrolls sideways."""

import pytest

from chromium import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# What sticks out to the right, for the message: the deepest elements wider than the page.
WIDER_THAN_THE_PAGE = """(width) => [...document.querySelectorAll("body *")]
  .filter(el => el.getBoundingClientRect().right > width + 0.5
    && ![...el.children].some(child => child.getBoundingClientRect().right > width + 0.5))
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : "")
    + " " + Math.round(el.getBoundingClientRect().right) + " px")"""


def site_paths(site) -> list[str]:
    """The address of every HTML page the build wrote, plus the site's feeds (a reader
    who clicks "Feed abonnieren" sees them as a page)."""
    paths = []
    for page in site.pages():
        relative = page.relative_to(site.output).as_posix()
        paths.append("/" + relative.removesuffix("index.html"))
    return [*paths, "/feeds/atom.xml", "/feeds/rss.xml", "/suche/?q=Krisenkommunikation"]


def test_no_page_of_the_demo_scrolls_sideways_at_320_px(reader_site):
    base, site = reader_site
    paths = site_paths(site)
    assert len(paths) > 50  # every page, not a sample
    wide = {}
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 320, "height": 640}, locale="de-DE")
        tab = context.new_page()
        for path in paths:
            tab.goto(base + path, wait_until="load")
            if "?q=" in path:
                tab.wait_for_selector(".search-result", timeout=20_000)
            if tab.evaluate("document.documentElement.scrollWidth") > 320:
                wide[path] = tab.evaluate(WIDER_THAN_THE_PAGE, 320)
        context.close()
    assert wide == {}
