"""`invoke mentions.*`: sending notifications for the built site, verifying the queue.

`invoke publish` calls :func:`send_after_publish` once the site is live (the sites we
notify fetch our page to check the link).
"""

import logging
from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parents[2]
logger = logging.getLogger(__name__)


def _settings(pelican: dict):
    from mentions.settings import from_environment, from_pelican

    return from_environment(base=from_pelican(pelican))


def endpoint_paths(pelican: dict) -> tuple[str, ...]:
    """The URL paths of the advertised endpoints, which the intake answers (no files)."""
    from urllib.parse import urlsplit

    from comments.settings import from_pelican as comments_settings
    from mentions.settings import endpoints

    found = endpoints(
        comments_settings(pelican).intake_url, pelican.get("SITEURL", ""), _settings(pelican)
    )
    return tuple(urlsplit(url).path for url in found if url)


def send_for_site(site: Path, pelican: dict) -> "object":
    """Notify the sites the articles of the built ``site`` link to; returns the Report."""
    from mentions.fetcher import Fetcher
    from mentions.send import send_all

    settings = _settings(pelican)
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
    if not _settings(pelican).send:
        print("Mentions: not sent (MENTIONS_SEND is off).")
        return
    try:
        send_for_site(site, pelican)
    except Exception as error:  # the site is live already; a mention is no reason to fail
        logger.exception("Sending mentions failed")
        print(f"Mentions: not sent ({error}); `invoke mentions.send` tries again.")


@task(
    help={
        "site": "the built production site (default: OUTPUT_PATH, e.g. after `invoke preview`)",
        "settings": "settings file (default: publishconf.py)",
    }
)
def send(c, site="", settings=""):
    """Notify the sites our articles link to (Webmention, else pingback), once per change."""
    from pelican.settings import read_settings

    pelican = read_settings(str(settings or ROOT / "publishconf.py"))
    folder = Path(site or pelican["OUTPUT_PATH"])
    if not (folder / "kommentare" / "artikel.json").is_file():
        raise Exit(f"{folder} holds no built site; run `invoke preview` first.", code=2)
    if not _settings(pelican).send:
        raise Exit("MENTIONS_SEND is off in these settings; nothing was sent.", code=2)
    report = send_for_site(folder, pelican)
    if report.failed:
        raise Exit(code=1)


@task(help={"settings": "settings file (default: pelicanconf.py)"})
def verify(c, settings=""):
    """Verify the queued Webmentions and pingbacks (when the intake runs no worker)."""
    from intake.app import Manifest
    from intake.tasks import _Project
    from intake.verify_mentions import Verifier
    from mentions.fetcher import Fetcher

    project = _Project(settings)
    comments = project.comments
    database = project.database()
    manifest = Manifest(comments.manifest_path)
    fetcher = Fetcher(_settings(project.pelican), comments.site_url)
    done = Verifier(database, comments, fetcher, manifest.articles).verify_all()
    for request, outcome in done:
        print(f"  {request.source} -> {request.target}: {outcome.status}. {outcome.reason}")
    print(f"{len(done)} mention{'' if len(done) == 1 else 's'} verified")


mentions = Collection("mentions")
for command in (send, verify):
    mentions.add_task(command)
