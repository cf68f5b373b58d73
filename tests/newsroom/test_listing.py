"""One notion of "listed", and slugs that must stay unique: real builds of the basic site."""

import json
import logging

import pytest

from conftest import build_site
from publishing.search import build_search_index, indexed_pages, summary

HIDDEN = (
    "Title: Interne Notiz zur Zebrastreifenvermessung\nDate: 2025-02-01\nAuthor: Jana Albers\n"
    "Category: Social Media\nSlug: interne-notiz\nStatus: hidden\nSummary: Intern.\n\n"
    "Die Zebrastreifenvermessung bleibt intern.\n"
)


def _write(site, relative: str, text: str) -> None:
    path = site.content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_hidden_pages_are_neither_indexed_by_search_engines_nor_by_the_site_search(
    fixture_site,
):
    site = fixture_site()
    _write(site, "2025/intern.md", HIDDEN)
    _write(site, "pages/intern.md", "Title: Intern\nSlug: intern\nStatus: hidden\n\nNur intern.\n")
    site = build_site(site.root, "publishconf.py", SITEURL="https://blog.example")
    assert site.ok, site.stopped
    for url in ("2025/02/interne-notiz/", "intern/"):
        page = site.html(url)
        assert page.select_one('meta[name="robots"]')["content"] == "noindex", url
        assert not page.select("[data-pagefind-body]"), url
    listed = site.html("2024/09/zu-wem-gehoert-der-firmen-account/")
    assert listed.select("[data-pagefind-body]")
    assert not listed.select('meta[name="robots"]')
    assert site.html("impressum/").select("[data-pagefind-body]")

    build_search_index(site.output, indexed_pages(site.settings))
    indexed = sum(
        language["page_count"]
        for entry in (site.output / "pagefind").glob("*/pagefind-entry.json")
        for language in json.loads(entry.read_text())["languages"].values()
    )
    with_body = [p for p in site.pages() if "data-pagefind-body" in p.read_text("utf-8")]
    assert indexed == len(with_body) == 3  # two articles and the Impressum
    assert summary(site.output) == "Search index: 3 pages"  # the line preview prints


def test_two_articles_with_one_slug_stop_the_build_naming_both_files(fixture_site):
    site = fixture_site()
    _write(
        site,
        "2026/zu-wem-gehoert-der-firmen-account.md",
        "Title: Zu wem gehört der Firmen-Account?\nDate: 2026-01-05\nAuthor: Jana Albers\n"
        "Category: Social Media\nStatus: draft\n\nNeu.\n",
    )
    site = build_site(site.root)
    assert not site.ok
    report = str(site.stopped)
    assert "content/2024/zu-wem-gehoert.md" in report
    assert "content/2026/zu-wem-gehoert-der-firmen-account.md" in report
    assert '"zu-wem-gehoert-der-firmen-account", the same as in' in report
    assert not (site.output / "index.html").exists()


def test_two_published_articles_with_one_slug_stop_the_build_too(fixture_site):
    site = fixture_site()
    _write(
        site,
        "2025/nochmal.md",
        "Title: Noch einmal\nDate: 2025-05-05\nAuthor: Jana Albers\nCategory: Social Media\n"
        "Slug: zu-wem-gehoert-der-firmen-account\nSummary: N.\n\nNeu.\n",
    )
    _write(site, "pages/impressum-2.md", "Title: Impressum\nSlug: impressum\n\nDoppelt.\n")
    site = build_site(site.root)
    assert not site.ok
    report = str(site.stopped)
    for path in (
        "content/2024/zu-wem-gehoert.md",
        "content/2025/nochmal.md",
        "content/pages/impressum.md",
        "content/pages/impressum-2.md",
    ):
        assert path in report


def test_the_build_names_the_line_each_shared_slug_comes_from(fixture_site):
    site = fixture_site()
    _write(
        site,
        "2025/nochmal.md",
        "Title: Noch einmal\nDate: 2025-05-05\nAuthor: Jana Albers\nCategory: Social Media\n"
        "Summary: N.\nSlug: zu-wem-gehoert-der-firmen-account\n\nNeu.\n",
    )
    site = build_site(site.root)
    assert not site.ok
    errors = [m for m in site.messages(logging.ERROR) if "the same as in" in m]
    assert errors == [
        'content/2024/zu-wem-gehoert.md:1: "Title" gives the slug '
        '"zu-wem-gehoert-der-firmen-account", the same as in content/2025/nochmal.md:6; '
        "comments, social cards, feed ids and the comment form all key on the slug: "
        "expected a unique Slug (add a Slug: line, or change the Title)",
        'content/2025/nochmal.md:6: "Slug" is "zu-wem-gehoert-der-firmen-account", the same '
        "as in content/2024/zu-wem-gehoert.md:1 (from its Title); comments, social cards, "
        "feed ids and the comment form all key on the slug: expected a unique Slug (add a "
        "Slug: line, or change the Title)",
    ]


