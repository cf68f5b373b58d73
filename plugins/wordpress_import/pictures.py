"""The pictures, videos and audio files of the imported posts: copied from a copy of
``wp-content/uploads`` or downloaded (``--fetch``), stored below ``content/images/`` and
``content/media/``, never left remote.

A file's URL names its place: ``…/wp-content/uploads/2019/03/foto.jpg`` becomes
``images/2019/03/foto.jpg``. WordPress.com keeps uploads at
``<blog>.files.wordpress.com/2019/03/foto.jpg`` and Jetpack's image CDN serves them as
``i0.wp.com/<host>/<path>``: both are the same upload, found in ``--uploads`` at
``2019/03/foto.jpg``. Files of other hosts go to ``images/extern/<host>/``. The candidates
of one picture are tried largest first (see ``convert.largest_candidates``).

Whatever an export says, nothing is read outside ``--uploads``: a path with "..",
"%2e%2e", a backslash or an absolute path is refused and reported.
"""

import ipaddress
import re
import socket
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from newsroom.slugs import shorten_slug, slugify_german
from wordpress_import.files import Files

UPLOADS = "/wp-content/uploads/"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
MEDIA_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm", ".ogv", ".mp3", ".m4a", ".ogg", ".oga", ".wav")
MAX_BYTES = {"images": 25 * 1024 * 1024, "media": 500 * 1024 * 1024}
TIMEOUT_SECONDS = 20
RETRIES = 3
STEM_LENGTH = 120  # a file name stays far below the file system's 255 bytes
_WP_COM_FILES = re.compile(r"^[a-z0-9-]+\.files\.wordpress\.com$")
_JETPACK_CDN = re.compile(r"^i[0-3]\.wp\.com$")
REFUSED_PATH = "refused: the path would leave --uploads"


class _Refused(OSError):
    """A redirect to an address the import does not fetch from."""


