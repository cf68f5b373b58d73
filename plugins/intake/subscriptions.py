"""The newsletter's subscriptions: the form's POST, the double opt-in, unsubscribing.

``POST /kommentare/newsletter`` (the form in the footer and under articles) makes a
pending subscription and mails a signed link that expires; its GET page asks, its POST
confirms (mail scanners follow links). Every answer to the form is the same, whether
the address is new, pending or subscribed, so the form tells nobody who subscribes. A
second request for one address within ``READERS_RESEND_WINDOW_SECONDS`` mails nothing.

``…/abmelden/<token>``: a GET asks, a POST unsubscribes, also the one-click POST a mail
client sends for ``List-Unsubscribe-Post`` (RFC 8058): no cookie, no form token, the
signed link is the authority. Unsubscribing deletes the address.
"""

import logging
from datetime import timedelta

from werkzeug.wrappers import Request, Response

from intake.guard import is_email
from intake.reader_links import read_token
from intake.reader_site import ReaderSite
from intake.store.subscribers import CONFIRMED, Subscriber
from intake.tokens import LinkError
from readers.addresses import NEWSLETTER_CONFIRM, NEWSLETTER_OFF

logger = logging.getLogger(__name__)
PREVIEW = "preview"  # the subject of the unsubscribe link in a preview
MAX_SOURCE = 300


class Subscriptions:
    def __init__(self, site: ReaderSite) -> None:
        self.site = site

    def subscribe(self, request: Request) -> Response:
        site = self.site
        if request.method != "POST":
            return Response(status=303, headers={"Location": f"{site.site}/"})
        posted = site.read(request, "newsletter")
        lang = posted.lang
        if posted.refusal:
            return posted.refusal
        _ = site.gettext(lang)
        email = (posted.form.get("email") or "").strip()
        if not is_email(email, site.settings.max_email):
            return site.render(
                lang,
                "subscribe",
                400,
                message=_("Please enter a valid e-mail address."),
                email=email[: site.settings.max_email],
                source=_source(posted.form.get("source")),
                action=request.path,
            )
        if not site.relay.configured:
            return site.message(lang, 503, _("The newsletter cannot be ordered at the moment."))
        subscribers = site.database.subscribers
        subscribers.forget_unconfirmed(timedelta(seconds=site.readers.confirm_max_age_seconds))
        subscriber = subscribers.request(
            email, lang, _source(posted.form.get("source")), site.address_hash(request)
        )
        window = timedelta(seconds=site.readers.resend_window_seconds)
        if subscriber.state != CONFIRMED and site.database.throttle.take_mail(
            email, "newsletter-confirm", window
        ):
            site.relay.send_later(self.confirmation(subscriber), "a newsletter confirmation")
        logger.info("Newsletter requested (%s)", subscriber.state)
        return site.render(
            lang,
            "subscribed",
            back=f"{site.site}{subscriber.source or '/'}",
            days=site.readers.confirm_max_age_seconds // 86400,
        )

    def confirmation(self, subscriber: Subscriber):
        site = self.site
        _ = site.gettext(subscriber.lang)
        link = site.link(NEWSLETTER_CONFIRM, "newsletter-confirm", subscriber.id, subscriber.nonce)
        days = site.readers.confirm_max_age_seconds // 86400
        values = {"site": site.readers.site_name, "link": link, "days": days}
        body = "\n\n".join(
            [
                _("Hello,"),
                _(
                    "someone, we hope it was you, has ordered the newsletter of %(site)s "
                    "for this address. Please confirm it with this link (valid for %(days)d "
                    "days):"
                )
                % values,
                link,
                _(
                    "If you did not order it, do nothing: without your confirmation you "
                    "get no further mail from us, and the address is deleted after "
                    "%(days)d days."
                )
                % values,
                _("Every newsletter can be cancelled with one click."),
            ]
        )
        subject = _("Please confirm your subscription to the newsletter of %(site)s") % values
        return site.mail(subscriber.email, subject, body, subscriber.lang)

    def confirm(self, request: Request, token: str) -> Response:
        site = self.site
        try:
            link = read_token(
                site.link_secret, "newsletter-confirm", token, site.readers.confirm_max_age_seconds
            )
        except LinkError as error:
            return self.link_error(error.reason)
        subscriber = site.database.subscribers.get(link.subject)
        if subscriber is None or subscriber.nonce != link.nonce:
            return self.link_error("gone")
        if request.method == "POST":
            subscriber = site.database.subscribers.confirm(
                link.subject, link.nonce, site.address_hash(request)
            )
            if subscriber is None:  # unsubscribed between the page and the button
                return self.link_error("gone")
            logger.info("Newsletter subscription confirmed")
            return site.render(subscriber.lang, "confirmed", **self.links(subscriber))
        view = "confirmed" if subscriber.state == CONFIRMED else "confirm"
        return site.render(subscriber.lang, view, **self.links(subscriber))

    def links(self, subscriber: Subscriber) -> dict:
        return {
            "unsubscribe": self.site.link(
                NEWSLETTER_OFF, "newsletter-off", subscriber.id, subscriber.nonce
            )
        }

    def unsubscribe(self, request: Request, token: str) -> Response:
        site = self.site
        try:
            link = read_token(site.link_secret, "newsletter-off", token, None)
        except LinkError as error:
            return self.link_error(error.reason)
        lang = site.settings.lang
        if link.subject == PREVIEW:
            return site.message(lang, 200, site.gettext(lang)("This was a preview."))
        subscriber = site.database.subscribers.get(link.subject)
        if subscriber is not None and subscriber.nonce != link.nonce:
            subscriber = None  # a link of an earlier subscription of the address
        if subscriber is not None:
            lang = subscriber.lang
        if request.method != "POST":
            return site.render(lang, "unsubscribe", subscribed=subscriber is not None)
        if subscriber is not None:
            site.database.subscribers.remove(subscriber.id)
            logger.info("Newsletter subscription cancelled")
        return site.render(lang, "unsubscribed")

    def link_error(self, reason: str) -> Response:
        return link_refusal(self.site, reason)


def link_refusal(site: ReaderSite, reason: str) -> Response:
    """The page for a link that cannot act: expired (410), forged (403) or one whose
    subscription or request is gone (410)."""
    lang = site.settings.lang
    _ = site.gettext(lang)
    texts = {
        "expired": _("This link has expired. Please send the form again."),
        "forged": _("This link is not valid. Nothing was changed."),
        "gone": _("This link is no longer valid. Nothing was changed."),
    }
    return site.message(lang, 403 if reason == "forged" else 410, texts[reason])


def _source(value: str | None) -> str:
    """The page the form was on: a path of the site, nothing else."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or len(value) > MAX_SOURCE:
        return ""
    return value if all(32 < ord(char) < 127 for char in value) else ""
