"""The one way the intake and its tasks hand mail to the relay (``COMMENTS_SMTP_*``).

``Relay.session()`` is one connection (STARTTLS and log-in as the settings say) for as
many messages as the caller sends through it: the newsletter sends its batches that
way, single mails (``Relay.send``) open one each. ``Relay.send_later`` sends from a
thread of its own, so that no reader waits for the relay.
"""

import contextlib
import enum
import logging
import smtplib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from comments.settings import CommentsSettings

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 30


class Handover(enum.Enum):
    """What became of a message handed to the relay (``Relay.deliver``)."""

    SENT = "sent"
    LATER = "later"  # the relay holds nothing and may take it later: send it again
    REFUSED = "refused"  # a 5xx answer to the message: never again
    DOUBT = "doubt"  # the connection broke while it was handed over: it may be there


class Relay:
    def __init__(self, settings: CommentsSettings) -> None:
        self.settings = settings
        self._sending: set[threading.Thread] = set()  # send_later's, until each is done
        self._lock = threading.Lock()

    @property
    def configured(self) -> bool:
        return bool(self.settings.smtp_host)

    @contextmanager
    def session(self) -> Iterator[smtplib.SMTP]:
        with self._connect() as smtp:
            yield smtp

    def _connect(self) -> smtplib.SMTP:
        """A connection that stands: greeted, STARTTLS and logged in as the settings say."""
        settings = self.settings
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS)
        try:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage) -> None:
        """One message on a connection of its own; the relay's errors are raised."""
        with self.session() as smtp:
            smtp.send_message(message)

    def deliver(self, message: EmailMessage) -> tuple[Handover, str]:
        """One message on a connection of its own, and what became of it (with the
        relay's words). Until the session stands (connected, greeted, STARTTLS, logged
        in) nothing is handed over, so any failure there is LATER; the answers to the
        message itself decide between LATER (4xx) and REFUSED (5xx); a timeout or a lost
        connection while it travels is DOUBT. The answer to QUIT does not count: the
        relay has decided by then."""
        try:
            smtp = self._connect()
        except (OSError, smtplib.SMTPException) as error:
            return Handover.LATER, str(error)
        try:
            smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            later = bool(codes) and all(400 <= code < 500 for code in codes)
            return (Handover.LATER if later else Handover.REFUSED), str(error)
        except smtplib.SMTPResponseException as error:
            later = 400 <= error.smtp_code < 500
            return (Handover.LATER if later else Handover.REFUSED), str(error)
        except (OSError, smtplib.SMTPException) as error:
            return Handover.DOUBT, str(error)
        finally:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()
            smtp.close()
        return Handover.SENT, ""

    def send_later(self, message: EmailMessage, what: str) -> threading.Thread:
        """Send from a thread; a failure is logged with ``what`` (never the address)."""

        def run() -> None:
            try:
                self.send(message)
            except (OSError, smtplib.SMTPException) as error:
                logger.error("Could not send %s: %s", what, error)
            finally:
                with self._lock:
                    self._sending.discard(threading.current_thread())

        thread = threading.Thread(target=run, daemon=True, name="mail")
        with self._lock:
            self._sending.add(thread)
        try:
            thread.start()
        except BaseException:
            with self._lock:
                self._sending.discard(thread)
            raise
        return thread

    def finish(self, seconds: float = TIMEOUT_SECONDS) -> None:
        """Wait up to ``seconds`` for the mails ``send_later`` is still handing over: an
        intake that stops loses no confirmation it has promised a reader."""
        with self._lock:
            sending = list(self._sending)
        deadline = time.monotonic() + seconds
        for thread in sending:
            thread.join(max(0.0, deadline - time.monotonic()))
