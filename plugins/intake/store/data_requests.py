"""The ``data_requests`` table: the open "Meine Kommentare" links.

A link names a row, never the address (it would end in the web server's logs); the row
holds the address for as long as the link is valid, and is deleted when the reader has
deleted their data, or once the link has expired (``forget_expired``: on the next
request, and in the intake's periodic round).
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from intake.store.comments import timestamp

if TYPE_CHECKING:
    from intake.store.file import QueueFile

SCHEMA = (
    """
    CREATE TABLE data_requests (
        id {key} PRIMARY KEY,
        email TEXT NOT NULL,
        lang TEXT NOT NULL,
        nonce TEXT NOT NULL,
        created {time} NOT NULL
    )
    """,
    "CREATE INDEX data_requests_created ON data_requests (created)",
)


@dataclass(frozen=True)
class DataRequest:
    id: str
    email: str
    lang: str
    nonce: str
    created: str


class DataRequests:
    def __init__(self, database: "QueueFile") -> None:
        self.database = database

    def add(self, email: str, lang: str, max_age: timedelta) -> DataRequest:
        request = DataRequest(
            secrets.token_hex(8),
            email.strip(),
            lang,
            secrets.token_hex(8),
            timestamp(datetime.now(UTC)),
        )
        self.forget_expired(max_age)
        with self.database.transaction() as connection:
            connection.execute(
                "INSERT INTO data_requests (id, email, lang, nonce, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (request.id, request.email, request.lang, request.nonce, request.created),
            )
        return request

    def forget_expired(self, max_age: timedelta) -> int:
        """Delete the rows whose link has expired: the address goes with them."""
        cutoff = timestamp(datetime.now(UTC) - max_age)
        with self.database.transaction() as connection:
            return connection.execute(
                "DELETE FROM data_requests WHERE created < ?", (cutoff,)
            ).rowcount

    def get(self, request_id: str, nonce: str) -> DataRequest | None:
        with self.database.connection() as connection:
            found = connection.execute(
                "SELECT * FROM data_requests WHERE id = ? AND nonce = ?", (request_id, nonce)
            ).fetchone()
        return DataRequest(**dict(found)) if found else None

    def remove_email(self, email: str) -> None:
        """Every open link of the address ends (its data is gone)."""
        with self.database.transaction() as connection:
            connection.execute(
                "DELETE FROM data_requests WHERE lower(email) = lower(?)", (email.strip(),)
            )
