"""Settings of the newsroom plugin (prefix ``NEWSROOM_``)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config
from newsroom.languages import check_languages

PREFIX = "NEWSROOM_"


@dataclass(frozen=True)
class NewsroomSettings:
    words_per_minute: int = 200  # reading speed behind "4 Min. Lesezeit"
    description_length: int = 160  # characters of the meta description
    parallel_reading: bool = True  # read uncached articles on every core (prefetch.py)
    # The languages the site publishes in (a header's Lang names one), the site's own
    # (DEFAULT_LANG) among them; each other one has its pages below /<code>/.
    languages: tuple[str, ...] = ("de", "en")
    # The build lists its warnings and errors at its end; `invoke check` turns it off and
    # lists them itself, with the findings of its own checks (each message once).
    build_report: bool = True


def from_pelican(settings: Mapping[str, Any]) -> NewsroomSettings:
    loaded = config.load(settings, PREFIX, NewsroomSettings)
    check_languages(settings.get("DEFAULT_LANG", "de"), loaded.languages)
    return loaded
