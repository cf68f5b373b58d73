"""The comment form's POST: checked, committed to the queue, then answered.

It takes the form POST, checks it (intake.guard), commits it to the moderation queue
(intake.store) and only then answers: a 303 back to the article, where the
moderation promise is shown, or JSON for the script-enhanced form. Refused input gets
a 4xx page in the reader's language with the form filled in again, so no text is lost.
"""

import json
import logging
from datetime import timedelta

from werkzeug.wrappers import Request, Response

from comments.model import State
from comments.settings import CommentsSettings
from intake.clients import fingerprint
from intake.events import NEW_COMMENT, REPLIES_WANTED, Events
from intake.formdata import FormData, read_form
from intake.guard import DUPLICATE_TEXT, Submission, Verdict, check, spam_reasons
from intake.manifest import Manifest
from intake.pages import Pages
from intake.store import AlreadyThere, Comments, NewComment, RateLimited
from newsroom.i18n import N_

logger = logging.getLogger(__name__)

THANKS_ANCHOR = "kommentar-eingegangen"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
FAULT_MESSAGE = N_(
    "Your comment could not be saved because of a fault on our side. Your text is below: "
    "please send it again in a few minutes."
)


class CommentForm:
    """What the comment form posts to; built from the queue, the articles and the events."""

    def __init__(
        self,
        settings: CommentsSettings,
        store: Comments,
        manifest: Manifest,
        events: Events,
        pages: Pages,
        secret: str,
        # READERS_REPLY_INTERVAL_SECONDS, for the hint when the site promises none
        reply_interval_seconds: int = 3600,
    ) -> None:
        self.settings = settings
        self.reply_interval_seconds = reply_interval_seconds
        self.store = store
        self.manifest = manifest
        self.events = events
        self.pages = pages  # the site's language; pages.in_language(an article's)
        self.gettext = pages.gettext
        self.secret = secret  # for the client fingerprints

    def handle(self, request: Request) -> Response:
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
        # The duplicate check is the store's, in the insert's transaction (duplicate_reason).
        reasons = spam_reasons(submission, self.settings, already_submitted=False)
        new = NewComment(
            article=submission.article,
            author=submission.author,
            text=submission.text,
            email=submission.email,
            website=submission.website,
            reply_to=submission.reply_to,
            state=State.SPAM if reasons else State.PENDING,
            spam_reasons=reasons,
            client=fingerprint(request.remote_addr or "", self.secret),
        )
        try:
            comment_id = self.store.add(
                new,
                self.settings.rate_limit,
                self.settings.rate_window_seconds,
                duplicate_reason=DUPLICATE_TEXT,
            )
        except AlreadyThere as first:
            # The reader sent it again (after an error page, or twice at once): it is in
            # the queue already; the same answer, and no second mail to the editors.
            logger.info("Comment %s for %s was sent again", first.comment_id, submission.article)
            return self.thanks(request, first.comment_id, articles[submission.article])
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
        if submission.notify and new.state == State.PENDING:  # never for suspected spam
            self.events.emit(REPLIES_WANTED, self.store.get(comment_id), request.remote_addr or "")
        logger.info("Comment %s for %s queued as %s", comment_id, submission.article, new.state)
        return self.thanks(request, comment_id, article)

    def failed(self, request: Request) -> Response:
        """The answer when storing failed on our side (a full disk, a broken queue): 500,
        and the form with everything the reader wrote, as for a refusal.

        Builds on nothing that may have failed: the body was read before (app.read_body),
        and an article list that cannot be read only loses the link back.
        """
        data = read_form(request, self.settings.max_body_bytes)
        submission = Submission.from_form(data.form or {})
        try:
            articles = self.manifest.articles()
        except Exception:  # noqa: BLE001 (the form comes back without the article's link)
            articles = {}
        verdict = Verdict.refuse(500, FAULT_MESSAGE)
        return self.refuse(request, submission, verdict, articles)

    def thanks(self, request: Request, comment_id: str, article: dict) -> Response:
        promise = self.pages.in_language(article.get("lang")).gettext(
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
        article = articles.get(submission.article)
        # In the language of the article the comment belongs to (the site's if unknown).
        lang = (article or {}).get("lang") or self.settings.lang
        pages = self.pages.in_language(lang)
        message = pages.gettext(verdict.reason) % dict(verdict.values or {})
        if _wants_json(request):
            return Response(
                json.dumps(
                    {"status": "refused", "field": verdict.field, "message": message},
                    ensure_ascii=False,
                ),
                status=verdict.status,
                mimetype="application/json",
            )
        html = pages.template("comments_intake.html").render(
            message=message,
            field=verdict.field,
            submission=submission,
            article_url=self.article_url(article) if article else self.settings.site_url,
            article_title=article.get("title", "") if article else "",
            site_url=self.settings.site_url.rstrip("/"),
            lang=lang,
            action=request.path,
            spam_question=self.settings.spam_questions.get(lang, self.settings.spam_question),
            privacy_url=f"{self.settings.site_url.rstrip('/')}/{self.settings.privacy_url}",
            reply_interval_seconds=self.manifest.reply_interval(self.reply_interval_seconds),
            limits=self.settings,
        )
        return Response(html, status=verdict.status, mimetype="text/html")

    def plain(self, status: int, message: str) -> Response:
        return Response(self.gettext(message), status=status, mimetype="text/plain")


def _wants_json(request: Request) -> bool:
    return request.accept_mimetypes.best == "application/json"
