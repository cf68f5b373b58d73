"""The text of each file the import writes, through the contract's one header writer."""

import re
from datetime import datetime

from newsroom.header_writer import HeaderValue, write_content
from newsroom.schema import Kind
from newsroom.slugs import slugify_german
from wordpress_import.model import Author
from wordpress_import.plan import Entry

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_HANDLE = re.compile(r"^@?[A-Za-z0-9_]{1,30}$")
SUMMARY_CHARACTERS = 190  # social cards show about 200


def _line(value: str) -> str:
    return " ".join(value.split())


def _date(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _summary(text: str) -> str:
    """One line of at most about 200 characters, cut after a word."""
    text = _line(text)
    if len(text) <= SUMMARY_CHARACTERS:
        return text
    return text[:SUMMARY_CHARACTERS].rsplit(" ", 1)[0].rstrip(",;:–-") + " …"


def article(entry: Entry, body: str, summary: str, image: str | None, image_alt: str = "") -> str:
    several = len(entry.authors) > 1
    values: dict[str, HeaderValue] = {
        "Title": entry.title,
        "Date": _date(entry.date),
        "Modified": _date(entry.modified) if entry.modified else None,
        "Authors": entry.authors if several else None,
        "Author": None if several else entry.authors[0],
        "Category": entry.category,
        "Tags": entry.tags or None,
        "Slug": entry.slug,
        "Summary": _summary(summary) if summary else None,
        "Image": image or None,
        "Image-Alt": image_alt if image and image_alt else None,
        "Comments": "closed" if entry.item.comment_status == "closed" else None,
        "Status": "draft" if entry.status == "draft" else None,
        "Imported-From": imported_from(entry),
    }
    return write_content(Kind.ARTICLE, values, body)


def imported_from(entry: Entry) -> str:
    """Where the item lived in WordPress (its permalink): the mark of an imported file."""
    return _line(entry.item.link or entry.item.guid) or f"WordPress, {entry.kind} {entry.item.id}"


def page(entry: Entry, body: str, summary: str) -> str:
    values: dict[str, HeaderValue] = {
        "Title": entry.title,
        "Slug": entry.slug,
        "Parent": entry.parent or None,
        "Summary": _summary(summary) if summary else None,
        "Modified": _date(entry.modified) if entry.modified else None,
        "Status": "draft" if entry.status != "published" else None,
        "Imported-From": imported_from(entry),
    }
    return write_content(Kind.PAGE, values, body)


PROFILE_LINKS = (
    ("Website", ("url", "user_url", "website"), "url"),
    ("X", ("twitter", "x"), "handle"),
    ("LinkedIn", ("linkedin",), "url"),
    ("XING", ("xing",), "url"),
    ("Mastodon", ("mastodon",), "url"),
)


def profile_slug(author: Author) -> str:
    return slugify_german(author.display_name) or slugify_german(author.login) or "autor"


def profile(author: Author) -> str:
    """A profile from wp:author: the display name, links and bio where the export has them."""
    values: dict[str, HeaderValue] = {"Name": author.display_name}
    for key, names, kind in PROFILE_LINKS:
        value = next((author.meta[n].strip() for n in names if author.meta.get(n, "").strip()), "")
        if kind == "handle" and value and not _URL.match(value):
            value = value if _HANDLE.match(value) else ""
        elif value and not _URL.match(value):
            value = ""
        if value:
            values[key] = value
    bio = next(
        (author.meta[k] for k in ("description", "bio", "biography") if author.meta.get(k)), ""
    )
    return write_content(Kind.PROFILE, values, bio.strip())
