"""Webmention and pingback endpoints of the comment intake (WSGI, Werkzeug, no Pelican).

``POST …/webmention`` (W3C Webmention): ``source`` and ``target`` are checked at once
(400 with the reason when they are not http(s) URLs, are the same, or the target is no
article of ours that takes comments), the request is queued and committed, and the
answer is 202 with the status URL ``…/webmention/<token>`` in ``Location``; a GET of
that URL tells how the verification went.

``POST …/pingback`` (XML-RPC ``pingback.ping(source, target)``) is checked and queued
the same way and answered at once: the faults of what is checked at once (0x0010 the
source is no http(s) URL, 0x0020 no such target, 0x0021 the target takes no mentions,
0x0031 too many requests), else a success string. The verification runs later, as for
a Webmention (Pingback 1.0 leaves it to the server; a request thread that waited for it
would be held as long as the source takes).
"""

import json
import xmlrpc.client
from urllib.parse import urljoin, urlsplit

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from comments.settings import CommentsSettings
from intake.clients import fingerprint
from intake.events import NEW_COMMENT, Events
from intake.manifest import Manifest
from intake.store import Database
from intake.verify_mentions import Verifier, Worker
from mentions.fetcher import Fetcher
from mentions.pingback import (
    ACCESS_DENIED,
    NO_TARGET,
    SOURCE_MISSING,
    TARGET_CLOSED,
    XML_ERRORS,
)
from mentions.settings import MentionsSettings
from mentions.source import normalise

MAX_URL = 2000
METHOD_NOT_FOUND, INVALID_PARAMS, PARSE_ERROR = -32601, -32602, -32700


class Receiver:
    """The endpoints …/webmention (with …/webmention/<token>) and …/pingback of the intake."""

    def __init__(
        self,
        settings: MentionsSettings,
        comments: CommentsSettings,
        database: Database,
        manifest: Manifest,
        events: Events,
        secret: str,
    ) -> None:
        self.settings = settings
        self.site_url = comments.site_url
        self.window = comments.rate_window_seconds
        self.queue = database.mentions
        self.manifest = manifest
        self.secret = secret  # for the client fingerprints
        self.verifier = Verifier(
            database,
            comments,
            Fetcher(settings, comments.site_url),
            manifest.articles,
            lambda row, article: events.emit(NEW_COMMENT, row, article),
        )
        self.worker = Worker(self.verifier) if settings.worker else None

    def handle(self, request: Request, endpoint: str, values: dict) -> Response:
        """The answer of ``endpoint`` (webmention, status or pingback)."""
        if endpoint == "status":
            return self.status(values["token"])
        if request.method != "POST":
            return Response(
                "POST source and target here.", 405, {"Allow": "POST"}, mimetype="text/plain"
            )
        try:
            if endpoint == "pingback":
                return self.pingback(request)
            return self.webmention(request)
        except RequestEntityTooLarge:
            return _plain(400, "The request is too large.")

    # --- Webmention -------------------------------------------------------------------
    def webmention(self, request: Request) -> Response:
        if request.mimetype != "application/x-www-form-urlencoded":
            return _plain(400, "Send source and target as application/x-www-form-urlencoded.")
        form = request.form
        source, target = form.get("source", "").strip(), form.get("target", "").strip()
        problem, article = self.check(source, target)
        if problem:
            return _plain(400, problem[1])
        client = fingerprint(request.remote_addr or "", self.secret)
        if self.over_limit(client):
            return _plain(429, "Too many mentions in a short time; please try again later.")
        token = self.queue.enqueue(source, target, article, "webmention", client)
        if self.worker:
            self.worker.wake()
        # A path on the host the sender reached (behind the web server, the site's).
        status_url = f"{request.path.rstrip('/')}/{token}"
        return Response(
            f"Accepted for verification; the status is at {urljoin(request.url, status_url)}\n",
            202,
            {"Location": status_url},
            mimetype="text/plain",
        )

    def status(self, token: str) -> Response:
        found = self.queue.get(token)
        if found is None:
            return _plain(404, "There is no such Webmention.")
        body = {
            "status": found.status,
            "reason": found.reason,
            "source": found.source,
            "target": found.target,
        }
        return Response(json.dumps(body, ensure_ascii=False), 200, mimetype="application/json")

    # --- pingback -----------------------------------------------------------------------
    def pingback(self, request: Request) -> Response:
        try:
            params, method = xmlrpc.client.loads(
                request.get_data(cache=False), use_builtin_types=True
            )
        except XML_ERRORS:  # garbage, broken XML, or XML that is no call
            return _fault(PARSE_ERROR, "The request is no XML-RPC call.")
        if method != "pingback.ping":
            return _fault(METHOD_NOT_FOUND, f"There is no method {method!r}; try pingback.ping.")
        if len(params) != 2 or not all(isinstance(p, str) for p in params):
            return _fault(INVALID_PARAMS, "pingback.ping takes two strings: source and target.")
        source, target = (p.strip() for p in params)
        problem, article = self.check(source, target)
        if problem:
            return _fault(*problem)
        client = fingerprint(request.remote_addr or "", self.secret)
        if self.over_limit(client):
            return _fault(
                ACCESS_DENIED, "Too many pingbacks in a short time; please try again later."
            )
        self.queue.enqueue(source, target, article, "pingback", client)
        if self.worker:
            self.worker.wake()
        # Answered at once: a wait for the verification would hold a request thread.
        return _success(
            "Thank you; the pingback was received and is verified before it waits for moderation."
        )

    # --- shared ------------------------------------------------------------------------
    def check(self, source: str, target: str) -> tuple[tuple[int, str] | None, str]:
        """(fault code, reason) when the pair is refused at once, else the article slug."""
        for name, url in (("source", source), ("target", target)):
            if not url:
                return (
                    SOURCE_MISSING if name == "source" else NO_TARGET,
                    f"{name} is missing.",
                ), ""
            parts = urlsplit(url)
            if len(url) > MAX_URL or parts.scheme not in ("http", "https") or not parts.hostname:
                code = SOURCE_MISSING if name == "source" else NO_TARGET
                return (code, f"{name} must be an http or https URL."), ""
        if normalise(source) == normalise(target):
            return (SOURCE_MISSING, "source and target are the same URL."), ""
        slug = self.article_of(target)
        if not slug:
            return (NO_TARGET, "target is no article of this site."), ""
        if not self.manifest.articles()[slug].get("open"):
            return (TARGET_CLOSED, "The target article takes no mentions."), ""
        return None, slug

    def article_of(self, target: str) -> str:
        wanted = normalise(target)
        site = self.site_url.rstrip("/")
        articles = self.manifest.articles()
        for slug, article in articles.items():
            if normalise(f"{site}/{article.get('url', '')}") == wanted:
                return slug
        return ""

    def over_limit(self, client: str) -> bool:
        window = self.window
        return bool(self.settings.rate_limit) and (
            self.queue.recent_from(client, window) >= self.settings.rate_limit
        )


def _plain(status: int, message: str) -> Response:
    return Response(message + "\n", status, mimetype="text/plain")


def _success(message: str) -> Response:
    body = xmlrpc.client.dumps((message,), methodresponse=True)
    return Response(body, 200, mimetype="text/xml")


def _fault(code: int, message: str) -> Response:
    body = xmlrpc.client.dumps(xmlrpc.client.Fault(code, message), methodresponse=True)
    return Response(body, 200, mimetype="text/xml")
