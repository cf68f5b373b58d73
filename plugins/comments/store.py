"""The moderation queue: one SQLite file in WAL mode, versioned with PRAGMA user_version.

Every write is one short transaction that is committed before the caller answers
anybody, so an accepted comment survives a killed process. ``BEGIN IMMEDIATE`` makes
the rate-limit check and the insert one step even under many parallel requests.
"""

import hashlib
import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from comments.model import CommentKind, State

MIGRATIONS = (
    """
    CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        article TEXT NOT NULL,
        reply_to TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'comment',
        author TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '',
        website TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        created TEXT NOT NULL,
        state TEXT NOT NULL,
        spam_reasons TEXT NOT NULL DEFAULT '[]',
        reject_reason TEXT NOT NULL DEFAULT '',
        client TEXT NOT NULL DEFAULT '',
        exported_path TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'form'
    );
    CREATE INDEX comments_state ON comments (state, created);
    CREATE INDEX comments_client ON comments (client, created);
    CREATE INDEX comments_email ON comments (email);
    CREATE INDEX comments_article ON comments (article, created);
    """,
)


@dataclass(frozen=True)
class Row:
    id: str
    article: str
    reply_to: str
    kind: str
    author: str
    email: str
    website: str
    text: str
    created: str  # ISO 8601, UTC
    state: str
    spam_reasons: tuple[str, ...]
    reject_reason: str
    client: str
    exported_path: str
    source: str


@dataclass(frozen=True)
class NewComment:
    article: str
    author: str
    text: str
    email: str = ""
    website: str = ""
    reply_to: str = ""
    kind: str = CommentKind.COMMENT
    state: str = State.PENDING
    spam_reasons: tuple[str, ...] = ()
    client: str = ""
    source: str = "form"
    created: datetime | None = None
    id: str = ""  # given by importers to keep old ids; new comments get a fresh one


class RateLimited(Exception):
    """The client sent too many comments in the window; nothing was stored."""


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                connection.executescript(
                    f"BEGIN; {migration} PRAGMA user_version={number}; COMMIT;"
                )

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA busy_timeout=30000")
        connection.execute("PRAGMA synchronous=FULL")  # committed means on disk
        try:
            yield connection
        finally:
            connection.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def add(self, new: NewComment, rate_limit: int = 0, window_seconds: int = 0) -> str:
        """Store ``new`` and commit; returns its id. RateLimited when the client is over."""
        created = (new.created or datetime.now(UTC)).astimezone(UTC)
        comment_id = new.id or f"{created:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        with self._transaction() as connection:
            if rate_limit and new.client:
                since = (created - timedelta(seconds=window_seconds)).isoformat()
                recent = connection.execute(
                    "SELECT COUNT(*) FROM comments WHERE client = ? AND created > ?",
                    (new.client, since),
                ).fetchone()[0]
                if recent >= rate_limit:
                    raise RateLimited(new.client)
            connection.execute(
                "INSERT INTO comments (id, article, reply_to, kind, author, email, website, "
                "text, created, state, spam_reasons, client, source) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    comment_id,
                    new.article,
                    new.reply_to,
                    str(new.kind),
                    new.author,
                    new.email,
                    new.website,
                    new.text,
                    created.isoformat(),
                    str(new.state),
                    json.dumps(list(new.spam_reasons), ensure_ascii=False),
                    new.client,
                    new.source,
                ),
            )
        return comment_id

    def has_text(self, article: str, text: str) -> bool:
        """Whether the same text was already submitted for this article."""
        with self._connection() as connection:
            return (
                connection.execute(
                    "SELECT 1 FROM comments WHERE article = ? AND text = ? LIMIT 1", (article, text)
                ).fetchone()
                is not None
            )

    def get(self, comment_id: str) -> Row | None:
        with self._connection() as connection:
            found = connection.execute(
                "SELECT * FROM comments WHERE id = ?", (comment_id,)
            ).fetchone()
        return _row(found) if found else None

    def rows(self, states: Iterable[str] = (), article: str = "", search: str = "") -> list[Row]:
        """Comments filtered by state, article and text; pending first, then newest first."""
        query, parameters = "SELECT * FROM comments WHERE 1 = 1", []
        states = list(states)
        if states:
            query += f" AND state IN ({', '.join('?' * len(states))})"
            parameters += states
        if article:
            query += " AND article = ?"
            parameters.append(article)
        if search:
            query += " AND (text LIKE ? OR author LIKE ?)"
            parameters += [f"%{search}%"] * 2
        query += " ORDER BY state != 'pending', created DESC"
        with self._connection() as connection:
            return [_row(r) for r in connection.execute(query, parameters)]

    def set_state(self, ids: Iterable[str], state: State, reason: str = "") -> list[str]:
        """Move comments to ``state``; returns the ids that exist."""
        changed = []
        with self._transaction() as connection:
            for comment_id in ids:
                cursor = connection.execute(
                    "UPDATE comments SET state = ?, reject_reason = ? WHERE id = ?",
                    (str(state), reason, comment_id),
                )
                if cursor.rowcount:
                    changed.append(comment_id)
        return changed

    def mark_exported(self, comment_id: str, path: str) -> None:
        with self._transaction() as connection:
            connection.execute(
                "UPDATE comments SET exported_path = ? WHERE id = ?", (path, comment_id)
            )

    def delete_by_email(self, email: str) -> list[Row]:
        """Delete every comment sent with ``email``; returns what was deleted."""
        with self._transaction() as connection:
            found = [
                _row(r)
                for r in connection.execute(
                    "SELECT * FROM comments WHERE lower(email) = lower(?)", (email,)
                )
            ]
            connection.execute("DELETE FROM comments WHERE lower(email) = lower(?)", (email,))
        return found

    def forget_clients(self, older_than: timedelta) -> None:
        """Drop the client fingerprints once the rate-limit window no longer needs them."""
        cutoff = (datetime.now(UTC) - older_than).isoformat()
        with self._transaction() as connection:
            connection.execute("UPDATE comments SET client = '' WHERE created < ?", (cutoff,))


def client_fingerprint(address: str, secret: str) -> str:
    """A one-way fingerprint of the client address: enough for rate limits, not an IP."""
    return hashlib.sha256(f"{secret}:{address}".encode()).hexdigest()[:24]


def _row(record: sqlite3.Row) -> Row:
    values = dict(record)
    values["spam_reasons"] = tuple(json.loads(values["spam_reasons"]))
    return Row(**values)
