"""German compound words, split so that site search finds their parts.

Pagefind matches whole words and their prefixes: "Kommunikation" would not find
"Krisenkommunikation". We split long words at the first point where the rest is a
word the site uses on its own (its own vocabulary is the dictionary, so the split fits
the site's language); the head is split again the same way, and a linking "s" stays
with it ("Unternehmens" + "kommunikation"). A wrong split only adds a search term.
"""

import re
from collections.abc import Iterable

WORD = re.compile(r"[A-Za-zÄÖÜäöüßẞ]+")
MIN_COMPOUND = 10  # shorter words are rarely compounds worth splitting
MIN_PART = 4


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Every word of at least MIN_PART letters that the texts use."""
    return frozenset(w for text in texts for w in words(text) if len(w) >= MIN_PART)


def split_compound(word: str, known: frozenset[str]) -> list[str]:
    """The parts of ``word`` (lower case), or [] when it is not a compound of known words.

    >>> split_compound("krisenkommunikation", frozenset({"krisen", "kommunikation"}))
    ['krisen', 'kommunikation']
    """
    word = word.lower()
    if len(word) < MIN_COMPOUND:
        return []
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        if tail == word or tail not in known:
            continue
        return [*(split_compound(head, known) or [head]), tail]
    return []


def search_terms(text: str | Iterable[str], known: frozenset[str]) -> str:
    """The parts of every compound in ``text`` (or in these lower-case words),
    space-separated, each once, sorted."""
    parts = set()
    for word in set(words(text)) if isinstance(text, str) else text:
        if len(word) >= MIN_COMPOUND:
            parts.update(part for part in split_compound(word, known) if part != word)
    return " ".join(sorted(parts))
