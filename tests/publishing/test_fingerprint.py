"""The fingerprint: a key that changes whenever the built site could."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import copy_fixture
from newsroom.build_inputs import installed_distributions, stable
from publishing import fingerprint
from publishing.build import run_build

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=BERLIN)


def key_of(content: Path, settings: dict | None = None, now: datetime = NOW) -> str:
    inputs = fingerprint.Inputs(content=content, others=(), timezone="Europe/Berlin")
    return fingerprint.fingerprint(
        settings or {"SITEURL": "https://a.example"}, inputs, {}, now
    ).key


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
    assert stable(settings) == {
        "JINJA_FILTERS": {"slug": "publishing.build.run_build"},
        "PATHS": ["a", "b"],
    }


def _installed(site_packages: Path, name: str, version: str) -> None:
    info = site_packages / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )


def test_the_key_changes_when_any_installed_distribution_changes(content, tmp_path, monkeypatch):
    # Not only the packages someone thought of: Unidecode makes every URL, Pygments the
    # code blocks, and neither was on the old list.
    names = {name for name, _version in installed_distributions()}
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
