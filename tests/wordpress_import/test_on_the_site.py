"""Exports imported and built into the site: what a reader sees on the new pages is what
the old blog showed (its characters, its pictures, its menu). Each export is written by
the test, with the markup WordPress and its plugins write."""

import pytest

from conftest import build_site
from wxr_exports import comment, export, item

pytestmark = [pytest.mark.slow]


def text_of(paragraph) -> str:
    """A paragraph's text as the reader sees it, a line break as a new line."""
    return paragraph.get_text().strip()


def test_a_line_of_hyphens_shows_the_dash_wordpress_showed(project, tmp_path):
    """A line of only "---" is a rule in Markdown; escaped as "\\---" the site showed "-–".
    WordPress showed it as text with its typography (wptexturize): "---" an em dash, a
    lone "--" too; "***" and "___" as they are. A real <hr> stays a rule."""
    classic = "Erster Teil\n---\nZweiter Teil\n--\nDritter Teil\n***\nVierter Teil\n___\nEnde"
    blocks = (
        "<!-- wp:paragraph --><p>Oben</p><!-- /wp:paragraph -->"
        "<!-- wp:paragraph --><p>---</p><!-- /wp:paragraph -->"
        '<!-- wp:separator --><hr class="wp-block-separator"/><!-- /wp:separator -->'
        "<!-- wp:paragraph --><p>***</p><!-- /wp:paragraph -->"
    )
    path = export(
        tmp_path / "striche.xml",
        item(1, "Klassisch", content=classic, name="klassisch", extra=comment(5, "Gut\n---\nJana")),
        item(2, "Mit Blöcken", content=blocks, name="bloecke"),
    )
    assert project.run(path) == 0
    site = build_site(project.root)
    assert site.ok
    html = site.html("2019/03/klassisch/")
    page = html.select_one(".post-body")
    shown = [text_of(p) for p in page.find_all("p")]
    assert "Erster Teil\n—\nZweiter Teil\n—\nDritter Teil\n***\nVierter Teil\n___\nEnde" in shown
    assert "-–" not in page.get_text() and "\\" not in page.get_text()
    assert page.find("hr") is None and page.find("h2", string="Erster Teil") is None
    assert "Gut\n—\nJana" in [text_of(p) for p in html.find_all("p")]  # the comment too
    page = site.html("2019/03/bloecke/").select_one(".post-body")
    assert [text_of(p) for p in page.find_all("p")] == ["Oben", "—", "***"]
    assert len(page.find_all("hr")) == 1  # the separator block
