"""rel="sponsored" on the outgoing links of paid articles (Disclosure sponsored/affiliate).

Search engines ask for it on every link someone paid for; in an article marked as
sponsored or affiliate, every link to another host is treated as such.
"""

import re

PAID = {"sponsored", "affiliate"}
_LINK = re.compile(r"<a\b([^>]*)>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*["']?(https?://[^"'\s>]+)""", re.IGNORECASE)
_REL = re.compile(r"""\brel\s*=\s*(["'])(.*?)\1""", re.IGNORECASE)


def mark_sponsored(html: str, site_host: str) -> str:
    """``html`` with rel="sponsored" added to each link that leaves ``site_host``."""

    def replace(match: re.Match) -> str:
        attributes = match[1]
        href = _HREF.search(attributes)
        if not href or _host(href[1]) == site_host:
            return match[0]
        rel = _REL.search(attributes)
        if rel is None:
            return f'<a{attributes} rel="sponsored">'
        if "sponsored" in rel[2].split():
            return match[0]
        quote, values = rel[1], f"{rel[2]} sponsored".strip()
        return f"<a{attributes[: rel.start()]}rel={quote}{values}{quote}{attributes[rel.end() :]}>"

    return _LINK.sub(replace, html)


def _host(url: str) -> str:
    return url.split("//", 1)[1].split("/", 1)[0].split(":")[0].lower()
