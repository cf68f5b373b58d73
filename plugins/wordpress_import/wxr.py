"""Streaming reader of WordPress exports (WXR 1.0 to 1.2, whichever namespace they use).

lxml's iterparse hands over one ``<item>`` at a time; each is cleared after use and
removed from its parent, so a 200 MB export never becomes 200 MB of objects.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from wordpress_import.model import Author, Category, Item, Site, Term

WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(?P<version>1\.[0-2])/$")
_SITE_FIELDS = ("title", "link", "base_site_url", "base_blog_url")  # the channel's own
_NOT_AN_EXPORT = "not a WordPress export (no wordpress.org/export namespace)"


class ExportError(ValueError):
    """The file is no WordPress export, or a broken one; names the file and the line."""


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element) -> dict[str, str]:
    """Text of each direct child by local name (the first one wins)."""
    found: dict[str, str] = {}
    for child in element:
        name = _local(child)
        if name and name not in found:
            found[name] = child.text or ""
    return found


def _meta(element, container: str = "postmeta") -> dict[str, str]:
    meta = {}
    for child in element:
        if _local(child) == container:
            values = _children(child)
            key = values.get("meta_key", "")
            if key and key not in meta:
                meta[key] = values.get("meta_value", "")
    return meta


def _item(element) -> Item:
    values = _children(element)
    terms = tuple(
        Term(child.get("domain", ""), child.get("nicename", ""), (child.text or "").strip())
        for child in element
        if _local(child) == "category" and child.get("domain")
    )
    content = encoded = ""
    for child in element:
        if _local(child) == "encoded":
            namespace = etree.QName(child).namespace or ""
            if "excerpt" in namespace:
                encoded = child.text or ""
            else:
                content = child.text or ""
    try:
        number = int(values.get("post_id", "0") or 0)
        parent = int(values.get("post_parent", "0") or 0)
    except ValueError:
        raise ExportError(
            f'line {element.sourceline}: "wp:post_id" or "wp:post_parent" is no number'
        ) from None
    return Item(
        id=number,
        type=values.get("post_type", "post").strip(),
        title=values.get("title", ""),
        link=values.get("link", "").strip(),
        guid=values.get("guid", "").strip(),
        creator=values.get("creator", "").strip(),
        content=content,
        excerpt=encoded,
        date=values.get("post_date", "").strip(),
        date_gmt=values.get("post_date_gmt", "").strip(),
        modified=values.get("post_modified", "").strip(),
        modified_gmt=values.get("post_modified_gmt", "").strip(),
        name=values.get("post_name", "").strip(),
        status=values.get("status", "").strip(),
        parent=parent,
        password=values.get("post_password", ""),
        sticky=values.get("is_sticky", "0").strip() == "1",
        terms=terms,
        meta=_meta(element),
        attachment_url=values.get("attachment_url", "").strip(),
        line=element.sourceline or 0,
        comment_status=values.get("comment_status", "open").strip(),
        menu_order=int(values.get("menu_order", "0").strip() or 0)
        if values.get("menu_order", "0").strip().lstrip("-").isdigit()
        else 0,
    )


def _author(element) -> Author:
    values = _children(element)
    meta = _meta(element, "author_meta")
    for key in ("author_description", "author_url", "author_bio"):
        if values.get(key):
            meta.setdefault(key.removeprefix("author_"), values[key])
    return Author(
        login=values.get("author_login", "").strip(),
        display_name=(values.get("author_display_name") or values.get("author_login", "")).strip(),
        first_name=values.get("author_first_name", "").strip(),
        last_name=values.get("author_last_name", "").strip(),
        meta=meta,
    )


def _category(element) -> Category:
    values = _children(element)
    return Category(
        values.get("term_id", "").strip(),
        values.get("category_nicename", "").strip(),
        values.get("cat_name", "").strip(),
        values.get("category_parent", "").strip(),
    )


def iter_export(path: Path) -> Iterator[Site | Author | Category | Item]:
    """The export's records in file order: authors and categories, then a ``Site`` when
    the channel's own fields have been read, then items."""
    try:
        yield from _records(path)
    except etree.XMLSyntaxError as error:
        raise ExportError(f"{path}:{error.lineno}: not readable as XML ({error.msg})") from None
    except ExportError as error:
        if str(error).startswith(str(path)):
            raise
        raise ExportError(f"{path}: {error}") from None


@dataclass
class _Channel:
    """What has been read of the export's channel so far."""

    version: str = ""  # of the wp: namespace, "" until it is declared
    site: dict[str, str] = field(default_factory=dict)  # the channel's own fields
    site_sent: bool = False


def _records(path: Path) -> Iterator[Site | Author | Category | Item]:
    channel = _Channel()
    events = etree.iterparse(
        str(path),
        events=("start-ns", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        remove_comments=True,
    )
    for event, payload in events:
        if event == "start-ns":
            match = WXR_NAMESPACE.match(payload[1])
            channel.version = channel.version or (match["version"] if match else "")
        else:
            yield from _channel_record(payload, channel, path)
    if not channel.version:
        raise ExportError(f"{path}: {_NOT_AN_EXPORT}")
    if not channel.site_sent:
        yield Site(version=channel.version, **channel.site)


def _channel_record(
    element, channel: _Channel, path: Path
) -> Iterator[Site | Author | Category | Item]:
    """The record of a finished element, if it is one of the channel's; the ``Site``
    before the first item."""
    name = _local(element)
    parent = element.getparent()
    parent_name = _local(parent) if parent is not None else ""
    if parent_name == "channel" and name in _SITE_FIELDS:
        channel.site[name] = (element.text or "").strip()
        return
    if parent_name != "channel" or name not in ("author", "category", "item"):
        return
    if not channel.version:
        raise ExportError(f"{path}: {_NOT_AN_EXPORT}")
    if name == "item" and not channel.site_sent:
        channel.site_sent = True
        yield Site(version=channel.version, **channel.site)
    if name == "author":
        yield _author(element)
    elif name == "category":
        yield _category(element)
    else:
        yield _item(element)
    # Free what was read: the element and everything before it in the channel.
    element.clear()
    while element.getprevious() is not None:
        del parent[0]
