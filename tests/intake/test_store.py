"""The moderation queue on a real SQLite file and on a real PostgreSQL server.

Every test that takes ``database`` runs on both backends (the PostgreSQL run is marked
``postgres``); what only one of them has (WAL mode, ``PRAGMA user_version``, the
server's column types) is tested on that one.
"""

import re
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from comments.model import State
from intake.store import (
    MIGRATIONS,
    AlreadyThere,
    Database,
    DuplicateKey,
    NewComment,
    QueueUnavailable,
    RateLimited,
)
from intake.store.backend import render, shown_address
from intake.store.comments import timestamp

CREATED = re.compile(r"CREATE TABLE (\w+)")
ROOT = Path(__file__).resolve().parents[2]


def at_once(count: int, work) -> list:
    """``work(number)`` in ``count`` threads released together; their results in order."""
    start, results = threading.Barrier(count), [None] * count

    def run(number: int) -> None:
        start.wait()
        try:
            results[number] = work(number)
        except Exception as error:  # noqa: BLE001 (the test looks at what each one got)
            results[number] = error

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_schema_version_and_wal_mode(tmp_path):
    database = Database(tmp_path / "var" / "comments.sqlite3")
    connection = sqlite3.connect(database.path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 12
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
        # Readers who come back (issue 34).
        "form_posts",
        "mail_log",
        "subscribers",
        "newsletter_issues",
        "newsletter_deliveries",
        "reply_subscriptions",
        "reply_notices",
        "reports",
        "data_requests",
        "dispatch",
    }
    Database(database.path)  # opening again migrates nothing and fails nothing
    assert database.version == 12
    assert database.location == str(database.path)


@pytest.mark.postgres
def test_on_a_server_times_are_timestamps_and_the_version_is_a_row(postgres_url):
    database = Database(postgres_url)
    assert database.version == len(MIGRATIONS) and database.path is None
    assert "throwaway" not in database.location  # the password never shows
    assert database.location.startswith("postgresql://hafenlicht@127.0.0.1:")
    with database.connection() as connection:
        types = {
            (row["table_name"], row["column_name"]): row["data_type"]
            for row in connection.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema()"
            )
        }
    assert types["comments", "created"] == "timestamp with time zone"
    assert types["mentions", "checked"] == "timestamp with time zone"
    assert types["changes", "approved"] == "boolean"
    assert types["changes", "seq"] == "bigint"
    assert types["schema_version", "version"] == "integer"
    Database(postgres_url)  # opening again migrates nothing and fails nothing
    assert database.version == len(MIGRATIONS)
    database.close()


