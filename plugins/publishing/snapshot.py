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
import re
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsroom.files import files_below, write_atomically
from publishing.fingerprint import Fingerprint
from publishing.record import Previous, SiteRecord

logger = logging.getLogger(__name__)

VERSION = 6  # bump when the manifest, the record or the folder layout changes
_FILE_NAME = re.compile(r"[\w-][\w.-]*")  # a name within one folder: no separator, not ".."


@dataclass(frozen=True)
class Restored:
    files: int
    warnings: list[str]


class Snapshot:
    """The snapshot in ``folder`` as its manifest describes it (read once)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = folder / "files"
        self.manifest = read_manifest(folder)
        self.site: dict[str, list] = self.manifest.get("site", {})

    @property
    def known_files(self) -> dict[str, list]:
        """The fingerprint's files of the last build, to reuse their digests."""
        files = self.manifest.get("files", {})
        return files if isinstance(files, dict) else {}

    @property
    def search_keys(self) -> dict[str, str]:
        """The key of each part of the search index the snapshot holds."""
        keys = self.manifest.get("search", {})
        return keys if isinstance(keys, dict) else {}

    @property
    def search_fragments(self) -> dict:
        """The search index's fragments of the last build: ``options`` (Pagefind's
        version and ours, as ``search.run_options``) and ``parts``, per part URL -> file
        name. Empty when any of it is not of that form (it then only costs a run of
        Pagefind that writes every fragment)."""
        kept = self.manifest.get("search_fragments", {})
        if not isinstance(kept, dict) or not isinstance(kept.get("options"), str):
            return {}
        parts = kept.get("parts")
        if not isinstance(parts, dict) or not all(
            isinstance(part, str)
            and isinstance(fragments, dict)
            and all(
                isinstance(url, str) and isinstance(name, str) and _FILE_NAME.fullmatch(name)
                for url, name in fragments.items()
            )
            for part, fragments in parts.items()
        ):
            return {}
        return {"options": kept["options"], "parts": parts}

    def intact_files(self, relatives: Iterable[str]) -> dict[str, Path]:
        """Where the snapshot keeps each of the site's files ``relatives`` that it holds
        as it took them."""
        found = {}
        for relative in relatives:
            entry = self.site.get(relative)
            if entry is not None and self._intact({relative: entry}):
                found[relative] = self.files / str(entry[2])
        return found

    def restore(self, key: str, target: Path) -> Restored | None:
        """Link the snapshot's site into the empty folder ``target``; None when it
        does not fit."""
        if self.manifest.get("key") != key:
            return None
        if not self._intact(self.site):
            logger.info("The site snapshot was changed after it was taken; building anew")
            return None
        self._link_all(self.site, target)
        return Restored(len(self.site), list(self.manifest.get("warnings", [])))

    def restore_folder(self, folder: str, target: Path) -> int:
        """Link the snapshot's files below the site's ``folder`` (a path such as
        "pagefind/2024") into the site ``target``; their number, or 0 when there are none
        or one is missing or was changed."""
        prefix = f"{folder.strip('/')}/"
        wanted = {r: e for r, e in self.site.items() if r.startswith(prefix)}
        if not wanted or not self._intact(wanted):
            return 0
        self._link_all(wanted, target)
        return len(wanted)

    def previous_record(self) -> Previous | None:
        """The site record of the last build, with where its files are."""
        name = self.manifest.get("record")
        if not name:
            return None
        try:
            with (self.folder / name).open("rb") as stored:
                record = pickle.load(stored)
            files = self.files
            return Previous(
                self.manifest["global_key"],
                record["deps"],
                record["pages"],
                {
                    relative: (files / str(entry[2]), entry[0], entry[1])
                    for relative, entry in self.site.items()
                },
                record.get("page_digests", {}),
            )
        except Exception as error:  # noqa: BLE001 (an unreadable record costs a full render)
            logger.debug("The site record in %s is not usable: %s", self.folder, error)
            return None

    def begin(self) -> "Storing":
        """Start bringing the snapshot up to date; it stays usable until finished."""
        return Storing(self)

    def _intact(self, listed: dict[str, list]) -> bool:
        for size, mtime_ns, number, *_inode in listed.values():
            try:
                stat = (self.files / str(number)).stat()
            except OSError:
                return False
            if stat.st_size != size or stat.st_mtime_ns != mtime_ns:
                return False
        return True

    def _link_all(self, listed: dict[str, list], target: Path) -> None:
        made: set[Path] = set()
        for relative, (_size, _mtime_ns, number, *_inode) in listed.items():
            _link(self.files / str(number), target / relative, made)


class Storing:
    """The snapshot being brought up to date with a new site, in place.

    The files are kept in one flat folder, numbered, and the manifest says where each
    belongs: a site has a folder per article, and making a second tree of them cost
    more than linking every file. A file of the site that is the very file the snapshot
    holds for its path (same inode, which the folder listing gives without a stat:
    a page taken from the last build, a card linked from its cache) keeps its number;
    others are linked under new numbers. Until ``finish`` writes the new manifest the
    old one stays valid.
    """

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.files = snapshot.files
        self.files.mkdir(parents=True, exist_ok=True)
        self.listed: dict[str, list] = {}
        self.linked = 0  # files linked anew
        self._old = snapshot.site
        numbers = [entry[2] for entry in self._old.values()]
        self._next = max(int(snapshot.manifest.get("next", 0)), max(numbers, default=-1) + 1)
        self._new: list[int] = []

    def link(self, site: Path, skip: tuple[str, ...] = ()) -> None:
        """Take in the files of ``site`` not taken yet, but none below its top-level
        folders ``skip`` (still being written, like Pagefind's index)."""
        for relative, entry in files_below(site, skip):
            if relative in self.listed:
                continue
            old = self._old.get(relative)
            if old is not None and old[3:4] == [entry.inode()]:
                self.listed[relative] = old
                continue
            number = self._next
            self._next += 1
            kept = self.files / str(number)
            kept.unlink(missing_ok=True)  # left by a build that stopped half-way
            _link(Path(entry.path), kept, None)
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
        search: dict[str, str] | None = None,
        search_fragments: dict | None = None,
    ) -> None:
        """Write the manifest (and the site record), then remove what it no longer names."""
        folder = self.snapshot.folder
        record_name = ""
        if record is not None:
            record_name = f"record-{secrets.token_hex(4)}.pickle"
            kept = {"deps": record.table(), "pages": record.pages}
            kept["page_digests"] = record.page_digests
            data = pickle.dumps(kept, pickle.HIGHEST_PROTOCOL)
            write_atomically(folder / record_name, data, mode=0o600)
        manifest = {
            "version": VERSION,
            "key": result.key,
            "global_key": result.global_key,
            "site": self.listed,
            "files": result.files,
            "warnings": list(warnings),
            "next": self._next,
            "record": record_name,
            "search": search or {},
            "search_fragments": search_fragments or {},
        }
        write_atomically(folder / "manifest.json", json.dumps(manifest).encode("utf-8"), 0o600)
        used = {str(entry[2]) for entry in self.listed.values()}
        for entry in os.scandir(self.files):
            if entry.name not in used:
                Path(entry.path).unlink()
        for entry in os.scandir(folder):
            if entry.name.startswith("record-") and entry.name != record_name:
                Path(entry.path).unlink()


def store(folder: Path, result: Fingerprint, site: Path, warnings: Iterable[str] = ()) -> None:
    """Keep ``site`` as the snapshot in ``folder`` for ``result``."""
    storing = Snapshot(folder).begin()
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
