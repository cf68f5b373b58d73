"""Which cards a build has and what they say: labels, bylines, pictures, owners (no build)."""

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from author_bios.avatars import background
from author_bios.profiles import Profile
from social_cards import jobs
from social_cards.batch import Failure, Style
from social_cards.layout import Branding, Layout
from social_cards.render import Person

CONTENT = Path("/site/content")
GERMAN = {
    "Interview": "Interview",
    "Advertisement": "Anzeige",
    "Guest article": "Gastbeitrag",
    "Our team": "Unser Team",
    "Guest": "Gast",
    "Category": "Kategorie",
    "Card: %(title)s – %(site)s": "Karte: %(title)s – %(site)s",
}


def german(message: str) -> str:
    return GERMAN[message]


def shown(path: str) -> str:
    return str(Path(path).relative_to(CONTENT.parent))


def profile(slug: str, name: str, photo: str | None = None, **fields) -> Profile:
    values = {"role": "", "organization": "", "guest": False, "bio_html": "", "links": ()}
    values |= fields
    return Profile(slug, name, photo=photo, source=f"content/authors/{slug}.md", **values)


def article(**fields) -> SimpleNamespace:
    values = {
        "title": "Zu wem gehört der Firmen-Account?",
        "slug": "zu-wem-gehoert",
        "date": datetime(2024, 9, 3),
        "category": SimpleNamespace(name="Social Media", slug="social-media"),
        "authors": [],
        "author_profiles": (),
        "source_path": str(CONTENT / "2024/zu-wem-gehoert.md"),
    }
    return SimpleNamespace(**(values | fields))


def author(slug: str, name: str) -> SimpleNamespace:
    return SimpleNamespace(slug=slug, name=name)


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({}, "Social Media"),
        ({"type": "interview"}, "Interview"),
        ({"type": "guest"}, "Gastbeitrag"),
        ({"type": "interview", "disclosure": ("sponsored",)}, "Anzeige"),
    ],
)
def test_an_article_card_is_labelled_with_its_kind_or_else_its_category(fields, label):
    (planned,) = jobs.article_cards([article(**fields)], CONTENT, german, shown)
    assert planned.job.name == "2024-09-zu-wem-gehoert"
    assert (planned.job.card.title, planned.job.card.label) == (
        "Zu wem gehört der Firmen-Account?",
        label,
    )
    assert planned.owner.kind == "article"


def test_the_byline_keeps_its_order_and_gives_initials_to_authors_without_profile():
    jana = profile("jana-albers", "Jana Albers", "images/jana.jpg")
    ole = profile("ole-brandt", "Ole Brandt", "images/ole.svg")  # SVG: Pillow cannot draw it
    piece = article(
        authors=[author("gast-x", "Dr. Xaver Gast"), author("jana-albers", "Jana Albers")],
        author_profiles=(jana, ole),
    )
    (planned,) = jobs.article_cards([piece], CONTENT, german, shown)
    assert planned.job.card.people == (
        Person("Dr. Xaver Gast", None, "XG", background("gast-x")),
        Person("Jana Albers", str(CONTENT / "images/jana.jpg"), "JA", background("jana-albers")),
    )
    assert jobs.person(ole, CONTENT) == Person("Ole Brandt", None, "OB", background("ole-brandt"))


def test_an_article_s_raster_picture_is_drawn_and_named_for_errors_an_svg_is_not():
    jana = profile("jana-albers", "Jana Albers", "images/jana.JPG")
    (with_picture, with_svg) = jobs.article_cards(
        [
            article(image="images/hafen.webp", author_profiles=(jana,)),
            article(slug="grafik", image="images/grafik.svg"),
        ],
        CONTENT,
        german,
        shown,
    )
    assert with_picture.job.card.picture == str(CONTENT / "images/hafen.webp")
    assert with_picture.owner.pictures == (
        jobs.Picture(
            str(CONTENT / "images/hafen.webp"),
            "content/2024/zu-wem-gehoert.md",
            "Image",
            "images/hafen.webp",
        ),
        jobs.Picture(
            str(CONTENT / "images/jana.JPG"),
            "content/authors/jana-albers.md",
            "Photo",
            "images/jana.JPG",
        ),
    )
    assert with_svg.job.card.picture is None and with_svg.owner.pictures == ()


def test_author_category_site_and_page_cards():
    guest = profile("ina-gast", "Ina Gast", guest=True, role="Juristin", organization="Kanzlei")
    (author_card,) = jobs.author_cards([guest], CONTENT, german)
    assert author_card.job.name == "autor-ina-gast"
    card = author_card.job.card
    assert (card.title, card.label, card.note) == ("Ina Gast", "Gast", "Juristin, Kanzlei")
    (team,) = jobs.author_cards([profile("ole", "Ole Brandt")], CONTENT, german)
    assert team.job.card.label == "Unser Team"

    category = SimpleNamespace(name="Krisen", slug="krisen")
    (category_card,) = jobs.category_cards([category], german)
    assert (category_card.job.name, category_card.job.card.label) == (
        "kategorie-krisen",
        "Kategorie",
    )

    site = jobs.site_card("Kommunikation mit Haltung")
    assert (site.job.name, site.job.card.title, site.owner.kind) == (
        "site",
        "Kommunikation mit Haltung",
        "site",
    )
    (page,) = jobs.page_cards([SimpleNamespace(title="Impressum", slug="impressum")])
    assert (page.job.name, page.job.card.label) == ("seite-impressum", "")  # no label


def test_a_broken_picture_is_named_once_per_file_and_field():
    photo = str(CONTENT / "images/jana.jpg")
    jana = profile("jana-albers", "Jana Albers", "images/jana.jpg")
    planned = [
        *jobs.article_cards(
            [
                article(
                    slug=f"a{n}", authors=[author("jana-albers", "Jana")], author_profiles=(jana,)
                )
                for n in range(3)
            ],
            CONTENT,
            german,
            shown,
        ),
        *jobs.author_cards([jana], CONTENT, german),
    ]
    owners = {card.job.name: card.owner for card in planned}
    failures = [Failure(name, photo, "cannot identify image file") for name in owners]
    ((picture, reason),) = jobs.broken_pictures(failures, owners)
    assert (picture.source, picture.field, picture.value) == (
        "content/authors/jana-albers.md",
        "Photo",
        "images/jana.jpg",
    )
    assert reason == "cannot identify image file"


def test_the_card_image_names_title_and_site_in_its_alt_text():
    style = Style(Layout(), Branding("Hafenlicht", "blog.example", "logo.png"), (), ())
    owner = jobs.Owner("page", None, "Impressum")
    image = jobs.card_image(
        owner, "social-cards/seite-impressum.jpg", style, 4096, "Hafenlicht", german
    )
    assert (image.url, image.width, image.height, image.mime_type, image.length) == (
        "social-cards/seite-impressum.jpg",
        1200,
        630,
        "image/jpeg",
        4096,
    )
    assert image.alt == "Karte: Impressum – Hafenlicht"
