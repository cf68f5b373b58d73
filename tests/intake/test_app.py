"""The intake as a real server on 127.0.0.1: concurrency, a killed process, e-mail."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest

from conftest import free_port
from intake.app import IntakeApp
from intake.store import Database
from mail_relay import running_relay
from waitress_thread import served_by_waitress

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def send(url: str, form: dict) -> int:
    """POST the form; the HTTP status, or 0 when the connection broke."""
    data = urllib.parse.urlencode(form).encode()
    try:
        with OPENER.open(urllib.request.Request(url, data=data), timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    """Until ``process`` listens on ``port``, or fail at once when it has ended.

    The process is a fresh interpreter that imports the intake (and, for `invoke`, the
    project's tasks) before it binds: 2 s on a quiet machine, up to 14 s beside six
    busy loops, and a count of 200 short tries (about 10 s) ran out in a run of
    tests/intake beside another test run. So the wait is not a guess at how long a
    start takes: it ends when the port listens or the process ends, and the deadline
    only stops a process that hangs."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server ended (exit {process.returncode}) before it listened")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port} after 120 s")


@pytest.fixture
def server(make_settings):
    """The real app behind waitress in a thread; yields (url, app)."""
    with ExitStack() as running:

        def start(**changes):
            app = IntakeApp(make_settings(**changes))
            port = free_port()
            running.enter_context(served_by_waitress(app, port, threads=16))
            return f"http://127.0.0.1:{port}/kommentare/neu", app

        yield start


def test_200_concurrent_posts_all_land_exactly_once(server, form):
    url, app = server(rate_limit=1000)
    forms = [
        {**form, "text": f"Kommentar Nummer {number} aus dem Lasttest"} for number in range(200)
    ]
    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(lambda f: send(url, f), forms))
    assert statuses == [303] * 200
    rows = app.store.rows()
    assert sorted(row.text for row in rows) == sorted(f["text"] for f in forms)
    assert len({row.id for row in rows}) == 200


