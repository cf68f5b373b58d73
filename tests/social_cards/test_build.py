"""Social metadata and cards of real builds, read by extruct as a platform would read them."""

import io
import json
import logging
import multiprocessing
import shutil

import extruct
import pytest
from PIL import Image, ImageChops

from author_bios.avatars import background
from conftest import DEMO_SITEURL, ROOT, build_site, copy_fixture
from social_cards.layout import Branding, Layout
from social_cards.render import CardInput, CardPainter, Person

SITEURL = "https://blog.example"
ARTICLE = "2024/09/zu-wem-gehoert-der-firmen-account/"
CARD = "social-cards/2024-09-zu-wem-gehoert-der-firmen-account.jpg"
THEME = ROOT / "theme"


def metadata(site, path: str, siteurl: str = SITEURL) -> dict:
    return extruct.extract(
        site.read(path), base_url=f"{siteurl}/{path}", syntaxes=["opengraph", "json-ld"]
    )


def og(data: dict) -> dict[str, list[str]]:
    properties: dict[str, list[str]] = {}
    for key, value in data["opengraph"][0]["properties"]:
        properties.setdefault(key, []).append(value)
    return properties


def twitter(site, path: str) -> dict[str, str]:
    return {m["name"]: m["content"] for m in site.html(path).select('meta[name^="twitter:"]')}


def cards_stats(project) -> dict:
    return json.loads((project / "cache" / "social_cards" / "stats.json").read_text())


def build(project, **overrides):
    return build_site(project, "publishconf.py", SITEURL=SITEURL, **overrides)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The social_cards fixture site, production build."""
    built = build(copy_fixture("social_cards", tmp_path_factory.mktemp("cards")))
    assert built.ok, built.stopped
    return built


@pytest.fixture
def project(tmp_path):
    return copy_fixture("social_cards", tmp_path)


def drawn(site, *cards: CardInput, footer: str = "blog.example") -> list[Image.Image]:
    """What the painter draws for ``cards`` with the build's branding."""
    painter = CardPainter(
        Layout(),
        Branding("Hafenlicht", footer, str(THEME / "static/img/icon-512.png")),
        (str(THEME / "fonts/Inter-Bold.otf"), str(THEME / "fonts/DejaVuSans-Bold.ttf")),
        (str(THEME / "fonts/Inter-SemiBold.otf"), str(THEME / "fonts/DejaVuSans-Bold.ttf")),
    )
    return [Image.open(io.BytesIO(painter.render(card).data)).convert("RGB") for card in cards]


def card_file(site, name: str) -> Image.Image:
    return Image.open(site.output / "social-cards" / name).convert("RGB")


def test_article_carries_open_graph_article_and_x_card_properties(site):
    properties = og(metadata(site, ARTICLE))
    assert properties == {
        "og:type": ["article"],
        "og:title": ["Zu wem gehört der Firmen-Account?"],
        "og:description": [
            "Wenn eine Mitarbeiterin geht, bleibt die Frage, wem das Profil gehört – und wer "
            "die Kontakte, die Beiträge und die Reichweite behält."
        ],
        "og:url": [f"{SITEURL}/{ARTICLE}"],
        "og:site_name": ["Hafenlicht"],
        "og:locale": ["de_DE"],
        "og:image": [f"{SITEURL}/{CARD}"],
        "og:image:type": ["image/jpeg"],
        "og:image:width": ["1200"],
        "og:image:height": ["630"],
        "og:image:alt": ["Vorschaubild: Zu wem gehört der Firmen-Account? – Hafenlicht"],
        "article:published_time": ["2024-09-04T10:30:00+02:00"],
        "article:modified_time": ["2024-09-20T08:00:00+02:00"],
        "article:author": [f"{SITEURL}/autor/jana-albers/", f"{SITEURL}/autor/tobias-wendt/"],
        "article:section": ["Social Media"],
        "article:tag": ["LinkedIn", "Recht"],
    }
    assert twitter(site, ARTICLE) == {
        "twitter:card": "summary_large_image",
        "twitter:site": "@hafenlicht",
        "twitter:image": f"{SITEURL}/{CARD}",
        "twitter:image:alt": "Vorschaubild: Zu wem gehört der Firmen-Account? – Hafenlicht",
    }


