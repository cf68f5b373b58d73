"""Drawing cards with Pillow: size, format, glyph fallback, pictures."""

import io

import pytest
from PIL import Image, ImageChops

from conftest import ROOT
from social_cards.layout import Branding, Layout
from social_cards.render import CardInput, CardPainter, Person

THEME = ROOT / "theme"


@pytest.fixture(scope="module")
def painter() -> CardPainter:
    fonts = (str(THEME / "fonts/Inter-Bold.otf"), str(THEME / "fonts/DejaVuSans-Bold.ttf"))
    names = (str(THEME / "fonts/Inter-SemiBold.otf"), str(THEME / "fonts/DejaVuSans-Bold.ttf"))
    return CardPainter(
        Layout(),
        Branding("Hafenlicht", "blog.example", str(THEME / "static/img/icon-512.png")),
        fonts,
        names,
    )


def image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_card_is_a_1200_by_630_jpeg(painter):
    rendered = painter.render(
        CardInput(
            "Zu wem gehört der Firmen-Account?",
            "Social Media",
            (Person("Jana Albers", None, "JA", "#0b2545"),),
        )
    )
    assert rendered.data[:3] == b"\xff\xd8\xff"
    assert Image.open(io.BytesIO(rendered.data)).size == (1200, 630)
    assert len(rendered.data) < 300_000  # far below the platforms' 5 MB limits


def test_an_emoji_is_left_out_not_drawn_as_a_box(painter):
    plain = image(painter.render(CardInput("Launch heute", "Social Media")).data)
    emoji = image(painter.render(CardInput("Launch heute 🚀", "Social Media")).data)
    assert ImageChops.difference(plain, emoji).getbbox() is None


def test_hebrew_is_drawn_with_the_fallback_font(painter):
    plain = image(painter.render(CardInput("Shalom", "Social Media")).data)
    hebrew = image(painter.render(CardInput("Shalom שלום", "Social Media")).data)
    assert ImageChops.difference(plain, hebrew).getbbox() is not None


def test_an_article_picture_fills_the_right_panel(painter, tmp_path):
    picture = tmp_path / "rot.jpg"
    Image.new("RGB", (800, 600), (200, 20, 20)).save(picture)
    card = image(painter.render(CardInput("Titel", "Label", picture=str(picture))).data)
    red, green, blue = card.getpixel((1100, 300))
    assert red > 150 and green < 80 and blue < 80
    without = image(painter.render(CardInput("Titel", "Label")).data)
    assert without.getpixel((1100, 300))[0] < 100


def test_people_get_their_photo_or_initials(painter, tmp_path):
    photo = tmp_path / "gelb.jpg"
    Image.new("RGB", (100, 100), (250, 220, 0)).save(photo)
    card = image(
        painter.render(
            CardInput("Titel", "", (Person("Gelbe Person", str(photo), "GP", "#000000"),))
        ).data
    )
    layout = Layout()
    centre = (layout.margin + layout.avatar_size // 2, layout.footer_y + layout.avatar_size // 2)
    red, green, blue = card.getpixel(centre)
    assert red > 200 and green > 180 and blue < 80
