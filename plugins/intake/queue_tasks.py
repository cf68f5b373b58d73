"""`invoke comments.copy-queue`: the whole queue copied into another home, a SQLite file
into PostgreSQL when the intake moves to several hosts (or back into a file)."""

from pathlib import Path

from invoke import task

from intake.store import Database, QueueUnavailable, is_server_address
from intake.store.copy import CopyRefused, copy_queue, listing
from intake.workspace import SETTINGS_HELP, Workspace
from publishing.cli import refusing
from publishing.project import Refused


def _open(address: str, must_exist: bool) -> Database:
    """The queue at ``address``; a file is made when ``must_exist`` is false."""
    if must_exist and not is_server_address(address) and not Path(address).is_file():
        raise Refused(f"There is no queue file {address} to copy", 2)
    try:
        return Database(address)
    except QueueUnavailable as error:
        raise Refused(str(error), 1) from None


@task(
    name="copy-queue",
    help={
        "to": "the empty queue to fill: postgresql://USER@HOST:PORT/DATABASE (the password "
        "from ~/.pgpass or PGPASSWORD) or a SQLite file",
        "from": "the queue to copy (default: the one the settings name)",
        "settings": SETTINGS_HELP,
    },
)
@refusing
def copy_queue_(c, to, from_="", settings=""):
    """Copy the whole queue into an empty PostgreSQL database (or file): --to URL."""
    workspace = Workspace(settings)
    source = _open(from_, must_exist=True) if from_ else workspace.database()
    target = _open(to, must_exist=False)
    try:
        copied = copy_queue(source, target)
    except CopyRefused as refused:
        raise Refused(str(refused), 1) from None
    finally:
        target.close()
    print(f"Copied the queue {copied.source} to {copied.target}: {listing(copied.rows)}")
    if is_server_address(to):
        print("Set COMMENTS_DATABASE_URL to it on every intake host and restart them.")
