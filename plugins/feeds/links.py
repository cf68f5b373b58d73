"""Absolute URLs in feed content: feed readers have no page address to resolve against.

Feeds never carry scripts: ``<script>`` elements, event-handler attributes (``onclick``)
and ``javascript:`` URLs that an editor's raw HTML brought into an article are left out
of its entry (a feed reader has no Content-Security-Policy of ours to stop them).

A feed entry's HTML is read with the standard library's HTML tokenizer (never with
regular expressions over HTML). Only start tags that carry a URL attribute are
rewritten; every other character of the input is passed through unchanged, so the
feed shows exactly the markup the page shows. A tree-building parser (lxml's libxml2)
was rejected: it re-serialises the whole fragment and does not know HTML5 elements
such as ``<picture>``/``<source>``, which it would nest wrongly.

Pure: strings in, string out.
"""

import html
from html.parser import HTMLParser
from itertools import accumulate
from urllib.parse import urljoin, urlsplit

# Attributes that hold one URL (HTML5 and the SVG ``href`` of inline pictures).
URL_ATTRIBUTES = frozenset(
    {"href", "src", "poster", "cite", "action", "formaction", "data", "xlink:href"}
)
# Attributes that hold a comma-separated list of "URL descriptor" candidates.
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
# URLs that are complete without a base (a scheme other than http(s) included).
_KEEP_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")


def absolute_url(value: str, base_url: str) -> str:
    """``value`` resolved against ``base_url``; a lone ``#anchor`` points into the page."""
    value = value.strip()
    if not value or value.lower().startswith(_KEEP_SCHEMES):
        return value or base_url
    if urlsplit(value).scheme:
        return value
    return urljoin(base_url, value)


def absolute_srcset(value: str, base_url: str) -> str:
    """Each candidate of a ``srcset`` made absolute, descriptors ("2x", "480w") kept."""
    candidates = []
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            candidates.append(" ".join([absolute_url(parts[0], base_url), *parts[1:]]))
    return ", ".join(candidates)


_SCRIPT_SCHEMES = ("javascript:", "vbscript:")


def absolutize(fragment: str, base_url: str) -> str:
    """``fragment`` with every relative URL resolved against ``base_url``, without scripts."""
    if "=" not in fragment and "<script" not in fragment.lower():
        return fragment  # no attribute and no script: nothing to rewrite
    rewriter = _Rewriter(fragment, base_url)
    return rewriter.result()


class _Rewriter(HTMLParser):
    """Collects (offset, raw start tag, new start tag) for tags with URL attributes."""

    def __init__(self, text: str, base_url: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.base_url = base_url
        self._line_offsets: list[int] | None = None  # made when the first tag changes
        self._changes: list[tuple[int, str, str]] = []

    def result(self) -> str:
        self.feed(self.text)
        self.close()
        pieces, position = [], 0
        for offset, raw, new in self._changes:
            pieces.append(self.text[position:offset])
            pieces.append(new)
            position = offset + len(raw)
        pieces.append(self.text[position:])
        return "".join(pieces)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._script_start = self._offset()
            return
        self._rewrite(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            raw = self.get_starttag_text() or ""
            self._changes.append((self._offset(), raw, ""))
            return
        self._rewrite(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        start = getattr(self, "_script_start", None)
        if tag != "script" or start is None:
            return
        end = self.text.find(">", self._offset()) + 1 or len(self.text)
        self._changes.append((start, self.text[start:end], ""))  # the whole element goes
        self._script_start = None

    def close(self) -> None:
        super().close()
        start = getattr(self, "_script_start", None)
        if start is not None:  # a <script> never closed: everything after it is script
            self._changes.append((start, self.text[start:], ""))

    def _offset(self) -> int:
        line, column = self.getpos()
        if self._line_offsets is None:
            # HTMLParser counts lines at "\n" only (not at U+2028 like str.splitlines).
            self._line_offsets = [0, *accumulate(len(part) + 1 for part in self.text.split("\n"))]
        return self._line_offsets[line - 1] + column

    def _rewrite(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text()
        if raw is None:
            return
        changed = False
        rewritten: list[tuple[str, str | None]] = []
        for name, value in attrs:
            if name.startswith("on") or _is_script_url(name, value):
                changed = True  # an event handler or a javascript: URL: left out
                continue
            if value is not None and name in URL_ATTRIBUTES:
                new = absolute_url(value, self.base_url)
            elif value is not None and name in SRCSET_ATTRIBUTES:
                new = absolute_srcset(value, self.base_url)
            else:
                new = value
            changed = changed or new != value
            rewritten.append((name, new))
        if not changed:
            return
        offset = self._offset()
        if self.text[offset : offset + len(raw)] != raw:  # never write what we did not read
            return
        attributes = "".join(
            f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"'
            for name, value in rewritten
        )
        closing = "/>" if raw.endswith("/>") else ">"
        self._changes.append((offset, raw, f"<{tag}{attributes}{closing}"))


def _is_script_url(name: str, value: str | None) -> bool:
    if value is None or name not in URL_ATTRIBUTES:
        return False
    # Browsers ignore control characters and spaces inside the scheme ("java\tscript:").
    scheme = "".join(char for char in value if char > " ").lower()
    return scheme.startswith(_SCRIPT_SCHEMES)
