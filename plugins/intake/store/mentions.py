"""The ``mentions`` table: Webmention and pingback requests and their verification.

Added by the mentions package (docs/comments.md, "Mentions"). Every request another site sends
is one row, found again by its random token (the Webmention status URL). A request
waits as ``queued`` until a verifier claims it (``verifying``) and ends ``accepted``
(a comment row of kind ``mention`` or ``pingback`` is in the moderation queue, named
by ``comment_id``), ``unchanged``, ``refused`` (with the reason) or ``gone`` (the source
no longer links, or answers 410: the editors decide whether to reject the mention).
Accepted mentions live in the ``comments`` table like every comment, so moderation,
export and erasure treat them alike; this module also writes the fields of those rows
that a verification of the same source changes later.
"""

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake.store.backend import Backend

SCHEMA = (
    """
    CREATE TABLE mentions (
        token {key} PRIMARY KEY,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        article TEXT NOT NULL,
        protocol TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        comment_id TEXT NOT NULL DEFAULT '',
        client TEXT NOT NULL DEFAULT '',
        received {time} NOT NULL,
        checked {time_or_unset}
    )
    """,
    "CREATE INDEX mentions_status ON mentions (status, received)",
    "CREATE INDEX mentions_source ON mentions (source, article)",
    "CREATE INDEX mentions_comment ON mentions (comment_id)",
)

QUEUED, VERIFYING = "queued", "verifying"
ACCEPTED, UNCHANGED, REFUSED, GONE = "accepted", "unchanged", "refused", "gone"


@dataclass(frozen=True)
class Request:
    token: str
    source: str
    target: str
    article: str
    protocol: str  # webmention or pingback
    status: str
    reason: str
    comment_id: str
    client: str
    received: str
    checked: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Mentions:
    def __init__(self, database: "Backend") -> None:
        self.database = database

    def enqueue(self, source: str, target: str, article: str, protocol: str, client: str) -> str:
        """Store a request for verification and commit; returns its token."""
        token = secrets.token_urlsafe(18)
        with self.database.transaction() as connection:
            connection.execute(
                "INSERT INTO mentions (token, source, target, article, protocol, status, "
                "client, received) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (token, source, target, article, protocol, QUEUED, client, _now()),
            )
        return token

    def recent_from(self, client: str, window_seconds: int) -> int:
        since = (datetime.now(UTC) - timedelta(seconds=window_seconds)).isoformat(
            timespec="microseconds"
        )
        with self.database.connection() as connection:
            return connection.execute(
                "SELECT COUNT(*) FROM mentions WHERE client = ? AND received > ?", (client, since)
            ).fetchone()[0]

    def get(self, token: str) -> Request | None:
        with self.database.connection() as connection:
            found = connection.execute("SELECT * FROM mentions WHERE token = ?", (token,))
            record = found.fetchone()
        return Request(**dict(record)) if record else None

    def claim(self, older_than_seconds: int = 300) -> Request | None:
        """The oldest queued request, marked as being verified (one verifier each).

        A request left ``verifying`` by a verifier that died is taken again later.
        """
        stale = (datetime.now(UTC) - timedelta(seconds=older_than_seconds)).isoformat(
            timespec="microseconds"
        )
        with self.database.transaction() as connection:
            record = connection.execute(
                "SELECT * FROM mentions WHERE status = ? OR (status = ? AND checked < ?) "
                "ORDER BY received, token LIMIT 1",
                (QUEUED, VERIFYING, stale),
            ).fetchone()
            if record is None:
                return None
            connection.execute(
                "UPDATE mentions SET status = ?, checked = ? WHERE token = ?",
                (VERIFYING, _now(), record["token"]),
            )
        return Request(**{**dict(record), "status": VERIFYING})

    def finish(self, token: str, status: str, reason: str = "", comment_id: str = "") -> None:
        with self.database.transaction() as connection:
            connection.execute(
                "UPDATE mentions SET status = ?, reason = ?, comment_id = ?, checked = ? "
                "WHERE token = ?",
                (status, reason, comment_id, _now(), token),
            )

    def known_comment(self, source: str, article: str) -> str:
        """The id of the queue row an earlier request of this source made ("" if none)."""
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT m.comment_id FROM mentions m JOIN comments c ON c.id = m.comment_id "
                "WHERE m.source = ? AND m.article = ? ORDER BY m.received DESC LIMIT 1",
                (source, article),
            ).fetchone()
        return found[0] if found else ""

    def latest_by_comment(self) -> dict[str, Request]:
        """The latest verified request of every mention in the queue, by comment id."""
        latest: dict[str, Request] = {}
        with self.database.connection() as connection:
            for record in connection.execute(
                "SELECT * FROM mentions WHERE comment_id != '' ORDER BY received, token"
            ):
                latest[record["comment_id"]] = Request(**dict(record))
        return latest

    def update_comment(
        self,
        comment_id: str,
        author: str,
        text: str,
        state: str,
        spam_reasons: tuple[str, ...],
        created: datetime | None,
    ) -> None:
        """A known source changed: its queue row gets the new text and waits for approval."""
        with self.database.transaction() as connection:
            connection.execute(
                "UPDATE comments SET author = ?, text = ?, state = ?, spam_reasons = ?, "
                "reject_reason = '', created = COALESCE(?, created) WHERE id = ?",
                (
                    author,
                    text,
                    state,
                    json.dumps(list(spam_reasons), ensure_ascii=False),
                    created.astimezone(UTC).isoformat(timespec="microseconds") if created else None,
                    comment_id,
                ),
            )
