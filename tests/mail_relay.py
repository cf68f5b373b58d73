"""A local SMTP relay for the tests (aiosmtpd on 127.0.0.1): it keeps every mail it
accepts, and can be told to stop taking mail after a number of them, the way a real
relay asks a sender to come back later (421/451) or goes away."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller

from conftest import free_port


@dataclass
class Relay:
    port: int
    mails: list[EmailMessage] = field(default_factory=list)
    connections: list[tuple] = field(default_factory=list)  # the sender's end of each mail's
    recipients: list[list[str]] = field(default_factory=list)  # each mail's envelope (RCPT TO)
    accept: int | None = None  # accept this many mails, then refuse with `refusal`
    refusal: str = "451 4.3.2 Please try again later"
    delay: float = 0.0  # seconds before each answer to DATA (a slow relay)
    rcpt_refusal: str | None = None  # the answer to every RCPT TO, instead of taking it
    quit_answer: str = "221 Bye"  # a relay that answers QUIT otherwise after taking a mail

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802 (aiosmtpd)
        if self.rcpt_refusal:
            return self.rcpt_refusal
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        return self.quit_answer

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        if self.delay:
            import asyncio

            await asyncio.sleep(self.delay)
        if self.accept is not None and len(self.mails) >= self.accept:
            return self.refusal
        self.mails.append(message_from_bytes(envelope.content, policy=default_policy))
        self.connections.append(session.peer)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [mail for mail in self.mails if mail["To"] == address]

    def wait(self, count: int, seconds: float = 20) -> list[EmailMessage]:
        """The mails, once there are at least ``count`` (polled, with a deadline)."""
        wait_for(lambda: len(self.mails) >= count, seconds, f"{count} mails at the relay")
        return self.mails


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.05)


@contextmanager
def running_relay(**options) -> Iterator[Relay]:
    relay = Relay(free_port(), **options)
    controller = Controller(relay, hostname="127.0.0.1", port=relay.port)
    controller.start()
    try:
        yield relay
    finally:
        controller.stop()


def text_of(mail: EmailMessage) -> str:
    return mail.get_body(("plain",)).get_content()


def html_of(mail: EmailMessage) -> str:
    return mail.get_body(("html",)).get_content()
