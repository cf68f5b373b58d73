"""Typesetting card titles: fallback fonts, wrap, German hyphenation, shrinking."""

import re

import pytest

from conftest import ROOT
from social_cards.text import Typesetter, fit, tokens, wrap

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
