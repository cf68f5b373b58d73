"""The ``subscribers`` table: the newsletter's readers and the proof of their consent.

A row is made by the form (``pending``) and becomes ``confirmed`` through the link of
the confirmation mail (double opt-in). It keeps what a German court asks for as proof:
when the subscription was requested and confirmed, and a keyed hash of the network
address each step came from (``client_hash``: the queue's secret is needed to check an
address against it, none can be read back from it). Unsubscribing deletes the row, and
the mail log's note of its confirmation mail with it; a pending row that was never
confirmed is deleted once its link has expired.

The proof of a pending row is the request its confirmation mail answers: a request
that mails nothing (within the resend window, or for a confirmed address) changes
nothing, whoever sent it; one that mails a new link renews the row (``renew``).

``nonce`` is drawn once per row: a confirmation link names it, so the links of a row
that was deleted (unsubscribed) confirm nothing, not even after the same address
subscribes again.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from intake.store.comments import timestamp
from intake.store.throttle import address_with_key, email_key, forget_key_in

if TYPE_CHECKING:
    from intake.store.file import QueueFile

SCHEMA = (
    """
    CREATE TABLE subscribers (
        id {key} PRIMARY KEY,
        email TEXT NOT NULL,
        email_key TEXT NOT NULL UNIQUE,
        lang TEXT NOT NULL,
        state TEXT NOT NULL,
        nonce TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        requested {time} NOT NULL,
        request_client TEXT NOT NULL,
        confirmed {time_or_unset},
        confirm_client TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX subscribers_state ON subscribers (state, requested)",
)
PENDING, CONFIRMED = "pending", "confirmed"
CONFIRM_MAIL = "newsletter-confirm"  # the mail log's kind of the confirmation mail


@dataclass(frozen=True)
class Subscriber:
    id: str
    email: str
    email_key: str
    lang: str
    state: str
    nonce: str
    source: str  # the page the form was on
    requested: str
    request_client: str
    confirmed: str  # "" while pending
    confirm_client: str


class Subscribers:
    def __init__(self, database: "QueueFile") -> None:
        self.database = database

    def request(self, email: str, lang: str, source: str, client: str) -> Subscriber:
        """The row of ``email``: a new pending one, or the one there is, unchanged (a
        request for an address someone else asked for must not rewrite its proof)."""
        key = email_key(email)
        with self.database.transaction() as connection:
            connection.execute(
                "INSERT INTO subscribers (id, email, email_key, lang, state, nonce, source, "
                "requested, request_client) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (email_key) DO NOTHING",
                (
                    secrets.token_hex(8),
                    email.strip(),
                    key,
                    lang,
                    PENDING,
                    secrets.token_hex(8),
                    source,
                    timestamp(datetime.now(UTC)),
                    client,
                ),
            )
            found = connection.execute(
                "SELECT * FROM subscribers WHERE email_key = ?", (key,)
            ).fetchone()
        return Subscriber(**dict(found))

    def renew(self, subscriber_id: str, lang: str, source: str, client: str) -> Subscriber | None:
        """A pending row asked for again, now that a new confirmation mail goes out: the
        proof becomes this request's (time, page, language, client), and the row lives
        as long as the new link. The nonce stays: every link mailed for the row confirms
        it. None when the row is gone or confirmed meanwhile (nothing changes then)."""
        with self.database.transaction() as connection:
            connection.execute(
                "UPDATE subscribers SET requested = ?, lang = ?, source = ?, request_client = ? "
                "WHERE id = ? AND state = ?",
                (timestamp(datetime.now(UTC)), lang, source, client, subscriber_id, PENDING),
            )
            found = connection.execute(
                "SELECT * FROM subscribers WHERE id = ? AND state = ?", (subscriber_id, PENDING)
            ).fetchone()
        return Subscriber(**dict(found)) if found else None

    def get(self, subscriber_id: str) -> Subscriber | None:
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT * FROM subscribers WHERE id = ?", (subscriber_id,)
            ).fetchone()
        return Subscriber(**dict(found)) if found else None

    def by_email(self, email: str) -> Subscriber | None:
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT * FROM subscribers WHERE email_key = ?", (email_key(email),)
            ).fetchone()
        return Subscriber(**dict(found)) if found else None

    def confirm(self, subscriber_id: str, nonce: str, client: str) -> Subscriber | None:
        """Confirm the row whose link this is; confirming again changes nothing (the
        first confirmation stays the proof). None when the row or its nonce is gone."""
        with self.database.transaction() as connection:
            connection.execute(
                "UPDATE subscribers SET state = ?, confirmed = ?, confirm_client = ? "
                "WHERE id = ? AND nonce = ? AND state = ?",
                (CONFIRMED, timestamp(datetime.now(UTC)), client, subscriber_id, nonce, PENDING),
            )
            found = connection.execute(
                "SELECT * FROM subscribers WHERE id = ? AND nonce = ?", (subscriber_id, nonce)
            ).fetchone()
        return Subscriber(**dict(found)) if found else None

    def remove(self, subscriber_id: str) -> bool:
        """Delete the row and the mail log's note of its confirmation mail: nothing of
        the address stays, and a new subscription gets its mail at once."""
        found = self.get(subscriber_id)
        if found is None:
            return False
        return self._remove(found.email, "id = ?", subscriber_id)

    def remove_email(self, email: str) -> bool:
        return self._remove(email, "email_key = ?", email_key(email))

    def _remove(self, email: str, where: str, value: str) -> bool:
        log_key = self.database.throttle.key(email)  # before the transaction: it may write
        with self.database.transaction() as connection:
            removed = connection.execute(
                f"DELETE FROM subscribers WHERE {where}", (value,)
            ).rowcount
            if removed:
                forget_key_in(connection, log_key, CONFIRM_MAIL)
        return removed > 0

    def by_address_key(self, key: str, secret: str) -> Subscriber | None:
        """The row of the address whose ``address_key`` with ``secret`` is ``key`` (an
        unsubscribe link names the address so, not the row)."""
        with self.database.connection() as connection:
            rows = connection.execute("SELECT email_key FROM subscribers ORDER BY id").fetchall()
        found = address_with_key((row["email_key"] for row in rows), key, secret)
        return self.by_email(found) if found is not None else None

    def forget_unconfirmed(self, older_than: timedelta) -> int:
        """Delete pending rows whose confirmation link has expired."""
        cutoff = timestamp(datetime.now(UTC) - older_than)
        with self.database.transaction() as connection:
            cursor = connection.execute(
                "DELETE FROM subscribers WHERE state = ? AND requested < ?", (PENDING, cutoff)
            )
            return cursor.rowcount

    def confirmed(self) -> list[Subscriber]:
        """Every confirmed subscriber, in the order of their confirmation."""
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT * FROM subscribers WHERE state = ? ORDER BY confirmed, id", (CONFIRMED,)
            ).fetchall()
        return [Subscriber(**dict(row)) for row in rows]

    def counts(self) -> dict[str, int]:
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT state, COUNT(*) AS n FROM subscribers GROUP BY state"
            ).fetchall()
        found = {row["state"]: row["n"] for row in rows}
        return {PENDING: found.get(PENDING, 0), CONFIRMED: found.get(CONFIRMED, 0)}

    def rows(self, search: str = "", limit: int = 200) -> list[Subscriber]:
        """Subscribers whose address contains ``search``, newest request first."""
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT * FROM subscribers WHERE email_key LIKE ? "
                "ORDER BY requested DESC, id LIMIT ?",
                (f"%{email_key(search)}%", limit),
            ).fetchall()
        return [Subscriber(**dict(row)) for row in rows]
