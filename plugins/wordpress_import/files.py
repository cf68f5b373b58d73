"""Which files the import writes, so that a second import changes nothing and an editor's
change is never overwritten; and where they wait until the import is complete.

``var/import-wordpress-files.json`` records the SHA-256 of every file the import wrote.
A file is rewritten only while it still has that hash (the export changed, the editor
did not); an edited file, a file the import did not write, and a file deleted since the
import are left alone and reported. Nothing is written to ``content/`` here: the new
bytes go to a staging folder, and ``transaction.commit`` moves them all into place at the
end (or none of them).
"""

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

WRITTEN, UPDATED, UNCHANGED = "written", "updated", "unchanged"
KEPT_EDITED, KEPT_FOREIGN, KEPT_DELETED = (
    "kept: edited since the import",
    "kept: not written by the import",
    "kept: deleted since the import",
)
IN_MEMORY = 32 * 1024 * 1024  # a picture is read once; a long video twice, in blocks


class UnsafePath(ValueError):
    """A path that would leave the content folder (never written)."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def safe_relative(relative: str) -> str:
    """``relative`` when it stays below the folder it is relative to; else UnsafePath.

    The import makes every path from slugs, which cannot hold "..", "/" or "\\"; this is
    the last guard in front of the file system, whatever an export contains."""
    path = PurePosixPath(relative)
    if (
        not relative
        or path.is_absolute()
        or "\\" in relative
        or any(part in ("", ".", "..") for part in relative.split("/"))
    ):
        raise UnsafePath(f"{relative!r} would leave the content folder")
    return relative


@dataclass
class Files:
    root: Path  # the content folder; paths are relative to it
    manifest: Path
    staging: Path | None = None  # where new files wait; None in a dry run (nothing written)
    outcomes: dict[str, str] = field(default_factory=dict)  # path -> outcome
    hashes: dict[str, str] = field(default_factory=dict)
    staged: dict[str, Path] = field(default_factory=dict)  # path -> its file in staging

    def __post_init__(self) -> None:
        if self.manifest.is_file():
            self.hashes = json.loads(self.manifest.read_text(encoding="utf-8"))

    @property
    def dry_run(self) -> bool:
        return self.staging is None

    def write(self, relative: str, data: bytes) -> str:
        """Stage ``data`` for ``root/relative`` unless an editor owns the file; the outcome.
        A path asked for twice in one import keeps the first answer (and bytes)."""
        if relative in self.outcomes:
            return self.outcomes[relative]
        outcome = self._decide(relative, digest(data))
        if outcome in (WRITTEN, UPDATED) and self.staging is not None:
            self._stage(relative).write_bytes(data)
        return outcome

    def copy(self, relative: str, source: Path) -> str:
        """Like ``write``, with the bytes of the file ``source`` (a picture, a video)."""
        if relative in self.outcomes:
            return self.outcomes[relative]
        if source.stat().st_size <= IN_MEMORY:  # read once: to hash and to write
            return self.write(relative, source.read_bytes())
        outcome = self._decide(relative, file_digest(source))
        if outcome in (WRITTEN, UPDATED) and self.staging is not None:
            shutil.copyfile(source, self._stage(relative))
        return outcome

    def _decide(self, relative: str, new: str) -> str:
        path = self.root / safe_relative(relative)
        recorded = self.hashes.get(relative)
        if not path.exists():
            outcome = KEPT_DELETED if recorded else WRITTEN
        else:
            current = file_digest(path)
            if current == new:
                outcome = UNCHANGED
            elif recorded is None:
                outcome = KEPT_FOREIGN
            elif recorded == current:
                outcome = UPDATED
            else:
                outcome = KEPT_EDITED
        if outcome in (WRITTEN, UPDATED) or (outcome == UNCHANGED and recorded is None):
            self.hashes[relative] = new
        self.outcomes[relative] = outcome
        return outcome

    def _stage(self, relative: str) -> Path:
        assert self.staging is not None
        folder = self.staging / "files"
        if not self.staged:
            folder.mkdir(parents=True, exist_ok=True)
        staged = folder / f"{len(self.staged):07d}"
        self.staged[relative] = staged
        return staged

    def owns(self, relative: str) -> bool:
        """Whether the file is one the import wrote and nobody changed (or it is new)."""
        path = self.root / relative
        if not path.exists():
            return relative not in self.hashes
        return self.hashes.get(relative) == file_digest(path)

    def manifest_bytes(self) -> bytes:
        return (json.dumps(self.hashes, indent=1, sort_keys=True) + "\n").encode("utf-8")

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)
