"""Settings of the social_cards plugin (prefix ``SOCIAL_CARDS_``)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config

PREFIX = "SOCIAL_CARDS_"
SHARE_NETWORKS = ("linkedin", "xing", "x", "facebook", "mastodon", "whatsapp", "email", "copy")


@dataclass(frozen=True)
class SocialCardsSettings:
    enabled: bool = True
    output_path: str = "social-cards"  # below the output folder
    # Paths below the theme folder: the fonts ship with the theme, no system font is used.
    fonts: tuple[str, ...] = ("fonts/Inter-Bold.otf", "fonts/DejaVuSans-Bold.ttf")
    name_fonts: tuple[str, ...] = ("fonts/Inter-SemiBold.otf", "fonts/DejaVuSans-Bold.ttf")
    logo: str = "static/img/icon-512.png"
    background: str = "#0b2545"
    text: str = "#faf7f0"
    muted: str = "#c9d1dd"
    accent: str = "#f4d35e"
    accent_text: str = "#1a1f2b"
    secondary: str = "#1b998b"
    twitter_site: str = ""  # the site's X handle, e.g. "@hafenlicht"
    # Which share links appear under articles, in this order (see SHARE_NETWORKS).
    share_links: tuple[str, ...] = SHARE_NETWORKS
    mastodon_share_url: str = "teilen/mastodon/"  # our page that asks for the instance
    workers: int = 0  # processes drawing cards; 0 = one per CPU core


def from_pelican(settings: Mapping[str, Any]) -> SocialCardsSettings:
    loaded = config.load(settings, PREFIX, SocialCardsSettings)
    unknown = [name for name in loaded.share_links if name not in SHARE_NETWORKS]
    if unknown:
        raise config.SettingsError(
            f"Setting SOCIAL_CARDS_SHARE_LINKS has unknown {', '.join(unknown)}; "
            f"expected some of: {', '.join(SHARE_NETWORKS)}"
        )
    return loaded
