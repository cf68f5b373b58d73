"""`invoke comments.*`: the intake service and the editorial team's moderation tools.

Settings come from pelicanconf.py (or --settings), with COMMENTS_* environment
variables laid over them, the same way the production intake reads them.
"""

import json
import sys
from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parents[2]


def _settings(settings_file: str = ""):
    from pelican.settings import read_settings

    from comments.settings import from_environment, from_pelican

    path = ROOT / (settings_file or "pelicanconf.py")
    pelican = read_settings(str(path))
    return from_environment(base=from_pelican(pelican)), pelican


def _store(comments):
    from comments.store import Store

    return Store(
        ROOT / comments.db_path if not Path(comments.db_path).is_absolute() else comments.db_path
    )


def _folder(pelican, comments) -> Path:
    return Path(pelican["PATH"]) / comments.path


@task(help={"port": "port of the intake (default 8090)", "settings": "settings file"})
def serve(c, port=8090, settings=""):
    """Run the comment intake locally at http://localhost:8090/ (waitress)."""
    from waitress import serve as waitress_serve

    from comments.intake import create_app

    comments, _pelican = _settings(settings)
    print(
        f"Comment intake for {comments.site_url} on http://localhost:{port}/ "
        f"(queue: {comments.db_path}); Ctrl+C stops it"
    )
    waitress_serve(create_app(comments), host="127.0.0.1", port=int(port), threads=8)


@task(
    name="list",
    iterable=["state"],
    help={
        "state": "only these states (repeatable)",
        "article": "only this article slug",
        "search": "text search",
        "settings": "settings file",
    },
)
def list_(c, state=None, article="", search="", settings=""):
    """List comments in the queue: pending first, then the newest."""
    from comments.moderation import ModerationError, states

    comments, _pelican = _settings(settings)
    try:
        rows = _store(comments).rows(states(state or []), article, search)
    except ModerationError as error:
        raise Exit(str(error), code=2) from None
    for row in rows:
        excerpt = " ".join(row.text.split())[:60]
        flags = f" [{'; '.join(row.spam_reasons)}]" if row.spam_reasons else ""
        print(
            f"{row.id}  {row.state:<8} {row.created[:16]}  {row.article}  "
            f"{row.author}: {excerpt}{flags}"
        )
    print(f"{len(rows)} comments")


@task(help={"settings": "settings file"})
def show(c, id, settings=""):
    """Show one comment in full."""
    comments, _pelican = _settings(settings)
    row = _store(comments).get(id)
    if row is None:
        raise Exit(f"There is no comment {id}; see `invoke comments.list`", code=2)
    for name, value in row.__dict__.items():
        if name != "text":
            print(f"{name:>14}: {value}")
    print()
    print(row.text)


def _change(ids, state, reason="", settings=""):
    comments, _pelican = _settings(settings)
    changed = _store(comments).set_state(ids, state, reason)
    missing = [i for i in ids if i not in changed]
    for comment_id in changed:
        print(f"{comment_id}: {state}")
    if missing:
        raise Exit(f"No such comment: {', '.join(missing)}", code=2)


@task(positional=["ids"], iterable=["ids"], help={"settings": "settings file"})
def approve(c, ids, settings=""):
    """Approve comments (then `invoke comments.export` writes them into git)."""
    from comments.model import State

    _change(ids, State.APPROVED, settings=settings)


@task(
    positional=["ids"],
    iterable=["ids"],
    help={"reason": "why (kept in the queue)", "settings": "settings file"},
)
def reject(c, ids, reason="", settings=""):
    """Reject comments; they stay in the queue with the reason."""
    from comments.model import State

    _change(ids, State.REJECTED, reason, settings)


@task(positional=["ids"], iterable=["ids"], help={"settings": "settings file"})
def spam(c, ids, settings=""):
    """Mark comments as spam."""
    from comments.model import State

    _change(ids, State.SPAM, "marked as spam by the editorial team", settings)


