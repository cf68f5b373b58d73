"""Settings of the social_cards plugin (prefix ``SOCIAL_CARDS_``).

Types are checked by ``newsroom.config.load``; the values are checked here, so a
typo in a colour or a font path stops the build before anything is drawn, with a
message naming the setting, instead of a traceback from Pillow in a worker.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsroom import config
from newsroom.config import SettingsError
from social_cards.layout import Branding

PREFIX = "SOCIAL_CARDS_"
SHARE_NETWORKS = ("linkedin", "xing", "x", "facebook", "mastodon", "whatsapp", "email", "copy")
FORMATS = ("jpeg", "png")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_HANDLE = re.compile(r"@\w{1,15}")


@dataclass(frozen=True)
class SocialCardsSettings:
    enabled: bool = True
    output_path: str = "social-cards"  # below the output folder
    # Paths below the theme folder: the fonts ship with the theme, no system font is used.
    # Each list is tried in order for every character (fallback for missing glyphs).
    fonts: tuple[str, ...] = ("fonts/Inter-Bold.otf", "fonts/DejaVuSans-Bold.ttf")
    name_fonts: tuple[str, ...] = ("fonts/Inter-SemiBold.otf", "fonts/DejaVuSans-Bold.ttf")
    logo: str = "static/img/icon-512.png"  # below the theme folder; also the JSON-LD logo
    # The colours' defaults are the card design's, written once in layout.Branding.
    background: str = Branding.background
    text: str = Branding.text
    muted: str = Branding.muted
    accent: str = Branding.accent
    accent_text: str = Branding.accent_text
    secondary: str = Branding.secondary
    twitter_site: str = ""  # the site's X handle, e.g. "@hafenlicht"
    # Which share links appear under articles, in this order (see SHARE_NETWORKS).
    share_links: tuple[str, ...] = SHARE_NETWORKS
    mastodon_share_url: str = "teilen/mastodon/"  # our page that asks for the instance
    # "jpeg" (default): smaller than PNG for cards with photos and much faster to encode;
    # "png" is lossless (the figures: docs/development.md, "Speed").
    format: str = "jpeg"
    jpeg_quality: int = 88
    category_cards: bool = True  # a card per category; tags and other lists use the site card
    workers: int = 0  # processes drawing cards; 0 = one per available CPU core


def from_pelican(settings: Mapping[str, Any]) -> SocialCardsSettings:
    """The plugin's settings, with every value checked; raises SettingsError naming the key."""
    loaded = config.load(settings, PREFIX, SocialCardsSettings)
    unknown = [name for name in loaded.share_links if name not in SHARE_NETWORKS]
    if unknown:
        _refuse("SHARE_LINKS", unknown[0], f"one of: {', '.join(SHARE_NETWORKS)}", "names")
    for name in ("background", "text", "muted", "accent", "accent_text", "secondary"):
        if not _COLOUR.fullmatch(getattr(loaded, name)):
            _refuse(name.upper(), getattr(loaded, name), "a colour like #0b2545")
    if loaded.format not in FORMATS:
        _refuse("FORMAT", loaded.format, " or ".join(f'"{f}"' for f in FORMATS))
    if not 1 <= loaded.jpeg_quality <= 95:
        _refuse("JPEG_QUALITY", loaded.jpeg_quality, "a number from 1 to 95")
    if loaded.workers < 0:
        _refuse("WORKERS", loaded.workers, "0 (one per core) or a positive number")
    if loaded.twitter_site and not _HANDLE.fullmatch(loaded.twitter_site):
        _refuse("TWITTER_SITE", loaded.twitter_site, 'an X handle like "@hafenlicht", or ""')
    for name in ("output_path", "mastodon_share_url"):
        value = getattr(loaded, name)
        if not value or value.startswith("/") or ".." in Path(value).parts:
            _refuse(name.upper(), value, "a folder below the output folder, e.g. social-cards")
    return loaded


def check_files(cards: SocialCardsSettings, theme: Path) -> None:
    """Refuse a logo or font that does not exist below the theme folder."""
    if not cards.logo.startswith("static/"):
        # Pelican publishes only the theme's static/ folder; the logo is linked in JSON-LD.
        _refuse("LOGO", cards.logo, "a picture below the theme's static/ folder")
    for key, paths in (
        ("LOGO", (cards.logo,)),
        ("FONTS", cards.fonts),
        ("NAME_FONTS", cards.name_fonts),
    ):
        if not paths:
            _refuse(key, paths, "at least one font file below the theme folder")
        for path in paths:
            if not (theme / path).is_file():
                _refuse(key, path, f"a file below the theme folder ({theme / path} does not exist)")


def _refuse(key: str, value: object, expected: str, verb: str = "is") -> None:
    raise SettingsError(f"Setting {PREFIX}{key} {verb} {value!r}; expected {expected}")
