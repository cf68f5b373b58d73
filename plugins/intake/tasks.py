"""`invoke comments.*`: the intake service and the editorial team's moderation tools.

Settings come from pelicanconf.py (or --settings), with COMMENTS_* environment
variables laid over them, the same way the production intake reads them. Relative
paths in them (the queue, the manifest, the theme) are relative to the project, the
folder of the settings file.
"""

import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Collection, task

from intake.workspace import SETTINGS_HELP, Workspace, shell_user
from newsroom.report import count_noun
from publishing.cli import refusing
from publishing.project import Refused

IDS_HELP = "comment ids, several separated by commas: 12,15"


def _ids(given: str | list[str] | tuple[str, ...]) -> list[str]:
    """The ids of ``--ids 12,15`` (or of a list, when a task is called from Python)."""
    parts = [given] if isinstance(given, str) else list(given)
    return [one for part in parts for one in re.split(r"[,\s]+", part) if one]


def _mention_note(row, check) -> str:
    """Where a mention (Webmention, pingback) comes from and how its last check went."""
    note = f"    {check.protocol} from {row.website}: {check.status} ({check.checked[:16]})"
    if check.status == "gone":
        note += f"; {check.reason} `invoke comments.reject {row.id}` removes it"
    return note


@task(
    name="list",
    iterable=["state"],
    help={
        "state": "only this state: pending, approved, rejected, spam (repeatable)",
        "article": "only this article slug",
        "search": "only comments whose text or author contains this",
        "settings": SETTINGS_HELP,
    },
)
@refusing
def list_(c, settings="", state=None, article="", search=""):
    """List the queue: pending comments first, then the newest."""
    from intake.moderation import ModerationError, states

    project = Workspace(settings)
    database = project.database()
    try:
        rows = database.comments.rows(states(state or []), article, search)
    except ModerationError as error:
        raise Refused(str(error), 2) from None
    checks = database.mentions.latest_by_comment()
    zone = ZoneInfo(project.timezone)
    for row in rows:
        excerpt = " ".join(row.text.split())[:60]
        flags = f" [{'; '.join(row.spam_reasons)}]" if row.spam_reasons else ""
        reply = f" ↳{row.reply_to}" if row.reply_to else ""
        local = datetime.fromisoformat(row.created).astimezone(zone)
        print(
            f"{row.id}  {row.state:<8} {local:%Y-%m-%d %H:%M}  {row.article}"
            f"{reply}  {row.author}: {excerpt}{flags}"
        )
        if row.id in checks:
            print(_mention_note(row, checks[row.id]))
    pending = sum(row.state == "pending" for row in rows)
    print(f"{count_noun(len(rows), 'comment')}, {pending} pending")


@task(help={"settings": SETTINGS_HELP})
@refusing
def show(c, id, settings=""):
    """Show one comment in full (with the e-mail address, for the editors only)."""
    project = Workspace(settings)
    database = project.database()
    zone = ZoneInfo(project.timezone)  # as comments.list and the moderation page show them
    row = database.comments.get(id)
    if row is None:
        raise Refused(f"There is no comment {id}; see `invoke comments.list`", 2)
    for name, value in row.__dict__.items():
        if name != "text":
            shown = "; ".join(value) if isinstance(value, tuple) else value
            if name == "created" and value:
                shown = f"{datetime.fromisoformat(value).astimezone(zone):%Y-%m-%d %H:%M:%S %Z}"
            print(f"{name:>14}: {shown}")
    check = database.mentions.latest_by_comment().get(row.id)
    if check is not None:
        print(_mention_note(row, check))
    for entry in database.journal.actions(id):
        detail = f" ({entry.detail})" if entry.detail else ""
        when = _local(entry.created, zone)
        print(f"{'history':>14}: {when}  {entry.editor}: {entry.action}{detail}")
    print()
    print(row.text)


def _local(moment: str, zone: ZoneInfo) -> str:
    """A stored UTC moment ("2026-12-07 08:59:06" or ISO) in the site's time zone."""
    when = datetime.fromisoformat(moment.replace(" ", "T"))
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return f"{when.astimezone(zone):%Y-%m-%d %H:%M:%S %Z}"


def _change(ids, state, reason="", settings="") -> None:
    ids = _ids(ids)
    if not ids:
        raise Refused("Name at least one comment id; see `invoke comments.list`", 2)
    database = Workspace(settings).database()
    # All or nothing: a mistyped id refuses the command before any comment changes.
    rows = {i: database.comments.get(i) for i in ids}
    unknown = [i for i, row in rows.items() if row is None]
    if unknown:
        raise Refused(f"No such comment: {', '.join(unknown)}; see `invoke comments.list`", 2)
    # A comment that is so already (with the same reason) is not changed again: its
    # history keeps one line per decision, and the command can be repeated safely.
    already = [i for i, row in rows.items() if row.state == state and row.reject_reason == reason]
    for comment_id in already:
        print(f"{comment_id}: already {state}")
    wanted = [i for i in ids if i not in already]
    changed = database.comments.set_state(wanted, state, reason) if wanted else []
    action = {"approved": "approve", "rejected": "reject", "spam": "spam"}[str(state)]
    for comment_id in changed:
        database.journal.record(comment_id, shell_user(), action, reason)
        print(f"{comment_id}: {state}")
    missing = [i for i in wanted if i not in changed]
    if missing:
        raise Refused(f"No such comment: {', '.join(missing)}; see `invoke comments.list`", 2)


