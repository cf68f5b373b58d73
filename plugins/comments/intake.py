"""The comment intake: a small WSGI application (Werkzeug) behind the site's web server.

It takes the form POST, checks it (comments.guard), commits it to the moderation queue
(comments.store) and only then answers: a 303 back to the article, where the
moderation promise is shown, or JSON for the script-enhanced form. Refused input gets
a 4xx page in the reader's language with the form filled in again, so no text is lost.
No Pelican import: the service runs without the build.
"""

import json
import logging
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Request, Response

from comments.events import Events
from comments.formdata import FormData, read_form
from comments.guard import Submission, Verdict, check, spam_reasons
from comments.model import State
from comments.moderation_web import BASE, ModerationPages
from comments.notify import MailNotifier
from comments.settings import CommentsSettings
from comments.store import Database, NewComment, RateLimited, client_fingerprint
from comments.sync import SYNC_PATH, SyncExport
from newsroom.i18n import N_, load_translations

logger = logging.getLogger(__name__)

NEW_COMMENT = "comments.new:after-save"  # (row, article) once the comment is committed
THANKS_ANCHOR = "kommentar-eingegangen"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class Manifest:
    """The build's list of articles (``kommentare/artikel.json``), re-read when it changes.

    A file that cannot be read (missing, or caught half-copied by a deployment tool that
    does not replace files atomically) keeps the last good list and is logged.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._stamp: tuple[int, int, int] | None = None
        self._articles: dict[str, dict] = {}

    def articles(self) -> dict[str, dict]:
        try:
            status = self.path.stat()
            stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
            if stamp != self._stamp:
                self._articles = json.loads(self.path.read_text(encoding="utf-8"))["articles"]
                self._stamp = stamp
        except (OSError, ValueError, KeyError, TypeError) as error:
            logger.error(
                "The article list %s cannot be read (%s); build and deploy the site",
                self.path,
                error,
            )
        return self._articles


class IntakeApp:
    def __init__(
        self,
        settings: CommentsSettings,
        events: Events | None = None,
        secret: str | None = None,
        mentions=None,  # MentionsSettings; default: from MENTIONS_* environment variables
    ) -> None:
        self.settings = settings
        self.database = Database(settings.db_path)
        self.store = self.database.comments
        self.manifest = Manifest(settings.manifest_path)
        self.events = events or Events()
        # Client fingerprints use a secret kept in the queue: they cannot be turned back
        # into addresses, and all worker processes compute the same one.
        self.secret = secret or self.database.preferences.secret()
        translations = load_translations(Path(settings.theme_path), settings.lang)
        self.gettext = translations.gettext
        templates = Environment(
            loader=FileSystemLoader(Path(settings.theme_path) / "templates"),
            autoescape=select_autoescape(default=True),
            extensions=["jinja2.ext.i18n"],
        )
        templates.install_gettext_translations(translations, newstyle=True)
        self.templates = templates
        self.page = templates.get_template("comments_intake.html")
        self.site_origin = _origin(settings.site_url)
        # The mail links are signed with COMMENTS_SECRET_KEY (or the queue's own key).
        self.link_secret = settings.secret_key or self.secret
        self.moderation = ModerationPages(self)
        self.sync = SyncExport(self)
        if settings.smtp_host and settings.mail_to:
            self.events.on(NEW_COMMENT, MailNotifier(settings, self.link_secret))
        # Webmention and pingback at …/webmention and …/pingback (the mentions package).
        from mentions.receive import Receiver
        from mentions.settings import from_environment

        self.mentions = Receiver(self, mentions or from_environment())

    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except HTTPException as error:
            response = error.get_response(environ)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        # The refusal page loads only the site's stylesheet and posts only to us; the
        # answer to that post redirects to the site, which form-action must allow too.
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'none'; style-src {self.site_origin}; img-src {self.site_origin}; "
            f"form-action 'self' {self.site_origin}; frame-ancestors 'none'; base-uri 'none'",
        )
        # The dev site (localhost:8000) and the intake (localhost:8090) are two origins;
        # only the site's own may read the JSON answers of the script-enhanced form.
        if request.headers.get("Origin") == self.site_origin:
            response.headers["Access-Control-Allow-Origin"] = self.site_origin
            response.headers["Vary"] = "Origin"
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        mounted = self.mentions.route(request)
        if mounted is not None:
            return mounted
        if request.path == BASE or request.path.startswith(f"{BASE}/"):
            return self.moderation.handle(request)
        if request.path == SYNC_PATH:
            return self.sync.handle(request)
        if request.method != "POST":
            return Response(
                self.gettext("Comments are sent with the form under each article."),
                status=405,
                headers={"Allow": "POST"},
                mimetype="text/plain",
            )
        if request.mimetype not in FORM_TYPES:
            return self.plain(400, N_("The request is not a form."))
        data = read_form(request, self.settings.max_body_bytes)
        if data.form is None:
            return self.plain(413, N_("The request is too large."))
        if "article" not in data.form:  # nothing our form sends, e.g. garbage bytes
            return self.plain(400, N_("The request is not a form."))
        submission = Submission.from_form(data.form)
        articles = self.manifest.articles()
        verdict = self.read_verdict(data, submission) or check(submission, self.settings, articles)
        if not verdict.ok:
            return self.refuse(request, submission, verdict, articles)
        return self.accept(request, submission, articles)

    def accept(self, request: Request, submission: Submission, articles: dict) -> Response:
        """Store a comment that passed the checks (as spam when it looks like it), then
        answer; only the rate limit can still refuse it."""
        reasons = spam_reasons(
            submission, self.settings, self.store.has_text(submission.article, submission.text)
        )
        new = NewComment(
            article=submission.article,
            author=submission.author,
            text=submission.text,
            email=submission.email,
            website=submission.website,
            reply_to=submission.reply_to,
            state=State.SPAM if reasons else State.PENDING,
            spam_reasons=reasons,
            client=client_fingerprint(request.remote_addr or "", self.secret),
        )
        try:
            comment_id = self.store.add(
                new, self.settings.rate_limit, self.settings.rate_window_seconds
            )
        except RateLimited:
            verdict = Verdict.refuse(
                429,
                N_("You have written many comments in a short time; please wait a few minutes."),
                "text",
            )
            return self.refuse(request, submission, verdict, articles)
        # Committed: from here on nothing may turn the answer into an error.
        self.store.forget_clients(timedelta(seconds=self.settings.rate_window_seconds * 2))
        article = articles[submission.article]
        self.events.emit(
            NEW_COMMENT,
            self.store.get(comment_id),
            {**article, "url": self.article_url(article)},
        )
        logger.info("Comment %s for %s queued as %s", comment_id, submission.article, new.state)
        return self.thanks(request, comment_id, article)

    def thanks(self, request: Request, comment_id: str, article: dict) -> Response:
        promise = self.gettext(
            "Thank you! Your comment will be checked by the editorial team "
            "and published within 24 hours."
        )
        if _wants_json(request):
            return Response(
                json.dumps(
                    {"status": "pending", "id": comment_id, "message": promise}, ensure_ascii=False
                ),
                status=201,
                mimetype="application/json",
            )
        target = f"{self.article_url(article)}#{THANKS_ANCHOR}"
        return Response(status=303, headers={"Location": target})

    def read_verdict(self, data: FormData, submission: Submission) -> Verdict | None:
        """A refusal for what went wrong in reading the form; None when nothing did."""
        if data.undecodable:
            return Verdict.refuse(
                400,
                N_(
                    "This field contains characters that could not be read "
                    "(the browser did not send UTF-8); please check them."
                ),
                data.undecodable,
            )
        if data.too_large:
            limits = {
                "author": self.settings.max_name,
                "email": self.settings.max_email,
                "website": self.settings.max_website,
                "text": self.settings.max_text,
            }
            longest = max(limits, key=lambda name: len(getattr(submission, name)))
            return Verdict.refuse(
                400,
                N_("This field is too long (at most %(limit)d characters)."),
                longest,
                limit=limits[longest],
            )
        return None

    def article_url(self, article: dict) -> str:
        return f"{self.settings.site_url.rstrip('/')}/{article['url']}"

    def refuse(
        self, request: Request, submission: Submission, verdict: Verdict, articles: dict
    ) -> Response:
        message = self.gettext(verdict.reason) % dict(verdict.values or {})
        if _wants_json(request):
            return Response(
                json.dumps(
                    {"status": "refused", "field": verdict.field, "message": message},
                    ensure_ascii=False,
                ),
                status=verdict.status,
                mimetype="application/json",
            )
        article = articles.get(submission.article)
        html = self.page.render(
            message=message,
            field=verdict.field,
            submission=submission,
            article_url=self.article_url(article) if article else self.settings.site_url,
            article_title=article.get("title", "") if article else "",
            site_url=self.settings.site_url.rstrip("/"),
            lang=self.settings.lang,
            action=request.path,
            spam_question=self.settings.spam_question,
            privacy_url=f"{self.settings.site_url.rstrip('/')}/{self.settings.privacy_url}",
            limits=self.settings,
        )
        return Response(html, status=verdict.status, mimetype="text/html")

    def plain(self, status: int, message: str) -> Response:
        return Response(self.gettext(message), status=status, mimetype="text/plain")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _wants_json(request: Request) -> bool:
    return request.accept_mimetypes.best == "application/json"


class _ForwardedCheck:
    """Says once, loudly, when the proxy's X-Forwarded-For never reaches the intake.

    waitress drops the header unless it is started with ``--trusted-proxy``; every reader
    would then count as the web server, and the rate limit would hold for the whole site.
    """

    def __init__(self, app, proxies: int) -> None:
        self.app, self.proxies, self.warned = app, proxies, False

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
    return _ForwardedCheck(ProxyFix(app, x_for=proxies), proxies) if proxies else app
