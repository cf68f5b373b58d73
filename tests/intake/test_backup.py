"""`invoke comments.backup` and `comments.restore`: SQLite's online backup of the queue,
checked, safe while the intake writes; a restore refuses a damaged file and says what it
replaced."""

import os
import sqlite3
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from invoke import Exit

from comment_sender import send_comment
from comments.model import State
from conftest import free_port
from intake import tasks
from intake.app import IntakeApp
from intake.backup import BackupError, backup, contents, integrity_problem, restore
from intake.store import Database, NewComment
from waitress_thread import served_by_waitress


def fill(queue: Path, count: int, text: str = "Kommentar") -> Database:
    database = Database(queue)
    for number in range(count):
        database.comments.add(
            NewComment(article="a", author="Lea", text=f"{text} {number}", email="l@x.example")
        )
    return database


def wait_until_acknowledged(count: int, acknowledged: list, writers: list) -> None:
    """Until ``count`` comments are acknowledged; a failure, not a hang, when every
    writer thread has died or the intake has stalled for two minutes."""
    deadline = time.monotonic() + 120
    while len(acknowledged) < count:
        assert any(writer.is_alive() for writer in writers), "every writer thread died"
        assert time.monotonic() < deadline, f"{len(acknowledged)} of {count} acknowledged"
        time.sleep(0.01)


def ids(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM comments")}


@pytest.mark.slow
def test_a_backup_while_the_intake_writes_is_whole_and_consistent(make_settings, form, tmp_path):
    """Copies made while readers post: each passes the integrity check and holds every
    comment that was acknowledged before it began (one consistent state)."""
    app = IntakeApp(make_settings(rate_limit=0))
    port = free_port()
    acknowledged: list[str] = []
    failed: list[str] = []  # a writer's error, which would only end its thread
    stop = threading.Event()

    def write() -> None:
        number = 0
        while not stop.is_set():
            url = f"http://127.0.0.1:{port}/kommentare/neu"
            try:
                sent = send_comment(url, {**form, "text": f"Kommentar {number}"})
            except Exception as error:  # noqa: BLE001 (the test reports it)
                failed.append(repr(error))
                return
            acknowledged.append(sent["id"])
            number += 1

    copies = []
    with served_by_waitress(app, port, threads=4):
        writers = [threading.Thread(target=write) for _ in range(3)]
        for writer in writers:
            writer.start()
        try:
            for number in range(5):
                wait_until_acknowledged(20 * (number + 1), acknowledged, writers)
                before = set(acknowledged)
                target = tmp_path / f"kopie-{number}.sqlite3"
                backup(Path(app.database.path), target)
                copies.append((before, target))
        finally:
            stop.set()
            for writer in writers:
                writer.join()
    assert failed == []
    for before, target in copies:
        assert integrity_problem(target) == ""
        assert before <= ids(target)
        assert ids(target) <= set(acknowledged) | ids(app.database.path)
        assert not Path(f"{target}-wal").exists()  # one file
        assert target.stat().st_mode & 0o777 == 0o600  # it holds e-mail addresses


def test_a_backup_never_overwrites_and_needs_a_queue(tmp_path):
    fill(tmp_path / "queue.sqlite3", 2)
    backup(tmp_path / "queue.sqlite3", tmp_path / "kopie.sqlite3")
    with pytest.raises(BackupError, match="exists already"):
        backup(tmp_path / "queue.sqlite3", tmp_path / "kopie.sqlite3")
    with pytest.raises(BackupError, match="There is no comment queue at"):
        backup(tmp_path / "fehlt.sqlite3", tmp_path / "neu.sqlite3")
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".part")]
    assert not (tmp_path / "neu.sqlite3").exists()


def test_restore_replaces_the_queue_keeps_the_old_one_and_says_so(tmp_path):
    queue = tmp_path / "queue.sqlite3"
    fill(queue, 3)
    saved = tmp_path / "gesichert.sqlite3"
    backup(queue, saved)
    later = fill(queue, 4, "Später").comments.rows()  # 7 now
    running = sqlite3.connect(queue)  # a running intake holds the queue open
    done = restore(saved, queue)
    assert (done.restored.comments, done.replaced.comments) == (3, 7)
    assert ids(done.kept) == {row.id for row in later} | ids(saved)
    assert running.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 3
    assert integrity_problem(queue) == ""
    assert ids(queue) == ids(saved)
    assert Database(queue).comments.rows()[0].email == "l@x.example"


