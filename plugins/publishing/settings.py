"""Settings of `invoke publish` (prefix ``PUBLISHING_``), set in publishconf.py.

Every value can come from the environment instead (see publishconf.py), so CI keeps
hosts and paths in its secrets and variables, not in git.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config

PREFIX = "PUBLISHING_"
TARGETS = ("dir", "rsync", "ghpages")


@dataclass(frozen=True)
class PublishingSettings:
    target: str = "dir"  # one of TARGETS
    dir: str = ""  # dir: the web server's document root (a symlink after the first deploy)
    keep_releases: int = 3  # dir: releases kept beside the document root for a rollback
    rsync_destination: str = ""  # rsync: user@host:/var/www/blog or a local path
    rsync_port: int = 22
    ghpages_remote: str = "origin"  # ghpages: a remote name or URL
    ghpages_branch: str = "gh-pages"
    # preview: restore the last site when nothing it read has changed (snapshot.py)
    snapshot: bool = True
    # check: scripts, frames, styles, event handlers in content are a "warning" or "error"
    raw_html: str = "warning"


def from_pelican(settings: Mapping[str, Any]) -> PublishingSettings:
    loaded = config.load(settings, PREFIX, PublishingSettings)
    if loaded.target not in TARGETS:
        raise config.SettingsError(
            f"Setting PUBLISHING_TARGET is {loaded.target!r}; expected one of: "
            + ", ".join(TARGETS)
        )
    if loaded.raw_html not in ("warning", "error"):
        raise config.SettingsError(
            f"Setting PUBLISHING_RAW_HTML is {loaded.raw_html!r}; expected warning or error"
        )
    return loaded
