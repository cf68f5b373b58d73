"""The site record: an incremental production build equals a clean one, byte for byte,
after every kind of edit, and renders only the pages whose inputs changed.

One demo project is edited step by step. After each edit it is built twice: once as
`invoke preview` builds it (taking unchanged pages, their .gz/.br and the search index
from the last build) and once without snapshot and record (every page rendered; the
plugins' own caches stay, they have tests of their own). Both sites must be identical,
file by file. Which pages the incremental build rendered is told by their inodes: a page
taken from the last build is the very file of the last site.
"""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DEMO_SITEURL, ROOT
from publishing.preview import build_site
from site_project import site_project

ARTICLE = "content/2025/mastodon-fuer-unternehmen.md"
ARTICLE_PAGE = "2025/09/mastodon-fuer-unternehmen-lohnt-sich-das-fediverse/index.html"
OTHER_PAGE = "2024/02/zu-wem-gehoert-der-firmen-account/index.html"
COMMENTS = "content/comments/mastodon-fuer-unternehmen-lohnt-sich-das-fediverse"


def _edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{path} has no {old!r}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _append(path: str, text: str) -> Callable[[Path], None]:
    def append(project: Path) -> None:
        with (project / path).open("a", encoding="utf-8") as file:
            file.write(text)

    return append


def _write(path: str, text: str) -> Callable[[Path], None]:
    def write(project: Path) -> None:
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")

    return write


def _delete(path: str) -> Callable[[Path], None]:
    return lambda project: (project / path).unlink()


NEW_ARTICLE = """\
Title: Ein neuer Beitrag über Podcasts
Date: 2025-10-01 10:00
Author: Jana Albers
Category: Social Media
Tags: Podcasts, Reichweite
Summary: Warum Podcasts im Mittelstand wieder gehört werden.

Ein Podcast braucht vor allem eines: eine Stimme, der man gern zuhört.
"""
NEW_COMMENT = """\
Author: Lena Vogt
Date: 2025-09-16T10:00+02:00

Danke, genau das haben wir gesucht: ein Einstieg ohne eigenen Server.
"""
# (what is edited, the edit, pages that must be rendered, pages that must not)
EDITS = [
    (
        "article text",
        _append(ARTICLE, "\nNachtrag der Redaktion: ein Satz mehr.\n"),
        {ARTICLE_PAGE},
        {OTHER_PAGE, "index.html", "kategorie/social-media/index.html"},
    ),
    (
        "title",
        # The slug kept, as an editor keeps it for an article with comments.
        _edit(
            ARTICLE,
            "Title: Mastodon für Unternehmen:",
            "Slug: mastodon-fuer-unternehmen-lohnt-sich-das-fediverse\nTitle: Mastodon für Firmen:",
        ),
        {ARTICLE_PAGE, "index.html", "kategorie/social-media/index.html"},
        {OTHER_PAGE},
    ),
    ("date", _edit(ARTICLE, "Date: 2025-09-09 09:30", "Date: 2025-09-10 11:00"), set(), set()),
    (
        "author profile",
        _edit("content/authors/jana-albers.md", "zwölf Jahre", "dreizehn Jahre"),
        {"autor/jana-albers/index.html"},
        {"2025/09/mastodon-fuer-unternehmen-lohnt-sich-das-fediverse/index.html"},
    ),
    (
        "comment",
        _write(f"{COMMENTS}/20250916-100000-ab12cd.md", NEW_COMMENT),
        {ARTICLE_PAGE},
        {OTHER_PAGE},
    ),
    ("category", _edit(ARTICLE, "Category: Social Media", "Category: Strategie"), set(), set()),
    (
        "template",
        _edit("theme/templates/tag.html", "{% block content %}", "{% block content %}<!-- t -->"),
        {"thema/mastodon/index.html"},
        {OTHER_PAGE, "index.html"},
    ),
    ("setting", lambda project: None, set(), set()),  # SITESUBTITLE, see below
    ("deleted article", _delete("content/2024/barrierefreie-social-media-posts.md"), set(), set()),
    ("new article", _write("content/2025/neuer-beitrag.md", NEW_ARTICLE), set(), set()),
]


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*.html")}


def search_inodes(folder: Path) -> dict[str, int]:
    """The files of the search index's parts (parts.json is written by every build)."""
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino
        for p in (folder / "pagefind").glob("*/**/*")
        if p.is_file()
    }


@pytest.mark.slow
def test_an_incremental_build_equals_a_clean_one_after_every_kind_of_edit(tmp_path, capsys):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "theme", project / "theme")
    settings = {"SITEURL": DEMO_SITEURL, "THEME": str(project / "theme")}
    incremental = site_project(project, **settings)
    clean = site_project(
        project, CACHE_PATH=str(tmp_path / "clean-cache"), PUBLISHING_SNAPSHOT=False, **settings
    )

    before = tmp_path / "site-0"
    assert build_site(incremental, incremental.settings_publish, before, search=True).ok
    for number, (what, edit, rendered, kept) in enumerate(EDITS, start=1):
        edit(project)
        if what == "setting":
            settings["SITESUBTITLE"] = "Das Blog der Agentur, neu untertitelt"
            incremental = site_project(project, **settings)
            clean = site_project(
                project,
                CACHE_PATH=str(tmp_path / "clean-cache"),
                PUBLISHING_SNAPSHOT=False,
                **settings,
            )
        after, reference = tmp_path / f"site-{number}", tmp_path / f"clean-{number}"
        capsys.readouterr()
        assert build_site(incremental, incremental.settings_publish, after, search=True).ok, what
        printed = capsys.readouterr().out
        assert build_site(clean, clean.settings_publish, reference, search=True).ok, what

        built, expected = site_files(after), site_files(reference)
        assert built.keys() == expected.keys(), what
        differing = sorted(path for path in built if built[path] != expected[path])
        assert not differing, f"after the {what} edit: {differing[:10]}"

        old, new = inodes(before), inodes(after)
        rendered_now = {path for path in new if old.get(path) != new[path]}
        assert rendered <= rendered_now, what
        assert not kept & rendered_now, f"after the {what} edit: {kept & rendered_now}"
        if what == "setting":  # the settings are everyone's input
            assert rendered_now == set(new)
        if what == "article text":
            assert rendered_now == {ARTICLE_PAGE}, printed
            assert "Pages: 1 rendered" in printed
        # Pagefind indexes the index anew only when an indexed page changed; else it is
        # the last build's files. The tag pages are not indexed: a template of theirs
        # changes none.
        old_index, new_index = search_inodes(before), search_inodes(after)
        relinked = {path for path in new_index if old_index.get(path) != new_index[path]}
        assert bool(relinked) == (what != "template"), what
        assert ("(unchanged, from the last build)" in printed) == (what == "template"), what
        if what == "article text":  # Pagefind wrote the edited page's fragment, no other
            fragments = {path for path in new_index if "/fragment/" in path}
            assert len(fragments) > 1
            assert len(fragments & relinked) == 1, sorted(fragments & relinked)
        before = after
