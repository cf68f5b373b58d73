"""The feeds of a real production build of the `feeds` fixture site, as subscribers get them."""

import re

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from assets.hashing import HASHED_NAME
from conftest import build_site, copy_fixture
from tests.feeds.feedcheck import (
    E_MAIL,
    SCHEMA_FILE,
    assert_absolute_links,
    assert_valid_atom,
    assert_valid_rss,
    entry_html,
    feeds_of,
    parse,
)

SITEURL = "https://blog.example"
KRISE = "2024/04/krisenkommunikation-die-erste-stunde/"
PLANUNG = "2025/04/redaktionsplanung-mit-lotsenkarte/"
INTERVIEW = "2025/02/ein-jahr-corporate-blog-bei-nordstahl/"
HIDDEN = "2025/05/versteckter-beitrag/"
SCHEMA = etree.RelaxNG(etree.parse(str(SCHEMA_FILE)))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_fixture("feeds", tmp_path_factory.mktemp("feeds"))
    built = build_site(project, "publishconf.py", SITEURL=SITEURL)
    assert built.ok, built.stopped
    return built


def feed(site, path: str):
    return parse(site.output / path)


def listed_titles(site, page: str) -> list[str]:
    """The article titles a list page shows, in its order."""
    return [a.get_text(strip=True) for a in site.html(page).select(".card__title a")]


def test_the_site_has_every_feed_it_should(site):
    names = {p.relative_to(site.output).as_posix() for p in feeds_of(site.output)}
    kinds = ("atom.xml", "rss.xml")
    expected = {f"feeds/{k}" for k in kinds} | {f"interviews/{k}" for k in kinds}
    for folder in (
        "kategorie/pr-krisenkommunikation",
        "kategorie/content",
        "thema/krise",
        "thema/presse-medien",
        "thema/werkzeuge",
        "autor/katrin-schaefer",
        "autor/jana-albers",
    ):
        expected |= {f"{folder}/{k}" for k in kinds}
    expected |= {f"{KRISE}kommentare.{k}" for k in kinds}
    expected |= {f"feeds/kommentare.{k}" for k in kinds}
    # No feed for Lea Sommerfeld, who was only interviewed, nor for the hidden article;
    # nothing of Pelican's own feeds (feeds/all.atom.xml, feeds/<slug>.atom.xml).
    assert names == expected


def test_every_feed_parses_and_every_link_is_absolute(site):
    for path in feeds_of(site.output):
        parsed = parse(path)
        assert parsed.entries, path
        assert_absolute_links(path, parsed, SITEURL)


def test_every_atom_feed_is_valid_rfc_4287(site):
    for path in feeds_of(site.output):
        if path.name.endswith("atom.xml"):
            assert_valid_atom(path, SCHEMA)


def test_the_schema_rejects_an_invalid_feed(site):
    document = etree.parse(str(site.output / "feeds" / "atom.xml"))
    document.getroot().remove(document.getroot().find("{http://www.w3.org/2005/Atom}id"))
    assert not SCHEMA.validate(document)


def test_every_rss_feed_has_what_rss_2_requires(site):
    for path in feeds_of(site.output):
        if path.name.endswith("rss.xml"):
            assert_valid_rss(path, SITEURL)


def test_site_feed_lists_the_published_articles_newest_first(site):
    for name in ("atom.xml", "rss.xml"):
        parsed = feed(site, f"feeds/{name}")
        assert [e.title for e in parsed.entries] == [
            "Anzeige: Redaktionsplanung mit Lotsenkarte",
            "Ein Jahr Corporate Blog bei Nordstahl",
            "Krisenkommunikation: Die erste Stunde",
        ]
        assert [e.title.removeprefix("Anzeige: ") for e in parsed.entries] == listed_titles(
            site, ""
        )
        assert parsed.feed.title == "Hafenlicht"
        assert parsed.feed.language == "de"


def test_an_entry_carries_the_whole_article_with_absolute_links_and_pictures(site):
    krise = feed(site, "feeds/atom.xml").entries[2]
    html = BeautifulSoup(entry_html(krise), "html.parser")
    page = site.html(KRISE)
    # Every paragraph of the page's text is in the entry.
    for paragraph in page.select(".post-body p:not([hidden])"):
        assert paragraph.get_text(" ", strip=True) in html.get_text(" ", strip=True)
    assert html.img["src"] == f"{SITEURL}/images/hafen.png"  # the article's picture first
    assert html.find("a", string="Archiv")["href"] == f"{SITEURL}/archiv/"
    assert html.find("a", string="unten")["href"] == f"{SITEURL}/{KRISE}#minute-20-bis-40"
    assert html.find("a", string="Beitrag über Redaktionsplanung")["href"] == f"{SITEURL}/{PLANUNG}"
    assert html.select_one("figure img[alt^=Diagramm]")["src"] == f"{SITEURL}/images/stunde.svg"
    assert html.select_one("picture source")["srcset"] == (
        f"{SITEURL}/images/hafen.png 1x, {SITEURL}/images/hafen.png 2x"
    )
    assert html.select_one("picture img")["src"] == f"{SITEURL}/images/hafen.png"
    # Code is shown as written: nothing in it is rewritten, the indentation stays.
    code = html.select_one("pre").get_text()
    assert 'href="relativ/bleibt/text.html"' in code and "\n    eingerückt" in code
    # Nothing the page only shows around the article: share links, comments, search terms.
    assert not html.select(".share-links, .comments, [hidden], [data-pagefind-body]")
    assert krise.summary == "<p>Was in den ersten <em>sechzig</em> Minuten zählt.</p>"


