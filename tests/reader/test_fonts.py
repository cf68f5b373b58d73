"""The web fonts are subset, and the subset keeps every letter of the site that the full
face has (theme/fonts/web/; a letter neither has comes from the reader's system font)."""

import unicodedata

from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont

from assets.fonts import unicodes
from conftest import ROOT

FONTS = ROOT / "theme" / "static" / "fonts"
FULL = ROOT / "theme" / "fonts" / "web"


def test_the_served_fonts_hold_every_letter_and_mark_of_the_demo_site(demo_site):
    shown = set()
    for page in demo_site.pages():
        shown |= set(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").get_text())
    # Letters, digits, punctuation and currency; emoji and symbols come from the
    # reader's system fonts, as in any web font.
    needed = {c for c in shown if unicodedata.category(c)[0] in "LNP" or c == "€"}
    for name in ("inter-regular.woff2", "inter-bold.woff2", "inter-italic.woff2"):
        covered = set(map(chr, TTFont(FONTS / name).getBestCmap()))
        full = set(map(chr, TTFont(FULL / name).getBestCmap()))
        assert (needed & full) - covered == set(), name
        assert len(needed - full) <= 2, needed - full  # today only "ş" of a name


def test_the_fonts_are_subset_to_the_listed_characters():
    for name in ("inter-regular.woff2", "inter-bold.woff2", "inter-italic.woff2"):
        font = TTFont(FONTS / name)
        assert set(font.getBestCmap()) <= set(unicodes()), name
        assert (FONTS / name).stat().st_size < 15 * 1024, name
