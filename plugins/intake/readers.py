"""The intake's endpoints for readers who come back (issue 34, docs/comments.md): one
object that hands each route of ``intake.app.ROUTES`` named ``readers.*`` to its part.

- ``intake.subscriptions``: the newsletter's form, double opt-in, unsubscribing;
- ``intake.newsletter_trigger``: CI asks the intake to send the newsletter;
- ``intake.replies``: reply notifications (asked for under the comment form);
- ``intake.readers_data``: "Meine Kommentare";
- ``intake.reports``: "Kommentar melden";
- ``intake.readers_desk``: the editors' pages for reports and subscribers.

What readers were promised is deleted after a time (an unconfirmed address after
``READERS_CONFIRM_MAX_AGE_SECONDS``, a "Meine Kommentare" request when its link expires)
goes without anybody posting a form: before every request that comes here, and in the
intake's own round (:class:`Rounds`, which also looks for published replies).
"""

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from comments.settings import CommentsSettings
from intake.events import REPLIES_WANTED, Events
from intake.manifest import Manifest
from intake.moderation_pages import BASE, ModerationPages
from intake.newsletter_trigger import SendTrigger
from intake.reader_site import ReaderSite
from intake.readers_data import ReadersData
from intake.readers_desk import ReadersDesk
from intake.replies import Replies
from intake.reports import ReportForm
from intake.store import Database
from intake.subscriptions import Subscriptions
from readers.addresses import (
    MY_DATA,
    NEWSLETTER,
    NEWSLETTER_CONFIRM,
    NEWSLETTER_OFF,
    NEWSLETTER_SEND,
    REPLIES_CONFIRM,
    REPLIES_OFF,
    REPLIES_OFF_ALL,
    REPORT,
)
from readers.settings import ReadersSettings

logger = logging.getLogger(__name__)
# How long a stopping intake waits for its threads: with waitress's own 5 s for the
# requests under way, within the 30 s systemd gives it (deploy/hafenlicht-intake.service).
STOP_SECONDS = 20.0
# How often the intake's round deletes what expired when it looks for no replies
# (READERS_REPLY_CHECK_SECONDS 0); otherwise it does so on every such look.
EXPIRY_SECONDS = 60.0
# The routes of intake.app.ROUTES that lead here (``readers.<endpoint>``).
READER_ROUTES = [
    Rule(NEWSLETTER, endpoint="readers.subscribe"),
    Rule(f"{NEWSLETTER_CONFIRM}/<token>", endpoint="readers.confirm"),
    Rule(f"{NEWSLETTER_OFF}/<token>", endpoint="readers.unsubscribe"),
    Rule(NEWSLETTER_SEND, endpoint="readers.send"),
    Rule(f"{REPLIES_CONFIRM}/<token>", endpoint="readers.replies_confirm"),
    Rule(f"{REPLIES_OFF}/<token>", endpoint="readers.replies_off"),
    Rule(f"{REPLIES_OFF_ALL}/<token>", endpoint="readers.replies_off_all"),
    Rule(MY_DATA, endpoint="readers.data"),
    Rule(f"{MY_DATA}/<token>", endpoint="readers.data_page"),
    Rule(f"{MY_DATA}/<token>/export", endpoint="readers.data_export"),
    Rule(REPORT, endpoint="readers.report_post"),
    Rule(f"{REPORT}/<article>/<comment>", endpoint="readers.report"),
    Rule(f"{BASE}/meldungen", endpoint="readers.desk.reports"),
    Rule(f"{BASE}/meldung/<report_id>", endpoint="readers.desk.report"),
    Rule(f"{BASE}/abonnenten", endpoint="readers.desk.subscribers"),
]


