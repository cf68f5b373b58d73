"""The queue on a PostgreSQL server (``COMMENTS_DATABASE_URL=postgresql://…``), shared by
every intake host, through psycopg 3 and its connection pool.

Everything PostgreSQL does differently from the SQLite file is here, nowhere else
(``intake.store.backend`` says what the table modules may rely on):

- ``?`` placeholders become ``%s`` (and a literal ``%`` becomes ``%%``);
- times are ``timestamptz`` and read back as the ISO 8601 text SQLite keeps (a time not
  set, NULL, reads back as ""); flags are ``boolean`` and read back as 0 or 1;
- the schema's version is the one row of ``schema_version`` (SQLite has
  ``PRAGMA user_version``); steps run in one transaction, all or nothing;
- the write lock: each write transaction first takes one transaction-scoped advisory
  lock (``pg_advisory_xact_lock``), so writers take turns exactly as SQLite's
  ``BEGIN IMMEDIATE`` makes them, but across hosts. Finer locks would let more writers
  through at once; a comment intake writes a few rows a second at most, and one lock
  keeps every read-then-write of the tables correct without a thought, now and for the
  next table. It also keeps the change log's numbers in commit order: a sync client
  that saw number 11 never misses a 10 committed after it;
- a key that is taken raises ``DuplicateKey`` (``UniqueViolation`` here).
"""

import logging
import os
import re
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import ConnectionPool

from intake.store.backend import (
    DuplicateKey,
    QueueMisconfigured,
    QueueUnavailable,
    redacted,
    render,
    shown_address,
    url_parts,
)

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock's key for "the queue is being written": any fixed number that
# nothing else in the database uses (the bytes of "hafenlic").
WRITE_LOCK = 0x686166656E6C6963
POOL_SIZE = 10  # waitress's 4 threads, the verifier, the tasks: never more than this wait
POOL_NAME = "comment-queue"  # its threads are named after it
# How long a request (and the health check) waits for a connection of the pool, and how
# long one connection attempt may take. psycopg_pool's default wait is 30 s: with the
# server down, the health check held a waitress thread that long, and nginx (10 s for
# the health location) answered 504 instead of the intake's 503. A few seconds are
# plenty for a pool of 10 and a server that answers.
POOL_WAIT_SECONDS = 4.0
CONNECT_TIMEOUT_SECONDS = 3
# For every session: times in UTC; a writer waits at most as long as SQLite's busy
# timeout for the lock; a session that idles in a transaction (its host froze) is ended
# by the server, so its lock cannot hold up the other hosts.
SESSION_SETTINGS = {
    "timezone": "UTC",
    "lock_timeout": "30s",
    "idle_in_transaction_session_timeout": "60s",
}
# What the server (or libpq) says when the address's user, password or database is
# wrong: a start-up refusal, not a server that is not up yet (libpq gives no SQLSTATE
# for a failed connection, only its message; the server's in English, as Debian's
# packages set it up with lc_messages of the cluster's locale C.UTF-8 or en_US).
REFUSALS = (
    "password authentication failed",
    "no password supplied",
    "no pg_hba.conf entry",
    "does not exist",  # the database or the role
)
_TIMESTAMPTZ, _BOOLEAN = 1184, 16  # type oids
_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\?|%")


@lru_cache(maxsize=512)
def placeholders(sql: str) -> str:
    """``sql`` with psycopg's ``%s`` for each ``?`` outside a quoted string, and every
    ``%`` doubled (psycopg reads ``%`` everywhere, quoted or not)."""
    return _PLACEHOLDER.sub(
        lambda found: "%s" if found[0] == "?" else found[0].replace("%", "%%"),
        sql,
    )


class Record(dict):
    """A row by column name (``row["state"]``, ``dict(row)``) or position (``row[0]``),
    as ``sqlite3.Row`` gives it."""

    __slots__ = ("_values",)

    def __init__(self, names: Sequence[str], values: Sequence[Any]) -> None:
        super().__init__(zip(names, values, strict=True))
        self._values = values

    def __getitem__(self, key):
        return self._values[key] if isinstance(key, int) else super().__getitem__(key)


