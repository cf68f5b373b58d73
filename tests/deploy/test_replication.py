"""Replication of the queue with Litestream (deploy/litestream.yml, the Litestream unit's
commands) to moto's S3 server on 127.0.0.1: the machine is lost while readers write,
the queue comes back from the bucket.

Readers post without pause; the intake and Litestream are killed (-9) at the same
moment, the queue and Litestream's files are deleted, the unit's restore brings the
queue back, and the intake starts on it. What was acknowledged and is missing is the
replication window; everything acknowledged before a moment the replica was seen to
hold must be back, and the queue must pass SQLite's integrity check.
"""

import http.client
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from comment_sender import send_comment
from deploy_server import (
    DEPLOY,
    serve_as_the_unit,
    unit_command,
    unit_commands,
    unit_environment,
    wait_for_port,
)
from intake.backup import integrity_problem
from s3_local import CREDENTIALS, client, s3_server
from tests.comments.conftest import FORM

pytestmark = [pytest.mark.slow, pytest.mark.litestream]

UNIT = "hafenlicht-litestream.service"
RESTORE = "hafenlicht-restore.service"  # runs before it: restores a missing queue
SERVER_QUEUE = "/var/lib/hafenlicht/comments.sqlite3"
SERVER_CONFIG = "/etc/hafenlicht/litestream.yml"
WRITERS = 4