@pytest.mark.slow
def test_a_restore_while_readers_post_loses_no_acknowledged_comment(make_settings, form, tmp_path):
    """Readers post through the real intake while the queue is restored, five times:
    every comment answered 201 is in the restored queue or in a kept copy ("Comments
    that came after the backup are in the kept file"), and no reader is refused."""
    app = IntakeApp(make_settings(rate_limit=0))
    queue = Path(app.database.path)
    port = free_port()
    acknowledged: list[str] = []
    refused: list[str] = []
    stop = threading.Event()

    def write(reader: int) -> None:
        number = 0
        while not stop.is_set():
            url = f"http://127.0.0.1:{port}/kommentare/neu"
            text = f"Leser {reader}: Kommentar {number}"
            try:
                acknowledged.append(send_comment(url, {**form, "text": text})["id"])
            except OSError as error:  # HTTPError included: a refusal
                refused.append(str(error))
            except Exception as error:  # noqa: BLE001 (it would only end the thread)
                refused.append(repr(error))
                return
            number += 1

    kept: list[Path] = []
    with served_by_waitress(app, port, threads=4):
        writers = [threading.Thread(target=write, args=(n,)) for n in range(4)]
        for writer in writers:
            writer.start()
        try:
            wait_until_acknowledged(20, acknowledged, writers)
            saved = tmp_path / "gesichert.sqlite3"
            backup(queue, saved)
            for number in range(5):
                wait_until_acknowledged(40 * (number + 1), acknowledged, writers)
                done = restore(saved, queue, keep=tmp_path / f"vorher-{number}.sqlite3")
                kept.append(done.kept)
        finally:
            stop.set()
            for writer in writers:
                writer.join()
    found = ids(queue).union(*(ids(path) for path in kept))
    missing = set(acknowledged) - found
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged comments lost"
    assert refused == []
    assert integrity_problem(queue) == ""


def damaged(tmp_path: Path, source: Path) -> Path:
    """A backup with one page of its comments overwritten, as a bad disk leaves it."""
    broken = tmp_path / "beschaedigt.sqlite3"
    data = bytearray(source.read_bytes())
    with sqlite3.connect(source) as connection:
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'comments'"
        ).fetchone()[0]
    start = (root - 1) * 4096
    data[start : start + 4096] = b"\xff" * 4096
    broken.write_bytes(bytes(data))
    return broken


