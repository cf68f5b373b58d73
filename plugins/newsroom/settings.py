"""Settings of the newsroom plugin (prefix ``NEWSROOM_``)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config

PREFIX = "NEWSROOM_"


@dataclass(frozen=True)
class NewsroomSettings:
    words_per_minute: int = 200  # reading speed behind "4 Min. Lesezeit"
    description_length: int = 160  # characters of the meta description
    parallel_reading: bool = True  # read uncached articles on every core (prefetch.py)


def from_pelican(settings: Mapping[str, Any]) -> NewsroomSettings:
    return config.load(settings, PREFIX, NewsroomSettings)
