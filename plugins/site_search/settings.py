"""Settings of the site_search plugin (prefix ``SITE_SEARCH_``)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config

PREFIX = "SITE_SEARCH_"


@dataclass(frozen=True)
class SiteSearchSettings:
    # Split German compounds so that their parts are found (see compounds.py).
    split_compounds: bool = True


def from_pelican(settings: Mapping[str, Any]) -> SiteSearchSettings:
    return config.load(settings, PREFIX, SiteSearchSettings)
