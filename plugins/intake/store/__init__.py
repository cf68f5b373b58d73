"""The moderation queue, one module per table (as Isso's db/), in one of two homes: a
SQLite file in WAL mode (the default, ``store/file.py``) or a PostgreSQL database that
several intake hosts share (``COMMENTS_DATABASE_URL``, ``store/postgres.py``). The table
modules write their SQL once for both (``store/backend.py`` says how).

``Database`` opens the queue, runs the schema migrations in order (versioned with
``PRAGMA user_version`` in the file, ``schema_version`` on the server) and hands out the
tables, :class:`~intake.store.comments.Comments` (the queue itself),
:class:`~intake.store.preferences.Preferences` (the service's own secret) and the rest.

Every write is one short transaction that is committed before the caller answers
anybody (SQLite with ``synchronous=FULL``), so an accepted comment survives a killed
process. Nothing here knows HTTP; the intake, the invoke tasks and the importers share it.
"""

from contextlib import AbstractContextManager
from datetime import timedelta
from pathlib import Path

from intake.store import (
    comments,
    data_requests,
    dispatch,
    editors,
    issues,
    journal,
    mentions,
    preferences,
    reply_subscriptions,
    reports,
    subscribers,
    throttle,
)
from intake.store.backend import (
    Connection,
    DuplicateKey,
    QueueMisconfigured,
    QueueUnavailable,
    is_server_address,
    open_backend,
)
from intake.store.comments import (
    AlreadyThere,
    Comments,
    NewComment,
    RateLimited,
    Row,
    client_fingerprint,
)
from intake.store.data_requests import DataRequests
from intake.store.dispatch import Dispatch
from intake.store.editors import Editors
from intake.store.issues import Issues
from intake.store.journal import Journal
from intake.store.mentions import Mentions
from intake.store.preferences import Preferences
from intake.store.reply_subscriptions import ReplySubscriptions
from intake.store.reports import Reports
from intake.store.subscribers import Subscribers
from intake.store.throttle import Throttle

__all__ = [
    "AlreadyThere",
    "Comments",
    "Database",
    "Dispatch",
    "DuplicateKey",
    "Editors",
    "Journal",
    "Mentions",
    "NewComment",
    "Preferences",
    "QueueMisconfigured",
    "QueueUnavailable",
    "RateLimited",
    "Row",
    "client_fingerprint",
    "is_server_address",
]

# One entry per schema version, each a tuple of statements for both backends (dialect
# words in braces, see store/backend.py); never edit a released one, append a new step
# instead (a queue of any older version is brought up to date).
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    comments.SCHEMA,
    preferences.SCHEMA,
    journal.SCHEMA,  # editors' actions, used mail links, the change log for the sync
    editors.SCHEMA,  # accounts and sessions of the moderation page
    mentions.SCHEMA,  # Webmention and pingback requests (issue 17, the mentions package)
    dispatch.SCHEMA,  # how far CI has been asked to publish the change log
    # Readers who come back (issue 34, docs/comments.md): how often forms and mails may
    # happen, the newsletter's subscribers and issues, reply notifications, reports of
    # comments (DSA), the "Meine Kommentare" links.
    throttle.SCHEMA,
    subscribers.SCHEMA,
    issues.SCHEMA,
    reply_subscriptions.SCHEMA,
    reports.SCHEMA,
    data_requests.SCHEMA,
)


# Every table, in an order in which a copy never names a row that is not there yet.
TABLES = (
    "preferences",
    "comments",
    "actions",
    "used_links",
    "changes",
    "editors",
    "sessions",
    "login_attempts",
    "mentions",
    "dispatch",
    "form_posts",
    "mail_log",
    "subscribers",
    "newsletter_issues",
    "newsletter_deliveries",
    "reply_subscriptions",
    "reply_notices",
    "reports",
    "data_requests",
)


class Database:
    """The queue: the tables in ``TABLES``, each reached through the store module that
    owns it (``comments``, ``preferences``, ``journal``, ``editors``, ``mentions``,
    ``dispatch``, and the readers' ``throttle``, ``subscribers``, ``issues``,
    ``reply_subscriptions``, ``reports`` and ``data_requests``).

    ``address`` is a SQLite file's path or a ``postgresql://`` URL. ``path`` is the
    file (None on a server), ``location`` names the queue in messages (no password).
    """

    def __init__(self, address: str | Path) -> None:
        self.backend = open_backend(address, MIGRATIONS)
        self.path = self.backend.path
        self.comments = Comments(self)
        self.preferences = Preferences(self)
        self.journal = Journal(self)
        self.editors = Editors(self)
        self.mentions = Mentions(self)
        self.throttle = Throttle(self)
        self.subscribers = Subscribers(self)
        self.issues = Issues(self)
        self.reply_subscriptions = ReplySubscriptions(self)
        self.reports = Reports(self)
        self.data_requests = DataRequests(self)
        self.dispatch = Dispatch(self)

    @classmethod
    def of(cls, settings) -> "Database":
        """The queue the settings name: ``database_url`` if set, else ``db_path``."""
        return cls(settings.database_url or settings.db_path)

    @property
    def location(self) -> str:
        return self.backend.location

    @property
    def version(self) -> int:
        return self.backend.version

    def forget_expired(
        self, confirm_max_age: timedelta, data_link_max_age: timedelta
    ) -> dict[str, int]:
        """Delete what readers were told is kept no longer: newsletter and reply
        subscriptions never confirmed within ``confirm_max_age`` (their mail says the
        address is deleted then), "Meine Kommentare" requests whose link has expired, and
        mail-log entries no window reads. How many rows each table lost."""
        return {
            "subscribers": self.subscribers.forget_unconfirmed(confirm_max_age),
            "reply_subscriptions": self.reply_subscriptions.forget_unconfirmed(confirm_max_age),
            "data_requests": self.data_requests.forget_expired(data_link_max_age),
            "mail_log": self.throttle.forget_expired(),
        }

    def connection(self) -> AbstractContextManager[Connection]:
        """A connection for reads."""
        return self.backend.connection()

    def transaction(self) -> AbstractContextManager[Connection]:
        """One write transaction holding the queue's write lock (across hosts)."""
        return self.backend.transaction()

    def close(self) -> None:
        """Let go of the server's connections (a file keeps none open)."""
        self.backend.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
