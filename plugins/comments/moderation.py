"""What the editorial team does with the queue: approve, reject, reply, erase, export, import.

No Pelican; the invoke tasks in comments/tasks.py call these and print the results.
"""

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from comments.export import write_comment
from comments.importers import ImportResult
from comments.model import CommentKind, State
from comments.store import NewComment, Row, Store


class ModerationError(ValueError):
    """A moderation step is not possible; the message says why and what to do."""


def reply(store: Store, parent_id: str, text: str, author: str) -> str:
    """An editorial or author reply to ``parent_id``, approved at once."""
    parent = store.get(parent_id)
    if parent is None:
        raise ModerationError(f"There is no comment {parent_id}; see `invoke comments.list`")
    if parent.state != State.APPROVED:
        raise ModerationError(
            f"Comment {parent_id} is {parent.state}; approve it first "
            f"(`invoke comments.approve {parent_id}`), then reply"
        )
    if not text.strip() or not author.strip():
        raise ModerationError("A reply needs a text and --author")
    return store.add(
        NewComment(
            article=parent.article,
            author=author.strip(),
            text=text.strip(),
            reply_to=parent_id,
            state=State.APPROVED,
            source="reply",
        )
    )


@dataclass(frozen=True)
class ExportResult:
    written: tuple[Path, ...]
    unchanged: int


def export_approved(store: Store, folder: Path, timezone: str) -> ExportResult:
    """Write every approved comment to ``folder``/<article>/<id>.md; idempotent."""
    approved = store.rows([State.APPROVED])
    present = {path.stem for path in folder.glob("*/*.md")}
    known = present | {row.id for row in approved}
    written, unchanged = [], 0
    for row in sorted(approved, key=lambda r: (r.created, r.id)):
        if row.reply_to and row.reply_to not in known:
            # The parent was never approved: keep the reply as a comment of its own.
            row = Row(**{**row.__dict__, "reply_to": ""})
        path, changed = write_comment(row, folder, timezone)
        if changed:
            written.append(path)
        else:
            unchanged += 1
        if row.exported_path != str(path):
            store.mark_exported(row.id, str(path))
    return ExportResult(tuple(written), unchanged)


def erase(store: Store, email: str, folder: Path) -> tuple[list[Row], list[Path]]:
    """Delete every comment of the person with ``email``: queue rows and files in git."""
    rows = store.delete_by_email(email)
    removed = []
    for row in rows:
        path = folder / row.article / f"{row.id}.md"
        if path.is_file():
            path.unlink()
            removed.append(path)
    return rows, removed


@dataclass(frozen=True)
class ImportSummary:
    files: int
    queued: int
    spam: int
    already: int
    unmatched: int
    skipped: tuple[str, ...]


def import_comments(
    store: Store, result: ImportResult, folder: Path, timezone: str
) -> ImportSummary:
    """Approved comments into git, pending ones and spam into the queue; idempotent."""
    files = queued = spam = already = 0
    published = {path.stem for path in folder.glob("*/*.md")} | {
        item.id for item in result.comments if item.state == State.APPROVED
    }
    for item in result.comments:
        if item.state == State.APPROVED:
            row = _row(item)
            if row.reply_to and row.reply_to not in published:
                row = Row(**{**row.__dict__, "reply_to": ""})  # its parent stays unpublished
            _path, changed = write_comment(row, folder, timezone)
            files += changed
            already += not changed
            continue
        try:
            store.add(
                NewComment(
                    article=item.article,
                    author=item.author,
                    text=item.text,
                    email=item.email,
                    website=item.website,
                    reply_to=item.reply_to,
                    kind=item.kind,
                    state=item.state,
                    spam_reasons=("imported as spam",) if item.state == State.SPAM else (),
                    source="import",
                    created=item.created,
                    id=item.id,
                )
            )
        except sqlite3.IntegrityError:
            already += 1
            continue
        queued += item.state == State.PENDING
        spam += item.state == State.SPAM
    return ImportSummary(files, queued, spam, already, len(result.unmatched), result.skipped)


def _row(item) -> Row:
    return Row(
        id=item.id,
        article=item.article,
        reply_to=item.reply_to,
        kind=str(item.kind or CommentKind.COMMENT),
        author=item.author,
        email="",
        website=item.website if item.website.startswith(("http://", "https://")) else "",
        text=item.text,
        created=item.created.isoformat(),
        state=State.APPROVED,
        spam_reasons=(),
        reject_reason="",
        client="",
        exported_path="",
        source="import",
    )


def states(names: Iterable[str]) -> list[State]:
    """Parse state names given on the command line; a wrong one names the choices."""
    result = []
    for name in names:
        try:
            result.append(State(name))
        except ValueError:
            raise ModerationError(
                f'"{name}" is no state; choose from: ' + ", ".join(s.value for s in State)
            ) from None
    return result
