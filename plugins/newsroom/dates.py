"""Dates for readers, formatted by Babel's CLDR data instead of the machine's locale.

``strftime`` with ``locale.setlocale`` depends on locales installed on the build
machine (CI images rarely have de_DE); Babel ships the data.
"""

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time


def long_date(value: date | datetime, lang: str) -> str:
    """``4. September 2014`` (de) or ``September 4, 2014`` (en)."""
    # Babel formats the date part of a datetime; a site has few distinct days and shows
    # each many times (bylines in every list), so each is formatted once.
    return _long_date(value.date() if isinstance(value, datetime) else value, lang)


@lru_cache(maxsize=8192)
def _long_date(day: date, lang: str) -> str:
    return format_date(day, format="long", locale=_locale(lang))


def short_date(value: date | datetime, lang: str) -> str:
    """``04.09.2014`` (de) or ``9/4/14`` (en)."""
    return format_date(
        value, format="medium" if lang.startswith("en") else "dd.MM.yyyy", locale=_locale(lang)
    )


def short_time(value: datetime, lang: str) -> str:
    """``22:51`` (de) or ``10:51 PM`` (en), in the time zone of ``value``."""
    return format_time(value, format="short", tzinfo=value.tzinfo, locale=_locale(lang))


# The region whose conventions a language's pages follow: "en" alone is Babel's American
# English ("September 5, 2024"); the site writes British English, as og:locale says.
REGIONS = {"de": "de_DE", "en": "en_GB"}


@lru_cache(maxsize=16)
def _locale(lang: str) -> Locale:
    # Babel parses a locale name on every call; that was half of each call's time.
    return Locale.parse(REGIONS.get(lang, lang))


def iso(value: date | datetime) -> str:
    """Machine-readable form for ``<time datetime>`` and structured data."""
    return value.isoformat()


def aware(moment: datetime, zone: ZoneInfo | str) -> datetime:
    """``moment`` with ``zone`` when it has no offset of its own, so that moments are
    compared, not wall-clock readings: "10:30" in Berlin is 08:30+00:00."""
    if moment.tzinfo:
        return moment
    return moment.replace(tzinfo=zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone))