def test_article_json_ld_blog_posting(site):
    (posting,) = metadata(site, ARTICLE)["json-ld"]
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "Zu wem gehört der Firmen-Account?"
    assert posting["datePublished"] == "2024-09-04T10:30:00+02:00"
    assert posting["dateModified"] == "2024-09-20T08:00:00+02:00"
    jana, tobias = posting["author"]
    assert jana == {
        "@type": "Person",
        "name": "Jana Albers",
        "url": f"{SITEURL}/autor/jana-albers/",
        "jobTitle": "Geschäftsführerin",
        "worksFor": {"@type": "Organization", "name": "Hafenlicht Kommunikation"},
        "image": f"{SITEURL}/images/authors/jana-albers.jpg",
    }
    assert (tobias["name"], tobias["url"]) == ("Tobias Wendt", f"{SITEURL}/autor/tobias-wendt/")
    assert posting["publisher"] == {
        "@type": "Organization",
        "name": "Hafenlicht Kommunikation GmbH",
        "url": f"{SITEURL}/",
        "logo": {"@type": "ImageObject", "url": f"{SITEURL}/theme/img/icon-512.png"},
    }
    assert (site.output / "theme/img/icon-512.png").is_file()
    assert posting["image"] == {
        "@type": "ImageObject",
        "url": f"{SITEURL}/{CARD}",
        "width": 1200,
        "height": 630,
    }
    assert posting["mainEntityOfPage"] == {"@type": "WebPage", "@id": f"{SITEURL}/{ARTICLE}"}


def test_the_card_shows_title_category_authors_with_photo_or_initials_and_the_picture(site):
    content = site.content
    (expected,) = drawn(
        site,
        CardInput(
            "Zu wem gehört der Firmen-Account?",
            "Social Media",
            (
                Person(
                    "Jana Albers",
                    str(content / "images/authors/jana-albers.jpg"),
                    "JA",
                    background("jana-albers"),
                ),
                Person("Tobias Wendt", None, "TW", background("tobias-wendt")),
            ),
            str(content / "images/articles/hafen.jpg"),
        ),
    )
    card = card_file(site, "2024-09-zu-wem-gehoert-der-firmen-account.jpg")
    assert card.size == (1200, 630)
    assert ImageChops.difference(card, expected).getbbox() is None
    red, green, blue = card.getpixel((1000, 300))  # the article's own (red) picture
    assert red > 150 and green < 80 and blue < 80


@pytest.mark.parametrize(
    ("name", "card"),
    [
        (
            "2025-04-redaktionsplanung-mit-der-lotsenkarte.jpg",
            CardInput(
                "Redaktionsplanung mit der Lotsenkarte",
                "Anzeige",  # Disclosure: sponsored
                (Person("Jana Albers", "images/authors/jana-albers.jpg", "JA", ""),),
            ),
        ),
        (
            # Type: guest; its SVG Image cannot be drawn: a card without picture. The
            # slug of a title this long ends after the last word within 80 characters.
            "2025-07-was-kommunikationsabteilungen-ueber-mitarbeitende-fuehrungskraefte-"
            "betriebsraete.jpg",
            CardInput(
                "Was Kommunikationsabteilungen über Mitarbeitende, Führungskräfte, Betriebsräte, "
                "Netzwerke, Verbände und Krisen wissen sollten, bevor sie ihre Kanäle umstellen",
                "Gastbeitrag",
                (Person("Tobias Wendt", None, "TW", ""),),
            ),
        ),
        (
            "autor-tobias-wendt.jpg",
            CardInput(
                "Tobias Wendt",
                "Gast",
                (Person("Tobias Wendt", None, "TW", ""),),
                note="Journalist und Dozent",
            ),
        ),
        (
            "kategorie-content-corporate-blogs.jpg",
            CardInput("Content & Corporate Blogs", "Kategorie"),
        ),
        ("seite-impressum.jpg", CardInput("Impressum", "")),
        ("site.jpg", CardInput("Das Blog der Agentur für Kommunikation und Social Media", "")),
    ],
)
def test_labels_in_german_and_cards_for_pages_authors_categories_and_the_site(site, name, card):
    people = tuple(
        Person(
            p.name,
            str(site.content / p.photo) if p.photo else None,
            p.initials,
            background(p.name.lower().replace(" ", "-")),
        )
        for p in card.people
    )
    (expected,) = drawn(site, CardInput(card.title, card.label, people, note=card.note))
    assert ImageChops.difference(card_file(site, name), expected).getbbox() is None


