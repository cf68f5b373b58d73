"""``/kommentare/health``: whether this intake can take comments, for monitors and load
balancers.

200 when the queue takes a write transaction (and, for a queue file, its disk has room)
and the list of articles is fresh; 503 otherwise. The answer names the failing part in
one word and nothing else: no counts, no paths, no addresses (it is public behind the
web server); the details go to the log.
"""

import json
import logging
import os
from pathlib import Path

from werkzeug.wrappers import Request, Response

from intake.manifest import Manifest
from intake.store import Database

logger = logging.getLogger(__name__)

HEALTH_PATH = "/kommentare/health"
MIN_FREE_BYTES = 1024 * 1024  # a comment and its WAL pages fit many times over


class Health:
    def __init__(self, database: Database, manifest: Manifest) -> None:
        self.database = database
        self.manifest = manifest

    def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response("GET only.\n", 405, {"Allow": "GET, HEAD"}, mimetype="text/plain")
        checks = {"queue": self.queue_problem(), "articles": self.manifest.problem()}
        healthy = not any(checks.values())
        body = {"status": "ok" if healthy else "failing"}
        body.update({name: problem or "ok" for name, problem in checks.items()})
        return Response(
            json.dumps(body) + "\n",
            200 if healthy else 503,
            mimetype="application/json",
        )

    def queue_problem(self) -> str:
        """What keeps the queue from taking a write ("" when nothing does)."""
        path = self.database.path  # None: the queue is on a database server
        if path is not None and not Path(path).is_file():
            # Asking SQLite would make an empty file, with none of the queue's tables.
            logger.error("Health: the queue %s is missing", path)
            return "missing"
        try:
            with self.database.transaction():
                pass  # the write lock taken and given back: no data written
        except Exception as error:  # noqa: BLE001 (SQLite's, the server's, the pool's: all mean no)
            logger.error(
                "Health: the queue %s cannot be written (%s)", self.database.location, error
            )
            return "not writable"
        if path is None:
            return ""
        folder = Path(path).parent
        free = _free_bytes(folder)
        if free < MIN_FREE_BYTES:
            logger.error("Health: the disk of %s has %d bytes left", folder, free)
            return "disk full"
        return ""


def _free_bytes(folder: Path) -> int:
    status = os.statvfs(folder)
    return status.f_bavail * status.f_frsize