@task(help={"ids": IDS_HELP, "settings": SETTINGS_HELP})
@refusing
def approve(c, ids, settings=""):
    """Approve comments by id; `invoke comments.export` then writes them into git."""
    from comments.model import State

    _change(ids, State.APPROVED, settings=settings)
    print("Next: `invoke comments.export`, commit content/comments/, build.")


@task(
    help={"ids": IDS_HELP, "reason": "why (kept in the queue)", "settings": SETTINGS_HELP},
)
@refusing
def reject(c, ids, reason="", settings=""):
    """Reject comments by id; they stay in the queue with the reason."""
    from comments.model import State

    _change(ids, State.REJECTED, reason, settings)


@task(help={"ids": IDS_HELP, "settings": SETTINGS_HELP})
@refusing
def spam(c, ids, settings=""):
    """Mark comments as spam by id."""
    from comments.model import State

    _change(ids, State.SPAM, "marked as spam by the editorial team", settings)


@task(
    help={
        "author": "who replies: an author of the article gets the badge, others reply "
        "for the editorial team",
        "settings": SETTINGS_HELP,
    }
)
@refusing
def reply(c, id, text, author, settings=""):
    """Reply to a published comment: `invoke comments.reply ID "Text" --author NAME`."""
    from intake.moderation import ModerationError
    from intake.moderation import reply as make_reply

    project = Workspace(settings)
    if not project.articles():
        print(f"Note: {project.comments.manifest_path} is missing; build the site first.")
    try:
        comment_id = make_reply(
            project.database(),
            project.folder,
            id,
            text,
            author,
            project.articles(),
            editor=shell_user(),
        )
    except ModerationError as error:
        raise Refused(str(error), 2) from None
    print(f"{comment_id}: approved reply to {id}; `invoke comments.export` writes it into git")


@task(help={"email": "the person's e-mail address", "settings": SETTINGS_HELP})
@refusing
def erase(c, email, settings=""):
    """Delete a person's comments (queue and content/comments/) and subscriptions."""
    from intake.moderation import ModerationError, forget_reader
    from intake.moderation import erase as erase_all

    project = Workspace(settings)
    database = project.database()
    try:
        rows, removed = erase_all(database, email, project.folder)
    except ModerationError as error:
        raise Refused(str(error), 2) from None
    traces = forget_reader(database, email)
    files = count_noun(len(removed), "file")
    print(
        f"Deleted {count_noun(len(rows), 'comment')} from the queue and {files}"
        + (":" if removed else ".")
    )
    for path in removed:
        print(f"  {project.shown(path)}")
    print(
        f"Newsletter: {'unsubscribed' if traces.newsletter else 'not subscribed'}; "
        f"{count_noun(traces.reply_notifications, 'reply notification')} ended; "
        f"the address removed from {count_noun(traces.reports, 'report')}"
    )
    if removed:
        print("Commit the deletion; the comments stay in older commits of the history.")


@task(
    help={
        "format": "csv or json: the moderation report instead of the files",
        "output": "write the report to this file instead of the terminal",
        "settings": SETTINGS_HELP,
    }
)
@refusing
def export(c, format="", output="", settings=""):
    """Write approved comments into content/comments/ (or --format csv|json: a report)."""
    from intake.moderation import export_approved
    from intake.report import report

    if (format or output) and format not in ("csv", "json"):  # before the queue is opened
        raise Refused(f'--format is "{format}"; expected csv or json', 2)
    project = Workspace(settings)
    database = project.database()
    if format or output:
        text = report(database.comments.rows(), format, project.timezone)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            print(f"Report of {len(database.comments.rows())} comments written to {output}")
        else:
            sys.stdout.write(text)
        return
    result = export_approved(database, project.folder, project.timezone)
    for path in result.written:
        print(f"  written: {project.shown(path)}")
    for path in result.removed:
        print(f"  removed: {project.shown(path)}")
    written = count_noun(len(result.written), "comment file")
    print(f"{written} written, {len(result.removed)} removed, {result.unchanged} unchanged")


