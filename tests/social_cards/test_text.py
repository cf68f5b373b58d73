"""Typesetting card titles: fallback fonts, wrap, German hyphenation, shrinking."""

import re

import pytest

from conftest import ROOT
from social_cards.text import ELLIPSIS, Typesetter, fit, fit_line, tokens, wrap

FONTS = ROOT / "theme" / "fonts"
SIZES = (76, 70, 64, 58, 54, 50, 46, 42)


@pytest.fixture(scope="module")
def typesetter() -> Typesetter:
    return Typesetter([FONTS / "Inter-Bold.otf", FONTS / "DejaVuSans-Bold.ttf"])


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("Zu wem gehört der Firmen-Account? 🚀", "Zu wem gehört der Firmen-Account?"),
        ("Привет und Γειά", "Привет und Γειά"),  # Inter has Cyrillic and Greek
        ("Shalom שלום", "Shalom שלום"),  # Hebrew: not in Inter, drawn with DejaVu
        ("中文 Titel", "Titel"),  # no shipped font has CJK: left out, never a box
        ("  viel   Raum\n", "viel Raum"),
        # An emoji with a variation selector: neither the emoji nor a dotted circle.
        ("Podcast 🎙️ Folge 3", "Podcast Folge 3"),
        ("🎙️Podcast", "Podcast"),
        ("Familie 👩‍👩‍👧 heute", "Familie heute"),  # joined by zero-width joiners
        # What is left out leaves no gap before the punctuation that followed it.
        ("Titel 中文: Untertitel", "Titel: Untertitel"),
        ("Frage 🤔?", "Frage?"),
        ("Café – crème", "Café – crème"),  # real punctuation keeps its spaces
    ],
)
def test_characters_no_font_has_are_left_out(typesetter, text, clean):
    assert typesetter.clean(text) == clean


def test_runs_switch_font_where_the_first_lacks_a_glyph(typesetter):
    assert typesetter.runs("Hallo שלום Welt") == [("Hallo ", 0), ("שלום ", 1), ("Welt", 0)]


def test_tokens_break_after_hyphens():
    assert [(t.text, t.space_before) for t in tokens("Social-Media-Spezialteams sind")] == [
        ("Social-", False),
        ("Media-", False),
        ("Spezialteams", False),
        ("sind", True),
    ]


def test_long_compounds_are_hyphenated_at_syllables(typesetter):
    lines = wrap(typesetter, "Donaudampfschifffahrtsgesellschaftskapitän", 70, 500)
    assert len(lines) > 1
    assert all(typesetter.width(line, 70) <= 500 for line in lines)
    assert all(line.endswith("-") for line in lines[:-1])
    assert "".join(line.removesuffix("-") for line in lines) == (
        "Donaudampfschifffahrtsgesellschaftskapitän"
    )


def test_fit_prefers_a_smaller_size_to_a_hyphen_inside_a_word(typesetter):
    fitted = fit(
        typesetter, "Krisenkommunikation: Die erste Stunde entscheidet", 660, 266, SIZES, 1.12
    )
    assert not fitted.truncated
    assert fitted.lines == ("Krisenkommunikation:", "Die erste Stunde", "entscheidet")
    assert fitted.size < SIZES[0]


def test_below_the_comfortable_size_a_hyphen_wins_over_shrinking(typesetter):
    title = "Was Geschäftsführerinnen über Messekommunikation wissen sollten"
    unhyphenated = fit(typesetter, title, 642, 266, SIZES, 1.12)
    assert unhyphenated.size < 50 and not any(line.endswith("-") for line in unhyphenated.lines)
    fitted = fit(typesetter, title, 642, 266, SIZES, 1.12, comfortable=50)
    assert fitted.size >= 50 and not fitted.truncated
    assert any(line.endswith("-") for line in fitted.lines)
    assert re.sub(r"-\n", "", "\n".join(fitted.lines)).replace("\n", " ") == title


