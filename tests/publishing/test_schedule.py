"""Scheduled, draft and hidden articles in a production build."""

import json

import pytest

from conftest import build_site, copy_fixture
from newsroom.findings import as_json, as_text
from publishing.checks import run_checks
from site_project import site_project

FUTURE = "2999/01/aus-der-zukunft/"
HIDDEN = "2025/05/nur-mit-link/"


def add_articles(content) -> None:
    (content / "2999").mkdir()
    (content / "2999" / "zukunft.md").write_text(
        "Title: Aus der Zukunft\nDate: 2999-01-01 08:00\nAuthor: Jana Albers\nCategory: Zeit\n"
        "Tags: Zeitreise\nSummary: Erscheint erst 2999.\n\nText aus der Zukunft.\n"
    )
    (content / "2025" / "versteckt.md").write_text(
        "Title: Nur mit Link\nDate: 2025-05-05\nAuthor: Jana Albers\nCategory: Content\n"
        "Tags: Geheim\nStatus: hidden\nSummary: Nur mit Link.\n\nVersteckter Text.\n"
    )
    (content / "2025" / "entwurf.md").write_text(
        "Title: Halbfertig\nDate: 2025-06-01\nAuthor: Jana Albers\nCategory: Content\n"
        "Status: draft\n\nEntwurf.\n"
    )


@pytest.fixture
def site(tmp_path):
    copy_fixture("interviews", tmp_path)
    add_articles(tmp_path / "content")
    built = build_site(tmp_path, "publishconf.py", SITEURL="https://blog.example")
    assert built.ok, built.stopped
    return built


def everything(site) -> str:
    return "\n".join(
        p.read_text("utf-8")
        for p in site.output.rglob("*")
        if p.suffix in (".html", ".xml", ".txt", ".json")
    )


def test_future_dated_article_is_nowhere(site):
    assert not (site.output / "2999").exists()
    assert "Aus der Zukunft" not in everything(site)
    assert not (site.output / "kategorie" / "zeit").exists()
    assert not (site.output / "thema" / "zeitreise").exists()


def test_drafts_are_nowhere(site):
    assert "Halbfertig" not in everything(site)


def test_hidden_article_has_a_page_but_is_in_no_list(site):
    assert site.html(HIDDEN).h1.get_text() == "Nur mit Link"
    lists = "\n".join(
        p.read_text("utf-8")
        for p in site.output.rglob("*")
        if p.suffix in (".html", ".xml", ".txt") and "nur-mit-link" not in str(p)
    )
    assert "Nur mit Link" not in lists
    assert "nur-mit-link" not in site.read("sitemap.xml")


def test_check_json_and_exit_code(tmp_path):
    copy_fixture("interviews", tmp_path)
    add_articles(tmp_path / "content")
    blog = site_project(tmp_path)
    result = run_checks(blog, tmp_path / "checked")
    data = json.loads(as_json(result))
    assert data["ok"] is True and data["links_checked"] is True
    assert [s["path"] for s in data["scheduled"]] == ["content/2999/zukunft.md"]
    assert data["drafts"] == ["content/2025/entwurf.md"]

    article = tmp_path / "content" / "2025" / "gast.md"
    article.write_text(article.read_text().replace("Author: Tobias Wendt", "Author: Niemand"))
    result = run_checks(blog, tmp_path / "checked-again")
    assert not result.ok  # `invoke check` exits 1
    text = as_text(result)
    assert "content/2025/gast.md" in text
    assert '"Author" names "Niemand", who has no profile' in text
