"""The site snapshot: a production build whose inputs have not changed is restored, not redone.

Every plugin already caches what it derives (parsed content, profiles, comments, cards,
feed entries), yet a build that changes nothing still renders every page and runs the
search indexer. The snapshot goes one step further, as make or Bazel do: it keeps the
finished site of the last successful build under ``CACHE_PATH/snapshot/`` together with
a fingerprint of everything that build read, and hands that site out again while the
fingerprint is the same.

The fingerprint covers
- every file under the content folder, the theme and the plugin folders, and the settings
  and task files (by content: SHA-256, reused while size and mtime are unchanged);
- the settings as Pelican read them, so an environment variable such as SITEURL counts;
- the versions of Python and of every installed distribution (importlib.metadata):
  a list by hand missed Unidecode, which makes every URL, and Pygments;
- which articles are still scheduled: a future Date flips to published when its moment
  has passed, so the snapshot of yesterday is not the site of today;
- the step that finishes the site (e.g. the search index).

Files are hard-linked, not copied, both ways. Nothing in the build writes into an existing
file (every build starts in a fresh folder, cards and feeds are replaced by rename), and
the manifest keeps each file's size and mtime, so a snapshot that was changed in place
anyway is noticed and not used.
"""

import json
import logging
import os
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from newsroom.cache import InputKey, file_digest
from newsroom.dates import aware
from newsroom.headers import parse_iso_date, split_source

logger = logging.getLogger(__name__)

VERSION = 3  # bump when the fingerprint or the folder layout changes
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache"}


@dataclass(frozen=True)
class Inputs:
    """What a build reads besides its settings."""

    content: Path  # the content folder: its articles' dates decide what is scheduled
    others: tuple[Path, ...]  # theme, plugin folders, settings and task files
    timezone: str
    finish: str = ""  # the name of the step run on the finished site, if any


@dataclass(frozen=True)
class Fingerprint:
    key: str
    files: dict[str, list]  # path -> [size, mtime_ns, sha256, date]: reused next time
    scheduled: int  # articles whose Date still lies in the future


@dataclass(frozen=True)
class Restored:
    files: int
    warnings: list[str]


def fingerprint(
    settings: Mapping[str, Any], inputs: Inputs, known: Mapping[str, list], now: datetime
) -> Fingerprint:
    """A key that changes whenever the built site could change."""
    files: dict[str, list] = {}
    digest = InputKey()
    add = digest.add

    add(f"snapshot {VERSION}", sys.version, inputs.finish)
    for name, version in installed_distributions():
        add(name, version)
    settings = {**settings, "MARKDOWN": _effective_markdown(settings.get("MARKDOWN", {}))}
    add(
        json.dumps(
            {k: stable(v) for k, v in settings.items() if k != "OUTPUT_PATH"},
            sort_keys=True,
            ensure_ascii=False,
        )
    )
    zone = ZoneInfo(inputs.timezone)
    scheduled = 0
    for root in (inputs.content, *inputs.others):
        for path in _walk(root):
            entry = _file_entry(path, known.get(str(path)), with_date=root == inputs.content)
            if entry is None:
                continue
            files[str(path)] = entry
            add(str(path), entry[2])
            if entry[3] and aware(datetime.fromisoformat(entry[3]), zone) > now:
                scheduled += 1
                add("scheduled", str(path))
    return Fingerprint(digest.hexdigest(), files, scheduled)


def stamps(inputs: Inputs) -> dict[str, list[int]]:
    """[size, mtime_ns] of every file the fingerprint reads, for ``unchanged_since``."""
    found = {}
    for root in (inputs.content, *inputs.others):
        for path in _walk(root):
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


def restore(snapshot: Path, key: str, target: Path) -> Restored | None:
    """Link the snapshot's site into the empty folder ``target``; None when it does not fit."""
    manifest = read_manifest(snapshot)
    if manifest.get("key") != key:
        return None
    files = snapshot / "files"
    listed: dict[str, list] = manifest.get("site", {})
    for size, mtime_ns, number in listed.values():
        try:
            stat = (files / str(number)).stat()
        except OSError:
            return None
        if stat.st_size != size or stat.st_mtime_ns != mtime_ns:
            logger.info("The site snapshot was changed after it was taken; building anew")
            return None
    made: set[Path] = set()
    for relative, (_size, _mtime_ns, number) in listed.items():
        _link(files / str(number), target / relative, made)
    return Restored(len(listed), list(manifest.get("warnings", [])))


