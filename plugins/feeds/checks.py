"""Text a feed cannot carry: characters XML 1.0 forbids (most control characters).

An HTML page shows such a character as nothing or as a box; in a feed it is fatal, as
no XML parser reads the document. So a content file that carries one is an error that
names the file, the line and the field, instead of a traceback from lxml.

Pure: strings in, a Problem out.
"""

import re

from newsroom.headers import Problem

# XML 1.0 allows these characters and no others (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
EXPECTED = "expected text without control characters (delete it, or type a space instead)"


def first_unfit_character(text: str) -> str | None:
    """The first character of ``text`` that XML cannot carry, or None."""
    found = _NOT_XML.search(text)
    return None if found is None else found.group()


def unfit_text_problem(
    path: str, field: str, value: str, source_text: str | None = None
) -> Problem | None:
    """A problem when ``value`` (the field ``field`` of ``path``) holds a character XML
    forbids; ``field`` "" means the text body. ``source_text``, the file itself, gives
    the line of the character when it is there."""
    character = first_unfit_character(value)
    if character is None:
        return None
    line = None
    if source_text is not None:
        index = source_text.find(character)
        line = source_text.count("\n", 0, index) + 1 if index >= 0 else None
    subject = "" if field else "the text "
    return Problem(
        path,
        field,
        f"{subject}contains the control character U+{ord(character):04X}, which a feed "
        f"cannot carry (XML forbids it); {EXPECTED}",
        line=line,
    )
