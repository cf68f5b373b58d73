"""Drawing one card with Pillow, in stages: background, branding, label, title, people.

Pure apart from reading the picture files it is given; returns JPEG bytes. Runs in
worker processes, so its inputs are plain, picklable records.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from social_cards.layout import Branding, Layout
from social_cards.text import Fitted, Typesetter, fit

# JPEG at quality 88: measured on the demo cards, a card with a photo is 73 KiB as JPEG
# and 125 KiB as PNG; a flat card 71 KiB against 52 KiB, but PNG costs 17-64 ms to encode
# against 2 ms, which for 1,000 cards is the difference between seconds and a minute.
JPEG_QUALITY = 88


@dataclass(frozen=True)
class Person:
    name: str
    photo: str | None  # absolute path of a raster picture, or None for initials
    initials: str
    colour: str


@dataclass(frozen=True)
class CardInput:
    title: str
    label: str
    people: tuple[Person, ...] = ()
    picture: str | None = None  # absolute path of the article's own (raster) picture
    note: str = ""  # small text under the names, e.g. a role


@dataclass(frozen=True)
class Rendered:
    data: bytes
    title: Fitted


class CardPainter:
    """Holds fonts and the logo between cards (one painter per worker process)."""

    def __init__(
        self,
        layout: Layout,
        branding: Branding,
        fonts: tuple[str, ...],
        name_fonts: tuple[str, ...],
    ) -> None:
        self.layout = layout
        self.branding = branding
        self.title_type = Typesetter([Path(p) for p in fonts])
        self.name_type = Typesetter([Path(p) for p in name_fonts])
        logo = Image.open(branding.logo).convert("RGBA")
        self.logo = logo.resize((layout.logo_size, layout.logo_size), Image.LANCZOS)
        self.base = self._background(with_picture=False)
        self.base_with_picture = self._background(with_picture=True)
        self._panels: dict[str, Image.Image] = {}  # pictures are shared by many articles

    def render(self, card: CardInput) -> Rendered:
        image = (self.base_with_picture if card.picture else self.base).copy()
        if card.picture:
            self._picture(image, card.picture)
        draw = ImageDraw.Draw(image)
        self._label(draw, card.label)
        fitted = self._title(draw, card.title, card.picture is not None)
        self._people(image, draw, card.people, card.note)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY)
        return Rendered(buffer.getvalue(), fitted)

    def text_width(self, with_picture: bool) -> int:
        """Room for the title: left of the picture, or left of the harbour lights."""
        layout = self.layout
        reserved = layout.picture_width if with_picture else layout.decoration_width
        return layout.width - 2 * layout.margin - reserved

    def _background(self, with_picture: bool) -> Image.Image:
        layout, brand = self.layout, self.branding
        image = Image.new("RGB", (layout.width, layout.height), brand.background)
        draw = ImageDraw.Draw(image, "RGBA")
        if not with_picture:  # harbour lights on the right-hand side
            for x, y, radius, colour in (
                (1080, 140, 90, brand.secondary),
                (980, 300, 46, brand.accent),
                (1120, 420, 60, brand.muted),
            ):
                draw.ellipse(
                    (x - radius, y - radius, x + radius, y + radius), fill=_rgba(colour, 70)
                )
        draw.rectangle((0, layout.height - 12, layout.width, layout.height), fill=brand.accent)
        image.paste(self.logo, (layout.margin, layout.brand_y), self.logo)
        self.name_type.draw(
            draw,
            (layout.margin + layout.logo_size + 18, layout.brand_y + 12),
            brand.site_name,
            layout.brand_size,
            brand.text,
        )
        return image

    def _picture(self, image: Image.Image, path: str) -> None:
        layout = self.layout
        panel = self._panels.get(path)
        if panel is None:
            with Image.open(path) as source:
                source.draft("RGB", (layout.picture_width * 2, layout.height * 2))
                panel = ImageOps.fit(
                    source.convert("RGB"), (layout.picture_width, layout.height), Image.BILINEAR
                )
            self._panels[path] = panel
        image.paste(panel, (layout.width - layout.picture_width, 0))
        draw = ImageDraw.Draw(image)
        x = layout.width - layout.picture_width
        draw.rectangle((x - 8, 0, x, layout.height), fill=self.branding.accent)

    def _label(self, draw: ImageDraw.ImageDraw, label: str) -> None:
        if not label:
            return
        layout, brand = self.layout, self.branding
        text = self.name_type.clean(label).upper()
        width = self.name_type.width(text, layout.label_size)
        x, y = layout.margin, layout.label_y
        draw.rounded_rectangle(
            (x, y, x + width + 28, y + layout.label_size + 18), radius=8, fill=brand.accent
        )
        self.name_type.draw(draw, (x + 14, y + 7), text, layout.label_size, brand.accent_text)

    def _title(self, draw: ImageDraw.ImageDraw, title: str, with_picture: bool) -> Fitted:
        layout = self.layout
        fitted = fit(
            self.title_type,
            title,
            self.text_width(with_picture),
            layout.title_bottom - layout.title_top,
            layout.title_sizes,
            layout.line_height,
        )
        y = layout.title_top
        for line in fitted.lines:
            self.title_type.draw(draw, (layout.margin, y), line, fitted.size, self.branding.text)
            y += fitted.size * layout.line_height
        return fitted

    def _people(
        self, image: Image.Image, draw: ImageDraw.ImageDraw, people: tuple[Person, ...], note: str
    ) -> None:
        layout, brand = self.layout, self.branding
        x, y, size = layout.margin, layout.footer_y, layout.avatar_size
        for number, person in enumerate(people[:3]):
            avatar = self._avatar(person)
            image.paste(avatar, (x + number * (size - 18), y), _circle(size))
        text_x = x + (size - 18) * min(len(people), 3) + 18 + 16 if people else x
        names = " & ".join(p.name for p in people) if people else brand.site_name
        self.name_type.draw(
            draw, (text_x, y + 6), self.name_type.clean(names), layout.name_size, brand.text
        )
        self.name_type.draw(
            draw,
            (text_x, y + 6 + layout.name_size + 8),
            self.name_type.clean(note or brand.footer),
            layout.note_size,
            brand.muted,
        )

    def _avatar(self, person: Person) -> Image.Image:
        size = self.layout.avatar_size
        if person.photo:
            with Image.open(person.photo) as photo:
                return ImageOps.fit(photo.convert("RGB"), (size, size), Image.BILINEAR)
        avatar = Image.new("RGB", (size, size), person.colour)
        draw = ImageDraw.Draw(avatar)
        text = person.initials
        width = self.name_type.width(text, size // 2 - 4)
        self.name_type.draw(draw, ((size - width) / 2, size * 0.22), text, size // 2 - 4, "#ffffff")
        return avatar


def _circle(size: int) -> Image.Image:
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, size - 1, size - 1), fill=255)
    return mask


def _rgba(colour: str, alpha: int) -> tuple[int, int, int, int]:
    colour = colour.lstrip("#")
    return (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16), alpha)
