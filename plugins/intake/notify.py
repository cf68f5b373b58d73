"""E-mail to the editorial team when a comment arrives (subscribed to an event).

The mail says what to do next and never carries the commenter's e-mail address: it
would end up in mailboxes and archives the erase task cannot reach.

What the reader wrote cannot pass for the mail's own links: their text is quoted and
framed (every line starts with "> ", between two lines that say whose text it is),
their name and website stand after a label on one line (``intake.mail_text``), so the
moderation links are the only lines that start with the action's name or with the
intake's address.
"""

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from comments.settings import CommentsSettings
from intake import labels
from intake.mail import Relay
from intake.mail_text import one_line, quoted
from intake.store import Row
from intake.tokens import link_path
from newsroom.i18n import N_, load_translations
from newsroom.languages import language_name
from newsroom.text import unquoted

# Webmentions, pingbacks and trackbacks wait in the same queue as comments.
MENTION_KINDS = {"mention": "Webmention", "pingback": "Pingback", "trackback": "Trackback"}
# The link lines of the mail: the action's label on a line of its own, the link below.
ACTIONS = (("approve", N_("Approve:")), ("reject", N_("Reject:")), ("spam", N_("Mark as spam:")))


class MailNotifier:
    """Sends one mail per new comment, from a thread of the relay (``Relay.send_later``),
    so that readers do not wait for SMTP and a stopping intake waits for it."""

    def __init__(self, settings: CommentsSettings, secret: str, relay: Relay | None = None):
        self.settings = settings
        self.secret = secret  # signs the moderation links
        self.relay = relay or Relay(settings)
        self.gettext = load_translations(Path(settings.theme_path), settings.lang).gettext

    def __call__(self, row: Row, article: dict) -> None:
        self.relay.send_later(self.message(row, article), f"the notification for comment {row.id}")

    def message(self, row: Row, article: dict) -> EmailMessage:
        _ = self.gettext
        title = unquoted(one_line(str(article.get("title") or row.article)))
        reasons = "; ".join(one_line(labels.spam_reason(reason, _)) for reason in row.spam_reasons)
        suspicion = _("Spam?")  # (no f-string: `invoke i18n` would not find the message)
        spam = f" [{suspicion} {reasons}]" if reasons else ""
        mail = EmailMessage()
        subject = (
            _("New mention of “%(title)s”")
            if row.kind in MENTION_KINDS
            else _("New comment on “%(title)s”")
        )
        mail["Subject"] = subject % {"title": title} + spam
        mail["From"] = self.settings.mail_from
        mail["To"] = ", ".join(self.settings.mail_to)
        mail["Date"] = format_datetime(datetime.fromisoformat(row.created))
        mail["Message-ID"] = make_msgid("kommentar")
        mail.set_content(self.body(row, article, title, reasons))
        return mail

    def body(self, row: Row, article: dict, title: str, reasons: str) -> str:
        _ = self.gettext
        lang = str(article.get("lang", ""))
        facts = [
            (_("Article"), title),
            ("", one_line(str(article.get("url", "")))),
            # The article's language (a translation has a thread of its own).
            (_("Language"), language_name(lang, self.settings.lang) if lang else ""),
            (_("From"), one_line(row.author)),
            (_("Website"), one_line(row.website)),
            (_("Reply to"), one_line(row.reply_to)),
            (_("Written"), labels.moment(row.created, self.settings.timezone, self.settings.lang)),
            (_("Status"), labels.state(row.state, _)),
            (_("Spam suspicion"), reasons),
        ]
        width = max(len(label) for label, _value in facts) + 2
        kind = MENTION_KINDS.get(row.kind)
        lines = [
            _("A new mention (%(kind)s) is waiting for your decision.") % {"kind": kind}
            if kind
            else _("A new comment is waiting for your decision."),
            "",
            *(
                f"{f'{label}:' if label else '':<{width}}{value}"
                for label, value in facts
                if value or not label
            ),
            "",
            _("The reader's text, as it arrived (every line marked with “>”):"),
            "",
            quoted(row.text),
            "",
            _("End of the reader's text. Links in it come from the reader, not from us."),
            "",
            _("Moderate: only the links below come from us; each starts with %(address)s")
            % {"address": f"{self.public}/kommentare/moderation/link/"},
            "",
        ]
        for action, label in ACTIONS:
            lines += [_(label), self.link(row.id, action), ""]
        days = self.settings.link_max_age_seconds // 86400
        lines += [
            _(
                "The links are valid for %(days)d days and ask once more before they change "
                "anything."
            )
            % {"days": days},
            _("Moderation page: %(address)s")
            % {"address": f"{self.public}/kommentare/moderation/kommentar/{row.id}"},
            _("On the server: %(command)s")
            % {"command": f"invoke comments.approve {row.id} (reject, spam, show)"},
        ]
        return "\n".join(lines) + "\n"

    @property
    def public(self) -> str:
        return self.settings.public_url.rstrip("/")

    def link(self, comment_id: str, action: str) -> str:
        return self.public + link_path(self.secret, comment_id, action)
