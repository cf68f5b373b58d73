"""What an upload to object storage sends, in which order and with which headers.

Pure functions on a finished build folder and the manifest of the last upload; the
network side is in ``s3.py``. A file is sent again only when its digest changed: the
SHA-256 of its content together with the headers it is served with, so a new
Cache-Control counts as a change and a new mtime (every CI checkout has one) does not.
"""

import gzip
import hashlib
import json
import mimetypes
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from html import escape
from pathlib import Path

from publishing.search import PARTS_FILE
from redirects.table import decoded_path

MANIFEST_NAME = ".publish-manifest.json"  # beside the site, under the prefix
MANIFEST_VERSION = 1

# Contract 2 (asset hashing): a name that carries its content hash never changes content.
HASHED = re.compile(r"\.[0-9a-f]{10}\.(css|js|woff2|svg|png|jpg|jpeg|webp|avif)$")
# Contract 3 (precompression): the build writes X.gz and X.br beside these kinds.
TEXT_SUFFIXES = {".html", ".css", ".js", ".xml", ".json", ".svg", ".txt", ".webmanifest"}
SIBLINGS = (".gz", ".br")
# Server configuration the build writes for nginx and Apache, not pages for readers.
SERVER_FILES = {".htaccess", "redirects.map"}

CACHE_IMMUTABLE = "public, max-age=31536000, immutable"
CACHE_PAGE = "public, max-age=300, must-revalidate"  # HTML, unhashed CSS and JS
CACHE_FEED = "public, max-age=900"  # feeds, sitemap, search index, JSON
CACHE_MEDIA = "public, max-age=86400"  # pictures, cards and fonts without a hash
CACHE_MANIFEST = "no-store"

ASSETS, PAGES, LISTS = 0, 1, 2
PHASE_NAMES = ("assets", "pages", "lists")

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


@dataclass(frozen=True)
class Upload:
    """One object to write: ``path`` is relative to the site (and to the prefix)."""

    path: str
    phase: int
    headers: dict[str, str]  # ContentType, CacheControl, ContentEncoding, WebsiteRedirectLocation
    digest: str
    source: Path | None = None  # the file whose bytes are sent as they are
    body: bytes | None = None  # or the bytes to send (compressed here, or generated)

    def read(self) -> bytes:
        return self.body if self.body is not None else self.source.read_bytes()


@dataclass
class Manifest:
    """What the last upload left under the prefix (stored as MANIFEST_NAME)."""

    files: dict[str, str] = field(default_factory=dict)  # path -> digest
    pending: dict[str, str] = field(default_factory=dict)  # path -> ISO time it left the build

    @classmethod
    def parse(cls, data: bytes | None) -> "Manifest":
        if not data:
            return cls()
        loaded = json.loads(data)
        if loaded.get("version") != MANIFEST_VERSION:
            return cls()  # an unknown layout: send everything once more
        return cls(dict(loaded.get("files", {})), dict(loaded.get("pending", {})))

    def dump(self) -> bytes:
        return json.dumps(
            {"version": MANIFEST_VERSION, "files": self.files, "pending": self.pending},
            indent=0,
            sort_keys=True,
        ).encode()


@dataclass(frozen=True)
class Layout:
    """Which built HTML files are lists (they link to pages, so they go after them)."""

    list_patterns: tuple[str, ...] = ("index.html",)

    def phase(self, path: str) -> int:
        suffix = Path(path).suffix
        if suffix == ".html":
            return LISTS if any(r.fullmatch(path) for r in self._regexes) else PAGES
        if suffix in {".xml", ".json", ".txt"} and not path.startswith("pagefind/"):
            return LISTS  # feeds, sitemap, robots.txt, the comment intake's article list
        if path == f"pagefind/{PARTS_FILE}":
            return LISTS  # names the parts of the search index: after their entries
        if path.startswith("pagefind/") and path.endswith("/pagefind-entry.json"):
            return PAGES  # names the files of its part of the index: after them
        return ASSETS

    @cached_property
    def _regexes(self) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(save_as_regex(p)) for p in self.list_patterns)


