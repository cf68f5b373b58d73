"""Who wants to hear of replies to their comment (``reply_subscriptions``) and which
replies they were told of (``reply_notices``).

A row is made when a reader ticks "Benachrichtigen Sie mich bei Antworten" under the
comment form (``pending``) and becomes ``confirmed`` through the link of the mail that
asks (double opt-in), with the same proof as a newsletter subscription. Unsubscribing
deletes it, for one thread or for every thread of the address, pending rows too (an
unsubscribe link finds them by the address's keyed hash: ``of_address_key``); deleting
the comment deletes its row too.

The double opt-in is per address, as the mail proves that the address is the reader's:
confirming one link confirms every pending row of the address, and a row asked for by
an address that confirmed before is confirmed at once, with that confirmation as its
proof. So no row waits for a mail the resend window holds back.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from intake.store.comments import timestamp
from intake.store.throttle import address_with_key, email_key

if TYPE_CHECKING:
    from intake.store.file import QueueFile

SCHEMA = (
    """
    CREATE TABLE reply_subscriptions (
        id {key} PRIMARY KEY,
        comment TEXT NOT NULL,
        article TEXT NOT NULL,
        email TEXT NOT NULL,
        email_key TEXT NOT NULL,
        lang TEXT NOT NULL,
        state TEXT NOT NULL,
        nonce TEXT NOT NULL,
        requested {time} NOT NULL,
        request_client TEXT NOT NULL,
        confirmed {time_or_unset},
        confirm_client TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX reply_subscriptions_email ON reply_subscriptions (email_key)",
    "CREATE INDEX reply_subscriptions_state ON reply_subscriptions (state, comment)",
    """
    CREATE TABLE reply_notices (
        subscription TEXT NOT NULL,
        reply TEXT NOT NULL,
        noticed {time} NOT NULL,
        PRIMARY KEY (subscription, reply)
    )
    """,
)
PENDING, CONFIRMED = "pending", "confirmed"
CONFIRM_MAIL = "replies-confirm"  # the mail log's kind of the confirmation mail


@dataclass(frozen=True)
class ReplySubscription:
    id: str
    comment: str  # the reader's comment; replies below it are told
    article: str
    email: str
    email_key: str
    lang: str
    state: str
    nonce: str
    requested: str
    request_client: str
    confirmed: str
    confirm_client: str


def _subscription(row) -> ReplySubscription:
    return ReplySubscription(**dict(row))


