"""A small derived-data cache for plugins: one pickle file under CACHE_PATH/<plugin>/.

Entries are keyed by a hash of *every* input (file bytes, settings that shape the
result, a version string the plugin bumps when its output format changes), so an
entry is never stale: a changed input is simply a different key. Only entries used
by a build are written back, so the file does not grow forever. An unreadable cache
is logged at debug level and rebuilt; it never fails a build.
"""

import hashlib
import logging
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsroom.files import write_atomically

logger = logging.getLogger(__name__)


class InputKey:
    """SHA-256 over inputs given one after another, each prefixed with its length, so
    that ("ab", "c") and ("a", "bc") give different keys."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()

    def add(self, *parts: bytes | str) -> None:
        for part in parts:
            # surrogateescape: a file name that is not UTF-8 still gives a key.
            data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            self._digest.update(len(data).to_bytes(8, "big"))
            self._digest.update(data)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def input_key(*parts: bytes | str) -> str:
    """A stable key for a tuple of inputs (length-prefixed, see ``InputKey``)."""
    key = InputKey()
    key.add(*parts)
    return key.hexdigest()


def file_digest(path: Path, known: Sequence | None = None) -> tuple[list, bytes | None]:
    """``[size, mtime_ns, sha256]`` of ``path`` and the bytes read for it. With ``known``
    (such a list from the last build) of the same size and mtime, its digest is reused
    and nothing is read (the bytes are None). Raises OSError."""
    stat = path.stat()
    if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
        return [stat.st_size, stat.st_mtime_ns, known[2]], None
    data = path.read_bytes()
    return [stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest()], data


class DerivedCache:
    """Load once, ``get``/``put`` during the build, ``save`` at its end."""

    def __init__(self, cache_root: str | Path, name: str, version: str) -> None:
        self.path = Path(cache_root) / name / "derived.pickle"
        self.version = version
        self._entries: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._changed = False  # an entry was put
        self.hits = 0
        self.misses = 0
        try:
            with self.path.open("rb") as stored:
                payload = pickle.load(stored)
            if payload.get("version") == version:
                self._entries = payload["entries"]
        except FileNotFoundError:
            pass
        except Exception as error:  # noqa: BLE001 (a broken cache is rebuilt, never fatal)
            logger.debug("Ignoring unreadable cache %s: %s", self.path, error)

    def get(self, key: str) -> Any | None:
        value = self._entries.get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
            self._used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = value
        self._used[key] = value
        self._changed = True

    def save(self) -> None:
        """Write the entries used by this build, atomically (never a half-written file);
        nothing when the build used every stored entry and added none (a warm build)."""
        if not self._changed and self._used.keys() == self._entries.keys():
            return
        try:
            data = pickle.dumps({"version": self.version, "entries": self._used})
            write_atomically(self.path, data, mode=0o600)
        except OSError as error:
            logger.warning("Could not save cache %s: %s", self.path, error)
