""" "Weiterlesen" in a real build: three listed articles, never the article itself, never a
hidden, draft, scheduled or paid one; records that pickle with the article."""

import pickle
from datetime import datetime

from bs4 import BeautifulSoup

from conftest import build_site, copy_fixture
from related.teasers import Teaser

OLD = "2024/09/zu-wem-gehoert-der-firmen-account/"


def write(project, name: str, title: str, date: str, tags: str, extra: str = "") -> None:
    (project / "content" / "2025" / f"{name}.md").write_text(
        f"Title: {title}\nDate: {date}\nAuthor: Katrin Schäfer\nCategory: Social Media\n"
        f"Tags: {tags}\n{extra}Summary: {title}.\n\nText.\n",
        encoding="utf-8",
    )


def related_titles(site, page: str) -> list[str]:
    return [a.get_text() for a in site.html(page).select(".related .teaser__title a")]


def test_weiterlesen_offers_the_same_topic_first_and_nothing_unlisted(tmp_path):
    project = copy_fixture("basic", tmp_path)
    write(project, "a", "Recht im Netz", "2025-04-01", "Recht & Ordnung, LinkedIn")
    write(project, "b", "Nur LinkedIn", "2025-04-02", "LinkedIn")
    write(project, "c", "Etwas anderes", "2025-04-03", "Garten")
    write(project, "d", "Versteckt", "2025-04-04", "Recht & Ordnung, LinkedIn", "Status: hidden\n")
    write(project, "e", "Entwurf", "2025-04-05", "Recht & Ordnung, LinkedIn", "Status: draft\n")
    write(project, "f", "Geplant", "2099-04-06", "Recht & Ordnung, LinkedIn")
    write(
        project,
        "g",
        "Bezahlt",
        "2025-04-07",
        "Recht & Ordnung, LinkedIn",
        "Disclosure: sponsored\n",
    )
    site = build_site(project)
    assert site.ok, site.stopped
    # Two tags in common, then one, then the same category.
    assert related_titles(site, OLD) == ["Recht im Netz", "Nur LinkedIn", "Etwas anderes"]
    everything = " ".join(
        " ".join(related_titles(site, str(p.relative_to(site.output).parent) + "/"))
        for p in site.pages()
        if p.relative_to(site.output).parts[0].isdigit() and len(p.parts) > 4
    )
    for unlisted in ("Versteckt", "Entwurf", "Geplant", "Bezahlt"):
        assert unlisted not in everything
    # The hidden article has its own page and gets "Weiterlesen" there; the paid one too.
    assert len(related_titles(site, "2025/04/versteckt/")) == 3
    assert "Bezahlt" not in related_titles(site, "2025/04/bezahlt/")
    # Never the article itself.
    assert "Recht im Netz" not in related_titles(site, "2025/04/recht-im-netz/")


def test_each_teaser_has_picture_kicker_title_and_date(tmp_path):
    project = copy_fixture("basic", tmp_path)
    write(project, "a", "Recht im Netz", "2025-04-01", "LinkedIn")
    site = build_site(project)
    teaser = site.html(OLD).select_one(".related .teaser")
    assert teaser.select_one(".teaser__title a")["href"].endswith("/2025/04/recht-im-netz/")
    assert teaser.select_one(".teaser__kicker").get_text(strip=True) == "Social Media"
    assert teaser.select_one("time").get_text() == "1. April 2025"
    heading = BeautifulSoup(site.read(OLD), "lxml").select_one("#related-title")
    assert heading.get_text() == "Weiterlesen"


def test_the_teasers_pickle_with_the_article():
    teaser = Teaser("2025/04/a/", "A", "Social Media", datetime(2025, 4, 1), "", "")
    assert pickle.loads(pickle.dumps((teaser,))) == (teaser,)
