"""The addresses of the intake's pages for readers, one home for the site and the intake."""

from urllib.parse import urlsplit

NEWSLETTER = "/kommentare/newsletter"
NEWSLETTER_CONFIRM = f"{NEWSLETTER}/bestaetigen"
NEWSLETTER_OFF = f"{NEWSLETTER}/abmelden"
NEWSLETTER_SEND = f"{NEWSLETTER}/senden"
REPLIES = "/kommentare/antworten"
REPLIES_CONFIRM = f"{REPLIES}/bestaetigen"
REPLIES_OFF = f"{REPLIES}/abmelden"
REPLIES_OFF_ALL = f"{REPLIES}/alle-abmelden"
MY_DATA = "/kommentare/meine-daten"
REPORT = "/kommentare/melden"
# What the site's partials post to or link, by the name they use (reader_address()).
FORMS = {"newsletter": NEWSLETTER, "replies": REPLIES, "my_data": MY_DATA, "report": REPORT}


def intake_address(intake_url: str, path: str) -> str:
    """``path`` on the intake that takes the comment form at ``intake_url``: on its host
    when that is an absolute address (``http://localhost:8090/`` while developing), else
    on the site's own host (``/kommentare/neu`` behind the web server); "" without one."""
    if not intake_url:
        return ""
    parts = urlsplit(intake_url)
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.netloc else path


def service_paths(intake_url: str) -> tuple[str, ...]:
    """The paths of the site below which the intake answers the readers' forms and links
    (``invoke check`` finds no file there, and must not ask for one): the site's own
    paths when the intake is behind the site's web server, none when it is elsewhere."""
    found = (urlsplit(intake_address(intake_url, path)) for path in FORMS.values())
    return tuple(parts.path for parts in found if intake_url and not parts.netloc)