@dataclass
class Storing:
    """A snapshot being taken: the files linked so far, and where.

    The files are kept in one flat folder, numbered, and the manifest says where each
    belongs: a site has a folder per article, and making a second tree of them cost
    more than linking every file.
    """

    snapshot: Path
    fresh: Path
    listed: dict[str, list] = field(default_factory=dict)

    def link(self, site: Path, skip: tuple[str, ...] = ()) -> None:
        """Link the files of ``site`` not linked yet, but none below its top-level
        folders ``skip`` (still being written, like Pagefind's index)."""
        files = self.fresh / "files"
        files.mkdir(parents=True, exist_ok=True)
        for path in _walk(site):
            relative = path.relative_to(site).as_posix()
            if relative in self.listed or relative.split("/", 1)[0] in skip:
                continue
            kept = files / str(len(self.listed))
            _link(path, kept, None)
            # Read from the link, which shares its inode with the file in ``site``.
            stat = kept.stat()
            self.listed[relative] = [stat.st_size, stat.st_mtime_ns, len(self.listed)]

    def discard(self) -> None:
        """Give up (the build failed after all); the previous snapshot stays."""
        shutil.rmtree(self.fresh, ignore_errors=True)

    def finish(self, result: Fingerprint, warnings: Iterable[str] = ()) -> None:
        """Write the manifest and put the snapshot in place of the previous one."""
        manifest = {
            "version": VERSION,
            "key": result.key,
            "site": self.listed,
            "files": result.files,
            "warnings": list(warnings),
        }
        (self.fresh / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        retired = self.snapshot.with_name(f"{self.snapshot.name}.old-{os.getpid()}")
        if self.snapshot.exists():
            self.snapshot.rename(retired)
        self.fresh.rename(self.snapshot)
        shutil.rmtree(retired, ignore_errors=True)


def begin(snapshot: Path) -> Storing:
    """Start taking a snapshot into ``snapshot``, the previous one kept until finished."""
    fresh = snapshot.with_name(f"{snapshot.name}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    return Storing(snapshot, fresh)


def store(snapshot: Path, result: Fingerprint, site: Path, warnings: Iterable[str] = ()) -> None:
    """Keep ``site`` as the snapshot for ``result``; replaces the previous one."""
    storing = begin(snapshot)
    storing.link(site)
    storing.finish(result, warnings)


def read_manifest(snapshot: Path) -> dict:
    """The manifest of the last snapshot; anything unreadable only costs a full build."""
    try:
        manifest = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("version") != VERSION:
        return {}
    return manifest


def known_files(snapshot: Path) -> dict[str, list]:
    files = read_manifest(snapshot).get("files", {})
    return files if isinstance(files, dict) else {}


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


def _effective_markdown(config: Mapping[str, Any]) -> dict:
    """MARKDOWN as Pelican's reader uses it. The reader adds every configured extension
    (and "meta") to the settings dict it was given, which in a process that builds twice
    is the dict of the imported settings module: the same site would look changed."""
    config = dict(config)
    extensions = {*config.get("extensions", ()), *config.get("extension_configs", {})}
    config["extensions"] = sorted(str(e) for e in extensions | {"markdown.extensions.meta"})
    return config


def installed_distributions() -> list[tuple[str, str]]:
    """(normalised name, version) of every distribution Python can import from: any of
    them may shape the output (Unidecode the URLs, Pygments the code blocks)."""
    found = set()
    for distribution in metadata.distributions():
        name = distribution.metadata["Name"] or ""
        found.add((name.lower().replace("_", "-"), distribution.version or "-"))
    return sorted(found)


def _walk(root: Path) -> Iterable[Path]:
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


def _link(source: Path, destination: Path, made: set[Path] | None) -> None:
    """A hard link, or a copy on another file system; ``made`` remembers the folders
    created so far (None: the folder exists)."""
    if made is not None and destination.parent not in made:
        destination.parent.mkdir(parents=True, exist_ok=True)
        made.add(destination.parent)
    try:
        os.link(source, destination)
    except OSError:  # another file system: copy instead
        shutil.copy2(source, destination)
