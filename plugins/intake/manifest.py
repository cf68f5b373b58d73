"""The build's list of articles (``kommentare/artikel.json``) as the intake reads it."""

import json
import logging
from pathlib import Path

logger = logging.getLogger(__name__)


class Manifest:
    """The build's list of articles, re-read when the file changes.

    A file that cannot be read (missing, or caught half-copied by a deployment tool that
    does not replace files atomically) keeps the last good list and is logged.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._stamp: tuple[int, int, int] | None = None
        self._articles: dict[str, dict] = {}

    def articles(self) -> dict[str, dict]:
        try:
            status = self.path.stat()
            stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
            if stamp != self._stamp:
                self._articles = json.loads(self.path.read_text(encoding="utf-8"))["articles"]
                self._stamp = stamp
        except (OSError, ValueError, KeyError, TypeError) as error:
            logger.error(
                "The article list %s cannot be read (%s); build and deploy the site",
                self.path,
                error,
            )
        return self._articles
