"""Which cards a build has: one per article, page, author profile and category, and the
site's; what each card says (label, title, byline) and which pictures it shows.

Pure: it takes the build's content objects as they are (only their attributes are
read), a ``gettext`` and a function that shows a source path relative to the project,
and returns jobs for the drawing plus the owner of each card, which the hooks need to
attach the drawn card and to name the file and field of a picture that cannot be drawn.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from author_bios.avatars import background, initials
from newsroom import handover
from newsroom.labels import kind_label
from social_cards.batch import Failure, Job, Style
from social_cards.meta import CardImage
from social_cards.render import CardInput, Person

RASTER = (".jpg", ".jpeg", ".png", ".webp", ".gif")  # SVG cannot be drawn by Pillow

Gettext = Callable[[str], str]


@dataclass(frozen=True)
class Picture:
    """A picture a card shows, and where it was named (for error messages)."""

    path: str  # absolute, as the painter opens it
    source: str  # the file that names it, relative to the project
    field: str  # "Image" or "Photo"
    value: str  # as written in that file


@dataclass(frozen=True)
class Owner:
    """What a card belongs to: the card is attached to ``item`` (or listed by its slug)."""

    kind: str  # "article", "page", "author", "category" or "site"
    item: Any
    alt_title: str
    pictures: tuple[Picture, ...] = ()
    lang: str = ""  # the card's language ("" the site's): author, category and site cards


@dataclass(frozen=True)
class PlannedCard:
    job: Job  # the card's file name and what is drawn on it
    owner: Owner


def article_cards(
    articles: Iterable[Any], content: Path, gettext: Gettext, shown: Callable[[str], str]
) -> list[PlannedCard]:
    """One card per article, named ``YYYY-MM-slug`` like its page; labelled with the
    kind of piece ("Anzeige", "Interview") or else its category."""
    planned = []
    for article in articles:
        label = kind_label(getattr(article, "type", None), getattr(article, "disclosure", ()))
        profiles = getattr(article, handover.AUTHOR_PROFILES, ())
        picture = _own_picture(article, content, shown)
        card = CardInput(
            article.title,
            gettext(label) if label else article.category.name,
            byline(getattr(article, "authors", ()), profiles, content),
            picture.path if picture else None,
            hyphenate=_german(article),
        )
        pictures = (picture,) if picture else ()
        planned.append(
            PlannedCard(
                Job(f"{article.date:%Y-%m}-{article.slug}", card),
                Owner("article", article, article.title, pictures + photos(profiles, content)),
            )
        )
    return planned


def author_cards(
    profiles: Iterable[Any], content: Path, gettext: Gettext, lang: str = "", name: str = "autor"
) -> list[PlannedCard]:
    """One card per author profile: name, "Unser Team" or "Gast" (as the author page's
    kicker: words that fit a woman and a man alike), the role under the name; in another
    language (``lang``, whose word for the author pages is ``name``) the card of the
    author's page in it: ``en-author-…``."""
    return [
        PlannedCard(
            Job(
                f"{_prefix(lang)}{name}-{profile.slug}",
                CardInput(
                    profile.name,
                    gettext("Guest") if profile.guest else gettext("Our team"),
                    (person(profile, content),),
                    note=profile.role_line,
                ),
            ),
            Owner("author", profile, profile.name, photos((profile,), content), lang),
        )
        for profile in profiles
    ]


def category_cards(
    categories: Iterable[Any], gettext: Gettext, lang: str = "", name: str = "kategorie"
) -> list[PlannedCard]:
    return [
        PlannedCard(
            Job(
                f"{_prefix(lang)}{name}-{category.slug}",
                CardInput(category.name, gettext("Category"), hyphenate=not lang),
            ),
            Owner("category", category, category.name, lang=lang),
        )
        for category in categories
    ]


def site_card(subtitle: str, lang: str = "") -> PlannedCard:
    """The card of the home page, the tags and every other list (of ``lang``)."""
    name = f"site-{lang}" if lang else "site"
    card = CardInput(subtitle, "", hyphenate=not lang)
    return PlannedCard(Job(name, card), Owner("site", None, subtitle, lang=lang))


def page_cards(pages: Iterable[Any]) -> list[PlannedCard]:
    # No label: the brand line above the title already names the site.
    return [
        PlannedCard(
            Job(f"seite-{page.slug}", CardInput(page.title, "", hyphenate=_german(page))),
            Owner("page", page, page.title),
        )
        for page in pages
    ]


def _prefix(lang: str) -> str:
    return f"{lang}-" if lang else ""


def _german(content: Any) -> bool:
    """Whether the title may break at German hyphenation points (the only ones we have)."""
    return str(getattr(content, "lang", "de") or "de").startswith("de")


def byline(authors: Iterable[Any], profiles: Iterable[Any], content: Path) -> tuple[Person, ...]:
    """Everyone in the byline, in its order; someone without a profile gets initials."""
    by_slug = {profile.slug: profile for profile in profiles}
    return tuple(
        person(by_slug[author.slug], content)
        if author.slug in by_slug
        else Person(author.name, None, initials(author.name), background(author.slug))
        for author in authors
    )


def person(profile: Any, content: Path) -> Person:
    """A profile on a card: its photo when Pillow can draw it, else its initials."""
    photo = str(content / profile.photo) if _is_raster(profile.photo) else None
    return Person(profile.name, photo, initials(profile.name), background(profile.slug))


def photos(profiles: Iterable[Any], content: Path) -> tuple[Picture, ...]:
    return tuple(
        Picture(str(content / p.photo), p.source, "Photo", p.photo)
        for p in profiles
        if _is_raster(p.photo)
    )


def card_image(
    owner: Owner, url: str, style: Style, length: int, site_name: str, gettext: Gettext
) -> CardImage:
    """What a page links as its card: address, size, type, length and the alt text."""
    return CardImage(
        url,
        style.layout.width,
        style.layout.height,
        style.mime_type,
        length,
        gettext("Card: %(title)s – %(site)s") % {"title": owner.alt_title, "site": site_name},
    )


def broken_pictures(
    failures: Sequence[Failure], owners: dict[str, Owner]
) -> list[tuple[Picture, str]]:
    """(picture, reason) once per file and field, however many cards show the picture."""
    reported: set[tuple[str, str]] = set()
    broken = []
    for failure in failures:
        for picture in owners[failure.name].pictures:
            if picture.path != failure.picture or (picture.source, picture.field) in reported:
                continue
            reported.add((picture.source, picture.field))
            broken.append((picture, failure.reason))
    return broken


def _own_picture(article: Any, content: Path, shown: Callable[[str], str]) -> Picture | None:
    """The article's own raster picture, if it has one (an SVG gives a card without)."""
    value = getattr(article, "image", None)
    if not _is_raster(value):
        return None
    return Picture(str(content / value), shown(article.source_path), "Image", value)


def _is_raster(value: str | None) -> bool:
    return bool(value) and value.lower().endswith(RASTER)
