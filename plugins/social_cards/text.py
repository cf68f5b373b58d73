"""Setting text on a card: glyph fallback, measured word wrap, German hyphenation, shrinking.

Every character is drawn with the first font that has it (Inter, then DejaVu Sans);
a character no shipped font has (emoji, most Asian scripts) is left out, never drawn
as a box. Titles wrap by measured pixel width; a word longer than a line is broken at
its hyphens or at a German hyphenation point (pyphen), never in the middle of a
syllable. The size shrinks step by step until the title fits its box; only when it
does not fit at the smallest size are trailing words replaced by an ellipsis.

Measuring is the costly part of drawing a card (HarfBuzz shaping through raqm; the
docs/development.md ("Speed") says what a call costs), so widths are measured per word and size once
and summed: with the shipped fonts a line is exactly as wide as its words and spaces.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageDraw, ImageFont

from newsroom import hyphenation

_VARIATION_SELECTOR = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
ELLIPSIS = "…"
_CLOSING = ",.;:!?…“”\"'»«)]"  # punctuation that stays with the end of a word


def _coverage(path: Path) -> frozenset[int]:
    """The code points the font has a glyph for.

    The glyphs' names do not matter here, so numbers stand in for them: fontTools would
    otherwise parse a CFF font's whole glyph set (and import its CFF modules) to name
    them, which was most of a drawing process's start.
    """
    font = TTFont(str(path), lazy=True)
    font.setGlyphOrder([str(number) for number in range(font["maxp"].numGlyphs)])
    return frozenset(font["cmap"].getBestCmap())


@dataclass(frozen=True)
class Token:
    """A piece of a line: a word, or a part of one ending in a hyphen."""

    text: str
    space_before: bool


@dataclass(frozen=True)
class Fitted:
    size: int
    lines: tuple[str, ...]
    truncated: bool


class Typesetter:
    """Fonts of one weight with fallback, measuring and drawing mixed runs."""

    def __init__(self, font_paths: Sequence[Path]) -> None:
        self.paths = tuple(font_paths)
        self.coverage = [_coverage(path) for path in self.paths]
        self._fonts: dict[tuple[int, int], ImageFont.FreeTypeFont] = {}
        self._widths: dict[tuple[str, int], float] = {}  # (clean text, size) -> pixels
        self._font_of: dict[str, int | None] = {}

    def font(self, index: int, size: int) -> ImageFont.FreeTypeFont:
        key = (index, size)
        if key not in self._fonts:
            self._fonts[key] = ImageFont.truetype(str(self.paths[index]), size)
        return self._fonts[key]

    def font_for(self, char: str) -> int | None:
        """Index of the first font that has ``char``; None when none has it."""
        try:
            return self._font_of[char]  # asked for every letter of every text
        except KeyError:
            code = ord(char)
            found = next((i for i, cover in enumerate(self.coverage) if code in cover), None)
            self._font_of[char] = found
            return found

    def clean(self, text: str) -> str:
        """``text`` without characters no font can draw, spaces folded; what was left out
        leaves no trace: no mark on its own (a dotted circle), no double space, no space
        before the punctuation that followed it ("Titel 中文: mehr" -> "Titel: mehr")."""
        words: list[str] = []
        for word in unicodedata.normalize("NFC", text).split():
            kept = self._clean_word(word)
            if not kept:
                continue
            if words and kept != word and all(char in _CLOSING for char in kept):
                words[-1] += kept  # the word before it was left out: no gap before ":"
            else:
                words.append(kept)
        return " ".join(words)

    def _clean_word(self, word: str) -> str:
        kept: list[str] = []
        base_kept = False  # marks and joiners stay only with a character that is drawn
        for char in word:
            category = unicodedata.category(char)
            if _VARIATION_SELECTOR.match(char) or category == "Cf":
                continue  # emoji presentation, joiners: we draw text, not emoji
            if category in ("Mn", "Me"):
                if base_kept and self.font_for(char) is not None:
                    kept.append(char)
                continue
            base_kept = self.font_for(char) is not None
            if base_kept:
                kept.append(char)
        return "".join(kept)

    def runs(self, text: str) -> list[tuple[str, int]]:
        """``text`` split into runs that one font draws (text must be clean)."""
        runs: list[tuple[str, int]] = []
        for char in text:
            index = 0 if char == " " else self.font_for(char)
            if index is None:
                continue
            if runs and (runs[-1][1] == index or char == " "):
                runs[-1] = (runs[-1][0] + char, runs[-1][1])
            else:
                runs.append((char, index))
        return runs

    def width(self, text: str, size: int) -> float:
        """Width of ``text`` in pixels at ``size`` (memoised: titles share many words)."""
        key = (text, size)
        found = self._widths.get(key)
        if found is None:
            found = sum(self.font(i, size).getlength(run) for run, i in self.runs(text))
            self._widths[key] = found
        return found

    def draw(
        self, draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill: str
    ) -> None:
        """Draw ``text`` with its top-left at ``xy``, switching fonts per run."""
        x, y = xy
        ascent = self.font(0, size).getmetrics()[0]
        for run, index in self.runs(text):
            font = self.font(index, size)
            # Align the baselines of both fonts.
            draw.text((x, y + ascent - font.getmetrics()[0]), run, font=font, fill=fill)
            x += self.width(run, size)


def tokens(text: str) -> list[Token]:
    """Words of ``text``, with break opportunities after existing hyphens."""
    result: list[Token] = []
    for word in text.split(" "):
        if not word:
            continue
        parts = re.findall(r"[^-–]+[-–]?|[-–]", word)
        for number, part in enumerate(parts):
            result.append(Token(part, space_before=number == 0 and bool(result)))
    return result


def _join(line: Sequence[Token]) -> str:
    return "".join((" " if t.space_before and n else "") + t.text for n, t in enumerate(line))


def _line_width(typesetter: Typesetter, line: Sequence[Token], size: int) -> float:
    space = typesetter.width(" ", size)
    return sum(
        typesetter.width(t.text, size) + (space if t.space_before and n else 0)
        for n, t in enumerate(line)
    )


def wrap(
    typesetter: Typesetter, text: str, size: int, width: float, hyphenate: bool = True
) -> list[str]:
    """Lines of ``text`` no wider than ``width`` at ``size`` (overlong syllables excepted).

    Without ``hyphenate`` words break only after their own hyphens.
    """
    lines: list[list[Token]] = []
    current: list[Token] = []
    used = 0.0  # width of ``current``
    space = typesetter.width(" ", size)
    queue = tokens(text)
    queue.reverse()  # a stack: pop() takes the next token
    while queue:
        token = queue.pop()
        added = typesetter.width(token.text, size) + (
            space if token.space_before and current else 0
        )
        if used + added <= width:
            current.append(token)
            used += added
            continue
        head, tail = (
            _hyphenate(typesetter, token, current, size, width) if hyphenate else (None, token)
        )
        if head is not None:  # fill this line with a hyphenated head of the word
            lines.append([*current, head])
            queue.append(tail)
        elif current:  # the word goes to the next line
            lines.append(current)
            queue.append(token)
        else:  # a single syllable wider than the line: it stands alone
            lines.append([token])
        current, used = [], 0.0
    if current:
        lines.append(current)
    return [_join(line) for line in lines]


def _hyphenate(
    typesetter: Typesetter, token: Token, line: list[Token], size: int, width: float
) -> tuple[Token | None, Token]:
    """The longest hyphenated head of ``token`` that still fits behind ``line``."""
    word = token.text.rstrip("-–")
    core = word.rstrip(_CLOSING)  # "Führungskräfte," is hyphenated without its comma
    trailing = token.text[len(core) :]
    # Short words move down whole ("wis-sen" helps no one); see hyphenation.points.
    for point in reversed(hyphenation.points(core)):
        head, tail = core[:point], core[point:]
        piece = Token(f"{head}-", token.space_before)
        if _line_width(typesetter, [*line, piece], size) <= width:
            return piece, Token(tail + trailing, False)
    return None, token


def fit(
    typesetter: Typesetter,
    text: str,
    width: float,
    height: float,
    sizes: Sequence[int],
    line_height: float,
    comfortable: int = 0,
    hyphenate: bool = True,
) -> Fitted:
    """The largest size at which ``text`` fits the box; truncated at the smallest size.
    Without ``hyphenate`` (a title not in German) words break only at their own hyphens.

    A size at which no word has to be hyphenated wins over a larger one that needs
    hyphens ("Krisenkommunikati-on" reads worse than a slightly smaller title), but
    only down to ``comfortable``: below it, a hyphen in a long compound reads better
    than a title too small to read in a feed.
    """
    text = typesetter.clean(text)
    large = [size for size in sizes if size >= comfortable]
    small = [size for size in sizes if size < comfortable]
    passes = ((large, False), (large, True), (small, False), (small, True))
    for group, hyphens in passes if hyphenate else passes[::2]:
        for size in group:
            lines = wrap(typesetter, text, size, width, hyphens)
            if len(lines) * size * line_height <= height and all(
                typesetter.width(line, size) <= width for line in lines
            ):
                return Fitted(size, tuple(lines), False)
    size = sizes[-1]
    lines = wrap(typesetter, text, size, width, hyphenate)
    room = max(1, int(height // (size * line_height)))
    kept = lines[:room]
    last = kept[-1]
    if last.endswith(("-", "–")) and len(lines) > room:
        # The next line holds the rest of this word: drop the fragment, not cut a word.
        last = last.rsplit(" ", 1)[0] if " " in last else last
    while last and typesetter.width(last + ELLIPSIS, size) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last.rstrip(" ,;:-–") + ELLIPSIS
    return Fitted(size, tuple(kept), True)


def fit_line(typesetter: Typesetter, text: str, width: float, sizes: Sequence[int]) -> Fitted:
    """One line (a label, names, a role): the largest size that fits, else cut at a word.

    The card never lets a name or a category run under the picture or off the card.
    """
    text = typesetter.clean(text)
    for size in sizes:
        if typesetter.width(text, size) <= width:
            return Fitted(size, (text,) if text else (), False)
    size = sizes[-1]
    words = text.split(" ")
    while len(words) > 1 and typesetter.width(" ".join(words) + ELLIPSIS, size) > width:
        words.pop()
    line = " ".join(words).rstrip(" ,;:&-–")
    while line and typesetter.width(line + ELLIPSIS, size) > width:
        line = line[:-1]  # a single word wider than the line: cut it, it cannot be avoided
    return Fitted(size, (line + ELLIPSIS,), True)
