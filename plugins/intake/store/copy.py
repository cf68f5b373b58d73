"""A whole queue copied into another home: from the SQLite file into a PostgreSQL
database when the intake moves to several hosts (``invoke comments.copy-queue``), or
back into a file.

The source is read in one snapshot and the target written in one transaction, so a
copy is complete or not there at all. Keys stay as they were: comment ids, the change
log's numbers (the sync client's cursor points at them) and the journal's. So does the
queue's own secret: the rate limit's fingerprints and the mail links already sent keep
working. A target that holds anything but what a new queue fills itself is refused: adding one
queue to another is no copy, and a second run must not double anything.
"""

from dataclasses import dataclass

from intake.store import TABLES, Database
from newsroom.progress import Progress

BATCH = 1000  # rows read and written at a time
# Tables a new queue fills itself: the intake's own secret at its first start, the one row
# of how far CI was told. The copied rows replace them.
SEEDED = ("preferences", "dispatch")


class CopyRefused(Exception):
    """Nothing was copied; the message says why and what to do."""


@dataclass(frozen=True)
class Copied:
    source: str
    target: str
    rows: dict[str, int]  # per table, as in the source


def count_rows(connection) -> dict[str, int]:
    return {
        table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in TABLES
    }


def listing(counts: dict[str, int]) -> str:
    """``3 rows in comments, 1 in editors``."""
    parts = [f"{number} in {table}" for table, number in counts.items() if number]
    if not parts:
        return "nothing"
    first, *rest = parts
    noun = "row" if first.startswith("1 ") else "rows"
    return ", ".join([first.replace(" in ", f" {noun} in ", 1), *rest])


def copy_queue(source: Database, target: Database) -> Copied:
    """Copy every row of ``source`` into the empty ``target``; CopyRefused if it is not
    empty (or is the source itself)."""
    if source.location == target.location:
        raise CopyRefused(f"The target is the source itself ({source.location})")
    with target.connection() as connection:
        filled = {t: n for t, n in count_rows(connection).items() if n and t not in SEEDED}
    if filled:
        raise CopyRefused(
            f"The queue at {target.location} is not empty: it holds {listing(filled)}. "
            "A queue is copied only into an empty one; name a new database (or file), "
            "or empty this one first"
        )
    with source.backend.snapshot() as reading, target.transaction() as writing:
        counts = count_rows(reading)
        with Progress(
            f"Copying the queue to {target.location}", sum(counts.values()), unit="rows"
        ) as progress:
            # The intake writes a secret of its own when it first starts; the copied
            # one replaces it, so that nothing signed before the move breaks (and CI is
            # not asked again for what the source had told it).
            for table in SEEDED:
                writing.execute(f"DELETE FROM {table}")
            for table in TABLES:
                rows = reading.execute(f"SELECT * FROM {table} ORDER BY 1")
                while batch := rows.fetchmany(BATCH):
                    target.backend.insert_rows(writing, table, [dict(row) for row in batch])
                    progress.advance(len(batch))
        copied = count_rows(writing)
        if copied != counts:  # the transaction is rolled back: nothing half-copied stays
            raise CopyRefused(
                f"The copy in {target.location} has {listing(copied)} where the source "
                f"has {listing(counts)}; nothing was copied"
            )
    return Copied(source.location, target.location, counts)
