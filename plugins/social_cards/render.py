"""Drawing one card with Pillow, in stages: background, picture, label, title, people.

Pure apart from reading the picture files it is given; returns encoded bytes. Runs in
worker processes, so its inputs are plain, picklable records. Parts that many cards
share (the two backgrounds, a picture, a label, the people line of an author) are
drawn once per painter and pasted, so a card costs its title and its encoding.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from social_cards.layout import Branding, Layout
from social_cards.text import Fitted, Typesetter, fit, fit_line

MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"jpeg": "jpg", "png": "png"}
Box = tuple[int, int, int, int]


class PictureError(Exception):
    """A picture Pillow cannot draw (broken, not an image, absurdly large)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


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
    note: str = ""  # small text under the names, e.g. a role; default: the site's domain
    hyphenate: bool = True  # at German hyphenation points; a title in another language not


@dataclass(frozen=True)
class Rendered:
    data: bytes
    title: Fitted


def encode(image: Image.Image, image_format: str, quality: int) -> bytes:
    """JPEG or (lossless) PNG bytes of ``image``.

    JPEG is the default: smaller than PNG for a card with a picture, about as large for
    a flat one, and many times faster to encode. Optimised Huffman tables are off: they
    make a card a little smaller but double its encoding time. The measurements behind
    both choices are in docs/development.md, "Speed".
    """
    buffer = io.BytesIO()
    if image_format == "png":
        image.save(buffer, "PNG", compress_level=6)
    else:
        image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def open_picture(path: str, size: tuple[int, int]) -> Image.Image:
    """``path`` cropped to fill ``size``; PictureError when Pillow cannot read it."""
    try:
        with Image.open(path) as source:
            source.draft("RGB", (size[0] * 2, size[1] * 2))  # JPEG: decode at reduced size
            return ImageOps.fit(ImageOps.exif_transpose(source).convert("RGB"), size)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise PictureError(path, str(error) or type(error).__name__) from error


