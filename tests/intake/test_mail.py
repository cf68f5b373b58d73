"""What ``Relay.deliver`` makes of a relay's answers (a local aiosmtpd relay): a mail
is sent again only when the relay surely holds nothing."""

from dataclasses import replace
from email.message import EmailMessage

import pytest

from comments.settings import CommentsSettings
from conftest import free_port
from intake.mail import Handover, Relay
from mail_relay import running_relay


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "blog@hafenlicht.example"
    message["To"] = "lea@example.org"
    message["Subject"] = "Eine neue Antwort"
    message.set_content("Hallo Lea,\n\nTom hat geantwortet.\n")
    return message


def _deliver(port: int) -> Handover:
    settings = replace(CommentsSettings(), smtp_host="127.0.0.1", smtp_port=port)
    return Relay(settings).deliver(_message())[0]


@pytest.mark.parametrize(
    ("relay", "expected"),
    [
        ({}, Handover.SENT),
        ({"quit_answer": "421 4.4.2 Closing"}, Handover.SENT),  # it took the mail before
        ({"accept": 0}, Handover.LATER),  # DATA: "451 Please try again later"
        ({"accept": 0, "refusal": "554 5.7.1 Rejected"}, Handover.REFUSED),
        ({"rcpt_refusal": "450 4.2.1 Mailbox busy"}, Handover.LATER),
        ({"rcpt_refusal": "550 5.1.1 No such user"}, Handover.REFUSED),
    ],
)
def test_the_relays_answer_to_the_message_decides(relay, expected):
    with running_relay(**relay) as local:
        assert _deliver(local.port) == expected
        assert len(local.mails) == (1 if expected is Handover.SENT else 0)


def test_a_relay_that_cannot_be_reached_holds_nothing():
    assert _deliver(free_port()) == Handover.LATER  # nobody listens there
