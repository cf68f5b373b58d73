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
    assert "Antwort auf: k3" in body
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
    assert mail["Subject"] == "Neuer Kommentar zu „Zu wem gehört?“ [Spam? spam words: casino]"
