"""E-mail to the editorial team when a comment arrives (subscribed to an event).

The mail says what to do next and never carries the commenter's e-mail address: it
would end up in mailboxes and archives the erase task cannot reach.
"""

import logging
import smtplib
import threading
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from comments.settings import CommentsSettings
from intake.store import Row
from intake.tokens import link_path
from newsroom.languages import language_name

logger = logging.getLogger(__name__)


class MailNotifier:
    """Sends one mail per new comment; in a thread, so readers do not wait for SMTP."""

    def __init__(self, settings: CommentsSettings, secret: str) -> None:
        self.settings = settings
        self.secret = secret  # signs the moderation links

    def __call__(self, row: Row, article: dict) -> None:
        thread = threading.Thread(target=self.send, args=(row, article), daemon=True)
        thread.start()

    def message(self, row: Row, article: dict) -> EmailMessage:
        mail = EmailMessage()
        spam = f" [Spam? {'; '.join(row.spam_reasons)}]" if row.spam_reasons else ""
        mail["Subject"] = f"Neuer Kommentar zu „{article.get('title', row.article)}“{spam}"
        mail["From"] = self.settings.mail_from
        mail["To"] = ", ".join(self.settings.mail_to)
        mail["Date"] = format_datetime(datetime.fromisoformat(row.created))
        mail["Message-ID"] = make_msgid("kommentar")
        website = f" ({row.website})" if row.website else ""
        reply = f"Antwort auf: {row.reply_to}\n" if row.reply_to else ""
        lang = article.get("lang")
        language = f"Sprache: {language_name(lang, self.settings.lang)}\n" if lang else ""
        mail.set_content(
            f"{row.author}{website} hat einen Kommentar geschrieben:\n\n"
            f"{row.text}\n\n"
            f"Beitrag: {article.get('title', row.article)}\n"
            f"         {article.get('url', '')}\n"
            f"{language}"
            f"{reply}"
            f"Status:  {row.state}{spam}\n\n"
            f"Freigeben:\n{self.link(row.id, 'approve')}\n\n"
            f"Ablehnen:\n{self.link(row.id, 'reject')}\n\n"
            f"Als Spam markieren:\n{self.link(row.id, 'spam')}\n\n"
            f"Die Links gelten {self.settings.link_max_age_seconds // 86400} Tage und "
            "fragen vor der Änderung noch einmal nach.\n"
            f"Moderationsseite: {self.public}/kommentare/moderation/kommentar/{row.id}\n"
            f"Auf dem Server:   invoke comments.approve {row.id} (oder reject, spam, show)\n"
        )
        return mail

    @property
    def public(self) -> str:
        return self.settings.public_url.rstrip("/")

    def link(self, comment_id: str, action: str) -> str:
        return self.public + link_path(self.secret, comment_id, action)

    def send(self, row: Row, article: dict) -> None:
        settings = self.settings
        try:
            with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
                if settings.smtp_starttls:
                    smtp.starttls()
                if settings.smtp_user:
                    smtp.login(settings.smtp_user, settings.smtp_password)
                smtp.send_message(self.message(row, article))
        except (OSError, smtplib.SMTPException) as error:
            logger.error("Could not send the notification for comment %s: %s", row.id, error)
