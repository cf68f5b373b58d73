"""Content-hashed names for the theme's files (docs/reader.md, "Reader: loading, weight, caching").

``css/site.css`` becomes ``css/site.3f2a9c1b7d.css``: ten hex digits of the SHA-256 of
what is served, so a web server may cache anything named like that for a year. A
stylesheet names fonts and pictures by their hashed names too, and its own hash is
taken after that rewrite: a changed font changes the stylesheet's name as well.
"""

import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from newsroom.files import write_atomically

HASHED_SUFFIXES = (".css", ".js", ".woff2", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".avif")
HASHED_NAME = re.compile(r"\.[0-9a-f]{10}\.(css|js|woff2|svg|png|jpg|jpeg|webp|avif)$")
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")


@dataclass(frozen=True)
class Asset:
    source: str  # path below the theme's static folder, e.g. css/site.css
    name: str  # the hashed path, e.g. css/site.3f2a9c1b7d.css
    data: bytes  # what is served under the hashed name (a stylesheet rewritten)


def hashed_name(path: str, data: bytes) -> str:
    stem, suffix = posixpath.splitext(path)
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}{suffix}"


def hash_assets(static: Path) -> dict[str, Asset]:
    """Every file of ``static`` with a hashed suffix, by its path below ``static``."""
    files = sorted(
        p.relative_to(static).as_posix()
        for p in static.rglob("*")
        if p.is_file() and p.suffix.lower() in HASHED_SUFFIXES and not HASHED_NAME.search(p.name)
    )
    assets: dict[str, Asset] = {}
    for path in (p for p in files if not p.endswith(".css")):
        data = (static / path).read_bytes()
        assets[path] = Asset(path, hashed_name(path, data), data)
    names = {path: asset.name for path, asset in assets.items()}
    for path in (p for p in files if p.endswith(".css")):
        text = rewrite_css((static / path).read_text(encoding="utf-8"), path, names)
        data = text.encode("utf-8")
        assets[path] = Asset(path, hashed_name(path, data), data)
    return assets


def rewrite_css(text: str, css_path: str, names: dict[str, str]) -> str:
    """``text`` with each relative url() that names a hashed file pointing at its name."""
    folder = posixpath.dirname(css_path)

    def replace(match: re.Match) -> str:
        quote, url = match[1], match[2].strip()
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", url, re.IGNORECASE):
            return match[0]
        path, _, rest = url.partition("?")
        target = posixpath.normpath(posixpath.join(folder, path))
        if target not in names:
            return match[0]
        new = posixpath.relpath(names[target], folder or ".")
        return f"url({quote}{new}{'?' + rest if rest else ''}{quote})"

    return _CSS_URL.sub(replace, text)


def write_assets(assets: dict[str, Asset], folder: Path) -> int:
    """Write each asset under its hashed name below ``folder`` (the theme's output)."""
    for asset in assets.values():
        write_atomically(folder / asset.name, asset.data)
    return len(assets)
