"""wordpress_import.content: every file the import writes reads back through the contract."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from newsroom.headers import Kind, check_header, split_source
from wordpress_import.content import article, page, profile
from wordpress_import.model import Author, Item
from wordpress_import.plan import Entry

BERLIN = ZoneInfo("Europe/Berlin")
JANA = {"url": "https://jana.example/", "twitter": "@jana", "description": " Bio. "}


def entry(**changes) -> Entry:
    item = Item(
        id=7, type="post", title="", link="https://alt.example/2019/03/hafen/", guid="",
        creator="jana", content="", excerpt="", date="", date_gmt="", modified="",
        modified_gmt="", name="hafen", status="publish", parent=0, password="", sticky=False,
        terms=(), meta={}, attachment_url="", line=12, comment_status="closed",
    )  # fmt: skip
    values = dict(
        item=item, kind="post", title="Hafen\nim  Nebel", slug="hafen-im-nebel",
        path="2019/hafen-im-nebel.md", url="/2019/03/hafen-im-nebel/", status="draft",
        date=datetime(2019, 3, 4, 10, 0, tzinfo=BERLIN),
        modified=datetime(2019, 3, 5, 9, 30, tzinfo=BERLIN),
        authors=["Jana Albers", "Tobias Wendt"], category="Social Media",
        tags=["LinkedIn", "Recht"],
    )  # fmt: skip
    return Entry(**{**values, **changes})


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            Kind.ARTICLE,
            article(entry(), "Text.\n", "Kurz gesagt.", "images/2019/03/hafen.jpg", "Ein Hafen"),
            {
                "title": "Hafen im Nebel",
                "authors": ["Jana Albers", "Tobias Wendt"],
                "category": "Social Media",
                "tags": ["LinkedIn", "Recht"],
                "slug": "hafen-im-nebel",
                "summary": "Kurz gesagt.",
                "image": "images/2019/03/hafen.jpg",
                "image-alt": "Ein Hafen",
                "comments": "closed",
                "status": "draft",
                "imported-from": "https://alt.example/2019/03/hafen/",
            },
        ),
        (
            Kind.PAGE,
            page(entry(kind="page", parent="ueber-uns", status="published"), "Text.\n", ""),
            {"title": "Hafen im Nebel", "slug": "hafen-im-nebel", "parent": "ueber-uns"},
        ),
        (
            Kind.PROFILE,
            profile(Author("jana", "Jana Albers", meta=JANA)),
            {"name": "Jana Albers", "website": "https://jana.example/", "x": "@jana"},
        ),
    ],
)
def test_what_the_import_writes_reads_back_without_errors(kind, text, expected):
    source = split_source(text)
    header = check_header(kind, "x.md", source)
    assert header.errors == ()
    assert expected.items() <= header.values.items()
