"""Settings of the languages plugin (prefix ``LANGUAGES_``). Which languages the site
publishes in is the contract's: ``NEWSROOM_LANGUAGES`` (newsroom/settings.py)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsroom import config
from newsroom.config import SettingsError

PREFIX = "LANGUAGES_"


@dataclass(frozen=True)
class LanguagesSettings:
    # The editors' mapping of categories and tags into every language, below the
    # content folder (languages/terms.py).
    terms_file: str = "terms.csv"
    # The site's subtitle in each other language, by code; SITESUBTITLE is the site's own.
    sitesubtitle: dict = field(default_factory=dict)


def from_pelican(settings: Mapping[str, Any]) -> LanguagesSettings:
    loaded = config.load(settings, PREFIX, LanguagesSettings)
    for code, text in loaded.sitesubtitle.items():
        if not (isinstance(code, str) and isinstance(text, str) and text.strip()):
            raise SettingsError(
                f"Setting {PREFIX}SITESUBTITLE[{code!r}] is {text!r}; expected the "
                "subtitle in that language"
            )
    return loaded
