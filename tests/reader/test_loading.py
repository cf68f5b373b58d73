"""Loading as a reader sees it, in headless Chromium: no layout shift, sized pictures,
no horizontal scrolling, no accessibility violations, on the four kinds of page."""

import pytest

from chromium import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTICLE = "/2024/04/krisenkommunikation-die-erste-stunde-entscheidet/"  # picture, comments
PAGES = {
    "home": "/",
    "article": ARTICLE,
    "author": "/autor/jana-albers/",
    "search": "/suche/?q=Krisenkommunikation",
}
# Every other kind of page (tests/deploy/test_layout_shift.py measures them all on a
# slow connection too).
MORE_PAGES = {
    "article with comment form": "/2024/02/zu-wem-gehoert-der-firmen-account/",
    "interview": "/2025/03/wir-haben-angefangen-bevor-alles-perfekt-war/",
    "sponsored": "/2025/06/redaktionsplanung-fuenf-werkzeuge-im-praxisvergleich/",
    "authors": "/autoren/",
    "category": "/kategorie/social-media/",
    "tag": "/thema/linkedin/",
    "404": "/404.html",
    "share": "/teilen/mastodon/?text=Hallo",
    "archive": "/archiv/",
    "transparency": "/transparenz/",
}
VIEWPORTS = {"desktop": (1280, 800), "mobile": (390, 844)}

# Sums every layout shift not caused by input, as the CLS metric does (one session:
# the page is short-lived here), until the page has been quiet for a while.
MEASURE_CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  document.fonts.ready.then(() => setTimeout(() => resolve(total), 1500));
})"""

UNSIZED_IMAGES = """() => [...document.images]
  .filter(img => !img.getAttribute("width") || !img.getAttribute("height"))
  .map(img => img.currentSrc || img.src)"""


def _open(browser, url: str, viewport: tuple[int, int], scheme: str = "light"):
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        color_scheme=scheme,
        locale="de-DE",
    )
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    if "/suche/" in url:
        tab.wait_for_selector(".search-result", timeout=20_000)
    return context, tab


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", VIEWPORTS)
def test_pages_do_not_shift_while_loading(browser, reader_site, device, scheme):
    base, _site = reader_site
    shifts = {}
    for kind, path in {**PAGES, **MORE_PAGES}.items():
        context, tab = _open(browser, base + path, VIEWPORTS[device], scheme)
        shifts[kind] = tab.evaluate(MEASURE_CLS)
        assert tab.evaluate(UNSIZED_IMAGES) == [], kind
        assert axe_violations(tab) == [], kind
        context.close()
    assert {kind: value for kind, value in shifts.items() if value >= 0.05} == {}, shifts


def test_the_header_picture_is_responsive_and_fetched_first(browser, reader_site):
    base, _site = reader_site
    context, tab = _open(browser, base + ARTICLE, VIEWPORTS["mobile"])
    header = tab.locator(".post-image img")
    assert header.get_attribute("fetchpriority") == "high"
    assert header.get_attribute("loading") is None
    # A 390 px phone at device pixel ratio 1 takes the 360 px WebP, not the 1600 px JPEG.
    chosen = header.evaluate("img => img.currentSrc")
    assert chosen.endswith(".webp") and "-360." in chosen
    # Pictures further down wait until the reader scrolls near them.
    lazy = tab.locator(".post-body img, .bio img")
    assert lazy.count() > 0
    assert all(lazy.nth(i).get_attribute("loading") == "lazy" for i in range(lazy.count()))
    context.close()


@pytest.mark.parametrize("width", [320, 360, 390])
def test_no_horizontal_scrolling_on_phones(browser, reader_site, width):
    base, _site = reader_site
    for kind, path in PAGES.items():
        context, tab = _open(browser, base + path, (width, 740))
        scroll_width = tab.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{kind} is {scroll_width} px wide at {width} px"
        if kind == "search":
            button = tab.locator(".search-form button").bounding_box()
            assert button["x"] + button["width"] <= width
        context.close()
