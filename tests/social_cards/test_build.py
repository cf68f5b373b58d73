"""Social metadata and cards of real builds, read by extruct like a platform would."""

import json
import logging

import extruct
import pytest
from PIL import Image

from conftest import DEMO_SITEURL, build_site, copy_fixture


def metadata(site, path: str) -> dict:
    html = site.read(path)
    return extruct.extract(
        html, base_url=f"{DEMO_SITEURL}/{path}", syntaxes=["opengraph", "json-ld"]
    )


def og(data: dict) -> dict[str, list[str]]:
    properties: dict[str, list[str]] = {}
    for key, value in data["opengraph"][0]["properties"]:
        properties.setdefault(key, []).append(value)
    return properties


def test_every_page_has_a_card_that_exists_at_1200_by_630(demo_site):
    for page in demo_site.pages():
        name = page.relative_to(demo_site.output).as_posix()
        if name.startswith(("404", "teilen/")):
            continue
        properties = og(metadata(demo_site, name))
        image = properties["og:image"][0]
        assert image.startswith(f"{DEMO_SITEURL}/social-cards/"), name
        card = demo_site.output / image.removeprefix(f"{DEMO_SITEURL}/")
        with Image.open(card) as opened:
            assert opened.size == (1200, 630), name
        assert properties["og:image:width"] == ["1200"] and properties["og:image:height"] == ["630"]
        assert properties["og:image:alt"][0]
        assert properties["og:url"][0].startswith(DEMO_SITEURL)


def test_article_carries_open_graph_article_and_x_card_properties(demo_site):
    path = "2024/04/krisenkommunikation-die-erste-stunde-entscheidet/"
    properties = og(metadata(demo_site, path))
    assert properties["og:type"] == ["article"]
    assert properties["og:title"] == ["Krisenkommunikation: Die erste Stunde entscheidet"]
    assert properties["og:description"][0].startswith("In der ersten Stunde einer Krise")
    assert len(properties["og:description"][0]) <= 200
    assert properties["og:url"] == [f"{DEMO_SITEURL}/{path}"]
    assert properties["og:site_name"] == ["Hafenlicht"]
    assert properties["og:locale"] == ["de_DE"]
    assert properties["article:published_time"] == ["2024-04-22T08:00:00+02:00"]
    assert properties["article:modified_time"] == ["2024-04-22T08:00:00+02:00"]
    assert properties["article:author"] == [f"{DEMO_SITEURL}/autor/katrin-schaefer/"]
    assert properties["article:section"] == ["PR & Krisenkommunikation"]
    assert "Krisenkommunikation" in properties["article:tag"]
    page = demo_site.html(path)
    assert page.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    assert page.select_one('meta[name="twitter:site"]')["content"] == "@hafenlicht"


def test_article_json_ld_blog_posting(demo_site):
    path = "2024/06/mitarbeitende-als-markenbotschafter-chancen-und-grenzen/"
    (posting,) = [
        item for item in metadata(demo_site, path)["json-ld"] if item.get("@type") == "BlogPosting"
    ]
    assert posting["headline"] == "Mitarbeitende als Markenbotschafter: Chancen und Grenzen"
    assert posting["datePublished"] == "2024-06-11T10:00:00+02:00"
    assert posting["dateModified"] == "2024-06-11T10:00:00+02:00"
    assert [a["name"] for a in posting["author"]] == ["Jana Albers", "Katrin Schäfer"]
    assert all(
        a["@type"] == "Person" and a["url"].startswith(DEMO_SITEURL) for a in posting["author"]
    )
    assert posting["publisher"]["@type"] == "Organization"
    assert posting["publisher"]["logo"]["url"].endswith("icon-512.png")
    assert posting["image"]["url"].startswith(f"{DEMO_SITEURL}/social-cards/")
    assert posting["mainEntityOfPage"]["@id"] == f"{DEMO_SITEURL}/{path}"


