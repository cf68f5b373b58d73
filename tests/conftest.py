"""Shared fixtures: real builds of small fixture sites and of the demo site into tmp dirs."""

import atexit
import logging
import os
import re
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from contract.pelican_internals import forget_logged_warnings
from newsroom.report import BuildReport, BuildStopped, LogRecorder

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITES = ROOT / "tests" / "fixtures" / "sites"
DEMO_SITEURL = "https://blog.hafenlicht.example"
# A headline's word in its box (typesetting.fitting): text only, never nested.
FIT_BOX = re.compile(r'<span class="fit">([^<]*)</span>')

# `invoke publish` notifies the sites our articles link to; tests never reach real sites
# (tests/mentions turn it on against servers of their own).
os.environ.setdefault("MENTIONS_SEND", "0")


@dataclass
class Site:
    """A built site: where it is and what the build reported."""

    root: Path  # the tmp project folder holding content/ and output/
    output: Path
    stopped: BuildStopped | None = None
    records: list[logging.LogRecord] = field(default_factory=list)
    settings: dict = field(default_factory=dict)  # as the build read them

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def ok(self) -> bool:
        return self.stopped is None

    def read(self, url_path: str) -> str:
        """The text of a built file, addressed like its URL (``2024/05/slug/``)."""
        path = self.output / url_path.lstrip("/")
        if url_path.endswith("/") or url_path == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def html(self, url_path: str) -> BeautifulSoup:
        """The page as a reader reads it: without the soft hyphens in its titles, which
        show only where a line breaks, and without the boxes that keep those words whole
        (``span.fit``, typesetting plugin); ``read`` keeps both."""
        text = FIT_BOX.sub(r"\1", self.read(url_path).replace("\u00ad", ""))
        return BeautifulSoup(text, "lxml")

    def pages(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def messages(self, level: int) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno == level]


def reset_pelican_log_filter() -> None:
    """Pelican drops a warning it has logged before in the same process; every test
    must see its own warnings."""
    forget_logged_warnings()


@pytest.fixture(autouse=True)
def _fresh_log_filter() -> Iterator[None]:
    reset_pelican_log_filter()
    yield
    reset_pelican_log_filter()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, BuildReport)]:
        root.removeHandler(handler)


def build_site(
    project: Path,
    settings_file: str = "pelicanconf.py",
    output: Path | None = None,
    **overrides,
) -> Site:
    """Build ``project/content`` with one of our settings files, in-process."""
    output = output or project / "output"
    settings = read_settings(
        str(ROOT / settings_file),
        override={
            "PATH": str(project / "content"),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(project / "cache"),
            **overrides,
        },
    )
    recorder = LogRecorder()
    logging.getLogger().addHandler(recorder)
    site = Site(project, output, records=recorder.records, settings=settings)
    try:
        Pelican(settings).run()
    except BuildStopped as stopped:
        site.stopped = stopped
    finally:
        logging.getLogger().removeHandler(recorder)
    return site


def copy_fixture(name: str, destination: Path) -> Path:
    shutil.copytree(FIXTURE_SITES / name / "content", destination / "content")
    return destination


@pytest.fixture
def fixture_site(tmp_path: Path) -> Callable[..., Site]:
    """Copy a fixture site into tmp_path; the returned function builds it."""
    copied: dict[str, Path] = {}

    def build(name: str = "basic", settings_file: str = "pelicanconf.py", **overrides) -> Site:
        if name not in copied:
            copied[name] = copy_fixture(name, tmp_path / name)
        return build_site(copied[name], settings_file, **overrides)

    return build


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The demo content, production build (publishconf.py), built once per session."""
    project = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "content", project / "content")
    site = build_site(project, "publishconf.py", SITEURL=DEMO_SITEURL, FEED_DOMAIN=DEMO_SITEURL)
    assert site.ok, site.stopped
    return site


# Test servers listen below the kernel's range of ephemeral ports: a port found free by
# binding to 0 lies in that range, and an outgoing connection (Chromium's, a client's)
# could take it before the server bound it ("Address already in use", seen in CI). Each
# pytest-xdist worker picks from its own slice, and never hands out a port twice.
#
# A slice is only this run's: another pytest run on the host (another worktree's, a
# second CI job's) counts up through the same numbers in the same order. So a number
# handed out stays reserved until the worker ends, by a socket bound to it: without it
# the other run found the port free while a test here built its site for it, and the
# second of the two servers failed to bind ("Address already in use").
LOWEST_TEST_PORT = 20000
_handed_out: dict[int, socket.socket] = {}  # port -> the socket that reserves it


@cache
def _ephemeral_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on yet, reserved for the caller's server
    until this worker ends: no other test of this run, nor of another run, gets it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    span = (max(_ephemeral_start(), LOWEST_TEST_PORT + 1000) - LOWEST_TEST_PORT) // workers
    first = LOWEST_TEST_PORT + (int(worker) if worker.isdigit() else 0) * span
    for port in range(first, first + span):
        if port in _handed_out:
            continue
        reservation = socket.socket()
        try:
            # Without SO_REUSEADDR the bind fails while anything has the port: a server,
            # another run's reservation, a closing connection (TIME_WAIT).
            reservation.bind(("127.0.0.1", port))
        except OSError:
            reservation.close()
            continue
        # Set only now, so that the test's server may bind beside it: "a socket may bind,
        # except when there is an active listening socket bound to the address"
        # (socket(7)), and every server of the tests sets it (http.server, waitress,
        # asyncio, nginx, PostgreSQL, tornado). A bind without it still fails: another
        # run's reservation or probe. It never listens: until the server does, a
        # connection to the port is refused as before.
        reservation.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        _handed_out[port] = reservation
        return port
    raise RuntimeError(f"no free port from {first} to {first + span - 1}")


@atexit.register
def _release_ports() -> None:
    # Closed, not left to the interpreter's shutdown, which warns of unclosed sockets.
    for reservation in _handed_out.values():
        reservation.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def served_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The production demo build, built for and served at http://127.0.0.1:<port>."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    project = tmp_path_factory.mktemp("served")
    shutil.copytree(ROOT / "content", project / "content")
    site = build_site(project, "publishconf.py", SITEURL=base, FEED_DOMAIN=base)
    assert site.ok, site.stopped
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), partial(_QuietHandler, directory=str(site.output))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[object]:
    """Debian's PostgreSQL in a temporary folder on a free port, one per test process
    (tests/postgres_server.py); tests that use it are marked ``postgres``."""
    from postgres_server import Cluster  # psycopg, and the tools check, only when needed
    from tools import require

    require("postgresql")
    cluster = Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster) -> str:
    """The address of a fresh, empty database on the test cluster."""
    return postgres_cluster.database()
