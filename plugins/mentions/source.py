"""What a mention's source page says: whether it links to us, and who wrote what, when.

Pure functions of the fetched text. Author, title, excerpt and date come from the
page's first microformats2 ``h-entry`` (parsed by mf2py); a page without one gives its
HTML ``<title>`` and its host name.
"""

from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import mf2py

EXCERPT_LENGTH = 280
LINKING = {"a": "href", "area": "href", "img": "src", "audio": "src", "video": "src"}


@dataclass(frozen=True)
class SourceInfo:
    title: str
    author: str  # "" when the page names nobody
    excerpt: str  # plain text
    published: datetime | None


def normalise(url: str) -> str:
    """A URL for comparison: no fragment, lower-case scheme and host, no default page."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    for default in ("index.html", "index.htm"):
        if path.endswith(f"/{default}"):
            path = path[: -len(default)]
    netloc = (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{netloc}{path.rstrip('/') or '/'}{query}"


class _Links(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.urls: list[str] = []
        self.title_parts: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "base" and values.get("href"):
            self.base = urljoin(self.base, values["href"] or "")
        attribute = LINKING.get(tag)
        if attribute and values.get(attribute):
            self.urls.append(urljoin(self.base, (values[attribute] or "").strip()))
        self._in_title = tag == "title" or self._in_title

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)


def links_to(text: str, content_type: str, source_url: str, target: str) -> bool:
    """Whether the source links to ``target`` (HTML: a link or embed; else: the URL text)."""
    if content_type not in ("text/html", "application/xhtml+xml", ""):
        return target in text
    parser = _Links(source_url)
    parser.feed(text)
    wanted = normalise(target)
    return any(normalise(url) == wanted for url in parser.urls)


def describe(text: str, source_url: str) -> SourceInfo:
    """Title, author, excerpt and date of the source, from its h-entry or its <title>."""
    parser = _Links(source_url)
    parser.feed(text)
    page_title = " ".join("".join(parser.title_parts).split())
    entry = _first_entry(mf2py.parse(doc=text, url=source_url, html_parser="html.parser"))
    host = urlsplit(source_url).hostname or source_url
    if entry is None:
        return SourceInfo(page_title or host, "", "", None)
    properties = entry.get("properties", {})
    content = _plain(_first(properties.get("summary")) or _first(properties.get("content")))
    name = _plain(_first(properties.get("name")))
    # mf2 implies a name from the whole text of a note; that is no title.
    title = name if name and name != content else page_title or host
    return SourceInfo(
        " ".join(title.split())[:200],
        _author(properties.get("author")),
        _shorten(content),
        _date(_plain(_first(properties.get("published")))),
    )


def _first_entry(parsed: dict) -> dict | None:
    stack = list(parsed.get("items", []))
    while stack:
        item = stack.pop(0)
        if "h-entry" in item.get("type", []):
            return item
        stack[:0] = item.get("children", [])
    return None


def _first(values: list | None) -> object:
    return values[0] if values else ""


def _plain(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("value") or value.get("name") or ""
        if isinstance(value, list):
            value = value[0] if value else ""
    return " ".join(str(value).split())


def _author(values: list | None) -> str:
    author = _first(values)
    if isinstance(author, dict):
        names = author.get("properties", {}).get("name") or [author.get("value", "")]
        return _plain(names[0])[:80]
    return _plain(author)[:80]


def _shorten(text: str) -> str:
    if len(text) <= EXCERPT_LENGTH:
        return text
    return text[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + " …"


def _date(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
