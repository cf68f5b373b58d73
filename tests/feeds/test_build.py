"""The feeds of real builds: parsed by feedparser, validated against RFC 4287, stable."""

import re
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import DEMO_SITEURL, build_site, copy_fixture

SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("atom-rfc4287.rng"))))


def feeds_of(site) -> list[Path]:
    return sorted(p for p in site.output.rglob("*.xml") if p.name != "sitemap.xml")


def published_articles(site) -> list[str]:
    """Titles of the article pages, newest first, as the site lists them."""
    return [a.get_text() for a in site.html("archiv/").select(".archive-list a")]


def test_every_feed_parses_has_entries_and_absolute_links(demo_site):
    feeds = feeds_of(demo_site)
    assert len(feeds) >= 2 * (1 + 4 + 1)  # site, four categories, interviews
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.link.startswith(f"{DEMO_SITEURL}/"), path
            html = entry.content[0].value if "content" in entry else entry.summary
            for url in re.findall(r'(?:href|src)="([^"]+)"', html):
                assert url.startswith(("https://", "mailto:")), (path, url)


def test_site_feed_has_every_published_article_in_full_newest_first(demo_site):
    parsed = feedparser.parse((demo_site.output / "feeds" / "atom.xml").read_bytes())
    titles = [e.title.removeprefix("Anzeige: ") for e in parsed.entries]
    assert titles == published_articles(demo_site)
    krise = next(e for e in parsed.entries if e.title.startswith("Krisenkommunikation"))
    assert "Minute 20 bis 40" in krise.content[0].value  # the full text, not a summary
    assert f'src="{DEMO_SITEURL}/images/diagrams/krise-erste-stunde.svg"' in (
        krise.content[0].value
    )
    assert krise.author == "Katrin Schäfer"
    assert krise.tags[0].term == "PR & Krisenkommunikation"
    assert "KI-Leitlinien" not in str(parsed)  # the draft


def test_sponsored_articles_are_labelled_in_feeds_too(demo_site):
    parsed = feedparser.parse((demo_site.output / "feeds" / "rss.xml").read_bytes())
    sponsored = next(e for e in parsed.entries if "Redaktionsplanung" in e.title)
    assert sponsored.title.startswith("Anzeige: ")
    assert "<strong>Anzeige:</strong>" in sponsored.content[0].value


def test_category_tag_author_and_interview_feeds(demo_site):
    output = demo_site.output
    social = feedparser.parse((output / "kategorie" / "social-media" / "atom.xml").read_bytes())
    assert {e.tags[0].term for e in social.entries} == {"Social Media"}
    linkedin = feedparser.parse((output / "thema" / "linkedin" / "rss.xml").read_bytes())
    assert all("LinkedIn" in [t.term for t in e.tags] for e in linkedin.entries)
    mehmet = feedparser.parse((output / "autor" / "mehmet-yildiz" / "atom.xml").read_bytes())
    assert {e.author for e in mehmet.entries} == {"Mehmet Yıldız"}
    interviews = feedparser.parse((output / "interviews" / "atom.xml").read_bytes())
    assert [e.title for e in interviews.entries] == [
        "„Wir haben angefangen, bevor alles perfekt war“"
    ]


def test_atom_feeds_are_valid_rfc_4287(demo_site):
    for path in feeds_of(demo_site):
        if path.name.endswith("atom.xml"):
            document = etree.parse(str(path))
            assert SCHEMA.validate(document), (path, SCHEMA.error_log)


def test_the_schema_rejects_an_invalid_feed(demo_site):
    document = etree.parse(str(demo_site.output / "feeds" / "atom.xml"))
    document.getroot().remove(document.getroot().find("{http://www.w3.org/2005/Atom}id"))
    assert not SCHEMA.validate(document)


def test_rss_feeds_have_what_rss_2_requires(demo_site):
    for path in feeds_of(demo_site):
        if not path.name.endswith("rss.xml"):
            continue
        channel = etree.parse(str(path)).getroot().find("channel")
        for required in ("title", "link", "description"):
            assert channel.findtext(required), (path, required)
        assert channel.findtext("link").startswith(f"{DEMO_SITEURL}/")
        for item in channel.findall("item"):
            assert item.findtext("guid")
            assert item.find("guid").get("isPermaLink") == "false"
            published = parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822 dates
            assert published.tzinfo is not None
            assert item.findtext("link").startswith(f"{DEMO_SITEURL}/")


