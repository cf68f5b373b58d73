"""Real builds of small fixture sites: what readers see, and what editors see on bad input."""

import logging
from pathlib import Path

import pytest

from conftest import build_site, copy_fixture
from publishing.preview import build_into_place
from site_project import site_project

BASIC_ARTICLE = "2024/09/zu-wem-gehoert-der-firmen-account/"


def test_article_has_pretty_url_german_slug_and_german_date(fixture_site):
    site = fixture_site()
    assert site.ok
    page = site.html(BASIC_ARTICLE)
    assert page.html["lang"] == "de"
    assert page.h1.get_text() == "Zu wem gehört der Firmen-Account?"
    assert page.select_one(".byline time").get_text() == "4. September 2024"
    assert page.select_one(".byline time")["datetime"] == "2024-09-04T10:30:00+02:00"
    assert page.select_one(".byline__reading").get_text() == "1\u00a0Min. Lesezeit"
    assert page.select_one('meta[name="description"]')["content"].startswith("Wenn eine")


def test_a_body_line_that_looks_like_a_header_stays_in_the_text(fixture_site):
    page = fixture_site().html(BASIC_ARTICLE)
    assert page.select_one(".post-body p").get_text().startswith("Hinweis: Diese Zeile")


def test_headings_get_german_ids_and_quotes_are_german(fixture_site):
    page = fixture_site().html(BASIC_ARTICLE)
    assert page.select_one(".post-body h2")["id"] == "groesser-denken"
    assert "„Anführungszeichen“" in page.select_one(".post-body").get_text()


def test_figure_with_caption_and_credit(fixture_site):
    figure = fixture_site().html(BASIC_ARTICLE).select_one(".post-body figure")
    assert figure.img["alt"] == "Ein Balkendiagramm mit drei Balken"
    assert figure.select_one(".credit").get_text() == "Bildquelle: Hafenlicht Kommunikation"


def test_taxonomy_urls_use_german_slugs(fixture_site):
    site = fixture_site()
    assert (site.output / "autor" / "katrin-schaefer" / "index.html").is_file()
    assert (site.output / "kategorie" / "pr-krisenkommunikation" / "index.html").is_file()
    assert (site.output / "thema" / "recht-ordnung" / "index.html").is_file()
    byline = site.html("2025/03/krisenkommunikation-in-der-ersten-stunde/").select_one(".byline")
    assert [a["href"] for a in byline.select("a[rel=author]")] == [
        "../../../autor/jana-albers/",
        "../../../autor/katrin-schaefer/",
    ]
    assert "Jana Albers und Katrin Schäfer" in " ".join(byline.get_text().split())


def test_lists_archives_and_service_files_exist(fixture_site):
    site = fixture_site()
    for path in ("", "archiv/", "2024/", "kategorien/", "themen/", "autoren/", "impressum/"):
        assert site.html(path).h1, path
    assert "Sitemap:" in site.read("robots.txt")
    assert site.html("404.html").h1.get_text() == "Diese Seite gibt es nicht (mehr)"


def test_sitemap_lists_articles_and_pages_with_absolute_urls_in_production(fixture_site):
    site = fixture_site(settings_file="publishconf.py", SITEURL="https://blog.example")
    sitemap = site.read("sitemap.xml")
    assert f"<loc>https://blog.example/{BASIC_ARTICLE}</loc>" in sitemap
    assert "<loc>https://blog.example/impressum/</loc>" in sitemap
    canonical = site.html(BASIC_ARTICLE).select_one('link[rel="canonical"]')["href"]
    assert canonical == f"https://blog.example/{BASIC_ARTICLE}"


def test_drafts_never_get_a_page(fixture_site, tmp_path):
    site = fixture_site()
    draft = site.content / "2025" / "entwurf.md"
    draft.write_text(
        "Title: Geheimer Entwurf\nDate: 2025-01-01\nAuthor: Jana Albers\n"
        "Category: Social Media\nStatus: draft\n\nNoch nicht fertig.\n",
        encoding="utf-8",
    )
    site = build_site(site.root)
    assert site.ok
    everything = "".join(p.read_text(encoding="utf-8") for p in site.output.rglob("*.*ml"))
    assert "Geheimer Entwurf" not in everything
    assert not (site.output / "drafts").exists()


def _pagination_fixture(root: Path) -> None:
    """Tag thema-2 with 25 articles (3 pages) next to tag thema-23 with one."""
    folder = root / "content" / "viele"
    folder.mkdir(parents=True)
    for number in range(25):
        (folder / f"a{number}.md").write_text(
            f"Title: Beitrag {number}\nDate: 2024-01-{number + 1:02d}\nAuthor: Jana Albers\n"
            f"Category: Social Media\nTags: Thema 2\nSummary: Nummer {number}.\n\nText.\n",
            encoding="utf-8",
        )
    (folder / "b.md").write_text(
        "Title: Der andere\nDate: 2023-05-05\nAuthor: Jana Albers\nCategory: Social Media\n"
        "Tags: Thema 23\nSummary: Anders.\n\nText.\n",
        encoding="utf-8",
    )