def _neutral(value: Any, type_code: int) -> Any:
    if type_code == _TIMESTAMPTZ:
        return value.astimezone(UTC).isoformat(timespec="microseconds") if value else ""
    if type_code == _BOOLEAN and value is not None:
        return int(value)
    return value


def _records(cursor):
    """psycopg's row factory for :class:`Record` with SQLite's values."""
    description = cursor.description
    if description is None:
        return lambda values: values
    names = [column.name for column in description]
    types = [column.type_code for column in description]
    return lambda values: Record(
        names, [_neutral(v, t) for v, t in zip(values, types, strict=True)]
    )


class _Connection:
    """One pooled psycopg connection as the table modules use it."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> psycopg.Cursor:
        try:
            if parameters:
                return self.raw.execute(placeholders(sql), list(parameters))
            return self.raw.execute(sql)
        except errors.UniqueViolation as error:
            raise DuplicateKey(str(error).splitlines()[0]) from error

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor:
        cursor = self.raw.cursor()
        try:
            cursor.executemany(placeholders(sql), [list(row) for row in rows])
        except errors.UniqueViolation as error:
            raise DuplicateKey(str(error).splitlines()[0]) from error
        return cursor


def _conninfo(url: str) -> str:
    """The URL's connection parameters with our session settings and a connect timeout
    (the URL's own ``options`` and ``connect_timeout`` are kept)."""
    expected = (
        "expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE with the characters "
        "@ : / ? # % of the password percent-encoded (@ as %40, / as %2F, % as %25), or "
        "the password left out of the URL (PGPASSWORD, ~/.pgpass)"
    )
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        # psycopg's reason quotes the part it could not read: often the password.
        raise QueueMisconfigured(
            f"COMMENTS_DATABASE_URL is not a PostgreSQL address libpq can read (its text is "
            f"not shown: it may hold the password); {expected}"
        ) from None
    userinfo = url_parts(url)[0]
    if re.search(r"[@/?#]", userinfo) or (
        ":" in userinfo and parts.get("password") != unquote(userinfo.partition(":")[2])
    ):
        # libpq would take part of the password for the host or the database's name.
        raise QueueMisconfigured(
            "COMMENTS_DATABASE_URL is not a PostgreSQL address as written: the part before "
            f"the last @ (user and password) holds a character libpq reads otherwise; {expected}"
        )
    ours = " ".join(f"-c {name}={value}" for name, value in SESSION_SETTINGS.items())
    parts["options"] = f"{ours} {parts['options']}" if parts.get("options") else ours
    parts.setdefault("connect_timeout", str(CONNECT_TIMEOUT_SECONDS))
    parts.setdefault("application_name", "hafenlicht-intake")
    return make_conninfo(**parts)


class PostgresQueue:
    """The queue's tables in one PostgreSQL database, brought up to the last of
    ``migrations`` when opened (the first host to start does it; the others wait)."""

    name = "postgresql"
    path = None

    def __init__(self, url: str, migrations: tuple[tuple[str, ...], ...]) -> None:
        self.location = shown_address(url)
        self._url = url  # for taking its password out of the driver's messages
        self._conninfo = _conninfo(url)
        self._pool: ConnectionPool | None = None
        self._pool_pid = 0
        self._pool_lock = threading.Lock()
        self._migrate(migrations)

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self._conninfo, autocommit=True, row_factory=_records)
        except psycopg.OperationalError as error:
            reason = redacted(" ".join(str(error).split()), self._url)
            if any(words in reason for words in REFUSALS):
                raise QueueMisconfigured(
                    f"The comment queue at {self.location} refuses this intake: {reason}; "
                    "check the user, password and database in COMMENTS_DATABASE_URL (or "
                    "PGPASSWORD, ~/.pgpass) and pg_hba.conf"
                ) from None
            raise QueueUnavailable(
                f"The comment queue at {self.location} cannot be reached: {reason}"
            ) from None

    def _migrate(self, migrations: tuple[tuple[str, ...], ...]) -> None:
        """The steps after the database's version, in one transaction (all or none)."""
        try:
            with self._connect() as raw, raw.transaction():
                raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                raw.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                found = raw.execute("SELECT version FROM schema_version").fetchone()
                if found is None:
                    raw.execute("INSERT INTO schema_version (version) VALUES (0)")
                version = found[0] if found else 0
                for number, steps in enumerate(migrations[version:], start=version + 1):
                    for statement in steps:
                        raw.execute(render(statement, self.name))
                    raw.execute("UPDATE schema_version SET version = %s", (number,))
                    logger.info("Queue at %s: schema step %d done", self.location, number)
        except psycopg.Error as error:  # e.g. a role that may not create tables
            reason = redacted(error.diag.message_primary or str(error).splitlines()[0], self._url)
            raise QueueUnavailable(
                f"The comment queue at {self.location} cannot be set up: {reason}"
            ) from None
        if version > len(migrations):  # another host runs a newer release already
            logger.warning(
                "The comment queue at %s has schema version %d; this intake knows %d. "
                "Update every intake host to the same release.",
                self.location,
                version,
                len(migrations),
            )

    def _pooled(self) -> ConnectionPool:
        """This process's pool, opened at first use (a process forked from one that had
        a pool, as gunicorn's workers are, opens its own)."""
        with self._pool_lock:
            if self._pool is None or self._pool_pid != os.getpid():
                self._pool = ConnectionPool(
                    self._conninfo,
                    kwargs={"autocommit": True, "row_factory": _records},
                    min_size=1,
                    max_size=POOL_SIZE,
                    timeout=POOL_WAIT_SECONDS,
                    check=ConnectionPool.check_connection,  # a restarted server is no error
                    name=POOL_NAME,
                    open=True,
                )
                self._pool_pid = os.getpid()
                weakref.finalize(self, _let_go, self._pool)
            return self._pool

    @property
    def version(self) -> int:
        with self.connection() as connection:
            return connection.execute("SELECT version FROM schema_version").fetchone()[0]

    @contextmanager
    def connection(self) -> Iterator[_Connection]:
        with self._pooled().connection() as raw:
            yield _Connection(raw)

    @contextmanager
    def transaction(self) -> Iterator[_Connection]:
        with self._pooled().connection() as raw, raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield _Connection(raw)

    @contextmanager
    def snapshot(self) -> Iterator[_Connection]:
        with self._pooled().connection() as raw, raw.transaction(force_rollback=True):
            raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield _Connection(raw)

    def _column_types(self, connection: _Connection, table: str) -> dict[str, tuple[str, str]]:
        found = connection.execute(
            "SELECT column_name, data_type, is_identity FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
        return {row[0]: (row[1], row[2]) for row in found}

    def insert_rows(
        self, connection: _Connection, table: str, rows: list[Mapping[str, Any]]
    ) -> None:
        """Rows as either backend reads them (times as text, "" for none; flags 0/1),
        stored in this database's types; identity counters move past the copied keys."""
        types = self._column_types(connection, table)
        if rows:
            names = list(rows[0])
            converters = [_STORED.get(types[name][0], _same) for name in names]
            with connection.raw.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(names)}) "
                    f"VALUES ({', '.join(['%s'] * len(names))})",
                    [[c(row[n]) for c, n in zip(converters, names, strict=True)] for row in rows],
                )
        for name, (_type, identity) in types.items():
            if identity == "YES":
                connection.execute(
                    f"SELECT setval(pg_get_serial_sequence(?, ?), "
                    f"COALESCE(MAX({name}), 0) + 1, false) FROM {table}",
                    (table, name),
                )

    def close(self) -> None:
        with self._pool_lock:
            if self._pool is not None and self._pool_pid == os.getpid():
                self._pool.close()
            self._pool = None


def _let_go(pool: ConnectionPool) -> None:
    """Close the pool of a queue nobody holds any more (its connections would stay open
    until the pool itself is collected). Never from one of the pool's own threads, where
    the last reference may go: a thread cannot wait for itself to end."""
    if threading.current_thread().name.startswith(f"{POOL_NAME}-"):
        threading.Thread(target=pool.close, name="comment-queue-closing", daemon=True).start()
    else:
        pool.close()


def _same(value: Any) -> Any:
    return value


def _stored_time(value: Any) -> Any:
    return value or None  # "" is SQLite's "not set"


def _stored_flag(value: Any) -> Any:
    return None if value is None else bool(value)


_STORED = {"timestamp with time zone": _stored_time, "boolean": _stored_flag}
