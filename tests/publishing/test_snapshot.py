"""The site snapshot: an unchanged production build is restored, any change builds anew."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import copy_fixture
from publishing import snapshot
from publishing.build import run_build
from publishing.preview import build_into_place
from site_project import site_project

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=BERLIN)
RESTORED = "Nothing the build reads has changed"


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def key_of(content: Path, settings: dict | None = None, now: datetime = NOW) -> str:
    inputs = snapshot.Inputs(content=content, others=(), timezone="Europe/Berlin")
    return snapshot.fingerprint(settings or {"SITEURL": "https://a.example"}, inputs, {}, now).key


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_fixture("basic", tmp_path) / "content"


def test_the_key_is_the_same_for_the_same_inputs(content):
    assert key_of(content) == key_of(content)


def test_the_key_changes_with_any_content_byte(content):
    before = key_of(content)
    article = content / "2025" / "zweiter-beitrag.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nEin Satz mehr.\n")
    assert key_of(content) != before


def test_the_key_changes_with_a_setting_such_as_siteurl_from_the_environment(content):
    assert key_of(content, {"SITEURL": "https://a.example"}) != key_of(
        content, {"SITEURL": "https://staging.a.example"}
    )


def test_the_key_changes_when_a_scheduled_article_falls_due(content):
    scheduled = content / "2026" / "bald.md"
    scheduled.parent.mkdir()
    scheduled.write_text(
        "Title: Bald\nDate: 2026-12-01 09:00\nAuthor: Jana Albers\nCategory: Social Media\n\n"
        "Erscheint am ersten Dezember.\n",
        encoding="utf-8",
    )
    the_day_before = key_of(content, now=NOW)
    assert key_of(content, now=NOW.replace(hour=23)) == the_day_before
    assert key_of(content, now=datetime(2026, 12, 1, 9, 1, tzinfo=BERLIN)) != the_day_before


def test_settings_with_functions_give_the_same_json_in_every_process():
    settings = {"JINJA_FILTERS": {"slug": run_build}, "PATHS": ("a", Path("b"))}
    assert snapshot.stable(settings) == {
        "JINJA_FILTERS": {"slug": "publishing.build.run_build"},
        "PATHS": ["a", "b"],
    }


def preview(project: Path, capsys) -> str:
    blog = site_project(project)
    assert build_into_place(blog, blog.settings_publish, project / "output")
    return " ".join(capsys.readouterr().out.split())


def test_an_unchanged_preview_is_restored_byte_for_byte_with_its_warnings(tmp_path, capsys):
    copy_fixture("basic", tmp_path)
    assert RESTORED not in preview(tmp_path, capsys)
    built = site_files(tmp_path / "output")

    printed = preview(tmp_path, capsys)
    assert RESTORED in printed
    # The last build's warning is reported again, not lost.
    assert "1 warning: content/2025/zweiter-beitrag.md:" in printed
    assert site_files(tmp_path / "output") == built


def test_an_edited_article_is_built_anew(tmp_path, capsys):
    copy_fixture("basic", tmp_path)
    preview(tmp_path, capsys)
    article = tmp_path / "content" / "2024" / "zu-wem-gehoert.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nEin Nachtrag der Redaktion.\n", encoding="utf-8"
    )
    assert RESTORED not in preview(tmp_path, capsys)
    page = next((tmp_path / "output" / "2024").rglob("zu-wem-gehoert-*/index.html"))
    assert "Ein Nachtrag der Redaktion." in page.read_text(encoding="utf-8")


def test_a_snapshot_changed_in_place_is_not_used(tmp_path, capsys):
    copy_fixture("basic", tmp_path)
    preview(tmp_path, capsys)
    built = site_files(tmp_path / "output")
    # Whatever wrote into a published file also wrote into the snapshot (hard links).
    with (tmp_path / "output" / "index.html").open("a", encoding="utf-8") as page:
        page.write("<!-- verändert -->")

    assert RESTORED not in preview(tmp_path, capsys)
    assert site_files(tmp_path / "output") == built


def test_the_snapshot_can_be_switched_off(tmp_path, capsys):
    copy_fixture("basic", tmp_path)
    preview(tmp_path, capsys)
    blog = site_project(tmp_path, PUBLISHING_SNAPSHOT=False)
    assert build_into_place(blog, blog.settings_publish, tmp_path / "output")
    assert RESTORED not in " ".join(capsys.readouterr().out.split())


def test_an_article_saved_during_the_first_build_is_built_again_next_time(tmp_path, capsys):
    from pelican import signals

    copy_fixture("basic", tmp_path)
    article = tmp_path / "content" / "2024" / "zu-wem-gehoert.md"

    def editor_saves(_generators) -> None:  # after Pelican has read the article
        article.write_text(article.read_text(encoding="utf-8") + "\nNachtrag.\n", "utf-8")

    signals.all_generators_finalized.connect(editor_saves)
    try:
        printed = preview(tmp_path, capsys)
    finally:
        signals.all_generators_finalized.disconnect(editor_saves)
    assert "no snapshot is kept" in printed
    assert RESTORED not in preview(tmp_path, capsys)
    page = next((tmp_path / "output" / "2024").rglob("zu-wem-gehoert-*/index.html"))
    assert "Nachtrag." in page.read_text(encoding="utf-8")


def _installed(site_packages: Path, name: str, version: str) -> None:
    info = site_packages / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )


def test_the_key_changes_when_any_installed_distribution_changes(content, tmp_path, monkeypatch):
    # Not only the packages someone thought of: Unidecode makes every URL, Pygments the
    # code blocks, and neither was on the old list.
    names = {name for name, _version in snapshot.installed_distributions()}
    assert {"unidecode", "pygments", "pelican", "markdown"} <= names
    before = key_of(content)
    site_packages = tmp_path / "site-packages"
    _installed(site_packages, "Some_Markdown_Extension", "1.0")
    monkeypatch.syspath_prepend(str(site_packages))
    with_extension = key_of(content)
    assert with_extension != before
    (site_packages / "Some_Markdown_Extension-1.0.dist-info").rename(
        site_packages / "Some_Markdown_Extension-1.1.dist-info"
    )
    meta = site_packages / "Some_Markdown_Extension-1.1.dist-info" / "METADATA"
    meta.write_text(meta.read_text().replace("1.0", "1.1"))
    assert key_of(content) not in (before, with_extension)