def original_url(url: str) -> str:
    """The upload behind a Jetpack CDN address (``i0.wp.com/blog.example/…?w=300``);
    any other URL without its query (WordPress.com's ``?w=300`` resizes)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if _JETPACK_CDN.match(host) and parts.path.count("/") >= 2:
        return f"{parts.scheme or 'https'}://{parts.path.lstrip('/')}"
    if _WP_COM_FILES.match(host):
        return f"{parts.scheme or 'https'}://{host}{parts.path}"
    return url.strip()


def uploads_relative(url: str) -> str | None:
    """Where the file of ``url`` lies in a copy of ``wp-content/uploads`` (``2019/03/a.jpg``);
    None for other addresses. ``UnsafePath`` when the path would leave that folder."""
    parts = urlsplit(original_url(url))
    path = unquote(parts.path)
    if _WP_COM_FILES.match((parts.hostname or "").lower()):
        relative = path.lstrip("/")
    elif UPLOADS in path:
        relative = path.split(UPLOADS, 1)[1]
    else:
        return None
    segments = relative.split("/")
    if (
        "\\" in relative
        or relative.startswith("/")
        or PurePosixPath(relative).is_absolute()
        or any(s in ("", ".", "..") for s in segments)
    ):
        raise ValueError(REFUSED_PATH)
    return relative


def local_path(url: str, kind: str = "images") -> str | None:
    """Where a file's URL is stored below ``content/`` (``images/…`` or ``media/…``), or
    None when it is no picture (no video or audio for ``media``)."""
    url = original_url(url)
    parts = urlsplit(url)
    path = unquote(parts.path)
    suffix = PurePosixPath(path).suffix.lower()
    if suffix not in (IMAGE_SUFFIXES if kind == "images" else MEDIA_SUFFIXES):
        return None
    name = PurePosixPath(path).name
    stem = shorten_slug(slugify_german(name[: -len(suffix)]), STEM_LENGTH) or "datei"
    try:
        relative = uploads_relative(url)
    except ValueError:
        relative = None  # stored by its name only; reading it is refused in _from_uploads
    if relative is not None:
        folders = [shorten_slug(slugify_german(p), STEM_LENGTH) for p in relative.split("/")[:-1]]
        return "/".join([kind, *[f for f in folders if f], stem + suffix])
    host = slugify_german(parts.hostname or "") or "lokal"
    return f"{kind}/extern/{host}/{stem}{suffix}"


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects only to addresses that ``refused`` has no objection to."""

    def __init__(self, refused: Callable[[str], str]) -> None:
        super().__init__()
        self.refused = refused

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        reason = self.refused(newurl)
        if reason:
            raise _Refused(reason)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Pictures:
    files: Files
    site_url: str  # the old blog's address, for relative URLs
    uploads: Path | None = None
    fetch: bool = False
    progress: Callable[[str], None] = lambda message: None
    found: dict[tuple[str, str], str | None] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # url -> why it could not be had
    downloads: int = 0

    def __call__(self, candidates: list[str], kind: str = "images") -> str | None:
        """The path below ``content/`` of the first candidate that can be had, or None."""
        for url in candidates:
            absolute = urljoin(self.site_url.rstrip("/") + "/", url.strip())
            if (kind, absolute) not in self.found:
                self.found[kind, absolute] = self._get(absolute, kind)
            if self.found[kind, absolute]:
                return self.found[kind, absolute]
        return None

    def media(self, candidates: list[str]) -> str | None:
        """Like calling it, for a video or audio file (stored below ``content/media/``)."""
        return self(candidates, "media")

    def _get(self, url: str, kind: str) -> str | None:
        relative = local_path(url, kind)
        if relative is None:
            return None
        if (self.files.root / relative).is_file() and not self.files.owns(relative):
            return relative  # there already, put there by someone else: use it as it is
        source = self._from_uploads(url)
        if source is not None:
            self.files.copy(relative, source)
            return relative
        remote = urlsplit(url).scheme in ("http", "https")
        if not (self.fetch and remote):
            return None
        if self.files.dry_run:
            return relative  # a dry run downloads nothing
        with tempfile.TemporaryDirectory(prefix="import-fetch-") as folder:
            target = Path(folder) / "download"
            if not self._download(original_url(url), target, MAX_BYTES[kind]):
                return None
            self.files.copy(relative, target)
        return relative

    def _from_uploads(self, url: str) -> Path | None:
        """The file in ``--uploads`` for ``url``, if there is one inside that folder."""
        if self.uploads is None:
            return None
        try:
            relative = uploads_relative(url)
        except ValueError as refused:
            self.failures[url] = str(refused)
            return None
        if relative is None:
            return None
        root = self.uploads.resolve()
        source = (root / relative).resolve()
        if not source.is_relative_to(root):  # a symbolic link pointing out of the folder
            self.failures[url] = REFUSED_PATH
            return None
        return source if source.is_file() else None

    def _refused(self, url: str) -> str:
        """Why ``url`` is not fetched: another host than the old blog that lives at a
        private, loopback or link-local address (an export must not make us probe the
        network we run in). The old blog itself may be anywhere, also on the intranet."""
        host = urlsplit(url).hostname or ""
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
        except (OSError, UnicodeError):
            return f"the host {host} is unknown"
        if host == (urlsplit(self.site_url).hostname or ""):
            return ""
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved:
                return f"refused: {host} is a private address ({address})"
        return ""

    def _download(self, url: str, target: Path, limit: int) -> bool:
        """GET into ``target`` with a timeout, a size limit and retries for what may pass
        (5xx, network); whether it worked (else ``failures`` says why)."""
        reason = self._refused(url)
        if reason:
            self.failures[url] = reason
            return False
        for attempt in range(RETRIES):
            try:
                request = urllib.request.Request(url, headers={"User-Agent": "hafenlicht-import"})
                opener = urllib.request.build_opener(_GuardedRedirects(self._refused))
                with (
                    opener.open(request, timeout=TIMEOUT_SECONDS) as response,
                    target.open("wb") as stream,
                ):
                    copied = _copy_limited(response, stream, limit)
                if not copied:
                    self.failures[url] = f"larger than {limit // (1024 * 1024)} MB"
                    return False
                self.downloads += 1
                if self.downloads % 20 == 0:
                    self.progress(f"  {self.downloads} files downloaded")
                return True
            except urllib.error.HTTPError as error:
                reason = f"HTTP {error.code}"
                if error.code < 500 and error.code != 429:
                    break
            except _Refused as error:
                reason = str(error)
                break
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                reason = str(getattr(error, "reason", error))
            time.sleep(0.2 * 2**attempt)
        self.failures[url] = reason
        return False


def _copy_limited(source, target, limit: int) -> bool:
    """Copy at most ``limit`` bytes; False when there was more."""
    copied = 0
    while block := source.read(1 << 16):
        copied += len(block)
        if copied > limit:
            return False
        target.write(block)
    return True
