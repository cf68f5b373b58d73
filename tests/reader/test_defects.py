"""The defects readers saw (issue "A newsroom, not a template"), one test each, so that
none can come back: a table that made the page scroll sideways, elements that appeared
after the first paint without room, footer years that differed by page, shrinking
avatars, a bio box too narrow on phones, a short page's footer mid-screen, eager
hyphens in headlines, a focus ring in the colour of an error, an unreadable printout."""

import pytest

from chromium import RECORD_SHIFTS, SCROLL_TO_END, SHIFTS_SETTLED, throttle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SPONSORED = "/2025/06/redaktionsplanung-fuenf-werkzeuge-im-praxisvergleich/"
ARTICLE = "/2024/04/krisenkommunikation-die-erste-stunde-entscheidet/"


def open_page(browser, width: int, height: int = 800, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    return context, context.new_page()


@pytest.mark.parametrize("width", [390, 320])
def test_a_wide_table_scrolls_in_its_own_box_not_the_page(browser, reader_site, width):
    base, _site = reader_site
    context, tab = open_page(browser, width)
    tab.goto(base + SPONSORED)
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    box = tab.locator(".post-body .table-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # it does scroll
    assert box.get_attribute("tabindex") == "0"  # by keyboard too
    assert box.get_attribute("role") == "region" and box.get_attribute("aria-label")
    context.close()


def shifts_on_slow_4g(browser, url: str, width: int, height: int, *, wait: str = "") -> float:
    """CLS of one visit on Chromium's Slow 4G, scrolled to the end at once."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
    context.add_init_script(RECORD_SHIFTS)
    tab = context.new_page()
    throttle(tab)
    tab.goto(url, wait_until="load", timeout=60_000)
    tab.evaluate(SCROLL_TO_END)
    if wait:
        tab.wait_for_selector(wait, timeout=60_000)
    tab.wait_for_load_state("networkidle", timeout=60_000)
    shifts = tab.evaluate(SHIFTS_SETTLED, [1000, 15_000])
    context.close()
    return sum(shift["value"] for shift in shifts)


def test_the_mastodon_share_form_is_there_from_the_first_paint(browser, reader_site, demo_site):
    form = demo_site.html("teilen/mastodon/").select_one("form.mastodon-share")
    assert not form.has_attr("hidden")  # not revealed by a script after the paint
    base, _site = reader_site
    assert shifts_on_slow_4g(browser, base + "/teilen/mastodon/?text=Hallo", 390, 844) < 0.01


def test_search_results_arriving_late_move_nothing(browser, reader_site):
    # The reader scrolls to the end before the results come (Slow 4G): the footer they
    # look at stays where it is.
    base, _site = reader_site
    url = base + "/suche/?q=Krisenkommunikation"
    assert shifts_on_slow_4g(browser, url, 390, 844, wait=".search-result") < 0.01
    assert shifts_on_slow_4g(browser, url, 1280, 800, wait=".search-result") < 0.01


def test_the_footer_years_are_the_sites_not_the_lists(demo_site):
    # Every article of this topic is from 2024; the site publishes since 2023.
    for page in ("thema/employee-advocacy/", "", "impressum/", "autor/lea-sommerfeld/"):
        footer = demo_site.html(page).select_one(".site-footer__copyright").get_text()
        assert footer == "© 2023–2026 Hafenlicht Kommunikation GmbH", page


@pytest.mark.parametrize("width", [1280, 320])
def test_avatars_keep_their_size(browser, reader_site, width):
    base, _site = reader_site
    context, tab = open_page(browser, width)
    tab.goto(base + "/autoren/")
    sizes = tab.evaluate("""[...document.querySelectorAll(".person__picture")]
        .map(img => [img.getBoundingClientRect().width, img.getBoundingClientRect().height])""")
    assert len(sizes) >= 5 and all(size == [72, 72] for size in sizes), sizes
    tab.goto(base + "/autor/jana-albers/")
    assert tab.locator(".profile__picture").bounding_box()["width"] == 160
    context.close()


def test_a_short_pages_footer_reaches_the_bottom(browser, reader_site):
    base, _site = reader_site
    # A window taller than the page (since the footer carries the newsletter form, the
    # 404 page is 1,316 px high at 1280 px): the footer must close the window, no gap.
    context, tab = open_page(browser, 1280, 1600)
    tab.goto(base + "/404.html")
    assert tab.evaluate("document.documentElement.scrollHeight") <= 1600  # no scrolling
    bottom = tab.evaluate("document.querySelector('.site-footer').getBoundingClientRect().bottom")
    assert bottom == pytest.approx(1600, abs=1)
    context.close()


# Per headline: each word that breaks across lines, whether it would have fitted on a
# line of its own (set alone, without breaks, in the headline's font).
BROKEN_WORDS = """() => [...document.querySelectorAll(
    ".card__title a, .teaser__title a, h1.post-title")].flatMap(title => {
  const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[^ \\n]*\\u00ad[^ \\n]*/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.top)));
      if (tops.size < 2) continue;
      const probe = document.createElement("span");
      probe.style.whiteSpace = "nowrap";
      probe.textContent = match[0].replaceAll("\\u00ad", "");
      title.append(probe);
      const width = probe.getBoundingClientRect().width;
      probe.remove();
      const line = title.closest("h1, h2, h3").clientWidth;
      found.push({word: probe.textContent, fits: width <= line});
    }
  }
  return found;
})"""


HEADLINE_PAGES = ("/", "/seite/2/", ARTICLE, SPONSORED, "/kategorie/interne-kommunikation/")


@pytest.mark.parametrize("width", [1280, 768, 390, 320])
def test_headlines_break_a_word_only_where_it_cannot_fit(browser, reader_site, width):
    base, _site = reader_site
    context, tab = open_page(browser, width)
    broken = []
    for path in HEADLINE_PAGES:
        tab.goto(base + path)
        broken += [(path, w["word"]) for w in tab.evaluate(BROKEN_WORDS) if w["fits"]]
    context.close()
    assert broken == []


def test_headlines_are_set_in_lines_of_balanced_length(browser, reader_site):
    base, _site = reader_site
    context, tab = open_page(browser, 390)
    for path in HEADLINE_PAGES:
        tab.goto(base + path)
        wraps = tab.evaluate("""[...document.querySelectorAll("h1, h2, h3")].map(h =>
            (s => s.textWrapStyle || s.textWrap)(getComputedStyle(h)))""")
        assert set(wraps) == {"balance"}, path
    context.close()


def test_the_focus_ring_is_two_tone_in_the_brand_colours(browser, reader_site):
    base, _site = reader_site
    ring = """() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineColor, s.boxShadow]; }"""
    for scheme, inner, outer in (
        ("light", "rgb(244, 211, 94)", "rgb(11, 37, 69)"),
        ("dark", "rgb(13, 22, 38)", "rgb(244, 211, 94)"),
    ):
        context, tab = open_page(browser, 1280, color_scheme=scheme)
        tab.goto(base + "/")
        tab.keyboard.press("Tab")  # the skip link
        tab.keyboard.press("Tab")  # the site's name
        style, color, shadow = tab.evaluate(ring)
        assert (style, color) == ("solid", inner), scheme
        assert shadow.startswith(outer) and "0px 0px 0px 6px" in shadow, scheme
        context.close()


def test_a_printout_has_a_masthead_a_capped_picture_and_lines_of_about_75_characters(
    browser, reader_site
):
    base, _site = reader_site
    context, tab = open_page(browser, 794, 1123)  # A4 at 96 dpi
    tab.goto(base + ARTICLE)
    tab.emulate_media(media="print")
    assert tab.locator(".site-brand__name").is_visible()
    assert (
        not tab.locator(".site-nav").is_visible() and not tab.locator(".site-search").is_visible()
    )
    assert tab.locator(".post-image img").bounding_box()["height"] <= 8 / 2.54 * 96 + 1
    per_line = tab.evaluate("""() => {
        const p = [...document.querySelectorAll(".post-body > p:not([hidden])")]
          .sort((a, b) => b.textContent.length - a.textContent.length)[0];
        const range = document.createRange();
        range.selectNodeContents(p);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        return p.textContent.length / lines; }""")
    assert 65 <= per_line <= 85, per_line
    context.close()
