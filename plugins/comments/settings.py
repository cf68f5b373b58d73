"""Settings of the comments plugin and of its intake service (prefix ``COMMENTS_``).

One schema for both sides: the build reads it from pelicanconf.py/publishconf.py; the
intake service (a WSGI app without Pelican) gets the same record, built by
`invoke comments.serve` from a settings file, or in production from ``COMMENTS_*``
environment variables (docs/settings.md).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsroom import config, urls

PREFIX = "COMMENTS_"


@dataclass(frozen=True)
class CommentsSettings:
    # --- the site -------------------------------------------------------------------
    # Where the comment form posts; "" shows no form (never a dead form).
    intake_url: str = ""
    path: str = "comments"  # folder of approved comments below the content folder
    # The list of articles that take comments, written by the build for the intake.
    manifest_save_as: str = f"{urls.COMMENTS}/artikel.json"
    # The web server shows this page when the intake does not answer (502/503/504).
    unavailable_save_as: str = f"{urls.COMMENTS}/nicht-erreichbar.html"
    spam_question: str = "Wie viel ist drei plus vier?"
    # The question under the form of an article in another language, by its code.
    spam_questions: dict = field(default_factory=lambda: {"en": "What is three plus four?"})
    spam_answers: tuple[str, ...] = ("7", "sieben", "seven")
    privacy_url: str = "datenschutz/"  # linked from the consent checkbox
    # --- the intake service -----------------------------------------------------------
    db_path: str = "var/comments.sqlite3"
    # The intake never makes a missing queue file itself: with replication, a fresh empty
    # queue would be replicated over the lost machine's (hafenlicht-restore.service
    # restores it, or makes it when the replica is confirmed empty; docs/operations.md).
    db_must_exist: bool = False
    # postgresql://USER:PASSWORD@HOST:PORT/DATABASE: the queue on a PostgreSQL server that
    # several intake hosts share (docs/operations.md); "" keeps it in the file above.
    database_url: str = field(default="", repr=False)
    manifest_path: str = f"output/{urls.COMMENTS}/artikel.json"  # as deployed with the site
    # The list's address on the site (any publish target); "" reads manifest_path.
    manifest_url: str = ""
    manifest_max_age_seconds: int = 60  # a fetched list is used this long before asking again
    manifest_stale_seconds: int = 900  # without an answer of the site this long: unhealthy
    site_url: str = "http://localhost:8000"  # where readers are sent back to
    proxies: int = 0  # web servers in front of the intake that set X-Forwarded-For
    lang: str = "de"
    # The moderation page and the mails show times in it; `invoke comments.*` take the
    # site's TIMEZONE unless COMMENTS_TIMEZONE is given.
    timezone: str = "Europe/Berlin"
    theme_path: str = "theme"  # the translated messages
    max_name: int = 80
    max_email: int = 254
    max_website: int = 200
    max_text: int = 5000
    min_text: int = 3
    max_body_bytes: int = 64 * 1024  # a form post is far smaller; more is refused (400)
    rate_limit: int = 5  # comments per client address …
    rate_window_seconds: int = 600  # … within this many seconds
    max_links: int = 3  # more links mark a comment as spam
    spam_words: tuple[str, ...] = ("casino", "viagra", "crypto-bonus", "kredit ohne schufa")
    # --- moderation links, the moderation page, the sync ---------------------------------
    # The intake's public address: the links in the mails point there.
    public_url: str = "http://localhost:8090"
    # Signs the links in the mails; "" uses a random key kept in the queue file.
    secret_key: str = field(default="", repr=False)
    link_max_age_seconds: int = 7 * 24 * 3600  # a mail's links expire after a week
    session_seconds: int = 8 * 3600  # an editor's log-in on the moderation page
    login_limit: int = 5  # failed log-ins per address (and per name, twice that) …
    login_window_seconds: int = 900  # … within this many seconds
    sync_token: str = field(default="", repr=False)  # "" turns the machine export off
    # --- asking CI to sync and publish after a moderation (intake/ci_trigger.py) ---------
    dispatch_repository: str = ""  # GitHub's "owner/name": its repository_dispatch API
    dispatch_token: str = field(default="", repr=False)  # may write the repository's contents
    dispatch_url: str = ""  # another address for the same POST ("" with a repository: GitHub)
    dispatch_quiet_seconds: float = 10.0  # a call waits for the editors to pause this long …
    dispatch_max_wait_seconds: float = 60.0  # … but never longer after the first change
    smtp_host: str = ""  # no host: no notification mails
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_starttls: bool = False
    mail_from: str = "kommentare@localhost"
    mail_to: tuple[str, ...] = ()  # the editorial team


def from_pelican(settings: Mapping[str, Any]) -> CommentsSettings:
    """The record from Pelican's settings (wrong types refused, typos warned about)."""
    return config.load(settings, PREFIX, CommentsSettings)


def from_environment(
    environ: Mapping[str, str] | None = None, base: CommentsSettings | None = None
) -> CommentsSettings:
    """``base`` with every ``COMMENTS_<FIELD>`` environment variable laid over it."""
    return config.from_environment(PREFIX, CommentsSettings, environ, base)
