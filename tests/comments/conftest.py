"""Fixtures of the comment tests: the real intake on a temporary SQLite file, and a copy of
the ``comments`` fixture site with a settings file the invoke tasks read."""

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from invoke import Context
from werkzeug.test import Client

from comments.settings import CommentsSettings
from conftest import FIXTURE_SITES, Site, build_site, copy_fixture
from intake.app import IntakeApp
from intake.store import Database

ROOT = Path(__file__).resolve().parents[2]
IMPORTS = FIXTURE_SITES / "comments" / "imports"
ARTICLE = "lokalredaktionen-lesen-anders"
ARTICLE_URL = "2025/03/lokalredaktionen-lesen-anders/"
CLOSED_URL = "2025/04/krisen-brauchen-tempo/"
QUIET_URL = "2025/05/ein-ruhiger-beitrag/"
FIRST = "20250311-081500-aa11bb"  # Greta's comment in the fixture
AUTHOR_REPLY = "20250311-100000-cc22dd"  # Tobias Wendt's reply to it

ARTICLES = {
    "zu-wem-gehoert": {
        "url": "2024/02/zu-wem-gehoert/",
        "title": "Zu wem gehört?",
        "open": True,
        "comments": ["c1"],
    },
    "geschlossen": {
        "url": "2024/04/geschlossen/",
        "title": "Geschlossen",
        "open": False,
        "comments": [],
    },
}
FORM = {
    "article": "zu-wem-gehoert",
    "author": "Leserin Lea",
    "email": "lea@example.org",
    "website": "https://lea.example",
    "text": "Danke für den Beitrag!",
    "answer": "7",
    "consent": "yes",
    "homepage": "",
}


def write_manifest(folder: Path, articles: dict = ARTICLES) -> Path:
    path = folder / "artikel.json"
    path.write_text(json.dumps({"articles": articles}), encoding="utf-8")
    return path


@pytest.fixture
def make_settings(tmp_path) -> Callable[..., CommentsSettings]:
    """Settings for an intake on tmp files; limits and options as keywords."""

    def make(**changes) -> CommentsSettings:
        defaults = {
            "db_path": str(tmp_path / "queue.sqlite3"),
            "manifest_path": str(write_manifest(tmp_path)),
            "site_url": "https://blog.example",
            "theme_path": str(ROOT / "theme"),
        }
        return replace(CommentsSettings(), **{**defaults, **changes})

    return make


@pytest.fixture
def make_client(make_settings) -> Callable[..., tuple[Client, IntakeApp]]:
    def make(**changes) -> tuple[Client, IntakeApp]:
        app = IntakeApp(make_settings(**changes))
        return Client(app), app

    return make


@pytest.fixture
def form() -> dict[str, str]:
    """A complete, valid comment form as a reader sends it."""
    return dict(FORM)


@dataclass
class Project:
    """A copy of the ``comments`` fixture site as the editors' checkout: content, a queue
    file, a settings file for the invoke tasks, and the intake reading the build."""

    root: Path
    settings: str  # the settings file the tasks get with --settings

    @property
    def comments(self) -> Path:
        return self.root / "content" / "comments"

    @property
    def queue(self) -> Path:
        return self.root / "queue.sqlite3"

    def database(self) -> Database:
        return Database(self.queue)

    def run(self, task, *args, **kwargs):
        """An invoke task of plugins/intake/tasks.py, as `invoke comments.<task>` runs it."""
        return task(Context(), *args, settings=self.settings, **kwargs)

    def build(self, settings_file: str = "pelicanconf.py", **overrides) -> Site:

        return build_site(self.root, settings_file, **overrides)

    def intake(self, **changes) -> Client:
        """The intake with the manifest of the last build."""
        settings = replace(
            CommentsSettings(),
            db_path=str(self.queue),
            manifest_path=str(self.root / "output" / "kommentare" / "artikel.json"),
            theme_path=str(ROOT / "theme"),
            site_url="https://blog.example",
            rate_limit=0,
        )
        return Client(IntakeApp(replace(settings, **changes)))

    def files(self, article: str = ARTICLE) -> dict[str, str]:
        return {
            p.stem: p.read_text("utf-8") for p in sorted((self.comments / article).glob("*.md"))
        }


@pytest.fixture
def project(tmp_path) -> Project:
    copy_fixture("comments", tmp_path)
    settings = tmp_path / "testconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = {str(tmp_path / 'content')!r}\n"
        f"COMMENTS_DB_PATH = {str(tmp_path / 'queue.sqlite3')!r}\n",
        encoding="utf-8",
    )
    return Project(tmp_path, str(settings))


@pytest.fixture
def exports(tmp_path) -> Path:
    """The WordPress and Disqus exports of the fixture site, copied."""
    target = tmp_path / "exports"
    shutil.copytree(IMPORTS, target)
    return target
