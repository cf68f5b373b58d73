"""The project as the tasks see it, for a fixture site copied into a temporary folder."""

from pathlib import Path

from conftest import ROOT
from publishing.project import Project


def site_project(folder: Path, **overrides) -> Project:
    """This checkout's code, theme and settings; the content and caches of ``folder``."""
    paths = {"PATH": str(folder / "content"), "CACHE_PATH": str(folder / "cache")}
    return Project(ROOT, overrides={**paths, **overrides})
