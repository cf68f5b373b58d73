"""Settings of the sitewide plugin (prefix ``SITEWIDE_``)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config

PREFIX = "SITEWIDE_"


@dataclass(frozen=True)
class SitewideSettings:
    # The editors' header menu, below the content folder (docs/writing.md, "The menu").
    menu_file: str = "menu.csv"
    # Without that file: this many categories, those with the most articles.
    default_menu_size: int = 5
    # The topics named on a category's page (its most frequent tags).
    section_topics: int = 6


def from_pelican(settings: Mapping[str, Any]) -> SitewideSettings:
    return config.load(settings, PREFIX, SitewideSettings)
