"""The ``comments`` table: every submitted comment and where it stands in moderation.

A row keeps the commenter's e-mail address for the editorial team (and for erasing a
person's comments on request); it never leaves the queue: exports, reports and
notifications are written without it.
"""

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from comments.model import CommentKind, State
from intake.store.backend import Connection, DuplicateKey
from intake.store.journal import log_change

if TYPE_CHECKING:
    from intake.store.backend import Backend

SCHEMA = (
    """
    CREATE TABLE comments (
        id {key} PRIMARY KEY,
        article TEXT NOT NULL,
        reply_to TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'comment',
        author TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '',
        website TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        created {time} NOT NULL,
        state TEXT NOT NULL,
        spam_reasons TEXT NOT NULL DEFAULT '[]',
        reject_reason TEXT NOT NULL DEFAULT '',
        client TEXT NOT NULL DEFAULT '',
        exported_path TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'form'
    )
    """,
    "CREATE INDEX comments_state ON comments (state, created)",
    "CREATE INDEX comments_client ON comments (client, created)",
    "CREATE INDEX comments_email ON comments (email)",
    "CREATE INDEX comments_article ON comments (article, created)",
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
    exported_path: str  # "<article>/<id>.md" below the comments folder, once written
    source: str  # form, reply, import
    role: str = ""  # "author" or "editorial": a reply written with the editors' tools


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
    role: str = ""  # only the editors' tools set it (the badge comes from it)
    exported_path: str = ""  # an importer that writes the comment's file itself


class RateLimited(Exception):
    """The client sent too many comments in the window; nothing was stored."""


class AlreadyThere(Exception):
    """The same sender sent the same text for the same article before (a re-send after
    an error page, a double click): nothing was stored; ``comment_id`` is the first."""

    def __init__(self, comment_id: str) -> None:
        super().__init__(comment_id)
        self.comment_id = comment_id


def new_id(created: datetime) -> str:
    """``20240213-143105-4f1a2c9e``: sortable by time, unguessable, safe as an HTML id."""
    return f"{created.astimezone(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"


def timestamp(moment: datetime) -> str:
    """One fixed ISO form, so that timestamps compare correctly as text in SQL."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class Comments:
    def __init__(self, database: "Backend") -> None:
        self.database = database

    def add(
        self,
        new: NewComment,
        rate_limit: int = 0,
        window_seconds: int = 0,
        duplicate_reason: str = "",
    ) -> str:
        """Store ``new`` and commit; returns its id. RateLimited when the client is over.

        With ``duplicate_reason`` (the comment form), the same text for the same article
        is looked for in the same transaction as the insert, under the queue's write
        lock (on every host): from the same sender (author, e-mail address, reply) it
        raises AlreadyThere and stores nothing; from anybody else ``new`` is stored as
        spam with that reason. Checked before the transaction, two posts at once both
        passed.

        DuplicateKey when ``new.id`` is taken (importers rely on it to skip what they
        imported before).
        """
        created = new.created or datetime.now(UTC)
        for _attempt in range(5):
            comment_id = new.id or new_id(created)
            try:
                self._insert(comment_id, created, new, rate_limit, window_seconds, duplicate_reason)
            except DuplicateKey:
                if new.id:
                    raise
                continue  # 32 random bits collided within one second: draw again
            return comment_id
        raise RuntimeError("could not find a free comment id")  # pragma: no cover

    def _insert(
        self,
        comment_id: str,
        created: datetime,
        new: NewComment,
        rate_limit: int,
        window_seconds: int,
        duplicate_reason: str,
    ) -> None:
        with self.database.transaction() as connection:
            if duplicate_reason:
                new = _unless_sent_before(connection, new, duplicate_reason)
            if rate_limit and new.client:
                since = timestamp(created - timedelta(seconds=window_seconds))
                recent = connection.execute(
                    "SELECT COUNT(*) FROM comments WHERE client = ? AND created > ?",
                    (new.client, since),
                ).fetchone()[0]
                if recent >= rate_limit:
                    raise RateLimited(new.client)
            self.insert_in(connection, comment_id, created, new)

    def insert_in(
        self, connection: Connection, comment_id: str, created: datetime, new: NewComment
    ) -> None:
        """The insert of ``add`` inside the caller's transaction: an import adds thousands
        of comments in one (DuplicateKey when ``comment_id`` is taken)."""
        connection.execute(
            "INSERT INTO comments (id, article, reply_to, kind, author, email, website, "
            "text, created, state, spam_reasons, client, source, role, exported_path) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                comment_id,
                new.article,
                new.reply_to,
                str(new.kind),
                new.author,
                new.email,
                new.website,
                new.text,
                timestamp(created),
                str(new.state),
                json.dumps(list(new.spam_reasons), ensure_ascii=False),
                new.client,
                new.source,
                new.role,
                new.exported_path,
            ),
        )
        if new.state == State.APPROVED:
            log_change(connection, comment_id, new.article, True)

    def get(self, comment_id: str) -> Row | None:
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT * FROM comments WHERE id = ?", (comment_id,)
            ).fetchone()
        return _row(found) if found else None

    def rows(self, states: Iterable[str] = (), article: str = "", search: str = "") -> list[Row]:
        """Comments filtered by state, article and text; pending first, then newest first."""
        query, parameters = "SELECT * FROM comments WHERE 1 = 1", []
        states = [str(s) for s in states]
        if states:
            query += f" AND state IN ({', '.join('?' * len(states))})"
            parameters += states
        if article:
            query += " AND article = ?"
            parameters.append(article)
        if search:
            # lower() on both sides: SQLite's LIKE ignores case, PostgreSQL's does not.
            query += " AND (lower(text) LIKE lower(?) OR lower(author) LIKE lower(?))"
            parameters += [f"%{search}%"] * 2
        query += " ORDER BY state != 'pending', created DESC, id"
        with self.database.connection() as connection:
            return [_row(r) for r in connection.execute(query, parameters)]

    def set_state(self, ids: Iterable[str], state: State, reason: str = "") -> list[str]:
        """Move comments to ``state``; returns the ids that exist."""
        with self.database.transaction() as connection:
            return self.set_state_in(connection, ids, state, reason)

    def set_state_in(
        self, connection: Connection, ids: Iterable[str], state: State, reason: str = ""
    ) -> list[str]:
        """``set_state`` inside the caller's transaction (a mail link marks itself used
        in the same one)."""
        changed = []
        for comment_id in ids:
            found = connection.execute(
                "SELECT state, article FROM comments WHERE id = ?", (comment_id,)
            ).fetchone()
            if found is None:
                continue
            connection.execute(
                "UPDATE comments SET state = ?, reject_reason = ? WHERE id = ?",
                (str(state), reason, comment_id),
            )
            if (found["state"] == State.APPROVED) != (state == State.APPROVED):
                log_change(connection, comment_id, found["article"], state == State.APPROVED)
            changed.append(comment_id)
        return changed

    def mark_exported(self, comment_id: str, path: str) -> None:
        """Remember where the comment's file is ("" once it was removed again)."""
        with self.database.transaction() as connection:
            connection.execute(
                "UPDATE comments SET exported_path = ? WHERE id = ?", (path, comment_id)
            )

    def reparent(self, old_parent: str, new_parent: str) -> None:
        """Replies to ``old_parent`` become replies to ``new_parent`` (its own parent)."""
        with self.database.transaction() as connection:
            connection.execute(
                "UPDATE comments SET reply_to = ? WHERE reply_to = ?", (new_parent, old_parent)
            )

    def delete_by_email(self, email: str) -> list[Row]:
        """Delete every comment sent with ``email``; returns what was deleted."""
        with self.database.transaction() as connection:
            found = [
                _row(r)
                for r in connection.execute(
                    "SELECT * FROM comments WHERE lower(email) = lower(?) ORDER BY created, id",
                    (email.strip(),),
                )
            ]
            connection.execute(
                "DELETE FROM comments WHERE lower(email) = lower(?)", (email.strip(),)
            )
            for row in found:
                if row.state == State.APPROVED:
                    log_change(connection, row.id, row.article, False)
        return found

    def of_email(self, email: str) -> list[Row]:
        """Every comment sent with ``email`` (its writer's data), oldest first."""
        with self.database.connection() as connection:
            return [
                _row(r)
                for r in connection.execute(
                    "SELECT * FROM comments WHERE lower(email) = lower(?) ORDER BY created, id",
                    (email.strip(),),
                )
            ]

    def delete_ids(self, ids: Iterable[str]) -> list[Row]:
        """Delete the comments ``ids`` (a reader deleting one of theirs) with their reply
        notifications, which hold the address; what was deleted."""
        # Imported here: that module takes ``timestamp`` from this one.
        from intake.store.reply_subscriptions import forget_comments_in

        found = []
        with self.database.transaction() as connection:
            for comment_id in ids:
                row = connection.execute(
                    "SELECT * FROM comments WHERE id = ?", (comment_id,)
                ).fetchone()
                if row is None:
                    continue
                found.append(_row(row))
                connection.execute("DELETE FROM comments WHERE id = ?", (comment_id,))
                if found[-1].state == State.APPROVED:
                    log_change(connection, comment_id, found[-1].article, False)
            forget_comments_in(connection, [row.id for row in found])
        return found

    def forget_clients(self, older_than: timedelta) -> None:
        """Drop the client fingerprints once the rate-limit window no longer needs them."""
        cutoff = timestamp(datetime.now(UTC) - older_than)
        with self.database.transaction() as connection:
            connection.execute(
                "UPDATE comments SET client = '' WHERE client != '' AND created < ?", (cutoff,)
            )


def _unless_sent_before(connection: Connection, new: NewComment, reason: str) -> NewComment:
    """``new`` as it is to be stored, in the insert's transaction: AlreadyThere for the
    same sender's same text; marked as spam for anybody else's."""
    same_text = connection.execute(
        "SELECT id, author, email, reply_to FROM comments WHERE article = ? AND text = ? "
        "ORDER BY created, id",
        (new.article, new.text),
    ).fetchall()
    for row in same_text:
        if (row["author"], row["email"].lower(), row["reply_to"]) == (
            new.author,
            new.email.lower(),
            new.reply_to,
        ):
            raise AlreadyThere(row["id"])
    if not same_text or reason in new.spam_reasons:
        return new
    return replace(new, state=State.SPAM, spam_reasons=(*new.spam_reasons, reason))


def client_fingerprint(address: str, secret: str) -> str:
    """A one-way fingerprint of the client address: enough for rate limits, not an IP."""
    return hashlib.sha256(f"{secret}:{address}".encode()).hexdigest()[:24]


def _row(record) -> Row:
    values = dict(record)
    values["spam_reasons"] = tuple(json.loads(values["spam_reasons"]))
    return Row(**values)
