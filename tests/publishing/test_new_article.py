"""publishing.new_article: the draft's header is written by the contract's writer and
reads back as given."""

from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import copy_fixture
from newsroom.headers import Kind, check_header, split_source
from publishing.new_article import profile_hint, write_new_article
from publishing.project import Project


def test_the_draft_reads_back_what_was_given(tmp_path):
    copy_fixture("basic", tmp_path)
    blog = Project(tmp_path)
    now = datetime(2026, 3, 4, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    path = write_new_article(
        blog,
        "Größer  denken: „Ein“ Ausblick",
        now,
        author="Jana Albers",
        category="Social Media",
        slug="ausblick",
    )
    source = split_source(path.read_text(encoding="utf-8"))
    header = check_header(Kind.ARTICLE, "new.md", source, tmp_path / "content")
    assert header.problems == ()
    assert header.values == {
        "title": "Größer denken: „Ein“ Ausblick",
        "date": "2026-03-04 09:30",
        "author": "Jana Albers",
        "category": "Social Media",
        "slug": "ausblick",
        "type": "article",
        "comments": "open",
        "status": "draft",
    }
    assert [line.key for line in source.header if not line.value] == ["Tags", "Summary", "Image"]
    assert source.body.startswith("Der erste Absatz steht hier.")


def test_an_author_without_a_profile_is_named_with_what_to_write(tmp_path):
    copy_fixture("basic", tmp_path)
    blog = Project(tmp_path)
    now = datetime(2026, 3, 4, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    known = write_new_article(blog, "Mit Profil", now, author="Jana Albers")
    assert profile_hint(blog, known) == ""
    unknown = write_new_article(blog, "Ohne Profil", now, author="Neue Kollegin")
    hint = profile_hint(blog, unknown)
    assert '"Author: Neue Kollegin" has no profile' in hint
    assert "content/authors/neue-kollegin.md" in hint
