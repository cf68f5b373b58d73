from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest

from feeds.model import Enclosure, Entry, Feed, render

BERLIN = ZoneInfo("Europe/Berlin")
FEED = Feed(
    id="tag:blog.example,2014:feeds/atom.xml",
    title="Blog",
    subtitle="Ein Blog",
    page_url="https://blog.example/",
    atom_url="https://blog.example/feeds/atom.xml",
    rss_url="https://blog.example/feeds/rss.xml",
    language="de",
    hub_url="https://hub.example/",
    stylesheet_url="https://blog.example/feeds/f.xsl",
)


def entry(number: int, **changes) -> Entry:
    values = dict(
        id=f"tag:blog.example,2024-01-0{number}:2024/a{number}",
        title=f"Beitrag {number} über Größe",
        url=f"https://blog.example/2024/01/a{number}/",
        published=datetime(2024, 1, number, 9, 0, tzinfo=BERLIN),
        updated=datetime(2024, 1, number, 9, 0, tzinfo=BERLIN),
        authors=(("Jana Albers", "https://blog.example/autor/jana-albers/"),),
        categories=("Social Media", "LinkedIn"),
        content_html=f"<p>Voller Text {number}</p>",
        summary_html=f"<p>Kurz {number}</p>",
        enclosure=Enclosure("https://blog.example/c.png", 12345, "image/png"),
    )
    values.update(changes)
    return Entry(**values)


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feed_parses_with_entries_in_given_order_and_full_content(kind):
    parsed = feedparser.parse(render(FEED, [entry(3), entry(1)], kind))
    assert not parsed.bozo
    assert [e.title for e in parsed.entries] == ["Beitrag 3 über Größe", "Beitrag 1 über Größe"]
    first = parsed.entries[0]
    assert first.id == "tag:blog.example,2024-01-03:2024/a3"
    assert first.link == "https://blog.example/2024/01/a3/"
    assert "Voller Text 3" in first.content[0].value
    assert first.enclosures[0].href == "https://blog.example/c.png"
    assert first.author == "Jana Albers"
    assert [t.term for t in first.tags] == ["Social Media", "LinkedIn"]
    assert parsed.feed.language == "de"
    hubs = [link.href for link in parsed.feed.links if link.rel == "hub"]
    assert hubs == ["https://hub.example/"]
    assert parsed.feed.link == "https://blog.example/"


def test_same_entries_same_bytes_and_the_date_is_the_newest_entry():
    first = render(FEED, [entry(2), entry(1)], "rss")
    assert first == render(FEED, [entry(2), entry(1)], "rss")
    assert b"<lastBuildDate>Tue, 02 Jan 2024 09:00:00 +0100</lastBuildDate>" in first


def test_stylesheet_instruction_follows_the_declaration():
    body = render(FEED, [entry(1)], "atom")
    assert body.splitlines()[1] == (
        b'<?xml-stylesheet type="text/xsl" href="https://blog.example/f.xsl"?>'.replace(
            b"blog.example/f.xsl", b"blog.example/feeds/f.xsl"
        )
    )


def test_summary_only_feed():
    parsed = feedparser.parse(render(FEED, [entry(1, content_html="")], "atom"))
    assert parsed.entries[0].summary == "<p>Kurz 1</p>"
    assert "content" not in parsed.entries[0]


def test_an_empty_feed_is_refused():
    with pytest.raises(ValueError, match="has no entries"):
        render(FEED, [], "atom")
