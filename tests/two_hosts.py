"""Two intake hosts on one PostgreSQL queue behind Debian's nginx, for the tests.

Each host is the production command of the manual (``python -m intake.serve`` with the flags
docs/operations.md shows, ``COMMENTS_*`` variables) on its own port; they share the
database URL, the secret key and the sync token, and nothing else. nginx runs the
shipped ``deploy/nginx.conf`` with its ``upstream`` holding both hosts (as the manual's
PostgreSQL section shows) and one more header for the tests, ``X-Intake``, naming the
host that answered. Readers are told apart by their address: a client sends from any
address of 127.0.0.0/8, which nginx passes on in ``X-Forwarded-For``.
"""

import http.client
import os
import signal
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from conftest import ROOT, free_port
from deploy_server import NGINX, main_config, site_config, wait_for_port
from tests.comments.conftest import ARTICLES, write_manifest
from tests.intake.test_wsgi import documented_waitress_flags

SECRET_KEY = "ein-gemeinsamer-schluessel-fuer-beide-hosts"
SYNC_TOKEN = "sync-token-beider-hosts"
UPSTREAM = "    server 127.0.0.1:{port};"
SHOWN_HOST = "    add_header X-Intake $upstream_addr always;  # tests only: who answered\n"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def host(self) -> str:
        """The intake that answered, as nginx names it ("" for nginx's own files)."""
        return self.headers.get("X-Intake", "")


def request(
    port: int,
    path: str,
    form: dict | None = None,
    source: str = "127.0.0.1",
    headers: dict | None = None,
    method: str = "",
) -> Answer:
    """One HTTP request from ``source`` (an address of 127.0.0.0/8); status 0 when the
    connection broke. Redirects are not followed."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(source, 0)
    )
    body = urllib.parse.urlencode(form).encode() if form is not None else None
    sent = dict(headers or {})
    if body is not None:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method or ("POST" if body is not None else "GET"), path, body, sent)
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read().decode("utf-8", "replace"))
    except (ConnectionError, TimeoutError, http.client.HTTPException, OSError):
        return Answer(0, http.client.HTTPMessage(), "")
    finally:
        connection.close()


@dataclass
class TwoHosts:
    folder: Path
    database_url: str
    settings: dict = field(default_factory=dict)  # more COMMENTS_* for both hosts
    ports: list[int] = field(default_factory=list)
    intakes: list[subprocess.Popen] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    port: int = 0  # nginx's

    @property
    def site(self) -> Path:
        return self.folder / "site"

    def environment(self) -> dict[str, str]:
        public = f"http://127.0.0.1:{self.port}"
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(ROOT / "plugins"),
            # Unused while COMMENTS_DATABASE_URL is set: the test checks it stays away.
            "COMMENTS_DB_PATH": str(self.folder / "never.sqlite3"),
            "COMMENTS_DATABASE_URL": self.database_url,
            "COMMENTS_MANIFEST_PATH": str(self.site / "kommentare" / "artikel.json"),
            "COMMENTS_THEME_PATH": str(ROOT / "theme"),
            "COMMENTS_SITE_URL": public,
            "COMMENTS_PUBLIC_URL": public,
            "COMMENTS_PROXIES": "1",
            "COMMENTS_SECRET_KEY": SECRET_KEY,
            "COMMENTS_SYNC_TOKEN": SYNC_TOKEN,
            **self.settings,
        }

    def start(self) -> "TwoHosts":
        (self.site / "kommentare").mkdir(parents=True)
        write_manifest(self.site / "kommentare", ARTICLES)
        (self.site / "kommentare" / "nicht-erreichbar.html").write_text(
            "<!DOCTYPE html><title>Fehler</title><p>Nicht erreichbar.</p>", "utf-8"
        )
        self.port = free_port()
        self.ports = [free_port(), free_port()]
        for number, port in enumerate(self.ports):
            self.intakes.append(self._start_intake(number, port))
        for port in self.ports:
            wait_for_port(port)
        conf = site_config(self.site, self.port, self.ports[0])
        first = UPSTREAM.format(port=self.ports[0])
        both = "\n".join(UPSTREAM.format(port=port) for port in self.ports)
        assert conf.count(first) == 1
        conf = conf.replace(first, both)
        anchor = "    add_header Cache-Control $hafenlicht_cache_control;  # empty: not sent\n"
        assert anchor in conf, "deploy/nginx.conf no longer sets Cache-Control there"
        conf = conf.replace(anchor, anchor + SHOWN_HOST)
        (self.folder / "site.conf").write_text(conf, "utf-8")
        main = main_config(self.folder, self.folder / "site.conf")
        # Debian's nginx.conf allows 768; the load tests hold 50 readers and their 50
        # connections to the hosts open at once.
        assert "worker_connections 64;" in main
        main = main.replace("worker_connections 64;", "worker_connections 768;")
        (self.folder / "nginx.conf").write_text(main, "utf-8")
        self.nginx = subprocess.Popen(
            [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / "nginx.out").open("w"),
        )
        wait_for_port(self.port)
        return self

    def _start_intake(self, number: int, port: int) -> subprocess.Popen:
        log = (self.folder / f"intake-{number}.log").open("w")
        return subprocess.Popen(
            [
                sys.executable,  # the unit's server: python -m intake.serve
                "-m",
                "intake.serve",
                f"--listen=127.0.0.1:{port}",
                "--threads=8",
                *documented_waitress_flags(),
                "intake.wsgi:application",
            ],
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def host(self, number: int) -> str:
        """The host as nginx names it in X-Intake."""
        return f"127.0.0.1:{self.ports[number]}"

    def kill(self, number: int) -> None:
        """SIGKILL: no shutdown, no cleanup, whatever it is doing."""
        os.kill(self.intakes[number].pid, signal.SIGKILL)
        self.intakes[number].wait(timeout=30)

    def log(self, number: int) -> str:
        return (self.folder / f"intake-{number}.log").read_text(errors="replace")

    def stop(self) -> None:
        if self.nginx is not None:
            self.nginx.send_signal(signal.SIGQUIT)
            self.nginx.wait(timeout=30)
        for intake in self.intakes:
            if intake.poll() is None:
                intake.terminate()
                intake.wait(timeout=30)
