"""`invoke mentions.*`: sending notifications for the built site (here) and verifying the
queue on the intake's machine (``intake.loop_tasks.verify``)."""

from pathlib import Path

from invoke import Collection, task

from intake.loop_tasks import verify
from mentions.after_publish import mention_settings, send_for_site
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
    project = Project(ROOT)
    pelican = project.read_settings(Path(settings) if settings else project.settings_publish)
    folder = Path(site or pelican["OUTPUT_PATH"])
    if not (folder / "kommentare" / "artikel.json").is_file():
        raise Refused(f"{folder} holds no built site; run `invoke preview` first.", 2)
    if not mention_settings(pelican).send:
        raise Refused("MENTIONS_SEND is off in these settings; nothing was sent.", 2)
    report = send_for_site(folder, pelican)
    if report.failed:
        raise Refused("", 1)


mentions = Collection("mentions")
for command in (send, verify):
    mentions.add_task(command)
