"""hafenlicht-restore.service and the intake's drop-in (deploy/), run as shipped with the
real Litestream binary and a replica in a local folder: a rebuilt machine comes up with
the queue of the lost one, a replica that cannot be reached keeps everything stopped
(never an empty queue replicated over it), and the very first start gets an empty queue.

The unit's commands run in order, as systemd runs a oneshot unit: the first failure
ends it, and the intake (Requires=, After=) is then not started by systemd; the test
starts it anyway, as a careless `systemctl start` would, with the drop-in's setting.
"""

import json
import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from comment_sender import send_comment
from conftest import ROOT
from deploy_server import (
    DEPLOY,
    serve_as_the_unit,
    unit_command,
    unit_commands,
    unit_environment,
    wait_for_port,
)
from tests.comments.conftest import FORM

pytestmark = [pytest.mark.slow, pytest.mark.litestream]

RESTORE = "hafenlicht-restore.service"
DROP_IN = "hafenlicht-intake.service.d/replication.conf"
SERVER_QUEUE = "/var/lib/hafenlicht/comments.sqlite3"
SERVER_CONFIG = "/etc/hafenlicht/litestream.yml"
SECRET = {"COMMENTS_SECRET_KEY": "k" * 43, "COMMENTS_RATE_LIMIT": "0"}


class Machine:
    """One machine's state folder, Litestream's shipped configuration with the replica
    in a local folder (``replica``), and the shipped units' commands for them."""

    def __init__(self, tmp_path: Path, replica: Path, name: str) -> None:
        self.folder = tmp_path / name
        self.state = self.folder / "state"
        self.state.mkdir(parents=True, mode=0o700)  # StateDirectory=
        self.queue = self.state / "comments.sqlite3"
        shipped = (DEPLOY / "litestream.yml").read_text(encoding="utf-8")
        # Only the replica's kind and place differ from the shipped file (S3 there).
        local, replaced = re.subn(
            r"      type: s3\n(?:      (?:bucket|path|endpoint|region|force-path-style):.*\n)+",
            "      type: file\n      path: ${REPLICA_PATH}\n",
            shipped.replace(SERVER_QUEUE, str(self.queue)),
        )
        assert replaced == 1, "deploy/litestream.yml: the replica block has changed"
        self.config = self.folder / "litestream.yml"
        self.config.write_text(local, encoding="utf-8")
        self.environment = {
            "PATH": os.environ["PATH"],
            "HOME": str(self.folder),
            "REPLICA_PATH": str(replica),
            **unit_environment(RESTORE),
        }

    def here(self, argv: list[str]) -> list[str]:
        return [
            str(self.config)
            if part == SERVER_CONFIG
            else str(self.queue)
            if part == SERVER_QUEUE
            else part
            for part in argv
        ]

    def restore_unit(self) -> tuple[int, str]:
        """hafenlicht-restore.service: its commands in order until one fails."""
        said = ""
        for argv in unit_commands(RESTORE):
            done = subprocess.run(
                self.here(argv),
                env=self.environment,
                capture_output=True,
                text=True,
                timeout=300,
                cwd=self.folder,
            )
            said += done.stdout + done.stderr
            if done.returncode != 0:
                return done.returncode, said
        return 0, said

    def replicate(self) -> subprocess.Popen:
        log = (self.folder / "litestream.log").open("a")
        return subprocess.Popen(
            self.here(unit_command("hafenlicht-litestream.service")),
            env=self.environment,
            stdout=log,
            stderr=log,
        )

    def intake(self) -> subprocess.Popen:
        """The intake's unit with the replication drop-in's environment."""
        return serve_as_the_unit(
            self.folder,
            COMMENTS_DB_PATH=str(self.queue),
            **unit_environment(DROP_IN),
            **SECRET,
        )


def comment_texts(queue: Path) -> set[str]:
    with sqlite3.connect(f"{queue.as_uri()}?mode=ro", uri=True) as connection:
        return {row[0] for row in connection.execute("SELECT text FROM comments")}


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def health(port: int) -> dict:
    url = f"http://127.0.0.1:{port}/kommentare/health"
    with urllib.request.urlopen(url, timeout=60) as answer:
        return json.loads(answer.read())


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)


@pytest.fixture
def lost_machine(tmp_path):
    """A first machine that took three comments and replicated them, then was lost."""
    replica = tmp_path / "replica"
    old = Machine(tmp_path, replica, "old")
    assert old.restore_unit()[0] == 0  # the first start: an empty replica, a new queue
    litestream = old.replicate()
    intake = old.intake()
    texts = {f"Kommentar {n} vom alten Rechner über die Hafenkante." for n in range(3)}
    try:
        wait_for_port(intake.port)
        for text in texts:
            send_comment(f"http://127.0.0.1:{intake.port}/kommentare/neu", {**FORM, "text": text})
        probe = tmp_path / "probe.sqlite3"
        deadline = time.monotonic() + 60
        while True:  # until the replica is seen to hold all three
            probe.unlink(missing_ok=True)
            subprocess.run(
                [
                    *unit_commands(RESTORE)[0][:2],  # litestream restore
                    *("-config", str(old.config), "-o", str(probe), str(old.queue)),
                ],
                env=old.environment,
                capture_output=True,
                timeout=120,
            )
            if probe.exists() and texts <= comment_texts(probe):
                break
            assert time.monotonic() < deadline, "the replica never held the comments"
            time.sleep(0.5)
    finally:
        stop(intake)
        litestream.kill()
        litestream.wait(timeout=60)
    shutil.rmtree(old.state)  # the machine is gone
    return replica, texts


