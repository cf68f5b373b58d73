"""The front page and the lists as a reader sees them in Chromium: a lead, cards with a
16:9 picture, three lines of summary and one line of meta, rows without a lonely card."""

import pytest
from playwright.sync_api import expect

from chromium import SCROLL_TO_END, read_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LISTS = ("/", "/seite/2/", "/kategorie/social-media/", "/thema/linkedin/", "/autor/jana-albers/")
WIDTHS = {1280: 3, 1024: 3, 768: 2, 390: 1, 320: 1}

# Per grid and per row (a distinct top edge): the items that cover that row (the lead
# covers two at three columns) and how wide each of them is, with the grid's width.
ROWS = """() => [...document.querySelectorAll(".card-grid")].map(grid => {
  const box = grid.getBoundingClientRect();
  const items = [...grid.children].map(el => el.getBoundingClientRect());
  const tops = [...new Set(items.map(r => Math.round(r.top)))];
  return {width: box.width, rows: tops.map(top => items
    .filter(r => Math.round(r.top) <= top && r.bottom > top + 1)
    .map(r => Math.round(r.width)))};
})"""

# Each card's picture box, summary and meta line: sizes and line heights.
CARDS = """() => [...document.querySelectorAll(".card")].map(card => {
  const picture = card.querySelector(".card__picture").getBoundingClientRect();
  const lines = el => el ? el.getBoundingClientRect().height
    / parseFloat(getComputedStyle(el).lineHeight) : 0;
  const summary = card.querySelector(".card__summary");
  return {lead: card.classList.contains("lead"),
          ratio: picture.width / picture.height,
          summaryLines: summary && getComputedStyle(summary).display !== "none"
            ? lines(summary) : 0,
          metaLines: lines(card.querySelector(".card__meta")),
          // The date and the number of comments end inside the line (the names may be cut).
          metaCut: [...card.querySelectorAll(".card__meta time, .card__meta .comment-count")]
            .some(el => el.getBoundingClientRect().right
              > card.querySelector(".card__meta").getBoundingClientRect().right + 0.5),
          title: card.querySelector(".card__title").textContent.trim()};
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_card_stands_alone_in_its_row(browser, reader_site, width):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    lonely = {}
    for path in LISTS:
        tab.goto(base + path)
        for grid in tab.evaluate(ROWS):
            for row in grid["rows"]:
                if len(row) == 1 and row[0] < grid["width"] - 2 and WIDTHS[width] > 1:
                    lonely.setdefault(path, []).append(row)
    context.close()
    assert lonely == {}


@pytest.mark.parametrize("width", [1280, 768, 320])
def test_cards_have_a_16_9_picture_three_lines_of_summary_and_one_of_meta(
    browser, reader_site, width
):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    for path in ("/", "/thema/linkedin/"):
        tab.goto(base + path)
        cards = tab.evaluate(CARDS)
        assert cards, path
        for card in cards:
            assert abs(card["ratio"] - 16 / 9) < 0.02, (path, card)
            assert card["metaLines"] < 1.5 or card["lead"], (path, card)
            assert not card["metaCut"], (path, card)
            assert card["summaryLines"] < 3.2 or card["lead"], (path, card)
        # Summaries long enough for more than three lines are cut at three.
        assert any(2.8 < card["summaryLines"] < 3.2 for card in cards if not card["lead"])
    context.close()


def test_the_newest_or_featured_article_leads_page_one_of_home_and_categories(browser, reader_site):
    base, site = reader_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(base + "/")
    lead = tab.locator(".card-grid > .lead")
    assert lead.count() == 1
    # The demo features its newsletter comparison (Featured: yes), not the newest.
    assert read_text(lead.locator(".card__title")).startswith("Eigener Newsletter")
    assert lead.locator("img").get_attribute("fetchpriority") == "high"
    box, beside = lead.bounding_box(), tab.locator(".card-grid > .card").nth(1).bounding_box()
    assert box["width"] > 1.9 * beside["width"]  # two columns of three
    assert tab.locator(".card-grid > .card").count() == 12
    tab.goto(base + "/seite/2/")
    assert tab.locator(".lead").count() == 0
    tab.goto(base + "/kategorie/social-media/")
    assert read_text(tab.locator(".card-grid > .lead .card__title")).startswith("Mastodon")
    topics = tab.locator(".section-head .topic-list a").all_inner_texts()
    assert "LinkedIn" in topics
    context.close()
    home = site.html("")
    assert [a.get_text() for a in home.select(".card__title a")].count(
        "Eigener Newsletter oder LinkedIn-Newsletter?"
    ) == 1


def test_pictures_below_the_first_screen_wait_for_the_reader(browser, reader_site):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(base + "/", wait_until="networkidle")
    shown = tab.evaluate("document.querySelectorAll('.card-grid img').length")
    assert 1 < shown < 6  # the lead and what stands beside it
    tab.evaluate(SCROLL_TO_END)
    expect(tab.locator(".card-grid img")).to_have_count(12, timeout=15_000)
    context.close()
    # Without JavaScript the browser's own lazy loading shows them all.
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, java_script_enabled=False
    )
    tab = context.new_page()
    tab.goto(base + "/")
    assert tab.locator(".card-grid img").count() == 12
    context.close()
