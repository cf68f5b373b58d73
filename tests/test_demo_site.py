"""The demo site, production build: a complete, valid, private German blog with English
translations."""

from collections import Counter

import pytest

from conftest import DEMO_SITEURL
from site_checks import foreign_resources, nu_html_checker_errors

LANGUAGE_FOLDERS = {"de": "", "en": "en/"}


def article_pages(site) -> list:
    return [
        p
        for p in site.pages()
        if p.relative_to(site.output).parts[0].isdigit()
        and len(p.relative_to(site.output).parts) == 4
    ]


def test_demo_has_a_believable_amount_of_content(demo_site):
    articles = [
        demo_site.html(str(p.relative_to(demo_site.output))) for p in article_pages(demo_site)
    ]
    assert len(articles) >= 8
    categories = Counter(a.select_one(".post-kicker a").get_text() for a in articles)
    assert len(categories) >= 3
    years = {a.select_one(".byline time")["datetime"][:4] for a in articles}
    assert len(years) >= 2
    authors = {a["href"] for page in articles for a in page.select(".byline a[rel=author]")}
    assert len(authors) >= 3


def test_every_header_picture_of_the_demo_describes_what_it_shows(demo_site):
    # The demo is what editors copy: each Image: comes with its Image-Alt.
    pages = [demo_site.html(str(p.relative_to(demo_site.output))) for p in article_pages(demo_site)]
    headers = [page.select_one(".post-image img") for page in pages]
    assert len([img for img in headers if img]) >= 8
    assert [img["src"] for img in headers if img and len(img["alt"].split()) < 4] == []


@pytest.mark.parametrize(
    ("versions", "title"),
    [
        # The legal pages are German only: English pages link them, marked as German.
        ({"de": "impressum/", "en": "impressum/"}, "Impressum"),
        ({"de": "datenschutz/", "en": "datenschutz/"}, "Datenschutz"),
        ({"de": "ueber-uns/", "en": "en/about-us/"}, "Über uns"),
    ],
)
def test_legal_and_about_pages_exist_and_are_linked_from_every_page(demo_site, versions, title):
    assert demo_site.html(versions["de"]).h1.get_text() == title
    for page in demo_site.pages():
        soup = demo_site.html(str(page.relative_to(demo_site.output)))
        path = versions[soup.html["lang"]]
        link = soup.find("a", href=f"{DEMO_SITEURL}/{path}")
        assert link, f"{page} lacks a link to {path}"
        if not path.startswith(LANGUAGE_FOLDERS[soup.html["lang"]]):
            legal = soup.select_one(f'.site-footer__legal a[href="{DEMO_SITEURL}/{path}"]')
            assert legal["lang"] == legal["hreflang"] == "de", page


def test_home_leads_with_one_article_and_lists_cards_with_summary_author_and_date(demo_site):
    home = demo_site.html("")
    cards = home.select(".card")
    assert len(cards) == 12  # DEFAULT_PAGINATION: the lead, two beside it, nine below
    lead = cards[0]
    assert "lead" in lead["class"] and lead.select_one("img")["fetchpriority"] == "high"
    assert lead.select_one(".byline a[rel=author]")
    assert "Min. Lesezeit" in lead.select_one(".byline__reading").get_text()
    for card in cards:
        assert card.select_one(".card__title a")["href"].startswith(f"{DEMO_SITEURL}/20")
        assert card.select_one(".card__summary").get_text(strip=True)
        assert card.select_one(".card__meta, .byline").get_text(strip=True)
        assert card.select_one("time").get_text()[0].isdigit()
    for card in cards[1:]:
        assert card.select_one(".card__meta .card__authors").get_text(strip=True)
        assert card.select_one(".card__image")["loading"] == "lazy"
    assert home.select_one(".pagination [rel=next]")["href"] == f"{DEMO_SITEURL}/seite/2/"


def test_every_page_has_the_landmarks_and_head_a_reader_and_a_search_engine_need(demo_site):
    for page in demo_site.pages():
        name = str(page.relative_to(demo_site.output))
        soup = demo_site.html(name)
        # German at the root, English below en/.
        assert soup.html["lang"] == ("en" if name.startswith("en/") else "de"), name
        assert soup.title.get_text(strip=True), name
        assert len(soup.find_all("h1")) == 1, name
        assert soup.select_one('meta[name="description"]')["content"].strip(), name
        assert soup.select_one('meta[name="viewport"]'), name
        canonical = soup.select_one('link[rel="canonical"]')["href"]
        assert canonical.startswith(f"{DEMO_SITEURL}/"), name
        assert soup.select_one('a.skip-link[href="#main"]'), name
        assert soup.select_one("main#main") and soup.select_one("header") and soup.find("footer")
        assert soup.select_one("nav[aria-label]"), name
        for image in soup.find_all("img"):
            assert image.has_attr("alt"), f"{name}: {image}"


def test_dates_are_german_long_form(demo_site):
    article = demo_site.html(str(article_pages(demo_site)[0].relative_to(demo_site.output)))
    day, month, year = article.select_one(".byline time").get_text().split(" ")
    assert day.endswith(".") and year.isdigit()
    assert month in {
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    }


def test_no_page_loads_anything_from_another_host(demo_site):
    assert foreign_resources(demo_site.output, DEMO_SITEURL) == {}


def test_robots_and_sitemap(demo_site):
    assert f"Sitemap: {DEMO_SITEURL}/sitemap.xml" in demo_site.read("robots.txt")
    sitemap = demo_site.read("sitemap.xml")
    for page in article_pages(demo_site):
        url = f"{DEMO_SITEURL}/{page.relative_to(demo_site.output).parent.as_posix()}/"
        assert f"<loc>{url}</loc>" in sitemap


@pytest.mark.slow
def test_nu_html_checker_finds_no_errors(demo_site):
    assert nu_html_checker_errors(demo_site.output) == []


def test_the_footer_names_the_years_of_the_articles(demo_site, fixture_site):
    footer = demo_site.html("").select_one(".site-footer__copyright").get_text()
    assert footer == "© 2023–2026 Hafenlicht Kommunikation GmbH"
    one_year = fixture_site("comments").html("").select_one(".site-footer__copyright")
    assert one_year.get_text() == "© 2025 Hafenlicht Kommunikation GmbH"  # not "2025–2025"


def test_the_footer_ends_with_the_legal_line_below_the_readers_part(demo_site):
    # The newsletter and "Meine Kommentare" stood below the copyright line.
    footer = demo_site.html("").select_one(".site-footer__inner")
    parts = [child["class"][0] for child in footer.find_all(recursive=False)]
    assert parts[-2:] == ["site-footer__readers", "site-footer__legal"]
    readers = footer.select_one(".site-footer__readers")
    assert readers.select_one(".newsletter-form") and readers.select_one(".my-comments-link")
