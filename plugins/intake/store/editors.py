"""The editorial team's accounts, their log-in sessions and the log-in attempts.

Passwords are hashed with Argon2 (argon2-cffi). A session id is random; the table keeps
only its SHA-256, so a copy of the queue file opens no session. Every log-in makes a new
session id (an id planted before the log-in never becomes a logged-in one).
"""

import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

if TYPE_CHECKING:
    from intake.store.backend import Backend

SCHEMA = (
    """
    CREATE TABLE editors (
        name {key} PRIMARY KEY,
        password_hash TEXT NOT NULL,
        created {time} NOT NULL
    )
    """,
    """
    CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        editor TEXT NOT NULL,
        csrf TEXT NOT NULL,
        expires {time} NOT NULL
    )
    """,
    "CREATE TABLE login_attempts (client TEXT NOT NULL, created {time} NOT NULL)",
    "CREATE INDEX login_attempts_client ON login_attempts (client, created)",
)
NAME = re.compile(r"^[\w][\w .'-]{0,63}$")
_HASHER = PasswordHasher()


@dataclass(frozen=True)
class Session:
    editor: str
    csrf: str


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class Editors:
    def __init__(self, database: "Backend") -> None:
        self.database = database

    def add(self, name: str, password: str) -> bool:
        """Create or replace the account ``name``; True when it is new."""
        if not NAME.match(name):
            raise ValueError(
                f'The name "{name}" is not possible; expected letters, digits, spaces, '
                ". ' - (at most 64)"
            )
        if len(password) < 12:
            raise ValueError("The password is too short; expected at least 12 characters")
        with self.database.transaction() as connection:
            existed = connection.execute("SELECT 1 FROM editors WHERE name = ?", (name,)).fetchone()
            connection.execute(
                "INSERT INTO editors (name, password_hash, created) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, "
                "created = excluded.created",
                (name, _HASHER.hash(password), _stamp(datetime.now(UTC))),
            )
            connection.execute("DELETE FROM sessions WHERE editor = ?", (name,))
        return existed is None

    def remove(self, name: str) -> bool:
        """Delete the account ``name`` and end its sessions; True when it existed."""
        with self.database.transaction() as connection:
            connection.execute("DELETE FROM sessions WHERE editor = ?", (name,))
            return connection.execute("DELETE FROM editors WHERE name = ?", (name,)).rowcount > 0

    def names(self) -> list[str]:
        with self.database.connection() as connection:
            return [r["name"] for r in connection.execute("SELECT name FROM editors ORDER BY name")]

    def verify(self, name: str, password: str) -> bool:
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT password_hash FROM editors WHERE name = ?", (name,)
            ).fetchone()
        try:
            # An unknown name costs as much time as a wrong password.
            return _HASHER.verify(found["password_hash"] if found else _DUMMY, password) and bool(
                found
            )
        except (VerificationError, InvalidHashError):
            return False

    def attempts(self, client: str, window: timedelta) -> int:
        since = _stamp(datetime.now(UTC) - window)
        with self.database.transaction() as connection:
            connection.execute("DELETE FROM login_attempts WHERE created < ?", (since,))
            return connection.execute(
                "SELECT COUNT(*) FROM login_attempts WHERE client = ? AND created >= ?",
                (client, since),
            ).fetchone()[0]

    def record_attempt(self, client: str) -> None:
        with self.database.transaction() as connection:
            connection.execute(
                "INSERT INTO login_attempts (client, created) VALUES (?, ?)",
                (client, _stamp(datetime.now(UTC))),
            )

    def take_attempt(self, limits: Mapping[str, int], window: timedelta) -> str:
        """Count one log-in attempt under every key of ``limits`` (client -> its limit),
        unless a key is at its limit: "" then, and nothing is counted.

        Counted before the password is checked, in one write transaction: parallel
        attempts cannot all pass the count before any of them is counted. Returns the
        attempt's stamp, which :meth:`forget_attempt` takes after a right password.
        """
        now = datetime.now(UTC)
        since, stamp = _stamp(now - window), _stamp(now)
        with self.database.transaction() as connection:
            connection.execute("DELETE FROM login_attempts WHERE created < ?", (since,))
            for client, limit in limits.items():
                count = connection.execute(
                    "SELECT COUNT(*) FROM login_attempts WHERE client = ? AND created >= ?",
                    (client, since),
                ).fetchone()[0]
                if count >= limit:
                    return ""
            connection.executemany(
                "INSERT INTO login_attempts (client, created) VALUES (?, ?)",
                [(client, stamp) for client in limits],
            )
        return stamp

    def forget_attempt(self, clients: Iterable[str], stamp: str) -> None:
        """The attempt of ``stamp`` had the right password: it is no failure."""
        with self.database.transaction() as connection:
            connection.executemany(
                "DELETE FROM login_attempts WHERE client = ? AND created = ?",
                [(client, stamp) for client in clients],
            )

    def open_session(self, editor: str, lifetime: timedelta, old_id: str = "") -> str:
        """A new session id for ``editor`` (an old one of the browser is dropped)."""
        session_id = secrets.token_urlsafe(32)
        with self.database.transaction() as connection:
            if old_id:
                connection.execute("DELETE FROM sessions WHERE id_hash = ?", (_hash(old_id),))
            connection.execute(
                "DELETE FROM sessions WHERE expires < ?", (_stamp(datetime.now(UTC)),)
            )
            connection.execute(
                "INSERT INTO sessions (id_hash, editor, csrf, expires) VALUES (?, ?, ?, ?)",
                (
                    _hash(session_id),
                    editor,
                    secrets.token_urlsafe(32),
                    _stamp(datetime.now(UTC) + lifetime),
                ),
            )
        return session_id

    def session(self, session_id: str) -> Session | None:
        if not session_id:
            return None
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT editor, csrf FROM sessions WHERE id_hash = ? AND expires > ?",
                (_hash(session_id), _stamp(datetime.now(UTC))),
            ).fetchone()
        return Session(found["editor"], found["csrf"]) if found else None

    def close_session(self, session_id: str) -> None:
        with self.database.transaction() as connection:
            connection.execute("DELETE FROM sessions WHERE id_hash = ?", (_hash(session_id),))


_DUMMY = _HASHER.hash("no such editor: a dummy to compare against")
