"""The invoke tasks editors use, run in-process against tmp folders."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from invoke import Context, Exit

import tasks
from conftest import build_site, copy_fixture
from newsroom.headers import Kind, check_header, split_source


@pytest.fixture
def project(tmp_path, monkeypatch):
    copy_fixture("basic", tmp_path)
    monkeypatch.setitem(tasks.CONFIG, "content", tmp_path / "content")
    return tmp_path


def test_new_writes_a_complete_draft_and_prints_its_path(project, capsys):
    tasks.new(
        Context(), "Größer denken: Ein Ausblick", author="Jana Albers", category="Social Media"
    )
    year = datetime.now(ZoneInfo("Europe/Berlin")).year
    path = project / "content" / str(year) / "groesser-denken-ein-ausblick.md"
    assert capsys.readouterr().out.strip().endswith(f"{year}/groesser-denken-ein-ausblick.md")

    source = split_source(path.read_text(encoding="utf-8"))
    keys = [line.key for line in source.header]
    assert keys == [
        "Title",
        "Date",
        "Author",
        "Category",
        "Tags",
        "Summary",
        "Image",
        "Type",
        "Comments",
        "Status",
    ]
    header = check_header(Kind.ARTICLE, "new.md", source, project / "content")
    assert header.errors == ()
    assert header.values["status"] == "draft"
    assert header.values["date"].startswith(
        datetime.now(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d")
    )

    site = build_site(project)
    assert site.ok
    assert "Größer denken" not in site.read("")


def test_new_refuses_to_overwrite(project):
    tasks.new(Context(), "Doppelt", author="Jana Albers")
    with pytest.raises(Exit, match="exists already"):
        tasks.new(Context(), "Doppelt", author="Jana Albers")


def test_new_refuses_a_title_without_letters(project):
    with pytest.raises(Exit, match="no usable slug"):
        tasks.new(Context(), "???")
