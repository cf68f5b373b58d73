"""The lazily read German dictionary hyphenates exactly as pyphen's own reading does."""

import pyphen

from social_cards.hyphenation import german, lazy_dictionary

DICTIONARY = pyphen.LANGUAGES[pyphen.language_fallback("de_DE")]


def test_every_pattern_reads_as_pyphen_reads_it():
    lazy = lazy_dictionary(DICTIONARY)
    stock = pyphen.HyphDict(DICTIONARY)
    decoded = {letters: lazy.patterns.get(letters) for letters in lazy.patterns._lines}
    assert {k: v for k, v in decoded.items() if v is not None} == stock.patterns
    assert lazy.maxlen == stock.maxlen


def test_words_break_at_the_same_points():
    words = ["Krisenkommunikation", "Führungskräfte", "Unternehmensblog", "Schifffahrt"]
    lazy, stock = german(), pyphen.Pyphen(lang="de_DE")
    lazy.hd, stock.hd = lazy_dictionary(DICTIONARY), pyphen.HyphDict(DICTIONARY)
    assert [lazy.inserted(w) for w in words] == [stock.inserted(w) for w in words]
    assert lazy.inserted("Krisenkommunikation") == "Kri-sen-kom-mu-ni-ka-ti-on"
