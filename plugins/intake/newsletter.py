"""The newsletter's issue: which articles are new, and the mail each subscriber gets.

New are the articles of the deployed site's list (``kommentare/artikel.json``, so a
scheduled article counts from the publish on its day, never before) that no earlier
issue carried, dated no later than now and no earlier than
``READERS_NEWSLETTER_MAX_AGE_DAYS`` ago (an import of old posts is no news). Each
subscriber gets the articles in their language.

The mail is HTML with its CSS inlined (css-inline: mail programs ignore style sheets)
and the same text as plain text. It links the articles at their own addresses (no
redirect, no query), loads only the articles' pictures from the site (the same address
for every reader: no tracking), and ends with why the reader gets it, the one-click
unsubscribe link (also in ``List-Unsubscribe`` with ``List-Unsubscribe-Post``,
RFC 8058) and the provider's identification.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from urllib.parse import urlsplit

import css_inline

from intake.reader_site import ReaderSite
from intake.subscriptions import PREVIEW, unsubscribe_link
from newsroom.dates import long_date
from readers.addresses import NEWSLETTER_OFF
from readers.settings import impressum_lines

TEMPLATE = "newsletter_mail.html"


@dataclass(frozen=True)
class Recipient:
    """Who a mail goes to: a subscriber (the unsubscribe link names the address, the
    Message-ID the row), or for a preview anyone (``id`` "preview")."""

    id: str
    email: str
    lang: str
    nonce: str
    since: str  # when the subscription was confirmed (ISO 8601)


def new_articles(
    listed: dict[str, dict], sent: set[str], now: datetime, max_age_days: int, limit: int
) -> list[dict]:
    """The articles an issue made ``now`` carries, newest first, as the issue keeps
    them (slug, title, summary, url, image, image_alt, date, lang)."""
    oldest = now - timedelta(days=max_age_days)
    found = []
    for slug, article in listed.items():
        try:
            date = datetime.fromisoformat(str(article.get("date", "")))
        except ValueError:
            continue  # a list written before the newsletter existed has no dates
        if date.tzinfo is None:
            date = date.replace(tzinfo=UTC)
        if slug in sent or not oldest <= date <= now:
            continue
        found.append(
            {
                "slug": slug,
                "title": str(article.get("title", slug)),
                "summary": str(article.get("summary", "")),
                "url": str(article.get("url", "")),
                "image": str(article.get("image", "")),
                "image_alt": str(article.get("image_alt", "")),
                "date": date.isoformat(),
                "lang": str(article.get("lang", "")),
            }
        )
    found.sort(key=lambda a: (a["date"], a["slug"]), reverse=True)
    return found[:limit]


def in_language(articles: list[dict] | tuple[dict, ...], lang: str, site_lang: str) -> list[dict]:
    """The articles a reader of ``lang`` gets (an article without a language is in the
    site's)."""
    return [a for a in articles if (a.get("lang") or site_lang) == lang]


class IssueMail:
    """Writes the mail of one issue for one recipient."""

    def __init__(self, site: ReaderSite) -> None:
        self.site = site
        self.host = urlsplit(site.settings.site_url).hostname or "localhost"

    def unsubscribe_link(self, recipient: Recipient) -> str:
        if recipient.id == PREVIEW:  # its page says it was a preview; nothing changes
            return self.site.link(NEWSLETTER_OFF, "newsletter-off", PREVIEW, PREVIEW)
        return unsubscribe_link(self.site, recipient.email)

    def message(self, issue_id: str, articles: list[dict], recipient: Recipient) -> EmailMessage:
        site = self.site
        lang = site.lang(recipient.lang)
        _ = site.gettext(lang)
        shown = [self.shown(article, lang) for article in articles]
        values = self.values(recipient, lang)
        mail = EmailMessage()
        mail["Subject"] = self.subject(shown, lang)
        mail["From"] = formataddr((site.readers.site_name, site.settings.mail_from))
        mail["To"] = recipient.email
        mail["Date"] = format_datetime(datetime.now(UTC))
        # One id per issue and reader: a relay or mail program sees a resent copy as one.
        mail["Message-ID"] = f"<{issue_id}.{recipient.id}@newsletter.{self.host}>"
        mail["List-Id"] = f"{site.readers.site_name} <newsletter.{self.host}>"
        mail["List-Unsubscribe"] = f"<{values['unsubscribe']}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        mail["Precedence"] = "bulk"
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(self.text(shown, values, lang))
        html = site.template(lang, TEMPLATE).render(articles=shown, lang=lang, **values)
        mail.add_alternative(css_inline.inline(html), subtype="html")
        mail["Content-Language"] = lang  # after the body: setting it clears Content-*
        return mail

    def subject(self, shown: list[dict], lang: str) -> str:
        site = self.site
        _ = site.gettext(lang)  # so that `invoke i18n` finds the text
        ngettext = site.ngettext(lang)
        if not shown:
            return _("%(site)s: the newsletter") % {"site": site.readers.site_name}
        more = len(shown) - 1
        if not more:
            return f"{site.readers.site_name}: {shown[0]['title']}"
        return ngettext(
            "%(site)s: %(title)s and %(num)d more article",
            "%(site)s: %(title)s and %(num)d more articles",
            more,
        ) % {"site": site.readers.site_name, "title": shown[0]["title"], "num": more}

    def shown(self, article: dict, lang: str) -> dict:
        """An article as the mail shows it: absolute addresses, a date in words."""
        site = self.site
        date = datetime.fromisoformat(article["date"])
        return {
            **article,
            "title": " ".join(article["title"].split()),
            "link": f"{site.site}/{article['url']}",
            "picture": f"{site.site}/{article['image']}" if article.get("image") else "",
            "day": long_date(date, lang),  # as the site writes it: en is British
        }

    def values(self, recipient: Recipient, lang: str) -> dict:
        site = self.site
        _ = site.gettext(lang)
        since = recipient.since[:10]
        if since:
            day = long_date(datetime.fromisoformat(since), lang)
            why = _(
                "You receive this e-mail because you subscribed to the newsletter of "
                "%(site)s with this address and confirmed it on %(date)s."
            ) % {"site": site.readers.site_name, "date": day}
        else:
            why = _("This is a preview of the newsletter of %(site)s.") % {
                "site": site.readers.site_name
            }
        return {
            "site_name": site.readers.site_name,
            "site_url": site.site,
            "why": why,
            "unsubscribe": self.unsubscribe_link(recipient),
            "impressum": impressum_lines(site.readers),
            "impressum_url": f"{site.site}/{site.readers.impressum_url}",
            "privacy_url": f"{site.site}/{site.settings.privacy_url}",
        }

    def text(self, shown: list[dict], values: dict, lang: str) -> str:
        _ = self.site.gettext(lang)
        lines = [values["site_name"], _("New on the blog"), ""]
        for article in shown:
            lines += [article["title"], article["day"]]
            if article["summary"]:
                lines.append(article["summary"])
            lines += [article["link"], ""]
        lines += [
            "-- ",
            values["why"],
            _("Cancel the newsletter with one click: %(url)s") % {"url": values["unsubscribe"]},
            _("Privacy policy: %(url)s") % {"url": values["privacy_url"]},
            "",
            *values["impressum"],
            _("Imprint: %(url)s") % {"url": values["impressum_url"]},
        ]
        return "\n".join(lines) + "\n"
