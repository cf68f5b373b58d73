"""Nothing moves while a page loads: every kind of page of the production build, served by
deploy/nginx.conf with the comment intake behind it, on a throttled connection (Chromium's
"Slow 4G") and while the reader scrolls to the end, at four widths, light and dark."""

import pytest

from chromium import RECORD_SHIFTS, SCROLL_TO_END, SHIFTS_SETTLED, chromium, throttle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# One page of every kind a reader (or an editor) opens.
PAGE_KINDS = {
    "home": "/",
    "article": "/2024/04/krisenkommunikation-die-erste-stunde-entscheidet/",
    "article with comment form": "/2024/02/zu-wem-gehoert-der-firmen-account/",
    "interview": "/2025/03/wir-haben-angefangen-bevor-alles-perfekt-war/",
    "sponsored": "/2025/06/redaktionsplanung-fuenf-werkzeuge-im-praxisvergleich/",
    "author": "/autor/jana-albers/",
    "authors": "/autoren/",
    "category": "/kategorie/social-media/",
    "tag": "/thema/linkedin/",
    "search": "/suche/?q=Krisenkommunikation",
    "404": "/gibt-es-nicht/",
    "feed": "/feeds/atom.xml",
    "share": "/teilen/mastodon/?text=Krisenkommunikation%20https%3A%2F%2Fexample.org%2F",
    "moderation log-in": "/kommentare/moderation",
}
WIDTHS = (1280, 768, 390, 320)
LIMIT = 0.05


@pytest.fixture(scope="module")
def browser():
    with chromium() as started:
        yield started


def layout_shifts(browser, url: str, width: int, scheme: str) -> list[dict]:
    """The shifts of one first visit to ``url``: loaded on Slow 4G, then read to the end."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, color_scheme=scheme, locale="de-DE"
    )
    context.add_init_script(RECORD_SHIFTS)
    tab = context.new_page()
    throttle(tab)
    try:
        # The reader scrolls right away: on the search page before the results arrive.
        tab.goto(url, wait_until="load", timeout=60_000)
        tab.evaluate(SCROLL_TO_END)
        # What the scrolling asked for (pictures, search results) arrives, then a quiet second.
        tab.wait_for_load_state("networkidle", timeout=60_000)
        return tab.evaluate(SHIFTS_SETTLED, [1000, 15_000])
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_kind_shifts_on_a_slow_connection_or_while_scrolling(
    browser, server, width, scheme
):
    base = f"http://127.0.0.1:{server['port']}"
    moved = {}
    for kind, path in PAGE_KINDS.items():
        shifts = layout_shifts(browser, base + path, width, scheme)
        total = sum(shift["value"] for shift in shifts)
        if total >= LIMIT:
            moved[kind] = (round(total, 3), [s["moved"] for s in shifts])
    assert moved == {}
