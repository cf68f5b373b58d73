"""The contract reader's helpers, without a build."""

from markdown import Markdown

from contract.reader import (
    FIGURES,
    TOC_EXTENSION,
    content_kind,
    intended_slug,
    markdown_config,
    project_relative,
)
from newsroom.headers import Kind, split_source

SETTINGS = {
    "PATH": "/srv/blog/content",
    "PAGE_PATHS": ["pages"],
    "MARKDOWN": {
        "extensions": ["markdown.extensions.meta"],
        "extension_configs": {
            "markdown.extensions.meta": {},
            TOC_EXTENSION: {},
            "markdown.extensions.extra": {},
        },
        "output_format": "html5",
    },
}


def test_the_meta_extension_is_left_out_so_a_body_line_with_a_colon_stays_text():
    config = markdown_config(SETTINGS)
    html = Markdown(**config).convert("Hinweis: Dieser Absatz ist Text.")
    assert html == "<p>Hinweis: Dieser Absatz ist Text.</p>"


def test_heading_ids_are_german_slugs_and_figures_can_be_left_out():
    with_toc = markdown_config(SETTINGS)
    assert '<h2 id="groesse-und-staerke">' in Markdown(**with_toc).convert("## Größe und Stärke")
    assert any(type(e).__name__ == "FigureExtension" for e in with_toc["extensions"])
    without = markdown_config(SETTINGS, leave_out=(FIGURES,))
    assert not any(type(e).__name__ == "FigureExtension" for e in without["extensions"])
    assert SETTINGS["MARKDOWN"]["extensions"] == ["markdown.extensions.meta"]  # not changed


def test_pages_and_articles_are_told_apart_by_their_folder():
    assert content_kind("/srv/blog/content/pages/ueber-uns.md", SETTINGS) is Kind.PAGE
    assert content_kind("/srv/blog/content/2025/artikel.md", SETTINGS) is Kind.ARTICLE
    assert project_relative("/srv/blog/content/2025/artikel.md", SETTINGS) == (
        "content/2025/artikel.md"
    )


def test_a_file_with_header_errors_keeps_the_slug_it_would_have_had():
    titled = split_source("Title: Zu wem gehört der Account?\nDate: gestern\n\nText.\n")
    assert intended_slug(titled) == "zu-wem-gehoert-der-account"
    slugged = split_source("Title: Etwas anderes\nSlug: eigener-slug\n\nText.\n")
    assert intended_slug(slugged) == "eigener-slug"
    assert intended_slug(split_source("Date: 2025-01-01\n\nText.\n")) == ""


def test_a_title_gets_the_quotes_of_its_language(tmp_path):
    from conftest import build_site, copy_fixture

    project = copy_fixture("basic", tmp_path)
    article = project / "content" / "2024" / "zu-wem-gehoert.md"
    article.write_text(
        article.read_text().replace(
            "Title: Zu wem gehört der Firmen-Account?", 'Title: Wem gehört der "Firmen-Account"?'
        )
    )
    site = build_site(project)
    assert site.ok
    page = (site.output / "2024/09/wem-gehoert-der-firmen-account/index.html").read_text()
    assert "Wem gehört der „Firmen-Account“?</h1>" in page  # its slug as with straight quotes
