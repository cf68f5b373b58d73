"""The newsletter's subscriptions: the form's POST, the double opt-in, unsubscribing.

``POST /kommentare/newsletter`` (the form in the footer and under articles) makes a
pending subscription and mails a signed link that expires; its GET page asks, its POST
confirms (mail scanners follow links). Every answer to the form is the same, whether
the address is new, pending or subscribed, and made from the request alone, so the form
tells nobody who subscribes. A second request for one address within
``READERS_RESEND_WINDOW_SECONDS`` mails nothing and changes nothing; a later one mails
the link again and renews the pending row (its proof, and three days from now).

``…/abmelden/<token>``: a GET asks, a POST unsubscribes, also the one-click POST a mail
client sends for ``List-Unsubscribe-Post`` (RFC 8058): no cookie, no form token, the
signed link is the authority. Unsubscribing deletes the address.

An unsubscribe link names the address (a keyed hash, :func:`unsubscribe_link`), not the
row: a reader who subscribed again and uses the link of an old issue ends the newsletter
they get now. Withdrawing consent must be as easy as giving it (GDPR Art. 7(3)), and a
mail program's "unsubscribe" on any issue means "no more of these" (RFC 8058). Links
mailed before named the row; when that row is gone, the page says so truthfully and
points to the link in the latest issue, since the address cannot be known from them.
"""

import logging
from datetime import timedelta

from werkzeug.wrappers import Request, Response

from intake.guard import is_email
from intake.reader_links import ReaderLink, read_token
from intake.reader_site import ReaderSite
from intake.store.subscribers import CONFIRM_MAIL, CONFIRMED, Subscriber
from intake.store.throttle import address_key
from intake.tokens import LinkError
from readers.addresses import MY_DATA, NEWSLETTER_CONFIRM, NEWSLETTER_OFF

