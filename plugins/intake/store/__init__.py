"""The moderation queue: one SQLite file in WAL mode, one module per table (as Isso's db/).

``Database`` owns the file: it opens connections, runs the schema migrations in order
(versioned with ``PRAGMA user_version``) and hands out the tables,
:class:`~intake.store.comments.Comments` (the queue itself) and
:class:`~intake.store.preferences.Preferences` (the service's own secret).

Every write is one short transaction that is committed before the caller answers
anybody, with ``synchronous=FULL``, so an accepted comment survives a killed process.
Nothing here knows HTTP; the intake, the invoke tasks and the importers share it.
"""

from pathlib import Path

from intake.store import (
    comments,
    data_requests,
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
from intake.store.comments import (
    Comments,
    NewComment,
    RateLimited,
    Row,
    client_fingerprint,
)
from intake.store.data_requests import DataRequests
from intake.store.editors import Editors
from intake.store.file import QueueFile
from intake.store.issues import Issues
from intake.store.journal import Journal
from intake.store.mentions import Mentions
from intake.store.preferences import Preferences
from intake.store.reply_subscriptions import ReplySubscriptions
from intake.store.reports import Reports
from intake.store.subscribers import Subscribers
from intake.store.throttle import Throttle

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


class Database(QueueFile):
    """The queue file; its tables are ``comments``, ``preferences``, ``journal``,
    ``editors`` and ``mentions``, and the readers' ``throttle``, ``subscribers``,
    ``issues``, ``reply_subscriptions``, ``reports`` and ``data_requests``."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, MIGRATIONS)
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
