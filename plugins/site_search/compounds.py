"""German compound words, split so that site search finds their parts.

Pagefind matches whole words and their prefixes: "Kommunikation" would not find
"Krisenkommunikation". We split long words where the tail is a word the site uses on
its own (its own vocabulary is the dictionary, so the split fits the site's language),
and so is the head: as it is, without a linking element ("Unternehmens" +
"kommunikation") or without its "e" ("Schul" + "bus"), or split again the same way. The
longest tail that holds wins; a head that is a word and splits gives its parts too, and
so does a tail.

A wrong split is a search term that finds the wrong pages, and search.js marks a part in
the excerpt's words that hold it. So a split keeps the word's kind as German writes it:
a noun (never written in lower case) ends in a word that is not only ever written in
lower case, and any other word in one that is. A noun that splits no other way may keep
a head the site uses in compounds only ("Fach" + "artikel"); a verb's or adjective's
head must be a word, or it would be a prefix ("ange" + "meldet", "aufzu" + "bauen"), and
a noun if it has four letters, or it would be a short particle ("über" + "tragen",
"weit" + "ergeben"; "Zeit" + "aufwendig" is one).
Two endings are never tails: "innen" ("Partner|innen") and a participle's "ende"
("Mitarbeit|ende"), unlike the noun ("Wochen|ende"). Before these rules, "Unternehmen"
gave "nehmen" and "schlechte" gave "schl" + "echte".
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

WORD = re.compile(r"[A-Za-zÄÖÜäöüßẞ]+")
MIN_COMPOUND = 10  # shorter words are rarely compounds worth splitting
MIN_PART = 4
LINKS = ("s", "es", "n", "en", "er", "e", "ns", "ens")  # between a head and the tail
MIN_LONE_TAIL = 6  # a tail this long may follow a head that is no word (_may_head)
SUFFIXES_LINKED = ("ungs", "ions", "heits", "keits", "schafts", "täts", "tums", "lings")
PARTICIPLE_ENDINGS = ("ende", "enden", "ender", "endes", "endem")
# A whitespace-separated token holding a web or mail address or a code name (its
# words are in lower case whatever they are), without the punctuation after it.
ADDRESS = re.compile(r"(?<!\S)\S*(?:@|://|www\.|_)\S*?(?=[.,;:!?)»«“”\"']*(?:\s|$))")
# A capitalised word of at least MIN_PART letters inside a sentence: after a space that
# follows a letter, a digit or a comma. After anything else a sentence may start (a
# capital there says nothing of a word's kind): a full stop, a line break (a heading or
# a list item has none), a quotation mark, a bracket ("1) Nehmen Sie"), a dash, a bullet,
# an arrow or an emoji. A hyphen has no space after it ("Social-Media").
NOUN_IN_SENTENCE = re.compile(
    r"(?<=[A-Za-zÄÖÜäöüßẞ0-9,])[ \t\xa0\u202f]+([A-ZÄÖÜẞ][A-Za-zÄÖÜäöüßẞ]{3,})"
)


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

    @cached_property
    def compound_heads(self) -> frozenset[str]:
        """Heads that start two or more words of the site whose rest is a word too
        ("fach": "Fachartikel", "Fachthemen"), where none is a word of its own."""
        starts = Counter(
            word[:cut]
            for word in self.known
            if len(word) >= MIN_COMPOUND
            for cut in range(MIN_PART, len(word) - MIN_PART + 1)
            if word[cut:] in self.known
        )
        return frozenset(head for head, count in starts.items() if count >= 2)

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
    """The words of ``text`` and the kind each is written as (addresses left out)."""
    if "@" in text or "://" in text or "www." in text or "_" in text:
        text = ADDRESS.sub(" ", text)
    written = {word for word in WORD.findall(text) if len(word) >= MIN_PART}
    return Vocabulary(
        frozenset(word.lower() for word in written),
        frozenset(word.lower() for word in NOUN_IN_SENTENCE.findall(text) if not word.isupper()),
        frozenset(word.lower() for word in written if word[0].islower()),
    )


def vocabulary(texts: Iterable[str]) -> Vocabulary:
    """The words the texts use: the dictionary to split compounds with."""
    return Vocabulary.joined(word_use(text) for text in texts)


def split_compound(
    word: str, known: Vocabulary, memo: dict[tuple[str, bool], list[str]] | None = None
) -> list[str]:
    """The parts of ``word`` (lower case), or [] when it is not a compound of known words.

    ``memo`` keeps the splits of one vocabulary (heads recur across words).

    >>> split_compound("krisenkommunikation", vocabulary(["Krisen, Kommunikation"]))
    ['krisen', 'kommunikation']
    """
    word = word.lower()
    if len(word) < MIN_COMPOUND:
        return []
    memo = {} if memo is None else memo
    found = _split(word, known, memo)
    if found or word in known.lowered:
        return list(found)  # a copy: the memo keeps its own
    # Nouns are where German compounds: their heads may be used in compounds only
    # ("Fach", "Gast"). Verbs and adjectives are split only into words: their heads
    # would be prefixes ("ange" + "meldet", "aufzu" + "bauen").
    return list(_split(word, known, memo, any_head=True))


def _tails(word: str, known: Vocabulary) -> frozenset[str]:
    """The words ``word`` may end in: a noun (never written in lower case, maybe only
    at a sentence's start) in a noun, a word written both ways in one written both
    ways, any other word in one written in lower case."""
    if word not in known.lowered:
        return known.noun_tails
    if word in known.nouns:
        return known.noun_tails & known.lowered
    return known.lowered


def _split(
    word: str, known: Vocabulary, memo: dict[tuple[str, bool], list[str]], any_head: bool = False
) -> list[str]:
    if (word, any_head) in memo:
        return memo[word, any_head]
    memo[word, any_head] = found = []
    tails = _tails(word, known)
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        if tail not in tails or tail == "innen" or _participle(head, tail, known):
            continue
        if cut == MIN_PART and _particle(head, word, known):
            continue
        # The head may be of any kind ("Kommunikations" + "abteilung", "gemeinsam" +
        # "arbeiten"), and split again as the word it is, or without its linking
        # element ("Krisenkommunikations" + "abteilung": krisen, kommunikation).
        stem = _stem(head, known.known)
        head_parts = []
        for again in (stem,) if stem else (head, *_unlinked(head)):
            if len(again) >= 2 * MIN_PART:
                head_parts = _split(again, known, memo)
            if head_parts:
                break
        if stem:
            # "Handwerks" is a part, and so are "hand" and "werk": it splits.
            found[:] = [head, *head_parts, tail]
        elif head_parts:
            found[:] = [*head_parts, tail]
        elif any_head and _may_head(head, tail, known):
            found[:] = [head, tail]
        if found:
            # A tail that is a compound gives its parts too ("Büro|arbeitsplätze":
            # "arbeits", "plätze"), split by its own kind.
            if len(tail) >= 2 * MIN_PART:
                found.extend(_split(tail, known, memo))
            break
    return found


def _may_head(head: str, tail: str, known: Vocabulary) -> bool:
    """A noun's head that is no word of the site ends where a long tail starts, after a
    noun's suffix and its linking "s" ("Wiederherstellungs|codes"), or where a tail
    starts in other words too. A short tail after a head no other word shares is most
    often the end of a longer word ("Lagerb|rand", "Kandi|daten")."""
    return (
        len(tail) >= MIN_LONE_TAIL or head.endswith(SUFFIXES_LINKED) or head in known.compound_heads
    )


def _particle(head: str, word: str, known: Vocabulary) -> bool:
    """A lower-case word's head of MIN_PART letters that is no noun: most often a
    particle or an adverb ("über|tragen", "viel|leicht", "weit|ergeben"); a noun is a
    head ("zeit|aufwendig")."""
    return word in known.lowered and head in known.lowered and head not in known.nouns


def _participle(head: str, tail: str, known: Vocabulary) -> bool:
    """An "-ende" that ends a verb's participle ("Mitarbeit|ende", "Teilnehm|ende"), not
    the noun "Ende" ("Wochen|ende", "Projekt|ende": "Projekten" is no verb)."""
    if tail not in PARTICIPLE_ENDINGS:
        return False
    verb = f"{head}en" in known.lowered or f"{head}n" in known.lowered
    return verb or not _stem(head, known.known)


def _unlinked(head: str) -> list[str]:
    return [head[: -len(link)] for link in LINKS if head.endswith(link)]


def _stem(head: str, known: frozenset[str]) -> str | None:
    """The word of the site a head is: itself, without a linking element or with its
    "e" ("Schul" + "bus"); None if it is none."""
    for word in (head, f"{head}e", *_unlinked(head)):
        if word in known:
            return word
    return None


def search_terms(text: str | Iterable[str], known: Vocabulary) -> str:
    """Each compound in ``text`` (or in these lower-case words) with its parts, as
    "compound:part,part", space-separated, sorted. Pagefind indexes the parts at the
    compound's place, and search.js finds the compound in the text to mark them."""
    memo: dict[tuple[str, bool], list[str]] = {}
    found = []
    for word in sorted(set(words(text)) if isinstance(text, str) else set(text)):
        if len(word) >= MIN_COMPOUND:
            parts = [p for p in dict.fromkeys(split_compound(word, known, memo)) if p != word]
            if parts:
                found.append(f"{word}:{','.join(parts)}")
    return " ".join(found)
