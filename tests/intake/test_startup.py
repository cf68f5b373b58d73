"""The intake refuses to start in one sentence that names the setting or the file."""

import os
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from comments.settings import CommentsSettings
from intake.startup import StartupError, check, check_queue, check_secret_key
from intake.store import Database
from tests.comments.conftest import write_manifest

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def test_production_without_a_secret_key_is_refused_and_says_why():
    production = replace(CommentsSettings(), public_url="https://blog.hafenlicht.example")
    with pytest.raises(StartupError) as refused:
        check_secret_key(production)
    message = str(refused.value)
    assert message.startswith("COMMENTS_SECRET_KEY is not set, and COMMENTS_PUBLIC_URL")
    assert "every copy of the queue (a backup) could sign links" in message
    check_secret_key(replace(production, secret_key="x" * 43))
    check_secret_key(CommentsSettings())  # http://localhost: development


def test_production_mail_from_localhost_is_refused_when_mail_is_sent(tmp_path):
    """Relays refuse kommentare@localhost (the default sender): in production with a
    mail server the intake does not start, and says which setting to set."""
    production = replace(
        CommentsSettings(),
        public_url="https://blog.hafenlicht.example",
        secret_key="x" * 43,
        db_path=str(tmp_path / "comments.sqlite3"),
        smtp_host="mail.hafenlicht.example",
    )
    with pytest.raises(StartupError) as refused:
        check(production)
    message = str(refused.value)
    assert message.startswith("COMMENTS_MAIL_FROM is 'kommentare@localhost'")
    assert "mail.hafenlicht.example" in message
    check(replace(production, mail_from="kommentare@blog.hafenlicht.example"))
    check(replace(production, smtp_host=""))  # no mail: no sender needed
    check(replace(production, public_url="http://localhost:8090"))  # development


def test_a_missing_folder_is_refused_on_a_server_and_made_in_a_checkout(tmp_path):
    queue = tmp_path / "nicht-gemountet" / "comments.sqlite3"
    with pytest.raises(StartupError, match=r"its folder .*nicht-gemountet does not exist"):
        check_queue(queue)
    assert not queue.parent.exists()
    check_queue(queue, create_folder=True)
    assert queue.is_file()


def run_as_nobody(function, *args) -> str:
    """What ``function(*args)`` raises (its message), or "" when it returns, run in a
    forked child with another user's rights: root may write any file."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child)
        os.close(reading)
        outcome = ""
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            function(*args)
        except BaseException as error:  # noqa: BLE001 (reported to the parent)
            outcome = f"{type(error).__name__}: {error}"
        os.write(writing, outcome.encode())
        os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as answer:
        outcome = answer.read().decode()
    os.waitpid(child, 0)
    return outcome


@pytest.fixture
def shared_folder():
    """A folder another user may enter (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="queue-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


def test_a_read_only_queue_is_one_sentence_naming_the_file(shared_folder):
    queue = shared_folder / "comments.sqlite3"
    Database(queue).preferences.secret()
    queue.chmod(0o644)
    if os.geteuid() == 0:
        outcome = run_as_nobody(check_queue, queue)
    else:
        queue.chmod(0o444)
        try:
            check_queue(queue)
            outcome = ""
        except StartupError as error:
            outcome = f"StartupError: {error}"
    assert outcome.startswith(f"StartupError: The comment queue {queue} is read-only")


def test_the_fingerprint_key_is_read_without_taking_the_write_lock(tmp_path):
    """Before, every start wrote the key again (a write transaction even when it existed),
    so it waited for any writer and failed on a read-only queue."""
    database = Database(tmp_path / "queue.sqlite3")
    key = database.preferences.secret()
    writer = sqlite3.connect(database.path, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # another process writes right now
    try:
        assert database.preferences.secret() == key
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def start(environment: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    """waitress-serve with intake.wsgi:application, as the systemd unit starts it."""
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "waitress-serve"),
            "--listen=127.0.0.1:0",
            "intake.wsgi:application",
        ],
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT / "plugins"), **environment},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        (
            {"COMMENTS_PUBLIC_URL": "https://blog.hafenlicht.example"},
            "The intake does not start: COMMENTS_SECRET_KEY is not set",
        ),
        (
            {"COMMENTS_DB_PATH": "/nicht/gemountet/comments.sqlite3"},
            "The intake does not start: The comment queue /nicht/gemountet/comments.sqlite3 "
            "cannot be opened: its folder /nicht/gemountet does not exist",
        ),
    ],
)
def test_the_service_refuses_in_one_line_without_a_traceback(tmp_path, changes, sentence):
    environment = {
        "COMMENTS_DB_PATH": str(tmp_path / "comments.sqlite3"),
        "COMMENTS_MANIFEST_PATH": str(write_manifest(tmp_path)),
        "COMMENTS_THEME_PATH": str(ROOT / "theme"),
        **changes,
    }
    result = start(environment, tmp_path)
    assert result.returncode == 78
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if "CRITICAL" in line]
    assert sentence in line
