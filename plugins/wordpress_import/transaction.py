"""All or nothing: the staged files of an import move into place together, or not at all.

Before the first move, a journal (``var/import-wordpress-journal.json``) lists every
move, the folders it creates and the comment ids it adds to the queue. Each file that is
replaced is first renamed into the staging folder (a backup), then the new one is renamed
into place. The comments go into the queue in one transaction after the files; only then
is the journal marked "committed" and removed. Should anything fail, the moves are undone
in reverse from the journal and the file system alone (a staged file still in staging
was not moved; a backup is restored), new folders are removed and the new comment ids
deleted. An import killed midway leaves the journal behind, and the next import undoes
what it finds before it starts (``recover``).
"""

import contextlib
import errno
import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from newsroom.files import write_atomically

JOURNAL = "import-wordpress-journal.json"


@dataclass(frozen=True)
class Move:
    staged: Path
    target: Path
    backup: Path


class CommitFailed(RuntimeError):
    """The import could not move its files into place; everything was put back."""


def _replace(source: Path, target: Path) -> None:
    """A rename; a copy and a rename when the two are on different file systems."""
    try:
        source.replace(target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        temporary = target.with_name(f".{target.name}.import.tmp")
        shutil.copyfile(source, temporary)
        temporary.replace(target)
        source.unlink()


def _missing_folders(targets: Iterable[Path]) -> list[Path]:
    """The folders the moves create, parents first."""
    missing: set[Path] = set()
    for target in targets:
        folder = target.parent
        while not folder.exists() and folder not in missing:
            missing.add(folder)
            folder = folder.parent
    return sorted(missing, key=lambda p: len(p.parts))


def commit(
    state: Path,
    staging: Path,
    moves: list[tuple[Path, Path]],
    comment_ids: list[str],
    add_comments: Callable[[], None],
    remove_comments: Callable[[list[str]], None],
) -> None:
    """Move every ``(staged, target)`` pair into place, then ``add_comments`` (one queue
    transaction adding ``comment_ids``); undo everything and raise CommitFailed when a
    step fails."""
    journal = state / JOURNAL
    planned = [
        Move(staged, target, staging / "backup" / f"{number:07d}")
        for number, (staged, target) in enumerate(moves)
    ]
    folders = _missing_folders(m.target for m in planned)
    _write_journal(journal, staging, planned, folders, comment_ids, "moving")
    try:
        for folder in folders:
            folder.mkdir(exist_ok=True)
        (staging / "backup").mkdir(parents=True, exist_ok=True)
        for move in planned:
            if move.target.exists():
                _replace(move.target, move.backup)
            _replace(move.staged, move.target)
        add_comments()
        _write_journal(journal, staging, planned, folders, comment_ids, "committed")
    except BaseException as error:
        rollback(journal, remove_comments)
        if isinstance(error, Exception):
            raise CommitFailed(f"{error}; every file is as it was before") from error
        raise
    _finish(journal, staging)


def _write_journal(journal, staging, moves, folders, comment_ids, status) -> None:
    record = {
        "status": status,
        "staging": str(staging),
        "moves": [[str(m.staged), str(m.target), str(m.backup)] for m in moves],
        "folders": [str(f) for f in folders],
        "comments": comment_ids,
    }
    write_atomically(journal, json.dumps(record).encode("utf-8"), durable=True)


def rollback(journal: Path, remove_comments: Callable[[list[str]], None]) -> None:
    """Undo the moves the journal lists, as far as they happened, and its comments."""
    record = json.loads(journal.read_text(encoding="utf-8"))
    for staged, target, backup in reversed(record["moves"]):
        staged, target, backup = Path(staged), Path(target), Path(backup)
        if not staged.exists():  # moved: the target holds the new file
            target.unlink(missing_ok=True)
        if backup.exists():
            _replace(backup, target)
    for folder in reversed([Path(f) for f in record["folders"]]):
        with contextlib.suppress(OSError):  # not empty: something else lives there now
            folder.rmdir()
    if record["comments"]:
        remove_comments(record["comments"])
    _finish(journal, Path(record["staging"]))


def _finish(journal: Path, staging: Path) -> None:
    journal.unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def recover(state: Path, remove_comments: Callable[[list[str]], None]) -> str:
    """Undo an import that was killed midway (its journal is still there); what was
    done, "" when there was nothing to undo."""
    journal = state / JOURNAL
    if not journal.is_file():
        return ""
    record = json.loads(journal.read_text(encoding="utf-8"))
    if record["status"] == "committed":  # complete but for the clean-up
        _finish(journal, Path(record["staging"]))
        return ""
    rollback(journal, remove_comments)
    return (
        f"An import was interrupted while it moved its files; its {len(record['moves'])} "
        "files were taken back, so content/ is as it was before it."
    )
