"""How often readers' forms and mails may happen: ``form_posts`` (the rate limit of the
newsletter form, "Meine Kommentare" and reports, per client fingerprint) and
``mail_log`` (when one address last got one kind of mail: a confirmation, a link, a
reply notification for one thread).

Both are checked and written in one transaction, so two processes never both pass.
Rows older than their window are deleted on the way: an address stays here no longer
than it stops a second mail.
"""

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


class Throttle:
    def __init__(self, database: "QueueFile") -> None:
        self.database = database

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
        key = email_key(email)
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
        with self.database.transaction() as connection:
            if kind:
                connection.execute(
                    "DELETE FROM mail_log WHERE email_key = ? AND kind = ?",
                    (email_key(email), kind),
                )
            else:
                connection.execute("DELETE FROM mail_log WHERE email_key = ?", (email_key(email),))
