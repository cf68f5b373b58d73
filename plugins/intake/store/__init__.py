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

from intake.store import comments, dispatch, editors, journal, mentions, preferences
from intake.store.comments import (
    Comments,
    NewComment,
    RateLimited,
    Row,
    client_fingerprint,
)
from intake.store.dispatch import Dispatch
from intake.store.editors import Editors
from intake.store.file import QueueFile
from intake.store.journal import Journal
from intake.store.mentions import Mentions
from intake.store.preferences import Preferences

__all__ = [
    "Comments",
    "Database",
    "Dispatch",
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
    dispatch.SCHEMA,  # how far CI has been asked to publish the change log
)


class Database(QueueFile):
    """The queue file; its tables are ``comments``, ``preferences``, ``journal``,
    ``editors``, ``mentions`` and ``dispatch``."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, MIGRATIONS)
        self.comments = Comments(self)
        self.preferences = Preferences(self)
        self.journal = Journal(self)
        self.editors = Editors(self)
        self.mentions = Mentions(self)
        self.dispatch = Dispatch(self)
