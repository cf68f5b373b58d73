"""The editors' mistakes with languages: each one error or warning naming file, line and
field, and a build that stops on an error (fixture site ``languages``, changed a little)."""

import logging
from pathlib import Path

import pytest

from conftest import Site, build_site, copy_fixture

ENGLISH = "content/2024/who-owns.md"
GERMAN = "content/2024/zu-wem-gehoert.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_fixture("languages", tmp_path)


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text("utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new), "utf-8")


def build(project: Path) -> Site:
    return build_site(project, "pelicanconf.py")


def about(site: Site, level: int, path: str) -> list[str]:
    return [message for message in site.messages(level) if message.startswith(path)]


def test_the_fixture_builds_without_a_warning(project):
    site = build(project)
    assert site.ok
    assert site.messages(logging.ERROR) == []
    assert [m for m in site.messages(logging.WARNING) if "content/" in m] == []


def test_a_lang_the_site_does_not_publish_in_stops_the_build(project):
    edit(project, ENGLISH, "Lang: en", "Lang: fr")
    site = build(project)
    assert not site.ok
    (message,) = about(site, logging.ERROR, ENGLISH)
    assert message.startswith(f'{ENGLISH}:8: "Lang" is "fr"')
    assert "de, en" in message


def test_a_lang_that_is_no_language_code_stops_the_build(project):
    edit(project, ENGLISH, "Lang: en", "Lang: Englisch")
    site = build(project)
    assert not site.ok
    (message,) = about(site, logging.ERROR, ENGLISH)
    assert message.startswith(f'{ENGLISH}:8: "Lang" is "Englisch"; expected a language code')


def test_a_translation_key_pointing_nowhere_is_a_warning_and_the_text_is_published(project):
    edit(project, ENGLISH, "Translation: firmen-account", "Translation: firmen-acount")
    site = build(project)
    assert site.ok
    (message,) = about(site, logging.WARNING, ENGLISH)
    assert message.startswith(f'{ENGLISH}:9: "Translation" is "firmen-acount", but no other')
    assert (site.output / "en/2024/09/who-owns-the-company-account/index.html").is_file()
    # The German original is alone too now, and says so.
    assert about(site, logging.WARNING, "content/2024/zu-wem-gehoert.md")


def test_two_articles_of_one_language_with_one_key_are_an_error_each(project):
    edit(
        project, "content/2025/english-only.md", "Lang: en", "Lang: en\nTranslation: firmen-account"
    )
    site = build(project)
    assert not site.ok
    (first,) = about(site, logging.ERROR, "content/2025/english-only.md")
    (second,) = about(site, logging.ERROR, ENGLISH)
    assert first.startswith('content/2025/english-only.md:8: "Translation" is "firmen-account"')
    assert ENGLISH in first and "content/2025/english-only.md" in second
    assert second.startswith(f'{ENGLISH}:9: "Translation"')


def test_a_translated_category_without_a_row_in_the_mapping_is_a_warning_with_the_row(project):
    edit(project, "content/terms.csv", "category,Social Media,Social media\n", "")
    site = build(project)
    assert site.ok
    (message,) = about(site, logging.WARNING, ENGLISH)
    assert message.startswith(f'{ENGLISH}:5: "Category" is "Social Media", which content/terms.csv')
    # The English article names the German category: the row has it in the "de" column.
    assert '"category,Social Media,<en>"' in message


def test_a_category_of_an_english_only_article_needs_no_row(project):
    site = build(project)
    assert about(site, logging.WARNING, "content/2025/english-only.md") == []
    assert (site.output / "en/category/international/index.html").is_file()


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("kind,de\ncategory,Social Media\n", 1, 'expected the header row "kind,de,en"'),
        ("kind,de,en\ncategory,Social Media\n", 2, "has 2 fields; expected 3"),
        ("kind,de,en\ntopic,A,B\n", 2, '"kind" is "topic"; expected category or tag'),
        ("kind,de,en\ntag,Recht,\n", 2, '"en" is empty'),
        ("kind,de,en\ntag,Recht,Law\ntag,Recht,Legal\n", 3, "already a tag of line 2"),
    ],
)
def test_a_broken_mapping_is_one_error_naming_its_line_and_column(project, text, line, expected):
    (project / "content/terms.csv").write_text(text, "utf-8")
    site = build(project)
    (message,) = about(site, logging.ERROR, "content/terms.csv")
    assert message.startswith(f"content/terms.csv:{line}:"), message
    assert expected in message


def test_a_profile_in_a_language_the_site_does_not_publish_in_is_an_error(project):
    edit(project, "content/authors/jana-albers.en.md", "Lang: en", "Lang: fr")
    site = build(project)
    (message,) = about(site, logging.ERROR, "content/authors/jana-albers.en.md")
    assert '"Lang" is "fr"' in message


def test_a_translation_with_the_slug_of_its_original_is_an_error_asking_for_a_slug(project):
    # Its URL differs by /en/, but comments, cards and the intake know it by its slug.
    edit(
        project,
        ENGLISH,
        "Slug: who-owns-the-company-account",
        "Slug: zu-wem-gehoert-der-firmen-account",
    )
    site = build(project)
    assert not site.ok
    for path, other in (
        (ENGLISH, GERMAN),
        (GERMAN, ENGLISH),
    ):
        slug_errors = [m for m in about(site, logging.ERROR, path) if "expected a unique Slug" in m]
        assert len(slug_errors) == 1 and other in slug_errors[0], (path, slug_errors)


def test_an_english_name_without_a_row_is_suggested_in_the_english_column(project):
    edit(project, ENGLISH, "Tags: LinkedIn, Richtlinien", "Tags: LinkedIn, Policies, Governance")
    site = build(project)
    (message,) = about(site, logging.WARNING, ENGLISH)
    assert message.startswith(f'{ENGLISH}:6: "Tags" is "Governance"')
    assert '"tag,<de>,Governance"' in message
