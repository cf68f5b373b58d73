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


# A slug is a path segment of every URL made from it (and a file name, in the card
# cache and the comment folders). File systems allow 255 bytes; 80 characters keep
# URLs readable and leave room for the suffixes the build adds ("-2", ".jpg").
MAX_SLUG_LENGTH = 80


def slug_for_title(title: str) -> str:
    """The slug made from a title: :func:`slugify_german`, cut after the last whole word
    that fits into :data:`MAX_SLUG_LENGTH` (a very long title still gets a URL)."""
    slug = slugify_german(title)
    if len(slug) <= MAX_SLUG_LENGTH:
        return slug
    cut = slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return (cut or slug[:MAX_SLUG_LENGTH]).strip("-")
