"""Layout and typography as a reader sees them: hyphenation, navigation, search results,
print, paid links, labels of people without gendered forms."""

import pytest

from chromium import read_text
from conftest import build_site, copy_fixture
from typesetting.links import mark_sponsored

ARTICLE = "/2024/04/krisenkommunikation-die-erste-stunde-entscheidet/"
TWO_AUTHORS = "/2024/06/mitarbeitende-als-markenbotschafter-chancen-und-grenzen/"


def test_links_to_other_hosts_are_marked_sponsored():
    html = mark_sponsored(
        '<a href="https://shop.example/x">Shop</a> <a href="https://blog.example/y">wir</a>'
        ' <a href="/z">intern</a> <a rel="nofollow" href="https://b.example">B</a>',
        "blog.example",
    )
    assert '<a href="https://shop.example/x" rel="sponsored">' in html
    assert '<a href="https://blog.example/y">' in html and '<a href="/z">' in html
    assert '<a rel="nofollow sponsored" href="https://b.example">' in html


def test_a_sponsored_articles_cta_and_outgoing_links_carry_rel_sponsored(tmp_path):
    project = copy_fixture("basic", tmp_path)
    (project / "content" / "2025" / "anzeige.md").write_text(
        "Title: Werkzeuge im Vergleich\nDate: 2025-04-01\nAuthor: Jana Albers\n"
        "Category: Social Media\nSummary: Ein Vergleich.\nDisclosure: sponsored\n"
        "CTA: Jetzt testen\nCTA-URL: https://werkzeug.example/test\n\n"
        "Mehr beim [Anbieter](https://werkzeug.example/) und in unserem "
        "[Archiv]({filename}/2024/zu-wem-gehoert.md).\n",
        encoding="utf-8",
    )
    site = build_site(project)
    assert site.ok, site.stopped
    page = site.html("2025/04/werkzeuge-im-vergleich/")
    assert page.select_one(".cta__link")["rel"] == ["sponsored"]
    body = page.select_one(".post-body")
    assert body.find("a", string="Anbieter")["rel"] == ["sponsored"]
    assert not body.find("a", string="Archiv").get("rel")
    other = (
        site.html("2024/02/zu-wem-gehoert/") if site.output.joinpath("2024/02").is_dir() else None
    )
    if other is not None:
        assert not other.select('a[rel~="sponsored"]')


def test_the_home_intro_does_not_repeat_the_tagline(demo_site):
    main = demo_site.html("").select_one("main")
    assert demo_site.settings["SITESUBTITLE"] not in main.get_text()


def test_an_author_page_names_the_persons_place_not_a_gendered_form(demo_site):
    # Profiles say nothing of gender: the kicker says where the person belongs.
    author = demo_site.html("autor/jana-albers/")
    assert author.select_one(".intro__kicker").get_text(strip=True) == "Unser Team"
    page = demo_site.read("autor/jana-albers/")
    assert "Autor·in" not in page and "Autorin/Autor" not in page


def test_titles_hyphenate_in_german_and_search_reads_the_text_only(demo_site):
    assert demo_site.html("").select_one("html")["lang"] == "de"  # for hyphens: auto
    css = next(demo_site.output.glob("theme/css/site.*.css")).read_text(encoding="utf-8")
    assert "hyphens: auto" in css
    article = demo_site.html(ARTICLE)
    assert article.select_one(".post-header").get("data-pagefind-body") is None
    assert article.select_one("h1").get("data-pagefind-meta") == "title"
    assert article.select_one(".post-body").has_attr("data-pagefind-body")


@pytest.mark.browser
@pytest.mark.slow
def test_the_desktop_navigation_fits_one_row(browser, reader_site):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(base + "/")
    rows = tab.evaluate(
        "[...new Set([...document.querySelectorAll('#site-nav li')]"
        ".map(li => li.getBoundingClientRect().top))]"
    )
    assert len(rows) == 1, rows
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_search_results_show_title_date_and_excerpt_only(browser, reader_site):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(base + "/suche/?q=Lagerbrand")
    tab.wait_for_selector(".search-result", timeout=20_000)
    result = tab.locator(".search-result").first
    assert read_text(result.locator(".search-result__title")).startswith("Krisenkommunikation")
    assert result.locator(".search-result__date").inner_text() == "22. April 2024"
    excerpt = result.locator(".search-result__excerpt").inner_text()
    assert "Lagerbrand" in excerpt
    assert "PR & Krisenkommunikation" not in excerpt and "Min. Lesezeit" not in excerpt
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_a_printed_article_is_the_article_with_its_address(browser, reader_site):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": 800, "height": 1000})
    tab = context.new_page()
    tab.goto(base + "/2024/02/zu-wem-gehoert-der-firmen-account/")  # form, replies, share
    tab.emulate_media(media="print")
    # The masthead stays (the site's name), what can only be clicked goes.
    assert tab.locator(".site-brand").is_visible()
    for selector in (".comment-form", ".comment__reply", ".share", ".site-nav", ".related"):
        assert tab.locator(selector).count() > 0, selector
        assert not tab.locator(selector).first.is_visible(), selector
    widths = tab.evaluate("""[".post-body", ".bio", ".comment__body"].map(
        s => Math.round(document.querySelector(s).getBoundingClientRect().right))""")
    assert widths[1] <= widths[0] + 1 and widths[2] <= widths[0] + 1, widths
    source = tab.evaluate("getComputedStyle(document.querySelector('.post'), '::after').content")
    assert "Quelle: " + base + "/2024/02/zu-wem-gehoert-der-firmen-account/" in source
    # Photos waiting for the reader to scroll are fetched for the printout.
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert tab.evaluate("[...document.images].every(img => img.loading !== 'lazy')")
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_without_javascript_the_phone_menu_shows_its_links(browser, reader_site):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(base + "/")
    assert not tab.locator(".nav-toggle").is_visible()
    assert tab.locator("#site-nav a").first.is_visible()
    context.close()


