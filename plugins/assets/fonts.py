"""The web fonts, subset to the characters the site's languages need (`invoke fonts`).

The full faces live in theme/fonts/web/; the subsets that the pages load are written to
theme/static/fonts/ and committed, so a build does no font work. German needs Basic
Latin and Latin-1 (umlauts, ß, „…“ and the other punctuation below); names and quoted
words from other languages (Turkish ı and ş, Polish ł, Czech č, French œ) take a few
letters of Latin Extended-A. Only kerning and tabular figures are kept of the layout
features: the others were a quarter of each file and the site uses none of them.
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

RANGES = (
    (0x20, 0x7E),  # Basic Latin
    (0xA0, 0xFF),  # Latin-1: umlauts, ß, «», §, °, ·, ×
    (0x2013, 0x2014),  # – —
    (0x2018, 0x201E),  # ‘ ’ ‚ “ ” „
    (0x2020, 0x2022),  # † ‡ •
    (0x2026, 0x2026),  # …
    (0x2039, 0x203A),  # ‹ ›
    (0x20AC, 0x20AC),  # €
    (0x2192, 0x2192),  # →
    (0x2212, 0x2212),  # −
)
EXTRA = "ıİşŞğĞłŁńśźżćęąČčŠšŽžřěőűŒœ"
FEATURES = ["kern", "tnum"]


def unicodes() -> list[int]:
    return [c for low, high in RANGES for c in range(low, high + 1)] + [ord(c) for c in EXTRA]


def subset_font(source: Path, target: Path) -> int:
    """Write the subset of ``source`` to ``target`` (WOFF2); its size in bytes."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = FEATURES
    options.hinting = False  # browsers on the screens we serve do not use CFF hints
    options.desubroutinize = True  # compresses better in WOFF2
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(target)
    return target.stat().st_size
