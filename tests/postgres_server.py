"""Debian's PostgreSQL for the tests: a throwaway cluster in a temporary folder on a free
port of 127.0.0.1, gone when the test session ends.

PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the
``postgres`` user the Debian package creates (``runuser``), in a folder handed to it.
Any other user runs it as themselves. The cluster asks for a password (SCRAM), as a
production server does, so the tests use complete ``postgresql://`` addresses.
"""

import itertools
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from conftest import free_port
from publishing.toolchain import postgresql_bin

SUPERUSER = "hafenlicht"
PASSWORD = "throwaway-test-password"
SERVICE_USER = "postgres"  # who runs the server when the tests run as root


class Cluster:
    """One PostgreSQL server for the tests of one process; ``database()`` makes a fresh,
    empty database on it for each test."""

    def __init__(self) -> None:
        binaries = postgresql_bin()
        assert binaries, "PostgreSQL is not installed (invoke test-tools)"
        self.bin = binaries
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="hafenlicht-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._names = itertools.count(1)
        self._as_service_user = os.geteuid() == 0
        self.halted = False  # halt() stopped it, keeping its data
        if self._as_service_user:
            shutil.chown(self.folder, SERVICE_USER, SERVICE_USER)

    def _command(self, program: str, *arguments: str) -> list[str]:
        command = [str(self.bin / program), *arguments]
        if self._as_service_user:
            command = ["runuser", "-u", SERVICE_USER, "--", *command]
        return command

    def _run(self, program: str, *arguments: str) -> None:
        command = self._command(program, *arguments)
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise AssertionError(f"{program} failed: {done.stderr}{done.stdout}\n{log}")

    def start(self) -> "Cluster":
        password_file = self.folder / "password"
        password_file.write_text(PASSWORD, encoding="utf-8")
        if self._as_service_user:
            shutil.chown(password_file, SERVICE_USER, SERVICE_USER)
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            SUPERUSER,
            "--pwfile",
            str(password_file),
            "--auth",
            "scram-sha-256",
            "--encoding",
            "UTF8",
            "--locale",
            "C.UTF-8",
            "--no-sync",  # a throwaway cluster: nothing here must survive a power cut
            "--no-instructions",
        )
        password_file.unlink()
        self._run("pg_ctl", "start", "--wait", *self._server_options())
        self._watch()
        return self

    def _watch(self) -> None:
        """Stop the server and remove its folder once this process is gone, also when
        it was killed before it could (a test run stopped with SIGKILL or a timeout)."""
        stop = shlex.join(self._command("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate"))
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
            f"{stop} >/dev/null 2>&1; rm -rf {shlex.quote(str(self.folder))}"
        )
        subprocess.Popen(
            ["sh", "-c", script],
            start_new_session=True,  # not in the test run's process group, which may be killed
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _server_options(self) -> list[str]:
        options = " ".join(
            [
                f"-c port={self.port}",
                "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories=''",
                "-c fsync=off",  # the process may die in the tests, the machine does not
                "-c max_connections=300",
            ]
        )
        return ["-D", str(self.data), "-l", str(self.log), "-o", options]

    def restart(self) -> None:
        """Stop the server (ending every connection) and start it again."""
        self._run("pg_ctl", "restart", "--wait", "-m", "fast", *self._server_options())

    def halt(self) -> None:
        """Stop the server and keep its data (``resume`` starts it again): a database
        server that is down."""
        self._run("pg_ctl", "stop", "--wait", "-D", str(self.data), "-m", "fast")
        self.halted = True

    def resume(self) -> None:
        self._run("pg_ctl", "start", "--wait", *self._server_options())
        self.halted = False

    def stop(self) -> None:
        try:
            if not self.halted:
                self._run("pg_ctl", "stop", "--wait", "-D", str(self.data), "-m", "immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = "") -> str:
        return f"postgresql://{user or SUPERUSER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def database(self, owner: str = "") -> str:
        """The address of a new, empty database (the queue's tables are not made yet);
        with ``owner``, a new ordinary role that owns it, as the manual sets it up."""
        name = f"queue_{os.getpid()}_{next(self._names)}"
        if owner:
            self.role(owner)
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(
                f'CREATE DATABASE "{name}" STRATEGY FILE_COPY'
                + (f" OWNER {owner}" if owner else "")
            )
        return self.url(name, owner)

    def role(self, name: str) -> None:
        """A new ordinary role that may log in (with the cluster's password)."""
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{PASSWORD}'")
