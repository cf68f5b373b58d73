"""`invoke new TITLE --lang en --translation-of FILE`: the draft of a translation, joined
to its original, and the refusals that keep two versions of one language apart."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import ROOT, build_site, copy_fixture
from newsroom.headers import Kind, check_header, split_source
from publishing.new_article import write_new_article
from publishing.new_translation import Languages, write_translation
from publishing.project import Project, Refused

NOW = datetime(2026, 3, 4, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
LANGUAGES = Languages("de", ("de", "en"))
GERMAN_ONLY = "content/2025/nur-deutsch.md"


@pytest.fixture
def blog(tmp_path) -> Project:
    copy_fixture("languages", tmp_path)
    (tmp_path / "theme").symlink_to(ROOT / "theme")  # the note's translations
    return Project(tmp_path)


def header_of(path) -> dict:
    source = split_source(path.read_text("utf-8"))
    return check_header(Kind.ARTICLE, path.name, source, None, "Europe/Berlin", ("de", "en")).values


def test_the_draft_carries_the_originals_header_and_text_and_both_get_the_key(blog):
    made = write_translation(blog, GERMAN_ONLY, "en", NOW, LANGUAGES, "Only in German, for now")
    assert made.key == "nur-auf-deutsch" and made.key_added
    assert blog.shown(made.path) == "content/2025/only-in-german-for-now.md"
    values = header_of(made.path)
    assert values["title"] == "Only in German, for now"
    assert (values["lang"], values["translation"], values["status"]) == ("en", made.key, "draft")
    assert (values["author"], values["category"]) == ("Jana Albers", "PR & Krise")
    assert values["date"] == "2026-03-04 09:30"
    body = split_source(made.path.read_text("utf-8")).body
    assert body.lstrip().startswith("Translate the text below from German")
    assert "Nur auf Deutsch." in body
    original = header_of(blog.content / "2025/nur-deutsch.md")
    assert original["translation"] == made.key and "lang" not in original


def test_a_published_translation_builds_as_the_originals_english_version(blog):
    made = write_translation(blog, GERMAN_ONLY, "en", NOW, LANGUAGES, "Only in German, for now")
    text = made.path.read_text("utf-8").replace("Status: draft\n", "")
    made.path.write_text(text.replace("Date: 2026-03-04 09:30", "Date: 2025-02-02 09:00"), "utf-8")
    site = build_site(blog.root, "pelicanconf.py")
    assert site.ok
    page = site.html("en/2025/02/only-in-german-for-now/")
    links = {link["hreflang"] for link in page.select("link[hreflang]")}
    assert links == {"de", "en", "x-default"}


def test_a_second_version_in_one_language_is_refused(blog):
    with pytest.raises(Refused, match=r'content/2024/who-owns\.md is the "en" version'):
        write_translation(blog, "content/2024/zu-wem-gehoert.md", "en", NOW, LANGUAGES, "Again")
    with pytest.raises(Refused, match=r'content/2024/zu-wem-gehoert\.md is the "de" version'):
        write_translation(blog, "content/2024/who-owns.md", "de", NOW, LANGUAGES, "Noch mal")


def test_a_german_translation_of_an_english_article_gets_the_note_in_german(blog):
    made = write_translation(
        blog, "content/2025/english-only.md", "de", NOW, LANGUAGES, "Nur auf Englisch"
    )
    body = split_source(made.path.read_text("utf-8")).body.lstrip()
    assert body.startswith("Übersetzen Sie den Text unten (Sprache des Originals: Englisch)")
    assert header_of(made.path)["translation"] == "only-in-english"


@pytest.mark.parametrize(
    ("original", "lang", "expected"),
    [
        (GERMAN_ONLY, "fr", "the site publishes in de, en"),
        (GERMAN_ONLY, "de", "is in de already"),
        ("content/2025/fehlt.md", "en", "no such file"),
        ("content/authors/jana-albers.md", "en", r"<name>\.en\.md"),
    ],
)
def test_refusals_name_what_is_wrong(blog, original, lang, expected):
    with pytest.raises(Refused, match=expected) as refused:
        write_translation(blog, original, lang, NOW, LANGUAGES, "Any title")
    assert refused.value.code == 2
    assert not (blog.content / "2025/any-title.md").exists()


def test_a_page_is_translated_into_the_pages_folder_without_a_date(blog):
    (blog.content / "pages/about-us.md").unlink()
    made = write_translation(blog, "content/pages/ueber-uns.md", "en", NOW, LANGUAGES, "About")
    assert blog.shown(made.path) == "content/pages/about.md"
    assert not made.key_added  # ueber-uns.md has its key: about
    source = split_source(made.path.read_text("utf-8"))
    values = check_header(Kind.PAGE, "about.md", source, None, "Europe/Berlin", ("de", "en")).values
    assert (values["lang"], values["translation"]) == ("en", "about") and "date" not in values


def test_a_new_english_article_says_its_language_and_speaks_it(blog):
    path = write_new_article(blog, "A new post", NOW, "Jana Albers", "International", lang="en")
    assert header_of(path)["lang"] == "en"
    assert split_source(path.read_text("utf-8")).body.startswith("The first paragraph")
