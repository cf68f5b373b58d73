"""The queue's SQLite file: connections, write transactions and schema migrations.

The default home of the queue (``intake.store.backend`` says what both homes share):
one file in WAL mode, no server. Its write lock is SQLite's own: ``BEGIN IMMEDIATE``
lets one writer in at a time, across threads and processes of one host.
"""

import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from intake.store.backend import DuplicateKey, render

BUSY_SECONDS = 30  # how long a connection waits for another one's lock


def make_private_folder(folder: Path) -> None:
    """``folder`` and its missing parents made for this user only (0700), whatever the
    umask; a folder that exists is left as it is (the state directory's is systemd's)."""
    missing = [each for each in (folder, *folder.parents) if not each.exists()]
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)
        each.chmod(0o700)  # mkdir's mode is masked by the umask


def make_private(path: Path) -> None:
    """A new queue file, and any folder made for it, readable by this user only (0600,
    0700), whatever the umask: the queue holds e-mail addresses. SQLite gives its -wal
    and -shm files the queue file's mode. An existing file is left as it is."""
    make_private_folder(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return
    path.chmod(0o600)


class QueueFile:
    """One SQLite file in WAL mode, brought up to the last of ``migrations`` when opened."""

    name = "sqlite"

    def __init__(self, path: str | Path, migrations: tuple[tuple[str, ...], ...]) -> None:
        self.path = Path(path)
        make_private(self.path)
        self._migrate(migrations)

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def version(self) -> int:
        with self.connection() as connection:
            return connection.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, migrations: tuple[tuple[str, ...], ...]) -> None:
        with self.connection() as connection:
            self._use_wal(connection)
            # IMMEDIATE: two processes starting at once must not both migrate.
            connection.execute("BEGIN IMMEDIATE")
            try:
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                for number, steps in enumerate(migrations[version:], start=version + 1):
                    for statement in steps:
                        connection.execute(render(statement, self.name))
                    connection.execute(f"PRAGMA user_version = {number}")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def _use_wal(self, connection: sqlite3.Connection) -> None:
        """The file in WAL mode, asked for outside any transaction. SQLite answers
        "database is locked" at once, without waiting in its busy handler, when another
        connection holds a lock while the mode changes: several workers opening a new
        queue at the same moment (8 threads: 10 of 200 tries failed). So this waits here,
        as long as a busy connection would."""
        deadline = time.monotonic() + BUSY_SECONDS
        pause = 0.005
        while True:
            try:
                mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
                mode = None
            if mode == "wal":
                return
            if time.monotonic() >= deadline:
                raise sqlite3.OperationalError(
                    f"{self.path}: the queue could not be switched to WAL mode within "
                    f"{BUSY_SECONDS} s (journal mode: {mode or 'locked'})"
                )
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
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
            except sqlite3.IntegrityError as error:
                connection.execute("ROLLBACK")
                if "UNIQUE" in str(error) and not isinstance(error, DuplicateKey):
                    raise DuplicateKey(str(error)) from error
                raise
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every statement in it sees the queue of one moment."""
        with self.connection() as connection:
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                connection.execute("ROLLBACK")

    def insert_rows(
        self, connection: sqlite3.Connection, table: str, rows: list[Mapping[str, Any]]
    ) -> None:
        """Rows as they come from either backend: times as text, flags as 0/1 already.
        An AUTOINCREMENT key given explicitly moves SQLite's counter past it."""
        if not rows:
            return
        names = list(rows[0])
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [tuple(row[name] for name in names) for row in rows],
        )

    def close(self) -> None:
        """Nothing stays open between two statements."""