class Readers:
    def __init__(
        self,
        settings: CommentsSettings,
        readers: ReadersSettings,
        database: Database,
        manifest: Manifest,
        events: Events,
        secret: str,
        link_secret: str,
        moderation: ModerationPages,
    ) -> None:
        self.site = ReaderSite(settings, readers, database, manifest, secret, link_secret)
        self.subscriptions = Subscriptions(self.site)
        self.trigger = SendTrigger(self.site)
        self.replies = Replies(self.site)
        self.data = ReadersData(self.site)
        self.reports = ReportForm(self.site)
        self.desk = ReadersDesk(self.site, moderation)
        events.on(REPLIES_WANTED, self.replies.wanted)
        # The intake's round: what expired is deleted, and published replies are looked
        # for. Without a relay nobody is told, and no address arrives that could expire.
        steps: list[Callable[[threading.Event], object]] = [lambda _stop: self.forget_expired()]
        if readers.reply_check_seconds > 0:
            steps.append(self.replies.check)
        self.rounds = (
            Rounds(steps, readers.reply_check_seconds or EXPIRY_SECONDS).start()
            if settings.smtp_host
            else None
        )

    def forget_expired(self) -> dict[str, int]:
        return forget_expired(self.site.database, self.site.readers)

    def handle(self, request: Request, endpoint: str, values: dict) -> Response:
        """The answer of ``endpoint`` (the part after ``readers.``)."""
        # Cheap (a few indexed deletes), and what any page here shows or counts is then
        # free of what expired, however long the intake was idle.
        self.forget_expired()
        if endpoint.startswith("desk."):
            return self.desk.handle(request, endpoint.removeprefix("desk."), values)
        token = values.get("token", "")
        answers = {
            "subscribe": lambda: self.subscriptions.subscribe(request),
            "confirm": lambda: self.subscriptions.confirm(request, token),
            "unsubscribe": lambda: self.subscriptions.unsubscribe(request, token),
            "send": lambda: self.trigger.handle(request),
            "replies_confirm": lambda: self.replies.confirm(request, token),
            "replies_off": lambda: self.replies.unsubscribe(request, token, "thread"),
            "replies_off_all": lambda: self.replies.unsubscribe(request, token, "all"),
            "data": lambda: self.data.form(request),
            "data_page": lambda: self.data.page(request, token),
            "data_export": lambda: self.data.export(request, token),
            "report": lambda: self.reports.show(request, values["article"], values["comment"]),
            "report_post": lambda: self.reports.receive(request),
        }
        return answers[endpoint]()

    def close(self, seconds: float = STOP_SECONDS) -> None:
        """End the intake's round (expiry, published replies) and wait for the readers'
        mails still being sent (confirmations, reply notices), all within ``seconds``
        (tests, shutdown)."""
        deadline = time.monotonic() + seconds
        if self.rounds is not None:
            self.rounds.stop(seconds)
        self.site.relay.finish(max(0.0, deadline - time.monotonic()))


def forget_expired(database: Database, readers: ReadersSettings) -> dict[str, int]:
    """Delete what expired by the readers' settings (``Database.forget_expired``); the
    intake's requests and round, and `invoke newsletter.*` before they count."""
    forgotten = database.forget_expired(
        timedelta(seconds=readers.confirm_max_age_seconds),
        timedelta(seconds=readers.data_link_max_age_seconds),
    )
    if any(forgotten.values()):
        shown = ", ".join(f"{n} from {table}" for table, n in forgotten.items() if n)
        logger.info("Deleted what expired: %s", shown)
    return forgotten


class Rounds:
    """A thread that runs each step every ``seconds`` (a step is given the event that
    ``stop()`` sets, so that it can end early); one step's fault does not stop the rest."""

    def __init__(self, steps: list[Callable[[threading.Event], object]], seconds: float) -> None:
        self.steps = steps
        self.seconds = seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="readers")

    def start(self) -> "Rounds":
        self._thread.start()
        return self

    def stop(self, seconds: float = 30) -> None:
        self._stop.set()
        self._thread.join(timeout=seconds)

    def _run(self) -> None:
        while not self._stop.wait(self.seconds):
            for step in self.steps:
                if self._stop.is_set():
                    break
                try:
                    step(self._stop)
                except Exception:  # logged; the next round tries again
                    logger.exception("A step of the readers' round failed")
