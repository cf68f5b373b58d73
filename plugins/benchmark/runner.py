"""Timing builds for `invoke bench`: each build in its own process, wall time and peak memory.

A build runs in a fresh Python process, so imports, caches in memory and the peak
resident set size (from ``wait4``'s rusage) belong to that build alone.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
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
    seconds: float
    peak_mib: float


@dataclass
class Figure:
    """One measured quantity over several runs."""

    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(run.peak_mib for run in self.runs)

    def ratios(self, plain: "Figure") -> list[float]:
        """Each run's time over plain Pelican's in the same round. The machine's speed
        drifts between rounds (a shared host), so a run is compared with its neighbour."""
        if len(self.runs) != len(plain.runs):
            return [self.median / plain.median]
        return [run.seconds / base.seconds for run, base in zip(self.runs, plain.runs, strict=True)]

    def ratio(self, plain: "Figure") -> float:
        return statistics.median(self.ratios(plain))


def timed(command: list[str], cwd: Path, log: Path) -> Run:
    """Run ``command``; its wall time and peak memory. A failing command is an error."""
    with log.open("ab") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        raise RuntimeError("A build failed; the end of its log:\n" + "\n".join(tail))
    return Run(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


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
from publishing.preview import build_into_place
from publishing.project import Project

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


def table(figures: list[Figure], plain: Figure, articles: int, cards: dict) -> str:
    """The figures, each with its ratio to plain Pelican (the median of the rounds'
    ratios), and the card rates."""
    lines = [f"{'':<34} {'median':>9} {'× plain':>8} {'per article':>12} {'peak':>9}"]
    for figure in figures:
        peak = f"{figure.peak_mib:>6.0f}MiB" if figure.peak_mib else f"{'–':>9}"
        lines.append(
            f"{figure.name:<34} {figure.median:>8.2f}s {figure.ratio(plain):>7.2f}x"
            f" {figure.median / articles * 1000:>10.2f}ms {peak}"
        )
    for phase, stats in cards.items():
        rates = [
            s["rendered"] / s["seconds"] for s in stats if s.get("seconds") and s.get("rendered")
        ]
        cached = [s.get("cached", 0) for s in stats]
        if rates:
            lines.append(f"social cards, {phase}: {statistics.median(rates):.0f} cards/s drawn")
        elif stats and any(stats):
            lines.append(
                f"social cards, {phase}: 0 drawn, {statistics.median(cached):.0f} from cache"
            )
    return "\n".join(lines)


def as_json(figures: list[Figure], plain: Figure, meta: dict) -> str:
    return json.dumps(
        {
            "meta": meta,
            "figures": {
                f.name: {
                    "median_seconds": round(f.median, 3),
                    "ratio_to_plain": round(f.ratio(plain), 3),
                    "peak_mib": round(f.peak_mib, 1),
                    "runs": [asdict(r) for r in f.runs],
                }
                for f in figures
            },
        },
        indent=2,
        ensure_ascii=False,
    )


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
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
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