def test_comments_approved_before_the_ci_trigger_existed_are_not_announced_again(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = Database(path)
    approved = old.comments.add(NewComment("a", "Alt", "Text", state="approved"))
    connection = sqlite3.connect(path)
    # A queue of version 5: without the tables of the later steps (dispatch, readers').
    later = {name for steps in MIGRATIONS[5:] for s in steps for name in CREATED.findall(s)}
    for table in sorted(later):
        connection.execute(f"DROP TABLE {table}")
    connection.execute("PRAGMA user_version = 5")
    connection.commit()
    connection.close()
    database = Database(path)
    assert database.version == len(MIGRATIONS)
    assert database.dispatch.waiting() is None
    database.comments.set_state([approved], "rejected")
    assert database.dispatch.waiting().newest == 2


def old_queue(address: str, version: int, rows: str) -> None:
    """A queue as the release of schema ``version`` left it: that release's steps, in
    the file or on the server, and ``rows`` (an INSERT) in it."""
    if address.startswith("postgresql://"):
        import psycopg

        connection = psycopg.connect(address, autocommit=True)
        connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        dialect, stamp = "postgresql", f"INSERT INTO schema_version VALUES ({version})"
    else:
        Path(address).parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(address, isolation_level=None)
        dialect, stamp = "sqlite", f"PRAGMA user_version = {version}"
    for steps in MIGRATIONS[:version]:
        for statement in steps:
            connection.execute(render(statement, dialect))
    connection.execute(rows)
    connection.execute(stamp)
    connection.close()


def test_a_queue_of_the_first_version_is_migrated_and_keeps_its_comments(address):
    old_queue(
        address,
        1,
        "INSERT INTO comments (id, article, author, text, created, state) "
        "VALUES ('c1', 'a', 'Alt', 'Text', '2024-01-01T00:00:00.000000+00:00', 'pending')",
    )
    with Database(address) as database:
        assert database.version == len(MIGRATIONS)
        assert database.comments.get("c1").author == "Alt"
        assert database.comments.get("c1").created == "2024-01-01T00:00:00.000000+00:00"
        assert database.preferences.secret()


def test_released_steps_read_as_they_did_in_sqlite():
    """The dialect words fill in exactly the types the released SQLite steps had."""
    statements = [render(s, "sqlite") for steps in MIGRATIONS for s in steps]
    assert "        id TEXT PRIMARY KEY,\n" in statements[0]
    assert "created TEXT NOT NULL" in statements[0]
    assert any("seq INTEGER PRIMARY KEY AUTOINCREMENT" in s for s in statements)
    assert any("approved INTEGER NOT NULL" in s for s in statements)
    assert any("checked TEXT NOT NULL DEFAULT ''" in s for s in statements)
    assert any("SELECT id, article, 1, created FROM comments" in s for s in statements)
    assert not any("{" in s for s in statements)


def start_processes(address: str, count: int) -> set[str]:
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from intake.store import Database\n"
        "print(Database(sys.argv[2]).preferences.secret())\n"
    )
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(ROOT / "plugins"), address],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    secrets = {process.communicate(timeout=60)[0].strip() for process in starts}
    assert all(process.returncode == 0 for process in starts)
    return secrets


def test_processes_starting_at_once_migrate_once_and_share_one_secret(address):
    secrets = start_processes(address, 4)
    assert len(secrets) == 1 and len(secrets.pop()) == 64
    with Database(address) as database:
        assert database.version == len(MIGRATIONS)


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
    assert comments.get(old).created == "2024-01-01T00:00:00.000000+00:00"
    assert [r.id for r in comments.rows()] == [new, other, old]
    assert [r.id for r in comments.rows([State.APPROVED])] == [old]
    assert [r.id for r in comments.rows(search="Text 2")] == [new]
    assert [r.id for r in comments.rows(search="text 2")] == [new]  # case does not matter
    assert [r.id for r in comments.rows(search="NEU")] == [new]
    assert [r.id for r in comments.rows(article="b")] == [other]
    assert comments.get("nope") is None


def test_times_read_back_as_the_same_text_from_both(database):
    created = datetime(2025, 3, 11, 9, 15, 0, 123456, tzinfo=UTC)
    comment = database.comments.add(NewComment("a", "X", "Zeit", created=created))
    assert database.comments.get(comment).created == timestamp(created)
    token = database.mentions.enqueue("https://a.example/", "https://b.example/", "a", "x", "")
    assert database.mentions.get(token).checked == ""  # not checked yet
    claimed = database.mentions.claim()
    assert claimed.token == token
    checked = database.mentions.get(token).checked
    assert datetime.fromisoformat(checked) <= datetime.now(UTC)
    assert checked == timestamp(datetime.fromisoformat(checked))


def test_an_importers_id_is_kept_and_taken_only_once(database):
    assert database.comments.add(NewComment("a", "X", "1", id="wp-11")) == "wp-11"
    with pytest.raises(DuplicateKey):
        database.comments.add(NewComment("a", "X", "1", id="wp-11"))
    # Code written for the SQLite-only queue catches it as it did.
    with pytest.raises(sqlite3.IntegrityError):
        database.comments.add(NewComment("a", "X", "1", id="wp-11"))
    assert len(database.comments.rows()) == 1  # nothing half-written


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


def test_the_rate_limit_counts_posts_sent_at_once(address):
    """Twenty posts of one client at the same moment, each over its own connection (as
    twenty request threads, or two hosts, send them): exactly the limit gets in."""

    def post(number: int) -> str:
        with Database(address) as database:
            return database.comments.add(
                NewComment("a", "X", f"Gleichzeitig {number}", client="same"), 5, 600
            )

    results = at_once(20, post)
    assert sum(isinstance(r, str) for r in results) == 5
    assert sum(isinstance(r, RateLimited) for r in results) == 15
    with Database(address) as database:
        assert len(database.comments.rows()) == 5