def test_feeds_are_linked_from_every_page_and_lists_link_their_own(demo_site):
    for page in demo_site.pages():
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        alternates = {link["href"] for link in soup.select('link[rel="alternate"]')}
        assert f"{DEMO_SITEURL}/feeds/atom.xml" in alternates, page
        assert f"{DEMO_SITEURL}/feeds/rss.xml" in alternates, page
        assert soup.select_one(f'footer a.feed-link[href="{DEMO_SITEURL}/feeds/atom.xml"]')
    category = demo_site.html("kategorie/social-media/")
    assert category.select_one(
        f'link[rel="alternate"][href="{DEMO_SITEURL}/kategorie/social-media/atom.xml"]'
    )
    subscribe = category.select_one(".feed-subscribe a")
    assert subscribe.get_text() == "Feed dieser Seite abonnieren"
    assert demo_site.html("thema/linkedin/").select_one(
        f'link[href="{DEMO_SITEURL}/thema/linkedin/rss.xml"]'
    )
    assert demo_site.html("autor/jana-albers/").select_one(
        f'link[href="{DEMO_SITEURL}/autor/jana-albers/atom.xml"]'
    )


def test_feeds_open_readably_in_a_browser(demo_site):
    feed = (demo_site.output / "feeds" / "atom.xml").read_text("utf-8")
    assert f'<?xml-stylesheet type="text/xsl" href="{DEMO_SITEURL}/feeds/feed.xsl"?>' in feed
    stylesheet = etree.XSLT(etree.parse(str(demo_site.output / "feeds" / "feed.xsl")))
    page = str(stylesheet(etree.parse(str(demo_site.output / "feeds" / "atom.xml"))))
    soup = BeautifulSoup(page, "lxml")
    assert soup.h1.get_text() == "Hafenlicht"
    assert len(soup.select(".archive-list a")) == len(published_articles(demo_site))


@pytest.fixture
def project(tmp_path):
    project = copy_fixture("interviews", tmp_path)
    (project / "content" / "2999").mkdir()
    (project / "content" / "2999" / "zukunft.md").write_text(
        "Title: Aus der Zukunft\nDate: 2999-01-01\nAuthor: Jana Albers\nCategory: Content\n"
        "Summary: Später.\n\nText.\n"
    )
    (project / "content" / "2025" / "versteckt.md").write_text(
        "Title: Versteckt\nDate: 2025-05-05\nAuthor: Jana Albers\nCategory: Content\n"
        "Status: hidden\nSummary: Nur mit Link.\n\nText.\n"
    )
    return project


def build(project: Path, output: str, **settings):
    address = {"SITEURL": "https://blog.example", "FEEDS_SITEURL": "https://blog.example"}
    site = build_site(project, "publishconf.py", output=project / output, **{**address, **settings})
    assert site.ok, site.stopped
    return site


def test_two_builds_give_byte_identical_feeds(project):
    first, second = build(project, "one"), build(project, "two")
    names = [p.relative_to(first.output) for p in feeds_of(first)]
    assert names == [p.relative_to(second.output) for p in feeds_of(second)]
    for name in names:
        assert (first.output / name).read_bytes() == (second.output / name).read_bytes(), name


def test_future_dated_hidden_and_draft_articles_are_in_no_feed(project):
    site = build(project, "out")
    everything = "".join(p.read_text("utf-8") for p in feeds_of(site))
    assert "Aus der Zukunft" not in everything
    assert "Versteckt" not in everything


def test_ids_survive_a_title_edit_and_a_move_to_https(project):
    before = feedparser.parse((build(project, "a").output / "feeds" / "atom.xml").read_bytes())
    article = project / "content" / "2025" / "gast.md"
    article.write_text(
        article.read_text().replace(
            "Title: Lokalredaktionen lesen anders", "Title: Lokalredaktionen lesen ganz anders"
        )
    )
    after = feedparser.parse(
        build(project, "b", SITEURL="http://blog.example", FEEDS_SITEURL="http://blog.example")
        .output.joinpath("feeds", "atom.xml")
        .read_bytes()
    )
    assert [e.id for e in before.entries] == [e.id for e in after.entries]
    assert "Lokalredaktionen lesen ganz anders" in [e.title for e in after.entries]


def test_summary_only_feeds_and_item_limit_and_hub(project):
    site = build(
        project,
        "out",
        FEEDS_FULL_CONTENT=False,
        FEEDS_MAX_ITEMS=2,
        FEEDS_HUB_URL="https://hub.example/",
    )
    parsed = feedparser.parse((site.output / "feeds" / "atom.xml").read_bytes())
    assert len(parsed.entries) == 2
    assert all("content" not in entry for entry in parsed.entries)
    assert {link.href for link in parsed.feed.links if link.rel == "hub"} == {
        "https://hub.example/"
    }


def test_no_feeds_without_an_absolute_address(fixture_site):
    site = fixture_site("interviews", FEEDS_SITEURL="")
    assert site.ok
    assert feeds_of(site) == []
    assert not site.html("").select('link[rel="alternate"]')
