"""German hyphenation points with pyphen's patterns, read in a fraction of the time.

pyphen turns each of the dictionary's 60,000 patterns into numbers when it loads it,
which every drawing process paid as soon as one title needed a hyphen (README, "Speed").
A card needs a few words hyphenated, which look up a few hundred patterns; here each
pattern is only filed under its letters when the dictionary is read, and turned into
numbers, exactly as pyphen does, the first time a word asks for it.

That uses pyphen's internals (its dictionary cache ``hdcache``, the attributes of
``HyphDict`` and its pattern parsers), checked against the version pinned in
requirements.txt. This module is the only one that touches them: with any other
version, ``german()`` logs a warning and uses pyphen's public API, which hyphenates
the same words at the same points, only slower.
"""

import logging
from pathlib import Path

import pyphen

logger = logging.getLogger(__name__)

CHECKED_WITH = "0.18.1"  # the pyphen whose internals lazy_dictionary reads (requirements.txt)
# What lazy_dictionary uses of pyphen beyond Pyphen, LANGUAGES and language_fallback.
INTERNALS = ("hdcache", "HyphDict", "ignored", "parse_hex", "parse", "AlternativeParser")
_DIGITS = str.maketrans("", "", "0123456789")


def german() -> pyphen.Pyphen:
    """pyphen's German hyphenator, its dictionary read lazily (see above)."""
    path = pyphen.LANGUAGES[pyphen.language_fallback("de_DE")]
    unchecked = unchecked_internals()
    if unchecked:
        logger.warning(
            "social_cards/hyphenation.py was checked against pyphen %s, but %s; titles "
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


def lazy_dictionary(path: Path) -> pyphen.HyphDict:
    """A pyphen.HyphDict for ``path`` whose patterns are decoded when first looked up."""
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
    dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
    dictionary.patterns = _Patterns(lines)
    dictionary.cache = {}
    dictionary.maxlen = max(len(key) for key in lines)
    return dictionary


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
