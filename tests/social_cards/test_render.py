"""Drawing cards with Pillow: size, format, glyph fallback, pictures, nothing overflows."""

import io

import pytest
from PIL import Image, ImageChops

from conftest import ROOT
from social_cards.layout import Branding, Layout
from social_cards.render import CardInput, CardPainter, Person, PictureError

THEME = ROOT / "theme"
LAYOUT = Layout()


@pytest.fixture(scope="module")
def painter() -> CardPainter:
    fonts = (str(THEME / "fonts/Inter-Bold.otf"), str(THEME / "fonts/DejaVuSans-Bold.ttf"))
    names = (str(THEME / "fonts/Inter-SemiBold.otf"), str(THEME / "fonts/DejaVuSans-Bold.ttf"))
    return CardPainter(
        LAYOUT,
        Branding("Hafenlicht", "blog.example", str(THEME / "static/img/icon-512.png")),
        fonts,
        names,
    )


@pytest.fixture
def red_picture(tmp_path) -> str:
    picture = tmp_path / "rot.jpg"
    Image.new("RGB", (800, 600), (200, 20, 20)).save(picture)
    return str(picture)


def image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_card_is_a_1200_by_630_jpeg_far_below_the_platform_limits(painter):
    rendered = painter.render(
        CardInput(
            "Zu wem gehört der Firmen-Account?",
            "Social Media",
            (Person("Jana Albers", None, "JA", "#0b2545"),),
        )
    )
    assert rendered.data[:3] == b"\xff\xd8\xff"
    assert Image.open(io.BytesIO(rendered.data)).size == (1200, 630)
    assert len(rendered.data) < 300_000  # X and LinkedIn accept up to 5 MB


def test_png_is_lossless(painter):
    card = CardInput("Zu wem gehört der Firmen-Account?", "Social Media")
    drawn, _fitted = painter.draw(card)
    data = painter.render(card, "png").data
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert ImageChops.difference(image(data), drawn).getbbox() is None


def test_an_emoji_is_left_out_not_drawn_as_a_box(painter):
    plain = image(painter.render(CardInput("Launch heute", "Social Media")).data)
    emoji = image(painter.render(CardInput("Launch heute 🚀", "Social Media")).data)
    assert ImageChops.difference(plain, emoji).getbbox() is None


def test_a_cjk_name_is_left_out_not_drawn_as_boxes(painter):
    plain = image(painter.render(CardInput("Titel", "", (Person("Li", None, "L", "#000"),))).data)
    cjk = image(painter.render(CardInput("Titel", "", (Person("Li 李", None, "L", "#000"),))).data)
    assert ImageChops.difference(plain, cjk).getbbox() is None


def test_hebrew_is_drawn_with_the_fallback_font(painter):
    plain = image(painter.render(CardInput("Shalom", "Social Media")).data)
    hebrew = image(painter.render(CardInput("Shalom שלום", "Social Media")).data)
    assert ImageChops.difference(plain, hebrew).getbbox() is not None


def test_an_article_picture_fills_the_right_panel(painter, red_picture):
    card = image(painter.render(CardInput("Titel", "Label", picture=red_picture)).data)
    red, green, blue = card.getpixel((1100, 300))
    assert red > 150 and green < 80 and blue < 80
    without = image(painter.render(CardInput("Titel", "Label")).data)
    assert without.getpixel((1100, 300))[0] < 100


def test_a_rotated_photo_is_shown_upright(painter, tmp_path):
    # Left half red, right half blue, stored upside down with EXIF orientation 3.
    upright = Image.new("RGB", (600, 630), (20, 20, 200))
    upright.paste((200, 20, 20), (0, 0, 300, 630))
    exif = Image.Exif()
    exif[0x0112] = 3
    path = tmp_path / "gedreht.jpg"
    upright.rotate(180).save(path, exif=exif)
    card = image(painter.render(CardInput("Titel", "", picture=str(path))).data)
    left, right = card.getpixel((800, 300)), card.getpixel((1180, 300))
    assert left[0] > 150 and right[2] > 150


def test_long_texts_never_reach_into_the_picture(painter, red_picture):
    people = tuple(Person(f"Person Nummer {n}", None, "PN", "#123456") for n in range(5))
    long = CardInput(
        "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen " * 4,
        "Eine Kategorie mit einem wirklich sehr, sehr langen Namen",
        people,
        red_picture,
        "Leiterin der Unternehmenskommunikation, Nordstahl Werkzeuge GmbH & Co. KG",
    )
    short = CardInput("Titel", "", (), red_picture)
    panel = (LAYOUT.width - LAYOUT.picture_width, 0, LAYOUT.width, LAYOUT.height)
    long_card, fitted = painter.draw(long)
    short_card, _ = painter.draw(short)
    assert fitted.truncated
    assert ImageChops.difference(long_card.crop(panel), short_card.crop(panel)).getbbox() is None


def test_a_title_without_picture_leaves_the_harbour_lights_free(painter):
    long, fitted = painter.draw(CardInput("Kommunikationsabteilungsleitungen " * 6, ""))
    short, _ = painter.draw(CardInput("Titel", ""))
    free = (LAYOUT.margin + painter.text_width(False) + 1, 0, LAYOUT.width, LAYOUT.height)
    assert fitted.truncated
    assert ImageChops.difference(long.crop(free), short.crop(free)).getbbox() is None


def test_people_get_their_photo_or_initials(painter, tmp_path):
    photo = tmp_path / "gelb.jpg"
    Image.new("RGB", (100, 100), (250, 220, 0)).save(photo)
    card = image(
        painter.render(
            CardInput(
                "Titel",
                "",
                (
                    Person("Gelbe Person", str(photo), "GP", "#000000"),
                    Person("Grüne Person", None, "GP", "#00aa00"),
                ),
            )
        ).data
    )
    size, step = LAYOUT.avatar_size, LAYOUT.avatar_size - LAYOUT.avatar_overlap
    middle = LAYOUT.footer_y + size // 2
    red, green, blue = card.getpixel((LAYOUT.margin + 10, middle))
    assert red > 200 and green > 180 and blue < 80  # the photo
    red, green, blue = card.getpixel((LAYOUT.margin + step + size - 10, middle))
    assert green > 140 and red < 60  # the initials avatar in the person's colour


@pytest.mark.parametrize("content", [b"", b"kein Bild", b"\xff\xd8\xff\xe0" + b"\0" * 40])
def test_a_broken_picture_raises_naming_the_file(painter, tmp_path, content):
    broken = tmp_path / "kaputt.jpg"
    broken.write_bytes(content)
    with pytest.raises(PictureError) as raised:
        painter.render(CardInput("Titel", "", picture=str(broken)))
    assert raised.value.path == str(broken)
    with pytest.raises(PictureError):
        painter.render(CardInput("Titel", "", (Person("P", str(broken), "P", "#000"),)))


def test_a_character_no_font_has_leaves_no_trace_on_the_card(painter):
    people = (Person("Jana Albers", None, "JA", "#0b2545"),)
    plain = painter.render(CardInput("Podcast Folge 3: Krisen", "Podcast", people))
    for title in ("Podcast 🎙️ Folge 3: Krisen", "Podcast Folge 3 中文: Krisen"):
        drawn = painter.render(CardInput(title, "Podcast", people))
        assert ImageChops.difference(image(drawn.data), image(plain.data)).getbbox() is None
