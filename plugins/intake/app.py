"""The intake: a small WSGI application (Werkzeug) behind the site's web server.

Every endpoint is in one routing map (:data:`ROUTES`); each part is built with the few
things it uses (the queue, the settings, the build's list of articles, the events), not
with the whole application. No Pelican import: the service runs without the build.
"""

import logging
import time

from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import BaseConverter, Map, Rule
from werkzeug.wrappers import Request, Response

from comments.settings import CommentsSettings
from intake.ci_trigger import start_trigger
from intake.comment_form import FAULT_MESSAGE, CommentForm
from intake.events import NEW_COMMENT, Events
from intake.formdata import HARD_CAP_FACTOR
from intake.health import HEALTH_PATH, Health
from intake.manifest import open_manifest
from intake.moderation_pages import BASE, ModerationPages
from intake.notify import MailNotifier
from intake.pages import Pages
from intake.readers import READER_ROUTES, STOP_SECONDS, Readers
from intake.receive_mentions import Receiver
from intake.store import Database
from intake.sync import SYNC_PATH, SyncExport
from mentions.settings import MentionsSettings, from_environment
from readers.settings import ReadersSettings
from readers.settings import from_environment as readers_from_environment

logger = logging.getLogger(__name__)


class _Token(BaseConverter):
    """The status token of a Webmention (as the queue makes them)."""

    regex = r"[A-Za-z0-9_-]{8,64}"


# Every address the intake answers. The comment form takes every other path: its address
# is COMMENTS_INTAKE_URL, "/kommentare/neu" behind the web server, "/" when run alone.
# Mentions are answered below any prefix, so that both addresses work the same way.
ROUTES = Map(
    [
        Rule(BASE, endpoint="moderation.queue"),
        Rule(f"{BASE}/anmelden", endpoint="moderation.login", methods=["POST"]),
        Rule(f"{BASE}/abmelden", endpoint="moderation.logout", methods=["POST"]),
        Rule(f"{BASE}/kommentar/<comment_id>", endpoint="moderation.comment"),
        Rule(f"{BASE}/link/<comment_id>/<token>", endpoint="moderation.link"),
        Rule(f"{BASE}/static/<path:name>", endpoint="moderation.static"),
        Rule(SYNC_PATH, endpoint="sync"),
        Rule(HEALTH_PATH, endpoint="health"),
        Rule("/webmention", endpoint="mentions.webmention"),
        Rule("/<path:prefix>/webmention", endpoint="mentions.webmention"),
        Rule("/webmention/<token:token>", endpoint="mentions.status"),
        Rule("/<path:prefix>/webmention/<token:token>", endpoint="mentions.status"),
        Rule("/pingback", endpoint="mentions.pingback"),
        Rule("/<path:prefix>/pingback", endpoint="mentions.pingback"),
        *READER_ROUTES,
    ],
    converters={"token": _Token},
)


