import pytest

from newsroom.labels import kind_label
from newsroom.text import plain_text, pretty_url, reading_minutes, shorten, unquoted


def test_plain_text_strips_tags_and_decodes_entities():
    assert plain_text("<p>Ein &bdquo;Zitat&ldquo;</p>\n<p>und  mehr</p>") == "Ein „Zitat“ und mehr"


@pytest.mark.parametrize(("words", "minutes"), [(1, 1), (200, 1), (201, 2), (1000, 5)])
def test_reading_minutes_rounds_up_and_is_at_least_one(words, minutes):
    assert reading_minutes("<p>" + "wort " * words + "</p>") == minutes


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("kurz", 10, "kurz"),
        ("Ein ziemlich langer Satz über Kommunikation", 20, "Ein ziemlich langer…"),
        ("Wort, Wort, Wort", 12, "Wort, Wort…"),
    ],
)
def test_shorten_cuts_at_word_boundaries(text, limit, expected):
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


@pytest.mark.parametrize(
    ("output_file", "url"),
    [
        ("index.html", ""),
        ("2024/05/slug/index.html", "2024/05/slug/"),
        ("thema/x/seite/2/index.html", "thema/x/seite/2/"),
        ("404.html", "404.html"),
    ],
)
def test_pretty_url(output_file, url):
    assert pretty_url(output_file) == url


@pytest.mark.parametrize(
    ("article_type", "disclosure", "label"),
    [
        (None, [], None),
        ("article", ["partner"], None),
        ("interview", [], "Interview"),
        ("guest", ["guest-opinion"], "Guest article"),
        ("interview", ["sponsored", "partner"], "Advertisement"),
    ],
)
def test_kind_label_puts_advertising_first(article_type, disclosure, label):
    assert kind_label(article_type, disclosure) == label


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "„Wir haben angefangen, bevor alles perfekt war“",
            "Wir haben angefangen, bevor alles perfekt war",
        ),
        ('"We started before everything was perfect"', "We started before everything was perfect"),
        ("“Quoted” in English", "“Quoted” in English"),  # not the whole title
        ("„Ja“ und „Nein“", "„Ja“ und „Nein“"),  # two quotations
        ("Kein Zitat", "Kein Zitat"),
        ('"', '"'),
        ("", ""),
    ],
)
def test_a_title_that_is_one_quotation_is_not_quoted_twice(title, expected):
    assert unquoted(title) == expected