def test_the_same_text_sent_at_once_is_stored_once(address):
    """Ten posts of the same text at the same moment, each over its own connection (two
    hosts, a double click): the duplicate check is in the insert's transaction, so one
    row is stored and the others are told it is there; another sender's copy sent at the
    same moment is stored as spam, never as a second pending comment."""
    same = NewComment("a", "Lea", "Zweimal gesendet", email="Lea@x.example", client="c")

    def post(number: int) -> str:
        new = same if number < 10 else NewComment("a", "Bot", same.text, client="d")
        with Database(address) as database:
            return database.comments.add(new, 5, 600, duplicate_reason="duplicate text")

    results = at_once(11, post)
    stored = [r for r in results if isinstance(r, str)]
    resent = [r for r in results if isinstance(r, AlreadyThere)]
    assert len(stored) == 2 and len(resent) == 9, results
    with Database(address) as database:
        rows = database.comments.rows()
    assert len(rows) == 2
    [lea] = [row for row in rows if row.author == "Lea"]
    assert {error.comment_id for error in resent} == {lea.id}
    [bot] = [row for row in rows if row.author == "Bot"]
    assert (lea.state, bot.state) in {
        (State.PENDING, State.SPAM),
        (State.SPAM, State.PENDING),  # the copy came first: then Lea's is the duplicate
    }
    [spam] = [row for row in rows if row.state == State.SPAM]
    assert spam.spam_reasons == ("duplicate text",)


def test_a_mention_is_claimed_by_one_verifier_only(address):
    with Database(address) as database:
        tokens = {
            database.mentions.enqueue(f"https://s{n}.example/", "https://t/", "a", "webmention", "")
            for n in range(24)
        }

    def verifier(_number: int) -> list[str]:
        claimed = []
        with Database(address) as database:
            while (request := database.mentions.claim()) is not None:
                claimed.append(request.token)
        return claimed

    results = at_once(6, verifier)
    everything = [token for claimed in results for token in claimed]
    assert sorted(everything) == sorted(tokens)  # each one once, none twice


def test_a_new_queue_opens_while_another_connection_holds_the_write_lock(tmp_path):
    # SQLite refuses the switch to WAL mode at once, without waiting in its busy handler,
    # while another connection holds the write lock: workers opening a new queue at the
    # same moment failed with "database is locked" (the test below, about 1 in 20 tries).
    path = tmp_path / "comments.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        with Database(path) as database:
            assert database.comments.rows() == []
    finally:
        release.join()
        holder.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_mail_link_is_used_once_when_clicked_at_once(address):
    def click(_number: int) -> bool:
        with Database(address) as database, database.transaction() as connection:
            return database.journal.use_link(connection, "nonce-1")

    assert sorted(at_once(8, click)) == [False] * 7 + [True]


def test_the_change_log_keeps_its_order_and_flags(database):
    comments = database.comments
    first = comments.add(NewComment("a", "X", "1"))
    second = comments.add(NewComment("a", "Y", "2"))
    comments.set_state([first], State.APPROVED)
    comments.set_state([second], State.APPROVED)
    comments.set_state([first], State.REJECTED, "doch nicht")
    cursor, latest = database.journal.changes_since(0)
    assert cursor == 3
    assert latest == {first: ("a", False), second: ("a", True)}
    assert database.journal.changes_since(2) == (3, {first: ("a", False)})


def test_an_editor_added_twice_gets_the_new_password_and_loses_the_sessions(database):
    editors = database.editors
    assert editors.add("Jana Petersen", "ein langes Passwort") is True
    session = editors.open_session("Jana Petersen", timedelta(hours=1))
    assert editors.session(session).editor == "Jana Petersen"
    assert editors.add("Jana Petersen", "ein anderes Passwort") is False
    assert editors.session(session) is None
    assert editors.verify("Jana Petersen", "ein anderes Passwort")
    assert not editors.verify("Jana Petersen", "ein langes Passwort")
    assert editors.names() == ["Jana Petersen"]


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


