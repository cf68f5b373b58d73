"""The menu, the front page's lead and the footer's years in real builds of a small site."""

import logging
from pathlib import Path

import pytest

from conftest import build_site, copy_fixture

OLD = "2024/09/zu-wem-gehoert-der-firmen-account/"


def add_articles(project: Path, count: int, **header: str) -> None:
    """``count`` short articles in April 2025 (the newest of the site), the newest last."""
    extra = "".join(f"{key}: {value}\n" for key, value in header.items())
    for number in range(count):
        (project / "content" / "2025" / f"kurz-{number}.md").write_text(
            f"Title: Kurzmeldung {number}\nDate: 2025-04-{number + 1:02d}\n"
            f"Author: Katrin Schäfer\nCategory: Meldungen\nTags: Kurz\n{extra}"
            f"Summary: Nummer {number}.\n\nText.\n",
            encoding="utf-8",
        )


@pytest.fixture
def project(tmp_path):
    return copy_fixture("basic", tmp_path)


def titles(site, page: str) -> list[str]:
    return [a.get_text() for a in site.html(page).select(".card__title a")]


def test_a_featured_article_leads_page_one_once_and_the_pages_continue(project):
    add_articles(project, 14)
    source = project / "content" / "2024" / "zu-wem-gehoert.md"
    source.write_text(source.read_text().replace("Tags:", "Featured: yes\nTags:"))
    site = build_site(project)
    assert site.ok, site.stopped
    first, second = titles(site, ""), titles(site, "seite/2/")
    assert first[0] == "Zu wem gehört der Firmen-Account?"
    assert "lead" in site.html("").select_one(".card")["class"]
    assert first[1:4] == ["Kurzmeldung 13", "Kurzmeldung 12", "Kurzmeldung 11"]
    assert len(first) == 12 and len(second) == 4  # 16 articles, each once
    assert sorted(first + second) == sorted({*first, *second})
    assert "Zu wem gehört der Firmen-Account?" not in second
    # Page 1 is the site's root, not /index.html.
    assert site.html("seite/2/").select_one("[rel=prev]")["href"].endswith("/") is True


def test_without_featured_the_newest_leads(project):
    add_articles(project, 2)
    site = build_site(project)
    assert titles(site, "")[0] == "Kurzmeldung 1"


def test_without_a_menu_file_the_biggest_categories_are_the_menu(project):
    add_articles(project, 3)
    site = build_site(project)
    nav = [a.get_text() for a in site.html("").select("#site-nav a")]
    assert nav == ["Meldungen", "PR & Krisenkommunikation", "Social Media"]
    assert "Impressum" not in nav  # never every page


def test_the_menu_file_is_the_menu_and_marks_the_current_section(project):
    (project / "content" / "menu.csv").write_text(
        "label,url\nSocial Media,/kategorie/social-media/\nImpressum,/impressum/\n"
        "Jobs,https://jobs.example/\n",
        encoding="utf-8",
    )
    site = build_site(project)
    assert site.ok, site.stopped
    home = site.html("").select("#site-nav a")
    assert [(a.get_text(), a["href"]) for a in home] == [
        ("Social Media", "./kategorie/social-media/"),
        ("Impressum", "./impressum/"),
        ("Jobs", "https://jobs.example/"),
    ]
    assert [a.get("aria-current") for a in home] == [None, None, None]
    category = site.html("kategorie/social-media/").select("#site-nav a")
    assert [a.get("aria-current") for a in category] == ["page", None, None]
    article = site.html(OLD).select("#site-nav a")  # an article of Social Media
    assert [a.get("aria-current") for a in article] == ["true", None, None]


def test_a_broken_menu_stops_the_build_before_anything_is_written(project):
    (project / "content" / "menu.csv").write_text(
        "label,url\nSocial Media,/kategorie/social-media/\nPresse,presse\n", encoding="utf-8"
    )
    site = build_site(project)
    assert not site.ok
    errors = site.messages(logging.ERROR)
    assert errors == [
        'content/menu.csv:3: "url" is "presse"; expected a site path starting with "/", '
        "such as /kategorie/social-media/, or an address starting with https://"
    ]
    assert not (site.output / "index.html").exists()


def test_a_menu_address_without_a_page_fails_the_build_naming_its_line(project):
    (project / "content" / "menu.csv").write_text(
        "label,url\nSocial Media,/kategorie/socal-media/\nImpressum,/impressum/\n",
        encoding="utf-8",
    )
    site = build_site(project)
    assert not site.ok
    assert 'content/menu.csv:2: "url" is "/kategorie/socal-media/"; no page of the site' in str(
        site.stopped
    )
    assert "menu.csv:3" not in str(site.stopped)


def test_the_footer_names_the_sites_years_on_every_page(project):
    add_articles(project, 1)
    site = build_site(project)
    for page in ("", "thema/recht-ordnung/", "kategorie/meldungen/", "impressum/", OLD):
        footer = site.html(page).select_one(".site-footer__copyright").get_text()
        assert footer.startswith("© 2024–2025 "), page
