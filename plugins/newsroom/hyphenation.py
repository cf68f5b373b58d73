"""German hyphenation points with pyphen's patterns, read in a fraction of the time:
for the social cards' titles and as soft hyphens in the titles a page sets narrow.

pyphen turns each of the dictionary's 60,000 patterns into numbers when it loads it,
which every drawing process paid as soon as one title needed a hyphen
(docs/development.md, "Speed").
A card needs a few words hyphenated, which look up a few hundred patterns; here each
pattern is only filed under its letters when the dictionary is read, and turned into
numbers, exactly as pyphen does, the first time a word asks for it.

That uses pyphen's internals (its dictionary cache ``hdcache``, the attributes of
``HyphDict`` and its pattern parsers), checked against the version pinned in
requirements.txt. This module is the only one that touches them: with any other
version, ``german()`` logs a warning and uses pyphen's public API, which hyphenates
the same words at the same points, only slower.
"""

import functools
import itertools
import logging
import pickle
import re
from pathlib import Path

import pyphen

from newsroom.files import write_atomically

logger = logging.getLogger(__name__)

CHECKED_WITH = "0.18.1"  # the pyphen whose internals lazy_dictionary reads (requirements.txt)
# What lazy_dictionary uses of pyphen beyond Pyphen, LANGUAGES and language_fallback.
INTERNALS = ("hdcache", "HyphDict", "ignored", "parse_hex", "parse", "AlternativeParser")
_DIGITS = str.maketrans("", "", "0123456789")
MIN_HYPHENATED = 10  # letters; shorter words are never hyphenated
SOFT_HYPHEN = "\u00ad"
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters: "Social-Media-Posts" is three


@functools.cache
def hyphenator() -> pyphen.Pyphen:
    """The German hyphenator, loaded once per process when a word first needs it."""
    return german()


def points(word: str) -> list[int]:
    """Where ``word`` may break, as offsets, ascending; none in words shorter than
    MIN_HYPHENATED letters.

    Never fewer than three letters at either end ("Führungskräf-te" helps no one), and
    never a single letter between two points: pyphen does not read the dictionary's
    second level for compounds, whose points then surface as "fol-ge-n-ab-schät-zung"
    or "Mit-a-r-bei-ter"; both points around such a letter are dropped.
    """
    if sum(char.isalpha() for char in word) < MIN_HYPHENATED:
        return []
    found = [int(point) for point in hyphenator().positions(word)]
    bounds = [0, *found, len(word)]
    return [
        point
        for before, point, after in zip(bounds, bounds[1:], bounds[2:], strict=False)
        if point - before >= 2 and after - point >= 2 and 3 <= point <= len(word) - 3
    ]


def soft_hyphens(text: str, lang: str = "de") -> str:
    """``text`` with a soft hyphen at every German hyphenation point of its long words.

    A browser without a German dictionary (Chromium on Linux) breaks a compound too long
    for its line anywhere; with these it breaks at a syllable and shows the hyphen.
    Browsers that hyphenate themselves treat them as the same points. Other languages,
    and a title in which the editor set soft hyphens, are left alone.
    """
    if not lang.startswith("de") or SOFT_HYPHEN in text:
        return text

    def hyphenated(word: re.Match[str]) -> str:
        letters = word.group()
        bounds = [0, *points(letters), len(letters)]
        return SOFT_HYPHEN.join(letters[a:b] for a, b in itertools.pairwise(bounds))

    return _WORD.sub(hyphenated, text)


def german() -> pyphen.Pyphen:
    """pyphen's German hyphenator, its dictionary read lazily (see above)."""
    path = pyphen.LANGUAGES[pyphen.language_fallback("de_DE")]
    unchecked = unchecked_internals()
    if unchecked:
        logger.warning(
            "newsroom/hyphenation.py was checked against pyphen %s, but %s; titles "
            "are hyphenated with pyphen's own (slower) reading of its dictionary until "
            "the module is checked against the installed version",
            CHECKED_WITH,
            unchecked,
        )
    elif path not in pyphen.hdcache:
        pyphen.hdcache[path] = lazy_dictionary(path)
    return pyphen.Pyphen(lang="de_DE")