class Readers:
    """Threads that post comments to the intake without pause and note, for each one
    acknowledged (201), its id and when the answer came.

    Until ``machine_lost`` is set, every post must be acknowledged: a failure is noted
    and ``so_far`` raises it in the test's thread (a thread's own exception would only
    become a warning). After it, a post that fails was not acknowledged."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.acknowledged: dict[str, float] = {}
        self.failures: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.machine_lost = threading.Event()
        self.threads = [threading.Thread(target=self.write, args=(n,)) for n in range(WRITERS)]

    def write(self, reader: int) -> None:
        number = 0
        while not self.stop.is_set():
            text = f"Leserin {reader}, Kommentar {number}: die Hafenkante im Abendlicht."
            try:
                found = send_comment(self.url, {**FORM, "text": text}, timeout=30)
            except Exception as error:  # noqa: BLE001 (reported to the test's thread)
                # The intake killed: a refused or reset connection (OSError), or an
                # answer cut off after its headers (IncompleteRead, an HTTPException:
                # waitress may send the headers before the worker has written the body).
                if self.machine_lost.is_set() and isinstance(
                    error, (OSError, ValueError, http.client.HTTPException)
                ):
                    continue
                with self.lock:
                    self.failures.append(f"reader {reader}: {error!r}")
                return
            with self.lock:
                self.acknowledged[found["id"]] = time.monotonic()
            number += 1

    def __enter__(self) -> "Readers":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def so_far(self) -> dict[str, float]:
        with self.lock:
            assert not self.failures, f"a post failed while the intake ran: {self.failures}"
            return dict(self.acknowledged)


def ids(queue: Path) -> set[str]:
    with sqlite3.connect(f"{queue.as_uri()}?mode=ro", uri=True) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM comments")}


def wait_until(condition, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.2)


@pytest.fixture
def replica(tmp_path):
    """moto's S3 server with a private bucket, and Litestream's environment file filled in
    for it (only the variables the file names, plus PATH and HOME)."""
    with s3_server() as endpoint:
        bucket = f"kommentare-{uuid.uuid4().hex[:12]}"
        client(endpoint).create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        queue = tmp_path / "state" / "comments.sqlite3"
        queue.parent.mkdir(mode=0o700)
        config = tmp_path / "litestream.yml"
        shipped = (DEPLOY / "litestream.yml").read_text(encoding="utf-8")
        assert SERVER_QUEUE in shipped
        config.write_text(shipped.replace(SERVER_QUEUE, str(queue)), encoding="utf-8")
        environment = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "REPLICA_BUCKET": bucket,
            "REPLICA_PATH": "kommentare/comments.sqlite3",
            "REPLICA_ENDPOINT": endpoint,
            "REPLICA_REGION": "eu-central-1",
            "REPLICA_FORCE_PATH_STYLE": "true",  # moto on an IP address
            "AWS_ACCESS_KEY_ID": CREDENTIALS["AWS_ACCESS_KEY_ID"],
            "AWS_SECRET_ACCESS_KEY": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        }

        def here(command: list[str]) -> list[str]:
            return [
                str(config)
                if part == SERVER_CONFIG
                else str(queue)
                if part == SERVER_QUEUE
                else part
                for part in command
            ]

        def run(key: str) -> subprocess.Popen | subprocess.CompletedProcess:
            """The Litestream unit's command (``ExecStart``), or the restore unit's
            commands in order until one fails (``restore``), for this queue."""
            if key == "ExecStart":
                with (tmp_path / "litestream.log").open("a") as log:
                    argv = here(unit_command(UNIT, key))
                    return subprocess.Popen(argv, env=environment, stdout=log, stderr=log)
            for command in unit_commands(RESTORE):
                done = subprocess.run(
                    here(command),
                    env={**environment, **unit_environment(RESTORE)},
                    capture_output=True,
                    text=True,
                    timeout=120,
                )
                if done.returncode != 0:
                    break
            return done

        yield queue, run, environment, config


def test_a_lost_machine_comes_back_from_the_replica_with_a_bounded_loss(replica, tmp_path):
    queue, run, environment, config = replica
    first_start = run("restore")  # no queue, an empty replica: a new empty queue
    assert first_start.returncode == 0, first_start.stderr
    assert ids(queue) == set()
    secret = {"COMMENTS_SECRET_KEY": "k" * 43, "COMMENTS_RATE_LIMIT": "0"}
    intake = serve_as_the_unit(tmp_path, COMMENTS_DB_PATH=str(queue), **secret)
    wait_for_port(intake.port)
    litestream = run("ExecStart")
    url = f"http://127.0.0.1:{intake.port}/kommentare/neu"
    with Readers(url) as readers:
        wait_until(lambda: len(readers.so_far()) >= 150, "150 comments acknowledged")
        # A moment the replica is seen to hold: every comment acknowledged before it.
        seen = set(readers.so_far())
        probe = tmp_path / "probe.sqlite3"

        def replica_holds_them() -> bool:
            probe.unlink(missing_ok=True)
            restored = subprocess.run(
                [
                    unit_command(UNIT)[0],
                    "restore",
                    "-config",
                    str(config),
                    "-o",
                    str(probe),
                    str(queue),
                ],
                env=environment,
                capture_output=True,
                timeout=120,
            )
            return restored.returncode == 0 and seen <= ids(probe)

        wait_until(replica_holds_them, "the replica holds the first comments")
        written = len(readers.so_far())
        wait_until(lambda: len(readers.so_far()) >= written + 100, "more comments")
        # The machine is lost: both processes at once, nothing flushed, nothing said.
        readers.machine_lost.set()  # before the kill: a post it cuts off is not a failure
        for process in (intake, litestream):
            os.kill(process.pid, signal.SIGKILL)
        killed = time.monotonic()
        for process in (intake, litestream):
            process.wait(timeout=30)
    acknowledged = readers.so_far()
    for leftover in queue.parent.iterdir():  # the queue, -wal, -shm, Litestream's own
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()

    restored = run("restore")  # the unit on a new machine: restores the missing queue
    assert restored.returncode == 0, restored.stderr
    assert integrity_problem(queue) == ""
    back = ids(queue)
    lost = set(acknowledged) - back
    assert seen <= back  # what the replica was seen to hold came back, all of it
    assert len(lost) < len(acknowledged) - len(seen)  # the loss is the last moments only
    window = killed - max(acknowledged[i] for i in back if i in acknowledged)
    print(
        f"\nreplication: {len(acknowledged)} comments acknowledged ({len(seen)} seen in the "
        f"replica before the last {len(acknowledged) - len(seen)}), {len(lost)} lost "
        f"(the last {window:.1f} s before the kill); restored queue: integrity_check ok"
    )

    again = serve_as_the_unit(tmp_path, COMMENTS_DB_PATH=str(queue), **secret)
    try:
        wait_for_port(again.port)
        health = f"http://127.0.0.1:{again.port}/kommentare/health"
        with urllib.request.urlopen(health, timeout=60) as answer:
            assert json.loads(answer.read())["queue"] == "ok"
        assert send_comment(f"http://127.0.0.1:{again.port}/kommentare/neu", FORM)["id"]
    finally:
        again.terminate()
        again.wait(timeout=60)