class ReplySubscriptions:
    def __init__(self, database: "QueueFile") -> None:
        self.database = database

    def request(
        self, comment: str, article: str, email: str, lang: str, client: str
    ) -> ReplySubscription:
        """A new row for ``comment``: pending, or confirmed at once when the address
        confirmed a row before (its first confirmation is the proof of this one too)."""
        subscription_id = secrets.token_hex(8)
        with self.database.transaction() as connection:
            earlier = connection.execute(
                "SELECT confirmed, confirm_client FROM reply_subscriptions "
                "WHERE email_key = ? AND state = ? ORDER BY confirmed, id LIMIT 1",
                (email_key(email), CONFIRMED),
            ).fetchone()
            values = [
                subscription_id,
                comment,
                article,
                email.strip(),
                email_key(email),
                lang,
                PENDING if earlier is None else CONFIRMED,
                secrets.token_hex(8),
                timestamp(datetime.now(UTC)),
                client,
            ]
            columns = "id, comment, article, email, email_key, lang, state, nonce, requested, "
            columns += "request_client"
            if earlier is not None:  # unset otherwise: "" in a file, NULL on a server
                columns += ", confirmed, confirm_client"
                values += [earlier["confirmed"], earlier["confirm_client"]]
            connection.execute(
                f"INSERT INTO reply_subscriptions ({columns}) "
                f"VALUES ({', '.join('?' * len(values))})",
                values,
            )
        found = self.get(subscription_id)
        assert found is not None
        return found

    def pending_of(self, email: str) -> list[ReplySubscription]:
        """The rows of ``email`` that wait for their confirmation, oldest first."""
        return [s for s in self.of_email(email) if s.state == PENDING]

    def get(self, subscription_id: str) -> ReplySubscription | None:
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT * FROM reply_subscriptions WHERE id = ?", (subscription_id,)
            ).fetchone()
        return _subscription(found) if found else None

    def confirm(self, subscription_id: str, nonce: str, client: str) -> ReplySubscription | None:
        """Confirm once (the first confirmation stays the proof), and with it every
        pending row of the same address; None when it is gone."""
        now = timestamp(datetime.now(UTC))
        with self.database.transaction() as connection:
            own = connection.execute(
                "SELECT email_key FROM reply_subscriptions WHERE id = ? AND nonce = ? "
                "AND state = ?",
                (subscription_id, nonce, PENDING),
            ).fetchone()
            if own is not None:
                connection.execute(
                    "UPDATE reply_subscriptions SET state = ?, confirmed = ?, confirm_client = ? "
                    "WHERE email_key = ? AND state = ?",
                    (CONFIRMED, now, client, own["email_key"], PENDING),
                )
            found = connection.execute(
                "SELECT * FROM reply_subscriptions WHERE id = ? AND nonce = ?",
                (subscription_id, nonce),
            ).fetchone()
        return _subscription(found) if found else None

    def confirmed(self) -> list[ReplySubscription]:
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT * FROM reply_subscriptions WHERE state = ? ORDER BY requested, id",
                (CONFIRMED,),
            ).fetchall()
        return [_subscription(row) for row in rows]

    def of_email(self, email: str) -> list[ReplySubscription]:
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT * FROM reply_subscriptions WHERE email_key = ? ORDER BY requested, id",
                (email_key(email),),
            ).fetchall()
        return [_subscription(row) for row in rows]

    def of_address_key(self, key: str, secret: str) -> list[ReplySubscription]:
        """Every row of the address whose ``address_key`` with ``secret`` is ``key``, the
        pending ones too: an unsubscribe link names the address so, and ends what it has
        when it is used, also what would be confirmed later."""
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT DISTINCT email_key FROM reply_subscriptions"
            ).fetchall()
        found = address_with_key((row["email_key"] for row in rows), key, secret)
        return self.of_email(found) if found is not None else []

    def remove(self, subscription_id: str) -> bool:
        with self.database.transaction() as connection:
            connection.execute(
                "DELETE FROM reply_notices WHERE subscription = ?", (subscription_id,)
            )
            cursor = connection.execute(
                "DELETE FROM reply_subscriptions WHERE id = ?", (subscription_id,)
            )
            return cursor.rowcount > 0

    def remove_email(self, email: str) -> int:
        """Every subscription of ``email`` (unsubscribing from all threads, erasure)."""
        with self.database.transaction() as connection:
            connection.execute(
                "DELETE FROM reply_notices WHERE subscription IN "
                "(SELECT id FROM reply_subscriptions WHERE email_key = ?)",
                (email_key(email),),
            )
            cursor = connection.execute(
                "DELETE FROM reply_subscriptions WHERE email_key = ?", (email_key(email),)
            )
            return cursor.rowcount

    def forget_unconfirmed(self, older_than: timedelta) -> int:
        """Delete pending rows whose confirmation link has expired."""
        cutoff = timestamp(datetime.now(UTC) - older_than)
        with self.database.transaction() as connection:
            cursor = connection.execute(
                "DELETE FROM reply_subscriptions WHERE state = ? AND requested < ?",
                (PENDING, cutoff),
            )
            return cursor.rowcount

    def noticed(self, subscription_id: str) -> set[str]:
        """The replies this subscription was told of already."""
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT reply FROM reply_notices WHERE subscription = ?", (subscription_id,)
            ).fetchall()
        return {row["reply"] for row in rows}

    def note(self, subscription_id: str, replies: list[str]) -> list[str]:
        """Mark ``replies`` as told, before the mail goes (two processes never tell
        them both); returns the ones no other process marked first."""
        now = timestamp(datetime.now(UTC))
        taken = []
        with self.database.transaction() as connection:
            for reply in replies:
                cursor = connection.execute(
                    "INSERT INTO reply_notices (subscription, reply, noticed) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (subscription_id, reply, now),
                )
                if cursor.rowcount == 1:
                    taken.append(reply)
        return taken

    def unnote(self, subscription_id: str, replies: list[str]) -> None:
        """Take back the marks of ``note``: the mail did not go (the relay refused it
        for now), so the next round tells these replies again."""
        with self.database.transaction() as connection:
            for reply in replies:
                connection.execute(
                    "DELETE FROM reply_notices WHERE subscription = ? AND reply = ?",
                    (subscription_id, reply),
                )


def forget_comments_in(connection, comment_ids: list[str]) -> None:
    """Delete the rows of these comments (and what they were told) inside the caller's
    transaction: a comment deleted by its writer takes its notifications, and with them
    the address, along."""
    for comment_id in comment_ids:
        connection.execute(
            "DELETE FROM reply_notices WHERE subscription IN "
            "(SELECT id FROM reply_subscriptions WHERE comment = ?)",
            (comment_id,),
        )
        connection.execute("DELETE FROM reply_subscriptions WHERE comment = ?", (comment_id,))
