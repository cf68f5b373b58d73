"""Webmention and pingback endpoints of the comment intake (WSGI, Werkzeug, no Pelican).

``POST …/webmention`` (W3C Webmention): ``source`` and ``target`` are checked at once
(400 with the reason when they are not http(s) URLs, are the same, or the target is no
article of ours that takes comments), the request is queued and committed, and the
answer is 202 with the status URL ``…/webmention/<token>`` in ``Location``; a GET of
that URL tells how the verification went.

``POST …/pingback`` (XML-RPC ``pingback.ping(source, target)``) is queued the same way;
the answer waits a few seconds for the verification and carries its fault code
(0x0010 source unreachable, 0x0011 no link, 0x0020 no such target, 0x0021 target takes
no mentions, 0x0030 already registered, 0x0031 too many requests, 0x0032 upstream
error); a verification that takes longer is answered as queued.
"""

import json
import re
import xmlrpc.client
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from xml.parsers.expat import ExpatError

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from comments.store import client_fingerprint
from comments.store.mentions import ACCEPTED, UNCHANGED
from mentions.fetcher import Fetcher
from mentions.settings import MentionsSettings
from mentions.source import normalise
from mentions.verify import Verifier, Worker

if TYPE_CHECKING:
    from comments.intake import IntakeApp

ROUTE = re.compile(r"(?:^|/)(?P<kind>webmention|pingback)(?:/(?P<token>[A-Za-z0-9_-]{8,64}))?$")
MAX_URL = 2000
XML_ERRORS = (ExpatError, xmlrpc.client.ResponseError, ValueError, TypeError, OverflowError)

SOURCE_MISSING, NO_TARGET, TARGET_CLOSED = 0x0010, 0x0020, 0x0021
ALREADY, DENIED, UPSTREAM = 0x0030, 0x0031, 0x0032
METHOD_NOT_FOUND, INVALID_PARAMS, PARSE_ERROR = -32601, -32602, -32700


class Receiver:
    """Mounted on the intake (``comments.intake.IntakeApp``) at …/webmention and …/pingback."""

    def __init__(self, intake: "IntakeApp", settings: MentionsSettings) -> None:
        self.intake = intake
        self.settings = settings
        self.queue = intake.database.mentions
        fetcher = Fetcher(settings, intake.settings.site_url)
        self.verifier = Verifier(
            intake.database,
            intake.settings,
            fetcher,
            intake.manifest.articles,
            lambda row, article: intake.events.emit("comments.new:after-save", row, article),
        )
        self.worker = Worker(self.verifier) if settings.worker else None

    def route(self, request: Request) -> Response | None:
        """The answer for a mentions path, None for every other path."""
        match = ROUTE.search(request.path.rstrip("/"))
        if match is None:
            return None
        if match["token"]:
            return self.status(match["token"]) if match["kind"] == "webmention" else None
        if request.method != "POST":
            return Response(
                "POST source and target here.", 405, {"Allow": "POST"}, mimetype="text/plain"
            )
        try:
            if match["kind"] == "pingback":
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
        client = client_fingerprint(request.remote_addr or "", self.intake.secret)
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
        client = client_fingerprint(request.remote_addr or "", self.intake.secret)
        if self.over_limit(client):
            return _fault(DENIED, "Too many pingbacks in a short time; please try again later.")
        token = self.queue.enqueue(source, target, article, "pingback", client)
        outcome = None
        if self.worker:
            self.worker.wake()
            outcome = self.worker.wait_for(token, self.settings.pingback_wait_seconds)
        if outcome is None:
            return _success("The pingback was received and is being verified.")
        if outcome.status == ACCEPTED:
            return _success("Thank you; the pingback waits for moderation.")
        if outcome.status == UNCHANGED:
            return _fault(ALREADY, "The pingback is registered already.")
        return _fault(outcome.fault or UPSTREAM, outcome.reason)

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
        if not self.intake.manifest.articles()[slug].get("open"):
            return (TARGET_CLOSED, "The target article takes no mentions."), ""
        return None, slug

    def article_of(self, target: str) -> str:
        wanted = normalise(target)
        site = self.intake.settings.site_url.rstrip("/")
        articles: Mapping[str, dict] = self.intake.manifest.articles()
        for slug, article in articles.items():
            if normalise(f"{site}/{article.get('url', '')}") == wanted:
                return slug
        return ""

    def over_limit(self, client: str) -> bool:
        window = self.intake.settings.rate_window_seconds
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