def unchecked_internals() -> str:
    """What differs from the pyphen this module was checked against; "" when nothing."""
    version = getattr(pyphen, "__version__", "unknown")
    if version != CHECKED_WITH:
        return f"pyphen {version} is installed"
    missing = [name for name in INTERNALS if not hasattr(pyphen, name)]
    return f"pyphen {version} has no {', '.join(missing)}" if missing else ""


def keep_dictionary(folder: Path) -> None:
    """Read the German dictionary's patterns from a copy in ``folder`` (made there the
    first time), before any title needs a hyphen.

    Filing 78,000 lines under their letters took a tenth of a second in every process
    whose first title needed a hyphen (a build that renders one edited article paid it
    for that page); the filed lines come back from a pickle in a sixth of that. The copy
    is named by pyphen's version and the dictionary file's size and mtime.
    """
    path = pyphen.LANGUAGES[pyphen.language_fallback("de_DE")]
    if unchecked_internals() or path in pyphen.hdcache:
        return
    stat = path.stat()
    kept = folder / f"de-{CHECKED_WITH}-{stat.st_size}-{stat.st_mtime_ns}.pickle"
    try:
        lines = pickle.loads(kept.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError) as error:
        logger.debug("No kept hyphenation dictionary (%s); reading pyphen's", error)
        lines = _filed_lines(path)
        for old in folder.glob("de-*.pickle"):
            old.unlink(missing_ok=True)
        write_atomically(kept, pickle.dumps(lines, pickle.HIGHEST_PROTOCOL), mode=0o600)
    pyphen.hdcache[path] = _lazy(lines)


def lazy_dictionary(path: Path) -> pyphen.HyphDict:
    """A pyphen.HyphDict for ``path`` whose patterns are decoded when first looked up."""
    return _lazy(_filed_lines(path))


def _lazy(lines: dict[str, str | list[str]]) -> pyphen.HyphDict:
    dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
    dictionary.patterns = _Patterns(lines)
    dictionary.cache = {}
    dictionary.maxlen = max(len(key) for key in lines)
    return dictionary


def _filed_lines(path: Path) -> dict[str, str | list[str]]:
    """The dictionary's lines by their letters (a list where several share them)."""
    with path.open("rb") as data:
        encoding = data.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    lines: dict[str, str | list[str]] = {}  # letters -> its line, or lines in file order
    for line in path.read_text(encoding).split("\n")[1:]:
        line = line.strip()
        if not line or line.startswith(pyphen.ignored):
            continue
        if "^^" in line:
            line = pyphen.parse_hex(lambda match: chr(int(match.group(1), 16)), line)
        pattern = line.split("/", 1)[0] if "/" in line and "=" in line else line
        letters = pattern.translate(_DIGITS)
        known = lines.get(letters)
        if known is None:
            lines[letters] = line
        elif isinstance(known, list):
            known.append(line)
        else:
            lines[letters] = [known, line]
    return lines


class _Patterns(dict):
    """letters -> (start, values), made from the dictionary's line on first use."""

    def __init__(self, lines: dict[str, str | list[str]]) -> None:
        super().__init__()
        self._lines = lines

    def get(self, key: str, default=None):
        if key in self:
            return self[key]
        found = self._lines.get(key, ())
        # pyphen keeps the last line with these letters that is not all zeros.
        candidates = reversed(found) if isinstance(found, list) else (found,) if found else ()
        decoded = next((d for d in map(_decode, candidates) if d is not None), None)
        self[key] = decoded
        return decoded if decoded is not None else default


def _decode(line: str) -> tuple[int, tuple[int, ...]] | None:
    """pyphen.HyphDict's reading of one pattern line; None when all its values are 0."""
    if "/" in line and "=" in line:
        pattern, alternative = line.split("/", 1)
        factory = pyphen.AlternativeParser(pattern, alternative)
    else:
        pattern, factory = line, int
    pairs = [(string, factory(i or "0")) for i, string in pyphen.parse(pattern)]
    _tags, values = zip(*pairs, strict=True)
    if max(values) == 0:
        return None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, values[start:end]
