"""Entry ids: RFC 4151 tag URIs that survive title edits, https and new hosts."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from feeds.ids import comment_id, entry_id, feed_id

PUBLISHED = datetime(2024, 4, 22, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
# RFC 4151: "tag:" taggingEntity ":" specific [ "#" fragment ]
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+$")


def test_entry_id_is_a_tag_uri_from_domain_date_and_source_path():
    assert entry_id("blog.hafenlicht.example", PUBLISHED, "2024/krise.md") == (
        "tag:blog.hafenlicht.example,2024-04-22:2024/krise"
    )


def test_the_day_is_the_publication_day_in_the_sites_time_zone():
    just_after_midnight = datetime(2024, 4, 22, 0, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert ",2024-04-22:" in entry_id("blog.example", just_after_midnight, "a.md")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("2024/größer denken.md", "2024/gr%C3%B6%C3%9Fer%20denken"),
        ("archiv/2019/alt.markdown", "archiv/2019/alt"),
    ],
)
def test_any_file_name_gives_a_valid_uri(source, expected):
    made = entry_id("blog.example", PUBLISHED, source)
    assert made.endswith(f":{expected}")
    assert TAG_URI.match(made), made


def test_comment_and_feed_ids():
    assert comment_id("blog.example", PUBLISHED, "2024/krise.md", "20240422-094711-3c8f12") == (
        "tag:blog.example,2024-04-22:2024/krise/comment-20240422-094711-3c8f12"
    )
    assert feed_id("blog.example", "kategorie/pr/atom.xml") == (
        "tag:blog.example,2014:kategorie/pr/atom.xml"
    )
    assert TAG_URI.match(feed_id("blog.example", "feeds/atom.xml"))
