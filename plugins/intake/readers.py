"""The intake's endpoints for readers who come back (issue 34, docs/comments.md): one
object that hands each route of ``intake.app.ROUTES`` named ``readers.*`` to its part.

- ``intake.subscriptions``: the newsletter's form, double opt-in, unsubscribing;
- ``intake.newsletter_trigger``: CI asks the intake to send the newsletter;
- ``intake.replies``: reply notifications (asked for under the comment form);
- ``intake.readers_data``: "Meine Kommentare";
- ``intake.reports``: "Kommentar melden";
- ``intake.readers_desk``: the editors' pages for reports and subscribers.
"""

import time

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
from intake.replies import Replies, ReplyWatcher
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

# How long a stopping intake waits for its threads: with waitress's own 5 s for the
# requests under way, within the 30 s systemd gives it (deploy/hafenlicht-intake.service).
STOP_SECONDS = 20.0
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
        # Published replies are looked for in a thread; without a relay nobody is told.
        self.watcher = (
            ReplyWatcher(self.replies, readers.reply_check_seconds).start()
            if settings.smtp_host and readers.reply_check_seconds > 0
            else None
        )

    def handle(self, request: Request, endpoint: str, values: dict) -> Response:
        """The answer of ``endpoint`` (the part after ``readers.``)."""
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
            "data_export": lambda: self.data.export(token),
            "report": lambda: self.reports.show(request, values["article"], values["comment"]),
            "report_post": lambda: self.reports.receive(request),
        }
        return answers[endpoint]()

    def close(self, seconds: float = STOP_SECONDS) -> None:
        """End the thread that looks for published replies and wait for the readers'
        mails still being sent (confirmations, reply notices), all within ``seconds``
        (tests, shutdown)."""
        deadline = time.monotonic() + seconds
        if self.watcher is not None:
            self.watcher.stop(seconds)
        self.site.relay.finish(max(0.0, deadline - time.monotonic()))
