"""`invoke comments.editor` and `invoke comments.sync`: the accounts of the moderation page,
and pulling approved comments from the intake into git (as the workflow does)."""

import os

from invoke import task

from comments.project import SETTINGS_HELP
from comments.project import Project as _Project
from comments.project import count as _count
from comments.project import fail as _fail


@task(
    help={
        "action": "add (create an account or set a new password) or list",
        "name": "the editor's name, as they log in",
        "settings": SETTINGS_HELP,
    }
)
def editor(c, action, name="", settings=""):
    """Accounts of the moderation page: `invoke comments.editor add NAME` asks for a password.

    The password is read from the terminal (twice), or from COMMENTS_EDITOR_PASSWORD.
    """
    import getpass

    database = _Project(settings).database()
    if action == "list":
        for known in database.editors.names():
            print(known)
        return
    if action != "add" or not name:
        raise _fail("Use `invoke comments.editor add NAME` or `invoke comments.editor list`")
    password = os.environ.get("COMMENTS_EDITOR_PASSWORD")
    if password is None:
        password = getpass.getpass(f"Password for {name}: ")
        if getpass.getpass("Once more: ") != password:
            raise _fail("The two passwords differ; nothing was changed")
    try:
        created = database.editors.add(name, password)
    except ValueError as error:
        raise _fail(str(error)) from None
    print(f"{name}: {'account created' if created else 'new password set, sessions ended'}")


@task(
    name="sync",
    help={
        "from": "the intake's address, e.g. https://blog.hafenlicht.example",
        "settings": SETTINGS_HELP,
    },
)
def sync_(c, from_="", settings=""):
    """Pull approved comments from the intake into content/comments/ (token from
    COMMENTS_SYNC_TOKEN); prints what it added and removed."""
    from comments.sync import SyncError, apply, fetch

    project = _Project(settings)
    token = os.environ.get("COMMENTS_SYNC_TOKEN") or project.comments.sync_token
    if not from_ or not token:
        raise _fail("Give --from URL and the token in COMMENTS_SYNC_TOKEN")
    try:
        result = apply(fetch(from_, token), project.folder, project.timezone)
    except SyncError as error:
        raise _fail(str(error)) from None
    for label, paths in (("added", result.added), ("changed", result.changed)):
        for path in paths:
            print(f"  {label}: {project.shown(path)}")
    for path in result.removed:
        print(f"  removed: {project.shown(path)}")
    print(
        f"{_count(len(result.added), 'comment')} added, {len(result.changed)} changed, "
        f"{len(result.removed)} removed (cursor {result.cursor})"
    )
