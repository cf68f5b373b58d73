"""Settings of the author_bios plugin (prefix ``AUTHOR_BIOS_``)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config

PREFIX = "AUTHOR_BIOS_"


@dataclass(frozen=True)
class AuthorBiosSettings:
    # An article naming an author without a profile: a warning, or with STRICT
    # (the production build) an error that stops the build.
    strict: bool = False
    # Folder below the content folder holding one profile per author.
    path: str = "authors"
    # Where generated initials avatars are written, relative to the output folder.
    avatar_path: str = "images/avatars"


def from_pelican(settings: Mapping[str, Any]) -> AuthorBiosSettings:
    return config.load(settings, PREFIX, AuthorBiosSettings)
