"""Finding where a linked page takes notifications (W3C Webmention §3.1.2, then pingback).

The Webmention endpoint is, in this order: the first HTTP ``Link`` header with
``rel="webmention"`` (rel may hold several values), else the first ``<link>`` or ``<a>``
element with that rel and an ``href`` (an empty one names the page itself). A
relative endpoint is resolved against the page's URL after redirects, and its query
string is kept. Without one, the pingback endpoint: the ``X-Pingback`` header, else
``<link rel="pingback">``.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

from mentions.fetcher import Fetched, Fetcher, FetchError

_LINK_VALUE = re.compile(r"<(?P<url>[^>]*)>(?P<params>[^,]*(?:,(?!\s*<)[^,]*)*)")
_REL = re.compile(r"""(?:^|;)\s*rel\s*=\s*(?:"(?P<quoted>[^"]*)"|(?P<bare>[^;\s]+))""", re.I)


@dataclass(frozen=True)
class Endpoint:
    protocol: str  # webmention or pingback
    url: str


def from_link_headers(values: tuple[str, ...], base: str, rel: str) -> str:
    """The first URL of ``Link`` header values whose rel includes ``rel`` ("" if none)."""
    for value in values:
        for match in _LINK_VALUE.finditer(value):
            found = _REL.search(match["params"])
            if found and rel in (found["quoted"] or found["bare"] or "").lower().split():
                return urljoin(base, match["url"].strip())
    return ""


class _Rels(HTMLParser):
    """The first ``<link>``/``<a>`` href per rel value, in document order."""

    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "base" and values.get("href") and not self.found:
            self.base = urljoin(self.base, values["href"] or "")
        if tag not in ("link", "a") or values.get("href") is None:
            return
        for rel in (values.get("rel") or "").lower().split():
            self.found.setdefault(rel, urljoin(self.base, (values["href"] or "").strip()))


def endpoint_of(page: Fetched) -> Endpoint | None:
    """The endpoint a fetched page names, Webmention first."""
    webmention = from_link_headers(page.links, page.url, "webmention")
    if webmention:
        return Endpoint("webmention", webmention)
    rels = _Rels(page.url)
    if page.content_type in ("text/html", "application/xhtml+xml"):
        rels.feed(page.text())
    if "webmention" in rels.found:
        return Endpoint("webmention", rels.found["webmention"])
    pingback = page.headers.get("x-pingback", "").strip() or rels.found.get("pingback", "")
    return Endpoint("pingback", urljoin(page.url, pingback)) if pingback else None


def discover(fetcher: Fetcher, target: str) -> Endpoint | None:
    """Fetch ``target`` (redirects followed) and return its endpoint; FetchError passes,
    and a server error is one (tried again next time)."""
    page = fetcher.fetch(target, headers={"Accept": "text/html, */*;q=0.5"})
    if page.status >= 500:
        raise FetchError(f"the page answers HTTP {page.status}")
    return endpoint_of(page)
