"""What the editorial team does with the queue: reply, export into git, erase, import.

No Pelican; the invoke tasks in intake/tasks.py call these and print the results.
``content/comments/`` follows the queue for every comment the queue knows: approved
ones are written, ones rejected or marked as spam after their export are removed again.
Files the queue does not know (written by hand, or on another machine) are left alone,
except that a reply whose parent disappears moves up to the parent's parent, so the
build never meets a Reply-To naming a missing comment.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from comments.files import (
    comment_file,
    comment_files,
    published_parent,
    remove_comments,
    write_text,
)
from comments.model import State
from intake.store import Database, DuplicateKey, NewComment, Row

if TYPE_CHECKING:  # the importers read XML with the site's slugs (Pelican); the intake does not
    from intake.importers import Imported, ImportResult


class ModerationError(ValueError):
    """A moderation step is not possible; the message says why and what to do."""


def same_person(name: str, names: Iterable[str]) -> bool:
    """Whether ``name`` is one of ``names`` (case and spacing aside)."""
    wanted = " ".join(name.split()).casefold()
    return any(" ".join(other.split()).casefold() == wanted for other in names)


def reply(
    database: Database,
    folder: Path | None,
    parent_id: str,
    text: str,
    author: str,
    articles: Mapping[str, Mapping] | None = None,
    editor: str = "",
) -> str:
    """An editorial or author reply to ``parent_id``, approved at once.

    The parent may be an approved comment in the queue or any comment file in git.
    The reply carries the role "author" when ``author`` is one of the article's authors
    in ``articles`` (the build's manifest; the badge), else "editorial": only the
    editors' tools call this.
    """
    if not text.strip() or not author.strip():
        raise ModerationError('A reply needs a text and --author "Name"')
    parent = database.comments.get(parent_id)
    if parent is not None and parent.state != State.APPROVED:
        raise ModerationError(
            f"Comment {parent_id} is {parent.state}; approve it first "
            f"(`invoke comments.approve {parent_id}`), then reply"
        )
    if parent is not None:
        article = parent.article
    else:
        files = comment_files(folder) if folder else {}
        found = [path for (_slug, name), path in files.items() if name == parent_id]
        if not found:
            raise ModerationError(f"There is no comment {parent_id}; see `invoke comments.list`")
        article = found[0].parent.name
    comment_id = database.comments.add(
        NewComment(
            article=article,
            author=" ".join(author.split()),
            text=text.strip(),
            reply_to=parent_id,
            state=State.APPROVED,
            source="reply",
            role="author"
            if same_person(author, (articles or {}).get(article, {}).get("authors", ()))
            else "editorial",
        )
    )
    database.journal.record(comment_id, editor or author, "reply", f"to {parent_id}")
    return comment_id


@dataclass(frozen=True)
class ExportResult:
    written: tuple[Path, ...]  # new or changed files
    removed: tuple[Path, ...]  # files of comments no longer approved
    unchanged: int


def export_approved(database: Database, folder: Path, timezone: str) -> ExportResult:
    """Make ``folder`` (content/comments/) match the queue; idempotent and deterministic."""
    rows = database.comments.rows()
    files = comment_files(folder)
    gone = [
        row
        for row in rows
        if row.state != State.APPROVED and row.exported_path and (row.article, row.id) in files
    ]
    approved = [row for row in rows if row.state == State.APPROVED]
    published = (set(files) - {(r.article, r.id) for r in gone}) | {
        (row.article, row.id) for row in approved
    }
    parents = {row.id: row.reply_to for row in rows}

    written, unchanged = [], 0
    for row in sorted(approved, key=lambda r: (r.created, r.id)):
        parent = published_parent(row.article, row.reply_to, published, parents)
        target = folder / row.article / f"{row.id}.md"
        if write_text(target, comment_file(row, timezone, parent)):
            written.append(target)
        else:
            unchanged += 1
        relative = target.relative_to(folder).as_posix()
        if row.exported_path != relative:
            database.comments.mark_exported(row.id, relative)
    removal = remove_comments(folder, [(r.article, r.id) for r in gone], parents, published)
    for row in gone:
        database.comments.mark_exported(row.id, "")
    return ExportResult(tuple(written) + removal.repaired, removal.removed, unchanged)


def erase(database: Database, email: str, folder: Path) -> tuple[list[Row], list[Path]]:
    """Delete every comment of the person with ``email``: queue rows and files in git.

    Replies of other people stay and move up to the erased comment's parent (the
    orphaned-reply rule of ``comments.files``).
    """
    if "@" not in email:
        raise ModerationError(f'--email is "{email}"; expected an e-mail address')
    rows = database.comments.delete_by_email(email)
    erased = {row.id: row.reply_to for row in rows}

    def survivor(comment_id: str) -> str:
        while comment_id in erased:
            comment_id = erased[comment_id]
        return comment_id

    for comment_id in erased:
        database.comments.reparent(comment_id, survivor(comment_id))
    approved = database.comments.rows([State.APPROVED])
    removal = remove_comments(
        folder,
        [(row.article, row.id) for row in rows],
        erased,
        {(row.article, row.id) for row in approved},
    )
    return rows, list(removal.removed)


@dataclass(frozen=True)
class ImportSummary:
    added: Mapping[str, int]  # new rows in the queue by state
    already: int  # imported before
    export: ExportResult
    unmatched: int
    skipped: tuple[str, ...]


def queued(item: "Imported", exported_path: str = "") -> NewComment:
    """An imported comment as the queue keeps it, in its old state (a website only when
    it is a web address); ``exported_path`` when the importer writes its file itself."""
    return NewComment(
        article=item.article,
        author=" ".join(item.author.split()),
        text=item.text,
        email=item.email,
        website=item.website if item.website.startswith(("http://", "https://")) else "",
        reply_to=item.reply_to,
        kind=item.kind,
        state=item.state,
        spam_reasons=("marked as spam in the old system",) if item.state == State.SPAM else (),
        source="import",
        created=item.created,
        id=item.id,
        role=item.role,
        exported_path=exported_path,
    )


def import_comments(
    database: Database, result: "ImportResult", folder: Path, timezone: str
) -> ImportSummary:
    """Every matched comment into the queue in its old state, then the approved ones into
    git by the ordinary export; a second run finds every id taken and changes nothing.

    Approved comments are kept in the queue as well, with the e-mail address from the
    export, so that `invoke comments.erase` finds them like any other.
    """
    added = {state.value: 0 for state in State}
    already = 0
    for item in sorted(result.comments, key=lambda c: (c.created, c.id)):
        try:
            database.comments.add(queued(item))
        except DuplicateKey:
            already += 1
            continue
        added[str(item.state)] += 1
    exported = export_approved(database, folder, timezone)
    return ImportSummary(added, already, exported, len(result.unmatched), result.skipped)


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
