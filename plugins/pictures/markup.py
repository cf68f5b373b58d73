"""Pictures in an article's HTML: width and height on every <img>, variants for rasters.

The editor writes ``![Alt](…)`` as before; the rendered ``<img>`` gets its size (no
layout shift while it loads), ``loading="lazy"`` and, for raster pictures, a
``<picture>`` with the WebP variants in a ``srcset``.
"""

import re
from collections.abc import Callable
from html import escape, unescape

from pictures.variants import Picture

_IMG = re.compile(r"<img\b(?P<attributes>[^>]*?)\s*/?>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s>]+)))?')
_INTRASITE = re.compile(r"^\{(?:static|filename)\}/?")

# The article column is 42rem wide at most; below that, the screen minus the margins.
COLUMN_SIZES = "(min-width: 44.5rem) 42rem, calc(100vw - 2.5rem)"


def site_path(src: str) -> str | None:
    """The site-relative path an <img src> names, or None for another host's or data URL."""
    if re.match(r"^([a-z][a-z0-9+.-]*:|//)", src, re.IGNORECASE):
        return None
    return _INTRASITE.sub("", src).lstrip("/").split("?")[0].split("#")[0] or None


def attributes(tag_attributes: str) -> dict[str, str | None]:
    return {
        match[1].lower(): _value(match.groups()[1:])
        for match in _ATTRIBUTE.finditer(tag_attributes)
    }


def rewrite_images(
    html: str, lookup: Callable[[str], Picture | None], siteurl: str, sizes: str = COLUMN_SIZES
) -> str:
    """``html`` with each of our pictures sized, lazy and (for rasters) responsive."""
    if "<img" not in html and "<IMG" not in html:
        return html

    def replace(match: re.Match) -> str:
        found = attributes(match["attributes"])
        path = site_path(found.get("src") or "")
        picture = lookup(path) if path else None
        if picture is None:
            return match[0]
        found.setdefault("width", str(picture.width))
        found.setdefault("height", str(picture.height))
        found.setdefault("loading", "lazy")
        found.setdefault("decoding", "async")
        img = (
            "<img "
            + " ".join(
                name if value is None else f'{name}="{escape(value)}"'
                for name, value in found.items()
            )
            + ">"
        )
        if not picture.variants:
            return img
        source = (
            f'<source type="{picture.mime_type}" srcset="{escape(picture.srcset(siteurl))}"'
            f' sizes="{escape(sizes)}">'
        )
        return f"<picture>{source}{img}</picture>"

    return _IMG.sub(replace, html)


def _value(groups: tuple) -> str | None:
    value = next((v for v in groups if v is not None), None)
    return None if value is None else unescape(value)
