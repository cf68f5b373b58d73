"""Text (of a WordPress post, an excerpt, a comment) as Markdown that shows exactly that
text.

WordPress shows a post's text as it is: ``C:\\server``, ``\\*x\\*``, ``#hashtag`` or
``1. FC Köln`` at the start of a paragraph. In Markdown each of these is markup (an
escape, emphasis, a heading, a list), so the converter escapes them. markdownify's own
``escape_misc`` escapes far too much for German text (``am 3\\. Oktober``, ``2 \\+ 2``)
and still misses what only matters at the start of a line, so the rules are ours:
anywhere in the text, only what Python-Markdown (with the site's extensions) would read
as markup; at the start of a line, what would start a block. Characters that
Python-Markdown cannot escape with a backslash (``<``, ``&``, ``=``, ``~``, ``:``) are
written as entities. Code is never escaped (markdownify passes it by).

Hyphens are written as the dashes WordPress's typography (``wptexturize``) showed
(``texturized_dashes``), before any other escape. That also mends a line of hyphens
alone (``---``), which Markdown reads as a rule or a heading's underline and no escape
helps (``\\---`` showed "-–"): it is a line of dashes, which Markdown reads as text
(``***`` and ``___`` are escaped character by character and show as they are).
"""

import html
import re

from bs4 import Comment, NavigableString, Tag

from newsroom.typography import EM_DASH, EN_DASH

# Anywhere in a text: a backslash (a quote right after it stays straight, as WordPress
# showed it, instead of becoming a typographic quote), emphasis, code, raw HTML and
# autolinks, entities, the end of a link or reference, attribute lists.
_INLINE = re.compile(
    r"""\\(?P<quote>["'])?"""
    r"|[*`]"
    r"|(?<![^\W_])_|_(?![^\W_])"  # "_" not inside a word (snake_case stays as it is)
    r"|(?P<tag><)(?=[A-Za-z/!?])"
    r"|(?P<entity>&)(?=#?[A-Za-z0-9]+;)"
    r"|\](?=[(\[:])"
    r"|\{(?=:)"
)
_TABLE_CELL = re.compile(r"\|")
# At the start of a line: headings, quotes, lists, fences, rules and setext underlines,
# definition lists and attribute lists.
_LINE_START = re.compile(
    r"(?m)(?P<lead>^[ \t]*)(?:"
    r"(?P<escape>[#>{]|[-+](?=\s|$))"
    r"|(?P<number>\d{1,9})(?P<dot>\.)(?=\s|$)"
    r"|(?P<entity>=+[ \t]*$|~~~|:(?=\s))"
    r")"
)
_ENTITIES = {"=": "&#61;", "~": "&#126;", ":": "&#58;"}
# Tags after which (or at whose start) a text begins a line of the Markdown.
_BLOCKS = frozenset(
    {
        *("[document]", "html", "body", "p", "div", "li", "ul", "ol", "dl", "dt", "dd"),
        *("blockquote", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr"),
        *("td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "br"),
        *("section", "article", "aside", "header", "footer", "nav", "main", "address"),
        *("details", "summary"),
    }
)
# Inline tags that write markup before their text (`[`, `*`, `**`, a backtick …).
_MARKED = frozenset(
    {"a", "em", "i", "b", "strong", "code", "kbd", "samp", "del", "s", "strike", "q", "sub", "sup"}
)


def _inline(match: re.Match) -> str:
    if match["tag"]:
        return "&lt;"
    if match["entity"]:
        return "&amp;"
    if match.group().startswith("\\"):
        return "\\\\" + ("\\" + match["quote"] if match["quote"] else "")
    return "\\" + match.group()


def _line_start(match: re.Match) -> str:
    lead = match["lead"]
    if match["escape"]:
        return lead + "\\" + match["escape"]
    if match["number"]:
        return lead + match["number"] + "\\."
    found = match["entity"]
    return lead + _ENTITIES[found[0]] + found[1:]


# WordPress's typography (wptexturize, since 4.0) for hyphens in running text, in its
# order: "---" an em dash; "--" standing alone (between spaces, or at the start or end of
# the text between two tags) an em dash too; any other "--" an en dash (not in "xn--",
# an international domain's prefix); a "-" standing alone an en dash ("Hamburg - Kiel").
# The site's own typography makes "--" an en dash and leaves " - " as it is, so the dashes
# are written as the characters WordPress showed.
_ALONE_BEFORE, _ALONE_AFTER = r"(?<![^\s\xa0])", r"(?![^\s\xa0])"
_WORDPRESS_DASHES = (
    (re.compile("---"), EM_DASH),
    (re.compile(f"{_ALONE_BEFORE}--{_ALONE_AFTER}"), EM_DASH),
    (re.compile("(?<!xn)--"), EN_DASH),
    (re.compile(f"{_ALONE_BEFORE}-{_ALONE_AFTER}"), EN_DASH),
)


def texturized_dashes(text: str) -> str:
    """``text`` (of WordPress, not code) with the dashes WordPress showed for its
    hyphens: ``Hamburg - Kiel`` is "Hamburg – Kiel", ``a -- b`` "a — b"."""
    for hyphens, dash in _WORDPRESS_DASHES:
        text = hyphens.sub(dash, text)
    return text


def escape_inline(text: str, in_table: bool = False) -> str:
    """``text`` with every character escaped that Markdown would read as inline markup,
    and its hyphens as the dashes WordPress showed (``texturized_dashes``)."""
    text = _INLINE.sub(_inline, texturized_dashes(text))
    # What is left of "--" ("xn--") stays two hyphens: the site would make it an en dash.
    text = text.replace("--", "-\\-")
    return _TABLE_CELL.sub(r"\\|", text) if in_table else text


def escape_line_starts(text: str, starts_line: bool) -> str:
    """``text`` (escaped inline already) with block markup at the start of its lines
    escaped; ``starts_line`` says whether its first character begins a line."""
    if starts_line:
        return _LINE_START.sub(_line_start, text)
    first, newline, rest = text.partition("\n")
    return first + newline + _LINE_START.sub(_line_start, rest) if newline else text


def plain_markdown(text: str) -> str:
    """Plain ``text`` (a summary, a line of a comment) as Markdown showing just that."""
    return escape_line_starts(escape_inline(text), starts_line=True)


# A tag of the few WordPress allows in comments (<a>, <strong>, <em>, <blockquote>, …):
# kept as it is, since Markdown passes inline HTML and the comments plugin sanitises it.
_TAG = re.compile(r"(</?[A-Za-z][^<>]*>)")


def html_text_markdown(text: str) -> str:
    """A comment as WordPress stores it (text with entities and a few tags) as Markdown
    that shows what WordPress showed: the text between the tags unescaped and escaped
    for Markdown, the tags kept."""
    parts = _TAG.split(text)
    parts[::2] = [escape_inline(html.unescape(part)) for part in parts[::2]]
    return escape_line_starts("".join(parts), starts_line=True)


def starts_line(node) -> bool:
    """Whether the Markdown of ``node`` (a text) begins a line: it is the first thing in a
    block, or follows a block or a line break, with no markup written before it."""
    while True:
        previous = node.previous_sibling
        while isinstance(previous, Comment) or (
            isinstance(previous, NavigableString) and not previous.strip()
        ):
            previous = previous.previous_sibling  # whitespace and comments write nothing
        if isinstance(previous, Tag):
            return previous.name in _BLOCKS
        if isinstance(previous, NavigableString):
            return False
        parent = node.parent
        if parent is None or parent.name in _BLOCKS:
            return True
        if parent.name in _MARKED:
            return False
        node = parent
