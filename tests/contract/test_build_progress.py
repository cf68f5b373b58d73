"""Progress of a large build (contract/build_progress.py): a bar per phase on a terminal,
a plain line now and then in a log, nothing for a small build."""

import pytest

import newsroom.progress
from conftest import copy_fixture
from contract import build_progress
from contract.build_progress import LARGE_BUILD, phase
from publishing.build import run_build
from site_project import site_project


def test_only_a_build_of_more_than_500_articles_shows_progress(monkeypatch):
    monkeypatch.delenv("NEWSROOM_PROGRESS", raising=False)
    assert LARGE_BUILD == 500
    assert phase("Writing pages", 500, "pages").mode == "off"
    assert phase("Writing pages", 501, "pages").mode == "lines"  # no terminal here
    assert phase("Writing pages", 520, "pages", articles=480).mode == "off"


@pytest.mark.slow
def test_a_large_build_tells_how_far_each_phase_is(tmp_path, monkeypatch, capfd):
    # The fixture stands in for a large site: the threshold is lowered, and every step
    # gets its line (in a log a line comes every 10 s).
    monkeypatch.setattr(build_progress, "LARGE_BUILD", 1)
    monkeypatch.setattr(newsroom.progress, "LINE_INTERVAL_SECONDS", 0.0)
    monkeypatch.setenv("NEWSROOM_PROGRESS", "lines")
    copy_fixture("basic", tmp_path)
    blog = site_project(tmp_path)
    assert run_build(blog, blog.settings_publish, tmp_path / "output").ok
    said = capfd.readouterr().err.splitlines()
    written = [line for line in said if line.startswith("Writing pages: ")]
    assert written[-1] == "Writing pages: 3 of 3 pages (100 %)", said
    drawn = [line for line in said if line.startswith("Drawing social cards: ")]
    assert drawn and drawn[-1].endswith(" cards (100 %)"), said
    assert "\x1b[" not in "\n".join(said)
