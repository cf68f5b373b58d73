"""The card cache in CACHE_PATH/social_cards/ (outside output/): cards by key, a manifest.

A card's key hashes its text inputs, the bytes of every picture it shows, the style
(layout, branding, fonts, image format), the bytes of the logo and fonts, and VERSION.
The manifest remembers per card how its title was set (so a warm build still warns
about a shrunk title) and per picture its size, mtime and digest (so a warm build does
not read every picture). Anything unreadable in it only costs a redraw.
"""

import json
import logging
from collections.abc import Iterable
from pathlib import Path

from newsroom.cache import file_digest, input_key
from newsroom.files import write_atomically

logger = logging.getLogger(__name__)

VERSION = "6"  # bump when the drawing code changes what a card looks like
MANIFEST = "manifest.json"


class CardCache:
    """One build's view of the cache folder: which keys are drawn, and the pictures' digests.

    ``fitted`` maps a card's key to [title size, truncated] for every card drawn by
    this build or an earlier one; ``save`` keeps only the cards a build used.
    """

    def __init__(self, folder: Path, style_repr: str, style_files: Iterable[str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        manifest = read_manifest(folder)
        self._loaded = manifest  # what save() need not write again
        self._known_pictures: dict[str, list] = manifest.get("pictures", {})
        self.pictures: dict[str, list] = {}  # every file digested in this build
        self.fitted: dict[str, list] = manifest.get("cards", {})
        self._style_key = hash_parts(
            VERSION, style_repr, *(self.file_digest(path) for path in style_files)
        )

    def key(self, card_repr: str, files: Iterable[str | None]) -> str:
        """The key of a card: its inputs and the bytes of the pictures it shows."""
        return hash_parts(
            self._style_key, card_repr, *(self.file_digest(path) for path in files if path)
        )

    def card_path(self, key: str, extension: str) -> Path:
        return self.folder / f"{key}.{extension}"

    def has(self, key: str, extension: str) -> bool:
        """The card is known from an earlier build and its file is still there."""
        return key in self.fitted and self.card_path(key, extension).is_file()

    def file_digest(self, path: str) -> str:
        """SHA-256 of a file, reused from the last build while its size and mtime are
        unchanged."""
        if path in self.pictures:
            return self.pictures[path][2]
        try:
            entry, _read = file_digest(Path(path), self._known_pictures.get(path))
        except OSError as error:
            return f"unreadable: {error.strerror}"  # drawing it will fail and say why
        self.pictures[path] = entry
        return entry[2]

    def save(self, used: set[str], extension: str) -> None:
        """Write the manifest of the cards in ``used`` and remove every other card
        (an edited title leaves its old card). A build that drew nothing, used every
        card of the last one and digested the same pictures writes and removes nothing:
        the folder is as that build left it."""
        cards = {key: value for key, value in self.fitted.items() if key in used}
        if cards == self._loaded.get("cards") and self.pictures == self._loaded.get("pictures"):
            return
        write_manifest(self.folder, {"version": VERSION, "cards": cards, "pictures": self.pictures})
        prune(self.folder, {f"{key}.{extension}" for key in used})


def hash_parts(*parts: str) -> str:
    """A key of 32 hex digits: the core's length-prefixed input key, shortened to
    keep the cards' file names short."""
    return input_key(*parts)[:32]


def read_manifest(folder: Path) -> dict:
    """The last build's manifest; anything unreadable or malformed only costs a redraw."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        logger.debug("Social cards: no usable manifest (%s); cards are checked anew", error)
        return {}
    if not isinstance(manifest, dict) or manifest.get("version") != VERSION:
        return {}
    cards, pictures = manifest.get("cards"), manifest.get("pictures")
    return {
        "cards": {
            key: value
            for key, value in (cards.items() if isinstance(cards, dict) else ())
            if isinstance(value, list) and len(value) == 2
        },
        "pictures": {
            path: value
            for path, value in (pictures.items() if isinstance(pictures, dict) else ())
            if isinstance(value, list) and len(value) == 3
        },
    }


def write_manifest(folder: Path, manifest: dict) -> None:
    write_atomically(folder / MANIFEST, json.dumps(manifest, sort_keys=True).encode("utf-8"))


def prune(folder: Path, used: set[str]) -> None:
    """Remove cards no page of this build uses, and temporary files a stopped build left."""
    for path in folder.iterdir():
        if path.suffix in (".jpg", ".png", ".tmp") and path.name not in used:
            path.unlink(missing_ok=True)
