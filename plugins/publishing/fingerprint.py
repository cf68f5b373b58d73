"""The fingerprint of a production build: a key that changes whenever the built site could.

It covers
- every file under the content folder, the theme and the plugin folders, and the settings
  and task files (by content: SHA-256, reused while size and mtime are unchanged);
- the settings as Pelican read them, so an environment variable such as SITEURL counts;
- the versions of Python and of every installed distribution (importlib.metadata):
  a list by hand missed Unidecode, which makes every URL, and Pygments;
- which articles are still scheduled: a future Date flips to published when its moment
  has passed, so the snapshot of yesterday is not the site of today;
- the step that finishes the site (e.g. the search index).

Its *global* part leaves out the content and the theme's templates: the site record
(record.py) follows those page by page; everything else (settings, code, translations,
theme files) renders every page when it changes.
"""

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from newsroom.build_inputs import installed_distributions, settings_json
from newsroom.cache import InputKey, file_digest
from newsroom.dates import aware
from newsroom.headers import parse_iso_date, split_source

VERSION = 4  # bump when what the fingerprint hashes changes
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache"}


@dataclass(frozen=True)
class Inputs:
    """What a build reads besides its settings."""

    content: Path  # the content folder: its articles' dates decide what is scheduled
    others: tuple[Path, ...]  # theme, plugin folders, settings and task files
    timezone: str
    finish: str = ""  # the name of the step run on the finished site, if any
    templates: Path | None = None  # the theme's templates: the site record follows them


@dataclass(frozen=True)
class Fingerprint:
    key: str
    files: dict[str, list]  # path -> [size, mtime_ns, sha256, date]: reused next time
    scheduled: int  # articles whose Date still lies in the future
    global_key: str = ""  # without the content and the templates (see the docstring)


def fingerprint(
    settings: Mapping[str, Any], inputs: Inputs, known: Mapping[str, list], now: datetime
) -> Fingerprint:
    """A key that changes whenever the built site could change."""
    return with_content(global_part(settings, inputs, known), inputs, known, now)


def global_part(
    settings: Mapping[str, Any], inputs: Inputs, known: Mapping[str, list]
) -> Fingerprint:
    """The fingerprint of everything but the content: its ``global_key`` (the templates'
    files are listed, but only ``with_content`` hashes them)."""
    files: dict[str, list] = {}
    digest = InputKey()
    add = digest.add

    add(f"fingerprint {VERSION}", sys.version, inputs.finish)
    for name, version in installed_distributions():
        add(name, version)
    add(settings_json(settings))
    templates = f"{inputs.templates}{os.sep}" if inputs.templates else None
    for root in inputs.others:
        for path in walk(root):
            entry = _file_entry(path, known.get(str(path)), with_date=False)
            if entry is None:
                continue
            files[str(path)] = entry
            if templates is None or not str(path).startswith(templates):
                add(str(path), entry[2])
    return Fingerprint("", files, 0, digest.hexdigest())


def with_content(
    part: Fingerprint, inputs: Inputs, known: Mapping[str, list], now: datetime
) -> Fingerprint:
    """The whole fingerprint: ``part`` (global_part's), the templates and the content."""
    files = dict(part.files)
    digest = InputKey()
    add = digest.add
    add(part.global_key)
    templates = f"{inputs.templates}{os.sep}" if inputs.templates else None
    for path, entry in files.items():
        if templates is not None and path.startswith(templates):
            add(path, entry[2])
    zone = ZoneInfo(inputs.timezone)
    scheduled = 0
    for path in walk(inputs.content):
        entry = _file_entry(path, known.get(str(path)), with_date=True)
        if entry is None:
            continue
        files[str(path)] = entry
        add(str(path), entry[2])
        if entry[3] and aware(datetime.fromisoformat(entry[3]), zone) > now:
            scheduled += 1
            add("scheduled", str(path))
    return Fingerprint(digest.hexdigest(), files, scheduled, part.global_key)


def stamps(inputs: Inputs) -> dict[str, list[int]]:
    """[size, mtime_ns] of every file the fingerprint reads, for ``unchanged_since``."""
    found = {}
    for root in (inputs.content, *inputs.others):
        for path in walk(root):
            try:
                stat = path.stat()
            except OSError:
                continue
            found[str(path)] = [stat.st_size, stat.st_mtime_ns]
    return found


def unchanged_since(before: Mapping[str, list[int]], result: Fingerprint) -> bool:
    """Whether the files fingerprinted are the files ``stamps`` saw: a fingerprint
    taken after a build describes that build only if no input changed meanwhile."""
    return before.keys() == result.files.keys() and all(
        result.files[path][:2] == stamp for path, stamp in before.items()
    )


def walk(root: Path) -> Iterable[Path]:
    if root.is_file():
        yield root
        return
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in sorted(names):
            yield Path(folder, name)


def _file_entry(path: Path, known: list | None, with_date: bool) -> list | None:
    """[size, mtime_ns, sha256, article date]: the digest and date reused while the
    size and mtime are those of the last build."""
    try:
        entry, data = file_digest(path, known if known and len(known) == 4 else None)
    except OSError:
        return None  # vanished while we walked: the build will not see it either
    if data is None:
        return known  # unchanged: its digest and date as they were
    return [*entry, _article_date(data) if with_date and path.suffix == ".md" else ""]


def _article_date(data: bytes) -> str:
    try:
        source = split_source(data.decode("utf-8"))
    except UnicodeDecodeError:
        return ""  # the build reports the file
    for line in source.header:
        if line.key.lower() == "date":
            try:
                return parse_iso_date(line.value).isoformat()
            except ValueError:
                return ""
    return ""