@task(help={"author": "who replies (e.g. the article's author)", "settings": "settings file"})
def reply(c, id, text, author, settings=""):
    """Reply to an approved comment; the reply is approved at once."""
    from comments.moderation import ModerationError
    from comments.moderation import reply as make_reply

    comments, _pelican = _settings(settings)
    try:
        print(make_reply(_store(comments), id, text, author))
    except ModerationError as error:
        raise Exit(str(error), code=2) from None


@task(help={"email": "the person's e-mail address", "settings": "settings file"})
def erase(c, email, settings=""):
    """Delete a person's comments from the queue and from content/comments/."""
    from comments.moderation import erase as erase_all

    comments, pelican = _settings(settings)
    rows, removed = erase_all(_store(comments), email, _folder(pelican, comments))
    print(f"Deleted {len(rows)} comments from the queue and {len(removed)} files:")
    for path in removed:
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


@task(
    help={
        "format": "csv or json: the moderation report instead of files",
        "settings": "settings file",
    }
)
def export(c, format="", settings=""):
    """Write approved comments into content/comments/ (or --format csv|json: a report)."""
    from comments.export import report
    from comments.moderation import export_approved

    comments, pelican = _settings(settings)
    store = _store(comments)
    if format:
        if format not in ("csv", "json"):
            raise Exit(f'--format is "{format}"; expected csv or json', code=2)
        sys.stdout.write(report(store.rows(), format))
        return
    result = export_approved(store, _folder(pelican, comments), pelican["TIMEZONE"])
    for path in result.written:
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(f"{len(result.written)} comment files written, {result.unchanged} unchanged")


@task(name="import", help={"settings": "settings file"})
def import_(c, kind, path, settings=""):
    """Import a WordPress (WXR) or Disqus export: `invoke comments.import wordpress FILE`."""
    from comments.importers import ImportFormatError, read_export
    from comments.moderation import import_comments

    if kind not in ("wordpress", "disqus"):
        raise Exit(f'The format is "{kind}"; expected wordpress or disqus', code=2)
    comments, pelican = _settings(settings)
    articles = _article_aliases(pelican)
    try:
        result = read_export(Path(path), kind, articles)
    except ImportFormatError as error:
        raise Exit(str(error), code=2) from None
    summary = import_comments(
        _store(comments), result, _folder(pelican, comments), pelican["TIMEZONE"]
    )
    print(
        f"{summary.files} approved comments written to {comments.path}/, {summary.queued} "
        f"pending and {summary.spam} spam into the queue, {summary.already} already there"
    )
    for note in summary.skipped:
        print(f"  skipped: {note}")
    if result.unmatched:
        report = ROOT / "var" / f"import-{kind}-unmatched.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(
            json.dumps(
                [
                    {**item.__dict__, "created": item.created.isoformat()}
                    for item in result.unmatched
                ],
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
        print(
            f"{len(result.unmatched)} comments match no article; they are kept in "
            f"{report.relative_to(ROOT)}:"
        )
        for item in result.unmatched:
            print(f"  {item.id}  {item.source_url or item.source_title}  {item.author}")
        raise Exit(code=1)


def _article_aliases(pelican) -> dict[str, list[str]]:
    """Our article slugs, each with its title's slug, to match old posts by."""
    from newsroom.headers import Kind, check_header, split_source
    from newsroom.slugs import slugify_german

    content = Path(pelican["PATH"])
    excluded = set(pelican["ARTICLE_EXCLUDES"]) | set(pelican["PAGE_PATHS"])
    aliases = {}
    for path in content.rglob("*.md"):
        if path.relative_to(content).parts[0] in excluded:
            continue
        header = check_header(Kind.ARTICLE, str(path), split_source(path.read_text("utf-8")))
        if "title" not in header.values:
            continue
        title = str(header.values["title"])
        slug = str(header.values.get("slug") or slugify_german(title))
        aliases[slug] = [slugify_german(title), path.stem]
    return aliases


comments = Collection("comments")
for command in (serve, list_, show, approve, reject, spam, reply, erase, export, import_):
    comments.add_task(command)