def test_a_rebuilt_machine_comes_up_with_the_queue_of_the_lost_one(lost_machine, tmp_path):
    replica, texts = lost_machine
    new = Machine(tmp_path, replica, "new")
    status, said = new.restore_unit()
    assert status == 0, said
    assert texts <= comment_texts(new.queue)
    intake = new.intake()
    try:
        wait_for_port(intake.port)
        assert health(intake.port)["queue"] == "ok"
    finally:
        stop(intake)
    assert texts <= comment_texts(new.queue)


def test_an_unreachable_replica_stops_the_restore_and_the_intake_makes_no_queue(
    lost_machine, tmp_path
):
    replica, texts = lost_machine
    before = files_of(replica)
    # The storage does not answer: its place cannot be read (a file, not a folder).
    aside = tmp_path / "replica-away"
    replica.rename(aside)
    replica.write_text("not a folder")
    new = Machine(tmp_path, replica, "new")
    status, said = new.restore_unit()
    assert status != 0, said  # the unit fails: systemd starts neither Litestream nor the intake
    assert not new.queue.exists()
    assert "first start" not in said  # the second command never ran

    intake = new.intake()  # started by hand all the same
    assert intake.wait(timeout=120) == 78  # a refusal: no restart loop
    log = intake.log.read_text()
    assert "COMMENTS_DB_MUST_EXIST" in log and str(new.queue) in log, log
    assert "Traceback" not in log
    assert not new.queue.exists()  # nothing Litestream could replicate over the replica

    replica.unlink()  # the storage is back: the next start restores everything
    aside.rename(replica)
    assert files_of(replica) == before
    status, said = new.restore_unit()
    assert status == 0, said
    assert texts <= comment_texts(new.queue)


def test_the_first_start_with_an_empty_replica_makes_an_empty_queue(tmp_path):
    replica = tmp_path / "replica"
    machine = Machine(tmp_path, replica, "first")
    status, said = machine.restore_unit()
    assert status == 0, said
    assert "first start" in said
    assert machine.queue.stat().st_mode & 0o777 == 0o600  # it holds e-mail addresses
    assert comment_texts(machine.queue) == set()
    intake = machine.intake()
    try:
        wait_for_port(intake.port)
        assert health(intake.port)["queue"] == "ok"
    finally:
        stop(intake)


def test_the_intake_and_litestream_require_the_restore():
    """systemd starts neither unless the restore succeeded (Requires= with After=)."""
    for path in (DROP_IN, "hafenlicht-litestream.service"):
        text = (DEPLOY / path).read_text(encoding="utf-8")
        assert re.search(rf"^Requires={RESTORE}$", text, re.M), path
        assert re.search(rf"^After={RESTORE}$", text, re.M), path
    assert unit_environment(DROP_IN)["COMMENTS_DB_MUST_EXIST"] == "true"


def test_the_documented_restore_by_hand_reads_the_environment_file(lost_machine, tmp_path):
    """docs/operations.md, "Restoring after a lost machine": Litestream alone does not
    see the replica's variables; the documented command loads litestream.env first."""
    replica, texts = lost_machine
    machine = Machine(tmp_path, replica, "by-hand")
    section = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = section[section.index("### Restoring after a lost machine") :]
    [line] = [ln.strip() for ln in section.splitlines() if "litestream restore" in ln]
    assert line.startswith("sudo -u hafenlicht sh -c "), line
    copy = machine.state / "replica-copy.sqlite3"
    environment_file = machine.folder / "litestream.env"  # the shipped one, for this replica
    environment_file.write_text(
        re.sub(
            r"^REPLICA_PATH=.*$",
            f"REPLICA_PATH={replica}",
            (DEPLOY / "litestream.env").read_text(encoding="utf-8"),
            flags=re.M,
        ),
        encoding="utf-8",
    )
    for old, new in (
        ("/etc/hafenlicht/litestream.env", str(environment_file)),
        ("/etc/hafenlicht/litestream.yml", str(machine.config)),
        ("/srv/hafenlicht", str(ROOT)),
        ("/var/lib/hafenlicht/replica-copy.sqlite3", str(copy)),
        (SERVER_QUEUE, str(machine.queue)),
    ):
        assert old in line, old
        line = line.replace(old, new)
    argv = shlex.split(line.removeprefix("sudo -u hafenlicht "))
    bare = {"PATH": os.environ["PATH"], "HOME": str(machine.folder)}  # as after sudo
    # The command the manual gave before: Litestream without the file's variables.
    without = argv[-1].split(" && exec ")[1]
    failed = subprocess.run(shlex.split(without), env=bare, capture_output=True, text=True)
    assert failed.returncode != 0 and "replica path required" in failed.stderr
    done = subprocess.run(argv, env=bare, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert texts <= comment_texts(copy)
    assert not machine.queue.exists()  # -o: the copy only
