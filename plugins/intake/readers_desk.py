"""The editorial team's pages for readers' matters, beside the moderation page: the
reports of comments (``/kommentare/moderation/meldungen``, one report with its comment
and the decision at ``…/meldung/<id>``) and the newsletter's subscribers
(``…/abonnenten``: counts, confirmation state, remove one).

The same log-in, session and CSRF token as the moderation page. A decision (keep or
remove, with its reason) is recorded on the report and in the comment's history; a
removal takes the comment off the queue's list of approved ones (a file the queue does
not know is withdrawn through the change log), so the sync and the next publish remove
it. The statement of reasons (DSA Art. 17) goes to the reporter when they gave an
address, and after a removal to the commenter when the queue knows theirs.
"""

import hmac
import logging
from urllib.parse import quote

from werkzeug.wrappers import Request, Response

from comments.model import State
from intake import labels
from intake.mail_text import one_line
from intake.moderation_pages import BASE, POLICY, SESSION_COOKIE, ModerationPages
from intake.reader_site import ReaderSite
from intake.reports import REASONS
from intake.store.editors import Session
from intake.store.journal import log_change
from intake.store.reports import KEEP, REMOVE, Report
from newsroom.text import unquoted

logger = logging.getLogger(__name__)
TEMPLATE = "readers_moderation.html"
MAX_REASON = 2000