def save_as_regex(pattern: str) -> str:
    """``kategorie/{slug}/index.html`` -> a regex matching every path it can produce;
    ``{base_name}`` (pagination) may span folders, other fields are one segment."""
    out = []
    for part in re.split(r"(\{base_name\}/|\{[^}]*\})", pattern.lstrip("/")):
        if part == "{base_name}/":
            out.append("(?:.+/)?")
        elif part.startswith("{date:"):
            out.append(_date_regex(part[len("{date:") : -1]))
        elif part.startswith("{"):
            out.append("[^/]+")
        else:
            out.append(re.escape(part))
    return "".join(out)


DATE_FIELDS = {"Y": r"\d{4}", "m": r"\d{2}", "d": r"\d{2}", "H": r"\d{2}", "M": r"\d{2}"}


def _date_regex(strftime: str) -> str:
    """``%Y`` -> four digits (so a year archive is not mistaken for a page's folder)."""
    out = []
    for piece in re.split(r"(%.)", strftime):
        if piece.startswith("%") and len(piece) == 2:
            out.append(DATE_FIELDS.get(piece[1], "[^/]+"))
        else:
            out.append(re.escape(piece))
    return "".join(out)


def list_patterns(settings: Mapping) -> tuple[str, ...]:
    """The save-as patterns of Pelican's list pages, from the build's settings."""
    keys = (
        "INDEX_SAVE_AS",
        "CATEGORY_SAVE_AS",
        "TAG_SAVE_AS",
        "AUTHOR_SAVE_AS",
        "YEAR_ARCHIVE_SAVE_AS",
        "MONTH_ARCHIVE_SAVE_AS",
        "DAY_ARCHIVE_SAVE_AS",
        "ARCHIVES_SAVE_AS",
        "CATEGORIES_SAVE_AS",
        "TAGS_SAVE_AS",
        "AUTHORS_SAVE_AS",
    )
    patterns = [settings[k] for k in keys if settings.get(k)]
    for _, _, save_as in settings.get("PAGINATION_PATTERNS", ()):
        if "{number}" in save_as:
            patterns.append(save_as)
    return tuple(patterns)


def headers_for(path: str, encoded: bool) -> dict[str, str]:
    suffix = Path(path).suffix.lower()
    guessed, packed = mimetypes.guess_type(path)
    if packed:  # x.tar.gz is a gzip file to download, not a tar file to unpack on the fly
        guessed = "application/gzip" if packed == "gzip" else "application/octet-stream"
    content_type = CONTENT_TYPES.get(suffix) or guessed or "application/octet-stream"
    if HASHED.search(path):
        cache = CACHE_IMMUTABLE
    elif suffix in {".html", ".css", ".js"} and not path.startswith("pagefind/"):
        cache = CACHE_PAGE
    elif path.startswith("pagefind/") or suffix in {".xml", ".json", ".txt"}:
        cache = CACHE_FEED
    else:
        cache = CACHE_MEDIA
    headers = {"ContentType": content_type, "CacheControl": cache}
    if encoded:
        headers["ContentEncoding"] = "gzip"
    return headers


def digest_of(content: bytes, headers: Mapping[str, str]) -> str:
    hashed = hashlib.sha256(content)
    hashed.update(json.dumps(dict(headers), sort_keys=True).encode())
    return hashed.hexdigest()


def scan(site: Path, layout: Layout) -> dict[str, Upload]:
    """Every file of the build as the object it becomes, by path."""
    uploads: dict[str, Upload] = {}
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        path = file.relative_to(site).as_posix()
        if path in SERVER_FILES or _is_sibling(file):
            continue
        uploads[path] = _upload(path, file, layout.phase(path))
    return uploads


def _is_sibling(file: Path) -> bool:
    """X.gz / X.br written beside X by the build: sent as X's body, not on their own."""
    return file.suffix in SIBLINGS and file.with_suffix("").is_file()


