"""Feed entries and feeds as plain records, serialised to Atom 1.0 and RSS 2.0 with feedgen.

Pure: no Pelican. Everything that could vary between two builds of the same content
(the build time, feedgen's default "now", dict order) is set explicitly, so the same
entries always give the same bytes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from newsroom.dates import iso, long_date

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
GENERATOR = "Hafenlicht (feedgen)"
ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    mime_type: str


@dataclass(frozen=True)
class Category:
    term: str
    scheme: str = ""  # the site's list of such terms, e.g. https://blog.example/thema/


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    authors: tuple[tuple[str, str], ...]  # (name, page URL or "")
    categories: tuple[Category, ...]
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
    """The feed as Atom (``kind="atom"``) or RSS 2.0 (``kind="rss"``) bytes.

    ``entries`` come in the order they are written (newest first). A feed without
    entries is refused: its date would have to be invented, and it would be the build
    time, which differs between two builds.
    """
    if not entries:
        raise ValueError(f"feed {feed.atom_url} has no entries; empty feeds are not written")
    generator = FeedGenerator()
    generator.load_extension("dc")
    generator.register_extension("in_browser", _InBrowserNamespace, _InBrowser)
    if kind == "atom":
        generator.register_extension(
            "enclosure_link", BaseExtension, _EnclosureLink, atom=True, rss=False
        )
    generator.id(feed.id)
    generator.title(feed.title)
    generator.subtitle(feed.subtitle or feed.title)  # RSS needs a description
    generator.language(feed.language)
    generator.generator(GENERATOR)
    self_link = {
        "href": feed.atom_url if kind == "atom" else feed.rss_url,
        "rel": "self",
        "type": ATOM_TYPE if kind == "atom" else RSS_TYPE,
    }
    page_link = {"href": feed.page_url, "rel": "alternate", "type": "text/html"}
    # feedgen writes the last alternate link as RSS's <channel><link> and only the self
    # link as <atom:link>; in Atom every link is written as given.
    links = [page_link, self_link] if kind == "atom" else [self_link, page_link]
    if feed.hub_url and kind == "atom":
        links.append({"href": feed.hub_url, "rel": "hub"})
    for link in links:
        generator.link(**link)
    if feed.logo_url:
        generator.logo(feed.logo_url)  # Atom <logo>, RSS <image>
    if feed.icon_url:
        generator.icon(feed.icon_url)
    if feed.rights:
        generator.rights(feed.rights)
    # Also RSS's lastBuildDate: the content's time, never the build's.
    generator.updated(max(entry.updated for entry in entries))
    for entry in entries:
        _add(generator, entry, kind)
    if kind == "atom":
        body = generator.atom_str(pretty=True)
    else:
        body = generator.rss_str(pretty=True)
        if feed.hub_url:
            body = _with_rss_hub(body, feed.hub_url)
    return _with_stylesheet(body, feed.stylesheet_url)


def _add(generator: FeedGenerator, entry: Entry, kind: str) -> None:
    item = generator.add_entry(order="append")
    item.id(entry.id)
    item.guid(entry.id, permalink=False)  # the tag URI, not the URL: see ids.py
    item.title(entry.title)
    item.link(href=entry.url, rel="alternate", type="text/html")
    item.published(entry.published)
    item.updated(entry.updated)
    for name, url in entry.authors:
        if kind == "atom":
            item.author({"name": name, "uri": url} if url else {"name": name})
        else:
            item.dc.dc_creator(name)  # RSS's own <author> must be an e-mail address
    for category in entry.categories:
        if category.scheme:
            item.category(term=category.term, scheme=category.scheme, label=category.term)
        else:
            item.category(term=category.term)
    if entry.summary_html:
        item.summary(entry.summary_html, type="html")
    if entry.content_html:
        # Escaped text, not CDATA: an article quoting "]]>" would end a CDATA section.
        item.content(entry.content_html, type="html")
    if entry.enclosure and kind == "rss":
        item.enclosure(entry.enclosure.url, str(entry.enclosure.length), entry.enclosure.mime_type)
    if entry.enclosure and kind == "atom":  # see _EnclosureLink
        item.enclosure_link.enclosure = entry.enclosure
    item.in_browser.entry = entry
    item.in_browser.language = generator.language()


class _InBrowserNamespace(BaseExtension):
    def extend_ns(self) -> dict[str, str]:
        return {"h": XHTML}


class _InBrowser(BaseEntryExtension):
    """What a person sees of an entry when opening the feed in a browser: its title as
    a link to the article and its date in the feed's language, right after the title.

    A stylesheet cannot make a link or format a date, and XSLT is being removed from
    browsers. Elements in the XHTML namespace are links and text in any XML document a
    browser shows; feed readers skip them as foreign markup (RFC 4287, section 6), and
    the feed's stylesheet shows them in place of the entry's own title and date.
    """

    entry: Entry | None = None
    language: str = ""

    def _extend(self, item: etree._Element) -> etree._Element:
        if self.entry is None:
            return item
        link = etree.Element(f"{{{XHTML}}}a", {"href": self.entry.url})
        link.text = self.entry.title
        shown = etree.Element(f"{{{XHTML}}}time", {"datetime": iso(self.entry.published)})
        shown.text = long_date(self.entry.published, self.language or "de")
        title = item.find("title")
        title.addnext(link)
        link.addnext(shown)
        return item

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        return self._extend(entry)

    def extend_rss(self, item: etree._Element) -> etree._Element:
        return self._extend(item)


class _EnclosureLink(BaseEntryExtension):
    """An Atom entry's ``<link rel="enclosure">``, right after its alternate link.

    feedgen 1.0 writes entry links without their ``rel``, ``type`` and ``length``
    attributes (in ``FeedEntry.atom_entry`` the link dict is shadowed by the new
    element), so an enclosure given to feedgen would read as a second alternate link.
    """

    enclosure: Enclosure | None = None

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        if self.enclosure is not None:
            # Unqualified like feedgen's own elements: the feed's default namespace.
            link = etree.Element(
                "link",
                {
                    "rel": "enclosure",
                    "type": self.enclosure.mime_type,
                    "length": str(self.enclosure.length),
                    "href": self.enclosure.url,
                },
            )
            entry.find("link").addnext(link)
        return entry


def _with_rss_hub(body: bytes, hub_url: str) -> bytes:
    """feedgen writes only the self link into RSS; WebSub wants the hub next to it."""
    tree = etree.fromstring(body)
    self_link = tree.find(f"channel/{{{ATOM}}}link")
    hub = etree.Element(f"{{{ATOM}}}link", {"href": hub_url, "rel": "hub"})
    hub.tail = self_link.tail
    self_link.addnext(hub)
    return etree.tostring(tree, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _with_stylesheet(body: bytes, stylesheet_url: str) -> bytes:
    """Insert an xml-stylesheet instruction after the XML declaration."""
    if not stylesheet_url:
        return body
    declaration, _, rest = body.partition(b"?>")
    href = stylesheet_url.replace("&", "&amp;").replace('"', "&quot;")
    instruction = f'\n<?xml-stylesheet type="text/css" href="{href}"?>'.encode()
    return declaration + b"?>" + instruction + rest
