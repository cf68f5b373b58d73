"""The tasks' messages (publishing/logs.py): each once, plain lines in a log."""

import logging
import os
import subprocess
import sys

import pytest

from conftest import ROOT, copy_fixture
from newsroom.report import BuildReport
from publishing.logs import CONSOLE, setup_console
from publishing.server import _live_server

BUILD = """
import sys
from pathlib import Path
sys.path[:0] = [sys.argv[1] + "/plugins"]
from publishing.build import run_build
from publishing.project import Project
folder = Path(sys.argv[2])
project = Project(Path(sys.argv[1]), {"PATH": str(folder / "content"),
                                      "CACHE_PATH": str(folder / "cache")})
sys.exit(0 if run_build(project, project.settings_base, folder / "output").ok else 1)
"""


def test_a_build_in_a_log_says_each_warning_once_in_unwrapped_lines_without_colour(tmp_path):
    copy_fixture("basic", tmp_path)
    article = tmp_path / "content" / "2025" / "zweiter-beitrag.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(
        "\n".join(line for line in text.split("\n") if not line.startswith("Summary:")),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(ROOT), str(tmp_path)],
        env={**os.environ, "COLUMNS": "40", "NEWSROOM_PROGRESS": ""},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert said.count('"Summary" is missing') == 1, said
    assert "\x1b[" not in said
    finished = [line for line in said.splitlines() if line.startswith("Done: Processed")]
    assert len(finished) == 1 and finished[0].endswith("seconds."), said
    warned = next(line for line in said.splitlines() if '"Summary" is missing' in line)
    assert warned.endswith("fall back to the first words of the text"), said


@pytest.fixture
def root_handlers():
    """The root logger's handlers as they were, restored after the test."""
    root = logging.getLogger()
    saved = list(root.handlers)
    yield root
    root.handlers[:] = saved


def test_one_console_handler_replaces_a_plain_one_and_stays_one(root_handlers):
    plain = logging.StreamHandler(sys.stderr)
    root_handlers.addHandler(plain)
    setup_console()
    later = logging.StreamHandler(sys.stderr)  # e.g. a basicConfig between two builds
    root_handlers.addHandler(later)
    setup_console()  # every build of a livereload session calls it again
    names = [h.get_name() for h in root_handlers.handlers]
    assert names.count(CONSOLE) == 1
    assert plain not in root_handlers.handlers and later not in root_handlers.handlers


def test_the_live_server_logs_through_a_handler_of_its_own_never_into_a_build(root_handlers):
    server = _live_server()
    server._setup_logging()
    server._setup_logging()  # livereload calls it at every start
    for name in ("livereload", "tornado"):
        logger = logging.getLogger(name)
        assert len(logger.handlers) == 1 and not logger.propagate
    report = BuildReport()
    root_handlers.addHandler(report)
    logging.getLogger("tornado.access").warning("404 GET /gibt-es-nicht/ (127.0.0.1)")
    assert report.entries == []  # a 404 during a build is no warning of that build
