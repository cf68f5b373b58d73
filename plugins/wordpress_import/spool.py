"""The texts and comments of the export's items, on disk between the read and the writing.

The import reads the export once (``wxr.iter_export``). Before it can convert a post it
must know every other one (new addresses for links, attachments that come later in the
file), so what it converts later is set aside here: one pickled record per item in an
anonymous temporary file, found again by its offset. Memory holds only the small records.
"""

import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path

from wordpress_import.model import Comment, Item


class Spool:
    def __init__(self, folder: Path | None = None) -> None:
        # Closed by ``close`` (the import's ``finally``), not by a with block.
        self._file = tempfile.TemporaryFile(dir=folder, prefix="import-wordpress-")  # noqa: SIM115
        self._offsets: dict[int, int] = {}

    def put(self, key: int, item: Item) -> None:
        """Keep the content, excerpt and comments of ``item`` under ``key``."""
        self._file.seek(0, 2)
        self._offsets[key] = self._file.tell()
        pickle.dump((item.content, item.excerpt, item.comments), self._file, protocol=5)

    def get(self, key: int) -> tuple[str, str, tuple[Comment, ...]]:
        self._file.seek(self._offsets[key])
        return pickle.load(self._file)

    def close(self) -> None:
        self._file.close()


class RecordSpool:
    """Records appended one by one and read back in order, on disk: the comments an import
    puts into the queue at its very end (a 200 MB export holds hundreds of thousands)."""

    def __init__(self, folder: Path | None = None) -> None:
        # Closed by ``close`` (the import's ``finally``), not by a with block.
        self._file = tempfile.TemporaryFile(dir=folder, prefix="import-wordpress-")  # noqa: SIM115
        self.count = 0

    def append(self, record: object) -> None:
        self._file.seek(0, 2)
        pickle.dump(record, self._file, protocol=5)
        self.count += 1

    def __iter__(self) -> Iterator[object]:
        self._file.seek(0)
        for _number in range(self.count):
            yield pickle.load(self._file)

    def close(self) -> None:
        self._file.close()
