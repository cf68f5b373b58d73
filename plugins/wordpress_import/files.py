"""Writing the import's files so that a second import changes nothing and an editor's
change is never overwritten.

``var/import-wordpress-files.json`` records the SHA-256 of every file the import wrote.
A file is rewritten only while it still has that hash (the export changed, the editor
did not); an edited file, a file the import did not write, and a file deleted since the
import are left alone and reported.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from newsroom.files import write_atomically

WRITTEN, UPDATED, UNCHANGED = "written", "updated", "unchanged"
KEPT_EDITED, KEPT_FOREIGN, KEPT_DELETED = (
    "kept: edited since the import",
    ("kept: not written by the import"),
    "kept: deleted since the import",
)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Files:
    root: Path  # the content folder; paths are relative to it
    manifest: Path
    dry_run: bool = False
    outcomes: dict[str, str] = field(default_factory=dict)  # path -> outcome
    hashes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.manifest.is_file():
            self.hashes = json.loads(self.manifest.read_text(encoding="utf-8"))

    def write(self, relative: str, data: bytes) -> str:
        """Write ``data`` to ``root/relative`` unless an editor owns the file; the outcome."""
        path = self.root / relative
        recorded = self.hashes.get(relative)
        if not path.exists():
            outcome = KEPT_DELETED if recorded else WRITTEN
        else:
            current = digest(path.read_bytes())
            if current == digest(data):
                outcome = UNCHANGED
            elif recorded is None:
                outcome = KEPT_FOREIGN
            elif recorded == current:
                outcome = UPDATED
            else:
                outcome = KEPT_EDITED
        if outcome in (WRITTEN, UPDATED):
            if not self.dry_run:
                write_atomically(path, data)
            self.hashes[relative] = digest(data)
        elif outcome == UNCHANGED and recorded is None and path.exists():
            self.hashes[relative] = digest(data)
        self.outcomes[relative] = outcome
        return outcome

    def owns(self, relative: str) -> bool:
        """Whether the file is one the import wrote and nobody changed (or it is new)."""
        path = self.root / relative
        if not path.exists():
            return relative not in self.hashes
        return self.hashes.get(relative) == digest(path.read_bytes())

    def save(self) -> None:
        if not self.dry_run:
            text = json.dumps(self.hashes, indent=1, sort_keys=True) + "\n"
            write_atomically(self.manifest, text.encode("utf-8"))

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)
