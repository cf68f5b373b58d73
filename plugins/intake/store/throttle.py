"""How often readers' forms and mails may happen: ``form_posts`` (the rate limit of the
newsletter form, "Meine Kommentare" and reports, per client fingerprint) and
``mail_log`` (when one address last got one kind of mail: a confirmation, a link, a
reply notification for one thread).

Both are checked and written in one transaction, so two processes never both pass.
Rows older than their window are deleted on the way (and by ``forget_expired``, which
the intake runs periodically): an address stays here no longer than it stops a second
mail. ``mail_log`` names an address by a keyed hash (:func:`address_key` with the
queue's secret), never in plain text: it only has to recognise an address again.
"""

import hashlib
import hmac
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from intake.store.comments import timestamp

if TYPE_CHECKING:
    from intake.store.file import QueueFile

SCHEMA = (
    """
    CREATE TABLE form_posts (
        client TEXT NOT NULL,
        form TEXT NOT NULL,
        created {time} NOT NULL
    )
    """,
    "CREATE INDEX form_posts_client ON form_posts (client, form, created)",
    """
    CREATE TABLE mail_log (
        email_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        sent {time} NOT NULL,
        PRIMARY KEY (email_key, kind)
    )
    """,
)
KEEP_MAIL_LOG = timedelta(days=2)  # longer than any window that reads it


def email_key(email: str) -> str:
    """One spelling per address: ``Lea@Example.org`` and ``lea@example.org `` are one."""
    return email.strip().lower()


def address_key(email: str, secret: str) -> str:
    """An address as a keyed hash (HMAC-SHA256 with ``secret``): the same for every
    spelling of it, and no address can be read back from it. It names an address in the
    mail log and in the links that act on whatever an address has subscribed (the reply
    notices' "this conversation" and "every thread", the newsletter's unsubscribe link)."""
    digest = hmac.new(secret.encode(), email_key(email).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def address_with_key(addresses: Iterable[str], key: str, secret: str) -> str | None:
    """The one of ``addresses`` whose :func:`address_key` with ``secret`` is ``key``: how
    a link that names an address so finds what the address has now. None when none is."""
    for address in addresses:
        if address_key(address, secret) == key:
            return address
    return None


class Throttle:
    def __init__(self, database: "QueueFile") -> None:
        self.database = database
        self._secret = ""

    def key(self, email: str) -> str:
        """How the mail log names ``email``: keyed with the queue's own secret."""
        if not self._secret:
            self._secret = self.database.preferences.secret()
        return address_key(email, self._secret)

    def take_post(self, client: str, form: str, limit: int, window: timedelta) -> bool:
        """Count one post of ``form`` from ``client``; False (nothing counted) when the
        client sent ``limit`` of them within ``window`` already. 0 means no limit."""
        now = datetime.now(UTC)
        with self.database.transaction() as connection:
            connection.execute(
                "DELETE FROM form_posts WHERE created < ?", (timestamp(now - window),)
            )
            if limit and client:
                recent = connection.execute(
                    "SELECT COUNT(*) FROM form_posts WHERE client = ? AND form = ? "
                    "AND created >= ?",
                    (client, form, timestamp(now - window)),
                ).fetchone()[0]
                if recent >= limit:
                    return False
            connection.execute(
                "INSERT INTO form_posts (client, form, created) VALUES (?, ?, ?)",
                (client, form, timestamp(now)),
            )
        return True

    def take_mail(self, email: str, kind: str, window: timedelta) -> bool:
        """Whether a mail of ``kind`` may go to ``email`` now; if so, it is noted as sent.
        False when one went within ``window``."""
        now = datetime.now(UTC)
        key = self.key(email)
        with self.database.transaction() as connection:
            connection.execute(
                "DELETE FROM mail_log WHERE sent < ?", (timestamp(now - KEEP_MAIL_LOG),)
            )
            found = connection.execute(
                "SELECT sent FROM mail_log WHERE email_key = ? AND kind = ?", (key, kind)
            ).fetchone()
            if found is not None and found["sent"] > timestamp(now - window):
                return False
            connection.execute(
                "INSERT INTO mail_log (email_key, kind, sent) VALUES (?, ?, ?) "
                "ON CONFLICT (email_key, kind) DO UPDATE SET sent = excluded.sent",
                (key, kind, timestamp(now)),
            )
        return True

    def forget_mail(self, email: str, kind: str = "") -> None:
        """Drop what the log holds of ``email`` (of one kind, or every kind)."""
        key = self.key(email)
        with self.database.transaction() as connection:
            forget_key_in(connection, key, kind)

    def forget_expired(self) -> int:
        """Delete what no window reads any more; the rows of a queue from before the log
        was keyed (plain addresses, with their "@") go at once."""
        cutoff = timestamp(datetime.now(UTC) - KEEP_MAIL_LOG)
        with self.database.transaction() as connection:
            cursor = connection.execute(
                "DELETE FROM mail_log WHERE sent < ? OR email_key LIKE ?", (cutoff, "%@%")
            )
            return cursor.rowcount


def forget_key_in(connection, key: str, kind: str = "") -> None:
    """``Throttle.forget_mail`` inside the caller's transaction, for the address whose
    ``Throttle.key`` is ``key`` (taken before the transaction: it may read the secret)."""
    if kind:
        connection.execute("DELETE FROM mail_log WHERE email_key = ? AND kind = ?", (key, kind))
    else:
        connection.execute("DELETE FROM mail_log WHERE email_key = ?", (key,))
