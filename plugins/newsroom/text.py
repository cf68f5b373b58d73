"""Plain-text helpers: reading time, tag-free excerpts, characters no text may carry.

Characters XML 1.0 forbids (most control characters): an HTML page shows one as
nothing or as a box; in a feed it is fatal, as no XML parser reads the document. So a
content file that carries one is an error that names the file, the line and the field.
"""

import html
import math
import re

from newsroom.schema import Problem
from newsroom.tags import strip_tags

_WHITESPACE = re.compile(r"\s+")


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, tags removed, entities decoded, spaces folded."""
    return _WHITESPACE.sub(" ", html.unescape(strip_tags(fragment, " "))).strip()


def text_lines(fragment: str) -> str:
    """The text of an HTML fragment, entities decoded, with a line break for each tag:
    where a paragraph, a heading or a list item ends, a sentence ends too (a link or an
    emphasis inside a sentence breaks a line as well)."""
    return html.unescape(strip_tags(fragment, "\n"))


def reading_minutes(fragment: str, words_per_minute: int = 200) -> int:
    """Minutes an average reader needs for an HTML fragment, rounded up; at least one."""
    # The words of plain_text(), without folding the spaces first (split() does).
    words = len(html.unescape(strip_tags(fragment, " ")).split())
    return max(1, math.ceil(words / words_per_minute))


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary so that it fits ``limit`` characters, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # the last word was cut in half
    return f"{cut.rstrip(' ,;:.-–')}…"


# A title that is one quotation as a whole (an interview's headline quotes its guest):
# its opening and closing marks, in the styles a German or English editor types.
_QUOTATIONS = {"„": "“", "“": "”", '"': '"', "»": "«", "«": "»", "‚": "‘", "‘": "’"}


def unquoted(title: str) -> str:
    """``title`` to be set in quotation marks ("Kommentare zu „%(title)s“"): without its
    own marks when the whole title is one quotation, so that it is not quoted twice."""
    closing = _QUOTATIONS.get(title[:1])
    inner = title[1:-1]
    if closing is None or len(title) < 3 or not title.endswith(closing):
        return title
    if title[0] in inner or closing in inner:  # „A“ und „B“: two quotations, not one
        return title
    return inner.strip()


def pretty_url(output_file: str) -> str:
    """The public URL path of an output file: ``2024/05/x/index.html`` -> ``2024/05/x/``."""
    if output_file == "index.html":
        return ""
    return (
        output_file.removesuffix("/index.html") + "/"
        if output_file.endswith("/index.html")
        else output_file
    )


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
    return Problem(path, field, unfit_message(character, "" if field else "the text "), line=line)


def unfit_message(character: str, subject: str = "") -> str:
    """What is wrong with a character XML forbids, for the editor."""
    return (
        f"{subject}contains the control character U+{ord(character):04X}, which a feed "
        f"cannot carry (XML forbids it); {EXPECTED}"
    )
