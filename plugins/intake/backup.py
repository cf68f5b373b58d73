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

from comments.model import State
from intake.store import MIGRATIONS, Database
from intake.store.file import make_private_folder
from intake.store.journal import log_change
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
    subscribers: int = 0  # the newsletter's, confirmed or not
    reply_subscriptions: int = 0
    reports: int = 0
    data_requests: int = 0  # open "Meine Kommentare" links

    def __str__(self) -> str:
        return (
            f"{count_noun(self.comments, 'comment')} ({self.pending} pending), "
            f"{count_noun(self.editors, 'editor account')}, "
            f"{count_noun(self.mentions, 'mention request')}, "
            f"{count_noun(self.subscribers, 'newsletter subscriber')}, "
            f"{count_noun(self.reply_subscriptions, 'reply subscription')}, "
            f"{count_noun(self.reports, 'report')}, "
            f"{count_noun(self.data_requests, 'data request')}"
        )


# What a reader's erasure (comments.erase, "delete everything"), an unsubscribe or a
# reader deleting a comment removes: rows of these tables, by id. A restore deletes again
# what the queue it replaces had deleted since the backup (GDPR Art. 17: erased data
# must not come back from a backup). Rows go only by these ways, and by expiry, which
# a second deletion also respects.
ERASABLE = {
    "comments": "comment",
    "subscribers": "newsletter subscriber",
    "reply_subscriptions": "reply subscription",
    "data_requests": "data request",
}


@dataclass(frozen=True)
class Restored:
    restored: Contents
    replaced: Contents | None  # None: there was no queue
    kept: Path | None  # where the queue as it was went
    # Rows the replaced queue had deleted since the backup, deleted again (by table),
    # and reports whose reporter had been erased; None: not known (no queue before, or
    # another queue than the backup's), so erasures since the backup are back.
    deleted_again: dict[str, int] | None = None
    # The integrity problem of a damaged queue, which was moved to ``kept`` as it was
    # (its -wal beside it) instead of being replaced row by row; "" when it was whole.
    damage: str = ""

    def deletions(self) -> str:
        """``2 comments, 1 newsletter subscriber`` (what was deleted again)."""
        counts = self.deleted_again or {}
        names = {**ERASABLE, "reporters": "report's reporter"}
        parts = [count_noun(counts[table], names[table]) for table in names if counts.get(table)]
        return ", ".join(parts) or "nothing"


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
    make_private_folder(target.parent)
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


def restore(
    source: Path,
    queue: Path,
    keep: Path | None = None,
    bring_back_deleted: bool = False,
    damaged: bool = False,
) -> Restored:
    """Replace the queue with ``source`` after checking it; the queue as it was is
    backed up to ``keep`` first (default: beside the other backups).

    The copy of the queue as it was and the replacement are made under one write lock
    of the live queue (``BEGIN IMMEDIATE``): a running intake's writes wait for it (up
    to its busy timeout of 30 s), so every comment it acknowledged is either in the
    kept copy (committed before the lock) or in the restored queue (committed after).
    Two separate transactions lost comments that came in between.

    What the replaced queue had deleted since the backup (``ERASABLE``; a reporter's
    name and address) is deleted again unless ``bring_back_deleted``, when both are the
    same queue (the same secret: a new empty queue has another, and would look as if
    everything had been erased).

    A damaged queue (its integrity check fails) cannot be copied or replaced row by
    row: with ``damaged`` (the intake stopped), it is moved to ``keep`` as it is and
    ``source`` restored into a new queue; without, it is refused."""
    refusal = refusal_of(source)
    if refusal:
        raise BackupError(f"{source} is not restored: {refusal}. Nothing was changed")
    restored = contents(source)
    replaced = kept = None
    existed = queue.is_file()
    damage = _damage_of(queue, source, damaged)
    if damage:
        dated = default_backup_path(queue)
        kept = keep or _unused(dated.with_stem(f"{dated.stem}-damaged"))
        _move_queue(queue, kept)
        existed = False
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
                kept = keep or _unused(dated.with_stem(f"{dated.stem}-before-restore"))
                # Another connection's read: the queue as committed, nothing after.
                replaced = backup(queue, kept)
            # A queue gets its secret once (the intake's first start) and every copy keeps
            # it; without one on both sides nothing says they are the same queue.
            secret = _secret(live, "main") if existed else None
            same_queue = secret is not None and secret == _secret(live, "incoming")
            if same_queue:
                _remember_what_is_gone(live)
            _replace_rows(live)
            deleted_again = None
            if same_queue:
                deleted_again = {} if bring_back_deleted else _delete_again(live)
        except BaseException:
            live.execute("ROLLBACK")
            raise
        live.execute("COMMIT")
    problem = integrity_problem(queue)
    if problem:  # pragma: no cover (the source passed the same check)
        raise BackupError(f"The restored queue {queue} fails the integrity check: {problem}")
    return Restored(restored, replaced, kept, deleted_again, damage)


