"""The pictures of the imported posts: copied from a copy of ``wp-content/uploads`` or
downloaded (``--fetch``), stored below ``content/images/``, never left remote.

A picture's URL names its place: ``…/wp-content/uploads/2019/03/foto.jpg`` becomes
``images/2019/03/foto.jpg``; pictures from other hosts go to ``images/extern/<host>/``.
The candidates of one picture are tried largest first (see ``convert.largest_candidates``).
"""

import ipaddress
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from newsroom.slugs import slugify_german
from wordpress_import.files import Files

UPLOADS = "/wp-content/uploads/"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
MAX_BYTES = 25 * 1024 * 1024
TIMEOUT_SECONDS = 20
RETRIES = 3


def local_path(url: str) -> str | None:
    """Where a picture's URL is stored below ``content/``, or None for no picture."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    suffix = PurePosixPath(path).suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        return None
    name = PurePosixPath(path).name
    stem = slugify_german(name[: -len(suffix)]) or "bild"
    if UPLOADS in path:
        folders = [slugify_german(p) for p in path.split(UPLOADS, 1)[1].split("/")[:-1]]
        return "/".join(["images", *[f for f in folders if f], stem + suffix])
    host = slugify_german(parts.hostname or "") or "lokal"
    return f"images/extern/{host}/{stem}{suffix}"


class _Refused(OSError):
    """A redirect to an address the import does not fetch from."""


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
    found: dict[str, str | None] = field(default_factory=dict)  # url -> path or None
    failures: dict[str, str] = field(default_factory=dict)  # url -> why it could not be had
    downloads: int = 0

    def __call__(self, candidates: list[str]) -> str | None:
        """The path below ``content/`` of the first candidate that can be had, or None."""
        for url in candidates:
            absolute = urljoin(self.site_url.rstrip("/") + "/", url.strip())
            if absolute not in self.found:
                self.found[absolute] = self._get(absolute)
            if self.found[absolute]:
                return self.found[absolute]
        return None

    def _get(self, url: str) -> str | None:
        relative = local_path(url)
        if relative is None:
            return None
        target = relative
        if (self.files.root / target).is_file() and not self.files.owns(target):
            return relative  # there already, put there by someone else: use it as it is
        data = self._from_uploads(url)
        remote = urlsplit(url).scheme in ("http", "https")
        if data is None and self.fetch and remote and self.files.dry_run:
            return relative  # a dry run downloads nothing
        if data is None and self.fetch and remote:
            data = self._download(url)
        if data is None:
            return None
        self.files.write(target, data)
        return relative

    def _from_uploads(self, url: str) -> bytes | None:
        path = unquote(urlsplit(url).path)
        if self.uploads is None or UPLOADS not in path:
            return None
        source = self.uploads / path.split(UPLOADS, 1)[1]
        return source.read_bytes() if source.is_file() else None

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

    def _download(self, url: str) -> bytes | None:
        """GET with a timeout, a size limit and retries for what may pass (5xx, network)."""
        reason = self._refused(url)
        if reason:
            self.failures[url] = reason
            return None
        for attempt in range(RETRIES):
            try:
                request = urllib.request.Request(url, headers={"User-Agent": "hafenlicht-import"})
                opener = urllib.request.build_opener(_GuardedRedirects(self._refused))
                with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                    data = response.read(MAX_BYTES + 1)
                if len(data) > MAX_BYTES:
                    self.failures[url] = f"larger than {MAX_BYTES // (1024 * 1024)} MB"
                    return None
                self.downloads += 1
                if self.downloads % 20 == 0:
                    self.progress(f"  {self.downloads} pictures downloaded")
                return data
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
        return None
