"""Signal receivers of the assets plugin."""

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from assets.compress import compress_all, compressible
from assets.hashing import Asset, hash_assets, write_assets
from assets.settings import from_pelican
from newsroom import handover

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator

logger = logging.getLogger(__name__)
_current: dict[str, dict[str, Asset]] = {}


def hash_theme(pelican: "Pelican") -> None:
    """The hashed names of this build's theme files, for the templates' asset()."""
    settings = pelican.settings
    _current.clear()
    if from_pelican(settings).hash:
        assets: dict[str, Asset] = {}
        for folder in settings.get("THEME_STATIC_PATHS", ["static"]):
            static = Path(settings["THEME"]) / folder
            if static.is_dir():
                assets.update(hash_assets(static))
        _current["assets"] = assets


def asset_url(path: str, prefix: str) -> str:
    """``css/site.css`` -> ``theme/css/site.3f2a9c1b7d.css`` (the name unchanged when the
    file is not hashed, e.g. with ASSETS_HASH = False)."""
    found = _current.get("assets", {}).get(path)
    return f"{prefix}/{found.name if found else path}"


def add_template_helpers(generator: "Generator") -> None:
    prefix = generator.settings.get("THEME_STATIC_DIR", "theme")
    generator.env.globals["asset"] = lambda path: asset_url(path, prefix)


def finish_site(pelican: "Pelican") -> None:
    settings = pelican.settings
    output = Path(settings["OUTPUT_PATH"])
    if "assets" in _current:
        write_assets(_current["assets"], output / settings.get("THEME_STATIC_DIR", "theme"))
    options = from_pelican(settings)
    if not options.precompress:
        return
    started = time.perf_counter()
    # Pages a build took from the last one came with their .gz and .br (publishing).
    done = getattr(pelican, handover.PRECOMPRESSED, ())
    files = compressible(output, skip=options.precompress_skip, done=done)
    compressed, cached, pruned = compress_all(
        files,
        (options.gzip_level, options.brotli_quality),
        Path(settings["CACHE_PATH"]) / "compressed",
        options.workers,
    )
    logger.info(
        "Precompressed %d files (.gz and .br): %d compressed, %d from cache, "
        "%d unused cache files removed, in %.2f s",
        compressed + cached,
        compressed,
        cached,
        pruned,
        time.perf_counter() - started,
    )
