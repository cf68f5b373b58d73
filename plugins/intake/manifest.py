"""The build's list of articles (``kommentare/artikel.json``) as the intake reads it: from
the deployed site's folder (``COMMENTS_MANIFEST_PATH``) or from the site's address
(``COMMENTS_MANIFEST_URL``), which works with every publish target (a bucket, GitHub
Pages, another host).

Both keep the last good list when the new one cannot be had, and say how fresh they are
(``problem()``, for ``/kommentare/health``).
"""

import gzip
import json
import logging
import threading
import time
import urllib.error
import urllib.request
import zlib
from abc import ABC, abstractmethod
from pathlib import Path

from comments.settings import CommentsSettings
from newsroom.files import write_atomically
from readers.settings import LONGEST_REPLY_INTERVAL_SECONDS

logger = logging.getLogger(__name__)


def open_manifest(settings: CommentsSettings) -> "Manifest":
    """The list of articles the settings name: by URL when one is set, else the file."""
    if settings.manifest_url:
        keep = Path(settings.db_path).with_name(f"{Path(settings.db_path).stem}-artikel.json")
        return ManifestURL(
            settings.manifest_url,
            settings.manifest_max_age_seconds,
            settings.manifest_stale_seconds,
            keep,
        )
    return ManifestFile(settings.manifest_path)


def _read(data: bytes) -> tuple[dict[str, dict], dict]:
    """The articles and what the site promises its readers (see ``Manifest.promises``)."""
    listed = json.loads(data.decode("utf-8"))
    articles = listed["articles"]
    if not isinstance(articles, dict):
        raise TypeError(f"articles is a {type(articles).__name__}, expected an object")
    promises = listed.get("readers", {})
    return articles, promises if isinstance(promises, dict) else {}


class Manifest(ABC):
    """The build's list of articles: slug -> {"url", "title", "open", "comments", ...}."""

    def __init__(self) -> None:
        self._promises: dict = {}
        self._told: set[tuple[int, int]] = set()  # differences logged

    @abstractmethod
    def articles(self) -> dict[str, dict]: ...

    def promises(self) -> dict:
        """What the site's pages promise readers, as its build wrote it beside the
        articles ("readers"): {"reply_interval_seconds": …}. Empty for a list of a build
        from before it was written there."""
        self.articles()  # read again when due
        return self._promises

    def reply_interval(self, own: int) -> int:
        """The reply notifications' interval the site promises (the comment form's hint
        and the confirmed page say it in words), else ``own``, the intake's
        READERS_REPLY_INTERVAL_SECONDS. The intake runs apart from the build and reads
        its settings from its environment; a value that differs from the site's is
        logged once, and the site's promise is kept."""
        promised = self.promises().get("reply_interval_seconds")
        if type(promised) is not int or not 0 <= promised <= LONGEST_REPLY_INTERVAL_SECONDS:
            return own
        if promised != own and (promised, own) not in self._told:
            self._told.add((promised, own))
            logger.warning(
                "The site promises readers at most one reply notification per thread "
                "every %d s (READERS_REPLY_INTERVAL_SECONDS of its build); the intake's "
                "own setting is %d s. Keeping the site's promise.",
                promised,
                own,
            )
        return promised

    @abstractmethod
    def problem(self) -> str:
        """What is wrong with the list ("" when it is fresh), a word for the health check."""


class ManifestFile(Manifest):
    """The build's list of articles in a file, re-read when the file changes.

    A file that cannot be read (missing, or caught half-copied by a deployment tool that
    does not replace files atomically) keeps the last good list and is logged.
    """

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        self._stamp: tuple[int, int, int] | None = None
        self._articles: dict[str, dict] = {}
        self._problem = "not read yet"

    def articles(self) -> dict[str, dict]:
        try:
            status = self.path.stat()
            stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
            if stamp != self._stamp:
                self._articles, self._promises = _read(self.path.read_bytes())
                self._stamp = stamp
            self._problem = ""
        except (OSError, ValueError, KeyError, TypeError) as error:
            self._problem = "missing" if isinstance(error, FileNotFoundError) else "unreadable"
            logger.error(
                "The article list %s cannot be read (%s); build and deploy the site",
                self.path,
                error,
            )
        return self._articles

    def problem(self) -> str:
        """What is wrong with the list ("" when it was read): missing, unreadable."""
        self.articles()
        return self._problem


