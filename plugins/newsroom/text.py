"""Plain-text helpers: reading time and tag-free excerpts for meta descriptions."""

import html
import math
import re

_TAG = re.compile(r"<[^>]+>")
_WHITESPACE = re.compile(r"\s+")


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, tags removed, entities decoded, spaces folded."""
    return _WHITESPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def reading_minutes(fragment: str, words_per_minute: int = 200) -> int:
    """Minutes an average reader needs for an HTML fragment, rounded up; at least one."""
    words = len(plain_text(fragment).split())
    return max(1, math.ceil(words / words_per_minute))


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary so that it fits ``limit`` characters, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # the last word was cut in half
    return f"{cut.rstrip(' ,;:.-–')}…"


def pretty_url(output_file: str) -> str:
    """The public URL path of an output file: ``2024/05/x/index.html`` -> ``2024/05/x/``."""
    if output_file == "index.html":
        return ""
    return (
        output_file.removesuffix("/index.html") + "/"
        if output_file.endswith("/index.html")
        else output_file
    )
