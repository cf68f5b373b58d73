"""The lazily read German dictionary hyphenates exactly as pyphen's own reading does."""

import logging

import pyphen
import pytest

from conftest import ROOT
from newsroom import hyphenation
from newsroom.hyphenation import german, lazy_dictionary

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


def test_the_lazy_reading_is_used_with_the_checked_pyphen(monkeypatch):
    monkeypatch.setattr(pyphen, "hdcache", {})
    assert hyphenation.unchecked_internals() == ""  # the pinned version (requirements.txt)
    hyphenator = german()
    assert type(hyphenator.hd.patterns).__name__ == "_Patterns"
    assert hyphenator.inserted("Krisenkommunikation") == "Kri-sen-kom-mu-ni-ka-ti-on"


def test_a_kept_dictionary_hyphenates_alike_and_is_made_once(monkeypatch, tmp_path):
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.keep_dictionary(tmp_path)
    (kept,) = tmp_path.glob("de-*.pickle")
    made = kept.stat().st_mtime_ns
    assert german().inserted("Krisenkommunikation") == "Kri-sen-kom-mu-ni-ka-ti-on"

    monkeypatch.setattr(pyphen, "hdcache", {})  # another process: it reads the copy
    hyphenation.keep_dictionary(tmp_path)
    assert kept.stat().st_mtime_ns == made
    lazy = pyphen.hdcache[DICTIONARY]
    assert lazy.patterns._lines == lazy_dictionary(DICTIONARY).patterns._lines
    kept.write_bytes(b"kaputt")  # unreadable: read pyphen's file again, never fail
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.keep_dictionary(tmp_path)
    stock = pyphen.Pyphen(lang="de_DE")
    stock.hd = pyphen.HyphDict(DICTIONARY)
    assert german().inserted("Führungskräfte") == stock.inserted("Führungskräfte")


def test_the_checked_version_is_the_pinned_one():
    # The lock's line is "pyphen==0.18.1 \\" followed by its hashes.
    pins = [
        line.split()[0] for line in (ROOT / "requirements.txt").read_text().splitlines() if line
    ]
    assert f"pyphen=={hyphenation.CHECKED_WITH}" in pins


@pytest.mark.parametrize("change", ["version", "internals"])
def test_another_pyphen_hyphenates_alike_with_its_own_reading_and_one_warning(
    monkeypatch, caplog, change
):
    monkeypatch.setattr(pyphen, "hdcache", {})
    if change == "version":
        monkeypatch.setattr(pyphen, "__version__", "0.19.0")
    else:
        # as if a name this module uses were gone from pyphen
        monkeypatch.setattr(hyphenation, "INTERNALS", (*hyphenation.INTERNALS, "pattern_cache"))
    with caplog.at_level(logging.WARNING):
        hyphenator = german()
    assert isinstance(hyphenator.hd.patterns, dict)
    assert type(hyphenator.hd.patterns).__name__ != "_Patterns"
    assert hyphenator.inserted("Krisenkommunikation") == "Kri-sen-kom-mu-ni-ka-ti-on"
    (record,) = caplog.records
    assert record.getMessage().startswith(
        "newsroom/hyphenation.py was checked against pyphen 0.18.1, but pyphen "
        + ("0.19.0 is installed; " if change == "version" else "0.18.1 has no pattern_cache; ")
    )


def test_long_words_get_soft_hyphens_at_german_hyphenation_points():
    shy = hyphenation.SOFT_HYPHEN
    titled = hyphenation.soft_hyphens("Datenschutzfolgenabschätzung für Social-Media-Kampagnen")
    assert titled.replace(shy, "") == "Datenschutzfolgenabschätzung für Social-Media-Kampagnen"
    first = titled.split(" ")[0]
    assert first.split(shy) == ["Daten", "schutz", "fol", "genab", "schät", "zung"]
    # Short words, and the parts of a hyphenated compound, stay whole.
    assert titled.split(" ")[1:] == ["für", "Social-Media-Kampagnen"]


def test_no_break_leaves_a_single_letter_or_fewer_than_three_at_an_end():
    # pyphen alone: "Mit-a-r-bei-ter-kom-mu-ni-ka-ti-on", "Füh-rungs-kräf-te".
    assert hyphenation.soft_hyphens("Mitarbeiterkommunikation").split("\u00ad") == [
        *("Mitarbei", "ter", "kom", "mu", "ni", "ka", "tion"),
    ]
    assert hyphenation.soft_hyphens("Führungskräfte").split("\u00ad") == ["Füh", "rungs", "kräfte"]


def test_soft_hyphens_leave_other_languages_and_hyphenated_titles_alone():
    assert hyphenation.soft_hyphens("Incomprehensibilities", "en") == "Incomprehensibilities"
    marked = "Daten\u00adschutz\u00adfolgen\u00adabschätzung"
    assert hyphenation.soft_hyphens(marked) == marked  # the editor's own choice
