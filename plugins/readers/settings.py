"""Settings of what the site offers readers who come back (prefix ``READERS_``): the
newsletter, reply notifications, readers' own data and reports of comments.

The build reads them from pelicanconf.py/publishconf.py (whether the forms show); the
intake service and `invoke newsletter.*` read the same record, with ``READERS_*``
environment variables laid over it, the way ``COMMENTS_*`` are read
(docs/comments.md, docs/settings.md).
Mail goes through the intake's relay (``COMMENTS_SMTP_*``).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsroom import config

PREFIX = "READERS_"
SEND_MODES = ("never", "publish", "weekly")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# The intake remembers each mail for two days (intake.store.throttle.KEEP_MAIL_LOG): a
# longer interval would not be kept, and the pages would promise fewer mails than come.
LONGEST_REPLY_INTERVAL_SECONDS = 2 * 24 * 3600


@dataclass(frozen=True)
class ReadersSettings:
    # --- the newsletter ------------------------------------------------------------------
    newsletter: bool = True  # the subscribe form in the footer and under articles
    # When `invoke newsletter.send --auto` (CI after a publish, or a timer) sends: never,
    # after a publish that brought new articles, or once a week on newsletter_weekday.
    newsletter_send: str = "never"
    newsletter_weekday: str = "monday"
    newsletter_max_age_days: int = 14  # older articles are never news (an import, say)
    newsletter_max_articles: int = 20
    newsletter_batch_size: int = 50  # mails per connection to the relay
    newsletter_per_minute: int = 120  # the relay's rate limit
    newsletter_token: str = field(default="", repr=False)  # CI's POST; "" turns it off
    site_name: str = "Hafenlicht"  # in subjects and greetings
    # The provider's identification (§ 5 DDG) in every mail, lines separated by " | ";
    # `invoke newsletter.send` refuses to send an issue without it.
    impressum: str = ""
    impressum_url: str = "impressum/"  # the page, below the site's address
    # --- links and limits of every reader's mail -------------------------------------------
    confirm_max_age_seconds: int = 3 * 24 * 3600  # double opt-in links
    data_link_max_age_seconds: int = 24 * 3600  # "Meine Kommentare" links
    resend_window_seconds: int = 900  # no second mail to one address within this
    # Where a reader's answer to one of these mails goes (a public address such as the
    # Impressum's); "" sets no Reply-To, so answers go to the sender. Never defaults to
    # COMMENTS_MAIL_TO: that list is the moderators' own and may hold a person's address.
    reply_to: str = ""
    # --- reply notifications ----------------------------------------------------------------
    reply_interval_seconds: int = 3600  # at most one mail per thread and reader (≤ 2 days)
    reply_check_seconds: int = 60  # how often the intake looks for published replies


def from_pelican(settings: Mapping[str, Any]) -> ReadersSettings:
    """The record from Pelican's settings (wrong types refused, typos warned about)."""
    return checked(config.load(settings, PREFIX, ReadersSettings))


def from_environment(
    environ: Mapping[str, str] | None = None, base: ReadersSettings | None = None
) -> ReadersSettings:
    """``base`` with every ``READERS_<FIELD>`` environment variable laid over it."""
    return checked(config.from_environment(PREFIX, ReadersSettings, environ, base))


def checked(settings: ReadersSettings) -> ReadersSettings:
    """The record, when its choices are among the possible ones."""
    if settings.newsletter_send not in SEND_MODES:
        raise config.SettingsError(
            f"READERS_NEWSLETTER_SEND is {settings.newsletter_send!r}; expected one of "
            + ", ".join(SEND_MODES)
        )
    if settings.newsletter_weekday not in WEEKDAYS:
        raise config.SettingsError(
            f"READERS_NEWSLETTER_WEEKDAY is {settings.newsletter_weekday!r}; expected one of "
            + ", ".join(WEEKDAYS)
        )
    if settings.reply_to and (
        settings.reply_to.count("@") != 1 or any(c.isspace() for c in settings.reply_to)
    ):
        raise config.SettingsError(
            f"READERS_REPLY_TO is {settings.reply_to!r}; expected one e-mail address (or nothing)"
        )
    if not 0 <= settings.reply_interval_seconds <= LONGEST_REPLY_INTERVAL_SECONDS:
        raise config.SettingsError(
            f"READERS_REPLY_INTERVAL_SECONDS is {settings.reply_interval_seconds}; expected 0 "
            f"(a mail for each reply) to {LONGEST_REPLY_INTERVAL_SECONDS} seconds (two days)"
        )
    for name in ("newsletter_batch_size", "newsletter_per_minute", "newsletter_max_articles"):
        if getattr(settings, name) < 1:
            raise config.SettingsError(
                f"READERS_{name.upper()} is {getattr(settings, name)}; expected at least 1"
            )
    return settings


def impressum_lines(settings: ReadersSettings) -> list[str]:
    return [line.strip() for line in settings.impressum.split("|") if line.strip()]