def test_a_queue_of_the_first_release_is_brought_up_to_date(address):
    """A version-2 queue (before moderation links and the sync) keeps its comments, and
    its approved ones become the first lines of the change log."""
    old_queue(
        address,
        2,
        "INSERT INTO comments (id, article, author, text, created, state) "
        "VALUES ('c1', 'a', 'Lea', 'Hallo', '2025-01-01T08:00:00.000000+00:00', 'approved'), "
        "('c2', 'a', 'Jan', 'Moin', '2025-01-01T09:00:00.000000+00:00', 'pending')",
    )
    with Database(address) as database:
        assert database.version == len(MIGRATIONS)
        assert database.comments.get("c1").role == ""
        assert database.journal.changes_since(0) == (1, {"c1": ("a", True)})


def test_what_the_table_modules_may_rely_on(database):
    """One SQL for both: ? placeholders (a literal ? or % in a quoted string stays),
    executemany, RETURNING, rowcount, rows by name and by position, DuplicateKey."""
    insert = "INSERT INTO preferences (key, value) VALUES (?, ?)"
    with database.transaction() as connection:
        connection.execute(insert, ("a", "100 % sicher?"))
        connection.executemany(insert, [("b", "2"), ("c", "3")])
        returned = connection.execute(f"{insert} RETURNING key, value", ("d", "'?'")).fetchone()
        assert (returned[0], returned["value"]) == ("d", "'?'")
        changed = connection.execute(
            "UPDATE preferences SET value = ? WHERE key IN (?, ?)", ("x", "b", "c")
        )
        assert changed.rowcount == 2
    with database.connection() as connection:
        found = connection.execute(
            "SELECT key FROM preferences WHERE value LIKE '100 %' AND value LIKE '%?' AND key = ?",
            ("a",),
        ).fetchall()
        assert [dict(row) for row in found] == [{"key": "a"}]
        assert (
            connection.execute("SELECT COUNT(*) FROM preferences WHERE value LIKE '%%'").fetchone()[
                0
            ]
            == 4
        )
    with pytest.raises(DuplicateKey), database.transaction() as connection:
        connection.executemany(insert, [("e", "5"), ("a", "doppelt")])
    assert database.preferences.get("e") is None  # rolled back as a whole


@pytest.mark.postgres
def test_a_database_owned_by_an_ordinary_role_is_enough(postgres_cluster):
    """As the manual sets it up: createuser, createdb --owner; no other rights."""
    url = postgres_cluster.database(owner="intake_owner")
    with Database(url) as database:
        assert database.location.startswith("postgresql://intake_owner@127.0.0.1:")
        assert database.version == len(MIGRATIONS)
        database.comments.add(NewComment("a", "X", "Hallo"))


@pytest.mark.postgres
def test_a_role_that_may_not_create_the_tables_is_refused_in_one_sentence(postgres_cluster):
    name = postgres_cluster.database().rsplit("/", 1)[1]  # the superuser's database …
    postgres_cluster.role("intake_guest")  # … and a role that owns nothing in it
    with pytest.raises(QueueUnavailable) as refused:
        Database(postgres_cluster.url(name, "intake_guest"))
    message = str(refused.value)
    assert message.startswith("The comment queue at postgresql://intake_guest@127.0.0.1:")
    assert message.endswith("cannot be set up: permission denied for schema public")
    assert "\n" not in message


@pytest.mark.postgres
def test_a_restarted_server_costs_the_queue_nothing_after_it_is_back(postgres_cluster):
    url = postgres_cluster.database()
    with Database(url) as database:
        before = database.comments.add(NewComment("a", "X", "vorher"))
        postgres_cluster.restart()  # every pooled connection is gone
        after = database.comments.add(NewComment("a", "X", "nachher"))
        assert {row.id for row in database.comments.rows()} == {before, after}


def test_an_address_that_is_no_postgresql_address_is_refused_in_one_sentence():
    with pytest.raises(QueueUnavailable, match="not a PostgreSQL address"):
        Database("postgresql://user:secret@[::1/queue")


