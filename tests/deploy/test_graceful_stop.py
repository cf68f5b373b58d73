"""Stopping the intake as systemd stops it (the unit's command, SIGINT or SIGTERM) while
readers post: accepted requests are answered, new connections refused, nothing reset."""

import http.client
import signal
import sqlite3
import threading
import time
import urllib.parse
from collections import Counter

import pytest

from deploy_server import serve_as_the_unit, wait_for_port
from tests.comments.conftest import FORM

pytestmark = pytest.mark.slow


def post(port: int, text: str) -> str:
    """One comment over a new connection: its id, or the kind of failure."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "POST",
            "/kommentare/neu",
            urllib.parse.urlencode({**FORM, "text": text}),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        )
        answer = connection.getresponse()
        body = answer.read()
        if answer.status != 201:
            return f"status {answer.status}"
        return "id:" + body.decode().split('"id": "')[1].split('"')[0]
    except ConnectionRefusedError:
        return "refused"  # after the stop began: nginx tries the next host
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__  # reset, closed without an answer: in flight, lost
    finally:
        connection.close()


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_under_load_answers_every_accepted_request(tmp_path, stop_signal):
    intake = serve_as_the_unit(tmp_path, COMMENTS_SECRET_KEY="k" * 43, COMMENTS_RATE_LIMIT="0")
    wait_for_port(intake.port)
    outcomes: list[str] = []
    lock = threading.Lock()
    done = threading.Event()

    def reader(number: int) -> None:
        count = 0
        while not done.is_set():
            outcome = post(intake.port, f"Leserin {number}, Kommentar {count} zur Hafenkante")
            with lock:
                outcomes.append(outcome)
            if outcome == "refused":
                return
            count += 1

    readers = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    for thread in readers:
        thread.start()
    try:
        while len(outcomes) < 100:
            time.sleep(0.05)
        intake.send_signal(stop_signal)
        assert intake.wait(timeout=30) == 0, intake.log.read_text()
    finally:
        done.set()
        for thread in readers:
            thread.join(timeout=60)
        if intake.poll() is None:
            intake.kill()
            intake.wait()
    kinds = Counter("id" if o.startswith("id:") else o for o in outcomes)
    assert set(kinds) <= {"id", "refused"}, kinds  # no reset, no request left unanswered
    acknowledged = {o[3:] for o in outcomes if o.startswith("id:")}
    with sqlite3.connect(tmp_path / "comments.sqlite3") as queue:
        stored = {row[0] for row in queue.execute("SELECT id FROM comments")}
    assert acknowledged <= stored
    assert "Traceback" not in intake.log.read_text()
