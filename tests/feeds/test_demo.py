"""The feeds of the production demo build (content/): the checks of the issue, on real content.

The demo content is written by an editor, so these tests compare the feeds with what the
built site itself shows and with the content files, never with remembered titles.
"""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import DEMO_SITEURL, ROOT
from newsroom.headers import split_source
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

SCHEMA = etree.RelaxNG(etree.parse(str(SCHEMA_FILE)))
NOT_ARTICLES = {"pages", "authors", "comments", "images"}
LIMIT = 20  # FEEDS_MAX_ITEMS


def plain(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def unpublished_titles() -> list[str]:
    """Titles of the drafts, hidden and future-dated articles in content/."""
    now = datetime.now(ZoneInfo("Europe/Berlin"))
    found = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        if NOT_ARTICLES & set(path.relative_to(ROOT / "content").parts):
            continue
        header = {h.key.lower(): h.value for h in split_source(path.read_text("utf-8")).header}
        date = datetime.fromisoformat(header["date"])
        date = date if date.tzinfo else date.replace(tzinfo=ZoneInfo("Europe/Berlin"))
        if header.get("status", "").lower() in ("draft", "hidden") or date > now:
            found.append(header["title"])
    return found


def page_of(site, feed_path: Path) -> str:
    """The URL path of the list page a feed belongs to (the folder it is in)."""
    return feed_path.parent.relative_to(site.output).as_posix() + "/"


def listed(site, page: str) -> list[str]:
    return [a.get_text(strip=True) for a in site.html(page).select(".card__title a")]


def test_every_feed_parses_is_valid_and_links_absolutely(demo_site):
    paths = feeds_of(demo_site.output)
    names = {p.relative_to(demo_site.output).as_posix() for p in paths}
    assert {"feeds/atom.xml", "feeds/rss.xml", "interviews/atom.xml"} <= names
    assert any(name.startswith("kategorie/") for name in names)
    assert any(name.startswith("thema/") for name in names)
    assert any(name.startswith("autor/") for name in names)
    assert any(name.endswith("/kommentare.atom.xml") for name in names)
    for path in paths:
        parsed = parse(path)
        assert parsed.entries, path
        assert_absolute_links(path, parsed, DEMO_SITEURL)
        if path.name.endswith("atom.xml"):
            assert_valid_atom(path, SCHEMA)
        else:
            assert_valid_rss(path, DEMO_SITEURL)


def test_the_site_feed_holds_the_newest_articles_in_full(demo_site):
    archive = [a.get_text(strip=True) for a in demo_site.html("archiv/").select(".archive-list a")]
    for name in ("atom.xml", "rss.xml"):
        parsed = parse(demo_site.output / "feeds" / name)
        titles = [e.title.removeprefix("Anzeige: ") for e in parsed.entries]
        assert titles == archive[:LIMIT]
    for entry in parse(demo_site.output / "feeds" / "atom.xml").entries:
        page = demo_site.html(entry.link.removeprefix(f"{DEMO_SITEURL}/"))
        text = plain(entry_html(entry))
        for paragraph in page.select(".post-body p:not([hidden])"):
            assert plain(str(paragraph)) in text, (entry.link, paragraph)
        if page.select_one(".kind-label--advertisement"):
            assert entry.title.startswith("Anzeige: "), entry.link


@pytest.mark.parametrize("kind", ["kategorie", "thema", "autor", "interviews"])
def test_every_list_feed_holds_what_its_page_lists(demo_site, kind):
    paths = [
        p for p in feeds_of(demo_site.output) if p.relative_to(demo_site.output).parts[0] == kind
    ]
    assert paths
    for path in paths:
        page = page_of(demo_site, path)
        titles = [e.title.removeprefix("Anzeige: ") for e in parse(path).entries]
        shown = listed(demo_site, page)
        assert titles[: len(shown)] == shown, path
        assert parse(path).feed.link == f"{DEMO_SITEURL}/{page}"


def test_drafts_hidden_and_future_articles_are_in_no_feed(demo_site):
    unpublished = unpublished_titles()
    assert unpublished  # the demo has at least one draft
    everything = "\n".join(
        entry.title for path in feeds_of(demo_site.output) for entry in parse(path).entries
    )
    for title in unpublished:
        assert title not in everything


def test_comment_feeds_hold_the_comments_a_page_shows_and_no_e_mail(demo_site):
    paths = [p for p in feeds_of(demo_site.output) if p.name == "kommentare.atom.xml"]
    assert len(paths) >= 2  # some articles and the site
    for path in paths:
        if path.parent.name == "feeds":
            continue
        page = demo_site.html(page_of(demo_site, path))
        shown = {li["id"] for li in page.select("section#comments li.comment")}
        anchors = {e.link.rpartition("#")[2] for e in parse(path).entries}
        assert anchors == shown, path
    for path in paths:  # commenters' e-mail addresses never leave the intake
        rss = path.with_name("kommentare.rss.xml")
        assert not E_MAIL.search(path.read_text("utf-8") + rss.read_text("utf-8")), path


# The site feeds of a page's language, and how its footer offers them.
SITE_FEEDS = {"de": ("", "Feed abonnieren"), "en": ("en/", "Subscribe to the feed")}


def test_every_page_links_the_site_feeds_and_every_linked_feed_exists(demo_site):
    for page in demo_site.pages():
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        folder, subscribe = SITE_FEEDS[soup.html["lang"]]
        # Feeds, not the page's versions in other languages (those carry no type).
        links = soup.select('head link[rel="alternate"][type]')
        assert [(link["type"], link["href"]) for link in links[:2]] == [
            ("application/atom+xml", f"{DEMO_SITEURL}/{folder}feeds/atom.xml"),
            ("application/rss+xml", f"{DEMO_SITEURL}/{folder}feeds/rss.xml"),
        ], page
        for link in links:
            target = demo_site.output / link["href"].removeprefix(f"{DEMO_SITEURL}/")
            assert target.is_file(), (page, link["href"])
        assert soup.select_one("footer a.feed-link").get_text() == subscribe, page
    for path in feeds_of(demo_site.output):
        if path.name == "atom.xml" and path.parent.name != "feeds":
            head = demo_site.html(page_of(demo_site, path)).select('head link[rel="alternate"]')
            assert f"{DEMO_SITEURL}/{page_of(demo_site, path)}atom.xml" in [
                link["href"] for link in head
            ], path
