"""The ``preferences`` table: values the service keeps for itself, such as its secret."""

import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake.store.backend import Backend

SCHEMA = ("CREATE TABLE preferences (key TEXT PRIMARY KEY, value TEXT NOT NULL)",)


class Preferences:
    def __init__(self, database: "Backend") -> None:
        self.database = database

    def get(self, key: str) -> str | None:
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT value FROM preferences WHERE key = ?", (key,)
            ).fetchone()
        return found["value"] if found else None

    def get_or_create(self, key: str, make: str) -> str:
        """The stored value of ``key``; ``make`` is stored first when there is none.

        ``ON CONFLICT DO NOTHING`` inside one transaction: several intake processes
        starting at once (gunicorn workers, several hosts) end up with the same value.
        """
        with self.database.transaction() as connection:
            connection.execute(
                "INSERT INTO preferences (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (key, make),
            )
            return connection.execute(
                "SELECT value FROM preferences WHERE key = ?", (key,)
            ).fetchone()["value"]

    def secret(self) -> str:
        """The key of the client fingerprints: random once per queue, shared by every
        process, so the rate limit holds across workers and restarts."""
        # Read first: a queue that has its key is not written to at every start.
        return self.get("secret") or self.get_or_create("secret", secrets.token_hex(32))
