"""Settings of the related plugin (prefix ``RELATED_``)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config

PREFIX = "RELATED_"


@dataclass(frozen=True)
class RelatedSettings:
    count: int = 3  # articles under "Weiterlesen"; 0 leaves the section out


def from_pelican(settings: Mapping[str, Any]) -> RelatedSettings:
    loaded = config.load(settings, PREFIX, RelatedSettings)
    if not isinstance(loaded.count, int) or loaded.count < 0:
        raise config.SettingsError(
            f"Setting {PREFIX}COUNT is {loaded.count!r}; expected a number of articles, 0 or more"
        )
    return loaded
