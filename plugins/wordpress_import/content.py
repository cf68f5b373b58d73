"""The text of each file the import writes, following README "Content conventions"."""

import re
from datetime import datetime

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
    lines = [f"Title: {_line(entry.title)}", f"Date: {_date(entry.date)}"]
    if entry.modified:
        lines.append(f"Modified: {_date(entry.modified)}")
    if len(entry.authors) > 1:
        lines.append(f"Authors: {', '.join(entry.authors)}")
    else:
        lines.append(f"Author: {entry.authors[0]}")
    lines.append(f"Category: {entry.category}")
    if entry.tags:
        lines.append(f"Tags: {', '.join(entry.tags)}")
    lines.append(f"Slug: {entry.slug}")
    if summary:
        lines.append(f"Summary: {_summary(summary)}")
    if image:
        lines.append(f"Image: {image}")
        if image_alt:
            lines.append(f"Image-Alt: {_line(image_alt)}")
    if entry.item.comment_status == "closed":
        lines.append("Comments: closed")
    if entry.status == "draft":
        lines.append("Status: draft")
    lines.append(f"Imported-From: {imported_from(entry)}")
    return "\n".join(lines) + "\n\n" + body


def imported_from(entry: Entry) -> str:
    """Where the item lived in WordPress (its permalink): the mark of an imported file."""
    return _line(entry.item.link or entry.item.guid) or f"WordPress, {entry.kind} {entry.item.id}"


def page(entry: Entry, body: str, summary: str) -> str:
    lines = [f"Title: {_line(entry.title)}", f"Slug: {entry.slug}"]
    if entry.parent:
        lines.append(f"Parent: {entry.parent}")
    if summary:
        lines.append(f"Summary: {_summary(summary)}")
    if entry.modified:
        lines.append(f"Modified: {_date(entry.modified)}")
    if entry.status != "published":
        lines.append("Status: draft")
    lines.append(f"Imported-From: {imported_from(entry)}")
    return "\n".join(lines) + "\n\n" + body


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
    lines = [f"Name: {author.display_name}"]
    for key, names, kind in PROFILE_LINKS:
        value = next((author.meta[n].strip() for n in names if author.meta.get(n, "").strip()), "")
        if kind == "handle" and value and not _URL.match(value):
            value = value if _HANDLE.match(value) else ""
        elif value and not _URL.match(value):
            value = ""
        if value:
            lines.append(f"{key}: {value}")
    bio = next(
        (author.meta[k] for k in ("description", "bio", "biography") if author.meta.get(k)), ""
    )
    return "\n".join(lines) + "\n\n" + (bio.strip() + "\n" if bio.strip() else "")
