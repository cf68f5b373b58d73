"""Where the project's files are, and its settings as Pelican reads them.

tasks.py makes one ``Project`` for the checkout it lives in; the tests make theirs for
fixture sites (``overrides`` point PATH and CACHE_PATH at a temporary folder).
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsroom.paths import shown_path

# The settings file a task reads unless `-s, --settings` names another: one default per
# kind of task. Development tasks (build, livereload, the intake and moderation tasks,
# the import) read pelicanconf.py; production tasks (preview, check, publish, the
# previews, sending mentions) read publishconf.py.
SETTINGS_DEFAULTS = {"development": "pelicanconf.py", "production": "publishconf.py"}
SETTINGS_HELP = {
    kind: f"settings file (default: {default})" for kind, default in SETTINGS_DEFAULTS.items()
}


@dataclass(frozen=True)
class Project:
    root: Path  # the checkout: pelicanconf.py, content/, theme/, plugins/
    # Settings laid over the settings files by every build of this project.
    overrides: Mapping[str, Any] = field(default_factory=dict)
    repository: Path | None = None  # the git checkout `publish` pushes gh-pages from
    timezone: str = "Europe/Berlin"
    host: str = "localhost"
    port: int = 8000
    debug: bool = False  # a failed build prints its traceback (`--debug` of the tasks)
    # `-s, --settings` of a task: another file instead of pelicanconf.py (development
    # tasks) or publishconf.py (production tasks); see `with_settings`.
    base_file: Path | None = None
    publish_file: Path | None = None

    @property
    def settings_base(self) -> Path:
        return self.base_file or self.root / "pelicanconf.py"

    @property
    def settings_publish(self) -> Path:
        return self.publish_file or self.root / "publishconf.py"

    def with_settings(self, kind: str, given: str) -> "Project":
        """This project with ``given`` (a task's ``--settings``) as its development
        (``kind`` "development") or production settings file; "" keeps the default.
        A file that does not exist is refused before anything is read."""
        if not given:
            return self
        path = Path(given).expanduser()
        path = path if path.is_absolute() else Path.cwd() / path
        if not path.is_file():
            default = SETTINGS_DEFAULTS[kind]
            raise Refused(
                f"--settings {given}: no such file (a settings file such as {default})", 2
            )
        field = "base_file" if kind == "development" else "publish_file"
        return replace(self, **{field: path.resolve()})

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def checkout(self) -> Path:
        return self.repository or self.root

    def read_settings(self, settings_file: Path, **overrides: Any) -> dict:
        """The settings file as Pelican reads it, with this project's and the given
        overrides laid over it. Relative paths in it are relative to the project."""
        from pelican.settings import read_settings

        os.chdir(self.root)
        return read_settings(str(settings_file), override={**self.overrides, **overrides})

    def shown(self, path: Path) -> str:
        """A path as the editor knows it: relative to the project when inside it."""
        return shown_path(path, self.root)


class Refused(Exception):
    """A task that stops with a message for the editor and an exit code (1: the content
    or the build is at fault, 2: the command or the settings are)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code