def test_pages_authors_and_lists_get_fitting_cards(demo_site):
    assert og(metadata(demo_site, "autor/jana-albers/"))["og:image"] == [
        f"{DEMO_SITEURL}/social-cards/autor-jana-albers.jpg"
    ]
    assert og(metadata(demo_site, "autor/jana-albers/"))["og:type"] == ["profile"]
    assert og(metadata(demo_site, "impressum/"))["og:image"] == [
        f"{DEMO_SITEURL}/social-cards/seite-impressum.jpg"
    ]
    for path in ("", "kategorie/social-media/", "archiv/", "thema/linkedin/"):
        assert og(metadata(demo_site, path))["og:image"] == [
            f"{DEMO_SITEURL}/social-cards/site.jpg"
        ]


def test_share_block_under_every_article(demo_site):
    page = demo_site.html("2025/09/mastodon-fuer-unternehmen-lohnt-sich-das-fediverse/")
    links = page.select(".share a")
    assert [a.get_text() for a in links] == [
        "Auf LinkedIn teilen",
        "Auf XING teilen",
        "Auf X teilen",
        "Auf Facebook teilen",
        "Auf Mastodon teilen",
        "Per WhatsApp teilen",
        "Per E-Mail teilen",
        "Link kopieren",
    ]
    assert not page.select(".share img, .share iframe, .share script[src^=http]")


@pytest.fixture
def project(tmp_path):
    project = copy_fixture("interviews", tmp_path)
    (project / "content" / "images" / "skizze.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>'
    )
    (project / "content" / "2025" / "lang.md").write_text(
        "Title: Was Kommunikationsabteilungen über Mitarbeitende, Führungskräfte, Netzwerke "
        "und Krisen wissen sollten, bevor sie umstellen\n"
        "Date: 2025-07-01\nAuthor: Jana Albers\nCategory: Content\nImage: images/skizze.svg\n"
        "Summary: Lang.\n\nText.\n"
    )
    return project


def test_second_build_draws_no_card(project):
    first = build_site(project, "publishconf.py", SITEURL="https://blog.example")
    assert first.ok
    stats = json.loads((project / "cache" / "social_cards" / "stats.json").read_text())
    assert stats["rendered"] > 0 and stats["cached"] == 0
    second = build_site(
        project, "publishconf.py", output=project / "again", SITEURL="https://blog.example"
    )
    assert second.ok
    stats = json.loads((project / "cache" / "social_cards" / "stats.json").read_text())
    assert stats["rendered"] == 0 and stats["cached"] > 0
    assert sorted(p.name for p in (second.output / "social-cards").iterdir()) == sorted(
        p.name for p in (first.output / "social-cards").iterdir()
    )


def test_an_overlong_title_is_shrunk_with_a_warning_on_every_build(project):
    for _ in range(2):
        site = build_site(project, "publishconf.py", SITEURL="https://blog.example")
        assert site.ok
        warnings = [m for m in site.messages(logging.WARNING) if "social card" in m]
        assert len(warnings) == 1
        assert warnings[0].startswith(
            'content/2025/lang.md: "Title" has 122 characters; the social card sets it at '
            "46 px; a title under"
        )


def test_an_svg_image_gives_a_card_without_picture(project):
    site = build_site(project, "publishconf.py", SITEURL="https://blog.example")
    card = site.output / "social-cards"
    (name,) = [p for p in card.iterdir() if p.name.startswith("2025-07-")]
    with Image.open(name) as opened:
        assert opened.getpixel((1100, 600))[2] > 0  # drawn; no picture panel needed


def test_a_missing_image_is_one_error_naming_file_and_field(project):
    article = project / "content" / "2025" / "gast.md"
    article.write_text(article.read_text().replace("Type: guest", "Type: guest\nImage: weg.jpg"))
    site = build_site(project, "publishconf.py", SITEURL="https://blog.example")
    assert not site.ok
    errors = site.messages(logging.ERROR)
    assert len(errors) == 1
    assert errors[0].startswith('content/2025/gast.md:6: "Image" points to weg.jpg')
