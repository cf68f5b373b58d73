"""The newsletter's issues and their deliveries: what went out, to whom, and how far a
send came (``newsletter_issues``, ``newsletter_deliveries``).

An issue is made with its articles as they were (the mail of a resumed send is the mail
of the first run) and with one delivery per confirmed subscriber, in one transaction.
A sender claims one delivery at a time (``pending`` -> ``sending``, committed) before it
hands the mail to the relay, and marks it ``sent`` after: a sender that is killed
between the two leaves ``sending``, which the next run turns into ``doubt`` and never
sends again. So a reader gets an issue at most once, whatever stops the send.
Deliveries hold subscriber ids, never addresses.
"""

import json
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from intake.store.comments import timestamp

if TYPE_CHECKING:
    from intake.store.file import QueueFile

SCHEMA = (
    """
    CREATE TABLE newsletter_issues (
        id {key} PRIMARY KEY,
        created {time} NOT NULL,
        reason TEXT NOT NULL,
        articles TEXT NOT NULL,
        state TEXT NOT NULL,
        finished {time_or_unset}
    )
    """,
    """
    CREATE TABLE newsletter_deliveries (
        issue TEXT NOT NULL,
        subscriber TEXT NOT NULL,
        state TEXT NOT NULL,
        changed {time} NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (issue, subscriber)
    )
    """,
    "CREATE INDEX newsletter_deliveries_state ON newsletter_deliveries (issue, state)",
)
PENDING, SENDING, SENT = "pending", "sending", "sent"
FAILED, DOUBT, GONE = "failed", "doubt", "gone"  # refused; maybe sent; unsubscribed meanwhile


@dataclass(frozen=True)
class Issue:
    id: str
    created: str
    reason: str  # manual, publish, weekly
    articles: tuple[dict, ...]  # as they were sent: slug, title, summary, url, image, lang
    state: str  # "open" while deliveries are open, then "done"
    finished: str  # "" while open

    @property
    def slugs(self) -> set[str]:
        return {article["slug"] for article in self.articles}


def _issue(row) -> Issue:
    values = dict(row)
    values["articles"] = tuple(json.loads(values["articles"]))
    return Issue(**values)


