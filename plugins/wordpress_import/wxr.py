"""Streaming reader of WordPress exports (WXR 1.0 to 1.2, a newer 1.x read like 1.2).

lxml's iterparse hands over one ``<item>`` at a time, with its comments; each is cleared
after use and removed from its parent, so a 200 MB export never becomes 200 MB of
objects. Fields are taken by namespace, not by prefix: a ``wp:author`` whose ``wp``
names another namespace is no author (exports can redefine prefixes).

What WordPress's own importer reads, we read: a namespace that is no valid URI
(``http://ëxämplë.com/``) is noted and read anyway; an export of an old WordPress with
``]]>`` unescaped inside CDATA is read again through ``cdata.repaired`` (as WordPress's
regex parser reads it). A declared entity (``<!ENTITY …>``) is refused: it would expand
text the editor never wrote. Anything else that is not XML stops the import with the
file, the line and libxml2's reason.

Like WordPress's importer, the reader insists on the channel's ``wp:wxr_version``: a file
without one, or with one that is no version number (digits, a dot, digits), "does not
appear to be a WXR file" and is refused. A version newer than 1.2 is read like 1.2 and
noted (WordPress warns and imports it too).
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from lxml import etree

from wordpress_import.cdata import repaired
from wordpress_import.model import Author, Category, Comment, Item, Menu, Notice, Site, Term

# 1.0 to 1.2 are WordPress's so far; a newer 1.x is read like them, as WordPress reads
# any namespace its "wp" prefix is bound to (see _wxr_version).
WXR_VERSIONS = tuple(f"1.{minor}" for minor in range(10))
WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(?P<version>1\.[0-9])/$")
_EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.[0-9]/excerpt/$")
_OTHER_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
_SITE_FIELDS = {
    "title": "title",
    "link": "link",
    "pubDate": "pub_date",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}
_NOT_AN_EXPORT = "not a WordPress export (no wordpress.org/export namespace)"
# WordPress's importer (all three of its parsers) accepts exactly this after trim().
_WXR_VERSION = re.compile(r"^[0-9]+\.[0-9]+$")
_PHP_TRIM = " \t\n\r\0\x0b"
NEWEST_WXR_VERSION = (1, 2)
_REFUSED_TOO = 'WordPress\'s importer refuses the file too: "This does not appear to be a WXR file"'
# libxml2 errors WordPress's importer reads past: a namespace name that is no valid URI.
_TOLERATED = ("WAR_NS_URI", "WAR_NS_URI_RELATIVE")
Records = Site | Author | Category | Menu | Item | Notice
T = TypeVar("T")


class ExportError(ValueError):
    """The file is no WordPress export, or a broken one; names the file and the line."""


class UnreadableXml(ExportError):
    """The file is no XML. If an old WordPress left ``]]>`` unescaped inside CDATA, it
    reads through ``cdata.repaired`` (``read_repairing`` tries that)."""


def _name(element) -> str:
    """``wp:post_id``, ``title``, ``content:encoded``: the field by namespace, "" for a
    foreign namespace, a comment or a processing instruction."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    name = _NAMES.get(tag)
    if name is None:
        name = _NAMES[tag] = _field_name(tag)
    return name


# Field names by lxml tag ("{namespace}local"): an export has a few dozen distinct tags
# and hundreds of thousands of elements.
_NAMES: dict[str, str] = {}


def _field_name(tag: str) -> str:
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    if not namespace:
        return local
    if WXR_NAMESPACE.match(namespace):
        return "wp:" + local
    if _EXCERPT_NAMESPACE.match(namespace):
        return "excerpt:" + local
    kind = _OTHER_NAMESPACES.get(namespace)
    return f"{kind}:{local}" if kind else ""


def _record_tags() -> list[str]:
    """The tags of the elements a record is made from (the channel's children): lxml
    hands only these to Python, not every one of an item's fields."""
    tags = ["item", "title", "link", "pubDate"]
    for scheme in ("http", "https"):
        for version in WXR_VERSIONS:
            namespace = f"{{{scheme}://wordpress.org/export/{version}/}}"
            tags += [namespace + local for local in _WXR_RECORDS]
    return tags