@pytest.mark.parametrize(
    ("word", "width", "expected"),
    [
        ("Führungskräfte, Netzwerke", 330, ["Führungs-", "kräfte,", "Netzwerke"]),  # not "kräf-te,"
        ("wissen sollten", 130, ["wissen", "sollten"]),  # short words are never hyphenated
    ],
)
def test_hyphens_only_in_long_words_and_never_before_a_short_rest(
    typesetter, word, width, expected
):
    assert wrap(typesetter, word, 58, width) == expected


def test_existing_hyphens_are_break_points(typesetter):
    fitted = fit(
        typesetter, "„Social-Media-Spezialteams haben keine große Zukunft“", 660, 266, SIZES, 1.12
    )
    assert fitted.lines[0].endswith("Media-")
    assert not any(" " in line.split("-")[-1] and line.endswith("-") for line in fitted.lines)


def test_an_overlong_title_shrinks_and_is_cut_at_a_word_with_an_ellipsis(typesetter):
    title = "Zehn Irrtümer über Kommunikation " * 8
    fitted = fit(typesetter, title, 660, 266, SIZES, 1.12)
    assert fitted.truncated and fitted.size == SIZES[-1]
    assert fitted.lines[-1].endswith("…")
    assert len(fitted.lines) * fitted.size * 1.12 <= 266
    words = set(title.split())
    rejoined = re.sub(r"-\s", "", " ".join(fitted.lines)).removesuffix("…")
    assert all(word in words for word in rejoined.split())


def test_a_line_is_as_wide_as_its_words_and_spaces(typesetter):
    # wrap() sums memoised word widths; this is exact for the shipped fonts.
    words = ["Krisenkommunikation:", "Die", "erste", "Stunde", "entscheidet"]
    spaces = (len(words) - 1) * typesetter.width(" ", 70)
    summed = sum(typesetter.width(w, 70) for w in words) + spaces
    assert summed == pytest.approx(typesetter.width(" ".join(words), 70), abs=0.5)


def test_every_wrapped_line_fits_and_no_word_is_lost(typesetter):
    title = "Warum Mitarbeitende die glaubwürdigsten Botschafter eines Unternehmens sind"
    for size in SIZES:
        lines = wrap(typesetter, title, size, 640, hyphenate=False)
        assert " ".join(lines) == title
        assert all(typesetter.width(line, size) <= 640 for line in lines[:-1] if " " in line)


@pytest.mark.parametrize(
    ("text", "width", "expected_size", "expected"),
    [
        ("Social Media", 400, 28, "Social Media"),  # fits at the first size
        ("Jana Albers & Katrin Schäfer", 340, 24, "Jana Albers & Katrin Schäfer"),  # shrinks
        ("Jana Albers & Katrin Schäfer & Mehmet Yıldız", 340, 22, "Jana Albers & Katrin Schäfer…"),
        ("Donaudampfschifffahrtsgesellschaft", 200, 22, None),  # one word: cut inside it
        ("🚀", 400, 28, None),  # nothing drawable: no line at all
    ],
)
def test_a_single_line_shrinks_then_is_cut_at_a_word(
    typesetter, text, width, expected_size, expected
):
    fitted = fit_line(typesetter, text, width, (28, 26, 24, 22))
    assert fitted.size == expected_size
    assert all(typesetter.width(line, fitted.size) <= width for line in fitted.lines)
    if expected is not None:
        assert fitted.lines == (expected,)
    elif text == "🚀":
        assert fitted.lines == ()
    else:
        assert fitted.truncated and fitted.lines[0].endswith(ELLIPSIS)
        assert text.startswith(fitted.lines[0].removesuffix(ELLIPSIS))


def test_an_empty_or_undrawable_title_gives_no_lines(typesetter):
    assert fit(typesetter, "🚀 🎉", 660, 266, SIZES, 1.12).lines == ()