class ManifestURL(Manifest):
    """The build's list of articles from the site, asked again after ``max_age`` seconds.

    Conditional requests (ETag, Last-Modified): an unchanged list costs a 304. A request
    never waits for the site once a list is known: a stale one is answered from the
    last good list while one thread asks the site. The last good list is kept in
    ``keep`` too (beside the queue), so an intake started while the site cannot be
    reached still knows the articles; it is stale when no answer came for
    ``stale_after`` seconds.
    """

    TIMEOUT = 5.0

    def __init__(self, url: str, max_age: float, stale_after: float, keep: Path) -> None:
        super().__init__()
        self.url, self.max_age, self.stale_after, self.keep = url, max_age, stale_after, keep
        self._lock = threading.Lock()
        self._refreshing = False
        self._answered = threading.Event()  # the site was asked once (answered or not)
        self._articles: dict[str, dict] = {}
        self._validators: dict[str, str] = {}
        # Monotonic time of the last request to the site; None: never asked. (Not 0.0:
        # the monotonic clock starts near 0 at boot, so within max_age of booting a first
        # request never looked due, and the intake knew no article.)
        self._asked: float | None = None
        self._confirmed = 0.0  # wall-clock time of the last good answer (200 or 304)
        self._load_kept()

    def _load_kept(self) -> None:
        try:
            data = self.keep.read_bytes()
            self._articles, self._promises = _read(data)
            kept = json.loads(data)
            # A list kept by an intake from before the site's promises were read: asked
            # without its validators, the site sends the whole list (not a 304) once.
            if "readers" in kept:
                self._validators = dict(kept.get("validators", {}))
            self._confirmed = self.keep.stat().st_mtime
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError) as error:
            logger.warning("The kept article list %s is unreadable (%s)", self.keep, error)

    def articles(self) -> dict[str, dict]:
        with self._lock:
            asked = self._asked
            due = not self._refreshing and (
                asked is None or time.monotonic() - asked >= self.max_age
            )
            if due:
                self._refreshing = True
            known = bool(self._articles)
        if due and known:
            threading.Thread(target=self._refresh, daemon=True, name="article list").start()
        elif due:
            self._refresh()  # nothing to answer with yet: the first request waits (bounded)
        elif not known:
            self._answered.wait(self.TIMEOUT)  # another request asks the site right now
        return self._articles

    def problem(self) -> str:
        """What is wrong with the list ("" when it is fresh): missing, stale."""
        self.articles()
        if not self._articles:
            return "missing"
        if time.time() - self._confirmed > self.stale_after:
            return "stale"
        return ""

    def _refresh(self) -> None:
        try:
            self._fetch()
        except (OSError, ValueError, KeyError, TypeError, zlib.error) as error:
            logger.error(
                "The article list %s cannot be fetched (%s); the last good list stays",
                self.url,
                error,
            )
        finally:
            with self._lock:
                self._asked = time.monotonic()
                self._refreshing = False
            self._answered.set()

    def _fetch(self) -> None:
        headers = {"Accept-Encoding": "gzip", "Accept": "application/json"}
        if self._articles and "etag" in self._validators:
            headers["If-None-Match"] = self._validators["etag"]
        if self._articles and "last-modified" in self._validators:
            headers["If-Modified-Since"] = self._validators["last-modified"]
        request = urllib.request.Request(self.url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.TIMEOUT) as answer:
                data = answer.read()
                encoding = answer.headers.get("Content-Encoding", "").lower()
                validators = {
                    name: answer.headers[name]
                    for name in ("ETag", "Last-Modified")
                    if answer.headers.get(name)
                }
        except urllib.error.HTTPError as error:
            if error.code != 304:
                raise
            self._confirm()
            return
        if encoding == "gzip":  # object storage serves the precompressed file as it is
            data = gzip.decompress(data)
        articles, promises = _read(data)
        self._articles, self._promises = articles, promises
        self._validators = {name.lower(): value for name, value in validators.items()}
        self._confirmed = time.time()
        self._keep({"articles": articles, "readers": promises, "validators": self._validators})

    def _confirm(self) -> None:
        self._confirmed = time.time()
        try:
            self.keep.touch()
        except OSError as error:
            logger.warning("The kept article list %s cannot be touched (%s)", self.keep, error)

    def _keep(self, data: dict) -> None:
        try:
            text = json.dumps(data, ensure_ascii=False, sort_keys=True)
            write_atomically(self.keep, text.encode("utf-8"))
        except OSError as error:
            logger.warning("The article list cannot be kept in %s (%s)", self.keep, error)
