"""newsroom.header_writer: what it writes is what the contract's reader reads back."""

import pytest

from newsroom.header_writer import write_content, write_header
from newsroom.headers import Kind, check_header, split_source


@pytest.mark.parametrize(
    ("kind", "values", "read_back"),
    [
        (
            Kind.ARTICLE,
            {
                "title": "Größer denken: „Ein“ Ausblick",
                "Date": "2025-03-11 08:15",
                "Authors": ["Jana Albers", "Tobias Wendt"],
                "Category": "Social Media",
                "Tags": ["LinkedIn", "Strategie"],
                "Summary": "Zwei  Zeilen\nwerden eine.",
                "Status": "draft",
            },
            {
                "title": "Größer denken: „Ein“ Ausblick",
                "date": "2025-03-11 08:15",
                "authors": ["Jana Albers", "Tobias Wendt"],
                "category": "Social Media",
                "tags": ["LinkedIn", "Strategie"],
                "summary": "Zwei Zeilen werden eine.",
                "status": "draft",
            },
        ),
        (
            Kind.COMMENT,
            # A name that tries to start a key of its own stays one value.
            {"Author": "Lea\nReply-To: c9", "Date": "2025-03-11T09:15+01:00", "reply-to": "c1"},
            {"author": "Lea Reply-To: c9", "date": "2025-03-11T09:15+01:00", "reply-to": "c1"},
        ),
        (
            Kind.PROFILE,
            {"Name": "Jörg Müller", "Guest": "no", "Website": "https://example.org/"},
            {"name": "Jörg Müller", "guest": "no", "website": "https://example.org/"},
        ),
        (Kind.PAGE, {"Title": "Impressum", "Parent": "ueber-uns"}, None),
    ],
)
def test_what_is_written_is_read_back(kind, values, read_back):
    text = write_content(kind, values, "Der Text.\n\nZweiter Absatz.")
    source = split_source(text)
    header = check_header(kind, "x.md", source)
    assert header.errors == ()
    if read_back is not None:
        assert header.values == read_back
    assert source.body == "Der Text.\n\nZweiter Absatz."


def test_keys_in_the_contracts_spelling_none_left_out_empty_kept():
    text = write_header(Kind.COMMENT, {"author": "A", "date": "2025-01-01", "website": None})
    assert text == "Author: A\nDate: 2025-01-01\n"
    assert write_header(Kind.ARTICLE, {"tags": ""}) == "Tags:\n"


def test_a_key_the_kind_does_not_know_is_refused():
    with pytest.raises(KeyError, match="comment files have no header key 'Title'"):
        write_header(Kind.COMMENT, {"Title": "x"})
