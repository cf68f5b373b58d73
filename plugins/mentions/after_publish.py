"""Sending notifications for the built site: the step of `invoke publish` (once the site is
live: the sites we notify fetch our page to check the link) and of `invoke mentions.send`.

The record of what was sent lives with the publish state at the target (key
``mentions`` of ``.publish-state.json``, ``publishing/publish_state.py``), never in the
checkout: a publish leaves git clean, and a fresh clone (CI) knows what was sent before.
A record kept by older versions in ``content/.mentions-sent.json`` (``MENTIONS_SENT_PATH``)
is read once, when the state has none, and never written again.
"""

import copy
import json
import logging
from collections.abc import Callable
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


def starting_record(state, pelican: dict) -> tuple[dict, Path | None]:
    """The record to start from, and the old file it came from (None: from the state)."""
    from mentions.send import checked_record, read_record
    from publishing.publish_state import MENTIONS

    legacy = Path(pelican["PATH"]) / mention_settings(pelican).sent_path
    if state is not None and MENTIONS in state.other:
        if legacy.is_file():
            print(
                f"Mentions: {legacy.name} is no longer read (the publish state keeps the "
                "record); delete it from git."
            )
        return checked_record(copy.deepcopy(state.other[MENTIONS])), None
    if legacy.is_file():
        print(
            f"Mentions: the record of sent mentions is read once from {legacy}; from now on "
            "it is kept with the publish state at the target (delete the file from git)."
        )
        return read_record(legacy), legacy
    return {"articles": {}}, None


def send_and_keep(site: Path, pelican: dict, state, save: Callable[[object], str]) -> object:
    """Notify the sites the articles of the built ``site`` link to and keep the record with
    the publish ``state`` through ``save`` (also when sending stops midway); the Report."""
    from mentions.fetcher import Fetcher
    from mentions.send import send_all
    from publishing.publish_state import MENTIONS, StateUnavailable

    settings = mention_settings(pelican)
    site_url = pelican["SITEURL"]
    record, migrated = starting_record(state, pelican)
    before = json.dumps(record, sort_keys=True)
    try:
        report = send_all(
            site, site_url, Fetcher(settings, site_url), record, settings.never_notify
        )
    finally:
        if migrated or json.dumps(record, sort_keys=True) != before:
            try:
                where = save(state.with_record(MENTIONS, record))
                print(f"  recorded with the publish state: {where}")
            except StateUnavailable as error:
                print(
                    f"Mentions: the record could not be kept ({error}); the next publish "
                    "notifies these sites again."
                )
    for source, target, reason in report.failed:
        print(f"  not delivered: {source} -> {target}: {reason}")
    print(report.summary())
    return report


def send_after_publish(site: Path, pelican: dict, state, save: Callable[[object], str]) -> None:
    """The step of `invoke publish`: never fails the deploy, off unless MENTIONS_SEND."""
    if not mention_settings(pelican).send:
        print("Mentions: not sent (MENTIONS_SEND is off).")
        return
    try:
        send_and_keep(site, pelican, state, save)
    except Exception as error:  # the site is live already; a mention is no reason to fail
        logger.exception("Sending mentions failed")
        print(f"Mentions: not sent ({error}); `invoke mentions.send` tries again.")