def test_an_entry_has_authors_categories_dates_and_the_card_as_enclosure(site):
    krise = feed(site, "feeds/atom.xml").entries[2]
    assert krise.id == "tag:blog.hafenlicht.example,2024-04-22:2024/krise"
    assert krise.link == f"{SITEURL}/{KRISE}"
    assert krise.author_detail == {
        "name": "Katrin Schäfer",
        "href": f"{SITEURL}/autor/katrin-schaefer/",
    }
    assert [(t.term, t.scheme) for t in krise.tags] == [
        ("PR & Krisenkommunikation", f"{SITEURL}/kategorien/"),
        ("Krise", f"{SITEURL}/themen/"),
        ("Presse & Medien", f"{SITEURL}/themen/"),
    ]
    assert krise.published == "2024-04-22T10:00:00+02:00"
    assert krise.updated == "2024-05-02T16:30:00+02:00"  # Modified
    for name in ("atom.xml", "rss.xml"):
        (enclosure,) = feed(site, f"feeds/{name}").entries[2].enclosures
        card = site.output / enclosure.href.removeprefix(f"{SITEURL}/")
        assert enclosure.type == "image/jpeg"
        assert int(enclosure.length) == card.stat().st_size > 0
    rss = feed(site, "feeds/rss.xml").entries[2]
    assert rss.author == "Katrin Schäfer"
    assert rss.id == krise.id


def test_a_sponsored_article_says_so_in_title_and_text(site):
    for name in ("atom.xml", "rss.xml"):
        planung = feed(site, f"feeds/{name}").entries[0]
        assert planung.title == "Anzeige: Redaktionsplanung mit Lotsenkarte"
        html = BeautifulSoup(entry_html(planung), "html.parser")
        boxes = [h.get_text() for h in html.select(".disclosure__title")]
        assert boxes == ["Anzeige", "Affiliate-Links"]  # as on the page: the ad notice first
        assert html.select_one(".disclosure a")["href"] == f"{SITEURL}/transparenz/#sponsored"
        assert html.select_one(".cta a")["href"] == "https://lotsenkarte.example/test"


def test_an_interview_has_numbered_questions_and_attributed_answers(site):
    (interview,) = feed(site, "interviews/atom.xml").entries
    assert interview.link == f"{SITEURL}/{INTERVIEW}"
    html = BeautifulSoup(entry_html(interview), "html.parser")
    assert [h.get_text() for h in html.select("h3")] == [
        "1. Wie fing es an?",
        "2. Was raten Sie anderen?",
    ]
    assert html.find("em", string="Antwort von Lea Sommerfeld")
    assert feed(site, "interviews/rss.xml").feed.link == f"{SITEURL}/interviews/"


@pytest.mark.parametrize(
    "page",
    [
        "kategorie/content/",
        "kategorie/pr-krisenkommunikation/",
        "thema/werkzeuge/",
        "thema/krise/",
        "autor/jana-albers/",
        "autor/katrin-schaefer/",
    ],
)
def test_a_list_feed_holds_what_its_page_lists(site, page):
    for name in ("atom.xml", "rss.xml"):
        parsed = feed(site, f"{page}{name}")
        assert [e.title.removeprefix("Anzeige: ") for e in parsed.entries] == listed_titles(
            site, page
        )
        assert parsed.feed.link == f"{SITEURL}/{page}"


def test_comment_feeds_show_each_comment_with_its_author_and_no_e_mail(site):
    for name in ("atom", "rss"):
        thread = feed(site, f"{KRISE}kommentare.{name}.xml")
        assert thread.feed.title == (
            "Hafenlicht: Kommentare zu „Krisenkommunikation: Die erste Stunde“"
        )
        assert [(e.author, e.link) for e in thread.entries] == [
            ("Katrin Schäfer", f"{SITEURL}/{KRISE}#comment-20240423-070215-5d21aa"),
            ("Svenja Brandt", f"{SITEURL}/{KRISE}#comment-20240422-094711-3c8f12"),
        ]
        assert thread.entries[0].title == (
            "Katrin Schäfer zu „Krisenkommunikation: Die erste Stunde“"
        )
        everything = feed(site, f"feeds/kommentare.{name}.xml")
        assert [e.id for e in everything.entries] == [e.id for e in thread.entries]
    svenja = feed(site, f"{KRISE}kommentare.atom.xml").entries[1]
    assert svenja.author_detail.href == "https://svenja-brandt.example"
    html = BeautifulSoup(entry_html(svenja), "html.parser")
    assert html.a["href"] == f"{SITEURL}/handbuch/"
    for path in feeds_of(site.output):  # commenters' e-mail addresses never leave the intake
        if path.name.startswith("kommentare."):
            assert not E_MAIL.search(path.read_text("utf-8")), path


