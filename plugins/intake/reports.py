"""Reports of unlawful comments and mentions (DSA Art. 16), as readers send them.

"Kommentar melden" under every published comment and mention links
``GET /kommentare/melden/<article>/<id>``: a form with the reason (a short list and the
reader's explanation), an optional name and address for the answer, and the
confirmation in good faith that Art. 16(2)(d) asks for. Its POST stores the report in
the queue, tells the editorial team, and confirms the receipt to the reporter when
they gave an address (Art. 16(4)). Only a comment or mention that is on the site (the
deployed list of articles names it) can be reported.
"""

import logging

from werkzeug.wrappers import Request, Response

from comments.settings import CommentsSettings
from intake.guard import is_email
from intake.mail_text import one_line
from intake.moderation_pages import BASE
from intake.reader_site import ReaderSite
from intake.store.reports import Report
from newsroom.i18n import N_
from newsroom.text import unquoted
from readers.addresses import REPORT

logger = logging.getLogger(__name__)
REASONS = (
    ("insult", N_("Insult, defamation or threat")),
    ("hate", N_("Incitement to hatred or violence")),
    ("privacy", N_("Private data or pictures of someone, shared without their consent")),
    ("rights", N_("Infringement of copyright or other rights")),
    ("crime", N_("Other criminal content")),
    ("fraud", N_("Fraud or deceptive advertising")),
    ("other", N_("Something else (please explain)")),
)
MIN_EXPLANATION, MAX_NAME = 10, 80


class ReportForm:
    def __init__(self, site: ReaderSite) -> None:
        self.site = site

    def published(self, article: str, comment: str) -> bool:
        listed = self.site.manifest.articles().get(article)
        return bool(listed) and (
            comment in listed.get("comments", ()) or comment in listed.get("mentions", ())
        )

    def show(self, request: Request, article: str, comment: str) -> Response:
        site = self.site
        lang = site.lang(request.args.get("lang"))
        if not self.published(article, comment):
            return site.message(lang, 404, site.gettext(lang)("There is no such comment."))
        return self.render(lang, article, comment, {}, 200)

    def render(
        self, lang: str, article: str, comment: str, form, status: int, message="", field=""
    ) -> Response:
        site = self.site
        _ = site.gettext(lang)
        row = site.database.comments.get(comment)
        excerpt = f"{one_line(row.author)}: {one_line(row.text)[:300]}" if row else ""
        return site.render(
            lang,
            "report_form",
            status,
            action=REPORT,
            article=article,
            comment=comment,
            title_of_article=site.manifest.articles().get(article, {}).get("title", article),
            excerpt=excerpt,
            reasons=[(key, _(label)) for key, label in REASONS],
            form={
                "reason": form.get("reason", ""),
                "explanation": form.get("explanation", ""),
                "name": form.get("name", ""),
                "email": form.get("email", ""),
                "good_faith": bool(form.get("good_faith")),
            },
            max_text=site.settings.max_text,
            message=message,
            field=field,
        )

    def receive(self, request: Request) -> Response:
        site = self.site
        if request.method != "POST":
            return Response(status=303, headers={"Location": f"{site.site}/"})
        posted = site.read(request, "report")
        if posted.refusal:
            return posted.refusal
        lang, form = posted.lang, posted.form
        _ = site.gettext(lang)
        article, comment = form.get("article", ""), form.get("comment", "")
        if not self.published(article, comment):
            return site.message(lang, 404, _("There is no such comment."))
        problem = self.problem(form, site.settings, _)
        if problem:
            message, field = problem
            return self.render(lang, article, comment, form, 400, message, field)
        email = form.get("email", "").strip()
        report = site.database.reports.add(
            article,
            comment,
            form["reason"],
            form["explanation"].strip(),
            " ".join(form.get("name", "").split()),
            email,
            lang,
        )
        logger.info("Report %s about comment %s", report.id, comment)
        if site.relay.configured:
            if site.settings.mail_to:
                site.relay.send_later(
                    self.editors_mail(report), f"the mail about report {report.id}"
                )
            if email:
                site.relay.send_later(self.receipt(report), f"the receipt of report {report.id}")
        return site.render(
            lang, "report_received", contact=bool(email), back=site.article_url(article)
        )

    @staticmethod
    def problem(form, settings: CommentsSettings, _) -> tuple[str, str] | None:
        """What is wrong with a report, and the field; None when nothing is."""
        if form.get("reason") not in {key for key, _label in REASONS}:
            return _("Please choose a reason."), "reason"
        explanation = form.get("explanation", "").strip()
        if len(explanation) < MIN_EXPLANATION:
            return _("Please explain what is unlawful and why."), "explanation"
        if len(explanation) > settings.max_text:
            return _("The explanation is too long."), "explanation"
        email = form.get("email", "").strip()
        if email and not is_email(email, settings.max_email):
            return _("Please enter a valid e-mail address."), "email"
        if len(form.get("name", "")) > MAX_NAME or any(ord(c) < 32 for c in form.get("name", "")):
            return _("The name is too long or contains characters that are not allowed."), "name"
        if not form.get("good_faith"):
            return _("Please confirm that your report is accurate and complete."), "good_faith"
        return None

    def editors_mail(self, report: Report):
        site = self.site
        lang = site.settings.lang
        _ = site.gettext(lang)
        title = unquoted(
            one_line(str(site.manifest.articles().get(report.article, {}).get("title", "")))
        )
        body = "\n".join(
            [
                _("A reader reports a comment as unlawful."),
                "",
                f"{_('Article')}: {title}",
                f"{_('Comment')}: {report.comment}",
                f"{_('Reason')}: {_(dict(REASONS)[report.reason])}",
                "",
                _("Decide on the moderation page: %(url)s")
                % {"url": f"{site.public}{BASE}/meldung/{report.id}"},
            ]
        )
        message = site.mail(
            ", ".join(site.settings.mail_to),
            _("Report of a comment on “%(title)s”") % {"title": title},
            body,
            lang,
        )
        return message

    def receipt(self, report: Report):
        site = self.site
        _ = site.gettext(report.lang)
        title = unquoted(
            one_line(str(site.manifest.articles().get(report.article, {}).get("title", "")))
        )
        body = "\n\n".join(
            [
                _("Hello,"),
                _(
                    "we have received your report of a comment on “%(title)s” (reason: "
                    "%(reason)s). The editorial team checks it and sends you its decision "
                    "with the reasons."
                )
                % {"title": title, "reason": _(dict(REASONS)[report.reason])},
                _("Your report's number: %(id)s") % {"id": report.id},
            ]
        )
        return site.mail(
            report.reporter_email, _("We have received your report"), body, report.lang
        )