@task(
    name="import",
    help={
        "kind": "wordpress or disqus",
        "path": "the export file (XML)",
        "map": "CSV file: old URL or old slug, our slug (one pair a line) for posts that moved",
        "settings": SETTINGS_HELP,
    },
)
@refusing
def import_(c, kind, path, map="", settings=""):
    """Import a WordPress (WXR) or Disqus export: `invoke comments.import wordpress FILE`."""
    from intake.importers import ImportFormatError, article_names, read_export, read_map
    from intake.moderation import import_comments
    from intake.report import write_unmatched

    if kind not in ("wordpress", "disqus"):
        raise Refused(f'The format is "{kind}"; expected wordpress or disqus', 2)
    project = Workspace(settings)
    pelican = project.pelican
    articles = article_names(
        Path(pelican["PATH"]), {*pelican["ARTICLE_EXCLUDES"], *pelican["PAGE_PATHS"]}
    )
    try:
        aliases = read_map(Path(map), articles) if map else {}
        result = read_export(Path(path), kind, articles, project.timezone, aliases)
    except ImportFormatError as error:
        raise Refused(str(error), 2) from None
    # An import may fill a new queue.
    summary = import_comments(
        project.database(create=True), result, project.folder, project.timezone
    )
    added = summary.added
    print(
        f"{count_noun(len(result.comments), 'comment')} matched: {added['approved']} approved, "
        f"{added['pending']} pending and {added['spam']} spam added to the queue, "
        f"{summary.already} imported before"
    )
    print(
        f"{len(summary.export.written)} comment files written to {project.shown(project.folder)}/"
    )
    for note in summary.skipped:
        print(f"  skipped: {note}")
    if result.unmatched:
        report = project.root / "var" / f"import-{kind}-unmatched.json"
        write_unmatched(report, result.unmatched)
        unmatched = count_noun(len(result.unmatched), "comment")
        print(
            f"{unmatched} matched no article and were not imported "
            f"(listed in {project.shown(report)}):"
        )
        for item in result.unmatched:
            print(f"  {item.id}  {item.source_url or item.source_title}  {item.author}")
        print("Map their posts to our slugs with --map FILE and import again.")
        raise Refused("", 1)


@task(
    help={
        "file": "the copy to write (default: backups/comments-<UTC time>.sqlite3 beside the queue)",
        "settings": SETTINGS_HELP,
    }
)
@refusing
def backup(c, file="", settings=""):
    """Copy the queue, also while the intake runs (SQLite's online backup), and check it."""
    from intake.backup import BackupError, default_backup_path
    from intake.backup import backup as copy_queue

    project = Workspace(settings)
    queue = queue_file(project, "backup")
    target = Path(file) if file else default_backup_path(queue)
    try:
        found = copy_queue(queue, target)
    except BackupError as error:
        raise Refused(str(error), 1) from None
    print(f"{project.shown(target)}: {found}; SQLite's integrity check: ok")
    print("It holds e-mail addresses: keep it as private as the queue.")


@task(
    help={
        "file": "the backup to restore",
        "bring_back_deleted": "keep what the queue had deleted since the backup (erasures, "
        "unsubscribes): only to undo a deletion made by mistake",
        "damaged": "the queue fails its integrity check: move it aside as it is and restore "
        "into a new one (stop the intake first)",
        "settings": SETTINGS_HELP,
    }
)
@refusing
def restore(c, file, bring_back_deleted=False, damaged=False, settings=""):
    """Replace the queue with a checked backup (also while the intake runs); the old one is kept."""
    from intake.backup import BackupError
    from intake.backup import restore as restore_queue

    project = Workspace(settings)
    queue = queue_file(project, "restore")
    try:
        done = restore_queue(
            Path(file), queue, bring_back_deleted=bring_back_deleted, damaged=damaged
        )
    except BackupError as error:
        raise Refused(str(error), 1) from None
    print(f"Restored {file} into {project.shown(queue)}: {done.restored}.")
    if done.damage:
        print(
            f"The damaged queue (SQLite's integrity check: {done.damage}) is kept as it was "
            f"in {project.shown(done.kept)}."
        )
    elif done.kept is None:
        print("There was no queue before.")
    else:
        print(f"It replaced {done.replaced}; that queue is kept in {project.shown(done.kept)}.")
    if done.deleted_again is None:
        # GDPR Art. 17: what a reader had erased must not come back from a backup.
        print(
            "WARNING: there was no queue of the backup's own to compare with (none, "
            "another one or a damaged one), so erasures, unsubscribes and comments readers "
            "deleted after the backup was made are back in the queue. Erase them again "
            "now: `invoke comments.erase --email ADDRESS` for every erasure request "
            "answered since then (docs/operations.md, Backups)."
        )
    elif bring_back_deleted:
        print(
            "WARNING: --bring-back-deleted: what the queue had deleted since the backup "
            "(erasures, unsubscribes) is back; erase again whatever a reader asked to be erased."
        )
    else:
        print(f"Deleted again what the queue had deleted since the backup: {done.deletions()}.")


def queue_file(project: Workspace, task: str) -> Path:
    """The queue's file for a task that copies files; a refusal for a server's queue."""
    if project.comments.database_url:
        raise Refused(
            f"comments.{task} copies a queue file, and this queue is on a database server "
            f"({project.queue_location}): use PostgreSQL's own pg_dump and pg_restore "
            "(docs/operations.md, More than one host)",
            2,
        )
    return Path(project.comments.db_path)


from intake.loop_tasks import editor, editors, serve, sync_  # noqa: E402 (the loop's tasks)
from intake.queue_tasks import copy_queue_  # noqa: E402

comments = Collection("comments")
for command in (
    serve,
    list_,
    show,
    approve,
    reject,
    spam,
    reply,
    erase,
    export,
    import_,
    editor,
    editors,
    sync_,
    backup,
    restore,
    copy_queue_,
):
    comments.add_task(command)
