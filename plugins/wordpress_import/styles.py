"""Pictures in a post's CSS: ``style="background-image:url(…)"`` and ``<style>`` elements.

Our Markdown carries no styles (the theme decides how a page looks), so such a picture is
left out, like a cover block's background video; this module finds each one so that the
report names it. It reads CSS as far as that matters: a comment is no text, a ``url()``
inside a string is no picture, ``url(`` may be written in any case, with or without
quotes, and CSS escapes (``bg\\28a\\29.jpg`` is ``bg(a).jpg``) are decoded. A ``data:``
URI is no file and is not named.
"""

import re

_TOKEN = re.compile(
    r"/\*.*?\*/"  # a comment
    r"""|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'"""  # a string
    r"""|\burl\(\s*(?:"(?P<double>(?:\\.|[^"\\])*)"|'(?P<single>(?:\\.|[^'\\])*)'"""
    r"""|(?P<bare>(?:\\.|[^)\s"'\\])*))\s*\)""",
    re.IGNORECASE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\(?:(?P<hex>[0-9a-fA-F]{1,6})[ \t\n]?|(?P<char>.))", re.DOTALL)


def _unescape(match: re.Match) -> str:
    if match["hex"] is None:
        return match["char"]
    code = int(match["hex"], 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def css_urls(css: str) -> list[str]:
    """The addresses of the files ``css`` uses (``url(…)``), in their order."""
    urls = []
    for match in _TOKEN.finditer(css or ""):
        raw = next((v for v in match.group("double", "single", "bare") if v is not None), None)
        url = _ESCAPE.sub(_unescape, raw).strip() if raw else ""
        if url and not url.lower().startswith("data:"):
            urls.append(url)
    return urls


def background_pictures(soup) -> list[str]:
    """Every picture the CSS of a post's HTML (a parsed tree) uses, in document order."""
    found = []
    for element in soup.find_all(lambda tag: tag.name == "style" or tag.has_attr("style")):
        css = element.get_text() if element.name == "style" else element["style"]
        found += css_urls(css)
    return list(dict.fromkeys(found))