def test_drafts_hidden_and_future_articles_are_in_no_feed(site):
    everything = "\n".join(p.read_text("utf-8") for p in feeds_of(site.output))
    for title in ("Unfertiger Entwurf", "Versteckter Beitrag", "Beitrag aus der Zukunft"):
        assert title not in everything
    assert "versteckten Beitrag" not in everything  # the hidden article's comment
    assert (site.output / HIDDEN / "index.html").is_file()  # the hidden page itself exists
    assert not list((site.output / HIDDEN).glob("*.xml"))


def test_every_page_links_the_site_feeds_and_lists_their_own(site):
    pages = site.pages()
    assert len(pages) > 15
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        alternates = {
            (link["type"], link["href"]) for link in soup.select('head link[rel="alternate"]')
        }
        assert ("application/atom+xml", f"{SITEURL}/feeds/atom.xml") in alternates, page
        assert ("application/rss+xml", f"{SITEURL}/feeds/rss.xml") in alternates, page
        footer = soup.select_one("footer a.feed-link")
        assert (footer.get_text(), footer["href"]) == (
            "Feed abonnieren",
            f"{SITEURL}/feeds/atom.xml",
        ), page
    for page in ("kategorie/content/", "thema/werkzeuge/", "autor/jana-albers/", "interviews/"):
        html = site.html(page)
        own = html.select('head link[rel="alternate"]')[2:]
        assert [(link["type"], link["href"]) for link in own] == [
            ("application/atom+xml", f"{SITEURL}/{page}atom.xml"),
            ("application/rss+xml", f"{SITEURL}/{page}rss.xml"),
        ], page
        subscribe = html.select_one(".feed-subscribe a.feed-link")
        assert subscribe.get_text() == "Feed dieser Seite abonnieren"
        assert subscribe["href"] == f"{SITEURL}/{page}atom.xml"
    # An article links the feed of its comments; one without comments, or hidden, does not.
    comments = site.html(KRISE).select('head link[rel="alternate"]')[2]
    assert comments["href"] == f"{SITEURL}/{KRISE}kommentare.atom.xml"
    assert comments["title"].startswith("Hafenlicht: Kommentare zu „Krisenkommunikation")
    for page in (PLANUNG, HIDDEN, "autor/lea-sommerfeld/", ""):
        assert len(site.html(page).select('head link[rel="alternate"]')) == 2, page


def test_each_discovery_link_points_at_a_feed_that_exists(site):
    for page in site.pages():
        for link in BeautifulSoup(page.read_text("utf-8"), "lxml").select('link[rel="alternate"]'):
            assert (site.output / link["href"].removeprefix(f"{SITEURL}/")).is_file(), page


def test_feeds_point_at_a_stylesheet_that_makes_them_readable(site):
    for path in feeds_of(site.output):
        second_line = path.read_text("utf-8").splitlines()[1]
        assert second_line == (
            f'<?xml-stylesheet type="text/css" href="{SITEURL}/feeds/feed.css"?>'
        ), path
    css = (site.output / "feeds" / "feed.css").read_text("utf-8")
    assert "Dies ist ein Feed. Kopieren Sie die Adresse dieser Seite" in css
    assert '@namespace atom "http://www.w3.org/2005/Atom";' in css
    # The site's own hashed font files (cached from a visit to the site), and never a
    # late swap: each face waits at most 100 ms, with a fallback of Inter's metrics.
    fonts = re.findall(r'url\("([^"]+)"\) format', css)
    assert [re.sub(r"\.[0-9a-f]{10}\.", ".", url) for url in fonts] == [
        f"{SITEURL}/theme/fonts/inter-regular.woff2",
        f"{SITEURL}/theme/fonts/inter-bold.woff2",
    ]
    for url in fonts:
        assert HASHED_NAME.search(url) and (site.output / url.removeprefix(f"{SITEURL}/")).is_file()
    faces = re.findall(r'@font-face \{[^}]*font-family: "Inter";[^}]*\}', css)
    assert len(faces) == 2 and all("font-display: optional;" in face for face in faces)
    assert '"Inter", "Inter Fallback"' in css
    assert not (site.output / "feeds" / "feed.xsl").exists()


def test_feed_files_are_readable_by_the_web_server(site):
    for path in feeds_of(site.output):
        assert path.stat().st_mode & 0o644 == 0o644, path
    assert not list(site.output.rglob("*.tmp"))


def test_a_feed_names_its_logo_icon_and_owner(site):
    parsed = feed(site, "feeds/atom.xml")
    assert parsed.feed.logo == f"{SITEURL}/theme/img/icon-512.png"
    assert parsed.feed.icon == f"{SITEURL}/theme/img/icon-192.png"
    assert parsed.feed.rights == "Hafenlicht Kommunikation GmbH"
    assert (site.output / "theme" / "img" / "icon-512.png").is_file()
    assert (site.output / "theme" / "img" / "icon-192.png").is_file()