_WXR_RECORDS = (
    "author",
    "category",
    "tag",
    "term",
    "base_site_url",
    "base_blog_url",
    "wxr_version",
)


def _children(element) -> dict[str, str]:
    """Text of each direct child by field name (the first one wins)."""
    found: dict[str, str] = {}
    for child in element:
        name = _name(child)
        if name and name not in found:
            found[name] = child.text or ""
    return found


def _meta(element, container: str) -> dict[str, str]:
    meta = {}
    for child in element:
        if _name(child) == container:
            values = _children(child)
            key = values.get("wp:meta_key", "")
            if key and key not in meta:
                meta[key] = values.get("wp:meta_value", "")
    return meta


def _number(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.lstrip("-").isdigit() else None


def _comment(element) -> Comment:
    values = {k: v.strip() for k, v in _children(element).items()}
    return Comment(
        id=values.get("wp:comment_id", ""),
        parent=values.get("wp:comment_parent", ""),
        author=values.get("wp:comment_author", ""),
        email=values.get("wp:comment_author_email", ""),
        url=values.get("wp:comment_author_url", ""),
        date=values.get("wp:comment_date", ""),
        date_gmt=values.get("wp:comment_date_gmt", ""),
        content=_children(element).get("wp:comment_content", ""),
        approved=values.get("wp:comment_approved", ""),
        type=values.get("wp:comment_type", ""),
        user_id=values.get("wp:comment_user_id", ""),
        line=element.sourceline or 0,
    )


def _item(element) -> Item:
    values = _children(element)
    terms = tuple(
        Term(child.get("domain", ""), child.get("nicename", ""), (child.text or "").strip())
        for child in element
        if _name(child) == "category" and child.get("domain")
    )
    number = _number(values.get("wp:post_id", "0") or "0")
    parent = _number(values.get("wp:post_parent", "0") or "0")
    if number is None or parent is None:
        raise ExportError(
            f'line {element.sourceline}: "wp:post_id" or "wp:post_parent" is no number'
        )
    return Item(
        id=number,
        type=values.get("wp:post_type", "").strip(),
        title=values.get("title", ""),
        link=values.get("link", "").strip(),
        guid=values.get("guid", "").strip(),
        creator=values.get("dc:creator", "").strip(),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        date=values.get("wp:post_date", "").strip(),
        date_gmt=values.get("wp:post_date_gmt", "").strip(),
        modified=values.get("wp:post_modified", "").strip(),
        modified_gmt=values.get("wp:post_modified_gmt", "").strip(),
        name=values.get("wp:post_name", "").strip(),
        status=values.get("wp:status", "").strip(),
        parent=parent,
        password=values.get("wp:post_password", ""),
        sticky=values.get("wp:is_sticky", "0").strip() == "1",
        terms=terms,
        meta=_meta(element, "wp:postmeta"),
        attachment_url=values.get("wp:attachment_url", "").strip(),
        line=element.sourceline or 0,
        comment_status=values.get("wp:comment_status", "open").strip(),
        menu_order=_number(values.get("wp:menu_order", "0") or "0") or 0,
        pub_date=values.get("pubDate", "").strip(),
        comments=tuple(_comment(c) for c in element if _name(c) == "wp:comment"),
    )


def _author(element) -> Author:
    values = _children(element)
    meta = _meta(element, "wp:author_meta")
    for key in ("author_description", "author_url", "author_bio"):
        if values.get(f"wp:{key}"):
            meta.setdefault(key.removeprefix("author_"), values[f"wp:{key}"])
    login = values.get("wp:author_login", "").strip()
    return Author(
        login=login,
        display_name=(values.get("wp:author_display_name") or login).strip(),
        first_name=values.get("wp:author_first_name", "").strip(),
        last_name=values.get("wp:author_last_name", "").strip(),
        meta=meta,
        id=values.get("wp:author_id", "").strip(),
    )


def _category(element) -> Category:
    values = {k: v.strip() for k, v in _children(element).items()}
    return Category(
        values.get("wp:term_id", ""),
        values.get("wp:category_nicename", ""),
        values.get("wp:cat_name", ""),
        values.get("wp:category_parent", ""),
    )


def _term(element) -> Category | Menu | None:
    """A ``wp:term``: categories and menus matter here (tags come with their items)."""
    values = {k: v.strip() for k, v in _children(element).items()}
    taxonomy = values.get("wp:term_taxonomy", "")
    term_id, slug = values.get("wp:term_id", ""), values.get("wp:term_slug", "")
    name = values.get("wp:term_name", "")
    if taxonomy == "nav_menu":
        return Menu(term_id, slug, name)
    if taxonomy in ("category", "post_tag"):
        return Category(term_id, slug, name, values.get("wp:term_parent", ""), taxonomy)
    return None


def _tag(element) -> Category:
    values = {k: v.strip() for k, v in _children(element).items()}
    return Category(
        values.get("wp:term_id", ""),
        values.get("wp:tag_slug", ""),
        values.get("wp:tag_name", ""),
        taxonomy="post_tag",
    )


def iter_export(
    path: Path, progress: Callable[[int], None] | None = None, repair: bool = False
) -> Iterator[Records]:
    """The export's records in file order: authors, categories and menus, then a ``Site``
    when the channel's own fields have been read, then items; ``Notice`` records for
    what was tolerated. ``progress`` hears the bytes read so far. ``repair`` reads an
    export with unescaped ``]]>`` in CDATA (see ``read_repairing``)."""
    with path.open("rb") as stream:
        source = repaired(stream) if repair else stream
        try:
            yield from _records(source, path, progress or (lambda _bytes: None), stream)
        except etree.XMLSyntaxError as error:
            raise UnreadableXml(
                f"{path}:{error.lineno}: not readable as XML ({error.msg})"
            ) from None
        except ExportError as error:
            if str(error).startswith(str(path)):
                raise
            line = re.match(r"^line (\d+): ", str(error))
            where = f"{path}:{line[1]}: {str(error)[line.end() :]}" if line else f"{path}: {error}"
            raise type(error)(where) from None


@dataclass
class _Channel:
    """What has been read of the export's channel so far."""

    version: str = ""  # of the wp: namespace, "" until it is declared
    wxr_version: str = ""  # the channel's first wp:wxr_version, "" until it is read
    site: dict[str, str] = field(default_factory=dict)  # the channel's own fields
    site_sent: bool = False
    errors_seen: int = 0
    entities_checked: bool = False


def _records(source, path: Path, progress: Callable[[int], None], raw) -> Iterator[Records]:
    channel = _Channel()
    # recover=True only so that a namespace libxml2 calls invalid does not end the read;
    # every other error in the log stops it (``_check_log``), as a strict parser would.
    events = etree.iterparse(
        source,
        events=("start-ns", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        recover=True,
        tag=_record_tags(),
    )
    for event, payload in events:
        if event == "start-ns":
            match = WXR_NAMESPACE.match(payload[1])
            channel.version = channel.version or (match["version"] if match else "")
            continue
        if not channel.entities_checked:
            channel.entities_checked = True
            _refuse_entities(payload, path)
        found = list(_channel_record(payload, channel, path))
        if found:
            yield from _check_log(events.error_log, channel)
            yield from found
            progress(raw.tell())
    yield from _check_log(events.error_log, channel)
    if not channel.version:
        raise ExportError(f"{path}: {_NOT_AN_EXPORT}")
    if not channel.wxr_version:
        # WordPress looks for it anywhere in the channel, so only the end of the file
        # tells that it is missing (WordPress's own exports write it at the top).
        raise ExportError(
            f'{path}: no "wp:wxr_version" in the channel; expected the WXR version number '
            f"every WordPress export has, such as <wp:wxr_version>1.2</wp:wxr_version> "
            f"({_REFUSED_TOO})"
        )
    if not channel.site_sent:
        yield Site(version=channel.version, **channel.site)


def _check_log(log, channel: _Channel) -> Iterator[Notice]:
    """Notices for tolerated errors; ExportError for the first other one."""
    entries = list(log)
    for entry in entries[channel.errors_seen :]:
        if entry.type_name in _TOLERATED:
            yield Notice(entry.line, f"{entry.message.strip()}; read anyway, as WordPress does")
            continue
        raise UnreadableXml(f"line {entry.line}: not readable as XML ({entry.message.strip()})")
    channel.errors_seen = len(entries)


def _refuse_entities(element, path: Path) -> None:
    """A declared entity would put text into the import that no editor wrote (and a
    nested one can grow without bound): the export is refused with the declaration's line."""
    dtd = element.getroottree().docinfo.internalDTD
    entities = list(dtd.iterentities()) if dtd is not None else []
    if not entities:
        return
    name = entities[0].name
    line = 1
    with path.open("rb") as stream:
        for number, text in enumerate(stream, start=1):
            if b"<!ENTITY" in text and name.encode() in text:
                line = number
                break
    raise ExportError(
        f'{path}:{line}: declares the entity "{name}"; WordPress never writes entity '
        "declarations, and the import does not expand them: remove the DOCTYPE"
    )


def _channel_record(element, channel: _Channel, path: Path) -> Iterator[Records]:
    """The record of a finished element, if it is one of the channel's; the ``Site``
    before the first item."""
    name = _name(element)
    parent = element.getparent()
    if parent is None or _name(parent) != "channel":
        return
    if name in _SITE_FIELDS:
        channel.site.setdefault(_SITE_FIELDS[name], (element.text or "").strip())
        return
    if name == "wp:wxr_version":
        if not channel.wxr_version:  # the first one counts, as in WordPress
            yield from _wxr_version(element, channel)
        return
    if name not in ("wp:author", "wp:category", "wp:tag", "wp:term", "item"):
        return
    if not channel.version:
        raise ExportError(f"{path}: {_NOT_AN_EXPORT}")
    if name == "item" and not channel.site_sent:
        channel.site_sent = True
        yield Site(version=channel.version, **channel.site)
    if name == "wp:author":
        yield _author(element)
    elif name == "wp:category":
        yield _category(element)
    elif name == "wp:tag":
        yield _tag(element)
    elif name == "wp:term":
        term = _term(element)
        if term is not None:
            yield term
    else:
        yield _item(element)
    # Free what was read: the element and everything before it in the channel.
    element.clear()
    while element.getprevious() is not None:
        del parent[0]


def _wxr_version(element, channel: _Channel) -> Iterator[Notice]:
    """Take the channel's ``wp:wxr_version``: refused unless it is a version number, noted
    when it is newer than the import knows."""
    value = (element.text or "").strip(_PHP_TRIM)
    if not _WXR_VERSION.match(value):
        shown = value if len(value) <= 40 else value[:40] + " …"
        raise ExportError(
            f'line {element.sourceline}: "wp:wxr_version" is "{shown}"; expected a version '
            f"number of digits, a dot and digits, such as 1.2 ({_REFUSED_TOO})"
        )
    channel.wxr_version = value
    if tuple(int(part) for part in value.split(".")) > NEWEST_WXR_VERSION:
        newest = ".".join(map(str, NEWEST_WXR_VERSION))
        yield Notice(
            element.sourceline or 0,
            f"the export is of WXR version {value}, newer than the {newest} the import knows; "
            f"read like {newest}, as WordPress's importer does",
        )


def read_repairing(read: Callable[[bool], T]) -> tuple[T, bool]:
    """``read(False)``; when the file is no XML, ``read(True)`` through ``cdata.repaired``
    (an old WordPress's unescaped ``]]>``). The result and whether the repair was needed;
    when that read fails too, the first error (its line is the file's own)."""
    try:
        return read(False), False
    except UnreadableXml as first:
        try:
            return read(True), True
        except UnreadableXml:
            raise first from None
