"""What every page and mail for readers shares: the settings, the queue, the texts in
each language of the theme, the relay, the signed links, and reading a form.

The readers' endpoints (``intake.subscriptions``, ``intake.replies``,
``intake.readers_data``, ``intake.reports``) each take this one object instead of a
dozen arguments. No Pelican here.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request, Response

from comments.settings import CommentsSettings
from intake.clients import fingerprint
from intake.formdata import read_form
from intake.guard import HONEYPOT
from intake.mail import Relay
from intake.manifest import Manifest
from intake.reader_links import make_token
from intake.store import Database
from newsroom.i18n import SOURCE_LANGUAGE, catalogue_path, load_translations
from newsroom.text import unquoted
from readers.settings import ReadersSettings, impressum_lines

PAGE = "readers.html"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_FORM_BYTES = 16 * 1024  # the readers' forms are a few hundred bytes


@dataclass(frozen=True)
class Posted:
    """A readers' form as read: its fields, or the answer that refuses it."""

    form: MultiDict
    lang: str  # the language of the page the form was on (one the theme speaks)
    refusal: Response | None = None


class ReaderSite:
    def __init__(
        self,
        settings: CommentsSettings,
        readers: ReadersSettings,
        database: Database,
        manifest: Manifest,
        secret: str,
        link_secret: str,
    ) -> None:
        self.settings = settings
        self.readers = readers
        self.database = database
        self.manifest = manifest
        self.secret = secret  # the client fingerprints and address hashes
        self.link_secret = link_secret  # signs the links in the mails
        self.relay = Relay(settings)
        self.theme = Path(settings.theme_path)
        self._environments: dict[str, Environment] = {}

    # --- languages ---------------------------------------------------------------------
    @property
    def languages(self) -> tuple[str, ...]:
        """The languages of the theme's catalogues, and English (the message ids)."""
        found = {SOURCE_LANGUAGE, self.settings.lang}
        found |= {path.name for path in (self.theme / "translations").iterdir() if path.is_dir()}
        return tuple(sorted(lang for lang in found if lang == SOURCE_LANGUAGE or self._has(lang)))

    def _has(self, lang: str) -> bool:
        return catalogue_path(self.theme, lang).is_file()

    def lang(self, wanted: str | None) -> str:
        """``wanted`` when the theme speaks it, else the site's language."""
        return wanted if wanted in self.languages else self.settings.lang

    def gettext(self, lang: str):
        return load_translations(self.theme, self.lang(lang)).gettext

    def ngettext(self, lang: str):
        return load_translations(self.theme, self.lang(lang)).ngettext

    def template(self, lang: str, name: str) -> Template:
        lang = self.lang(lang)
        if lang not in self._environments:  # one per language, made when first needed
            self._environments[lang] = _environment(self.theme, lang)
        return self._environments[lang].get_template(name)

    # --- addresses ------------------------------------------------------------------------
    @property
    def public(self) -> str:
        return self.settings.public_url.rstrip("/")

    @property
    def site(self) -> str:
        return self.settings.site_url.rstrip("/")

    def link(self, path: str, purpose: str, subject: str, nonce: str) -> str:
        """The absolute address of a signed link below the intake's public address."""
        return f"{self.public}{path}/{make_token(self.link_secret, purpose, subject, nonce)}"

    @property
    def reply_interval_seconds(self) -> int:
        """At most one reply notification per thread and reader within this: what the
        site promises (``Manifest.reply_interval``)."""
        return self.manifest.reply_interval(self.readers.reply_interval_seconds)

    def article_url(self, slug: str) -> str:
        article = self.manifest.articles().get(slug)
        return f"{self.site}/{article['url']}" if article else self.site

    # --- requests -----------------------------------------------------------------------
    def client(self, request: Request) -> str:
        """The rate limit's fingerprint of the reader's client (an IPv6 reader's /64)."""
        return fingerprint(request.remote_addr or "", self.secret)

    def address_hash(self, request: Request) -> str:
        """The proof of where a request came from: a keyed hash of the network address
        (the queue's secret checks an address against it; nothing reads it back)."""
        return self.hash_address(request.remote_addr or "")

    def hash_address(self, address: str) -> str:
        return hmac.new(self.secret.encode(), address.encode(), hashlib.sha256).hexdigest()

    def read(self, request: Request, form_name: str) -> Posted:
        """The posted form, or the refusal for a body that is no form, too large, not
        UTF-8, filled in by a bot (the honeypot) or over the rate limit; in the language
        of its ``lang`` field (the page's)."""
        lang = self.settings.lang
        if request.mimetype not in FORM_TYPES:
            return Posted(MultiDict(), lang, self.refusal(lang, 400, "not a form"))
        data = read_form(request, MAX_FORM_BYTES)
        if data.form is None or data.too_large:
            return Posted(MultiDict(), lang, self.refusal(lang, 413, "too large"))
        lang = self.lang(data.form.get("lang"))
        if data.undecodable:
            return Posted(data.form, lang, self.refusal(lang, 400, "undecodable"))
        if data.form.get(HONEYPOT):
            return Posted(data.form, lang, self.refusal(lang, 400, "honeypot"))
        window = timedelta(seconds=self.settings.rate_window_seconds)
        if not self.database.throttle.take_post(
            self.client(request), form_name, self.settings.rate_limit, window
        ):
            return Posted(data.form, lang, self.refusal(lang, 429, "rate"))
        return Posted(data.form, lang)

    def refusal(self, lang: str, status: int, why: str) -> Response:
        _ = self.gettext(lang)
        texts = {
            "not a form": _("The request is not a form."),
            "too large": _("The request is too large."),
            "undecodable": _("The form contains characters that could not be read."),
            "honeypot": _("The form could not be accepted."),
            "rate": _("You have sent this form often in a short time; please wait a few minutes."),
        }
        return self.message(lang, status, texts[why])

    # --- answers -----------------------------------------------------------------------
    def render(self, lang: str, view: str, status: int = 200, **values) -> Response:
        lang = self.lang(lang)
        html = self.template(lang, PAGE).render(
            view=view,
            lang=lang,
            site_url=self.site,
            site_name=self.readers.site_name,
            privacy_url=f"{self.site}/{self.settings.privacy_url}",
            **values,
        )
        response = Response(html, status=status, mimetype="text/html")
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        # A reader's own data, or a page a signed link opened: never kept by a cache.
        response.headers["Cache-Control"] = "no-store"
        # A page opened from a mail link must not tell the next site its address.
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def message(self, lang: str, status: int, text: str, title: str = "") -> Response:
        return self.render(
            lang, "message", status, message=text, title=title, status_is_error=status >= 400
        )

    # --- mail --------------------------------------------------------------------------
    def mail(self, to: str, subject: str, body: str, lang: str) -> EmailMessage:
        """A plain-text mail to one reader, with the provider's identification below."""
        _ = self.gettext(lang)
        footer = [
            "-- ",
            self.readers.site_name,
            *impressum_lines(self.readers),
            _("Imprint: %(url)s") % {"url": f"{self.site}/{self.readers.impressum_url}"},
            _("Privacy policy: %(url)s") % {"url": f"{self.site}/{self.settings.privacy_url}"},
        ]
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = self.settings.mail_from
        message["To"] = to
        message["Date"] = format_datetime(datetime.now(UTC))
        message["Message-ID"] = make_msgid("leser")
        message["Auto-Submitted"] = "auto-generated"  # no out-of-office answers
        if self.readers.reply_to:  # a public address of the editorial team, if set
            message["Reply-To"] = self.readers.reply_to
        message.set_content(body.rstrip("\n") + "\n\n" + "\n".join(footer) + "\n")
        message["Content-Language"] = self.lang(lang)  # after the body: it clears Content-*
        return message


def _environment(theme: Path, lang: str) -> Environment:
    """The theme's templates with one language's texts."""
    templates = Environment(
        loader=FileSystemLoader(theme / "templates"),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
    )
    templates.install_gettext_translations(load_translations(theme, lang), newstyle=True)
    templates.filters["unquoted"] = unquoted  # a title set in „…“ by the texts
    return templates
