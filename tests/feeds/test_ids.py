from datetime import datetime
from zoneinfo import ZoneInfo

from feeds.ids import comment_id, entry_id

PUBLISHED = datetime(2024, 4, 22, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_entry_id_is_a_tag_uri_from_domain_date_and_source_path():
    assert entry_id("blog.hafenlicht.example", PUBLISHED, "2024/krise.md") == (
        "tag:blog.hafenlicht.example,2024-04-22:2024/krise"
    )


def test_ids_do_not_depend_on_title_or_scheme():
    # The id is made of what does not change when a title is edited or https arrives.
    assert entry_id("blog.example", PUBLISHED, "2024/krise.md") == entry_id(
        "blog.example", PUBLISHED, "2024/krise.md"
    )
    assert comment_id("blog.example", PUBLISHED, "2024/krise.md", "c3").endswith(
        "2024/krise/comment-c3"
    )