class ReadersDesk:
    def __init__(self, site: ReaderSite, moderation: ModerationPages) -> None:
        self.site = site
        self.moderation = moderation

    def handle(self, request: Request, endpoint: str, values: dict) -> Response:
        session = self.site.database.editors.session(request.cookies.get(SESSION_COOKIE, ""))
        if session is None:
            response = self.moderation.login_page(request, status=401)
        else:
            response = getattr(self, endpoint)(request, session, **values)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Content-Security-Policy"] = POLICY  # the moderation page's
        return response

    def render(self, view: str, session: Session, status: int = 200, **values) -> Response:
        lang = self.site.settings.lang
        html = self.site.template(lang, TEMPLATE).render(
            view=view,
            lang=lang,
            base=BASE,
            session=session,
            site_url=self.site.site,
            asset=self.moderation.asset,  # the theme's files, served by the intake
            # Times in the site's time zone and language, as on the moderation page.
            when=lambda value: labels.moment(value, self.site.settings.timezone, lang),
            **values,
        )
        return Response(html, status=status, mimetype="text/html")

    def refuse(self, session: Session, status: int, message: str) -> Response:
        return self.render("error", session, status, message=message)

    # --- reports ---------------------------------------------------------------------------
    def reports(self, request: Request, session: Session) -> Response:
        database = self.site.database
        return self.render(
            "reports",
            session,
            open_reports=[self.shown(report) for report in database.reports.rows()],
            decided=[self.shown(report) for report in database.reports.rows(decided=True)],
        )

    def shown(self, report: Report) -> dict:
        _ = self.site.gettext(self.site.settings.lang)
        row = self.site.database.comments.get(report.comment)
        article = self.site.manifest.articles().get(report.article, {})
        return {
            "report": report,
            "reason": _(dict(REASONS).get(report.reason, report.reason)),
            "row": row,
            "title": article.get("title", report.article),
            "url": f"{self.site.site}/{article['url']}#comment-{report.comment}" if article else "",
        }

    def report(self, request: Request, session: Session, report_id: str) -> Response:
        _ = self.site.gettext(self.site.settings.lang)
        report = self.site.database.reports.get(report_id)
        if report is None:
            return self.refuse(session, 404, _("There is no such report."))
        if request.method == "POST":
            return self.decide(request, session, report)
        return self.report_page(session, report, done=bool(request.args.get("erledigt")))

    def report_page(
        self, session: Session, report: Report, status: int = 200, message: str = "", done=False
    ) -> Response:
        others = [
            self.shown(other)
            for other in self.site.database.reports.of_comment(report.comment)
            if other.id != report.id
        ]
        return self.render(
            "report",
            session,
            status,
            item=self.shown(report),
            others=others,
            message=message,
            done=done,
        )

    def decide(self, request: Request, session: Session, report: Report) -> Response:
        _ = self.site.gettext(self.site.settings.lang)
        if not _csrf_ok(request, session):
            return self.refuse(session, 400, _("The form has expired; please try again."))
        decision = request.form.get("decision", "")
        reason = " ".join(request.form.get("reason", "").split())[:MAX_REASON]
        if decision not in (KEEP, REMOVE) or not reason:
            message = _("Choose keep or remove, and give the reason for the decision.")
            return self.report_page(session, report, 400, message)
        if not self.site.database.reports.decide(report.id, decision, reason, session.editor):
            return self.refuse(session, 409, _("This report has been decided already."))
        if decision == REMOVE:
            self.remove(report, reason)
        self.site.database.journal.record(
            report.comment, session.editor, f"report-{decision}", f"{report.id}: {reason}"
        )
        decided = self.site.database.reports.get(report.id)
        self.site.database.reports.note_statements(report.id, self.state_reasons(decided))
        location = f"{BASE}/meldung/{quote(report.id)}?erledigt=1"
        return Response(status=303, headers={"Location": location})

    def remove(self, report: Report, reason: str) -> None:
        """Take the comment off the site with the next sync and publish."""
        database = self.site.database
        with database.transaction() as connection:
            changed = database.comments.set_state_in(
                connection,
                [report.comment],
                State.REJECTED,
                f"removed after report {report.id}: {reason}",
            )
            if not changed:  # a file the queue does not know: withdrawn through the log
                log_change(connection, report.comment, report.article, False)
        logger.info("Comment %s removed after report %s", report.comment, report.id)

    def state_reasons(self, report: Report) -> list[str]:
        """Send the statements of reasons; to whom they went."""
        site = self.site
        sent = []
        if not site.relay.configured:
            return sent
        if report.reporter_email:
            site.relay.send_later(
                self.statement(report, "reporter"), f"the statement on {report.id}"
            )
            sent.append("reporter")
        row = site.database.comments.get(report.comment)
        if report.decision == REMOVE and row is not None and row.email:
            site.relay.send_later(
                self.statement(report, "commenter", row.email, row.created),
                f"the statement on {report.id}",
            )
            sent.append("commenter")
        return sent

    def statement(self, report: Report, to: str, address: str = "", written: str = ""):
        """The statement of reasons (Art. 17(3)): what was decided, on which facts and
        grounds, by a person, and what the reader can do about it."""
        site = self.site
        article = site.manifest.articles().get(report.article, {})
        # The commenter wrote under the article in its language (a translation has a
        # thread of its own); the reporter chose theirs on the form.
        lang = report.lang if to == "reporter" else article.get("lang") or site.settings.lang
        _ = site.gettext(lang)
        title = unquoted(one_line(str(article.get("title", ""))))
        values = {
            "title": title,
            "reason": _(dict(REASONS).get(report.reason, report.reason)),
            "date": report.created[:10],
            "written": written[:10],
            "id": report.id,
        }
        if to == "reporter":
            subject = _("Your report of a comment on “%(title)s”: our decision") % values
            opening = (
                _(
                    "on %(date)s you reported a comment on “%(title)s” (reason: %(reason)s; "
                    "number %(id)s)."
                )
                % values
            )
            outcome = (
                _("Decision: the comment has been removed from the site.")
                if report.decision == REMOVE
                else _("Decision: the comment stays on the site.")
            )
        else:
            subject = _("Your comment on “%(title)s” has been removed") % values
            opening = (
                _(
                    "your comment of %(written)s on “%(title)s” has been removed from the site. "
                    "A reader reported it on %(date)s (reason given: %(reason)s)."
                )
                % values
            )
            outcome = _("Decision: the comment has been removed from the site.")
        body = "\n\n".join(
            [
                _("Hello,"),
                opening,
                outcome,
                _("Reasons: %(reason)s") % {"reason": report.decision_reason},
                _(
                    "A member of the editorial team took this decision after checking the "
                    "comment; no automated means were used."
                ),
                _(
                    "If you disagree, reply to this e-mail and we will check the decision "
                    "again. You may also take the matter to court."
                ),
            ]
        )
        return site.mail(address or report.reporter_email, subject, body, lang)

    # --- subscribers --------------------------------------------------------------------------
    def subscribers(self, request: Request, session: Session) -> Response:
        _ = self.site.gettext(self.site.settings.lang)
        database = self.site.database
        if request.method == "POST":
            if not _csrf_ok(request, session):
                return self.refuse(session, 400, _("The form has expired; please try again."))
            subscriber = database.subscribers.get(request.form.get("remove", ""))
            if subscriber is None:
                return self.refuse(session, 404, _("There is no such subscriber."))
            database.subscribers.remove(subscriber.id)
            database.journal.record(f"subscriber:{subscriber.id}", session.editor, "removed")
            return Response(status=303, headers={"Location": f"{BASE}/abonnenten?entfernt=1"})
        search = request.args.get("suche", "")[:254]
        return self.render(
            "subscribers",
            session,
            counts=database.subscribers.counts(),
            rows=database.subscribers.rows(search),
            search=search,
            removed=bool(request.args.get("entfernt")),
        )


def _csrf_ok(request: Request, session: Session) -> bool:
    return hmac.compare_digest(request.form.get("csrf", ""), session.csrf)
