"""WordPress shortcodes: the ones we understand become HTML the converter knows, every
other one stays visible in the text (as code) and is reported by name.

The grammar follows WordPress's ``get_shortcode_regex``: ``[name attrs]``, ``[name/]`` or
``[name attrs]inner[/name]``, attributes as ``key="value"``, ``key='value'`` or ``key=value``.
"""

import re
from collections.abc import Callable
from html import escape

from wordpress_import.media import from_shortcode

_SHORTCODE = re.compile(
    r"\[(?P<name>[a-z][a-z0-9_-]*)(?P<attrs>(?:\s[^\]]*?)?)(?P<close>/)?\]"
    r"(?:(?P<inner>(?:(?!\[(?P=name)[\s\]/]).)*?)\[/(?P=name)\])?",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
CODE_SHORTCODES = ("code", "sourcecode")  # handled before everything else, kept verbatim
EMBED_SHORTCODES = ("embed", "youtube", "vimeo", "video", "audio", "tweet", "instagram", "spotify")


def attributes(text: str) -> dict[str, str]:
    values = {}
    for match in _ATTRIBUTE.finditer(text or ""):
        values[match[1].lower()] = next(v for v in match.groups()[1:] if v is not None)
    return values


def replace_shortcodes(
    text: str,
    gallery: Callable[[dict[str, str]], str],
    unknown: Callable[[str], None],
) -> str:
    """``text`` with [caption], [gallery] and embeds turned into HTML and every other
    shortcode wrapped in ``<code>``; ``unknown`` hears the name of each of those."""

    def replace(match: re.Match) -> str:
        name, attrs = match["name"], attributes(match["attrs"])
        inner = match["inner"]
        if name in ("caption", "wp_caption"):
            return _caption(inner or "", attrs)
        if name == "gallery":
            return gallery(attrs)
        if name in ("video", "audio"):
            element = from_shortcode(name, attrs, inner or "")
            if element:
                return element
        if name in EMBED_SHORTCODES:
            url = (inner or "").strip() or attrs.get("src") or attrs.get("url") or ""
            url = url or next((v for v in attrs.values() if v.startswith("http")), "")
            if not url:
                first = (match["attrs"] or "").strip().lstrip("=")
                url = first if first.startswith("http") else ""
            if url:
                return f'\n\n<div data-wpimport-embed="{escape(url)}"></div>\n\n'
        unknown(name)
        if inner is None:
            return f"<code>{escape(match.group(0))}</code>"
        tag = "[" + name + (match["attrs"] or "") + "]"
        opening = f"<code>{escape(tag)}</code>"
        closing = f"<code>[/{escape(name)}]</code>"
        return opening + replace_shortcodes(inner, gallery, unknown) + closing

    return _SHORTCODE.sub(replace, text)


def _caption(inner: str, attrs: dict[str, str]) -> str:
    """``[caption]<a><img></a> Text[/caption]`` as a ``<figure>`` with ``<figcaption>``."""
    image = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.DOTALL)
    if not image:
        return inner
    caption = attrs.get("caption") or image[2].strip()
    return f"\n\n<figure>{image[1]}<figcaption>{caption}</figcaption></figure>\n\n"
