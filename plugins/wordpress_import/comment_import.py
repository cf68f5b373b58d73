"""The comments of the imported posts, from the same pass over the export as the posts.

Each post's comments come with it (``model.Item.comments``), so the article they belong
to is known, not guessed. Approved comments become files in ``content/comments/<slug>/``
(staged with every other file, written by the comment plugin's own ``comment_file``);
every comment also goes into the moderation queue in its old state, all of them in one
transaction when the import commits (``Queue.add_all``). A comment on anything that is no
imported article (a page, a skipped post) is listed, not lost silently.
"""

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from comments.files import comment_file
from comments.model import State
from intake.importers import WP_GONE, Imported, ImportFormatError, wordpress_comment
from intake.moderation import queued
from intake.store import Database, NewComment, QueueUnavailable, Row, is_server_address
from intake.store.comments import timestamp
from wordpress_import.model import Comment, Item
from wordpress_import.plan import Entry
from wordpress_import.spool import RecordSpool


@dataclass
class Comments:
    """What the import does with the comments, decided before anything is written."""

    timezone: str
    user_ids: Mapping[str, str]  # WordPress login -> user id (the author badge)
    path: Path  # the export, for messages
    write: Callable[[str, str], object]  # (<slug>/<id>.md, text): an approved comment's file
    rows: RecordSpool = field(default_factory=RecordSpool)  # NewComment for the queue
    states: dict[str, str] = field(default_factory=dict)  # comment id -> state, in order
    unmatched: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    trashed: int = 0  # comments WordPress held in its trash: left out, counted

    def add(
        self,
        item: Item,
        entry: Entry | None,
        comments: Iterable[Comment],
        why: str = "",
        attention: bool = True,
    ) -> None:
        """The comments of one item; ``entry`` is its plan, or None when it was not imported
        (``why``; without ``attention`` its comments count as left out, not as lost)."""
        every = list(comments)
        comments = [c for c in every if c.approved not in WP_GONE]
        self.trashed += len(every) - len(comments)
        if entry is None or entry.kind != "post":
            self._not_imported(item, entry, comments, why, attention)
            return
        fallback = entry.date.astimezone(UTC)
        records: list[Imported] = []
        for comment in comments:
            try:
                record = wordpress_comment(
                    comment, item, self.path, self.timezone, self.user_ids, fallback
                )
            except ImportFormatError:
                record = wordpress_comment(
                    _undated(comment), item, self.path, self.timezone, self.user_ids, fallback
                )
                self.warnings.append(
                    f"comment {comment.id} has an unreadable date; dated like its post "
                    f"(line {comment.line})"
                )
            if not (comment.date_gmt or comment.date).strip("0-: "):
                self.warnings.append(
                    f"comment {comment.id} has no date; dated like its post (line {comment.line})"
                )
            if not comment.author.strip():
                self.warnings.append(
                    f'comment {comment.id} has no author; it is "Anonym" (line {comment.line})'
                )
            assert isinstance(record, Imported)
            records.append(record)
        self._article(entry.slug, records)

    def _not_imported(
        self, item: Item, entry: Entry | None, comments: list[Comment], why: str, attention: bool
    ) -> None:
        """Comments whose post did not come along: listed (lost otherwise), or counted as
        left out with it (a post in the trash)."""
        if entry is None and not attention:
            self.skipped += [
                f"WordPress comment {c.id} is on a post that is {why}" for c in comments
            ]
            return
        reason = "on a page: pages have no comments here" if entry else f"on {why}"
        title = " ".join(item.title.split())
        self.unmatched += [
            {"id": f"wp-{c.id}", "post": title, "url": item.link, "reason": reason}
            for c in comments
        ]

    def _article(self, slug: str, records: list[Imported]) -> None:
        approved = {r.id for r in records if r.state == State.APPROVED}
        parents = {r.id: r.reply_to for r in records}
        for record in sorted(records, key=lambda r: (r.created, r.id)):
            exported = f"{slug}/{record.id}.md" if record.id in approved else ""
            new = queued(replace(record, article=slug), exported)
            self.rows.append(new)
            self.states[new.id] = str(new.state)
            if exported:
                parent = _published_parent(record.reply_to, approved, parents)
                self.write(exported, comment_file(_row(new), self.timezone, parent))


def _undated(comment: Comment) -> Comment:
    return replace(comment, date="", date_gmt="")


def _published_parent(parent: str, approved: set[str], parents: Mapping[str, str]) -> str:
    """``parent`` when it is approved, else its nearest approved ancestor, else "" (the
    rule of the comment plugin's export: a reply never names a comment that is not shown)."""
    seen = set()
    while parent and parent not in approved and parent not in seen:
        seen.add(parent)
        parent = parents.get(parent, "")
    return parent if parent in approved else ""


def _row(new: NewComment) -> Row:
    """The queue row ``new`` becomes (what the comment file is written from)."""
    created = new.created or datetime.now(UTC)
    return Row(
        id=new.id,
        article=new.article,
        reply_to=new.reply_to,
        kind=str(new.kind),
        author=new.author,
        email=new.email,
        website=new.website,
        text=new.text,
        created=timestamp(created),
        state=str(new.state),
        spam_reasons=new.spam_reasons,
        reject_reason="",
        client="",
        exported_path=new.exported_path,
        source=new.source,
        role=new.role,
    )


@dataclass
class Queue:
    """The moderation queue the comments go into."""

    address: Path | str  # its file, or the server of COMMENTS_DATABASE_URL

    def _absent(self) -> bool:
        """No queue yet: a file not made (a server's queue is always there)."""
        return not is_server_address(self.address) and not Path(self.address).exists()

    def existing(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` the queue has already (imported before)."""
        wanted = list(ids)
        if not wanted or self._absent():
            return set()
        found: set[str] = set()
        with Database(self.address) as database, database.connection() as connection:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                query = f"SELECT id FROM comments WHERE id IN ({marks})"
                found.update(row[0] for row in connection.execute(query, chunk))
        return found

    def add_all(self, rows: Iterable[NewComment]) -> None:
        """Every row in one transaction (one commit instead of one per comment)."""
        with Database(self.address) as database, database.transaction() as connection:
            for row in rows:
                assert row.created is not None
                database.comments.insert_in(connection, row.id, row.created, row)

    def remove(self, ids: list[str]) -> None:
        """Take back what ``add_all`` added (a failed or interrupted import)."""
        if self._absent():
            return
        try:
            database = Database(self.address)
        except (sqlite3.Error, QueueUnavailable):
            return
        with database, database.transaction() as connection:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                connection.execute(f"DELETE FROM comments WHERE id IN ({marks})", chunk)
                connection.execute(f"DELETE FROM changes WHERE comment IN ({marks})", chunk)