class Issues:
    def __init__(self, database: "QueueFile") -> None:
        self.database = database

    def create(
        self, articles: list[dict], reason: str, subscribers: list[str]
    ) -> tuple[Issue | None, bool]:
        """A new issue with a pending delivery for each of ``subscribers``, and True.

        Two senders may plan at once (`invoke newsletter.send` on the host while CI asks
        the intake): under the write lock, an issue still open is returned (with False)
        instead of a second one, and articles an issue carried meanwhile are left out;
        (None, False) when that leaves none of the planned articles, so that nobody gets
        them twice."""
        issue_id = f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        now = timestamp(datetime.now(UTC))
        with self.database.transaction() as connection:
            found = connection.execute(
                "SELECT * FROM newsletter_issues WHERE state = 'open' ORDER BY created LIMIT 1"
            ).fetchone()
            if found:
                return _issue(found), False
            carried = {
                article["slug"]
                for row in connection.execute("SELECT articles FROM newsletter_issues")
                for article in json.loads(row["articles"])
            }
            new = [article for article in articles if article.get("slug") not in carried]
            if articles and not new:
                return None, False
            articles = new
            connection.execute(
                "INSERT INTO newsletter_issues (id, created, reason, articles, state) "
                "VALUES (?, ?, ?, ?, 'open')",
                (issue_id, now, reason, json.dumps(articles, ensure_ascii=False)),
            )
            connection.executemany(
                "INSERT INTO newsletter_deliveries (issue, subscriber, state, changed) "
                "VALUES (?, ?, ?, ?)",
                [(issue_id, subscriber, PENDING, now) for subscriber in subscribers],
            )
        made = self.get(issue_id)
        assert made is not None
        return made, True

    def get(self, issue_id: str) -> Issue | None:
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT * FROM newsletter_issues WHERE id = ?", (issue_id,)
            ).fetchone()
        return _issue(found) if found else None

    def unfinished(self) -> Issue | None:
        """The issue a send stopped in the middle of, if there is one."""
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT * FROM newsletter_issues WHERE state = 'open' ORDER BY created LIMIT 1"
            ).fetchone()
        return _issue(found) if found else None

    def all(self, limit: int = 50) -> list[Issue]:
        """The issues, newest first."""
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT * FROM newsletter_issues ORDER BY created DESC, id LIMIT ?", (limit,)
            ).fetchall()
        return [_issue(row) for row in rows]

    def sent_slugs(self) -> set[str]:
        """Every article some issue carried."""
        return {slug for issue in self.all(limit=100000) for slug in issue.slugs}

    def in_doubt(self, issue_id: str) -> int:
        """Deliveries a stopped sender left while handing them over become ``doubt``."""
        with self.database.transaction() as connection:
            cursor = connection.execute(
                "UPDATE newsletter_deliveries SET state = ?, changed = ?, "
                "detail = 'the send stopped while handing it to the relay' "
                "WHERE issue = ? AND state = ?",
                (DOUBT, timestamp(datetime.now(UTC)), issue_id, SENDING),
            )
            return cursor.rowcount

    def claim(self, issue_id: str) -> str | None:
        """The next pending delivery's subscriber, now ``sending`` (committed)."""
        with self.database.transaction() as connection:
            found = connection.execute(
                "SELECT subscriber FROM newsletter_deliveries WHERE issue = ? AND state = ? "
                "ORDER BY subscriber LIMIT 1",
                (issue_id, PENDING),
            ).fetchone()
            if found is None:
                return None
            connection.execute(
                "UPDATE newsletter_deliveries SET state = ?, changed = ? "
                "WHERE issue = ? AND subscriber = ?",
                (SENDING, timestamp(datetime.now(UTC)), issue_id, found["subscriber"]),
            )
        return found["subscriber"]

    def settle(self, issue_id: str, subscriber: str, state: str, detail: str = "") -> None:
        """Record how one delivery ended (or ``pending`` again: the relay asked to wait)."""
        with self.database.transaction() as connection:
            connection.execute(
                "UPDATE newsletter_deliveries SET state = ?, changed = ?, detail = ? "
                "WHERE issue = ? AND subscriber = ?",
                (state, timestamp(datetime.now(UTC)), detail[:500], issue_id, subscriber),
            )

    def counts(self, issue_id: str) -> Counter:
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT state, COUNT(*) AS n FROM newsletter_deliveries WHERE issue = ? "
                "GROUP BY state",
                (issue_id,),
            ).fetchall()
        return Counter({row["state"]: row["n"] for row in rows})

    def finish(self, issue_id: str) -> bool:
        """Close the issue when no delivery is open any more; whether it is closed."""
        with self.database.transaction() as connection:
            open_ = connection.execute(
                "SELECT COUNT(*) FROM newsletter_deliveries WHERE issue = ? AND state IN (?, ?)",
                (issue_id, PENDING, SENDING),
            ).fetchone()[0]
            if open_:
                return False
            connection.execute(
                "UPDATE newsletter_issues SET state = 'done', finished = ? WHERE id = ?",
                (timestamp(datetime.now(UTC)), issue_id),
            )
        return True

    def deliveries_of(self, subscriber: str) -> list[tuple[str, str, str]]:
        """(issue, state, changed) of every delivery to one subscriber (their data)."""
        with self.database.connection() as connection:
            rows = connection.execute(
                "SELECT issue, state, changed FROM newsletter_deliveries WHERE subscriber = ? "
                "ORDER BY issue",
                (subscriber,),
            ).fetchall()
        return [(row["issue"], row["state"], row["changed"]) for row in rows]
