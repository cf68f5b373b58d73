"""`invoke check` says each mistake once: the build's own list of its messages is left out,
and a source check and the build word the same mistake alike."""

from conftest import copy_fixture
from newsroom.findings import as_text
from publishing.checks import run_checks
from site_project import site_project

MISTAKE = 'names "Niemand Bekannt", who has no profile'


def test_an_author_without_a_profile_is_listed_once_with_its_line(tmp_path, capsys):
    copy_fixture("basic", tmp_path)
    article = tmp_path / "content" / "2024" / "zu-wem-gehoert.md"
    article.write_text(
        article.read_text().replace("Author: Jana Albers", "Author: Niemand Bekannt")
    )
    result = run_checks(site_project(tmp_path), tmp_path / "checked")
    said = capsys.readouterr()
    everything = said.out + said.err + as_text(result)
    assert everything.count(MISTAKE) == 1, everything
    (error,) = result.errors
    assert (error.path, error.line) == ("content/2024/zu-wem-gehoert.md", 3)
    assert error.message.startswith(f'"Author" {MISTAKE}; expected content/authors/')


def test_a_missing_picture_and_a_missing_link_target_are_listed_once_each(tmp_path, capsys):
    copy_fixture("basic", tmp_path)
    article = tmp_path / "content" / "2024" / "zu-wem-gehoert.md"
    article.write_text(
        article.read_text()
        + "\n![Ein Bild]({static}/images/gibt-es-nicht.jpg)\n\n"
        + "Ein [Link]({filename}/2024/gibt-es-nicht.md).\n"
    )
    result = run_checks(site_project(tmp_path), tmp_path / "checked")
    said = capsys.readouterr()
    everything = said.out + said.err + as_text(result)
    assert everything.count("gibt-es-nicht.jpg") == 1, everything
    assert everything.count("gibt-es-nicht.md") == 1, everything
    ours = [f for f in result.findings if "gibt-es-nicht" in f.message]
    assert [f.message.split()[0] for f in ours] == ["image", "link"], ours


def test_a_build_warning_has_its_file_and_line_in_their_fields(tmp_path):
    copy_fixture("basic", tmp_path)
    article = tmp_path / "content" / "2024" / "zu-wem-gehoert.md"
    # A Translation key no other article has: only the build can tell (a warning).
    article.write_text(article.read_text().replace("Tags: ", "Translation: nirgends\nTags: "))
    result = run_checks(site_project(tmp_path), tmp_path / "checked")
    (alone,) = [f for f in result.warnings if "nirgends" in f.message]
    assert (alone.path, alone.line) == ("content/2024/zu-wem-gehoert.md", 5)
    assert alone.message.startswith('"Translation" is "nirgends"'), alone


def test_two_articles_with_one_slug_are_named_with_both_files_and_lines(tmp_path, capsys):
    copy_fixture("basic", tmp_path)
    (tmp_path / "content" / "2025").mkdir(exist_ok=True)
    again = tmp_path / "content" / "2025" / "nochmal.md"
    again.write_text(
        "Title: Noch einmal\nDate: 2025-05-05\nAuthor: Jana Albers\nCategory: Social Media\n"
        "Summary: N.\nSlug: zu-wem-gehoert-der-firmen-account\n\nNeu.\n",
        "utf-8",
    )
    result = run_checks(site_project(tmp_path), tmp_path / "checked")
    said = capsys.readouterr()
    everything = said.out + said.err + as_text(result)
    ours = [f for f in result.errors if "the same as in" in f.message]
    # Each at the line its slug comes from: the other's Title, this one's Slug.
    assert [(f.path, f.line) for f in ours] == [
        ("content/2024/zu-wem-gehoert.md", 1),
        ("content/2025/nochmal.md", 6),
    ]
    assert ours[0].message.startswith(
        '"Title" gives the slug "zu-wem-gehoert-der-firmen-account", the same as in '
        "content/2025/nochmal.md:6;"
    )
    assert ours[1].message.startswith(
        '"Slug" is "zu-wem-gehoert-der-firmen-account", the same as in '
        "content/2024/zu-wem-gehoert.md:1 (from its Title);"
    )
    # The source check and the build word it alike: each file is told once.
    assert everything.count("the same as in") == 2, everything