def test_a_server_that_does_not_answer_is_named_without_its_password():
    from conftest import free_port

    port = free_port()  # nothing listens there
    with pytest.raises(QueueUnavailable) as refused:
        Database(f"postgresql://intake:s3cret@127.0.0.1:{port}/hafenlicht")
    message = str(refused.value)
    assert message.startswith(
        f"The comment queue at postgresql://intake@127.0.0.1:{port}/hafenlicht cannot be reached"
    )
    assert "s3cret" not in message and "\n" not in message


# Passwords with a character that means something in a URL, written unencoded (and a
# broken escape): what libpq made of them showed the password, whole or in part.
LEAKY_URLS = {
    "postgresql://hafenlicht:ge/heim@127.0.0.1:{port}/hafenlicht": ("ge/heim", "heim"),
    "postgresql://hafenlicht:pw@sonder@127.0.0.1:{port}/hafenlicht": ("pw@sonder", "sonder"),
    "postgresql://hafenlicht:geh%ZZeim@127.0.0.1:{port}/hafenlicht": ("geh%ZZeim", "ZZeim"),
}


@pytest.mark.parametrize("url", LEAKY_URLS)
def test_no_part_of_a_password_shows_in_the_intakes_message(url, tmp_path):
    """The intake started as the unit starts it, with such an address: one sentence
    that says how to write it, and nothing of the password."""
    from conftest import free_port

    address = url.format(port=free_port())
    started = start_wsgi(address, tmp_path)
    said = started.stdout + started.stderr
    assert started.returncode == 78  # the address is wrong: starting again cannot help
    assert "COMMENTS_DATABASE_URL" in said and "percent-encoded" in said, said
    assert "Traceback" not in said
    for piece in LEAKY_URLS[url]:
        assert piece not in said, said
    assert "127.0.0.1" in shown_address(address)
    assert not any(piece in shown_address(address) for piece in LEAKY_URLS[url])


def start_wsgi(address: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """The intake's WSGI module imported as waitress-serve does, with this queue."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT / "plugins"),
        "COMMENTS_DATABASE_URL": address,
        "COMMENTS_MANIFEST_PATH": str(tmp_path / "artikel.json"),
        "COMMENTS_THEME_PATH": str(ROOT / "theme"),
    }
    return subprocess.run(
        [sys.executable, "-c", "import intake.wsgi"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_wrong_password_stops_the_intake_with_78_and_a_server_down_with_1(postgres_url, tmp_path):
    """The unit restarts on 1 (a server not up yet) but not on 78: a wrong password or
    database is one sentence, without the password, and no restart loop."""
    from conftest import free_port

    user, _, rest = postgres_url.partition("://")[2].partition(":")
    server = rest[rest.index("@") :]
    for wrong in (
        f"postgresql://{user}:falsch-geheim{server}",
        f"postgresql://{user}:{rest[: rest.index('@')]}{server.rsplit('/', 1)[0]}/fehlt",
    ):
        started = start_wsgi(wrong, tmp_path)
        said = started.stdout + started.stderr
        assert started.returncode == 78, said
        assert "The intake does not start: The comment queue at postgresql://" in said
        assert "refuses this intake" in said and "COMMENTS_DATABASE_URL" in said
        assert "falsch-geheim" not in said and rest[: rest.index("@")] not in said
        assert "Traceback" not in said
    down = start_wsgi(f"postgresql://{user}:x@127.0.0.1:{free_port()}/queue", tmp_path)
    assert down.returncode == 1 and "cannot be reached" in down.stderr


def test_a_password_never_shows_in_the_servers_message(postgres_url):
    """A wrong password on a real server: the message names the server and the user."""
    user, _, rest = postgres_url.partition("://")[2].partition(":")
    wrong = f"postgresql://{user}:falsch%2Fgeheim{rest[rest.index('@') :]}"
    with pytest.raises(QueueUnavailable) as refused:
        Database(wrong)
    message = str(refused.value)
    assert "falsch" not in message and "geheim" not in message, message
    assert "password authentication failed" in message
