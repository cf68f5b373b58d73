"""Where the project's files are, and its settings as Pelican reads them.

tasks.py makes one ``Project`` for the checkout it lives in; the tests make theirs for
fixture sites (``overrides`` point PATH and CACHE_PATH at a temporary folder).
"""

import functools
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsroom.paths import shown_path


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

    @property
    def settings_base(self) -> Path:
        return self.root / "pelicanconf.py"

    @property
    def settings_publish(self) -> Path:
        return self.root / "publishconf.py"

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


def exits(task: Callable) -> Callable:
    """Every task's one way of failing: a ``Refused`` becomes invoke's exit with its
    message and code (put it under ``@task``)."""
    from invoke import Exit

    @functools.wraps(task)
    def run(*args, **kwargs):
        try:
            return task(*args, **kwargs)
        except Refused as refused:
            raise Exit(str(refused) or None, code=refused.code) from None

    return run
