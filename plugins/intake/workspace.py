"""One run of an `invoke comments.*` task: the project's settings, read once, and the
helpers the task modules share (comments/tasks.py, comments/loop_tasks.py)."""

import json
import os
from dataclasses import replace
from pathlib import Path

from invoke import Exit

from newsroom.paths import shown_path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_HELP = "settings file (default: pelicanconf.py)"


class Project:
    """The settings of one run of a task, read once."""

    def __init__(self, settings_file: str = "") -> None:
        from pelican.settings import read_settings

        from comments.settings import from_environment, from_pelican

        path = Path(settings_file) if settings_file else ROOT / "pelicanconf.py"
        self.root = path.resolve().parent
        self.pelican = read_settings(str(path))
        comments = from_environment(base=from_pelican(self.pelican))

        def given(name: str) -> bool:
            key = f"COMMENTS_{name.upper()}"
            return key in self.pelican or key in os.environ

        # What the site's settings already say, unless a COMMENTS_ setting says otherwise:
        # the UI language, the theme, and where the build writes the list of articles.
        self.comments = replace(
            comments,
            lang=comments.lang if given("lang") else self.pelican["DEFAULT_LANG"],
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

    def _existing(self, value: str) -> str:
        """``value`` if absolute, else below the project or (for the theme of a settings
        file kept elsewhere, as the tests do) below this repository."""
        path = Path(value)
        for base in (self.root, ROOT):
            if (base / path).exists():
                return str(base / path)
        return str(self.root / path)

    def database(self):
        from intake.store import Database

        return Database(self.comments.db_path)

    def articles(self) -> dict:
        """The build's list of articles (their authors decide who gets the badge)."""
        path = Path(self.comments.manifest_path)
        try:
            return json.loads(path.read_text(encoding="utf-8"))["articles"]
        except (OSError, ValueError, KeyError):
            return {}

    def shown(self, path: Path) -> str:
        return shown_path(path, self.root)


def shell_user() -> str:
    """Who acts from the command line (recorded with each action)."""
    import getpass

    try:
        return f"{getpass.getuser()} (shell)"
    except (KeyError, OSError):
        return "shell"


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def fail(message: str) -> Exit:
    return Exit(message, code=2)
