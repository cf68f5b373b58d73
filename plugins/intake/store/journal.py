"""What happened to comments: the editors' actions, the used mail links, and the change
log that the machine export (``/kommentare/sync``) reads from a cursor.

``changes`` gets a line whenever a comment becomes approved or stops being approved
(rejected or marked as spam after approval, erased); the sync client on the git
checkout asks for the lines after the last one it saw. It holds ids, never addresses.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake.store.backend import Backend, Connection

SCHEMA = (
    """
    CREATE TABLE actions (
        id {serial},
        comment TEXT NOT NULL,
        editor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        created {time} NOT NULL
    )
    """,
    "CREATE INDEX actions_comment ON actions (comment, id)",
    "CREATE TABLE used_links (nonce TEXT PRIMARY KEY, used {time} NOT NULL)",
    """
    CREATE TABLE changes (
        seq {serial},
        comment TEXT NOT NULL,
        article TEXT NOT NULL,
        approved {flag} NOT NULL,
        created {time} NOT NULL
    )
    """,
    "CREATE INDEX changes_comment ON changes (comment, seq)",
    # Comments approved before this step are the first lines of the log.
    "INSERT INTO changes (comment, article, approved, created) "
    "SELECT id, article, {true}, created FROM comments WHERE state = 'approved' "
    "ORDER BY created, id",
    # Who may wear a badge: written only by the editors' tools, never from the form.
    "ALTER TABLE comments ADD COLUMN role TEXT NOT NULL DEFAULT ''",
)


@dataclass(frozen=True)
class Action:
    comment: str
    editor: str
    action: str
    detail: str
    created: str


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def log_change(connection: "Connection", comment: str, article: str, approved: bool):
    """One line of the change log, inside the caller's transaction."""
    connection.execute(
        "INSERT INTO changes (comment, article, approved, created) VALUES (?, ?, ?, ?)",
        (comment, article, approved, now()),
    )


class Journal:
    def __init__(self, database: "Backend") -> None:
        self.database = database

    def record(self, comment: str, editor: str, action: str, detail: str = "") -> None:
        with self.database.transaction() as connection:
            connection.execute(
                "INSERT INTO actions (comment, editor, action, detail, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (comment, editor, action, detail, now()),
            )

    def actions(self, comment: str) -> list[Action]:
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT comment, editor, action, detail, created FROM actions "
                "WHERE comment = ? ORDER BY id",
                (comment,),
            ).fetchall()
        return [Action(**dict(row)) for row in rows]

    def use_link(self, connection: "Connection", nonce: str) -> bool:
        """Mark a mail link used, inside the caller's transaction; False if it was."""
        cursor = connection.execute(
            "INSERT INTO used_links (nonce, used) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (nonce, now()),
        )
        return cursor.rowcount == 1

    def changes_since(self, cursor: int) -> tuple[int, dict[str, tuple[str, bool]]]:
        """The last cursor, and each comment changed after ``cursor`` with its article
        and whether its last change approved it."""
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT seq, comment, article, approved FROM changes WHERE seq > ? ORDER BY seq",
                (cursor,),
            ).fetchall()
            last = connection.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0]
        latest = {row["comment"]: (row["article"], bool(row["approved"])) for row in rows}
        return last, latest
