"""`invoke comments.copy-queue`: a queue with something in every table, copied from the
SQLite file into a PostgreSQL database on Debian's server, and back into a new file."""

from datetime import UTC, datetime, timedelta

import pytest
from invoke import Context, Exit

from comments.model import State
from intake import tasks
from intake.queue_tasks import copy_queue_
from intake.store import TABLES, Database, NewComment

pytestmark = pytest.mark.postgres


def fill(database: Database) -> dict[str, str]:
    """Something in every table, as the intake and the editors write it."""
    comments = database.comments
    first = comments.add(
        NewComment(
            "zu-wem-gehoert",
            "Greta Ölmann",
            "100 % einverstanden? Ja – mit „Anführungszeichen“ und 'Apostroph'.",
            email="greta@example.org",
            client="fingerprint-1",
            created=datetime(2025, 3, 11, 8, 15, tzinfo=UTC),
        )
    )
    reply = comments.add(
        NewComment("zu-wem-gehoert", "Redaktion", "Danke!", reply_to=first, role="editorial")
    )
    spam = comments.add(NewComment("geschlossen", "Bot", "casino", state=State.SPAM))
    comments.set_state([first, reply], State.APPROVED)
    comments.set_state([spam], State.REJECTED, "Werbung")
    comments.mark_exported(first, f"zu-wem-gehoert/{first}.md")
    database.journal.record(first, "Jana Petersen", "approve")
    with database.transaction() as connection:
        database.journal.use_link(connection, "used-nonce")
    database.editors.add("Jana Petersen", "ein langes Passwort")
    session = database.editors.open_session("Jana Petersen", timedelta(hours=8))
    database.editors.record_attempt("fingerprint-2")
    checked = database.mentions.enqueue(
        "https://anderer.example/a/", "https://blog.example/x/", "zu-wem-gehoert", "webmention", ""
    )
    database.mentions.claim()
    database.mentions.finish(checked, "accepted", comment_id=first)
    database.mentions.enqueue(
        "https://anderer.example/b/", "https://blog.example/x/", "zu-wem-gehoert", "pingback", "c"
    )
    # The readers' tables (issue 34).
    database.throttle.take_post("fingerprint-3", "newsletter", 5, timedelta(minutes=10))
    database.throttle.take_mail("lea@example.org", "newsletter-confirm", timedelta(minutes=15))
    lea = database.subscribers.request("lea@example.org", "de", "/", "hash-1")
    database.subscribers.confirm(lea.id, lea.nonce, "hash-2")
    database.issues.create(
        [{"slug": "zu-wem-gehoert", "title": "Zu wem gehört?"}], "manual", [lea.id]
    )
    wanted = database.reply_subscriptions.request(
        first, "zu-wem-gehoert", "greta@example.org", "de", "hash-3"
    )
    database.reply_subscriptions.confirm(wanted.id, wanted.nonce, "hash-4")
    database.reply_subscriptions.note(wanted.id, [reply])
    database.reports.add(
        "zu-wem-gehoert", first, "insult", "Beleidigend.", "Max", "max@example.org", "de"
    )
    database.data_requests.add("greta@example.org", "de", timedelta(hours=24))
    return {"first": first, "session": session, "secret": database.preferences.secret()}


def contents(database: Database) -> dict[str, list]:
    """Every row of every table, as both backends read them (order-free)."""
    with database.connection() as connection:
        return {
            table: sorted(
                tuple(sorted(dict(row).items()))
                for row in connection.execute(f"SELECT * FROM {table}")
            )
            for table in TABLES
        }


def copy(project, to: str, **options) -> None:
    copy_queue_(Context(), to=to, settings=project.settings, **options)


