"""The site snapshot: a production build whose inputs have not changed is restored, not
redone; one whose inputs changed takes every unchanged page from it (record.py).

Every plugin already caches what it derives (parsed content, profiles, comments, cards,
feed entries), yet a build that changes nothing still renders every page and runs the
search indexer. The snapshot goes one step further, as make or Bazel do: it keeps the
finished site of the last successful build under ``CACHE_PATH/snapshot/`` together with
the fingerprint of everything that build read (fingerprint.py) and its site record, and
hands that site out again while the fingerprint is the same.

Files are hard-linked, not copied, both ways. Nothing in the build writes into an existing
file (every build starts in a fresh folder, cards and feeds are replaced by rename), and
the manifest keeps each file's size and mtime, so a snapshot that was changed in place
anyway is noticed and not used. The snapshot is updated in place: a file of the new site
that is the very file the snapshot holds (the same inode: a page taken from the last
build, a card linked from its cache) keeps its place; only new files are linked, and
files no page uses any more are removed once the new manifest is written.
"""

import json
import logging
import os
import pickle
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsroom.files import write_atomically
from publishing.fingerprint import Fingerprint, walk
from publishing.record import Previous, SiteRecord

logger = logging.getLogger(__name__)

VERSION = 4  # bump when the manifest, the record or the folder layout changes


@dataclass(frozen=True)
class Restored:
    files: int
    warnings: list[str]


def restore(snapshot: Path, key: str, target: Path) -> Restored | None:
    """Link the snapshot's site into the empty folder ``target``; None when it does not fit."""
    manifest = read_manifest(snapshot)
    if manifest.get("key") != key:
        return None
    files = snapshot / "files"
    listed: dict[str, list] = manifest.get("site", {})
    for size, mtime_ns, number, *_inode in listed.values():
        try:
            stat = (files / str(number)).stat()
        except OSError:
            return None
        if stat.st_size != size or stat.st_mtime_ns != mtime_ns:
            logger.info("The site snapshot was changed after it was taken; building anew")
            return None
    made: set[Path] = set()
    for relative, (_size, _mtime_ns, number, *_inode) in listed.items():
        _link(files / str(number), target / relative, made)
    return Restored(len(listed), list(manifest.get("warnings", [])))


def restore_folder(snapshot: Path, top: str, target: Path) -> int:
    """Link the snapshot's files below the site's top-level folder ``top`` into
    ``target``; their number, or 0 when one is missing or was changed in place."""
    listed = read_manifest(snapshot).get("site", {})
    wanted = {r: e for r, e in listed.items() if r.split("/", 1)[0] == top}
    files = snapshot / "files"
    for size, mtime_ns, number, *_inode in wanted.values():
        try:
            stat = (files / str(number)).stat()
        except OSError:
            return 0
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
            return 0
    made: set[Path] = set()
    for relative, (_size, _mtime_ns, number, *_inode) in wanted.items():
        _link(files / str(number), target / relative, made)
    return len(wanted)


def previous_record(snapshot: Path) -> Previous | None:
    """The site record of the last build kept in ``snapshot``, with where its files are."""
    manifest = read_manifest(snapshot)
    name = manifest.get("record")
    if not name:
        return None
    try:
        with (snapshot / name).open("rb") as stored:
            record = pickle.load(stored)
        files = snapshot / "files"
        return Previous(
            manifest["global_key"],
            record["deps"],
            record["pages"],
            {
                relative: (files / str(entry[2]), entry[0], entry[1])
                for relative, entry in manifest.get("site", {}).items()
            },
        )
    except Exception as error:  # noqa: BLE001 (an unreadable record costs a full render)
        logger.debug("The site record in %s is not usable: %s", snapshot, error)
        return None


def search_key(snapshot: Path) -> str:
    """The key of the search index the snapshot holds ("" for none)."""
    return str(read_manifest(snapshot).get("search", ""))