logger = logging.getLogger(__name__)
PREVIEW = "preview"  # the subject of the unsubscribe link in a preview
ADDRESS = "address"  # the nonce of an unsubscribe link whose subject is the address's key
MAX_SOURCE = 300
# The heading of the newsletter form in every page's footer (partials/newsletter_form.html,
# place "footer"): where a page of a dead confirmation link sends the reader.
FOOTER_FORM = "#newsletter-title-footer"


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
        source = _source(posted.form.get("source"))
        client = site.address_hash(request)
        subscriber = subscribers.request(email, lang, source, client)
        window = timedelta(seconds=site.readers.resend_window_seconds)
        if subscriber.state != CONFIRMED and site.database.throttle.take_mail(
            email, CONFIRM_MAIL, window
        ):
            # The mail says "valid for three days" and is in this page's language: the
            # row lives as long, and its proof is the request this mail answers.
            renewed = subscribers.renew(subscriber.id, lang, source, client)
            if renewed is not None:
                site.relay.send_later(self.confirmation(renewed), "a newsletter confirmation")
        logger.info("Newsletter requested (%s)", subscriber.state)
        # From the request alone: the stored row must not show through (its page).
        return site.render(
            lang,
            "subscribed",
            back=f"{site.site}{source or '/'}",
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
                # Not "no further mail from us": the address may be a commenter's, who
                # gets reply notices, or an editor's.
                _(
                    "If you did not order it, do nothing: without your confirmation we "
                    "send no newsletter to this address, and it is deleted from the list "
                    "after %(days)d days."
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
            return link_refusal(site, error.reason, request)
        subscriber = site.database.subscribers.get(link.subject)
        if subscriber is None or subscriber.nonce != link.nonce:
            return link_refusal(site, "gone", request)
        if request.method == "POST":
            subscriber = site.database.subscribers.confirm(
                link.subject, link.nonce, site.address_hash(request)
            )
            if subscriber is None:  # unsubscribed between the page and the button
                return link_refusal(site, "gone", request)
            logger.info("Newsletter subscription confirmed")
            return site.render(subscriber.lang, "confirmed", **self.links(subscriber))
        view = "confirmed" if subscriber.state == CONFIRMED else "confirm"
        return site.render(subscriber.lang, view, **self.links(subscriber))

    def links(self, subscriber: Subscriber) -> dict:
        return {"unsubscribe": unsubscribe_link(self.site, subscriber.email)}

    def unsubscribe(self, request: Request, token: str) -> Response:
        site = self.site
        try:
            link = read_token(site.link_secret, "newsletter-off", token, None)
        except LinkError as error:
            return link_refusal(site, error.reason, request)
        if link.subject == PREVIEW:
            lang = asked_lang(site, request)
            _ = site.gettext(lang)  # so that `invoke i18n` finds the text
            return site.message(lang, 200, _("This was a preview."))
        subscriber = self.subscriber_of(link)
        lang = subscriber.lang if subscriber is not None else asked_lang(site, request)
        # A link of the address tells surely that it receives nothing; one that named a
        # row of an earlier subscription cannot tell what the address has now.
        earlier = subscriber is None and link.nonce != ADDRESS
        if request.method != "POST" or subscriber is None:
            return site.render(
                lang, "unsubscribe", subscribed=subscriber is not None, earlier=earlier
            )
        site.database.subscribers.remove(subscriber.id)
        logger.info("Newsletter subscription cancelled")
        return site.render(lang, "unsubscribed")

    def subscriber_of(self, link: ReaderLink) -> Subscriber | None:
        """The subscription an unsubscribe link ends: the address's, whichever row it
        has now; for a link that names a row (mailed before), that row while it lives."""
        subscribers = self.site.database.subscribers
        if link.nonce == ADDRESS:
            return subscribers.by_address_key(link.subject, self.site.secret)
        found = subscribers.get(link.subject)
        return found if found is not None and found.nonce == link.nonce else None


def unsubscribe_link(site: ReaderSite, email: str) -> str:
    """The newsletter's unsubscribe link for ``email``: it names the address by its
    keyed hash, so it ends the address's subscription whenever it is used."""
    return site.link(NEWSLETTER_OFF, "newsletter-off", address_key(email, site.secret), ADDRESS)


def asked_lang(site: ReaderSite, request: Request) -> str:
    """The language of a reader whose link names nothing that knows it (forged, expired,
    or its row gone): the page's ``lang`` when given, else the browser's preference
    (Accept-Language) among the theme's languages, else the site's."""
    wanted = request.args.get("lang")
    if wanted in site.languages:
        return wanted
    return request.accept_languages.best_match(site.languages) or site.settings.lang


def link_refusal(site: ReaderSite, reason: str, request: Request | None = None) -> Response:
    """The page for a link that cannot act: expired (410), forged (403) or one whose
    subscription or request is gone (410); in the reader's language (``asked_lang``)
    and with a way back to the form that makes a new link, when the link's address
    names one."""
    lang = asked_lang(site, request) if request is not None else site.settings.lang
    _ = site.gettext(lang)
    texts = {
        "expired": _("This link has expired. Please send the form again."),
        "forged": _("This link is not valid. Nothing was changed."),
        "gone": _("This link is no longer valid. Nothing was changed."),
    }
    path = request.path if request is not None else ""
    form_url, form_label = "", ""
    if path.startswith(f"{NEWSLETTER_CONFIRM}/"):
        form_url, form_label = f"{site.site}/{FOOTER_FORM}", _("To the newsletter form")
    elif path.startswith(f"{MY_DATA}/"):
        form_url, form_label = f"{site.public}{MY_DATA}?lang={lang}", _("To the form")
    return site.render(
        lang,
        "message",
        403 if reason == "forged" else 410,
        message=texts[reason],
        title="",
        status_is_error=True,
        form_url=form_url,
        form_label=form_label,
    )


def _source(value: str | None) -> str:
    """The page the form was on: a path of the site, nothing else."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or len(value) > MAX_SOURCE:
        return ""
    return value if all(32 < ord(char) < 127 for char in value) else ""
