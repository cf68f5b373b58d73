"""Preformatted text, verse and code: their line breaks and spaces survive the move.

WordPress's editors store a line break inside ``<pre>`` as ``<br>`` as often as as a
newline (the preformatted and verse blocks always do), so the text of a ``<pre>`` is
taken with every ``<br>`` turned into a newline before the tags go. Code and the
preformatted block become fenced blocks (monospace, every space kept). A verse (the
verse block, a poem) is no code: it becomes paragraphs with hard line breaks in the
site's text font, its stanzas separated, leading and repeated spaces kept as no-break
spaces, and its links and emphasis kept.
"""

import re
from html import unescape

from newsroom.tags import strip_tags

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_VERSE = re.compile(
    r"<pre\b(?P<attrs>[^>]*\bwp-block-verse\b[^>]*)>(?P<text>.*?)</pre>", re.IGNORECASE | re.DOTALL
)
_SPACES = re.compile(r"(?<=\S)( {2,})|^( +)", re.MULTILINE)
NBSP = "\u00a0"


def pre_text(inner_html: str) -> str:
    """The text of a ``<pre>``'s inner HTML: line breaks kept, tags and entities gone."""
    return unescape(strip_tags(_BREAK.sub("\n", inner_html)))


def _keep_spaces(match: re.Match) -> str:
    run = match[1] or match[2]
    return (" " + NBSP * (len(run) - 1)) if match[1] else NBSP * len(run)


def verse_html(inner_html: str) -> str:
    """A verse's inner HTML as paragraphs (stanzas) of lines joined by ``<br>``."""
    text = _BREAK.sub("\n", inner_html).replace("\r\n", "\n").strip("\n")
    stanzas = [s for s in re.split(r"\n[ \t]*\n", text) if s.strip()]
    paragraphs = []
    for stanza in stanzas:
        lines = [_SPACES.sub(_keep_spaces, line.rstrip()) for line in stanza.split("\n")]
        paragraphs.append("<p>" + "<br>\n".join(lines) + "</p>")
    return "\n\n" + "\n\n".join(paragraphs) + "\n\n"


def replace_verses(html: str) -> str:
    """``html`` with each verse block turned into paragraphs (before code is set aside)."""
    return _VERSE.sub(lambda match: verse_html(match["text"]), html)
