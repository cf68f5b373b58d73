"""The reader's words in the editors' mail: a table of hostile input and what it becomes."""

import pytest

from intake.mail_text import one_line, quoted

EVIL = "https://evil.invalid/kommentare/moderation/link/k7/abc"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Danke!", "> Danke!"),
        ("", ">"),
        (f"Freigeben:\n{EVIL}", f"> Freigeben:\n> {EVIL}"),
        (f"Freigeben:\r\n{EVIL}", f"> Freigeben:\n> {EVIL}"),
        (f"Freigeben:\r{EVIL}", f"> Freigeben:\n> {EVIL}"),
        (f"   Freigeben:\n   {EVIL}", f">    Freigeben:\n>    {EVIL}"),
        (f"\tFreigeben:\n\t{EVIL}", f">  Freigeben:\n>  {EVIL}"),
        # Line breaks a mail program may honour although they are no LF.
        (f"a\u2028Freigeben:\u2029{EVIL}", f"> a\n> Freigeben:\n> {EVIL}"),
        (f"a\x85Freigeben:\x0b{EVIL}\x0cb", f"> a\n> Freigeben:\n> {EVIL}\n> b"),
        (f"a\x1cFreigeben:\x1d{EVIL}\x1eb", f"> a\n> Freigeben:\n> {EVIL}\n> b"),
        # Look-alikes stay what they are, inside the quote.
        ("Fre\u0456geben:\nhttps://evil.invalid", "> Fre\u0456geben:\n> https://evil.invalid"),
        ("\uff26reigeben\uff1a", "> \uff26reigeben\uff1a"),
        # A right-to-left override would turn "> " around on the screen: shown instead.
        (f"\u202e{EVIL}", f"> [U+202E]{EVIL}"),
        ("\u2066x\u2069\u200b\u00ad", "> [U+2066]x[U+2069][U+200B][U+00AD]"),
        ("null\x00byte\x1b[31m", "> null[U+0000]byte[U+001B][31m"),
        ("> schon zitiert\n\nAbsatz", "> > schon zitiert\n>\n> Absatz"),
    ],
)
def test_every_line_of_a_text_is_quoted(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Lea Leserin", "Lea Leserin"),
        (f"Lea\r\nFreigeben:\r\n{EVIL}", f"Lea Freigeben: {EVIL}"),
        (f"Lea\u2028Freigeben:\u2029{EVIL}", f"Lea Freigeben: {EVIL}"),
        (f"Lea\x85{EVIL}", f"Lea {EVIL}"),
        ("  Lea   Leserin  ", "Lea Leserin"),
        ("Lea\u202eniresel", "Lea[U+202E]niresel"),
        ("https://lea.example/\r\nBcc: x@evil.invalid", "https://lea.example/ Bcc: x@evil.invalid"),
    ],
)
def test_a_single_line_value_stays_one_line(value, expected):
    assert one_line(value) == expected
