"""Broken input: one clear message naming file and field, a failed build, no feed half-written."""

import logging
from pathlib import Path

import pytest

from conftest import build_site, copy_fixture
from newsroom.config import SettingsError
from tests.feeds.feedcheck import feeds_of

SITEURL = "https://blog.example"
COMMENT = "content/comments/krisenkommunikation-die-erste-stunde/20240422-094711-3c8f12.md"


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_fixture("feeds", tmp_path)


def build(project: Path, **settings):
    return build_site(project, "publishconf.py", **{"SITEURL": SITEURL, **settings})


def errors(site) -> list[str]:
    return site.messages(logging.ERROR)


def replace_in(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_control_character_in_the_text_stops_the_build_naming_file_and_line(project):
    replace_in(project, "content/2025/planung.md", "ausprobiert", "ausprobiert\x08")
    site = build(project)
    assert errors(site) == [
        "content/2025/planung.md:11: the text contains the control character U+0008, which a "
        "feed cannot carry (XML forbids it); expected text without control characters "
        "(delete it, or type a space instead)"
    ]
    assert site.stopped is not None
    assert not (site.output / "index.html").exists()  # stopped before anything was written
    assert not site.output.exists() or feeds_of(site.output) == []


def test_a_control_character_in_a_header_names_the_field(project):
    replace_in(project, "content/2025/interview.md", "Title: Ein Jahr", "Title: Ein\x1b Jahr")
    site = build(project)
    (message,) = errors(site)
    assert message.startswith(
        'content/2025/interview.md:1: "Title" contains the control character U+001B'
    )
    assert site.stopped is not None


def test_a_control_character_in_a_comment_names_the_comment_file(project):
    replace_in(project, COMMENT, "nehme ich", "nehme\x07 ich")
    site = build(project)
    (message,) = errors(site)
    assert message.startswith(f"{COMMENT}:5: the text contains the control character U+0007")
    assert site.stopped is not None


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"FEEDS_SITEURL": "blog.example"}, "Setting FEEDS_SITEURL is 'blog.example'"),
        ({"FEEDS_MAX_ITEMS": 0}, "Setting FEEDS_MAX_ITEMS is 0"),
        ({"FEEDS_LOGO": "theme/img/fehlt.png"}, "Setting FEEDS_LOGO is 'theme/img/fehlt.png'"),
    ],
)
def test_a_wrong_setting_stops_the_build_before_anything_is_read(project, settings, message):
    with pytest.raises(SettingsError, match=f"^{message}; expected "):
        build(project, **settings)
    assert not (project / "output").exists()


def test_a_misspelt_setting_is_named_once(project):
    site = build(project, FEEDS_MAX_ITEM=5)
    assert site.ok, site.stopped
    assert site.messages(logging.WARNING) == [
        "Unknown setting FEEDS_MAX_ITEM is ignored; did you mean FEEDS_MAX_ITEMS?"
    ]


def test_two_feeds_on_one_path_fail_the_build_naming_both(project):
    site = build(
        project, FEEDS_SITE_ATOM="feeds/content.xml", FEEDS_CATEGORY_ATOM="feeds/{slug}.xml"
    )
    assert errors(site) == [
        'Feeds "Hafenlicht" and "Hafenlicht: Content" would both be written to '
        "feeds/content.xml; expected a path of its own for each feed (see the FEEDS_*_ATOM "
        "and FEEDS_*_RSS settings)"
    ]
    assert site.stopped is not None
