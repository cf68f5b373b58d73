"""Backups of the comment queue you can trust, and restoring one.

The queue is SQLite in WAL mode: what was committed last may still be in the ``-wal``
file, and ``cp`` of a file that is being written can catch half a page. SQLite's
online backup copies one consistent state in one read transaction, while the intake
goes on writing (WAL readers do not block writers). Every copy is checked with
``PRAGMA integrity_check`` before it takes its name, and it is one file (rollback
journal mode), private (0600): it holds e-mail addresses.

Restoring replaces the rows of the live queue in one write transaction, so a running
intake sees the old queue or the restored one, never a mix; the queue as it was is
backed up under the same write lock first, and both are described (what was replaced
by what).

SQLite only (``COMMENTS_DB_PATH``); no Pelican, no HTTP.
"""

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from intake.store import MIGRATIONS, Database
from newsroom.report import count_noun

HEADER = b"SQLite format 3\x00"
# What makes a file a comment queue: the tables of the first migrations.
REQUIRED_TABLES = ("comments", "preferences")


class BackupError(Exception):
    """A backup or a restore cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Contents:
    """What a queue file holds, in counts (never a name or an address)."""

    comments: int
    pending: int
    editors: int
    mentions: int
    version: int  # the schema version (PRAGMA user_version)

    def __str__(self) -> str:
        return (
            f"{count_noun(self.comments, 'comment')} ({self.pending} pending), "
            f"{count_noun(self.editors, 'editor account')}, "
            f"{count_noun(self.mentions, 'mention request')}"
        )


@dataclass(frozen=True)
class Restored:
    restored: Contents
    replaced: Contents | None  # None: there was no queue
    kept: Path | None  # where the queue as it was went


def default_backup_path(queue: Path, when: datetime | None = None) -> Path:
    """``backups/comments-20260312-143000.sqlite3`` beside the queue (UTC)."""
    moment = (when or datetime.now(UTC)).astimezone(UTC)
    return queue.parent / "backups" / f"{queue.stem}-{moment:%Y%m%d-%H%M%S}.sqlite3"


def backup(queue: Path, target: Path) -> Contents:
    """Copy ``queue`` to ``target`` (a new file) while the intake may run; checked."""
    if not queue.is_file():
        raise BackupError(f"There is no comment queue at {queue}; check COMMENTS_DB_PATH")
    if target.exists():
        raise BackupError(f"{target} exists already; name a new file")
    target.parent.mkdir(parents=True, exist_ok=True)
    with _partial(target) as partial:
        with closing(_open_read_only(queue)) as source, closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)  # all pages in one step: one consistent state
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        problem = integrity_problem(partial)
        if problem:
            raise BackupError(
                f"The copy of {queue} fails SQLite's integrity check ({problem}); the queue "
                "itself may be damaged: keep it, and restore the last good backup"
            )
        return contents(partial)


def restore(source: Path, queue: Path, keep: Path | None = None) -> Restored:
    """Replace the queue with ``source`` after checking it; the queue as it was is
    backed up to ``keep`` first (default: beside the other backups).

    The copy of the queue as it was and the replacement are made under one write lock
    of the live queue (``BEGIN IMMEDIATE``): a running intake's writes wait for it (up
    to its busy timeout of 30 s), so every comment it acknowledged is either in the
    kept copy (committed before the lock) or in the restored queue (committed after).
    Two separate transactions lost comments that came in between."""
    refusal = refusal_of(source)
    if refusal:
        raise BackupError(f"{source} is not restored: {refusal}. Nothing was changed")
    restored = contents(source)
    replaced = kept = None
    existed = queue.is_file()
    Database(queue)  # a missing queue is made; the live one has the current schema
    with (
        _migrated_copy(source, queue.parent) as incoming,
        closing(sqlite3.connect(queue, isolation_level=None, timeout=30)) as live,
    ):
        live.execute("PRAGMA busy_timeout=30000")  # a running intake finishes its write
        live.execute("ATTACH DATABASE ? AS incoming", (str(incoming),))
        live.execute("BEGIN IMMEDIATE")  # from here the intake's writes wait
        try:
            if existed:
                dated = default_backup_path(queue)
                kept = keep or dated.with_stem(f"{dated.stem}-before-restore")
                # Another connection's read: the queue as committed, nothing after.
                replaced = backup(queue, kept)
            _replace_rows(live)
        except BaseException:
            live.execute("ROLLBACK")
            raise
        live.execute("COMMIT")
    problem = integrity_problem(queue)
    if problem:  # pragma: no cover (the source passed the same check)
        raise BackupError(f"The restored queue {queue} fails the integrity check: {problem}")
    return Restored(restored, replaced, kept)


@contextmanager
def _migrated_copy(source: Path, folder: Path) -> Iterator[Path]:
    """A private copy of ``source`` beside the queue with the current schema (an older
    backup brought up to date, as the intake would), removed afterwards."""
    copy = folder / f".restore-{secrets.token_hex(4)}.sqlite3"
    copy.touch(mode=0o600)
    try:
        with closing(_open_read_only(source)) as reading, closing(sqlite3.connect(copy)) as to:
            reading.backup(to)
        Database(copy)
        yield copy
    finally:
        for leftover in (copy, *(copy.with_name(copy.name + end) for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


def _replace_rows(live: sqlite3.Connection) -> None:
    """Every table of the live queue gets the rows of ``incoming`` (same schema), and
    SQLite's counters of AUTOINCREMENT keys with them, in the open transaction."""
    tables = [
        row[0]
        for row in live.execute(
            "SELECT name FROM incoming.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        columns = ", ".join(
            f'"{row[1]}"' for row in live.execute(f'PRAGMA incoming.table_info("{table}")')
        )
        live.execute(f'DELETE FROM main."{table}"')
        live.execute(
            f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM incoming."{table}"'
        )
    counters = {
        row[0]
        for row in live.execute("SELECT name FROM incoming.sqlite_master WHERE type = 'table'")
    }
    if "sqlite_sequence" in counters:
        live.execute("DELETE FROM main.sqlite_sequence")
        live.execute(
            "INSERT INTO main.sqlite_sequence (name, seq) "
            "SELECT name, seq FROM incoming.sqlite_sequence"
        )


def refusal_of(path: Path) -> str:
    """Why ``path`` is no queue that may be restored ("" when it is one)."""
    if not path.is_file():
        return "there is no such file"
    with path.open("rb") as stream:
        if stream.read(len(HEADER)) != HEADER:
            return "it is no SQLite database"
    try:
        problem = integrity_problem(path)
        if problem:
            return f"it is damaged (SQLite's integrity check: {problem})"
        with closing(_open_read_only(path)) as connection:
            tables = _tables(connection)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        return f"it is damaged ({error})"
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        return f"it holds no comment queue (no table {', '.join(missing)})"
    if version > len(MIGRATIONS):
        return (
            f"it was written by a newer version of the intake (schema {version}, this one "
            f"knows {len(MIGRATIONS)}); update the intake first"
        )
    return ""


def integrity_problem(path: Path) -> str:
    """The first lines of ``PRAGMA integrity_check`` ("" when it says ok)."""
    try:
        with closing(_open_read_only(path)) as connection:
            lines = [row[0] for row in connection.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as error:
        return str(error)
    return "" if lines == ["ok"] else "; ".join(lines[:3])


def contents(path: Path) -> Contents:
    """How many comments, editors and mention requests ``path`` holds."""
    with closing(_open_read_only(path)) as connection:
        tables = _tables(connection)

        def count(table: str, where: str = "") -> int:
            if table not in tables:
                return 0  # an older schema
            return connection.execute(f"SELECT COUNT(*) FROM {table} {where}").fetchone()[0]

        return Contents(
            comments=count("comments"),
            pending=count("comments", "WHERE state = 'pending'"),
            editors=count("editors"),
            mentions=count("mentions"),
            version=connection.execute("PRAGMA user_version").fetchone()[0],
        )


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can never change ``path`` (no migration, no write)."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


@contextmanager
def _partial(target: Path) -> Iterator[Path]:
    """A private temporary file beside ``target`` that takes its name only when the block
    succeeds (written to disk first), and is removed when it fails."""
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    partial.touch(mode=0o600)
    try:
        yield partial
        with partial.open("rb+") as stream:
            os.fsync(stream.fileno())
        partial.rename(target)
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    finally:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
