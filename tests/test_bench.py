"""`invoke bench` itself works: tiny corpora, one round, the tables, the goals, the JSON.

Speed is never asserted here; the figures live in docs/development.md
(`invoke bench --articles 1000`).
"""

import json
import subprocess
import sys

import pytest

from benchmark.load import busy_load
from conftest import ROOT

ROWS = (
    "plain Pelican, cold",
    "ours, cold",
    "ours, warm (nothing changed)",
    "ours, one article edited",
    "livereload: edited page fresh",
    "livereload: whole site again",
)
SMALL_ROWS = ROWS[:4]


@pytest.mark.slow
def test_invoke_bench_runs_and_reports_every_figure(tmp_path):
    figures_file = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "bench",
            "--articles",
            "20",
            "--small",
            "8",
            "--runs",
            "1",
            "--load",
            "1",
            "--json",
            str(figures_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    printed = done.stdout
    assert "20 articles, " in printed and "8 articles, " in printed
    assert "Busy processes beside every build: 1." in printed
    large = printed[printed.index("20 articles, 1 busy") : printed.index("8 articles, 1 busy")]
    for row in ROWS:
        assert row in large
    assert "social cards, cold:" in large and "cards/s drawn" in large
    # The edit does not change the article's card: nothing is drawn again.
    assert "social cards, one edit: 0 drawn" in large
    assert "Host load average (1 minute) before the first build " in printed
    goals = printed[printed.index("Goals:") :]
    assert "cold ≤ 1.5× plain wall" not in goals  # a corpus of 20 is a small site
    assert "20 articles, livereload: edited page fresh ≤ 1 s" in goals

    figures = json.loads(figures_file.read_text(encoding="utf-8"))
    assert figures["meta"]["runs"] == 1 and figures["meta"]["load"] == 1
    assert set(figures["corpora"]) == {"20", "8"}
    assert set(figures["corpora"]["20"]["figures"]) == set(ROWS)
    assert set(figures["corpora"]["8"]["figures"]) == set(SMALL_ROWS)
    for name, figure in figures["corpora"]["20"]["figures"].items():
        assert figure["median_seconds"] > 0, name
        assert figure["ratio_to_plain"] > 0, name
    cold = figures["corpora"]["20"]["figures"]["ours, cold"]
    assert cold["peak_mib"] > 0
    # The CPU of the whole process tree: the card workers and Pagefind count too.
    assert cold["cpu_seconds"] > 0 and cold["cpu_ratio_to_plain"] > 0


def test_busy_load_runs_its_processes_and_stops_them():
    with busy_load(2) as running:
        assert [process.poll() for process in running] == [None, None]
    assert all(process.poll() is not None for process in running)