def test_pagination_urls_never_collide_with_other_lists(tmp_path):
    _pagination_fixture(tmp_path)
    site = build_site(tmp_path)
    assert site.ok
    # Twelve to a page: the third page of 25 holds the oldest.
    assert site.html("thema/thema-2/seite/3/").select(".card__title")[0].get_text() == ("Beitrag 0")
    assert [a.get_text() for a in site.html("thema/thema-23/").select(".card__title")] == [
        "Der andere"
    ]
    assert site.html("seite/2/").select_one(".pagination__status").get_text() == "Seite 2 von 3"
    nav = site.html("thema/thema-2/seite/2/").select_one(".pagination")
    assert nav.select_one("[rel=prev]")["href"].endswith("thema/thema-2/")
    assert nav.select_one("[rel=next]")["href"].endswith("thema/thema-2/seite/3/")


BROKEN_HEADERS = [
    ("Date: 2024-09-04 10:30", "Date: morgen früh", "Date", 2, "expected an ISO 8601 date"),
    (
        "Category: Social Media",
        "Category: Social Media\nStatus: bald",
        "Status",
        5,
        "expected one of: draft, published, hidden",
    ),
    (
        "Category: Social Media",
        "Category: Social Media\nType: podcast",
        "Type",
        5,
        "expected one of: article, guest, interview",
    ),
    ("Title: Zu wem gehört der Firmen-Account?\n", "", "Title", None, "is missing"),
]


@pytest.mark.parametrize(("old", "new", "field", "line", "expected"), BROKEN_HEADERS)
def test_malformed_header_stops_the_build_naming_file_field_and_expectation(
    fixture_site, old, new, field, line, expected
):
    site = fixture_site()
    article = site.content / "2024" / "zu-wem-gehoert.md"
    article.write_text(article.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    output = site.root / "fresh-output"
    broken = build_site(site.root, output=output)

    assert not broken.ok
    errors = broken.messages(logging.ERROR)
    assert len(errors) == 1
    where = "content/2024/zu-wem-gehoert.md" + (f":{line}" if line else "")
    assert errors[0].startswith(f'{where}: "{field}"')
    assert expected in errors[0]
    assert expected in str(broken.stopped)
    assert not output.exists(), "nothing is written when the content has errors"


def test_content_errors_are_reported_again_by_a_cached_build(fixture_site):
    site = fixture_site()
    article = site.content / "2024" / "zu-wem-gehoert.md"
    article.write_text(article.read_text(encoding="utf-8").replace("2024-09-04", "4.9.2024"))
    assert not build_site(site.root).ok
    again = build_site(site.root)
    assert not again.ok
    assert len(again.messages(logging.ERROR)) == 1


def test_warnings_are_listed_together_at_the_end(fixture_site, capsys):
    site = fixture_site()
    assert site.ok
    assert [m for m in site.messages(logging.WARNING) if "Summary" in m] == [
        'content/2025/zweiter-beitrag.md: "Summary" is missing; lists, feeds and social cards '
        "fall back to the first words of the text"
    ]
    printed = " ".join(capsys.readouterr().out.split())
    assert "Build finished with 1 warning: content/2025/zweiter-beitrag.md:" in printed


def test_preview_replaces_output_only_after_a_successful_build(tmp_path):
    copy_fixture("basic", tmp_path)
    output = tmp_path / "output"
    blog = site_project(tmp_path)
    assert build_into_place(blog, blog.settings_publish, output)
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert Path("index.html") in before

    article = tmp_path / "content" / "2024" / "zu-wem-gehoert.md"
    article.write_text(article.read_text(encoding="utf-8").replace("2024-09-04", "kaputt"))
    assert not build_into_place(blog, blog.settings_publish, output)

    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "output"]


def test_a_compressed_reader_cache_from_older_settings_is_dropped_without_warnings(tmp_path):
    copy_fixture("basic", tmp_path)
    assert build_site(tmp_path, GZIP_CACHE=True).ok
    cache = tmp_path / "cache" / "ArticlesGenerator-Readers"
    assert cache.read_bytes()[:2] == b"\x1f\x8b"

    site = build_site(tmp_path, output=tmp_path / "again")
    assert site.ok
    assert not [r for r in site.records if "cache" in r.getMessage().lower()]
    assert cache.read_bytes()[:2] != b"\x1f\x8b"  # written anew, uncompressed
