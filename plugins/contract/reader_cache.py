"""Pelican's reader cache, kept only while the code and settings that filled it hold.

Pelican keys its cache of what the reader returned by each source file's stamp alone. A
new reader (our header contract, Markdown extensions, a title's typography), a changed
MARKDOWN setting or another Markdown release left every unchanged article as the old
code had read it: a build from a restored ``cache/`` (CI, an editor's checkout) showed
other pages than a clean build of the same commit. So the key of what reading depends on
is kept beside the cache, and when it differs the cache is dropped before Pelican loads
it (the next build reads every article once, in parallel, and fills it again).
"""

import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from newsroom.build_inputs import installed_distributions, settings_json
from newsroom.cache import InputKey
from newsroom.files import write_atomically

KEY_FILE = "readers.key"  # in CACHE_PATH, beside Pelican's *Generator-Readers files
VERSION = 1  # bump when what the key covers changes


def reading_key(settings: Mapping[str, Any]) -> str:
    """A key of everything a reader's result may depend on besides the source file: the
    plugins' code, the settings, Python and every installed distribution."""
    key = InputKey()
    key.add(f"readers {VERSION}", sys.version)
    for name, version in installed_distributions():
        key.add(name, version)
    key.add(settings_json(settings))
    for path in _code(settings.get("PLUGIN_PATHS", ())):
        key.add(str(path), path.read_bytes())
    return key.hexdigest()


def drop_stale(cache_path: Path, key: str) -> list[Path]:
    """Remove the reader caches in ``cache_path`` when they were written under another
    ``key`` (or under none) and note ``key``; the files removed."""
    noted = cache_path / KEY_FILE
    try:
        if noted.read_text(encoding="utf-8") == key:
            return []
    except OSError:
        pass
    dropped = sorted(cache_path.glob("*Generator-Readers"))
    for cache in dropped:
        cache.unlink(missing_ok=True)
    cache_path.mkdir(parents=True, exist_ok=True)
    write_atomically(noted, key.encode("utf-8"))
    return dropped


def _code(folders: Iterable[str]) -> list[Path]:
    return sorted(
        path
        for folder in folders
        for path in Path(folder).rglob("*.py")
        if "__pycache__" not in path.parts
    )
