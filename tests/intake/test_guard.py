"""What the guard refuses (with the field to fix) and what it only marks as spam."""

import pytest

from comments.settings import CommentsSettings
from intake.guard import Submission, check, spam_reasons

SETTINGS = CommentsSettings()
ARTICLES = {
    "artikel": {"url": "2024/01/artikel/", "open": True, "comments": ["20240101-100000-ab12cd"]},
    "zu": {"url": "2024/01/zu/", "open": False, "comments": []},
}
GOOD = {
    "article": "artikel",
    "author": "Leserin",
    "email": "l@example.org",
    "website": "",
    "text": "Ein guter Kommentar.",
    "answer": "7",
    "consent": "yes",
    "homepage": "",
}


def verdict(settings=SETTINGS, **changes):
    return check(Submission.from_form({**GOOD, **changes}), settings, ARTICLES)


def test_a_good_submission_passes():
    assert verdict().ok
    assert verdict(answer=" Sieben ").ok
    assert verdict(answer="7.").ok
    assert verdict(reply_to="20240101-100000-ab12cd", website="https://l.example/ü?a=1").ok
    assert verdict(text="Zeile eins\r\nZeile zwei\n\tmit Tab").ok


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"homepage": "http://spam.example"}, 400, "homepage"),
        ({"article": "gibt-es-nicht"}, 404, "article"),
        ({"article": ""}, 404, "article"),
        ({"article": "zu"}, 403, "article"),
        ({"author": ""}, 400, "author"),
        ({"author": "   "}, 400, "author"),
        ({"email": ""}, 400, "email"),
        ({"email": "kein-at"}, 400, "email"),
        ({"email": "a@b"}, 400, "email"),
        ({"text": ""}, 400, "text"),
        ({"text": "ok"}, 400, "text"),
        ({"text": "x" * 5001}, 400, "text"),
        ({"author": "x" * 81}, 400, "author"),
        ({"email": "x" * 250 + "@a.de"}, 400, "email"),
        ({"website": "https://" + "x" * 200}, 400, "website"),
        ({"website": "ftp://x.example"}, 400, "website"),
        ({"website": "javascript:alert(1)"}, 400, "website"),
        ({"website": 'https://x.example/"onmouseover="alert(1)'}, 400, "website"),
        ({"author": "Name\nDate: 2020-01-01"}, 400, "author"),
        ({"text": "Nullbyte \x00 im Text"}, 400, "text"),
        ({"reply_to": "gibt-es-nicht"}, 400, "reply_to"),
        ({"reply_to": '"><script>'}, 400, "reply_to"),
        ({"answer": "8"}, 400, "answer"),
        ({"answer": ""}, 400, "answer"),
        ({"consent": ""}, 400, "consent"),
    ],
)
def test_refusals_name_the_field(changes, status, field):
    result = verdict(**changes)
    assert not result.ok
    assert (result.status, result.field) == (status, field)
    assert result.reason


def test_limits_and_the_question_are_settings():
    from dataclasses import replace

    strict = replace(SETTINGS, max_text=10, spam_answers=("blau",))
    assert verdict(strict, text="elf Zeichen", answer="blau").field == "text"
    assert verdict(strict, text="zehn Zeich", answer="Blau").ok


def test_spam_reasons():
    links = Submission.from_form({**GOOD, "text": "http://a http://b http://c www.d"})
    assert spam_reasons(links, SETTINGS, False) == ("4 links (more than 3)",)
    words = Submission.from_form({**GOOD, "text": "Bestes CASINO der Stadt"})
    assert spam_reasons(words, SETTINGS, False) == ("spam words: casino",)
    in_name = Submission.from_form({**GOOD, "author": "Kredit ohne Schufa"})
    assert spam_reasons(in_name, SETTINGS, False) == ("spam words: kredit ohne schufa",)
    assert spam_reasons(Submission.from_form(GOOD), SETTINGS, True) == ("duplicate text",)
    assert spam_reasons(Submission.from_form(GOOD), SETTINGS, False) == ()