def test_an_author_without_profile_is_on_the_card_with_initials(project):
    (project / "content/2025/ohne.md").write_text(
        "Title: Ein Beitrag zu zweit\nDate: 2025-08-01\nAuthors: Jana Albers, Ohne Profil\n"
        "Category: Social Media\nSummary: Kurz.\n\nText.\n"
    )
    site = build_site(project)  # the development build: a missing profile is a warning
    assert site.ok
    people = (
        Person(
            "Jana Albers",
            str(project / "content/images/authors/jana-albers.jpg"),
            "JA",
            background("jana-albers"),
        ),
        Person("Ohne Profil", None, "OP", background("ohne-profil")),
    )
    # Without SITEURL the card names the site where the domain would be.
    (expected,) = drawn(
        site, CardInput("Ein Beitrag zu zweit", "Social Media", people), footer="Hafenlicht"
    )
    card = card_file(site, "2025-08-ein-beitrag-zu-zweit.jpg")
    assert ImageChops.difference(card, expected).getbbox() is None


def test_every_card_is_attached_with_its_real_size(site):
    for path in ("impressum/", "autor/jana-albers/", "kategorie/social-media/", "archiv/"):
        properties = og(metadata(site, path))
        (image,) = properties["og:image"]
        with Image.open(site.output / image.removeprefix(f"{SITEURL}/")) as opened:
            assert opened.size == (1200, 630)
    assert og(metadata(site, "autor/jana-albers/"))["og:type"] == ["profile"]
    assert og(metadata(site, "impressum/"))["og:image"] == [
        f"{SITEURL}/social-cards/seite-impressum.jpg"
    ]
    assert og(metadata(site, "kategorie/social-media/"))["og:image"] == [
        f"{SITEURL}/social-cards/kategorie-social-media.jpg"
    ]
    for path in ("", "archiv/", "thema/linkedin/", "autoren/"):
        assert og(metadata(site, path))["og:image"] == [f"{SITEURL}/social-cards/site.jpg"]


def test_author_pages_keep_their_one_profile_page_and_the_home_page_describes_the_blog(site):
    assert [item["@type"] for item in metadata(site, "autor/jana-albers/")["json-ld"]] == [
        "ProfilePage"
    ]
    (home,) = metadata(site, "")["json-ld"]
    assert home["@type"] == "Blog" and home["url"] == f"{SITEURL}/"
    assert home["publisher"]["name"] == "Hafenlicht Kommunikation GmbH"


def test_second_build_draws_no_card_and_writes_the_same_cards(project, caplog):
    with caplog.at_level(logging.INFO, logger="social_cards"):
        first = build(project)
    assert first.ok
    assert cards_stats(project)["rendered"] == 9 and cards_stats(project)["cached"] == 0
    assert "Social cards: 9 rendered, 0 from cache" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="social_cards"):
        second = build(project, output=project / "again")
    assert second.ok
    assert "Social cards: 0 rendered, 9 from cache" in caplog.text
    assert cards_stats(project)["rendered"] == 0 and cards_stats(project)["cached"] == 9
    for card in (first.output / "social-cards").iterdir():
        assert card.read_bytes() == (second.output / "social-cards" / card.name).read_bytes()


def test_an_edited_title_redraws_only_its_card(project):
    build(project)
    article = project / "content/2025/anzeige.md"
    article.write_text(article.read_text().replace("Lotsenkarte", "Lotsenkarte 2.0"))
    site = build(project)
    assert site.ok
    assert (cards_stats(project)["rendered"], cards_stats(project)["cached"]) == (1, 8)
    assert not (
        site.output / "social-cards/2025-04-redaktionsplanung-mit-der-lotsenkarte.jpg"
    ).exists()


