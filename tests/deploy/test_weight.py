"""What a first visit transfers, measured in Chromium through nginx (compression on)."""

import pytest

from chromium import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KIB = 1024
ARTICLE = "/2024/04/krisenkommunikation-die-erste-stunde-entscheidet/"  # header picture

# The page and everything it loads, as transferred (headers and compressed bodies).
TRANSFERRED = """() => new Promise(resolve => setTimeout(() => {
  const [page] = performance.getEntriesByType("navigation");
  const parts = performance.getEntriesByType("resource");
  resolve({total: page.transferSize + parts.reduce((sum, p) => sum + p.transferSize, 0),
           parts: parts.map(p => [p.name, p.transferSize])});
}, 1000))"""


def transferred(server, path: str, width: int, height: int) -> dict:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": height})
        tab = context.new_page()
        tab.goto(f"http://127.0.0.1:{server['port']}{path}", wait_until="load")
        measured = tab.evaluate(TRANSFERRED)
        context.close()
    return measured


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)])
def test_the_home_page_transfers_at_most_60_kib(server, viewport):
    measured = transferred(server, "/", *viewport)
    assert measured["total"] <= 60 * KIB, measured


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)])
def test_an_article_with_its_header_picture_transfers_at_most_150_kib(server, viewport):
    measured = transferred(server, ARTICLE, *viewport)
    assert any(".webp" in name for name, _size in measured["parts"]), measured
    assert measured["total"] <= 150 * KIB, measured
