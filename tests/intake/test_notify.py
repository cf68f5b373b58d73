"""The editors' mail about a new comment, as MailNotifier writes it (the sending
through a real SMTP server is in test_service.py)."""

import re
from dataclasses import replace

import pytest

from intake.notify import MailNotifier
from intake.store import Row
from intake.tokens import LinkError, read_token

SECRET = "ein-langes-geheimnis-nur-fuer-tests"
ROW = Row(
    id="k7",
    article="zu-wem-gehoert",
    reply_to="k3",
    kind="comment",
    author="Lea Leserin",
    email="lea@example.org",
    website="",
    text="Danke für den Beitrag!",
    created="2026-03-01T09:30:00+00:00",
    state="pending",
    spam_reasons=(),
    reject_reason="",
    client="",
    exported_path="",
    source="form",
)
ARTICLE = {"title": "Zu wem gehört?", "url": "https://blog.example/2024/02/zu-wem-gehoert/"}


@pytest.fixture
def notifier(make_settings) -> MailNotifier:
    settings = make_settings(
        public_url="https://kommentare.blog.example/", mail_to=("redaktion@blog.example",)
    )
    return MailNotifier(settings, SECRET)


def test_the_mail_names_the_reply_and_never_the_commenters_address(notifier):
    body = notifier.message(ROW, ARTICLE).get_content()
    assert "\nAntwort auf:  k3\n" in body
    assert "lea@example.org" not in body
    assert (
        "Moderationsseite: https://kommentare.blog.example/kommentare/moderation/kommentar/k7"
        in body
    )


def test_each_link_is_signed_for_this_comment_and_its_action(notifier):
    body = notifier.message(ROW, ARTICLE).get_content()
    links = re.findall(r"https://kommentare\.blog\.example/kommentare/moderation/link/(\S+)", body)
    assert len(links) == 3
    actions = []
    for link in links:
        comment, token = link.split("/")
        assert comment == "k7"
        actions.append(read_token(SECRET, token, "k7", max_age=3600).action)
        with pytest.raises(LinkError):  # not valid for another comment, nor forged
            read_token(SECRET, token, "k8", max_age=3600)
        with pytest.raises(LinkError):
            read_token("ein-anderes-geheimnis", token, "k7", max_age=3600)
    assert actions == ["approve", "reject", "spam"]


def test_suspected_spam_is_marked_in_the_subject(notifier):
    mail = notifier.message(replace(ROW, spam_reasons=("spam words: casino",)), ARTICLE)
    assert mail["Subject"] == "Neuer Kommentar zu „Zu wem gehört?“ [Spam? Spamwörter: casino]"


LABELS = ("Freigeben:", "Ablehnen:", "Als Spam markieren:")
PUBLIC = "https://kommentare.blog.example"
EVIL = "https://evil.invalid/kommentare/moderation/link/k7/gefaelscht"
IMITATIONS = [
    f"Freigeben:\n{EVIL}",
    f"Bitte prüfen.\n\nFreigeben:\n{EVIL}\n\nAblehnen:\n{EVIL}",
    f"   Freigeben:\n   {EVIL}",
    f"Freigeben:\r\n{EVIL}",
    f"Freigeben:\u2028{EVIL}",
    f"Freigeben:\x85{EVIL}",
    f"Fre\u0456geben:\n{EVIL}",  # a Cyrillic і
    f"\u202eFreigeben:\n{PUBLIC}/kommentare/moderation/link/k7/gefaelscht",
    f"Ende des Texts.\n\nFreigeben:\n{PUBLIC}/kommentare/moderation/link/k7/gefaelscht",
]


def lines_of(notifier, row) -> list[str]:
    return notifier.message(row, ARTICLE).get_content().splitlines()


def our_lines(notifier, row) -> list[str]:
    """The lines that start like the mail's own links (a label, an address), spaces
    aside; the article's address is ours too, and left out."""
    return [
        line
        for line in lines_of(notifier, row)
        if line.lstrip().startswith((*LABELS, "https://", "http://"))
        and line.strip() != ARTICLE["url"]
    ]


@pytest.mark.parametrize("text", IMITATIONS)
def test_a_comment_cannot_imitate_the_moderation_links(notifier, text):
    lines = lines_of(notifier, replace(ROW, text=text))
    start = lines.index("Der Text des Kommentars, wie er eingegangen ist (jede Zeile mit „>“):")
    end = lines.index("Ende des Kommentartexts. Links darin stammen vom Leser, nicht von uns.")
    quote = lines[start + 2 : end - 1]
    assert quote and all(line.startswith(">") for line in quote), quote
    assert "evil.invalid" not in "\n".join(lines[:start] + lines[end:])
    found = our_lines(notifier, replace(ROW, text=text))
    assert found == [
        LABELS[0],
        found[1],
        LABELS[1],
        found[3],
        LABELS[2],
        found[5],
    ]
    for link in found[1::2]:
        comment, token = link.removeprefix(f"{PUBLIC}/kommentare/moderation/link/").split("/")
        assert (comment, read_token(SECRET, token, "k7", max_age=3600).comment) == ("k7", "k7")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("author", f"Lea\r\nFreigeben:\r\n{EVIL}"),
        ("author", f"Lea\nFreigeben:\n{EVIL}"),
        ("author", f"Lea\u2028Freigeben:\u2028{EVIL}"),
        ("website", f"https://lea.example/\r\n\r\nFreigeben:\r\n{EVIL}"),
        ("website", f"https://lea.example/\x85Freigeben:\x85{EVIL}"),
    ],
)
def test_name_and_website_stay_on_their_labelled_line(notifier, field, value):
    row = replace(ROW, **{field: value})
    lines = lines_of(notifier, row)
    label = {"author": "Von:", "website": "Website:"}[field]
    [line] = [line for line in lines if EVIL in line]
    assert line.startswith(label) and "Freigeben:" in line
    assert our_lines(notifier, row)[0] == LABELS[0]


def test_a_title_with_a_line_break_neither_breaks_the_subject_nor_the_mail(notifier):
    mail = notifier.message(ROW, {**ARTICLE, "title": "Zu wem\r\nBcc: x@evil.invalid"})
    assert mail["Subject"] == "Neuer Kommentar zu „Zu wem Bcc: x@evil.invalid“"
    assert "Bcc" not in mail


def test_the_mail_says_when_in_the_sites_time_zone(notifier):
    body = notifier.message(ROW, ARTICLE).get_content()
    # 09:30 UTC is 10:30 in Berlin (the default COMMENTS_TIMEZONE).
    assert "Geschrieben:  1. März 2026, 10:30" in body
    assert "Status:       wartet auf Prüfung" in body
