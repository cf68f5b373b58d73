""" "Meine Kommentare": a reader sees, downloads and deletes what the site keeps of them
(GDPR Art. 15, 17 and 20).

``GET /kommentare/meine-daten`` shows a form for the address; its POST mails a signed
link that expires (``READERS_DATA_LINK_MAX_AGE_SECONDS``), and answers the same whether
or not the address is known. The link names a request row, never the address (it would
end in the web server's log). Its page lists the comments (with their state), the
subscriptions and the reports; ``…/export`` is all of it as JSON; its POST deletes one
comment or everything, as `invoke comments.erase` does: the rows leave the queue,
replies of others move up in their thread, and the sync (or `invoke comments.export`)
removes the published files, live with the next publish. Deleting everything also ends
the link: it cannot be used twice.
"""

import json
import logging
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from werkzeug.wrappers import Request, Response

from intake import labels
from intake.guard import is_email
from intake.moderation import forget_reader, keep_threads
from intake.reader_links import read_token
from intake.reader_site import ReaderSite
from intake.store.data_requests import DataRequest
from intake.subscriptions import link_refusal
from intake.tokens import LinkError
from readers.addresses import MY_DATA

logger = logging.getLogger(__name__)
READER = "reader (Meine Kommentare)"  # who acted, in the journal
# What the reader's file leaves out. The client fingerprint is the rate limit's; the
# reason for a rejection stays in the editorial team (docs/comments.md); the name an
# editor logs in with is theirs, not the reader's (and names the account that the
# log-in's lockout counts), and whom the statement of reasons went to is the commenter's.
# What the reader was told (the decision and its reasons) stays in.
INTERNAL_OF_COMMENTS = frozenset({"client", "reject_reason"})
INTERNAL_OF_REPORTS = frozenset({"editor", "statements"})


