"""The queue's SQLite file: connections, write transactions and schema migrations.

Apart from the tables (``intake.store``), so that each table module can name the file
it works on without importing the package that assembles them.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The dialect words of schema statements (``{time}``), as the PostgreSQL branch of the
# store writes them for both backends; SQLite keeps its types.
SQLITE_WORDS = {
    "time": "TEXT",  # ISO 8601 in UTC with microseconds: compares correctly as text
    "time_or_unset": "TEXT NOT NULL DEFAULT ''",
    "key": "TEXT",
    "serial": "INTEGER PRIMARY KEY AUTOINCREMENT",
    "flag": "INTEGER",
    "true": "1",
}


class QueueFile:
    """One SQLite file in WAL mode, brought up to the last of ``migrations`` when opened."""

    def __init__(self, path: str | Path, migrations: tuple[tuple[str, ...], ...]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate(migrations)

    @property
    def version(self) -> int:
        with self.connection() as connection:
            return connection.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, migrations: tuple[tuple[str, ...], ...]) -> None:
        with self.connection() as connection:
            connection.execute("PRAGMA journal_mode=WAL")  # outside any transaction
            # IMMEDIATE: two processes starting at once must not both migrate.
            connection.execute("BEGIN IMMEDIATE")
            try:
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                for number, steps in enumerate(migrations[version:], start=version + 1):
                    for statement in steps:
                        words = "{" in statement
                        connection.execute(statement.format(**SQLITE_WORDS) if words else statement)
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