class CardPainter:
    """Holds fonts, backgrounds and shared layers between cards (one per worker process)."""

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
        self.backgrounds = {flag: self._background(with_picture=flag) for flag in (False, True)}
        self._layers: dict[tuple, Image.Image] = {}

    def warm(self, kind: str, path: str) -> None:
        """Open a card's "picture" or a person's "photo" now (PictureError if broken)."""
        if kind == "picture":
            self._cached(("picture", path), self._picture)
        else:
            size = self.layout.avatar_size
            open_picture(path, (size, size))

    def render(self, card: CardInput, image_format: str = "jpeg", quality: int = 88) -> Rendered:
        image, fitted = self.draw(card)
        return Rendered(encode(image, image_format, quality), fitted)

    def draw(self, card: CardInput) -> tuple[Image.Image, Fitted]:
        with_picture = card.picture is not None
        image = self.backgrounds[with_picture].copy()
        if card.picture:
            image.paste(self._cached(("picture", card.picture), self._picture), self.picture_box)
        label_box = self._label_box(with_picture)
        image.paste(self._cached(("label", card.label, with_picture), self._label), label_box)
        footer = ("people", card.people, card.note, with_picture)
        image.paste(self._cached(footer, self._people), self._footer_box(with_picture))
        fitted = self._title(ImageDraw.Draw(image), card.title, with_picture, card.hyphenate)
        return image, fitted

    def text_width(self, with_picture: bool) -> int:
        """Room for text: left of the picture, or left of the harbour lights."""
        layout = self.layout
        reserved = layout.picture_width if with_picture else layout.decoration_width
        return layout.width - 2 * layout.margin - reserved

    @property
    def picture_box(self) -> Box:
        layout = self.layout
        return (layout.width - layout.picture_width, 0, layout.width, layout.height)

    def _label_box(self, with_picture: bool) -> Box:
        layout = self.layout
        top = layout.label_y
        bottom = top + layout.label_sizes[0] + 18
        return (layout.margin, top, layout.margin + self.text_width(with_picture), bottom)

    def _footer_box(self, with_picture: bool) -> Box:
        layout = self.layout
        top = layout.footer_y
        bottom = top + layout.avatar_size
        return (layout.margin, top, layout.margin + self.text_width(with_picture), bottom)

    def _cached(self, key: tuple, draw_layer) -> Image.Image:
        """A layer shared by many cards; the key's second part onward are its inputs."""
        layer = self._layers.get(key)
        if layer is None:
            layer = draw_layer(*key[1:])
            self._layers[key] = layer
        return layer

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
        name_x = layout.margin + layout.logo_size + 18
        room = layout.margin + self.text_width(with_picture) - name_x
        brand_line = fit_line(self.name_type, brand.site_name, room, (layout.brand_size,))
        for line in brand_line.lines:
            self.name_type.draw(
                draw, (name_x, layout.brand_y + 12), line, layout.brand_size, brand.text
            )
        return image

    def _picture(self, path: str) -> Image.Image:
        layout = self.layout
        panel = open_picture(path, (layout.picture_width, layout.height))
        # A rule in the accent colour separates the picture from the text.
        ImageDraw.Draw(panel).rectangle((0, 0, 7, layout.height), fill=self.branding.accent)
        return panel

    def _label(self, label: str, with_picture: bool) -> Image.Image:
        layout, brand = self.layout, self.branding
        box = self._label_box(with_picture)
        layer = self.backgrounds[with_picture].crop(box)
        fitted = fit_line(self.name_type, label.upper(), box[2] - box[0] - 28, layout.label_sizes)
        if not fitted.lines:
            return layer
        text = fitted.lines[0]
        width = self.name_type.width(text, fitted.size)
        draw = ImageDraw.Draw(layer)
        height = layout.label_sizes[0] + 18
        draw.rounded_rectangle((0, 0, width + 28, height - 1), radius=8, fill=brand.accent)
        y = (height - fitted.size) / 2 - 2
        self.name_type.draw(draw, (14, y), text, fitted.size, brand.accent_text)
        return layer

    def _title(
        self, draw: ImageDraw.ImageDraw, title: str, with_picture: bool, hyphenate: bool = True
    ) -> Fitted:
        layout = self.layout
        fitted = fit(
            self.title_type,
            title,
            self.text_width(with_picture),
            layout.title_bottom - layout.title_top,
            layout.title_sizes,
            layout.line_height,
            comfortable=layout.shrink_warning_size,
            hyphenate=hyphenate,
        )
        y = layout.title_top
        for line in fitted.lines:
            self.title_type.draw(draw, (layout.margin, y), line, fitted.size, self.branding.text)
            y += fitted.size * layout.line_height
        return fitted

    def _people(self, people: tuple[Person, ...], note: str, with_picture: bool) -> Image.Image:
        layout, brand = self.layout, self.branding
        box = self._footer_box(with_picture)
        layer = self.backgrounds[with_picture].crop(box)
        size, step = layout.avatar_size, layout.avatar_size - layout.avatar_overlap
        shown = people[: layout.max_avatars]
        for number, person in enumerate(shown):
            avatar = self._cached(("avatar", person), self._avatar)
            layer.paste(avatar, (number * step, 0), _circle(size))
        text_x = step * len(shown) + layout.avatar_overlap + 16 if shown else 0
        room = box[2] - box[0] - text_x
        names = " & ".join(p.name for p in people) if people else brand.site_name
        draw = ImageDraw.Draw(layer)
        line = fit_line(self.name_type, names, room, layout.name_sizes)
        for text in line.lines:
            self.name_type.draw(draw, (text_x, 6), text, line.size, brand.text)
        small = fit_line(self.name_type, note or brand.footer, room, layout.note_sizes)
        for text in small.lines:
            self.name_type.draw(
                draw, (text_x, 14 + layout.name_sizes[0]), text, small.size, brand.muted
            )
        return layer

    def _avatar(self, person: Person) -> Image.Image:
        size = self.layout.avatar_size
        if person.photo:
            return open_picture(person.photo, (size, size))
        avatar = Image.new("RGB", (size, size), person.colour)
        draw = ImageDraw.Draw(avatar)
        text = self.name_type.clean(person.initials)
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