def _damage_of(queue: Path, source: Path, damaged: bool) -> str:
    """The queue's integrity problem ("" when whole); a refusal when ``damaged`` does
    not match what the queue is."""
    damage = integrity_problem(queue) if queue.is_file() else ""
    if damage and not damaged:
        raise BackupError(
            f"The queue {queue} is damaged (SQLite's integrity check: {damage}), so it can "
            "neither be copied nor replaced while the intake runs. Stop the intake, then "
            f"restore with --damaged: the damaged queue is moved as it is to the backups "
            f"folder and {source} restored into a new queue. Nothing was changed"
        )
    if damaged and not damage:
        state = "is whole (SQLite's integrity check: ok)" if queue.is_file() else "is missing"
        raise BackupError(
            f"The queue {queue} {state}: restore without --damaged, which keeps the queue "
            "as it was and what comes in while it runs. Nothing was changed"
        )
    return damage


def _move_queue(queue: Path, target: Path) -> None:
    """The queue's file and its -wal to ``target`` as they are (what was committed last
    may be in the -wal only); the -shm is an index SQLite rebuilds, so it goes."""
    make_private_folder(target.parent)
    wal = queue.with_name(queue.name + "-wal")
    if wal.exists():
        wal.rename(target.with_name(target.name + "-wal"))
    queue.rename(target)
    queue.with_name(queue.name + "-shm").unlink(missing_ok=True)


def _unused(path: Path) -> Path:
    """``path``, or with -2, -3 … when a restore in the same second took the name."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_stem(f"{path.stem}-{number}")
    return candidate


def _secret(connection: sqlite3.Connection, schema: str) -> str | None:
    """The queue's own secret: made once when a queue is made, kept by every copy."""
    found = connection.execute(
        f"SELECT value FROM {schema}.preferences WHERE key = 'secret'"
    ).fetchone()
    return found[0] if found else None


def _remember_what_is_gone(live: sqlite3.Connection) -> None:
    """Before the rows are replaced: which rows of ``ERASABLE`` the live queue has, and
    which reports have lost their reporter (temporary tables of this connection)."""
    for table in ERASABLE:
        live.execute(f"CREATE TEMP TABLE present_{table} AS SELECT id FROM main.{table}")
    live.execute(
        "CREATE TEMP TABLE reporter_erased AS SELECT id FROM main.reports "
        "WHERE reporter_email = '' AND reporter_name = ''"
    )


def _delete_again(live: sqlite3.Connection) -> dict[str, int]:
    """In the restore's transaction: delete the restored rows the replaced queue no
    longer had, as the erasure did (an erased approved comment leaves the change log a
    line, so the sync removes its file; replies of others move up to its parent)."""
    counts = {}
    gone = live.execute(
        "SELECT id, article, reply_to, state FROM main.comments "
        "WHERE id NOT IN (SELECT id FROM temp.present_comments) ORDER BY created, id"
    ).fetchall()
    for comment_id, article, _reply_to, state in gone:
        parent = live.execute(
            "SELECT reply_to FROM main.comments WHERE id = ?", (comment_id,)
        ).fetchone()[0]
        live.execute(
            "UPDATE main.comments SET reply_to = ? WHERE reply_to = ?", (parent, comment_id)
        )
        live.execute("DELETE FROM main.comments WHERE id = ?", (comment_id,))
        if state == State.APPROVED:
            log_change(live, comment_id, article, False)
    counts["comments"] = len(gone)
    for table in ERASABLE.keys() - {"comments"}:
        counts[table] = live.execute(
            f"DELETE FROM main.{table} WHERE id NOT IN (SELECT id FROM temp.present_{table})"
        ).rowcount
    live.execute(
        "DELETE FROM main.reply_notices WHERE subscription NOT IN "
        "(SELECT id FROM main.reply_subscriptions)"
    )
    counts["reporters"] = live.execute(
        "UPDATE main.reports SET reporter_name = '', reporter_email = '' "
        "WHERE id IN (SELECT id FROM temp.reporter_erased) "
        "AND (reporter_name != '' OR reporter_email != '')"
    ).rowcount
    return counts


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
    """How many comments, editors, mention requests, subscribers, reply subscriptions,
    reports and data requests ``path`` holds."""
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
            subscribers=count("subscribers"),
            reply_subscriptions=count("reply_subscriptions"),
            reports=count("reports"),
            data_requests=count("data_requests"),
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
