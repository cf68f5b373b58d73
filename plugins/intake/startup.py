"""What the intake checks before it takes a request: a refusal is one sentence that names
the setting or the file, never a traceback (``intake.wsgi``, `invoke comments.serve`).
"""

import os
import sqlite3
from pathlib import Path

from comments.settings import CommentsSettings
from intake.store import Database

NEW_KEY = 'python3 -c "import secrets; print(secrets.token_urlsafe(32))"'
# The exit status of a refusal: EX_CONFIG of sysexits.h; the systemd unit does not
# restart the service for it (RestartPreventExitStatus=), as trying again cannot help.
EXIT_CONFIG = 78


class StartupError(Exception):
    """The intake cannot start; the message says why in one sentence."""


def check(settings: CommentsSettings, create_folder: bool = False) -> None:
    """Refuse what the intake cannot work with (production: the service's settings)."""
    check_secret_key(settings)
    check_mail_from(settings)
    if not settings.database_url:  # a server's queue: create_app says if it is unreachable
        if settings.db_must_exist:
            check_queue_exists(Path(settings.db_path))
        check_queue(Path(settings.db_path), create_folder)


def check_mail_from(settings: CommentsSettings) -> None:
    """In production with a mail server, the sender must be a real address: relays
    refuse ``kommentare@localhost`` (the default), and every mail (notifications,
    confirmations, the newsletter) would fail one by one, only in the log."""
    domain = settings.mail_from.rpartition("@")[2].lower()
    production = settings.public_url.startswith("https://")
    if production and settings.smtp_host and (domain == "localhost" or "." not in domain):
        raise StartupError(
            f"COMMENTS_MAIL_FROM is {settings.mail_from!r}, and COMMENTS_SMTP_HOST "
            f"({settings.smtp_host}) is set in production: mail servers refuse a sender "
            "without a real domain; set COMMENTS_MAIL_FROM to an address of the site's "
            "domain (e.g. kommentare@blog.hafenlicht.example)"
        )


def check_queue_exists(path: Path) -> None:
    """With replication the queue is restored (or, on the very first start, made) by
    hafenlicht-restore.service before the intake starts. Its absence means that step
    failed or did not run: an empty queue made here would be replicated over the lost
    machine's queue and its old generations deleted by Litestream's retention."""
    if not path.exists():
        raise StartupError(
            f"The comment queue {path} does not exist and COMMENTS_DB_MUST_EXIST is set "
            "(the queue is replicated): the intake does not make a new one, which would "
            "replace the replica; hafenlicht-restore.service restores it from the replica "
            "or makes it when the replica is empty (journalctl -u hafenlicht-restore)"
        )


def check_secret_key(settings: CommentsSettings) -> None:
    """In production (an https public address) the mail links need a key of our own."""
    if settings.public_url.startswith("https://") and not settings.secret_key:
        raise StartupError(
            f"COMMENTS_SECRET_KEY is not set, and COMMENTS_PUBLIC_URL ({settings.public_url}) "
            "says this is production: the moderation links in the mails would be signed "
            "with a key kept in the queue file, so every copy of the queue (a backup) could "
            f"sign links; set it in the environment file to a long random value ({NEW_KEY})"
        )


def check_queue(path: Path, create_folder: bool = False) -> None:
    """Open the queue as the intake does and take its write lock once.

    A missing folder is made only when ``create_folder`` (a checkout's ``var/``); on a
    server it is the state directory, and its absence means a volume is not mounted:
    a fresh queue there would hide the real one.
    """
    folder = path.parent
    if not folder.is_dir() and not create_folder:
        raise StartupError(
            f"The comment queue {path} cannot be opened: its folder {folder} does not "
            "exist (the systemd unit's StateDirectory= makes it; or set COMMENTS_DB_PATH)"
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise StartupError(
            f"The comment queue {path} is read-only for this process (user id "
            f"{os.geteuid()}); the intake must write the file and its folder, where SQLite "
            "keeps its -wal and -shm files"
        )
    try:
        database = Database(path)
        with database.transaction():
            pass  # the write lock, taken and given back
    except (sqlite3.Error, OSError) as error:
        raise StartupError(
            f"The comment queue {path} cannot be written ({error}); the intake must write "
            "the file and its folder, where SQLite keeps its -wal and -shm files"
        ) from None


def make_first_queue(path: Path) -> str:
    """The restore step's second half: after ``litestream restore -if-db-not-exists
    -if-replica-exists`` succeeded, a queue still missing means the replica was reached
    and holds none (the very first start): the empty queue is made here, so that the
    intake (``COMMENTS_DB_MUST_EXIST``) never has to. Returns what was done."""
    if path.exists():
        return f"The comment queue {path} is there (restored from the replica or kept)."
    Database(path).close()  # 0600, as every queue file the store makes
    return f"The replica holds no queue: made a new empty comment queue {path} (first start)."


if __name__ == "__main__":  # python -m intake.startup --make-first-queue PATH (the unit)
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m intake.startup")
    parser.add_argument("--make-first-queue", type=Path, required=True, metavar="PATH")
    sys.stdout.write(make_first_queue(parser.parse_args().make_first_queue) + "\n")
