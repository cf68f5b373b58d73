"""Settings of the assets plugin (prefix ``ASSETS_``); types checked by newsroom.config."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config
from newsroom.config import SettingsError

PREFIX = "ASSETS_"


@dataclass(frozen=True)
class AssetsSettings:
    hash: bool = True  # content-hashed names for the theme's CSS, JS, fonts and pictures
    # .gz and .br siblings of every text file; on in publishconf.py (the dev build is
    # served by `invoke serve`/`livereload`, which do not use them).
    precompress: bool = False
    # Measured on the 100-article bench corpus (10.6 MB of HTML and feeds): gzip 6 and
    # Brotli 5 took 0.21 s of CPU, gzip 5 and Brotli 4 0.12 s, for files 1 % larger.
    gzip_level: int = 5
    brotli_quality: int = 4
    # Top-level folders of the site left alone: Pagefind writes its index while the
    # files are compressed, and its fragments are compressed already.
    precompress_skip: tuple[str, ...] = ("pagefind",)
    workers: int = 0  # processes compressing; 0 = one per available core


def from_pelican(settings: Mapping[str, Any]) -> AssetsSettings:
    loaded = config.load(settings, PREFIX, AssetsSettings)
    if not 1 <= loaded.gzip_level <= 9:
        raise SettingsError(f"{PREFIX}GZIP_LEVEL: expected 1 to 9, not {loaded.gzip_level}")
    if not 0 <= loaded.brotli_quality <= 11:
        raise SettingsError(
            f"{PREFIX}BROTLI_QUALITY: expected 0 to 11, not {loaded.brotli_quality}"
        )
    return loaded
