"""The comment file: the one home for writing ``content/comments/<article>/<id>.md``.

The intake's export (``intake.moderation.export_approved``) and the sync client
(``intake.sync.apply``) both write and remove comment files here, with one rule for the
replies a removal leaves behind. The file name is the comment's id (given once, at
intake); the header follows the content contract (Author, Date, Website, Reply-To, Kind,
Role), is written by ``newsroom.header_writer`` and read back by ``newsroom.headers``, and
never holds an e-mail address. Writing a file that holds the same bytes already changes
nothing, so an export or a sync run twice leaves git clean.

**The orphaned-reply rule.** A reply whose parent is no longer published (rejected or
marked as spam after its export, erased, or removed by a sync) moves up to its nearest
ancestor that is still published, and becomes a top-level comment only when none is
left. It keeps the reply in the conversation it answered (a reply to a reply stays under
the first comment), which is also what erasing a person's comments has always done; the
build would stop on a Reply-To naming a missing comment.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from comments.model import CommentKind
from newsroom.files import write_atomically
from newsroom.header_writer import write_content
from newsroom.headers import Kind, split_source
from newsroom.slugs import is_valid_slug

# A comment id: a file name of its own in any file system, never a path.
COMMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
ID_EXPECTATION = (
    "expected a comment id of letters, digits, - and _ (at most 64), such as 20240213-143105-4f1a2c"
)

Key = tuple[str, str]  # (article slug, comment id)


class Publishable(Protocol):
    """What a comment file is written from: a queue row or a record of the sync."""

    id: str
    article: str
    author: str
    created: str  # ISO 8601 with offset
    website: str
    reply_to: str
    kind: str
    role: str
    text: str


class UnsafeName(ValueError):
    """An article slug or comment id that would name a file outside its folder."""


def checked_key(article: str, comment_id: str) -> Key:
    """``(article, comment_id)`` when both are names of one folder level; else UnsafeName.

    The sync writes what the intake answers: an answer naming "../../evil" must not
    reach a file outside content/comments/.
    """
    if not is_valid_slug(article):
        raise UnsafeName(f'article "{article}": expected an article slug (a-z, 0-9, -)')
    if not COMMENT_ID.match(comment_id):
        raise UnsafeName(f'id "{comment_id}": {ID_EXPECTATION}')
    return article, comment_id


def path_of(folder: Path, key: Key) -> Path:
    article, comment_id = checked_key(*key)
    return folder / article / f"{comment_id}.md"


def comment_file(comment: Publishable, timezone: str, reply_to: str | None = None) -> str:
    """The Markdown file of an approved comment; ``reply_to`` overrides the comment's
    parent (when that one is not published)."""
    local = datetime.fromisoformat(comment.created).astimezone(ZoneInfo(timezone))
    parent = comment.reply_to if reply_to is None else reply_to
    header = {
        "Author": comment.author,
        "Date": local.isoformat(timespec="minutes"),
        "Website": comment.website or None,
        "Reply-To": parent or None,
        "Kind": comment.kind if comment.kind != CommentKind.COMMENT else None,
        "Role": comment.role or None,  # only the editors' tools set it
    }
    return write_content(Kind.COMMENT, header, comment.text.strip().replace("\r\n", "\n"))


def write_text(target: Path, text: str) -> bool:
    """Write ``text`` atomically unless the file holds it already; whether it changed."""
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    # Two exports (or a sync beside an export) never share a temporary file.
    write_atomically(target, text.encode("utf-8"), durable=True)
    return True


def comment_files(folder: Path) -> dict[Key, Path]:
    """The comment files in git, by (article slug, comment id)."""
    return {(path.parent.name, path.stem): path for path in sorted(folder.glob("*/*.md"))}


def reply_to_of(text: str) -> str:
    """The Reply-To value in the header of a comment file ("" when there is none)."""
    for line in split_source(text).header:
        if line.key.lower() == "reply-to":
            return line.value
    return ""


def set_reply_to(text: str, parent: str) -> str:
    """``text`` of a comment file with its Reply-To naming ``parent`` (or without one).

    Only the header is touched (as ``newsroom.headers`` reads it), so a body line that
    happens to start with "Reply-To:" stays as it is.
    """
    source = split_source(text)
    lines = text.split("\n")
    for item in source.header:
        if item.key.lower() == "reply-to":
            index = item.line - 1
            if parent:
                lines[index] = f"Reply-To: {parent}"
            else:
                del lines[index]
            break
    else:
        if parent:  # a new Reply-To after the last header line
            lines.insert(source.header[-1].line if source.header else 0, f"Reply-To: {parent}")
    return "\n".join(lines)


def published_parent(
    article: str, parent: str, published: set[Key], parents: Mapping[str, str]
) -> str:
    """The orphaned-reply rule: ``parent`` when it is published, else its nearest
    published ancestor (by ``parents``, id -> parent id), else ""."""
    seen = set()
    while parent and (article, parent) not in published and parent not in seen:
        seen.add(parent)
        parent = parents.get(parent, "")
    return parent if (article, parent) in published else ""


@dataclass(frozen=True)
class Removal:
    removed: tuple[Path, ...]  # files deleted
    repaired: tuple[Path, ...]  # replies that moved up to a published ancestor


def remove_comments(
    folder: Path,
    gone: Iterable[Key],
    parents: Mapping[str, str] | None = None,
    also_published: Iterable[Key] = (),
) -> Removal:
    """Delete the files of ``gone`` and move the replies they leave behind up to their
    nearest published ancestor (the orphaned-reply rule).

    ``parents`` (id -> parent id) is what the caller knows of the thread (the queue); a
    deleted file's own Reply-To fills in the rest, so the sync, which knows no queue,
    follows the same rule as the export. ``also_published`` are comments about to be
    written that have no file yet.
    """
    files = comment_files(folder)
    chain = dict(parents or {})
    gone_keys = {checked_key(*key) for key in gone}
    removed = []
    for key in sorted(gone_keys):
        path = files.pop(key, None)
        if path is None:
            continue
        chain.setdefault(key[1], reply_to_of(path.read_text(encoding="utf-8")))
        path.unlink()
        removed.append(path)
    published = set(files) | set(also_published)
    repaired = []
    for (article, _comment_id), path in files.items():
        if article not in {key[0] for key in gone_keys}:
            continue
        text = path.read_text(encoding="utf-8")
        parent = reply_to_of(text)
        if parent and (article, parent) not in published:
            new_parent = published_parent(article, parent, published, chain)
            if write_text(path, set_reply_to(text, new_parent)):
                repaired.append(path)
    return Removal(tuple(removed), tuple(repaired))
