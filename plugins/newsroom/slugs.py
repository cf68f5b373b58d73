"""The one slug function of the project.

Pelican's own ``slugify`` ASCII-fies with unidecode *before* it applies
``SLUG_REGEX_SUBSTITUTIONS``, so "gehört" would become ``gehort``. German readers
expect ``gehoert``; we transliterate umlauts and ß first and only then let
unidecode handle every other script.
"""

import re
import unicodedata

from unidecode import unidecode

from newsroom.tags import strip_tags

# Capitals are listed too because the text is lower-cased only afterwards: "Ä"
# must become "ae", not "a" + unidecode's guess.
GERMAN_TRANSLITERATION = {
    "ä": "ae",
    "ö": "oe",
    "ü": "ue",
    "Ä": "Ae",
    "Ö": "Oe",
    "Ü": "Ue",
    "ß": "ss",
    "ẞ": "SS",
}

_TRANSLATION_TABLE = str.maketrans(GERMAN_TRANSLITERATION)
_NON_SLUG_CHARACTERS = re.compile(r"[^a-z0-9]+")


def slugify_german(text: str) -> str:
    """Return the URL slug for ``text``: lowercase ASCII words joined by hyphens.

    >>> slugify_german("Zu wem gehört der Firmen-Account?")
    'zu-wem-gehoert-der-firmen-account'
    """
    # NFC first: "ö" typed as "o" + combining diaeresis must transliterate like "ö".
    text = unicodedata.normalize("NFC", strip_tags(text))
    text = unidecode(text.translate(_TRANSLATION_TABLE)).lower()
    return _NON_SLUG_CHARACTERS.sub("-", text).strip("-")


def is_valid_slug(slug: str) -> bool:
    """Whether ``slug`` is what :func:`slugify_german` could have produced."""
    return bool(slug) and slugify_german(slug) == slug


# A slug is a path segment of every URL made from it, and a file name (the page's
# folder, the comment folder, the card cache). File systems allow 255 bytes per name;
# WordPress allows 200 characters, and so do we for a slug an editor writes, leaving room
# for what the build adds ("-2", ".br", a card's hash). A slug made from a title is cut
# shorter, where it keeps URLs readable.
MAX_SLUG_LENGTH = 200
TITLE_SLUG_LENGTH = 80


def shorten_slug(slug: str, limit: int = MAX_SLUG_LENGTH) -> str:
    """``slug`` cut after the last whole word that fits into ``limit`` characters."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rsplit("-", 1)[0]
    return (cut or slug[:limit]).strip("-")


def slug_for_title(title: str) -> str:
    """The slug made from a title: :func:`slugify_german`, cut after the last whole word
    that fits into :data:`TITLE_SLUG_LENGTH` (a very long title still gets a URL)."""
    return shorten_slug(slugify_german(title), TITLE_SLUG_LENGTH)