def test_an_overlong_title_is_shrunk_with_one_warning_on_every_build(project):
    # The title is longer than the contract's 90 characters: its warning is the header
    # check's, once; the card's own warning would say the same thing again.
    for _ in range(2):  # the second build takes the card from the cache and still warns
        site = build(project)
        assert site.ok
        warnings = [m for m in site.messages(logging.WARNING) if "lang.md" in m]
        assert warnings == [
            'content/2025/lang.md:1: "Title" has 158 characters; social cards and search '
            "results show about 90"
        ]


def test_a_missing_image_is_one_error_naming_file_and_field(project):
    (project / "content/images/articles/hafen.jpg").unlink()
    site = build(project)
    assert not site.ok
    assert site.messages(logging.ERROR) == [
        'content/2024/firmen-account.md:9: "Image" points to images/articles/hafen.jpg, '
        "which does not exist below the content folder"
    ]


def test_a_broken_image_is_one_error_naming_file_and_field_and_nothing_is_written(project):
    (project / "content/images/articles/hafen.jpg").write_bytes(b"<html>kein Bild</html>")
    site = build(project)
    assert not site.ok
    (error,) = site.messages(logging.ERROR)
    assert error.startswith(
        'content/2024/firmen-account.md:9: "Image" points to images/articles/hafen.jpg, which '
        "cannot be drawn on the social card (cannot identify image file"
    )
    assert error.endswith("expected a JPEG, PNG, WebP or GIF picture")
    assert not list(site.output.rglob("*.html"))


def test_a_broken_photo_used_on_many_cards_is_one_error_naming_the_profile(project):
    (project / "content/images/authors/jana-albers.jpg").write_bytes(b"\xff\xd8\xff\xe0kaputt")
    site = build(project)
    assert not site.ok
    (error,) = site.messages(logging.ERROR)
    assert error.startswith(
        'content/authors/jana-albers.md:4: "Photo" points to images/authors/jana-albers.jpg, '
        "which cannot be drawn on the social card ("
    )


def test_png_cards_when_configured(project):
    site = build(project, SOCIAL_CARDS_FORMAT="png")
    properties = og(metadata(site, ARTICLE))
    assert properties["og:image"] == [f"{SITEURL}/{CARD.replace('.jpg', '.png')}"]
    assert properties["og:image:type"] == ["image/png"]
    with Image.open(site.output / CARD.replace(".jpg", ".png")) as opened:
        assert (opened.format, opened.size) == ("PNG", (1200, 630))


def test_share_links_are_configurable_and_without_mastodon_there_is_no_mastodon_page(project):
    site = build(project, SOCIAL_CARDS_SHARE_LINKS=["email", "copy"])
    links = site.html(ARTICLE).select(".share a")
    assert [a.get_text() for a in links] == ["Per E-Mail teilen", "Link kopieren"]
    assert not (site.output / "teilen").exists()


def test_the_development_build_has_cards_with_relative_addresses(project):
    site = build_site(project)  # pelicanconf.py: relative URLs
    assert site.ok
    (image,) = og(metadata(site, ARTICLE, ""))["og:image"]
    assert image.endswith(CARD)
    assert (site.output / CARD).is_file()


def test_switched_off_there_are_no_cards_and_no_card_tags(project):
    site = build(project, SOCIAL_CARDS_ENABLED=False)
    assert site.ok
    assert not (site.output / "social-cards").exists()
    assert not site.html(ARTICLE).select('meta[property^="og:"]')


# --- The production demo --------------------------------------------------------


DEMO_LOCALES = {"de": "de_DE", "en": "en_GB"}  # og:locale by the page's language
AUTHOR_PAGES = {"de": f"{DEMO_SITEURL}/autor/", "en": f"{DEMO_SITEURL}/en/author/"}


