"""Timing builds for `invoke bench`: each build in its own process, wall time and peak memory.

A build runs in a fresh Python process, so imports, caches in memory and the peak
resident set size (from ``wait4``'s rusage) belong to that build alone.
"""

import json
import os
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

root, output, content, cache, index = sys.argv[1:6]
sys.path.insert(0, root)
import tasks

ok = tasks.run_build(Path(root) / "publishconf.py", Path(output), PATH=content,
                     CACHE_PATH=cache).ok
if ok and index == "index":
    tasks.index_for_search(Path(output))
sys.exit(0 if ok else 1)
"""


def our_build(
    root: Path, project: Path, output: Path, cache: Path, log: Path, with_search_index: bool = True
) -> Run:
    """The production build as `invoke preview` runs it (plus its search index)."""
    return timed(
        [
            sys.executable,
            "-c",
            BUILD_SCRIPT,
            str(root),
            str(output),
            str(project / "content"),
            str(cache),
            "index" if with_search_index else "-",
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


def as_json(figures: list[Figure], meta: dict) -> str:
    return json.dumps(
        {
            "meta": meta,
            "figures": {
                f.name: {
                    "median_seconds": round(f.median, 3),
                    "peak_mib": round(f.peak_mib, 1),
                    "runs": [asdict(r) for r in f.runs],
                }
                for f in figures
            },
        },
        indent=2,
        ensure_ascii=False,
    )
