"""The ``reports`` table: notices of comments and mentions that a reader holds to be
unlawful (DSA Art. 16) and the editorial team's decision on each (Art. 17).

A report keeps what the reader gave (reason, explanation, optionally name and address
for the answer) and, once decided, the decision, its reason, who took it and when, and
to whom the statement of reasons went. The reporter's address is deleted with their
data ("Meine Kommentare") like any other.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from intake.store.comments import timestamp
from intake.store.throttle import email_key

if TYPE_CHECKING:
    from intake.store.file import QueueFile

SCHEMA = (
    """
    CREATE TABLE reports (
        id {key} PRIMARY KEY,
        article TEXT NOT NULL,
        comment TEXT NOT NULL,
        reason TEXT NOT NULL,
        explanation TEXT NOT NULL,
        reporter_name TEXT NOT NULL DEFAULT '',
        reporter_email TEXT NOT NULL DEFAULT '',
        lang TEXT NOT NULL,
        created {time} NOT NULL,
        decision TEXT NOT NULL DEFAULT '',
        decision_reason TEXT NOT NULL DEFAULT '',
        editor TEXT NOT NULL DEFAULT '',
        decided {time_or_unset},
        statements TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX reports_decision ON reports (decision, created)",
    "CREATE INDEX reports_comment ON reports (comment)",
)
KEEP, REMOVE = "keep", "remove"


@dataclass(frozen=True)
class Report:
    id: str
    article: str
    comment: str
    reason: str  # a key of intake.reports.REASONS
    explanation: str
    reporter_name: str
    reporter_email: str
    lang: str
    created: str
    decision: str  # "" while open, then keep or remove
    decision_reason: str
    editor: str
    decided: str
    statements: str  # who got the statement of reasons: "reporter", "commenter"


class Reports:
    def __init__(self, database: "QueueFile") -> None:
        self.database = database

    def add(
        self,
        article: str,
        comment: str,
        reason: str,
        explanation: str,
        reporter_name: str,
        reporter_email: str,
        lang: str,
    ) -> Report:
        report_id = f"{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(4)}"
        with self.database.transaction() as connection:
            connection.execute(
                "INSERT INTO reports (id, article, comment, reason, explanation, reporter_name, "
                "reporter_email, lang, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    report_id,
                    article,
                    comment,
                    reason,
                    explanation,
                    reporter_name,
                    reporter_email.strip(),
                    lang,
                    timestamp(datetime.now(UTC)),
                ),
            )
        found = self.get(report_id)
        assert found is not None
        return found

    def get(self, report_id: str) -> Report | None:
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT * FROM reports WHERE id = ?", (report_id,)
            ).fetchone()
        return Report(**dict(found)) if found else None

    def rows(self, decided: bool = False, limit: int = 100) -> list[Report]:
        """Open reports, oldest first (or decided ones, newest first)."""
        query = (
            "SELECT * FROM reports WHERE decision != '' ORDER BY created DESC, id LIMIT ?"
            if decided
            else "SELECT * FROM reports WHERE decision = '' ORDER BY created, id LIMIT ?"
        )
        with self.database.connection() as connection:
            return [Report(**dict(row)) for row in connection.execute(query, (limit,))]

    def of_comment(self, comment: str) -> list[Report]:
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT * FROM reports WHERE comment = ? ORDER BY created, id", (comment,)
            ).fetchall()
        return [Report(**dict(row)) for row in rows]

    def open_count(self) -> int:
        with self.database.connection() as connection:
            return connection.execute(
                "SELECT COUNT(*) FROM reports WHERE decision = ''"
            ).fetchone()[0]

    def decide(self, report_id: str, decision: str, reason: str, editor: str) -> bool:
        """Record the decision once; False when the report was decided already."""
        if decision not in (KEEP, REMOVE):
            raise ValueError(f'"{decision}" is no decision; expected {KEEP} or {REMOVE}')
        with self.database.transaction() as connection:
            cursor = connection.execute(
                "UPDATE reports SET decision = ?, decision_reason = ?, editor = ?, decided = ? "
                "WHERE id = ? AND decision = ''",
                (decision, reason, editor, timestamp(datetime.now(UTC)), report_id),
            )
            return cursor.rowcount == 1

    def note_statements(self, report_id: str, receivers: list[str]) -> None:
        with self.database.transaction() as connection:
            connection.execute(
                "UPDATE reports SET statements = ? WHERE id = ?", (",".join(receivers), report_id)
            )

    def of_reporter(self, email: str) -> list[Report]:
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT * FROM reports WHERE lower(reporter_email) = ? ORDER BY created, id",
                (email_key(email),),
            ).fetchall()
        return [Report(**dict(row)) for row in rows]

    def forget_reporter(self, email: str) -> int:
        """The reporter's name and address leave their reports (the reports stay: the
        decision on a comment is the site's record)."""
        with self.database.transaction() as connection:
            cursor = connection.execute(
                "UPDATE reports SET reporter_name = '', reporter_email = '' "
                "WHERE lower(reporter_email) = ?",
                (email_key(email),),
            )
            return cursor.rowcount
