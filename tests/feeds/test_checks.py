"""Characters no feed can carry are found with their file, field and line."""

import pytest

from feeds.checks import first_unfit_character, unfit_text_problem


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Normaler Text mit Umlauten äöü, „Anführung“ und Emoji 🙂", None),
        ("Tab\tZeile\nWagen\rRücklauf", None),
        ("Senkrechter\x0bTab", "\x0b"),
        ("Null\x00Byte", "\x00"),
        ("Escape \x1b[1m", "\x1b"),
        ("Nicht-Zeichen \ufffe", "\ufffe"),
        ("", None),
    ],
)
def test_characters_xml_forbids(text, found):
    assert first_unfit_character(text) == found


def test_a_problem_names_file_field_line_and_what_to_do():
    source = "Title: Gut\nSummary: Schlecht\x0c\n\nText.\n"
    problem = unfit_text_problem("content/2024/a.md", "Summary", "Schlecht\x0c", source)
    assert str(problem) == (
        'content/2024/a.md:2: "Summary" contains the control character U+000C, which a feed '
        "cannot carry (XML forbids it); expected text without control characters (delete it, "
        "or type a space instead)"
    )


def test_the_body_is_called_the_text_and_the_line_may_be_unknown():
    problem = unfit_text_problem("content/comments/a/1.md", "", "<p>x\x08</p>")
    assert str(problem).startswith("content/comments/a/1.md: the text contains the control")
    assert problem.line is None


def test_clean_text_is_no_problem():
    assert unfit_text_problem("content/a.md", "Title", "Sauber") is None
