"""``/kommentare/health`` for monitors and load balancers: a word per part, no data."""

import json
import time
import urllib.error
import urllib.request

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


@pytest.mark.postgres
def test_with_the_database_server_down_the_health_check_answers_503_at_once(make_settings):
    """nginx waits 10 s for the health location: the intake answers 503 "not writable"
    well within that (the pool's 30 s wait made it 504), over real HTTP, and again
    ok once the server is back."""
    from conftest import free_port
    from intake.app import IntakeApp
    from postgres_server import Cluster
    from waitress_thread import served_by_waitress

    cluster = Cluster().start()
    try:
        app = IntakeApp(make_settings(database_url=cluster.database()))
        port = free_port()
        url = f"http://127.0.0.1:{port}/kommentare/health"
        with served_by_waitress(app, port):
            assert health(url) == (200, "ok")
            cluster.halt()
            for _ in range(2):  # the broken pooled connection, then none to be had
                started = time.monotonic()
                assert health(url) == (503, "not writable")
                assert time.monotonic() - started < 8
            cluster.resume()
            # The pool connects again on its own (with a growing pause between tries).
            deadline = time.monotonic() + 60
            while health(url) != (200, "ok"):
                assert time.monotonic() < deadline, "not healthy again within 60 s"
                time.sleep(0.5)
        app.database.close()
    finally:
        cluster.stop()


def health(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, json.loads(answer.read())["queue"]
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())["queue"]
