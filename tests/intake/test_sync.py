"""The machine export of the intake and `invoke comments.sync`, over real HTTP."""

import pytest
from invoke import Exit

from comments.model import State
from conftest import free_port
from intake import loop_tasks
from intake.sync import SyncError, apply
from tests.comments.conftest import ARTICLE, FIRST
from waitress_thread import served_by_waitress

TOKEN = "ein-langes-sync-token"


def submit(client, **changes) -> str:
    data = {
        "article": ARTICLE,
        "author": "Leserin Lea",
        "email": "lea@example.org",
        "text": "Danke für den Beitrag!",
        "answer": "7",
        "consent": "yes",
        **changes,
    }
    answer = client.post("/kommentare/neu", data=data, headers={"Accept": "application/json"})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"]


def test_the_export_needs_the_token_and_holds_no_address(make_client, form):
    client, app = make_client(sync_token=TOKEN)
    comment_id = submit(client, article="zu-wem-gehoert")
    app.store.set_state([comment_id], State.APPROVED)
    assert client.get("/kommentare/sync").status_code == 401
    wrong = client.get("/kommentare/sync", headers={"Authorization": "Bearer falsch"})
    assert wrong.status_code == 401 and "WWW-Authenticate" in wrong.headers
    assert (
        client.post("/kommentare/sync", headers={"Authorization": f"Bearer {TOKEN}"}).status_code
        == 401
    )
    answer = client.get("/kommentare/sync", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    data = answer.get_json()
    assert [c["id"] for c in data["approved"]] == [comment_id] and data["removed"] == []
    assert "@" not in answer.get_data(as_text=True)
    assert "client" not in answer.get_data(as_text=True)
    later = client.get(
        f"/kommentare/sync?since={data['cursor']}",
        headers={"Authorization": f"Bearer {TOKEN}"},
    ).get_json()
    assert later["approved"] == [] and later["cursor"] == data["cursor"]
    bad = client.get("/kommentare/sync?since=x", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400


def test_without_a_token_there_is_no_export(make_client):
    client, _app = make_client()
    assert client.get("/kommentare/sync", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.fixture
def served(project):
    """The intake of the project's queue, on a real port."""
    assert project.build().ok
    app = project.intake(sync_token=TOKEN).application
    port = free_port()
    with served_by_waitress(app, port, threads=2):
        yield f"http://127.0.0.1:{port}", app


def test_sync_writes_what_export_writes_idempotently_and_removes(
    served, project, capsys, monkeypatch
):
    url, app = served
    monkeypatch.setenv("COMMENTS_SYNC_TOKEN", TOKEN)
    from werkzeug.test import Client

    client = Client(app)
    first = submit(client)
    second = submit(client, text="Ein zweiter Gedanke.", author="Jan")
    app.store.set_state([first, second], State.APPROVED)
    capsys.readouterr()
    project.run(loop_tasks.sync_, from_=url)
    out = capsys.readouterr().out
    assert "2 comments added, 0 changed, 0 removed" in out
    assert f"added: content/comments/{ARTICLE}/{first}.md" in out
    synced = project.files()
    project.run(loop_tasks.sync_, from_=url)
    assert "0 comments added, 0 changed, 0 removed" in capsys.readouterr().out
    # The same bytes as the export on the server would write.
    from intake import tasks as comment_tasks

    project.run(comment_tasks.export)
    assert "0 comment files written" in capsys.readouterr().out
    assert project.files() == synced
    app.store.set_state([second], State.REJECTED, "Off-Topic")
    project.run(loop_tasks.sync_, from_=url)
    assert "removed: content/comments" in capsys.readouterr().out
    assert second not in project.files() and first in project.files()


def test_sync_says_what_is_wrong(project, monkeypatch):
    monkeypatch.delenv("COMMENTS_SYNC_TOKEN", raising=False)
    with pytest.raises(Exit, match="COMMENTS_SYNC_TOKEN"):
        project.run(loop_tasks.sync_, from_="http://127.0.0.1:9")
    monkeypatch.setenv("COMMENTS_SYNC_TOKEN", TOKEN)
    with pytest.raises(Exit, match="could not be read"):
        project.run(loop_tasks.sync_, from_=f"http://127.0.0.1:{free_port()}")
    assert not project.comments.joinpath("neu").exists()


def test_sync_and_export_write_the_same_files_orphaned_replies_included(
    served, project, capsys, monkeypatch
):
    # One queue, two ways into git: the export on the intake's machine and the sync on a
    # checkout. A removed comment leaves a reply in the queue and a reply written by hand
    # (unknown to the queue); both move up to the nearest published ancestor either way.
    url, app = served
    monkeypatch.setenv("COMMENTS_SYNC_TOKEN", TOKEN)
    from werkzeug.test import Client

    from intake import tasks as comment_tasks

    client = Client(app)
    parent = submit(client, text="Erst freigegeben, dann doch nicht.", reply_to=FIRST)
    app.store.set_state([parent], State.APPROVED)
    project.run(comment_tasks.export)
    assert project.build().ok  # the article list now names the parent
    answer = submit(client, author="Jan", text="Eine Antwort darauf.", reply_to=parent)
    app.store.set_state([answer], State.APPROVED)
    project.run(comment_tasks.export)
    by_hand = project.comments / ARTICLE / "20250312-120000-ff00ff.md"
    by_hand.write_text(
        f"Author: Redaktion\nDate: 2025-03-12T12:00+01:00\nReply-To: {parent}\n\nVon Hand.\n",
        encoding="utf-8",
    )
    before = project.files()
    app.store.set_state([parent], State.REJECTED, "Nachträglich abgelehnt")

    project.run(comment_tasks.export)
    exported = project.files()
    for path in (project.comments / ARTICLE).glob("*.md"):
        path.unlink()
    for name, text in before.items():
        (project.comments / ARTICLE / f"{name}.md").write_text(text, encoding="utf-8")
    capsys.readouterr()
    project.run(loop_tasks.sync_, from_=url)
    synced = project.files()

    assert synced == exported
    assert parent not in synced
    assert f"Reply-To: {FIRST}\n" in synced[answer]
    assert f"Reply-To: {FIRST}\n" in synced[by_hand.stem]
    assert project.build().ok


# --- hostile answers: nothing outside content/comments/ is written or deleted -------

GOOD = {
    "id": "20250311-081500-aa11bb",
    "article": "ein-beitrag",
    "author": "Lea",
    "created": "2025-03-11T08:15:00+00:00",
    "website": "",
    "reply_to": "",
    "kind": "comment",
    "role": "",
    "text": "Gut.",
}


def tree(root) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    ("article", "comment_id"),
    [
        ("../../evil", "x"),
        ("..", "x"),
        ("../evil", "x"),
        ("ein-beitrag/../../evil", "x"),
        ("/tmp/evil", "x"),
        ("ein-beitrag", "../../evil"),
        ("ein-beitrag", "../x"),
        ("ein-beitrag", "a/b"),
        ("ein-beitrag", ".hidden"),
        ("ein-beitrag", "nul\x00"),
        ("ein-beitrag", "x" * 65),
        ("", "x"),
        ("ein-beitrag", ""),
        ("Ein-Beitrag", "x"),
        ("ein beitrag", "x"),
        ("ein-beitrag\n", "x"),
    ],
)
@pytest.mark.parametrize("where", ["approved", "removed"])
def test_an_answer_naming_a_file_outside_is_refused_whole(tmp_path, article, comment_id, where):
    folder = tmp_path / "project" / "content" / "comments"
    (folder / "ein-beitrag").mkdir(parents=True)
    (folder / "ein-beitrag" / "c1.md").write_text("Author: A\nDate: 2025-01-01\n\nHallo.\n")
    # Files an evil answer might aim at, inside the tmp folder and outside the comments.
    (tmp_path / "evil").mkdir()
    (tmp_path / "evil" / "x.md").write_text("bleibt\n")
    (tmp_path / "project" / "content" / "evil").mkdir()
    (tmp_path / "project" / "content" / "evil" / "x.md").write_text("bleibt\n")
    before = tree(tmp_path)
    record = {**GOOD, "article": article, "id": comment_id}
    answer = {
        "cursor": 3,
        "approved": [GOOD] + ([record] if where == "approved" else []),
        "removed": [{"id": "c1", "article": "ein-beitrag"}]
        + ([{"id": comment_id, "article": article}] if where == "removed" else []),
    }
    with pytest.raises(SyncError, match="names no comment file"):
        apply(answer, folder, "Europe/Berlin")
    assert tree(tmp_path) == before  # the good record was not written, c1 not removed


@pytest.mark.parametrize(
    "answer",
    [
        [],
        "kaputt",
        {"approved": [{"id": "x"}]},
        {"removed": [{"id": "x"}]},
        {"approved": "x"},
        {"cursor": "drei"},
    ],
)
def test_an_answer_that_is_no_sync_answer_is_refused(tmp_path, answer):
    with pytest.raises(SyncError):
        apply(answer, tmp_path, "Europe/Berlin")
    assert list(tmp_path.iterdir()) == []


def test_a_good_answer_is_written(tmp_path):
    result = apply({"cursor": 1, "approved": [GOOD]}, tmp_path, "Europe/Berlin")
    assert [p.relative_to(tmp_path).as_posix() for p in result.added] == [
        "ein-beitrag/20250311-081500-aa11bb.md"
    ]
