"""Settings of the pictures plugin (prefix ``PICTURES_``); types checked by newsroom.config."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config
from newsroom.config import SettingsError

PREFIX = "PICTURES_"
FORMATS = ("webp", "avif")


@dataclass(frozen=True)
class PicturesSettings:
    enabled: bool = True
    # Widths (in pixels) written of each raster picture, never wider than the original.
    # 200: a card's thumbnail on wider screens (7.5rem) up to 1.7x; 360: the column on a
    # phone at 1x; 720: the article column (42rem) at 1x; 1080: the column at 1.5x.
    widths: tuple[int, ...] = (200, 360, 720, 1080)
    # WebP: every current browser shows it, and Pillow encodes it three times faster
    # than AVIF at the same size (measured on the demo pictures).
    format: str = "webp"
    quality: int = 70
    # Thumbnails (variants up to 240 px wide) show no artefacts at a lower quality; the
    # home page's ten of them are a third of its weight.
    thumbnail_quality: int = 50
    workers: int = 0  # processes encoding pictures; 0 = one per available core


def from_pelican(settings: Mapping[str, Any]) -> PicturesSettings:
    loaded = config.load(settings, PREFIX, PicturesSettings)
    if loaded.format not in FORMATS:
        raise SettingsError(
            f"{PREFIX}FORMAT: {loaded.format!r} is not one of: {', '.join(FORMATS)}"
        )
    if not loaded.widths or any(not isinstance(w, int) or w < 16 for w in loaded.widths):
        raise SettingsError(f"{PREFIX}WIDTHS: expected widths in pixels (16 or more)")
    if not 1 <= loaded.quality <= 100:
        raise SettingsError(f"{PREFIX}QUALITY: expected 1 to 100, not {loaded.quality}")
    return loaded