def test_a_queue_is_copied_to_postgresql_with_every_row_and_key(project, postgres_url, capsys):
    source = project.database()
    known = fill(source)
    copy(project, postgres_url)
    out = capsys.readouterr().out
    assert out.startswith(f"Copied the queue {project.queue} to postgresql://hafenlicht@")
    assert ": 1 row in preferences, 3 in comments, 1 in actions, 1 in used_links," in out
    assert "Set COMMENTS_DATABASE_URL to it on every intake host" in out
    target = Database(postgres_url)
    assert contents(target) == contents(source)
    assert all(contents(target).values())  # the fixture filled every table
    # The queue goes on where it stood: same secret, session, password, sync cursor.
    assert target.preferences.secret() == known["secret"]
    assert target.editors.session(known["session"]).editor == "Jana Petersen"
    assert target.editors.verify("Jana Petersen", "ein langes Passwort")
    cursor, _latest = target.journal.changes_since(0)
    target.comments.set_state([known["first"]], State.REJECTED)
    assert target.journal.changes_since(cursor) == (
        cursor + 1,
        {known["first"]: ("zu-wem-gehoert", False)},
    )
    target.journal.record(known["first"], "Jana Petersen", "reject")
    assert [a.action for a in target.journal.actions(known["first"])] == ["approve", "reject"]
    target.close()


def test_a_second_copy_is_refused_and_doubles_nothing(project, postgres_url, capsys):
    fill(project.database())
    copy(project, postgres_url)
    target = Database(postgres_url)
    before = contents(target)
    with pytest.raises(Exit) as refused:
        copy(project, postgres_url)
    assert refused.value.code == 1
    message = str(refused.value.message)
    assert message.startswith("The queue at postgresql://hafenlicht@127.0.0.1:")
    assert "is not empty: it holds 3 rows in comments, 1 in actions" in message
    assert "A queue is copied only into an empty one" in message
    assert "throwaway" not in message  # no password
    assert contents(target) == before
    target.close()


def test_a_started_intake_s_own_secret_is_replaced_by_the_queue_s(project, postgres_url):
    known = fill(project.database())
    started = Database(postgres_url)
    assert started.preferences.secret() != known["secret"]  # the intake ran once, empty
    copy(project, postgres_url)
    assert started.preferences.secret() == known["secret"]
    started.close()


def test_a_queue_on_postgresql_is_copied_back_into_a_new_file(project, postgres_url, tmp_path):
    fill(project.database())
    copy(project, postgres_url)
    back = tmp_path / "zurueck" / "comments.sqlite3"
    copy(project, str(back), from_=postgres_url)
    assert contents(Database(back)) == contents(project.database())
    # The file's counters go on after the copied numbers.
    database = Database(back)
    cursor, _latest = database.journal.changes_since(0)
    new = database.comments.add(NewComment("zu-wem-gehoert", "Neu", "Neu", state=State.APPROVED))
    assert database.journal.changes_since(cursor) == (cursor + 1, {new: ("zu-wem-gehoert", True)})


def test_a_missing_source_file_is_refused(project, postgres_url, tmp_path):
    with pytest.raises(Exit, match=r"There is no queue file .*nichts\.sqlite3 to copy") as refused:
        copy(project, postgres_url, from_=str(tmp_path / "nichts.sqlite3"))
    assert refused.value.code == 2


def test_a_server_that_does_not_answer_is_refused_in_one_line(project):
    from conftest import free_port

    address = f"postgresql://intake:geheim@127.0.0.1:{free_port()}/hafenlicht"
    Database(project.queue)  # the intake's queue, made at its first start
    with pytest.raises(Exit, match="cannot be reached") as refused:
        copy(project, address)
    assert "geheim" not in str(refused.value.message)


def test_tasks_refuse_a_missing_queue_instead_of_making_an_empty_one(project, tmp_path, capsys):
    """Without COMMENTS_DB_PATH, `invoke comments.list` made an empty queue in the
    checkout and listed it, and `comments.copy-queue` copied that with status 0."""
    assert not project.queue.exists()
    target = tmp_path / "ziel.sqlite3"
    for run in (
        lambda: project.run(tasks.list_),
        lambda: copy(project, str(target)),
        lambda: project.run(tasks.backup),
        lambda: project.run(tasks.approve, ["20240101-000000-abcdef12"]),
    ):
        with pytest.raises(Exit) as refused:
            run()
        message = str(refused.value.message)
        assert refused.value.code != 0
        assert f"{project.queue}" in message and "COMMENTS_DB_PATH" in message, message
    assert not project.queue.exists() and not target.exists()
    assert capsys.readouterr().out == ""
