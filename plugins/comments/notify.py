"""E-mail to the editorial team when a comment arrives (subscribed to an event)."""

import logging
import smtplib
import threading
from email.message import EmailMessage

from comments.settings import CommentsSettings
from comments.store import Row

logger = logging.getLogger(__name__)


class MailNotifier:
    """Sends one mail per new comment; in a thread, so readers do not wait for SMTP."""

    def __init__(self, settings: CommentsSettings) -> None:
        self.settings = settings

    def __call__(self, row: Row, article_title: str) -> None:
        thread = threading.Thread(target=self.send, args=(row, article_title), daemon=True)
        thread.start()

    def message(self, row: Row, article_title: str) -> EmailMessage:
        mail = EmailMessage()
        spam = f" [Spam? {', '.join(row.spam_reasons)}]" if row.spam_reasons else ""
        mail["Subject"] = f"Neuer Kommentar zu „{article_title}“{spam}"
        mail["From"] = self.settings.mail_from
        mail["To"] = ", ".join(self.settings.mail_to)
        mail.set_content(
            f"{row.author} hat am {row.created} einen Kommentar geschrieben:\n\n"
            f"{row.text}\n\n"
            f"Beitrag: {self.settings.site_url.rstrip('/')}/ ({row.article})\n"
            f"Status: {row.state}\n\n"
            f"Freigeben:  invoke comments.approve {row.id}\n"
            f'Ablehnen:   invoke comments.reject {row.id} --reason "…"\n'
            f"Anzeigen:   invoke comments.show {row.id}\n"
        )
        return mail

    def send(self, row: Row, article_title: str) -> None:
        settings = self.settings
        try:
            with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
                if settings.smtp_starttls:
                    smtp.starttls()
                if settings.smtp_user:
                    smtp.login(settings.smtp_user, settings.smtp_password)
                smtp.send_message(self.message(row, article_title))
        except (OSError, smtplib.SMTPException) as error:
            logger.error("Could not send the notification for comment %s: %s", row.id, error)