class ReadersData:
    def __init__(self, site: ReaderSite) -> None:
        self.site = site

    def form(self, request: Request) -> Response:
        site = self.site
        if request.method != "POST":
            lang = site.lang(request.args.get("lang"))
            return site.render(lang, "data_form", action=request.path, email="")
        posted = site.read(request, "my-data")
        if posted.refusal:
            return posted.refusal
        lang = posted.lang
        _ = site.gettext(lang)
        email = (posted.form.get("email") or "").strip()
        if not is_email(email, site.settings.max_email):
            return site.render(
                lang,
                "data_form",
                400,
                action=request.path,
                email=email[: site.settings.max_email],
                message=_("Please enter a valid e-mail address."),
            )
        if not site.relay.configured:
            return site.message(lang, 503, _("Links cannot be sent at the moment."))
        max_age = timedelta(seconds=site.readers.data_link_max_age_seconds)
        window = timedelta(seconds=site.readers.resend_window_seconds)
        if self.knows(email) and site.database.throttle.take_mail(email, "my-data", window):
            data_request = site.database.data_requests.add(email, lang, max_age)
            site.relay.send_later(self.link_mail(data_request), "a 'Meine Kommentare' link")
        return site.render(lang, "data_sent", hours=max_age // timedelta(hours=1))

    def knows(self, email: str) -> bool:
        database = self.site.database
        return bool(
            database.comments.of_email(email)
            or database.subscribers.by_email(email)
            or database.reply_subscriptions.of_email(email)
            or database.reports.of_reporter(email)
        )

    def link_mail(self, data_request: DataRequest):
        site = self.site
        _ = site.gettext(data_request.lang)
        hours = site.readers.data_link_max_age_seconds // 3600
        link = site.link(MY_DATA, "my-data", data_request.id, data_request.nonce)
        body = "\n\n".join(
            [
                _("Hello,"),
                _(
                    "with this link you can see, download and delete what %(site)s keeps of "
                    "this address (valid for %(hours)d hours):"
                )
                % {"site": site.readers.site_name, "hours": hours},
                link,
                _("If you did not ask for it, do nothing: nothing changes without the link."),
            ]
        )
        subject = _("Your data at %(site)s") % {"site": site.readers.site_name}
        return site.mail(data_request.email, subject, body, data_request.lang)

    # --- the link's page -------------------------------------------------------------------
    def opened(self, request: Request, token: str) -> DataRequest | Response:
        site = self.site
        try:
            link = read_token(
                site.link_secret, "my-data", token, site.readers.data_link_max_age_seconds
            )
        except LinkError as error:
            return link_refusal(site, error.reason, request)
        found = site.database.data_requests.get(link.subject, link.nonce)
        return found if found is not None else link_refusal(site, "gone", request)

    def page(self, request: Request, token: str) -> Response:
        found = self.opened(request, token)
        if isinstance(found, Response):
            return found
        if request.method == "POST":
            return self.delete(request, found, token)
        return self.show(found, token)

    def show(self, data_request: DataRequest, token: str, done: str = "") -> Response:
        site = self.site
        _ = site.gettext(data_request.lang)
        articles = site.manifest.articles()

        def when(value: str) -> str:  # as the site shows its dates: its zone, the language
            return labels.moment(value, site.settings.timezone, data_request.lang)

        comments = [
            {
                "id": row.id,
                "title": articles.get(row.article, {}).get("title", row.article),
                "created": when(row.created),
                "state": row.state,
                "text": row.text,
            }
            for row in self.comments(data_request.email)
        ]
        subscriber = site.database.subscribers.by_email(data_request.email)
        newsletter = None
        if subscriber is not None:
            confirmed = subscriber.state == "confirmed"
            newsletter = {
                "state_label": _("subscribed") if confirmed else _("waiting for confirmation"),
                "date": when(subscriber.confirmed or subscriber.requested),
            }
        return site.render(
            data_request.lang,
            "data",
            comments=comments,
            newsletter=newsletter,
            replies=len(site.database.reply_subscriptions.of_email(data_request.email)),
            reports=len(site.database.reports.of_reporter(data_request.email)),
            export=f"{site.public}{MY_DATA}/{token}/export",
            done=done,
        )

    def comments(self, email: str) -> list:
        return self.site.database.comments.of_email(email)

    def delete(self, request: Request, data_request: DataRequest, token: str) -> Response:
        site = self.site
        _ = site.gettext(data_request.lang)
        wanted = request.form.get("delete", "")
        database = site.database
        if wanted == "all":
            summary = self.erase(data_request.email, data_request.lang)
            return site.render(data_request.lang, "data_deleted", summary=summary)
        own = {row.id for row in self.comments(data_request.email)}
        if wanted not in own:
            return site.message(data_request.lang, 400, _("There is no such comment."))
        rows = database.comments.delete_ids([wanted])
        keep_threads(database, rows)
        database.journal.record(wanted, READER, "erased")
        logger.info("A reader deleted comment %s", wanted)
        return self.show(data_request, token, done=_("The comment has been deleted."))

    def erase(self, email: str, lang: str) -> str:
        """Everything of ``email``: comments (threads kept), subscriptions, the contact of
        reports, the mail log and the open links. A summary for the reader, in ``lang``."""
        database = self.site.database
        _ = self.site.gettext(lang)
        rows = database.comments.delete_by_email(email)
        keep_threads(database, rows)
        for row in rows:
            database.journal.record(row.id, READER, "erased")
        traces = forget_reader(database, email)
        logger.info("A reader deleted their data: %d comments", len(rows))
        ngettext = self.site.ngettext(lang)
        subscriptions = traces.newsletter or traces.reply_notifications
        return (
            ngettext("%(num)d comment deleted.", "%(num)d comments deleted.", len(rows))
            % {"num": len(rows)}
            + (" " + _("Subscriptions ended.") if subscriptions else "")
            + (" " + _("Your address was removed from your reports.") if traces.reports else "")
        )

    def export(self, request: Request, token: str) -> Response:
        found = self.opened(request, token)
        if isinstance(found, Response):
            return found
        database = self.site.database
        email = found.email
        subscriber = database.subscribers.by_email(email)
        data = {
            "address": email,
            "exported": datetime.now(UTC).isoformat(timespec="seconds"),
            "comments": [_without(row, INTERNAL_OF_COMMENTS) for row in self.comments(email)],
            "newsletter": asdict(subscriber) if subscriber else None,
            "newsletter_issues": [
                {"issue": issue, "state": state, "when": when}
                for issue, state, when in (
                    database.issues.deliveries_of(subscriber.id) if subscriber else []
                )
            ],
            "reply_notifications": [
                asdict(subscription)
                for subscription in database.reply_subscriptions.of_email(email)
            ],
            "reports": [
                _without(report, INTERNAL_OF_REPORTS)
                for report in database.reports.of_reporter(email)
            ],
        }
        body = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        return Response(
            body,
            mimetype="application/json",
            headers={
                "Content-Disposition": 'attachment; filename="meine-daten.json"',
                "Cache-Control": "no-store",
                "X-Robots-Tag": "noindex, nofollow",
                "Referrer-Policy": "no-referrer",
            },
        )


def _without(row, internal: frozenset[str]) -> dict:
    return {key: value for key, value in asdict(row).items() if key not in internal}