@dataclass
class Storing:
    """The snapshot being brought up to date with a new site, in place.

    The files are kept in one flat folder, numbered, and the manifest says where each
    belongs: a site has a folder per article, and making a second tree of them cost
    more than linking every file. A file of the site that is the very file the snapshot
    holds for its path (same inode, size and mtime) keeps its number; others are linked
    under new numbers. Until ``finish`` writes the new manifest the old one stays valid.
    """

    snapshot: Path
    listed: dict[str, list] = field(default_factory=dict)
    linked: int = 0  # files linked anew

    def __post_init__(self) -> None:
        self.files = self.snapshot / "files"
        self.files.mkdir(parents=True, exist_ok=True)
        manifest = read_manifest(self.snapshot)
        self._old: dict[str, list] = manifest.get("site", {})
        self._old_record = str(manifest.get("record", ""))
        numbers = [entry[2] for entry in self._old.values()]
        self._next = max(int(manifest.get("next", 0)), max(numbers, default=-1) + 1)
        self._new: list[int] = []

    def link(self, site: Path, skip: tuple[str, ...] = ()) -> None:
        """Take in the files of ``site`` not taken yet, but none below its top-level
        folders ``skip`` (still being written, like Pagefind's index)."""
        for path in walk(site):
            relative = path.relative_to(site).as_posix()
            if relative in self.listed or relative.split("/", 1)[0] in skip:
                continue
            stat = path.stat()
            old = self._old.get(relative)
            if (
                old is not None
                and old[3:4] == [stat.st_ino]
                and old[:2]
                == [
                    stat.st_size,
                    stat.st_mtime_ns,
                ]
            ):
                self.listed[relative] = old
                continue
            number = self._next
            self._next += 1
            kept = self.files / str(number)
            kept.unlink(missing_ok=True)  # left by a build that stopped half-way
            _link(path, kept, None)
            self._new.append(number)
            self.linked += 1
            stat = kept.stat()  # a copy (another file system) has its own stamps
            self.listed[relative] = [stat.st_size, stat.st_mtime_ns, number, stat.st_ino]

    def discard(self) -> None:
        """Give up (the build failed after all); the snapshot stays as it was."""
        for number in self._new:
            (self.files / str(number)).unlink(missing_ok=True)
        self._new.clear()

    def finish(
        self,
        result: Fingerprint,
        warnings: Iterable[str] = (),
        record: SiteRecord | None = None,
        search: str = "",
    ) -> None:
        """Write the manifest (and the site record), then remove what it no longer names."""
        record_name = ""
        if record is not None:
            record_name = f"record-{secrets.token_hex(4)}.pickle"
            data = pickle.dumps(
                {"deps": record.table(), "pages": record.pages}, pickle.HIGHEST_PROTOCOL
            )
            write_atomically(self.snapshot / record_name, data, mode=0o600)
        manifest = {
            "version": VERSION,
            "key": result.key,
            "global_key": result.global_key,
            "site": self.listed,
            "files": result.files,
            "warnings": list(warnings),
            "next": self._next,
            "record": record_name,
            "search": search,
        }
        write_atomically(
            self.snapshot / "manifest.json", json.dumps(manifest).encode("utf-8"), mode=0o600
        )
        used = {str(entry[2]) for entry in self.listed.values()}
        for entry in os.scandir(self.files):
            if entry.name not in used:
                Path(entry.path).unlink()
        for entry in os.scandir(self.snapshot):
            if entry.name.startswith("record-") and entry.name != record_name:
                Path(entry.path).unlink()


def begin(snapshot: Path) -> Storing:
    """Start bringing ``snapshot`` up to date; the old one stays usable until finished."""
    return Storing(snapshot)


def store(snapshot: Path, result: Fingerprint, site: Path, warnings: Iterable[str] = ()) -> None:
    """Keep ``site`` as the snapshot for ``result``."""
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