def test_a_very_long_title_gets_a_shortened_slug_and_a_page(fixture_site):
    site = fixture_site()
    title = "Warum " + " ".join(["eine sehr lange Überschrift"] * 12)
    _write(
        site,
        "2025/lang.md",
        f"Title: {title}\nDate: 2025-02-02\nAuthor: Jana Albers\nCategory: Social Media\n"
        "Summary: Lang.\n\nText.\n",
    )
    site = build_site(site.root)
    assert site.ok, site.stopped
    (folder,) = [p for p in (site.output / "2025" / "02").iterdir() if p.name.startswith("warum")]
    assert len(folder.name) <= 80
    assert folder.name.startswith("warum-eine-sehr-lange-ueberschrift-")
    assert not folder.name.endswith("-")


def test_a_comma_in_the_category_stops_the_build_with_a_hint(fixture_site):
    site = fixture_site()
    _write(
        site,
        "2025/komma.md",
        "Title: Komma\nDate: 2025-02-02\nAuthor: Jana Albers\n"
        "Category: Social Media, Recht\nSummary: K.\n\nText.\n",
    )
    site = build_site(site.root)
    assert not site.ok
    assert "content/2025/komma.md:4" in str(site.stopped) or "line 4" in str(site.stopped)
    assert "Tags" in str(site.stopped)


# --- Files that cannot be read, and one cause reported once --------------------------


def test_a_non_utf8_article_is_an_error_naming_file_and_line(fixture_site):
    site = fixture_site()
    (site.content / "2025" / "latin1.md").write_bytes(
        "Title: Grüße\nDate: 2025-02-02\nAuthor: Jana Albers\nCategory: Social Media\n"
        "Summary: Schön.\n\nText.\n".encode("latin-1")
    )
    site = build_site(site.root)
    assert not site.ok
    report = str(site.stopped)
    assert "content/2025/latin1.md" in report
    assert "line 1: has the byte 0xfc, which is not UTF-8" in report
    assert "UnicodeDecodeError" not in report


def test_a_non_utf8_profile_is_an_error_naming_file_and_line(fixture_site):
    site = fixture_site()
    profile = site.content / "authors" / "jana-albers.md"
    profile.write_bytes("Name: Jana Albers\nRole: Geschäftsführerin\n\nBio.\n".encode("latin-1"))
    site = build_site(site.root)
    assert not site.ok
    report = str(site.stopped)
    assert "content/authors/jana-albers.md" in report
    assert "line 2: has the byte 0xe4, which is not UTF-8" in report
    # The articles naming her are not a second error: her profile exists, unreadable.
    assert "who has no profile" not in report


def test_a_control_character_in_a_bio_is_an_error_like_in_an_article(fixture_site):
    site = fixture_site()
    profile = site.content / "authors" / "jana-albers.md"
    profile.write_text("Name: Jana Albers\n\nJana leitet\x1b[0m Hafenlicht.\n", encoding="utf-8")
    site = build_site(site.root)
    assert not site.ok
    assert "content/authors/jana-albers.md" in str(site.stopped)
    assert "line 3: the text contains the control character U+001B" in str(site.stopped)


def test_a_header_error_is_reported_once_not_again_for_its_comment_folder(fixture_site):
    site = fixture_site("comments")
    article = site.content / "2025" / "krisen.md"
    article.write_text(
        article.read_text("utf-8").replace("Date: 2025-04-01 10:00", "Date: 1.4.2025"),
        encoding="utf-8",
    )
    site = build_site(site.root)
    assert not site.ok
    errors = site.messages(logging.ERROR)
    assert len(errors) == 1, errors
    assert errors[0].startswith("content/2025/krisen.md:")
    assert "comment folder" not in str(site.stopped)


@pytest.mark.parametrize(
    "broken",
    [
        lambda text: text.encode("latin-1"),  # not UTF-8: nothing of it can be read
        lambda text: text.replace("Title: Krisen brauchen Tempo\n", "").encode(),  # no Title
        lambda text: ("Krisen brauchen Tempo\n" + text).encode(),  # a first line without key
    ],
    ids=["not-utf8", "no-title", "no-key"],
)
def test_an_unreadable_article_is_reported_once_not_again_for_its_comments(fixture_site, broken):
    # The file is named by its slug, as `invoke new` names it: its comment folder's name.
    site = fixture_site("comments")
    old = site.content / "2025" / "krisen.md"
    article = old.with_name("krisen-brauchen-tempo.md")
    article.write_bytes(broken(old.read_text("utf-8") + "\nÄrger bleibt aus.\n"))
    old.unlink()
    site = build_site(site.root)
    assert not site.ok
    errors = site.messages(logging.ERROR)
    assert len(errors) == 1, errors
    assert errors[0].startswith("content/2025/krisen-brauchen-tempo.md"), errors


def test_only_published_content_is_listed():
    from types import SimpleNamespace

    from newsroom.listing import is_listed, listed

    items = [SimpleNamespace(status=s) for s in ("published", "hidden", "draft")]
    assert listed(items) == items[:1]
    assert is_listed(SimpleNamespace())  # Pelican's default status is published


def test_atomic_writes_use_a_temporary_name_of_their_own(tmp_path):
    import threading

    from newsroom.files import write_atomically

    target = tmp_path / "out" / "feed.xml"
    payloads = [bytes([65 + n]) * 200_000 for n in range(8)]
    threads = [threading.Thread(target=write_atomically, args=(target, p)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_bytes() in payloads  # one whole write, never a mix
    assert [p.name for p in target.parent.iterdir()] == ["feed.xml"]  # no temporary left
    assert target.stat().st_mode & 0o777 == 0o644
