"""A temporary project to import into: the repository's settings, theme and plugins with an
empty content folder, a comment queue of its own and a copy of wp-content/uploads."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from invoke import Context, Exit
from PIL import Image

from site_project import site_project
from wordpress_import import tasks as import_tasks
from wordpress_import.tasks import import_

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BLOG = FIXTURES / "blog.xml"
PICTURES = {
    "2019/03/hafen.jpg": (900, 600),
    "2019/03/hafen-300x200.jpg": (300, 200),
    "2019/03/team.png": (1200, 800),
    "2019/03/team-1024x683.png": (1024, 683),
    "2019/03/team-300x200.png": (300, 200),
    "2019/03/buero.jpg": (800, 600),
}


def make_uploads(folder: Path) -> Path:
    """A wp-content/uploads copy with the pictures blog.xml uses (but not fehlt.jpg)."""
    for name, size in PICTURES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (20, 80, 120)).save(path)
    return folder


@dataclass
class Project:
    root: Path
    message: str = ""  # what the task said when it stopped

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def queue(self) -> Path:
        return self.root / "var" / "comments.sqlite3"

    def report(self) -> dict:
        import json

        return json.loads((self.root / "var" / "import-wordpress-report.json").read_text("utf-8"))

    def run(self, export: Path = BLOG, **options) -> int:
        """`invoke import wordpress EXPORT` in this project; its exit status."""
        try:
            import_(Context(), "wordpress", str(export), **options)
        except Exit as stop:
            self.message = stop.message or ""
            return stop.code
        return 0

    def files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.root).as_posix(): p.read_bytes()
            for p in sorted(self.content.rglob("*"))
            if p.is_file()
        }


@pytest.fixture
def project(tmp_path, monkeypatch) -> Project:
    (tmp_path / "content").mkdir()
    monkeypatch.setattr(import_tasks, "PROJECT", site_project(tmp_path))
    monkeypatch.setenv("COMMENTS_DB_PATH", str(tmp_path / "var" / "comments.sqlite3"))
    return Project(tmp_path)


@pytest.fixture
def uploads(tmp_path) -> Path:
    return make_uploads(tmp_path / "uploads")