def test_every_demo_page_carries_the_metadata_with_a_valid_card(demo_site):
    pages = demo_site.pages()
    assert len(pages) > 40
    for page in pages:
        path = page.relative_to(demo_site.output).as_posix()
        properties = og(metadata(demo_site, path, DEMO_SITEURL))
        canonical = demo_site.html(path).select_one('link[rel="canonical"]')["href"]
        for key in ("og:title", "og:description", "og:site_name", "og:image:alt"):
            assert properties[key][0].strip(), (path, key)
        assert len(properties["og:description"][0]) <= 200, path
        assert properties["og:url"] == [canonical], path
        lang = demo_site.html(path).html["lang"]
        assert properties["og:locale"] == [DEMO_LOCALES[lang]], path
        (image,) = properties["og:image"]
        assert image.startswith(f"{DEMO_SITEURL}/social-cards/"), path
        with Image.open(demo_site.output / image.removeprefix(f"{DEMO_SITEURL}/")) as opened:
            assert opened.size == (1200, 630), path
            assert opened.get_format_mimetype() == properties["og:image:type"][0]
        assert (properties["og:image:width"], properties["og:image:height"]) == (["1200"], ["630"])
        cards = twitter(demo_site, path)
        assert (cards["twitter:card"], cards["twitter:site"]) == (
            "summary_large_image",
            "@hafenlicht",
        )


def test_every_demo_article_has_article_properties_a_blog_posting_and_share_links(demo_site):
    articles = [
        page.relative_to(demo_site.output).as_posix()
        for page in demo_site.pages()
        if demo_site.html(page.relative_to(demo_site.output).as_posix()).select_one(
            'meta[property="og:type"][content="article"]'
        )
    ]
    assert len(articles) >= 10
    for path in articles:
        data = metadata(demo_site, path, DEMO_SITEURL)
        properties = og(data)
        for key in ("article:published_time", "article:modified_time", "article:section"):
            assert properties[key][0], (path, key)
        # An author's page in the article's language: /autor/… or /en/author/….
        author_pages = AUTHOR_PAGES[demo_site.html(path).html["lang"]]
        assert all(a.startswith(author_pages) for a in properties["article:author"])
        (posting,) = [item for item in data["json-ld"] if item.get("@type") == "BlogPosting"]
        assert posting["headline"] == properties["og:title"][0]
        assert posting["image"]["url"] == properties["og:image"][0]
        assert posting["mainEntityOfPage"]["@id"] == properties["og:url"][0]
        assert posting["publisher"]["logo"]["url"] == f"{DEMO_SITEURL}/theme/img/icon-512.png"
        assert all(
            a["@type"] == "Person" and a["url"].startswith(author_pages) for a in posting["author"]
        )
        links = demo_site.html(path).select(".share a")
        assert len(links) == 8 and all(a.get_text().strip() for a in links), path


def test_a_second_demo_build_draws_no_card(demo_site, tmp_path):
    again = build_site(
        demo_site.root,
        "publishconf.py",
        output=tmp_path / "again",
        SITEURL=DEMO_SITEURL,
        FEED_DOMAIN=DEMO_SITEURL,
    )
    assert again.ok
    stats = cards_stats(demo_site.root)
    assert stats["rendered"] == 0 and stats["cached"] >= 25
    shutil.rmtree(tmp_path / "again")


def test_a_build_stopped_by_a_content_error_leaves_no_card_drawing_behind(project):
    # Enough new cards for drawing processes, which start before the content is checked.
    for number in range(12):
        (project / f"content/2025/zusatz-{number}.md").write_text(
            f"Title: Zusätzlicher Beitrag {number}\nDate: 2025-03-{number + 1:02d}\n"
            "Authors: Jana Albers\nCategory: Social Media\nSummary: Ein Beitrag mehr.\n\n"
            "Text.\n",
            encoding="utf-8",
        )
    article = project / "content/2024/firmen-account.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("Date: 2024-09-04 10:30", "Date: 4.9.2024"),
        encoding="utf-8",
    )
    site = build(project)
    assert not site.ok
    assert site.messages(logging.ERROR)[0].startswith('content/2024/firmen-account.md:2: "Date"')
    assert multiprocessing.active_children() == []  # stopped, not drawing on