def test_restore_refuses_what_is_no_good_queue_and_changes_nothing(tmp_path):
    queue = tmp_path / "queue.sqlite3"
    fill(queue, 3)
    good = tmp_path / "gut.sqlite3"
    backup(queue, good)
    foreign = tmp_path / "fremd.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    newer = tmp_path / "neuer.sqlite3"
    backup(queue, newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("PRAGMA user_version = 99")
    text = tmp_path / "text.sqlite3"
    text.write_text("kein SQLite", encoding="utf-8")
    cases = {
        damaged(tmp_path, good): "it is damaged (SQLite's integrity check:",
        text: "it is no SQLite database",
        foreign: "it holds no comment queue (no table comments, preferences)",
        newer: "it was written by a newer version of the intake (schema 99",
        tmp_path / "fehlt.sqlite3": "there is no such file",
    }
    before = queue.read_bytes()
    for source, reason in cases.items():
        with pytest.raises(BackupError) as refused:
            restore(source, queue)
        assert f"{source} is not restored: {reason}" in str(refused.value)
        assert str(refused.value).endswith("Nothing was changed")
    assert queue.read_bytes() == before
    assert contents(queue).comments == 3


def test_the_tasks_back_up_and_restore_the_projects_queue(project, capsys):
    fill(project.queue, 2)
    target = project.root / "sicherung.sqlite3"
    project.run(tasks.backup, file=str(target))
    said = capsys.readouterr().out
    assert "2 comments (2 pending), 0 editor accounts, 0 mention requests" in said
    assert "integrity check: ok" in said
    fill(project.queue, 1, "Neu")
    project.run(tasks.restore, str(target))
    said = capsys.readouterr().out
    assert f"Restored {target} into queue.sqlite3: 2 comments (2 pending)" in said
    assert "It replaced 3 comments (3 pending), 0 editor accounts, 0 mention requests" in said
    assert "that queue is kept in backups/queue-" in said
    damaged_copy = damaged(project.root, target)
    with pytest.raises(Exit) as refused:
        project.run(tasks.restore, str(damaged_copy))
    assert "is damaged" in str(refused.value.message) and refused.value.code == 1


def test_a_damaged_queue_is_moved_aside_as_it_is_and_the_backup_restored(project, capsys):
    # The reason to restore at all: a bad disk damaged the live queue. It can be neither
    # copied (its copy fails the check) nor replaced row by row, so it is refused until
    # the editor stops the intake and says --damaged; then it is kept as it was.
    fill(project.queue, 2)
    saved = project.root / "sicherung.sqlite3"
    project.run(tasks.backup, file=str(saved))
    fill(project.queue, 1, "Nach der Sicherung")
    with sqlite3.connect(project.queue) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damaged(project.root, project.queue).replace(project.queue)
    (project.queue.parent / f"{project.queue.name}-wal").write_bytes(b"")
    broken = project.queue.read_bytes()
    capsys.readouterr()

    with pytest.raises(Exit) as refused:
        project.run(tasks.restore, str(saved))
    message = str(refused.value.message)
    assert refused.value.code == 1
    assert f"The queue {project.queue} is damaged (SQLite's integrity check: " in message
    assert "Stop the intake, then restore with --damaged" in message
    assert message.endswith("Nothing was changed")
    assert project.queue.read_bytes() == broken
    assert not (project.queue.parent / "backups").exists()

    project.run(tasks.restore, str(saved), damaged=True)
    said = capsys.readouterr().out
    assert f"Restored {saved} into queue.sqlite3: 2 comments (2 pending)" in said
    assert "The damaged queue (SQLite's integrity check: " in said
    assert "WARNING: there was no queue of the backup's own to compare with" in said
    [kept] = (project.queue.parent / "backups").glob("queue-*-damaged.sqlite3")
    assert f"is kept as it was in backups/{kept.name}." in said
    assert kept.read_bytes() == broken
    assert (kept.parent / f"{kept.name}-wal").exists()
    assert integrity_problem(project.queue) == ""
    assert contents(project.queue).comments == 2

    # --damaged on a whole queue (or none) is refused: it would give up what the normal
    # restore keeps (the queue as it was, and what comes in while it runs).
    whole = project.queue.read_bytes()
    with pytest.raises(Exit) as refused:
        project.run(tasks.restore, str(saved), damaged=True)
    assert "is whole (SQLite's integrity check: ok): restore without --damaged" in str(
        refused.value.message
    )
    assert project.queue.read_bytes() == whole
    with pytest.raises(BackupError, match="is missing: restore without --damaged"):
        restore(saved, project.root / "keine.sqlite3", damaged=True)
    assert not (project.root / "keine.sqlite3").exists()


def test_a_queue_on_a_database_server_is_left_to_its_own_tools(project, monkeypatch):
    # A file copy of a server's queue would copy nothing of it: both tasks say what to
    # use instead, name the server without its password, and write nothing.
    monkeypatch.setenv("COMMENTS_DATABASE_URL", "postgresql://hafenlicht:geheim@db.internal/queue")
    for task, arguments in ((tasks.backup, ()), (tasks.restore, ("sicherung.sqlite3",))):
        with pytest.raises(Exit) as refused:
            project.run(task, *arguments)
        message = str(refused.value.message)
        assert refused.value.code == 2 and "pg_dump" in message, message
        assert "db.internal" in message and "geheim" not in message
    assert not (project.root / "backups").exists()


def test_a_restore_deletes_again_what_readers_had_erased_since_the_backup(project, capsys):
    """GDPR Art. 17: an erasure, an unsubscribe and a reader's deleted comment made after
    the backup do not come back with it; the summary counts what was restored."""
    database = fill(project.queue, 0)
    database.preferences.secret()  # made at the intake's first start
    lea = NewComment("zu-wem-gehoert", "Lea", "Mein Kommentar", email="lea@x.example")
    lea_id = database.comments.add(replace(lea, state=State.APPROVED))
    reply = database.comments.add(
        NewComment("zu-wem-gehoert", "Tom", "Antwort an Lea", email="t@x.example", reply_to=lea_id)
    )
    own = database.comments.add(
        NewComment("zu-wem-gehoert", "Ida", "Gelöscht", email="i@x.example")
    )
    database.subscribers.request("abo@x.example", "de", "form", "c")
    database.subscribers.request("bleibt@x.example", "de", "form", "c")
    database.reply_subscriptions.request(lea_id, "zu-wem-gehoert", "lea@x.example", "de", "c")
    database.reports.add(
        "zu-wem-gehoert", reply, "other", "unfreundlich", "Lea", "lea@x.example", "de"
    )
    saved = project.root / "sicherung.sqlite3"
    project.run(tasks.backup, file=str(saved))
    assert "2 newsletter subscribers, 1 reply subscription, 1 report" in capsys.readouterr().out

    project.run(tasks.erase, email="lea@x.example")  # after the backup
    database.subscribers.remove_email("abo@x.example")  # an unsubscribe
    database.comments.delete_ids([own])  # a reader deleting their comment
    later = database.comments.add(NewComment("zu-wem-gehoert", "Max", "Neu", email="m@x.example"))
    capsys.readouterr()

    project.run(tasks.restore, str(saved))
    said = capsys.readouterr().out
    assert "3 comments (2 pending), 0 editor accounts, 0 mention requests, 2 newsletter " in said
    assert (
        "Deleted again what the queue had deleted since the backup: 2 comments, "
        "1 newsletter subscriber, 1 reply subscription, 1 report's reporter." in said
    ), said
    with Database(project.queue) as restored:
        assert {row.id for row in restored.comments.rows()} == {reply}
        assert restored.comments.get(reply).reply_to == ""  # moved up, as the erasure did
        assert restored.subscribers.by_email("abo@x.example") is None
        assert restored.subscribers.by_email("bleibt@x.example") is not None
        assert restored.reply_subscriptions.of_email("lea@x.example") == []
        assert restored.reports.of_reporter("lea@x.example") == []
        assert len(restored.reports.rows()) == 1  # the report stays, without its reporter
        _cursor, changes = restored.journal.changes_since(0)
        assert changes[lea_id] == ("zu-wem-gehoert", False)  # the sync removes its file
    [kept] = (project.queue.parent / "backups").glob("*-before-restore.sqlite3")
    assert later in ids(kept)  # what came after the backup is in the kept file


def test_a_restore_without_a_queue_of_its_own_warns_that_erasures_are_back(project, capsys):
    fill(project.queue, 2).preferences.secret()
    saved = project.root / "sicherung.sqlite3"
    project.run(tasks.backup, file=str(saved))
    for leftover in project.queue.parent.glob(f"{project.queue.name}*"):
        leftover.unlink()  # the machine was lost
    capsys.readouterr()
    project.run(tasks.restore, str(saved))
    said = capsys.readouterr().out
    assert "WARNING: there was no queue of the backup's own to compare with" in said
    assert "invoke comments.erase --email ADDRESS" in said
    fill(project.root / "andere.sqlite3", 1).preferences.secret()  # another secret: no diff
    restore(project.root / "andere.sqlite3", project.queue)
    done = restore(saved, project.queue)
    assert done.deleted_again is None and len(ids(project.queue)) == 2


def test_queue_files_and_their_folders_are_private_whatever_the_umask(project, tmp_path):
    """Queue files hold e-mail addresses: a new one is 0600 (and its -wal), a folder made
    for it 0700, also under a umask of 022: the queue the intake makes, a restore into a
    missing queue, a backup's folder, and `comments.copy-queue --to FILE`."""
    from invoke import Context

    from intake.queue_tasks import copy_queue_

    old_umask = os.umask(0o022)
    try:
        made = tmp_path / "neu" / "var" / "comments.sqlite3"
        fill(made, 2)
        saved = tmp_path / "sicherungen" / "jeden-tag" / "kopie.sqlite3"
        backup(made, saved)
        restored = tmp_path / "wieder" / "comments.sqlite3"
        restore(saved, restored)
        fill(project.queue, 1)
        copied = tmp_path / "kopiert" / "queue.sqlite3"
        copy_queue_(Context(), to=str(copied), settings=project.settings)
    finally:
        os.umask(old_umask)
    for path in (made, Path(f"{made}-wal"), saved, restored, copied):
        assert path.stat().st_mode & 0o777 == 0o600, path
    for folder in (made.parent, made.parent.parent, saved.parent, saved.parent.parent):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    assert restored.parent.stat().st_mode & 0o777 == 0o700
    assert copied.parent.stat().st_mode & 0o777 == 0o700
