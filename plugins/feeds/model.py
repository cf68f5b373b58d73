"""Feed entries and feeds as plain records, serialised to Atom 1.0 and RSS 2.0 with feedgen.

Pure: no Pelican. Everything that could vary between two builds of the same content
(the build time, dict order, feedgen's default "now") is set explicitly, so the same
entries always give the same bytes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
GENERATOR = "Hafenlicht feeds plugin (feedgen)"


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    mime_type: str


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    authors: tuple[tuple[str, str], ...]  # (name, page URL)
    categories: tuple[str, ...]
    content_html: str  # full content, every URL absolute; "" for summary-only feeds
    summary_html: str
    enclosure: Enclosure | None = None


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    subtitle: str
    page_url: str  # the HTML page the feed belongs to
    atom_url: str
    rss_url: str
    language: str
    logo_url: str = ""
    icon_url: str = ""
    hub_url: str = ""
    stylesheet_url: str = ""
    rights: str = ""


def render(feed: Feed, entries: Sequence[Entry], kind: str) -> bytes:
    """The feed as Atom (``kind="atom"``) or RSS 2.0 (``kind="rss"``) bytes."""
    generator = FeedGenerator()
    generator.load_extension("dc")
    generator.id(feed.id)
    generator.title(feed.title)
    generator.subtitle(feed.subtitle or feed.title)  # RSS needs a description
    generator.language(feed.language)
    generator.generator(GENERATOR)
    self_url = feed.atom_url if kind == "atom" else feed.rss_url
    links = [
        {"href": feed.page_url, "rel": "alternate", "type": "text/html"},
        {
            "href": self_url,
            "rel": "self",
            "type": "application/atom+xml" if kind == "atom" else "application/rss+xml",
        },
    ]
    if feed.hub_url:
        links.append({"href": feed.hub_url, "rel": "hub"})
    # Feed readers take the first Atom link as the page; feedgen takes the last one
    # as the RSS <link>. So the page comes first in Atom and last in RSS.
    for link in links if kind == "atom" else reversed(links):
        generator.link(**link)
    if feed.logo_url:
        generator.logo(feed.logo_url)
    if feed.icon_url:
        generator.icon(feed.icon_url)
    if feed.rights:
        generator.rights(feed.rights)
    newest = max((e.updated for e in entries), default=None)
    if newest is None:
        raise ValueError(f"feed {feed.atom_url} has no entries; empty feeds are not written")
    generator.updated(newest)  # also RSS lastBuildDate: the content's time, not the build's
    for entry in entries:
        _add(generator, entry, kind)
    if kind == "atom":
        body = _with_atom_enclosures(generator.atom_str(pretty=True), entries)
    else:
        body = _with_rss_hub(generator.rss_str(pretty=True), feed.hub_url)
    return _with_stylesheet(body, feed.stylesheet_url)


def _with_atom_enclosures(body: bytes, entries: Sequence[Entry]) -> bytes:
    """Add each entry's enclosure link to the Atom XML.

    feedgen 1.0 writes entry links without their ``rel``, ``type`` and ``length``
    attributes (in ``FeedEntry.atom_entry`` the link dict is shadowed by the new
    element), so an enclosure would read as a second alternate link.
    """
    tree = etree.fromstring(body)
    for element, entry in zip(tree.findall(f"{{{ATOM}}}entry"), entries, strict=True):
        if entry.enclosure is None:
            continue
        enclosure = entry.enclosure
        link = etree.Element(
            f"{{{ATOM}}}link",
            {
                "href": enclosure.url,
                "rel": "enclosure",
                "type": enclosure.mime_type,
                "length": str(enclosure.length),
            },
        )
        link.tail = "\n    "
        element.insert(list(element).index(element.find(f"{{{ATOM}}}link")) + 1, link)
    return etree.tostring(tree, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _with_rss_hub(body: bytes, hub_url: str) -> bytes:
    """feedgen writes only the self link into RSS; WebSub wants the hub there too."""
    if not hub_url:
        return body
    tree = etree.fromstring(body)
    channel = tree.find("channel")
    link = etree.SubElement(channel, f"{{{ATOM}}}link", href=hub_url, rel="hub")
    link.tail = "\n    "
    channel.insert(list(channel).index(channel.find(f"{{{ATOM}}}link")) + 1, link)
    return etree.tostring(tree, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _add(generator: FeedGenerator, entry: Entry, kind: str) -> None:
    item = generator.add_entry(order="append")
    item.id(entry.id)
    item.guid(entry.id, permalink=False)
    item.title(entry.title)
    # In Atom this becomes a <link> without rel, which RFC 4287 reads as "alternate".
    item.link(href=entry.url, rel="alternate", type="text/html")
    item.published(entry.published)
    item.updated(entry.updated)
    for name, url in entry.authors:
        if kind == "atom":
            item.author({"name": name, "uri": url} if url else {"name": name})
        else:
            item.dc.dc_creator(name)  # RSS <author> must be an e-mail address
    for category in entry.categories:
        item.category(term=category)
    if entry.summary_html:
        item.summary(entry.summary_html, type="html")
    if entry.content_html:
        item.content(entry.content_html, type="CDATA" if kind == "rss" else "html")
    if entry.enclosure and kind == "rss":  # Atom: see _with_atom_enclosures()
        item.enclosure(entry.enclosure.url, str(entry.enclosure.length), entry.enclosure.mime_type)


def _with_stylesheet(body: bytes, stylesheet_url: str) -> bytes:
    """Insert an xml-stylesheet instruction after the XML declaration."""
    if not stylesheet_url:
        return body
    declaration, _, rest = body.partition(b"?>")
    instruction = f'\n<?xml-stylesheet type="text/xsl" href="{stylesheet_url}"?>'.encode()
    return declaration + b"?>" + instruction + rest
