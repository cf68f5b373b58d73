"""`invoke mentions.*`: sending notifications for the built site (here) and verifying the
queue on the intake's machine (``intake.loop_tasks.verify``)."""

import re
from pathlib import Path

from invoke import Collection, task

from intake.loop_tasks import verify
from mentions.after_publish import mention_settings, send_and_keep
from publishing.cli import refusing
from publishing.project import SETTINGS_HELP, Project, Refused

ROOT = Path(__file__).resolve().parents[2]


@task(
    help={
        "site": "the built production site (default: OUTPUT_PATH, e.g. after `invoke preview`)",
        "settings": SETTINGS_HELP["production"],
    }
)
@refusing
def send(c, settings="", site=""):
    """Notify the sites our articles link to (Webmention, else pingback), once per change."""
    from publishing.publish_state import StateUnavailable, read_state, save_state
    from publishing.settings import from_pelican as publishing_settings

    project = Project(ROOT)
    pelican = project.read_settings(Path(settings) if settings else project.settings_publish)
    folder = Path(site or pelican["OUTPUT_PATH"])
    if not (folder / "kommentare" / "artikel.json").is_file():
        raise Refused(f"{folder} holds no built site; run `invoke preview` first.", 2)
    if not mention_settings(pelican).send:
        raise Refused("MENTIONS_SEND is off in these settings; nothing was sent.", 2)
    built_for = site_address(folder)
    if built_for != pelican["SITEURL"].rstrip("/"):
        # A site built for another address (`SITEURL=http://localhost:8000 invoke preview`)
        # would name its own pages as other sites and record them as failed at the target.
        raise Refused(
            f"{folder} was built for {built_for or 'no address'}, not for "
            f"{pelican['SITEURL']}: build it with `invoke preview` (no SITEURL set) first.",
            2,
        )
    # The record of what was sent is kept with the last publish at the target.
    publishing = publishing_settings(pelican)
    try:
        state = read_state(publishing, project.checkout)
    except StateUnavailable as error:
        raise Refused(f"The publish state at the target could not be read: {error}", 1) from None
    if state is None:
        raise Refused(
            f"Nothing was published to the target ({publishing.target}) yet: "
            "`invoke publish` sends the mentions itself.",
            2,
        )
    report = send_and_keep(
        folder, pelican, state, lambda kept: save_state(publishing, project.checkout, kept)
    )
    if report.failed:
        raise Refused("", 1)


def site_address(folder: Path) -> str:
    """The address a built site was made for: its home page's canonical link, or ""."""
    try:
        home = (folder / "index.html").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    found = _CANONICAL.search(home)
    return found[1].rstrip("/") if found else ""


_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')

mentions = Collection("mentions")
for command in (send, verify):
    mentions.add_task(command)
