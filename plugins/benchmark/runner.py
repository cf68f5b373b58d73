"""Timing builds for `invoke bench`: each build in its own process, its wall time, CPU
time and peak memory.

A build runs in a fresh Python process, so imports, caches in memory, the CPU time and
the peak resident set size (from ``wait4``'s rusage) belong to that build alone.
"""

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PLAIN_SETTINGS = """\
# Plain Pelican for the benchmark: same content layout, default theme, no plugins.
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["pages", "authors", "comments", "images"]
STATIC_PATHS = ["images"]
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
SITEURL = ""
"""


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time
    peak_mib: float  # the largest resident set of the build or of one of its processes
    cpu_seconds: float = 0.0  # user and system time of the build and of every child


def timed(command: list[str], cwd: Path, log: Path) -> Run:
    """Run ``command``: its wall time, CPU time and peak memory. A failing command is an
    error.

    ``wait4`` reports the process's own use and that of every child it waited for, so
    the card, picture and compression workers and Pagefind count (the build waits for
    each before it ends); ``ru_maxrss`` is that of the largest single process.
    """
    with log.open("ab") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        raise RuntimeError("A build failed; the end of its log:\n" + "\n".join(tail))
    # ru_maxrss is in KiB on Linux
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def plain_pelican(project: Path, output: Path, log: Path) -> Run:
    settings = project / "plainconf.py"
    settings.write_text(PLAIN_SETTINGS, encoding="utf-8")
    return timed(
        [sys.executable, "-m", "pelican", "content", "-o", str(output), "-s", str(settings), "-q"],
        project,
        log,
    )


BUILD_SCRIPT = """\
import sys
from pathlib import Path

root, output, content, cache, snapshot = sys.argv[1:6]
sys.path.insert(0, str(Path(root) / "plugins"))
from publishing import cli
from publishing.preview import build_into_place
from publishing.project import Project

cli.install()  # as tasks.py does for `invoke preview`
project = Project(Path(root))
ok = build_into_place(project, project.settings_publish, Path(output), search=True,
                      PATH=content, CACHE_PATH=cache, PUBLISHING_SNAPSHOT=snapshot == "snapshot")
sys.exit(0 if ok else 1)
"""


def our_build(
    root: Path, project: Path, output: Path, cache: Path, log: Path, snapshot: bool = True
) -> Run:
    """The production build as `invoke preview` runs it, search index included."""
    return timed(
        [
            sys.executable,
            "-c",
            BUILD_SCRIPT,
            str(root),
            str(output),
            str(project / "content"),
            str(cache),
            "snapshot" if snapshot else "-",
        ],
        root,
        log,
    )


def card_stats(cache: Path) -> dict:
    """What the social-cards plugin wrote about its last run, if it ran."""
    stats = cache / "social_cards" / "stats.json"
    try:
        return json.loads(stats.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


LIVE_SCRIPT = """\
import sys
from pathlib import Path

root, output, content, cache, port = sys.argv[1:6]
sys.path.insert(0, str(Path(root) / "plugins"))
from publishing.project import Project
from publishing.server import serve_live

project = Project(Path(root))
serve_live(project, project.settings_base, Path(output), int(port), PATH=content,
           CACHE_PATH=cache)
"""


@dataclass(frozen=True)
class LiveRun:
    fresh_seconds: float  # from saving the article until its page on disk shows the edit
    site_seconds: float  # until the full build after it has replaced output/


def live_edit(
    root: Path, project: Path, output: Path, cache: Path, log: Path, target: Path, number: int
) -> LiveRun:
    """Start the live preview (`invoke livereload`) on the corpus, wait for its first
    build, append a sentence to ``target`` and time how soon its page shows it."""
    stamp = cache / "livereload.stamp"
    stamp.unlink(missing_ok=True)  # the first build of this preview writes it
    reservation = _reserved_port()
    port = reservation.getsockname()[1]
    with log.open("ab") as output_log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                LIVE_SCRIPT,
                str(root),
                str(output),
                str(project / "content"),
                str(cache),
                str(port),
            ],
            cwd=root,
            stdout=output_log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(lambda: stamp.exists(), process, log, "the first build")
        page = next(output.glob(f"*/*/{target.stem}/index.html"))
        first_stamp = stamp.stat().st_mtime_ns
        sentence = f"Nachtrag {number} aus dem Live-Test ({time.time_ns()})."
        with target.open("a", encoding="utf-8") as text:
            text.write(f"\n{sentence}\n")
        started = time.perf_counter()
        _wait_for(lambda: sentence in _read(page), process, log, "the edited page", 0.005)
        fresh = time.perf_counter() - started
        # The stamp is touched after the quick page and again after the full build.
        _wait_for(
            lambda: (
                sentence in _read(output / page.relative_to(output))
                and stamp.stat().st_mtime_ns != first_stamp
                and _settled(stamp)
            ),
            process,
            log,
            "the full build",
        )
        return LiveRun(fresh, time.perf_counter() - started)
    finally:
        process.terminate()
        process.wait(timeout=30)
        reservation.close()


def _reserved_port() -> socket.socket:
    """A socket that holds a free port of 127.0.0.1 for the live preview until closed.

    The preview binds its port only after its first build, seconds later. A port found
    by binding to 0 and closing again was free for anybody meanwhile: another bind to 0
    (a test's server beside the bench) or an outgoing connection could take it, and the
    preview stopped with "Address already in use". Bound without SO_REUSEADDR, this
    socket gets a port nothing has; the kernel then gives that port to no other bind to
    0 nor to a connection while it is bound. SO_REUSEADDR, set only now, lets the
    preview's server (tornado sets it too) bind the port beside it. It never listens."""
    reservation = socket.socket()
    reservation.bind(("127.0.0.1", 0))
    reservation.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    return reservation


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""  # between two builds' swaps


def _settled(stamp: Path) -> bool:
    """The full build has touched the stamp after the quick pass: two touches."""
    text = _read(stamp)
    return text.startswith("full")


def _wait_for(condition, process, log: Path, what: str, interval: float = 0.05) -> None:
    deadline = time.monotonic() + 600
    while not condition():
        if process.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
            raise RuntimeError(f"The live preview never showed {what}:\n" + "\n".join(tail))
        time.sleep(interval)
