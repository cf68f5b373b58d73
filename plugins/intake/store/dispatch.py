"""The ``dispatch`` table: how far CI has been asked to publish the change log.

One row. ``handed`` is the last line of the change log (``journal.changes``) that a call
to CI covered; every later line is a change CI has not been told of yet. The row also
keeps the retry state of a failed call and a short claim, so that of several intake
processes on one queue exactly one makes each call (``intake.ci_trigger``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake.store.file import QueueFile

SCHEMA = (
    """
    CREATE TABLE dispatch (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        handed INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        retry_at TEXT NOT NULL DEFAULT '',
        claimed_until TEXT NOT NULL DEFAULT '',
        called TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT ''
    )
    """,
    # What was approved before this step is on the site already (or the next scheduled
    # run brings it): nothing to ask for at the first start.
    "INSERT INTO dispatch (id, handed) SELECT 1, COALESCE(MAX(seq), 0) FROM changes",
)


@dataclass(frozen=True)
class Waiting:
    """Changes CI has not been told of: the newest line, the times of the first and the
    last, and the state of the calls (``retry_at``, ``claimed_until``: "" when none)."""

    newest: int
    first: datetime
    last: datetime
    attempts: int
    retry_at: str
    claimed_until: str


@dataclass(frozen=True)
class Status:
    handed: int
    attempts: int
    called: str
    error: str


class Dispatch:
    def __init__(self, database: "QueueFile") -> None:
        self.database = database

    def waiting(self) -> Waiting | None:
        with self.database.connection() as connection:
            return _waiting(connection)

    def claim(
        self, now: datetime, due: Callable[[Waiting], datetime], lease: timedelta
    ) -> int | None:
        """The newest change to hand to CI, if a call is due at ``now`` and no other
        process is making one; the row is claimed until ``now + lease``."""
        with self.database.transaction() as connection:
            waiting = _waiting(connection)
            if waiting is None or now < due(waiting):
                return None
            if waiting.claimed_until and now < datetime.fromisoformat(waiting.claimed_until):
                return None
            connection.execute(
                "UPDATE dispatch SET claimed_until = ? WHERE id = 1",
                ((now + lease).isoformat(),),
            )
            return waiting.newest

    def handed(self, newest: int, now: datetime) -> None:
        """CI accepted the call covering the changes up to ``newest``."""
        with self.database.transaction() as connection:
            connection.execute(
                "UPDATE dispatch SET handed = MAX(handed, ?), attempts = 0, retry_at = '', "
                "claimed_until = '', called = ?, error = '' WHERE id = 1",
                (newest, now.isoformat()),
            )

    def failed(self, now: datetime, error: str, delay: Callable[[int], timedelta]) -> int:
        """The call failed: the next one not before ``now + delay(failures)``; returns
        the number of failures in a row."""
        with self.database.transaction() as connection:
            failures = (
                connection.execute("SELECT attempts FROM dispatch WHERE id = 1").fetchone()[0] + 1
            )
            connection.execute(
                "UPDATE dispatch SET attempts = ?, retry_at = ?, claimed_until = '', error = ? "
                "WHERE id = 1",
                (failures, (now + delay(failures)).isoformat(), error),
            )
            return failures

    def status(self) -> Status:
        with self.database.connection() as connection:
            row = connection.execute(
                "SELECT handed, attempts, called, error FROM dispatch WHERE id = 1"
            ).fetchone()
        return Status(**dict(row))


def _waiting(connection) -> Waiting | None:
    state = connection.execute(
        "SELECT handed, attempts, retry_at, claimed_until FROM dispatch WHERE id = 1"
    ).fetchone()
    span = connection.execute(
        "SELECT MAX(seq) AS newest, MIN(created) AS first, MAX(created) AS last "
        "FROM changes WHERE seq > ?",
        (state["handed"],),
    ).fetchone()
    if span["newest"] is None:
        return None
    return Waiting(
        newest=span["newest"],
        first=datetime.fromisoformat(span["first"]),
        last=datetime.fromisoformat(span["last"]),
        attempts=state["attempts"],
        retry_at=state["retry_at"],
        claimed_until=state["claimed_until"],
    )
