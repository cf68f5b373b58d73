"""``/kommentare/health`` for monitors and load balancers: a word per part, no data."""

import pytest

import intake.health


def test_a_healthy_intake_answers_200_and_nothing_else(make_client):
    client, _app = make_client()
    answer = client.get("/kommentare/health")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok", "queue": "ok", "articles": "ok"}
    assert answer.headers["Cache-Control"] == "no-store"
    assert client.head("/kommentare/health").status_code == 200
    assert client.post("/kommentare/health").status_code == 405


def test_without_the_article_list_it_is_failing(make_client, tmp_path):
    client, _app = make_client(manifest_path=str(tmp_path / "fehlt" / "artikel.json"))
    answer = client.get("/kommentare/health")
    assert answer.status_code == 503
    assert answer.get_json() == {"status": "failing", "queue": "ok", "articles": "missing"}


def test_a_queue_that_cannot_be_written_is_failing_and_named_in_the_log(
    make_client, tmp_path, caplog
):
    queue = tmp_path / "queue.sqlite3"
    client, _app = make_client(db_path=str(queue))
    for path in tmp_path.glob("queue.sqlite3-*"):
        path.unlink()
    queue.write_bytes(b"\0" * queue.stat().st_size)  # a damaged disk
    answer = client.get("/kommentare/health")
    assert answer.status_code == 503
    assert answer.get_json()["queue"] == "not writable"
    assert str(tmp_path) not in answer.get_data(as_text=True)  # no paths for the public
    assert f"{queue} cannot be written" in caplog.text


def test_a_full_disk_is_failing(make_client, monkeypatch):
    client, _app = make_client()
    monkeypatch.setattr(intake.health, "MIN_FREE_BYTES", 2**62)  # more than any disk has
    answer = client.get("/kommentare/health")
    assert answer.status_code == 503
    assert answer.get_json()["queue"] == "disk full"


def test_a_queue_file_gone_is_missing_and_not_made_again(make_client, tmp_path):
    queue = tmp_path / "queue.sqlite3"
    client, _app = make_client(db_path=str(queue))
    for path in tmp_path.glob("queue.sqlite3*"):
        path.unlink()
    answer = client.get("/kommentare/health")
    assert answer.status_code == 503
    assert answer.get_json()["queue"] == "missing"
    assert not queue.exists()


@pytest.mark.postgres
def test_a_queue_on_postgresql_answers_from_its_write_transaction(make_client, postgres_url):
    # A server's queue has no file to find and no disk of ours to measure: the write
    # transaction alone answers (a file path would have been asked for and be missing).
    client, app = make_client(database_url=postgres_url)
    try:
        answer = client.get("/kommentare/health")
        assert answer.status_code == 200
        assert answer.get_json() == {"status": "ok", "queue": "ok", "articles": "ok"}
    finally:
        app.database.close()