def _upload(path: str, file: Path, phase: int, extra: Mapping[str, str] = {}) -> Upload:
    content = file.read_bytes()
    if Path(path).suffix.lower() not in TEXT_SUFFIXES:
        headers = {**headers_for(path, encoded=False), **extra}
        return Upload(path, phase, headers, digest_of(content, headers), source=file)
    headers = {**headers_for(path, encoded=True), **extra}
    precompressed = file.with_name(file.name + ".gz")
    if precompressed.is_file():
        return Upload(path, phase, headers, digest_of(content, headers), source=precompressed)
    body = gzip.compress(content, compresslevel=9, mtime=0)
    return Upload(path, phase, headers, digest_of(content, headers), body=body)


def redirect_uploads(
    redirects: Iterable, site: Path, uploads: Mapping[str, Upload], base_path: str
) -> tuple[dict[str, Upload], list[str]]:
    """Objects carrying ``x-amz-website-redirect-location`` for the redirects without a
    query; their body is the build's redirect page where it wrote one (issue 15's
    plugin), else a small page that redirects the same way. Returns the objects and
    the old addresses with a query, which only a CDN rule can redirect."""
    objects: dict[str, Upload] = {}
    with_query: list[str] = []
    for redirect in redirects:
        if "?" in redirect.old:
            with_query.append(redirect.old)
            continue
        # The object's key is the address as the website endpoint looks it up: decoded
        # (a browser's /%CE%B5/ is the key ε/index.html, where the build's page is too).
        path = decoded_path(redirect.old).lstrip("/")
        if not path or path.endswith("/"):
            path += "index.html"
        location = redirect.new
        if location.startswith("/"):
            location = base_path.rstrip("/") + location
        extra = {"WebsiteRedirectLocation": location}
        built = site / path
        if path in uploads and built.is_file():
            objects[path] = _upload(path, built, LISTS, extra)
            continue
        content = redirect_page(location).encode()
        headers = {**headers_for(path, encoded=True), **extra}
        body = gzip.compress(content, compresslevel=9, mtime=0)
        objects[path] = Upload(path, LISTS, headers, digest_of(content, headers), body=body)
    return objects, with_query


def redirect_page(location: str) -> str:
    target = escape(location, quote=True)
    return (
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
        f'<title>Weitergeleitet</title><link rel="canonical" href="{target}">'
        f'<meta http-equiv="refresh" content="0; url={target}"></head>'
        f'<body><p><a href="{target}">Weiter zur neuen Adresse</a></p></body></html>\n'
    )


@dataclass(frozen=True)
class Removal:
    now: list[str]  # pages no reader may reach any more: deleted in this publish
    due: list[str]  # left an earlier build and waited out the grace period
    marked: dict[str, str]  # pending after this publish, with the time each left


def removals(
    manifest: Manifest, current: Iterable[str], now: datetime, grace: timedelta
) -> Removal:
    """Pages that left the build go at once (after the lists no longer link them);
    every other file waits at least ``grace`` and one more publish, so a page that a
    CDN or browser still holds finds its stylesheet, pictures and search index."""
    current = set(current)
    gone_now, due, marked = [], [], {}
    for path, since in manifest.pending.items():
        if path in current:
            continue
        if now - datetime.fromisoformat(since) >= grace:
            due.append(path)
        else:
            marked[path] = since
    stamp = now.astimezone(UTC).isoformat(timespec="seconds")
    for path in manifest.files:
        if path in current or path in manifest.pending:
            continue
        if path.endswith(".html"):
            gone_now.append(path)
        else:
            marked[path] = stamp
    return Removal(sorted(gone_now), sorted(due), dict(sorted(marked.items())))


def url_paths(paths: Iterable[str], base_path: str) -> list[str]:
    """Site paths as a CDN knows them: ``a/index.html`` also as ``a/``."""
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    out: list[str] = []
    for path in sorted(paths):
        out.append(base + path)
        if path == "index.html" or path.endswith("/index.html"):
            out.append(base + path[: -len("index.html")])
    return out