# Per byline: the separators a reader sees at the start of a line, and how many were
# clipped off there (a part that wrapped). A separator's dot sits in its middle; the part
# it begins starts the line when it is at the byline's left edge.
BYLINE_LINE_STARTS = """() => [...document.querySelectorAll(".byline")].map(byline => {
  const edge = byline.getBoundingClientRect().left;
  const seps = [...byline.querySelectorAll(".byline__sep")].map(sep => ({
    dot: (sep.getBoundingClientRect().left + sep.getBoundingClientRect().right) / 2,
    part: sep.parentElement.getBoundingClientRect().left}));
  const shown = seps.filter(sep => sep.dot >= edge);
  return {text: byline.innerText, clipped: seps.length - shown.length,
          leading: shown.filter(sep => sep.part < edge + 1).length};
})"""


@pytest.mark.browser
@pytest.mark.slow
def test_no_byline_line_starts_with_a_separator(browser, reader_site):
    base, _site = reader_site
    wrapped = 0
    for width in (1280, 390, 320):
        context = browser.new_context(viewport={"width": width, "height": 800})
        tab = context.new_page()
        # The lead's byline on the front page; articles with one and with two authors.
        for path in ("/", ARTICLE, TWO_AUTHORS):
            tab.goto(base + path)
            bylines = tab.evaluate(BYLINE_LINE_STARTS)
            assert bylines, path
            assert [b["text"] for b in bylines if b["leading"]] == [], (width, path)
            wrapped += sum(b["clipped"] for b in bylines)
        context.close()
    assert wrapped > 0  # some bylines did wrap, and lost the separator at the line start


# Per title: where its lines break, as "the character before the break". A word broken
# at a soft hyphen shows a hyphen there; "" marks a break inside a word. The title's
# text may lie in several nodes (a word that may break is a box of its own).
TITLE_BREAKS = """() => [...document.querySelectorAll(".card__title a, h1.post-title")]
  .map(title => {
  const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) chars.push([node, i]);
  }
  const text = chars.map(([node, i]) => node.data[i]).join("");
  const breaks = [], range = document.createRange();
  let top = null;
  chars.forEach(([node, i], at) => {
    range.setStart(node, i); range.setEnd(node, i + 1);
    const box = [...range.getClientRects()].filter(rect => rect.width > 0).pop();
    if (!box) return;  // a soft hyphen inside a line, or a collapsed space
    if (top !== null && box.top > top + 1) {
      const before = text.slice(0, at).replace(/ +$/, "");
      const last = text.slice(0, at).endsWith(" ") ? " " : before.slice(-1);
      breaks.push(" -\\u00ad".includes(last) ? last : "");
    }
    top = box.top;
  });
  return {title: text.replaceAll("\\u00ad", ""), breaks};
})"""


@pytest.mark.browser
@pytest.mark.slow
def test_narrow_titles_break_words_only_at_german_hyphenation_points(browser, reader_site):
    base, _site = reader_site
    at_soft_hyphens = 0
    for width in (320, 390):
        context = browser.new_context(viewport={"width": width, "height": 800})
        tab = context.new_page()
        for path in ("/", "/seite/2/", ARTICLE, "/autor/jana-albers/"):
            tab.goto(base + path)
            titles = tab.evaluate(TITLE_BREAKS)
            assert [t["title"] for t in titles if "" in t["breaks"]] == [], (width, path)
            at_soft_hyphens += sum(t["breaks"].count("\u00ad") for t in titles)
        context.close()
    assert at_soft_hyphens > 0  # some long compound did not fit and broke at a syllable
