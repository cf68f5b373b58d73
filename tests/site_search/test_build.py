"""The compound parts a real build gives the search index, read from the article's page."""

from conftest import build_site, copy_fixture

ARTICLE = """\
Title: Kommunikation im Unternehmen
Date: 2025-04-02
Author: Jana Albers
Category: Content
Summary: Wie wir nach innen sprechen.

## Krisenkommunikation

Unternehmen, die Krisenkommunikation üben, nehmen sich Zeit für ihre Partnerinnen.
Kontakt: krisenteam@beispiel.de

Die Mitarbeitenden können mitarbeiten, und am Ende der Woche zählt die Kommunikation.
"""


def hidden_parts(site, url: str) -> dict[str, list[str]]:
    """The compounds the page lists for the search index, each with its parts."""
    (paragraph,) = site.html(url).select(".post-body p[hidden]")
    count = site.html(url).select_one(".post-body span[data-pagefind-meta^='parts:']")
    listed = paragraph.get_text().split()
    # What search.js leaves out of an excerpt: as many words as the text's last ones.
    assert count["data-pagefind-meta"] == f"parts:{len(listed)}"
    return {compound: parts.split(",") for compound, parts in (w.split(":") for w in listed)}


def test_an_article_gives_the_index_the_parts_of_its_compounds_and_no_false_ones(tmp_path):
    project = copy_fixture("interviews", tmp_path)
    (project / "content" / "2025" / "intern.md").write_text(ARTICLE, encoding="utf-8")
    url = "2025/04/kommunikation-im-unternehmen/"
    site = build_site(project, "pelicanconf.py")
    assert site.ok, site.stopped
    compounds = hidden_parts(site, url)
    assert compounds["krisenkommunikation"] == ["krisen", "kommunikation"]
    # "Unternehmen" is no "nehmen" (a noun), "Partnerinnen" no "innen", "Mitarbeitende"
    # a participle, and an address gives no words.
    parts = {part for found in compounds.values() for part in found}
    assert not parts & {"nehmen", "innen", "ende", "mitarbeit", "krisenteam", "beispiel"}
    # A warm build takes the words and parts from its cache: the same page.
    again = build_site(project, "pelicanconf.py")
    assert again.ok and hidden_parts(again, url) == compounds
