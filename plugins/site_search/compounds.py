"""German compound words, split so that site search finds their parts.

Pagefind matches whole words and their prefixes: "Kommunikation" would not find
"Krisenkommunikation". We split long words where the tail is a word the site uses on
its own (its own vocabulary is the dictionary, so the split fits the site's language),
and so is the head: as it is, without a linking element ("Unternehmens" +
"kommunikation") or without its "e" ("Schul" + "bus"), or split again the same way. The
longest tail that holds wins; a head that is a word and splits gives its parts too.

A wrong split is a search term that finds the wrong pages, and search.js marks a part in
the excerpt's words that hold it. So a split keeps the word's kind as German writes it:
a noun (never written in lower case) ends in a word that is not only ever written in
lower case, and any other word in one that is. A noun that splits no other way may keep
a head the site uses in compounds only ("Fach" + "artikel"); a verb's or adjective's
head must be a word, or it would be a prefix ("ange" + "meldet", "aufzu" + "bauen").
Two endings are never tails: "innen" ("Partner|innen") and a participle's "ende"
("Mitarbeit|ende"), unlike the noun ("Wochen|ende"). Before these rules, "Unternehmen"
gave "nehmen" and "schlechte" gave "schl" + "echte".
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

WORD = re.compile(r"[A-Za-zÄÖÜäöüßẞ]+")
MIN_COMPOUND = 10  # shorter words are rarely compounds worth splitting
MIN_PART = 4
LINKS = ("s", "es", "n", "en", "er", "e", "ns", "ens")  # between a head and the tail
# A web or mail address, a path, a file or code name: no words of the text.
ADDRESS = re.compile(r"\S*(?:[@/_]|[^\W\d]\.[^\W\d]{2})\S*")
# Where a capital letter says nothing of a word's kind: a sentence's first word (after
# a line break too: a heading or a list item has no full stop), a quotation's, a
# hyphenated word's second part ("Social-Media").
SENTENCE_START = re.compile(r"(?:^|[\n.!?:;\"„“”»«‚‘’(–-])\s*$")


@dataclass(frozen=True)
class Vocabulary:
    """The words of at least MIN_PART letters a text uses, in lower case, and how."""

    known: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()  # capitalised inside a sentence somewhere
    lowered: frozenset[str] = frozenset()  # written in lower case somewhere

    @cached_property
    def noun_tails(self) -> frozenset[str]:
        """The words that may end a noun: all but those only ever written in lower case
        (a word written only at a sentence's start may well be a noun)."""
        return self.known - (self.lowered - self.nouns)

    @classmethod
    def joined(cls, vocabularies: Iterable["Vocabulary"]) -> "Vocabulary":
        """The words all of them use."""
        every = list(vocabularies)
        return cls(
            frozenset().union(*(v.known for v in every)),
            frozenset().union(*(v.nouns for v in every)),
            frozenset().union(*(v.lowered for v in every)),
        )


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def word_use(text: str) -> Vocabulary:
    """The words of ``text`` and the kind each is written as (addresses left out: they
    are written in lower case whatever their words are)."""
    text = ADDRESS.sub(" ", text)
    known, nouns, lowered = set(), set(), set()
    for match in WORD.finditer(text):
        word = match[0]
        if len(word) < MIN_PART:
            continue
        lower = word.lower()
        known.add(lower)
        if word[0].islower():
            lowered.add(lower)
        elif not SENTENCE_START.search(text, max(0, match.start() - 8), match.start()):
            nouns.add(lower)
    return Vocabulary(frozenset(known), frozenset(nouns), frozenset(lowered))


def vocabulary(texts: Iterable[str]) -> Vocabulary:
    """The words the texts use: the dictionary to split compounds with."""
    return Vocabulary.joined(word_use(text) for text in texts)


def split_compound(word: str, known: Vocabulary) -> list[str]:
    """The parts of ``word`` (lower case), or [] when it is not a compound of known words.

    >>> split_compound("krisenkommunikation", vocabulary(["Krisen, Kommunikation"]))
    ['krisen', 'kommunikation']
    """
    word = word.lower()
    if len(word) < MIN_COMPOUND:
        return []
    # A word never written in lower case is a noun (a sentence's first words are
    # written so, and split only into a noun); one written both ways may end in either.
    noun = word not in known.lowered
    tails = known.noun_tails if noun else known.known if word in known.nouns else known.lowered
    found = _split(word, tails, known)
    if found or not noun:
        return found
    # Nouns are where German compounds: their heads are often used in compounds only
    # ("Fach", "Gast"). Verbs and adjectives are split only into words: their heads
    # would be prefixes ("ange" + "meldet", "aufzu" + "bauen").
    return _split(word, tails, known, any_head=True)


def _split(
    word: str, tails: frozenset[str], known: Vocabulary, any_head: bool = False
) -> list[str]:
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        if tail not in tails or tail == "innen" or _participle(head, tail, known.known):
            continue
        # The head may be of any kind ("Kommunikations" + "abteilung", "gemeinsam" +
        # "arbeiten"), and split again.
        stem = _stem(head, known.known)
        again = stem or head
        head_parts = _split(again, known.known, known) if len(again) >= 2 * MIN_PART else []
        if stem:
            # "Handwerks" is a part, and so are "hand" and "werk": it splits.
            return [head, *head_parts, tail]
        if head_parts:
            return [*head_parts, tail]
        if any_head:
            return [head, tail]
    return []


def _participle(head: str, tail: str, known: frozenset[str]) -> bool:
    """An "-ende" that ends a verb's participle ("Mitarbeit|ende", "Teilnehm|ende"), not
    the noun "Ende" ("Wochen|ende")."""
    if tail not in ("ende", "enden", "ender", "endes", "endem"):
        return False
    return f"{head}en" in known or f"{head}n" in known or not _stem(head, known)


def _stem(head: str, known: frozenset[str]) -> str | None:
    """The word of the site a head is: itself, without a linking element or with its
    "e" ("Schul" + "bus"); None if it is none."""
    for word in (head, f"{head}e", *(head[: -len(link)] for link in LINKS if head.endswith(link))):
        if word in known:
            return word
    return None


def search_terms(text: str | Iterable[str], known: Vocabulary) -> str:
    """The parts of every compound in ``text`` (or in these lower-case words),
    space-separated, each once, sorted."""
    parts = set()
    for word in set(words(text)) if isinstance(text, str) else text:
        if len(word) >= MIN_COMPOUND:
            parts.update(part for part in split_compound(word, known) if part != word)
    return " ".join(sorted(parts))
