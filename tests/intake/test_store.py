"""The SQLite moderation queue on a real file."""

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from comments.model import State
from intake.store import MIGRATIONS, Database, NewComment, RateLimited

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database(tmp_path) -> Database:
    return Database(tmp_path / "var" / "comments.sqlite3")


def test_schema_version_and_wal_mode(database):
    connection = sqlite3.connect(database.path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 6
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables >= {
        "comments",
        "preferences",
        "actions",
        "changes",
        "editors",
        "sessions",
        "mentions",
        "dispatch",
    }
    Database(database.path)  # opening again migrates nothing and fails nothing
    assert database.version == 6


def test_a_queue_of_the_first_version_is_migrated_and_keeps_its_comments(tmp_path):
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        connection.execute(statement)
    connection.execute(
        "INSERT INTO comments (id, article, author, text, created, state) "
        "VALUES ('c1', 'a', 'Alt', 'Text', '2024-01-01T00:00:00.000000+00:00', 'pending')"
    )
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    database = Database(path)
    assert database.version == len(MIGRATIONS)
    assert database.comments.get("c1").author == "Alt"
    assert database.preferences.secret()


def test_comments_approved_before_the_ci_trigger_existed_are_not_announced_again(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = Database(path)
    approved = old.comments.add(NewComment("a", "Alt", "Text", state="approved"))
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE dispatch")
    connection.execute("PRAGMA user_version = 5")
    connection.commit()
    connection.close()
    database = Database(path)
    assert database.version == len(MIGRATIONS)
    assert database.dispatch.waiting() is None
    database.comments.set_state([approved], "rejected")
    assert database.dispatch.waiting().newest == 2


def test_processes_starting_at_once_migrate_once_and_share_one_secret(tmp_path):
    path = tmp_path / "queue.sqlite3"
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from intake.store import Database\n"
        "print(Database(sys.argv[2]).preferences.secret())\n"
    )
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(ROOT / "plugins"), str(path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    secrets = {process.communicate(timeout=60)[0].strip() for process in starts}
    assert all(process.returncode == 0 for process in starts)
    assert len(secrets) == 1 and len(secrets.pop()) == 64
    assert Database(path).version == len(MIGRATIONS)


def test_add_get_and_list_pending_first(database):
    comments = database.comments
    old = comments.add(
        NewComment(
            "a", "Alt", "Text 1", state=State.APPROVED, created=datetime(2024, 1, 1, tzinfo=UTC)
        )
    )
    new = comments.add(NewComment("a", "Neu", "Text 2", email="n@example.org"))
    other = comments.add(NewComment("b", "Anders", "Text 3", state=State.SPAM))
    row = comments.get(new)
    assert (row.author, row.state, row.email) == ("Neu", "pending", "n@example.org")
    assert old == "20240101-000000-" + old[-8:]
    assert [r.id for r in comments.rows()] == [new, other, old]
    assert [r.id for r in comments.rows([State.APPROVED])] == [old]
    assert [r.id for r in comments.rows(search="Text 2")] == [new]
    assert [r.id for r in comments.rows(article="b")] == [other]
    assert comments.get("nope") is None


def test_an_importers_id_is_kept_and_taken_only_once(database):
    assert database.comments.add(NewComment("a", "X", "1", id="wp-11")) == "wp-11"
    with pytest.raises(sqlite3.IntegrityError):
        database.comments.add(NewComment("a", "X", "1", id="wp-11"))


def test_rate_limit_per_client_window(database):
    comments = database.comments
    for number in range(3):
        comments.add(NewComment("a", "X", f"Text {number}", client="abc"), 3, 600)
    with pytest.raises(RateLimited):
        comments.add(NewComment("a", "X", "Text 4", client="abc"), 3, 600)
    comments.add(NewComment("a", "X", "Text 5", client="other"), 3, 600)
    assert len(comments.rows()) == 4
    later = datetime.now(UTC) + timedelta(seconds=601)
    comments.add(NewComment("a", "X", "Text 6", client="abc", created=later), 3, 600)
    assert len(comments.rows()) == 5


def test_states_replies_and_deleting_by_email(database):
    comments = database.comments
    first = comments.add(NewComment("a", "X", "1", email="Person@Example.org"))
    second = comments.add(NewComment("b", "X", "2", email="person@example.org"))
    answer = comments.add(NewComment("a", "Y", "3", email="other@example.org", reply_to=first))
    assert comments.set_state([first, "nope"], State.REJECTED, "Werbung") == [first]
    assert comments.get(first).reject_reason == "Werbung"
    comments.reparent(first, "")
    assert comments.get(answer).reply_to == ""
    deleted = comments.delete_by_email(" person@EXAMPLE.org ")
    assert sorted(r.id for r in deleted) == sorted([first, second])
    assert [r.author for r in comments.rows()] == ["Y"]


def test_client_fingerprints_are_forgotten(database):
    comments = database.comments
    old = comments.add(
        NewComment("a", "X", "1", client="abc", created=datetime.now(UTC) - timedelta(days=2))
    )
    recent = comments.add(NewComment("a", "X", "2", client="abc"))
    comments.forget_clients(timedelta(days=1))
    assert comments.get(old).client == ""
    assert comments.get(recent).client == "abc"


def test_a_queue_of_the_first_release_is_brought_up_to_date(tmp_path):
    """A version-2 file (before moderation links and the sync) keeps its comments, and its
    approved ones become the first lines of the change log."""
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path)
    for steps in MIGRATIONS[:2]:
        for statement in steps:
            connection.execute(statement)
    connection.execute(
        "INSERT INTO comments (id, article, author, text, created, state) "
        "VALUES ('c1', 'a', 'Lea', 'Hallo', '2025-01-01T08:00:00.000000+00:00', 'approved'), "
        "('c2', 'a', 'Jan', 'Moin', '2025-01-01T09:00:00.000000+00:00', 'pending')"
    )
    connection.execute("PRAGMA user_version = 2")
    connection.commit()
    connection.close()
    database = Database(path)
    assert database.version == len(MIGRATIONS)
    assert database.comments.get("c1").role == ""
    assert database.journal.changes_since(0) == (1, {"c1": ("a", True)})
