"""Sending notifications for the built site: the step of `invoke publish` (once the site is
live: the sites we notify fetch our page to check the link) and of `invoke mentions.send`.
"""

import logging
from pathlib import Path

from mentions.settings import MentionsSettings, from_environment, from_pelican

logger = logging.getLogger(__name__)


def mention_settings(pelican: dict) -> MentionsSettings:
    """The MENTIONS_ settings of a settings file, with the environment laid over them."""
    return from_environment(base=from_pelican(pelican))


def endpoint_paths(pelican: dict) -> tuple[str, ...]:
    """The URL paths of the advertised endpoints, which the intake answers (no files)."""
    from urllib.parse import urlsplit

    from comments.settings import from_pelican as comments_settings
    from mentions.settings import endpoints

    found = endpoints(
        comments_settings(pelican).intake_url, pelican.get("SITEURL", ""), mention_settings(pelican)
    )
    return tuple(urlsplit(url).path for url in found if url)


def send_for_site(site: Path, pelican: dict) -> "object":
    """Notify the sites the articles of the built ``site`` link to; returns the Report."""
    from mentions.fetcher import Fetcher
    from mentions.send import send_all

    settings = mention_settings(pelican)
    site_url = pelican["SITEURL"]
    record = Path(pelican["PATH"]) / settings.sent_path
    report = send_all(site, site_url, Fetcher(settings, site_url), record, settings.never_notify)
    for source, target, reason in report.failed:
        print(f"  not delivered: {source} -> {target}: {reason}")
    print(report.summary())
    if report.sent or report.failed:
        print(f"  recorded in {record}; commit it with the content")
    return report


def send_after_publish(site: Path, pelican: dict) -> None:
    """The step of `invoke publish`: never fails the deploy, off unless MENTIONS_SEND."""
    if not mention_settings(pelican).send:
        print("Mentions: not sent (MENTIONS_SEND is off).")
        return
    try:
        send_for_site(site, pelican)
    except Exception as error:  # the site is live already; a mention is no reason to fail
        logger.exception("Sending mentions failed")
        print(f"Mentions: not sent ({error}); `invoke mentions.send` tries again.")
