"""The web fonts, subset to the characters the site's languages need (`invoke fonts`).

The full faces live in theme/fonts/web/; the subsets that the pages load are written to
theme/static/fonts/ and committed, so a build does no font work. German needs Basic
Latin and Latin-1 (umlauts, ß, „…“ and the other punctuation below); names and quoted
words from other languages (Turkish ı and ş, Polish ł, Czech č, French œ) take a few
letters of Latin Extended-A. Only kerning and tabular figures are kept of the layout
features: the others were a quarter of each file and the site uses none of them.

Running `invoke fonts` again changes no committed file: the subset keeps the full face's
date (fontTools stamps a font it saves with the time otherwise, and Brotli then
compresses the file differently), and a subset that holds the same font as the file it
would replace leaves that file alone, even where another version of Brotli compresses it
to other bytes.
"""

import io
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from newsroom.files import write_atomically

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


def subset_font(source: Path, target: Path) -> bool:
    """Write the subset of ``source`` to ``target`` (WOFF2) unless ``target`` holds that
    font already; whether it was written."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = FEATURES
    options.hinting = False  # browsers on the screens we serve do not use CFF hints
    options.desubroutinize = True  # compresses better in WOFF2
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(font)
    font.flavor = "woff2"
    buffer = io.BytesIO()
    font.save(buffer)
    made = buffer.getvalue()
    if target.is_file() and same_font(target.read_bytes(), made):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, made)
    return True


# What says when a font file was written, not what it draws: the head table's dates and
# its checksum of the whole file (which covers the dates).
_STAMPS = ("created", "modified", "checkSumAdjustment")


def same_font(first: bytes, second: bytes) -> bool:
    """Whether two font files (WOFF2 or not) hold the same font: the same tables with the
    same data, the head table's dates and checksum aside."""
    fonts = [TTFont(io.BytesIO(data), lazy=True) for data in (first, second)]
    tags = [sorted(font.reader.keys()) for font in fonts]
    if tags[0] != tags[1]:
        return False
    for tag in tags[0]:
        if tag == "head":
            heads = [
                {key: value for key, value in vars(font["head"]).items() if key not in _STAMPS}
                for font in fonts
            ]
            if heads[0] != heads[1]:
                return False
        elif fonts[0].reader[tag] != fonts[1].reader[tag]:
            return False
    return True
