"""Lighthouse (pinned in package.json) on the production build behind deploy/nginx.conf:
accessibility, best practices and SEO score 100 on the four kinds of page and on an English
home and article, on a phone
(Lighthouse's default emulation) and on a desktop."""

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from chromium import CHROMIUM, CHROMIUM_ARGS
from tools import require

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("accessibility", "best-practices", "seo")
PAGES = {
    "home": "/",
    "article": "/2024/04/krisenkommunikation-die-erste-stunde-entscheidet/",  # picture, comments
    "author": "/autor/jana-albers/",
    "search": "/suche/?q=Krisenkommunikation",
    # The English edition (hreflang is one of the SEO audits).
    "english home": "/en/",
    "english article": "/en/2024/02/who-owns-the-company-account/",
}


def lighthouse(url: str, desktop: bool, folder: Path) -> dict:
    """Lighthouse's JSON report for ``url`` (the three categories only)."""
    require("node", "lighthouse", "chromium")
    report = folder / "report.json"
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        "--locale=de",
        "--quiet",
        *(["--preset=desktop"] if desktop else []),
    ]
    # Chromium's profile (and in it the Unix socket of its singleton lock) goes to TMPDIR: a
    # short directory of its own, since a socket's path must fit 107 bytes and pytest's
    # tmp_path under xdist does not ("Socket path too long", then "Unable to connect").
    with tempfile.TemporaryDirectory(prefix="lighthouse-", ignore_cleanup_errors=True) as profiles:
        environment = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": profiles}
        finished = subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=180, cwd=folder
        )
    assert finished.returncode == 0, finished.stderr[-2000:]
    return json.loads(report.read_text(encoding="utf-8"))


def failed_audits(report: dict) -> dict[str, list[str]]:
    """Per category below 100: the audits that cost points, with their titles."""
    failed = {}
    for name in CATEGORIES:
        category = report["categories"][name]
        if category["score"] == 1:
            continue
        failed[name] = [
            f"{ref['id']}: {report['audits'][ref['id']]['title']}"
            for ref in category["auditRefs"]
            if ref["weight"] and report["audits"][ref["id"]]["score"] not in (1, None)
        ] or [f"score {category['score']}"]
    return failed


@pytest.mark.parametrize("device", ["mobile", "desktop"])
def test_lighthouse_scores_100_for_accessibility_best_practices_and_seo(server, device, tmp_path):
    base = f"http://127.0.0.1:{server['port']}"
    failed = {}
    for kind, path in PAGES.items():
        report = lighthouse(base + path, device == "desktop", tmp_path)
        assert report["finalDisplayedUrl"].startswith(base + path.split("?")[0])
        assert not report.get("runtimeError"), report["runtimeError"]
        if problems := failed_audits(report):
            failed[kind] = problems
    assert failed == {}
