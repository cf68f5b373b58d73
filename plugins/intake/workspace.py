"""What an `invoke comments.*` or `mentions.verify` task works with: the project (one
``publishing.project.Project``), its settings read once, and the queue's settings
resolved against it (intake/tasks.py, intake/loop_tasks.py)."""

import json
import os
from dataclasses import replace
from pathlib import Path

from comments.settings import CommentsSettings, from_environment, from_pelican
from intake.store import Database, QueueUnavailable
from intake.store.backend import shown_address
from mentions.settings import MentionsSettings
from mentions.settings import from_environment as mentions_from_environment
from mentions.settings import from_pelican as mentions_from_pelican
from publishing.project import SETTINGS_HELP as PROJECT_SETTINGS_HELP
from publishing.project import Project, Refused

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_HELP = PROJECT_SETTINGS_HELP["development"]


class Workspace:
    """The queue of one project: its comment settings, the queue file, the comment files.

    Settings come from the settings file (or --settings), with COMMENTS_* environment
    variables laid over them, the same way the production intake reads them. Relative
    paths in them (the queue, the manifest, the theme) are relative to the project,
    the folder of the settings file.
    """

    def __init__(self, settings_file: str = "") -> None:
        from pelican.settings import read_settings

        path = Path(settings_file) if settings_file else ROOT / "pelicanconf.py"
        self.project = Project(path.resolve().parent)
        self.root = self.project.root
        # Read without moving into the project (Project.read_settings does): the tests
        # run many tasks of many fixture projects in one process.
        self.pelican = read_settings(str(path))
        comments = from_environment(base=from_pelican(self.pelican))

        def given(name: str) -> bool:
            key = f"COMMENTS_{name.upper()}"
            return key in self.pelican or key in os.environ

        # What the site's settings already say, unless a COMMENTS_ setting says otherwise:
        # the UI language and time zone, the theme, and where the build writes the list
        # of articles.
        self.comments: CommentsSettings = replace(
            comments,
            lang=comments.lang if given("lang") else self.pelican["DEFAULT_LANG"],
            timezone=comments.timezone if given("timezone") else self.pelican["TIMEZONE"],
            db_path=str(self.root / comments.db_path),
            manifest_path=str(self.root / comments.manifest_path)
            if given("manifest_path")
            else str(self.root / self.pelican["OUTPUT_PATH"] / comments.manifest_save_as),
            theme_path=self._existing(
                comments.theme_path if given("theme_path") else self.pelican["THEME"]
            ),
        )
        self.folder = Path(self.pelican["PATH"]) / self.comments.path
        self.timezone = self.pelican["TIMEZONE"]
        self._database: Database | None = None

    def _existing(self, value: str) -> str:
        """``value`` if absolute, else below the project or (for the theme of a settings
        file kept elsewhere, as the tests do) below this repository."""
        path = Path(value)
        for base in (self.root, ROOT):
            if (base / path).exists():
                return str(base / path)
        return str(self.root / path)

    def mentions(self) -> MentionsSettings:
        return mentions_from_environment(base=mentions_from_pelican(self.pelican))

    def database(self, create: bool = False) -> Database:
        """The queue (opened once per task: on a server, it keeps its connections).

        A missing queue file is refused unless ``create`` (an import, the first editor
        account): opening it would make an empty one, and a task run without
        COMMENTS_DB_PATH would list, copy or back up that instead of the intake's."""
        if self._database is None:
            path = Path(self.comments.db_path)
            if not (create or self.comments.database_url or path.is_file()):
                raise Refused(
                    f"There is no comment queue at {path} (COMMENTS_DB_PATH, now "
                    f"{self.comments.db_path!r}); set COMMENTS_DB_PATH to the intake's queue, "
                    "e.g. COMMENTS_DB_PATH=/var/lib/hafenlicht/comments.sqlite3 (or "
                    "COMMENTS_DATABASE_URL for a queue on PostgreSQL)",
                    2,
                )
            try:
                self._database = Database.of(self.comments)
            except QueueUnavailable as error:
                raise Refused(str(error), 1) from None
        return self._database

    @property
    def queue_location(self) -> str:
        """The queue for messages: the server's address (no password) or the file."""
        if self.comments.database_url:
            return shown_address(self.comments.database_url)
        return self.shown(Path(self.comments.db_path))

    def articles(self) -> dict:
        """The build's list of articles (their authors decide who gets the badge)."""
        path = Path(self.comments.manifest_path)
        try:
            return json.loads(path.read_text(encoding="utf-8"))["articles"]
        except (OSError, ValueError, KeyError):
            return {}

    def shown(self, path: Path) -> str:
        return self.project.shown(path)


def shell_user() -> str:
    """Who acts from the command line (recorded with each action)."""
    import getpass

    try:
        return f"{getpass.getuser()} (shell)"
    except (KeyError, OSError):
        return "shell"
