"""What a build's output depends on besides its content, in a form that is the same in
every process: the settings as JSON (no memory addresses), the installed distributions.
The site's fingerprint (publishing) and the reader cache's key (contract) take them."""

import json
from collections.abc import Mapping
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

# Settings that change where or how loudly a build writes, never what: `invoke check`
# builds the same site as `invoke preview` and takes it from the same caches.
NOT_OUTPUT = frozenset({"OUTPUT_PATH", "NEWSROOM_BUILD_REPORT"})


def settings_json(settings: Mapping[str, Any]) -> str:
    """The settings as Pelican read them (all but ``NOT_OUTPUT``), as stable JSON."""
    settings = {**settings, "MARKDOWN": effective_markdown(settings.get("MARKDOWN", {}))}
    return json.dumps(
        {k: stable(v) for k, v in settings.items() if k not in NOT_OUTPUT},
        sort_keys=True,
        ensure_ascii=False,
    )


def stable(value: Any) -> Any:
    """``value`` as JSON that is the same in every process (no memory addresses)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [stable(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((stable(item) for item in value), key=repr)
    if isinstance(value, Path | datetime):
        return str(value)
    if callable(value) and hasattr(value, "__qualname__"):
        # The function's code is part of the plugin files hashed beside the settings.
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    kind = type(value)
    return {f"{kind.__module__}.{kind.__qualname__}": stable(getattr(value, "__dict__", {}))}


def effective_markdown(config: Mapping[str, Any]) -> dict:
    """MARKDOWN as Pelican's reader uses it. The reader adds every configured extension
    (and "meta") to the settings dict it was given, which in a process that builds twice
    is the dict of the imported settings module: the same site would look changed."""
    config = dict(config)
    extensions = {*config.get("extensions", ()), *config.get("extension_configs", {})}
    config["extensions"] = sorted(str(e) for e in extensions | {"markdown.extensions.meta"})
    return config


def installed_distributions() -> list[tuple[str, str]]:
    """(normalised name, version) of every distribution Python can import from: any of
    them may shape the output (Unidecode the URLs, Pygments the code blocks).

    A ``name-version.dist-info`` folder names both (the wheel standard), so only other
    kinds of installation have their metadata read: parsing every METADATA file took a
    fifth of a second of every build."""
    found = set()
    for distribution in metadata.distributions():
        folder = getattr(distribution, "_path", None)
        stem = str(getattr(folder, "name", ""))
        name, _, version = stem.removesuffix(".dist-info").rpartition("-")
        if not stem.endswith(".dist-info") or not name or not version:
            name, version = distribution.metadata["Name"] or "", distribution.version or "-"
        found.add((name.lower().replace("_", "-"), version))
    return sorted(found)
