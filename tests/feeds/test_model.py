"""Entries and feeds serialised with feedgen: what feed readers parse, byte-stable."""

from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from lxml import etree

from feeds.model import Category, Enclosure, Entry, Feed, render

BERLIN = ZoneInfo("Europe/Berlin")
ATOM = "{http://www.w3.org/2005/Atom}"
FEED = Feed(
    id="tag:blog.example,2014:feeds/atom.xml",
    title="Blog",
    subtitle="Ein Blog",
    page_url="https://blog.example/",
    atom_url="https://blog.example/feeds/atom.xml",
    rss_url="https://blog.example/feeds/rss.xml",
    language="de",
    logo_url="https://blog.example/logo.png",
    icon_url="https://blog.example/icon.png",
    hub_url="https://hub.example/",
    stylesheet_url="https://blog.example/feeds/feed.css",
    rights="Blog GmbH",
)


def entry(number: int, **changes) -> Entry:
    values = dict(
        id=f"tag:blog.example,2024-01-0{number}:2024/a{number}",
        title=f"Beitrag {number} über Größe & Maß",
        url=f"https://blog.example/2024/01/a{number}/",
        published=datetime(2024, 1, number, 9, 0, tzinfo=BERLIN),
        updated=datetime(2024, 1, number, 9, 0, tzinfo=BERLIN),
        authors=(("Jana Albers", "https://blog.example/autor/jana-albers/"),),
        categories=(
            Category("Social Media", "https://blog.example/kategorien/"),
            Category("LinkedIn", "https://blog.example/themen/"),
        ),
        content_html=f"<p>Voller Text {number}</p><pre>a ]]> b</pre>",
        summary_html=f"<p>Kurz {number}</p>",
        enclosure=Enclosure("https://blog.example/c.jpg", 12345, "image/jpeg"),
    )
    values.update(changes)
    return Entry(**values)


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feed_parses_with_entries_in_given_order_and_full_content(kind):
    parsed = feedparser.parse(render(FEED, [entry(3), entry(1)], kind))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.title for e in parsed.entries] == [
        "Beitrag 3 über Größe & Maß",
        "Beitrag 1 über Größe & Maß",
    ]
    first = parsed.entries[0]
    assert first.id == "tag:blog.example,2024-01-03:2024/a3"
    assert first.link == "https://blog.example/2024/01/a3/"
    assert first.content[0].value == "<p>Voller Text 3</p><pre>a ]]> b</pre>"
    assert first.summary == "<p>Kurz 3</p>"
    assert [(e.href, e.type, e.length) for e in first.enclosures] == [
        ("https://blog.example/c.jpg", "image/jpeg", "12345")
    ]
    assert first.author == "Jana Albers"
    assert [t.term for t in first.tags] == ["Social Media", "LinkedIn"]
    assert first.published_parsed[:5] == (2024, 1, 3, 8, 0)  # 09:00 in Berlin is 08:00 UTC
    assert parsed.feed.language == "de"
    assert parsed.feed.link == "https://blog.example/"
    logo = parsed.feed.logo if kind == "atom" else parsed.feed.image.href
    assert logo == "https://blog.example/logo.png"
    links = {(link.rel, link.href) for link in parsed.feed.links}
    assert ("hub", "https://hub.example/") in links
    own = FEED.atom_url if kind == "atom" else FEED.rss_url
    assert ("self", own) in links


def test_atom_carries_author_page_category_scheme_icon_and_enclosure():
    root = etree.fromstring(render(FEED, [entry(1)], "atom"))
    assert root.findtext(f"{ATOM}icon") == "https://blog.example/icon.png"
    assert root.findtext(f"{ATOM}rights") == "Blog GmbH"
    first = root.find(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}author/{ATOM}uri") == "https://blog.example/autor/jana-albers/"
    category = first.find(f"{ATOM}category")
    assert category.attrib == {
        "term": "Social Media",
        "scheme": "https://blog.example/kategorien/",
        "label": "Social Media",
    }
    enclosure = first.find(f"{ATOM}link[@rel='enclosure']")
    assert enclosure.attrib["length"] == "12345"
    # The alternate link is the one without rel (RFC 4287: rel defaults to "alternate").
    assert [link.get("rel") for link in first.findall(f"{ATOM}link")] == [None, "enclosure"]


def test_rss_names_authors_without_e_mail_and_escapes_content_instead_of_cdata():
    body = render(FEED, [entry(1)], "rss")
    assert b"<dc:creator>Jana Albers</dc:creator>" in body
    assert b"<author>" not in body  # RSS's <author> would have to be an e-mail address
    assert b"CDATA" not in body
    assert b"&lt;pre&gt;a ]]&gt; b&lt;/pre&gt;" in body
    assert b'<guid isPermaLink="false">tag:blog.example,2024-01-01:2024/a1</guid>' in body


def test_same_entries_same_bytes_and_the_date_is_the_newest_entry():
    first = render(FEED, [entry(2), entry(1)], "rss")
    assert first == render(FEED, [entry(2), entry(1)], "rss")
    assert b"<lastBuildDate>Tue, 02 Jan 2024 09:00:00 +0100</lastBuildDate>" in first
    atom = render(FEED, [entry(2), entry(1, updated=datetime(2024, 3, 1, tzinfo=BERLIN))], "atom")
    assert etree.fromstring(atom).findtext(f"{ATOM}updated") == "2024-03-01T00:00:00+01:00"


def test_the_css_stylesheet_instruction_follows_the_declaration():
    body = render(FEED, [entry(1)], "atom")
    assert body.splitlines()[1] == (
        b'<?xml-stylesheet type="text/css" href="https://blog.example/feeds/feed.css"?>'
    )
    assert b"xml-stylesheet" not in render(
        Feed(**{**FEED.__dict__, "stylesheet_url": ""}), [entry(1)], "atom"
    )


def test_summary_only_feed_and_entries_without_enclosure_or_author_page():
    plain = entry(1, content_html="", enclosure=None, authors=(("Gast", ""),))
    parsed = feedparser.parse(render(FEED, [plain], "atom"))
    assert parsed.entries[0].summary == "<p>Kurz 1</p>"
    assert "content" not in parsed.entries[0]
    assert parsed.entries[0].enclosures == []
    assert parsed.entries[0].author_detail == {"name": "Gast"}


def test_an_empty_feed_is_refused():
    with pytest.raises(ValueError, match="has no entries"):
        render(FEED, [], "atom")


@pytest.mark.parametrize(
    ("kind", "entry_path"), [("atom", f"{ATOM}entry"), ("rss", "channel/item")]
)
@pytest.mark.parametrize(
    ("language", "shown_date"),
    [("de", "3. Januar 2024"), ("en", "3 January 2024")],  # en_GB
)
def test_a_browser_gets_each_title_as_a_link_and_its_date_in_words(
    kind, entry_path, language, shown_date
):
    feed = Feed(**{**FEED.__dict__, "language": language})
    body = render(feed, [entry(3)], kind)
    item = etree.fromstring(body).find(entry_path)
    xhtml = "{http://www.w3.org/1999/xhtml}"
    link, shown = item.find(f"{xhtml}a"), item.find(f"{xhtml}time")
    assert (link.get("href"), link.text) == ("https://blog.example/2024/01/a3/", entry(3).title)
    assert (shown.get("datetime"), shown.text) == ("2024-01-03T09:00:00+01:00", shown_date)
    # Feed readers read the entry as before: the extra elements are foreign markup.
    parsed = feedparser.parse(body)
    assert not parsed.bozo and parsed.entries[0].title == entry(3).title
    assert parsed.entries[0].link == "https://blog.example/2024/01/a3/"
