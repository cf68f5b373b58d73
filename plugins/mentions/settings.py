"""Settings of the mentions package (prefix ``MENTIONS_``).

The build and `invoke mentions.*` read them from pelicanconf.py/publishconf.py; the
intake service (no Pelican) from ``MENTIONS_*`` environment variables, the way the
comment intake reads ``COMMENTS_*`` (docs/comments.md, "Mentions").
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config

PREFIX = "MENTIONS_"


@dataclass(frozen=True)
class MentionsSettings:
    # --- fetching other sites (verification, discovery, sending) -------------------
    # Networks the fetcher may connect to although they are private, loopback or
    # otherwise not public, e.g. ("127.0.0.0/8",) for tests; "*" allows every address.
    allow_networks: tuple[str, ...] = ()
    timeout_seconds: float = 10.0  # for one whole fetch, redirects included
    max_bytes: int = 1024 * 1024  # a larger answer is refused
    max_redirects: int = 5
    user_agent: str = ""  # default: "Hafenlicht-Mentions (+<site URL>)"
    # --- receiving (the intake) -------------------------------------------------------
    # Whether the intake verifies queued mentions in a thread of its own; without it,
    # `invoke mentions.verify` (e.g. from a timer) does the work.
    worker: bool = True
    rate_limit: int = 20  # mentions per client address within COMMENTS_RATE_WINDOW_SECONDS
    # --- the build ----------------------------------------------------------------------
    # Advertised endpoints; "" derives them from COMMENTS_INTAKE_URL
    # (/kommentare/neu -> /kommentare/webmention and /kommentare/pingback).
    webmention_url: str = ""
    pingback_url: str = ""
    # --- sending -----------------------------------------------------------------------
    send: bool = False  # publishconf.py turns it on; development builds never notify
    # Where older versions kept the record of what was sent, below PATH: read once while
    # the publish state (publishing/publish_state.py) has none, never written.
    sent_path: str = ".mentions-sent.json"
    never_notify: tuple[str, ...] = ()  # host names (and their subdomains) never notified


def from_pelican(settings: Mapping[str, Any]) -> MentionsSettings:
    """The record from Pelican's settings (wrong types refused, typos warned about)."""
    return config.load(settings, PREFIX, MentionsSettings)


def from_environment(
    environ: Mapping[str, str] | None = None, base: MentionsSettings | None = None
) -> MentionsSettings:
    """``base`` with every ``MENTIONS_<FIELD>`` environment variable laid over it."""
    return config.from_environment(PREFIX, MentionsSettings, environ, base)


def endpoints(intake_url: str, site_url: str, settings: MentionsSettings) -> tuple[str, str]:
    """The advertised Webmention and pingback URLs ("" without an intake)."""
    from urllib.parse import urljoin

    if not intake_url:
        return "", ""
    base = intake_url if "://" in intake_url else f"{site_url.rstrip('/')}{intake_url}"
    return (
        settings.webmention_url or urljoin(base, "webmention"),
        settings.pingback_url or urljoin(base, "pingback"),
    )