def start_production_intake(settings, port: int) -> subprocess.Popen:
    """The intake as README.md runs it in production: waitress-serve and COMMENTS_* variables."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT / "plugins"),
        "COMMENTS_DB_PATH": settings.db_path,
        "COMMENTS_MANIFEST_PATH": settings.manifest_path,
        "COMMENTS_THEME_PATH": settings.theme_path,
        "COMMENTS_SITE_URL": "https://blog.example",
        "COMMENTS_RATE_LIMIT": "0",
        "COMMENTS_PROXIES": "1",
    }
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "waitress-serve"),
            f"--listen=127.0.0.1:{port}",
            "--threads=8",
            "intake.wsgi:application",
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_killed_intake_loses_no_accepted_comment(make_settings, form):
    """SIGKILL while 40 readers are sending: every comment that was answered with 303 is
    in the queue afterwards, and the queue file is intact."""
    settings = make_settings()
    port = free_port()
    process = start_production_intake(settings, port)
    url = f"http://127.0.0.1:{port}/kommentare/neu"
    answered: dict[str, int] = {}
    try:
        wait_for_port(port, process)

        def reader(number: int) -> None:
            for attempt in range(50):
                text = f"Leser {number}, Kommentar {attempt}"
                answered[text] = send(url, {**form, "text": text})
                if answered[text] == 0:
                    return  # the server is gone

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(40)]
        for thread in threads:
            thread.start()
        # Generous: a loaded 2-core host answers slowly. The readers write to ``answered``
        # while this loop counts, so it counts a copy (a dict must not change mid-loop).
        deadline = time.monotonic() + 120
        while sum(status == 303 for status in list(answered.values())) < 150:
            assert time.monotonic() < deadline, "the intake answered too few requests"
            time.sleep(0.01)
    finally:
        os.kill(process.pid, signal.SIGKILL)  # no shutdown, no cleanup, mid-request
        process.wait()
    for thread in threads:
        thread.join()
    accepted = {text for text, status in answered.items() if status == 303}
    assert len(accepted) >= 150
    assert any(status == 0 for status in answered.values())  # killed while busy
    connection = sqlite3.connect(settings.db_path)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row.text for row in Database(settings.db_path).comments.rows()}
    assert accepted <= stored  # nothing that was answered is lost
    assert stored <= set(answered)  # and nothing appears that nobody sent


def test_the_editorial_team_gets_an_email_without_the_commenters_address(server, form):
    with running_relay() as relay:
        url, _app = server(
            smtp_host="127.0.0.1",
            smtp_port=relay.port,
            mail_to=("redaktion@hafenlicht.example",),
            mail_from="kommentare@hafenlicht.example",
        )
        assert send(url, form) == 303
        assert send(url, {**form, "text": "Bestes Casino im Norden"}) == 303
        relay.wait(2)
    mails = sorted(relay.mails, key=lambda m: m["Subject"])
    assert relay.recipients == [["redaktion@hafenlicht.example"]] * 2
    assert mails[0]["Subject"] == "Neuer Kommentar zu „Zu wem gehört?“"
    assert mails[1]["Subject"] == "Neuer Kommentar zu „Zu wem gehört?“ [Spam? Spamwörter: casino]"
    body = mails[0].get_content()
    assert "\nVon:          Leserin Lea\n" in body.replace("\r\n", "\n")
    assert "\nWebsite:      https://lea.example\n" in body.replace("\r\n", "\n")
    assert "\n> Danke für den Beitrag!\n" in body.replace("\r\n", "\n")
    assert "https://blog.example/2024/02/zu-wem-gehoert/" in body
    assert "invoke comments.approve" in body
    assert "lea@example.org" not in body


def test_a_broken_mail_server_does_not_cost_the_comment(server, form, caplog):
    url, app = server(
        smtp_host="127.0.0.1", smtp_port=free_port(), mail_to=("redaktion@hafenlicht.example",)
    )
    assert send(url, form) == 303
    assert len(app.store.rows()) == 1
    for _ in range(200):
        if any("Could not send the notification" in r.getMessage() for r in caplog.records):
            break
        time.sleep(0.05)
    (record,) = [r for r in caplog.records if "the notification for comment" in r.getMessage()]
    assert record.levelname == "ERROR"


def test_an_intake_that_stops_first_hands_over_the_editors_notice_it_is_sending(server, form):
    with running_relay(delay=1.0) as relay:  # the relay answers after the reader's page
        url, app = server(
            smtp_host="127.0.0.1", smtp_port=relay.port, mail_to=("redaktion@hafenlicht.example",)
        )
        assert send(url, form) == 303
        assert relay.mails == []  # sent from a thread: the reader did not wait for it
        app.close()  # the server stops (waitress returned, Ctrl-C, the service's SIGINT)
        (mail,) = relay.mails
    assert mail["Subject"] == "Neuer Kommentar zu „Zu wem gehört?“"


def test_invoke_comments_serve_takes_comments_for_the_built_site(project):
    """`invoke comments.serve` as a developer runs it next to `invoke livereload`."""
    assert project.build().ok
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "invoke"),
            "comments.serve",
            "--port",
            str(port),
            "--settings",
            project.settings,
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "COMMENTS_MANIFEST_PATH": str(project.root / "output/kommentare/artikel.json"),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_port(port, process)
        status = send(
            f"http://127.0.0.1:{port}/",
            {
                "article": "lokalredaktionen-lesen-anders",
                "author": "Entwicklerin",
                "email": "dev@example.org",
                "text": "Ausprobiert mit invoke comments.serve.",
                "answer": "sieben",
                "consent": "yes",
            },
        )
        assert status == 303
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert f"Comment intake on http://127.0.0.1:{port}/ for the site at http://localhost:8000" in (
        output
    )
    (row,) = project.database().comments.rows()
    assert (row.author, row.state) == ("Entwicklerin", "pending")
