"""`invoke bench` itself works: a tiny corpus, one run, the table and the JSON.

Speed is never asserted here; the figures live in the README (`invoke bench --articles 1000`).
"""

import json
import subprocess
import sys

import pytest

from conftest import ROOT

ROWS = (
    "plain Pelican, cold",
    "ours, cold",
    "ours, warm (nothing changed)",
    "ours, warm, plugin caches only",
    "ours, one article edited",
    "livereload: edited page fresh",
    "livereload: whole site again",
)


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
            "--runs",
            "1",
            "--json",
            str(figures_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    printed = done.stdout
    assert "20 articles, " in printed
    table = printed[printed.index("median") :]
    for row in ROWS:
        assert row in table
    assert "social cards, cold:" in table and "cards/s drawn" in table
    assert "social cards, warm: 0 drawn" in table  # the warm build drew no card
    assert "Goals: cold ≤ 2.0× plain" in printed

    figures = json.loads(figures_file.read_text(encoding="utf-8"))
    assert figures["meta"]["articles"] == 20
    assert set(figures["figures"]) == set(ROWS)
    for name, figure in figures["figures"].items():
        assert figure["median_seconds"] > 0, name
        assert figure["ratio_to_plain"] > 0, name
    assert figures["figures"]["ours, cold"]["peak_mib"] > 0
