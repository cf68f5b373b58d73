"""The tasks of the loop: `invoke comments.serve` (the intake, locally),
`invoke comments.editor` (the accounts of the moderation page),
`invoke comments.sync` (approved comments from the intake into git, as the workflow
does) and `invoke mentions.verify` (the queued mentions, when the intake runs no worker)."""

import os
import subprocess
import sys
from pathlib import Path

from invoke import task

from intake.workspace import SETTINGS_HELP, Workspace
from newsroom.report import count_noun
from publishing.cli import refusing
from publishing.project import Refused


@task(
    help={
        "port": "port of the intake (default 8090)",
        "host": "address to listen on (default 127.0.0.1)",
        "settings": SETTINGS_HELP,
    }
)
@refusing
def serve(c, port=8090, host="127.0.0.1", settings=""):
    """Run the comment intake locally at http://localhost:8090/ (waitress)."""
    import logging

    from waitress import serve as waitress_serve

    from intake.app import create_app
    from intake.ci_trigger import ConfigurationError
    from intake.startup import StartupError, check
    from readers.settings import from_environment as readers_from_environment
    from readers.settings import from_pelican as readers_from_pelican

    project = Workspace(settings)
    comments = project.comments
    try:
        check(comments, create_folder=True)
    except StartupError as refusal:
        raise Refused(str(refusal), 2) from None
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if not Path(comments.manifest_path).is_file():
        print(f"Note: {comments.manifest_path} is missing; run `invoke build` first.")
    print(
        f"Comment intake on http://{host}:{port}/ for the site at {comments.site_url}\n"
        f"  queue: {project.queue_location}\n"
        f"  moderation: http://{host}:{port}/kommentare/moderation "
        "(an account: `invoke comments.editor add NAME`)\n"
        f"  build the site with COMMENTS_INTAKE_URL=http://{host}:{port}/ to show the form\n"
        "Ctrl+C stops it."
    )
    # Behind a proxy, waitress must be told to trust it, or it drops X-Forwarded-For.
    trusted = (
        {
            "trusted_proxy": "127.0.0.1",
            "trusted_proxy_headers": "x-forwarded-for",
            "trusted_proxy_count": comments.proxies,
        }
        if comments.proxies
        else {}
    )
    # The readers' settings as for `invoke newsletter.*`: the settings file's READERS_*
    # (the Impressum) with the environment's laid over them.
    readers = readers_from_environment(base=readers_from_pelican(project.pelican))
    try:
        app = create_app(comments, proxies=comments.proxies, readers=readers)
    except ConfigurationError as error:
        raise Refused(str(error), 2) from None
    try:
        waitress_serve(
            app,
            host=host,
            port=int(port),
            threads=8,
            **trusted,
        )
    finally:  # Ctrl-C or a stop: the mails being sent still reach the relay
        app.close()


@task(
    positional=["action", "name"],
    help={
        "action": "add (create the account, or set a new password) or remove",
        "name": "the editor's name, as they log in",
        "settings": SETTINGS_HELP,
    },
)
@refusing
def editor(c, action, name, settings=""):
    """An account of the moderation page: `invoke comments.editor add NAME` (or remove).

    `add` reads the password from the terminal (twice) or, for automation, from
    COMMENTS_EDITOR_PASSWORD or one line of standard input (when it is no terminal); a
    new password ends the person's sessions. `remove` deletes
    the account and ends its sessions.
    """
    import getpass

    # The first account may come before the intake's first start made the queue.
    database = Workspace(settings).database(create=action == "add")
    if action == "remove":
        if not database.editors.remove(name):
            raise Refused(f"There is no account {name!r}; see `invoke comments.editors`", 2)
        print(f"{name}: account removed, sessions ended")
        return
    if action != "add":
        raise Refused(f"The action is {action!r}; expected add or remove", 2)
    password = os.environ.get("COMMENTS_EDITOR_PASSWORD")
    if password is None and not sys.stdin.isatty():  # piped in by a set-up script
        password = sys.stdin.readline().rstrip("\r\n")
    elif password is None:
        password = getpass.getpass(f"Password for {name}: ")
        if getpass.getpass("Once more: ") != password:
            raise Refused("The two passwords differ; nothing was changed", 2)
    try:
        created = database.editors.add(name, password)
    except ValueError as error:
        raise Refused(str(error), 2) from None
    print(f"{name}: {'account created' if created else 'new password set, sessions ended'}")


@task(help={"settings": SETTINGS_HELP})
@refusing
def editors(c, settings=""):
    """List the accounts of the moderation page."""
    for known in Workspace(settings).database().editors.names():
        print(known)


@task(
    name="sync",
    help={
        "from": "the intake's address, e.g. https://blog.hafenlicht.example",
        "commit": "commit content/comments/ when something changed (as the workflow does)",
        "settings": SETTINGS_HELP,
    },
)
@refusing
def sync_(c, from_="", commit=False, settings=""):
    """Pull approved comments from the intake into content/comments/ and say what changed.

    The intake's token comes from COMMENTS_SYNC_TOKEN.
    """
    from intake.sync import SyncError, apply, fetch

    project = Workspace(settings)
    token = project.comments.sync_token  # COMMENTS_SYNC_TOKEN, laid over the settings file
    if not from_ or not token:
        raise Refused("Give --from URL and the token in COMMENTS_SYNC_TOKEN", 2)
    try:
        result = apply(fetch(from_, token), project.folder, project.timezone)
    except SyncError as error:
        raise Refused(str(error), 2) from None
    lines = [f"{label}: {project.shown(path)}" for label, path in _listed(result)]
    for line in lines:
        print(f"  {line}")
    summary = (
        f"{count_noun(len(result.added), 'comment')} added, {len(result.changed)} changed, "
        f"{len(result.removed)} removed"
    )
    print(f"{summary} (cursor {result.cursor})")
    if commit and lines:
        _commit(project, f"Comments from the intake: {summary}", lines)


def _listed(result):
    for label, paths in (
        ("added", result.added),
        ("changed", result.changed),
        ("removed", result.removed),
    ):
        for path in paths:
            yield label, path


def _commit(project: Workspace, subject: str, lines: list[str]) -> None:
    """One commit of content/comments/ whose message lists the comments."""
    folder = str(project.folder)
    git = ["git", "-C", str(project.root)]
    subprocess.run([*git, "add", "--all", "--", folder], check=True)
    staged = subprocess.run([*git, "diff", "--cached", "--quiet", "--", folder], check=False)
    if staged.returncode == 0:
        print("Nothing to commit.")
        return
    message = subject + "\n\n" + "\n".join(f"- {line}" for line in lines) + "\n"
    subprocess.run([*git, "commit", "--quiet", "-m", message, "--", folder], check=True)
    head = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"Committed {head}: {subject}")


@task(help={"settings": SETTINGS_HELP})
@refusing
def verify(c, settings=""):
    """Verify the queued Webmentions and pingbacks (when the intake runs no worker)."""
    from intake.manifest import open_manifest
    from intake.verify_mentions import Verifier
    from mentions.fetcher import Fetcher

    workspace = Workspace(settings)
    comments = workspace.comments
    fetcher = Fetcher(workspace.mentions(), comments.site_url)
    articles = open_manifest(comments).articles
    done = Verifier(workspace.database(), comments, fetcher, articles).verify_all()
    for request, outcome in done:
        print(f"  {request.source} -> {request.target}: {outcome.status}. {outcome.reason}")
    print(f"{count_noun(len(done), 'mention')} verified")