class IntakeApp:
    def __init__(
        self,
        settings: CommentsSettings,
        events: Events | None = None,
        secret: str | None = None,
        mentions: MentionsSettings | None = None,  # default: MENTIONS_* variables
        readers: ReadersSettings | None = None,  # default: READERS_* variables
    ) -> None:
        self.settings = settings
        self.database = Database.of(settings)
        self.store = self.database.comments
        self.manifest = open_manifest(settings)
        self.events = events or Events()
        # Client fingerprints use a secret kept in the queue: they cannot be turned back
        # into addresses, and all worker processes compute the same one.
        self.secret = secret or self.database.preferences.secret()
        # The mail links are signed with COMMENTS_SECRET_KEY (or the queue's own key).
        self.link_secret = settings.secret_key or self.secret
        self.pages = Pages(settings)
        readers = readers or readers_from_environment()
        self.form = CommentForm(
            settings,
            self.store,
            self.manifest,
            self.events,
            self.pages,
            self.secret,
            reply_interval_seconds=readers.reply_interval_seconds,
        )
        # CI is asked to publish what the editors changed (intake/ci_trigger.py).
        self.trigger = start_trigger(settings, self.database, self.events)
        self.moderation = ModerationPages(
            settings,
            self.database,
            self.manifest,
            self.pages,
            self.secret,
            self.link_secret,
            self.events,
            publishes_at_once=self.trigger is not None,
        )
        self.sync = SyncExport(settings.sync_token, self.database)
        self.health = Health(self.database, self.manifest)
        self.notifier = None  # the editors' mail of each new comment, with a relay
        if settings.smtp_host and settings.mail_to:
            self.notifier = MailNotifier(settings, self.link_secret)
            self.events.on(NEW_COMMENT, self.notifier)
        self.readers = Readers(
            settings,
            readers,
            self.database,
            self.manifest,
            self.events,
            self.secret,
            self.link_secret,
            self.moderation,
        )
        self.mentions = Receiver(
            mentions or from_environment(),
            settings,
            self.database,
            self.manifest,
            self.events,
            self.secret,
        )

    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except HTTPException as error:
            response = error.get_response(environ)
        except Exception:  # a fault of ours: logged, answered in the reader's language
            logger.exception("The intake failed to answer %s %s", request.method, request.path)
            response = self.fault(request)
        response.headers.setdefault("Cache-Control", "no-store")  # the theme's files differ
        response.headers["X-Content-Type-Options"] = "nosniff"
        # A page opened from a signed link sets no-referrer itself (reader_site.py): its
        # address must not reach even the site's own pages and their access log.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        origin = self.pages.site_origin
        # The refusal page loads only the site's stylesheet (and the fonts it names) and
        # posts only to us; the answer to that post redirects to the site, which
        # form-action must allow too.
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'none'; style-src {origin}; img-src {origin}; font-src {origin}; "
            f"form-action 'self' {origin}; frame-ancestors 'none'; base-uri 'none'",
        )
        # The dev site (localhost:8000) and the intake (localhost:8090) are two origins;
        # only the site's own may read the JSON answers of the script-enhanced form.
        if request.headers.get("Origin") == origin:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
        return response(environ, start_response)

    def close(self, seconds: float = STOP_SECONDS) -> None:
        """Stop the app's threads and wait for the mails it is still sending (a server
        that shuts down): the readers' and the editors' notices of new comments, all
        within ``seconds``. A newsletter send is not waited for: it resumes."""
        deadline = time.monotonic() + seconds
        self.readers.close(seconds)
        if self.notifier is not None:
            self.notifier.relay.finish(max(0.0, deadline - time.monotonic()))

    def dispatch(self, request: Request) -> Response:
        """The answer of the endpoint the path names (a trailing slash aside)."""
        adapter = ROUTES.bind_to_environ(request.environ)
        try:
            endpoint, values = adapter.match(request.path.rstrip("/") or "/", request.method)
        except NotFound:
            if request.path.startswith(f"{BASE}/"):
                raise  # no page of the moderation is a comment form
            endpoint, values = "form", {}
        request.endpoint = endpoint  # the fault page needs to know (Werkzeug leaves it unset)
        too_large = self.read_body(request, endpoint)
        if too_large:
            return too_large
        if endpoint == "form":
            return self.form.handle(request)
        part, _, name = endpoint.partition(".")
        values.pop("prefix", None)
        if part == "moderation":
            return self.moderation.handle(request, name, values)
        if part == "mentions":
            return self.mentions.handle(request, name, values)
        if part == "readers":
            return self.readers.handle(request, name, values)
        if part == "health":
            return self.health.handle(request)
        return self.sync.handle(request)

    def fault(self, request: Request) -> Response:
        """A 500 in the site's language instead of the WSGI server's English page; the
        comment form comes back with the reader's text (no JavaScript needed).

        The web server passes this answer on as it is (deploy/nginx.conf replaces only
        what it says itself), so it must never fail: without its template it is plain
        text, still with the text.
        """
        if getattr(request, "endpoint", "") == "form" and request.method == "POST":
            try:
                return self.form.failed(request)
            except Exception:  # the plain answer below still carries the text
                logger.exception("The page of the fault cannot be shown")
                text = (request.form.get("text") or "").strip()
                message = self.pages.gettext(FAULT_MESSAGE)
                return Response(f"{message}\n\n{text}\n", 500, mimetype="text/plain")
        message = self.pages.gettext("A fault on our side: please try again in a few minutes.")
        return Response(message + "\n", 500, mimetype="text/plain")

    def read_body(self, request: Request, endpoint: str) -> Response | None:
        """Read the body within the endpoint's limit before anything else; a 413 when it
        is larger (nothing more of it is read).

        The one limit for every endpoint, so that none parses what a web server in front
        would have refused: COMMENTS_MAX_BODY_BYTES, and for the comment form that many
        times over (it shows an overlong text again instead of losing it).
        """
        limit = self.settings.max_body_bytes
        if endpoint == "form":
            limit *= HARD_CAP_FACTOR
        # One byte over the limit is read: Werkzeug ends a body of unknown length (one
        # the server sent in chunks) at the limit without saying that more was there.
        request.max_content_length = request.max_form_memory_size = limit + 1
        try:
            too_large = len(request.get_data(cache=True)) > limit
        except RequestEntityTooLarge:
            too_large = True
        if too_large:
            message = self.pages.gettext("The request is too large.")
            return Response(message, 413, mimetype="text/plain")
        return None


class _ForwardedCheck:
    """Says once, loudly, when the proxy's X-Forwarded-For never reaches the intake.

    waitress drops the header unless it is started with ``--trusted-proxy``; every reader
    would then count as the web server, and the rate limit would hold for the whole site.
    """

    def __init__(self, app, proxies: int, intake: "IntakeApp") -> None:
        self.app, self.proxies, self.warned = app, proxies, False
        self.intake = intake

    def close(self) -> None:
        self.intake.close()

    def __call__(self, environ, start_response):
        posted = environ.get("REQUEST_METHOD") == "POST"
        if posted and not self.warned and "HTTP_X_FORWARDED_FOR" not in environ:
            self.warned = True
            logger.error(
                "COMMENTS_PROXIES=%d, but a request from %s has no X-Forwarded-For: every "
                "reader shares one rate limit. Let the web server set the header; waitress "
                "needs --trusted-proxy=%s --trusted-proxy-headers=x-forwarded-for "
                "--trusted-proxy-count=%d",
                self.proxies,
                environ.get("REMOTE_ADDR", "?"),
                environ.get("REMOTE_ADDR", "127.0.0.1"),
                self.proxies,
            )
        return self.app(environ, start_response)


def create_app(settings: CommentsSettings, proxies: int = 0, **options) -> object:
    """The WSGI callable; ``proxies`` web servers in front set X-Forwarded-For.

    The reader's address is the ``proxies``-th entry from the right of X-Forwarded-For:
    entries further left come from the reader and may be forged.
    """
    app = IntakeApp(settings, **options)
    return _ForwardedCheck(ProxyFix(app, x_for=proxies), proxies, app) if proxies else app
