"""Approved comments from the intake into git, without a shell on the server.

The intake side, ``GET /kommentare/sync?since=N`` with ``Authorization: Bearer
<COMMENTS_SYNC_TOKEN>``, answers with every comment approved after cursor N and every
one that stopped being approved (rejected or spam after approval, erased), plus the new
cursor. The client side, `invoke comments.sync --from URL`, writes the same files as
`comments.export` into ``content/comments/``; running it twice changes nothing. No
e-mail address and no fingerprint leaves the queue this way.
"""

import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from werkzeug.wrappers import Request, Response

from comments.files import (
    UnsafeName,
    checked_key,
    comment_file,
    path_of,
    published_parent,
    remove_comments,
    write_text,
)
from comments.model import State
from intake.store import Database

SYNC_PATH = "/kommentare/sync"
FIELDS = ("id", "article", "author", "created", "website", "reply_to", "kind", "role", "text")


class SyncExport:
    """The machine export of the intake (off while COMMENTS_SYNC_TOKEN is empty)."""

    def __init__(self, token: str, database: Database) -> None:
        self.token = token
        self.database = database

    def handle(self, request: Request) -> Response:
        token = self.token
        if not token:
            return Response("Not found", status=404, mimetype="text/plain")
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if request.method != "GET" or not hmac.compare_digest(given.encode(), token.encode()):
            return Response(
                "A sync token is needed.",
                status=401,
                mimetype="text/plain",
                headers={"WWW-Authenticate": 'Bearer realm="comments"'},
            )
        try:
            since = max(0, int(request.args.get("since", "0")))
        except ValueError:
            return Response("since: expected a whole number", status=400, mimetype="text/plain")
        body = json.dumps(self.changes(since), ensure_ascii=False, sort_keys=True)
        return Response(body, mimetype="application/json")

    def changes(self, since: int) -> dict:
        cursor, latest = self.database.journal.changes_since(since)
        rows = {row.id: row for row in self.database.comments.rows()}
        parents = {row.id: row.reply_to for row in rows.values()}
        # Published: approved, or a file the queue does not know (written elsewhere).
        published = {(r.article, r.id) for r in rows.values() if r.state == State.APPROVED} | {
            (r.article, r.reply_to) for r in rows.values() if r.reply_to not in rows
        }
        approved, removed = [], []
        for comment_id, (article, is_approved) in sorted(latest.items()):
            row = rows.get(comment_id)
            if is_approved and row is not None and row.state == State.APPROVED:
                record = {name: getattr(row, name) for name in FIELDS}
                record["reply_to"] = published_parent(row.article, row.reply_to, published, parents)
                approved.append(record)
            else:
                removed.append({"id": comment_id, "article": article})
        return {"cursor": cursor, "approved": approved, "removed": removed}


@dataclass(frozen=True)
class Synced:
    id: str
    article: str
    author: str
    created: str
    website: str
    reply_to: str
    kind: str
    role: str
    text: str


@dataclass(frozen=True)
class SyncResult:
    cursor: int
    added: tuple[Path, ...]
    changed: tuple[Path, ...]
    removed: tuple[Path, ...]


class SyncError(Exception):
    """The intake could not be asked; the message says why."""


def fetch(url: str, token: str, since: int = 0, timeout: float = 60) -> dict:
    """The intake's changes after ``since``."""
    address = f"{url.rstrip('/')}{'' if url.rstrip('/').endswith(SYNC_PATH) else SYNC_PATH}"
    request = urllib.request.Request(
        f"{address}?since={since}",
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise SyncError(f"{address} answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise SyncError(f"{address} could not be read: {error}") from None


def apply(data: dict, folder: Path, timezone: str) -> SyncResult:
    """Write and remove comment files as the intake says; idempotent.

    Every article and id of the answer is checked before anything is written: an answer
    that names a file outside ``folder`` (``"article": "../../evil"``) is refused whole,
    with a SyncError naming the record, and changes nothing.
    """
    try:
        approved = [
            Synced(**{name: str(record.get(name) or "") for name in FIELDS})
            for record in data.get("approved", [])
        ]
        gone = [
            checked_key(str(record["article"]), str(record["id"]))
            for record in data.get("removed", [])
        ]
        for comment in approved:
            checked_key(comment.article, comment.id)
        cursor = int(data.get("cursor", 0))
    except UnsafeName as error:
        raise SyncError(f"The intake's answer names no comment file: {error}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SyncError(f"The intake's answer is not a sync answer: {error!r}") from None
    added, changed = [], []
    for comment in approved:
        target = path_of(folder, (comment.article, comment.id))
        existed = target.is_file()
        if write_text(target, comment_file(comment, timezone)):
            (changed if existed else added).append(target)
    removal = remove_comments(folder, gone)
    changed += removal.repaired
    return SyncResult(cursor, tuple(added), tuple(changed), removal.removed)
