"""The moderation queue: one SQLite file in WAL mode, one module per table (as Isso's db/).

``Database`` owns the file: it opens connections, runs the schema migrations in order
(versioned with ``PRAGMA user_version``) and hands out the tables,
:class:`~intake.store.comments.Comments` (the queue itself) and
:class:`~intake.store.preferences.Preferences` (the service's own secret).

Every write is one short transaction that is committed before the caller answers
anybody, with ``synchronous=FULL``, so an accepted comment survives a killed process.
Nothing here knows HTTP; the intake, the invoke tasks and the importers share it.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from intake.store import comments, editors, journal, mentions, preferences
from intake.store.comments import (
    Comments,
    NewComment,
    RateLimited,
    Row,
    client_fingerprint,
)
from intake.store.editors import Editors
from intake.store.journal import Journal
from intake.store.mentions import Mentions
from intake.store.preferences import Preferences

__all__ = [
    "Comments",
    "Database",
    "Editors",
    "Journal",
    "Mentions",
    "NewComment",
    "Preferences",
    "RateLimited",
    "Row",
    "client_fingerprint",
]

# One entry per schema version, each a tuple of statements; never edit a released one,
# append a new step instead (a queue file of any older version is brought up to date).
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    comments.SCHEMA,
    preferences.SCHEMA,
    journal.SCHEMA,  # editors' actions, used mail links, the change log for the sync
    editors.SCHEMA,  # accounts and sessions of the moderation page
    mentions.SCHEMA,  # Webmention and pingback requests (issue 17, the mentions package)
)


class Database:
    """The queue file; its tables are ``comments``, ``preferences``, ``journal``,
    ``editors`` and ``mentions``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate()
        self.comments = Comments(self)
        self.preferences = Preferences(self)
        self.journal = Journal(self)
        self.editors = Editors(self)
        self.mentions = Mentions(self)

    @property
    def version(self) -> int:
        with self.connection() as connection:
            return connection.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        with self.connection() as connection:
            connection.execute("PRAGMA journal_mode=WAL")  # outside any transaction
            # IMMEDIATE: two processes starting at once must not both migrate.
            connection.execute("BEGIN IMMEDIATE")
            try:
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                for number, steps in enumerate(MIGRATIONS[version:], start=version + 1):
                    for statement in steps:
                        connection.execute(statement)
                    connection.execute(f"PRAGMA user_version = {number}")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA busy_timeout=30000")
        connection.execute("PRAGMA synchronous=FULL")  # committed means on disk
        try:
            yield connection
        finally:
            connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``), so that a check and
        the write that depends on it (the rate limit, then the insert) are one step."""
        with self.connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
