"""``/kommentare/moderation``: the editorial team's page on the intake, and the
confirmation pages of the links in the notification mail.

Plain HTML forms, no JavaScript, made for a phone: every waiting comment shows its whole
text and its actions (approve, reject with a reason, spam, approve and reply) in the
queue itself; each action comes back to the queue with a line saying what was done.
Without a session every URL answers with the log-in page and nothing else. A session is
a random id in an HttpOnly, SameSite=Strict cookie (Secure when the intake's public
address is https), renewed at every log-in; each form carries the session's CSRF token.
Failed log-ins are counted per address and per name. Every action is recorded in the
journal (who, when, what) and announced (``MODERATED``), so that CI publishes it.

The pages load only the intake's own files (``static``): the theme's stylesheet and
fonts and the page's own stylesheet, read from the theme folder the templates come from,
so they look right wherever the intake runs, without the site.
"""

import hmac
import re
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

from werkzeug.wrappers import Request, Response

from comments.model import State
from comments.settings import CommentsSettings
from intake import labels
from intake.clients import fingerprint
from intake.events import MODERATED, Events
from intake.manifest import Manifest
from intake.moderation import ModerationError, reply
from intake.pages import Pages
from intake.store import Database
from intake.store.editors import Session
from intake.tokens import LinkError, read_token
from newsroom.cache import file_digest
from newsroom.i18n import N_

BASE = "/kommentare/moderation"
SESSION_COOKIE = "moderation_session"
LOGIN_COOKIE = "moderation_login"  # double-submit token of the log-in form
STATES = {
    "approve": (State.APPROVED, ""),
    "reject": (State.REJECTED, ""),
    "spam": (State.SPAM, "marked as spam by the editorial team"),
}
LINK_ERRORS = {
    "expired": N_("This link has expired. Please moderate the comment on the moderation page."),
    "forged": N_("This link is not valid. Nothing was changed."),
    "other-comment": N_("This link belongs to another comment. Nothing was changed."),
    "used": N_("This link has already been used. Nothing was changed."),
    "done": N_("This comment has already been moderated. Nothing was changed."),
}
MAIL_LINK_EDITOR = labels.MAIL_LINK_EDITOR
BACK_TO_QUEUE = "liste"  # the form field "zurueck" of the forms in the queue
# The files the pages load (below the theme's static folder), and their types.
STATIC = re.compile(r"^(css/(site|moderation)\.css|fonts/[a-z0-9-]+\.woff2|img/favicon\.svg)$")
# (werkzeug adds the charset to text types)
TYPES = {".css": "text/css", ".woff2": "font/woff2", ".svg": "image/svg+xml"}
POLICY = (
    "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class ModerationPages:
    """The pages below ``BASE`` (their routes are in ``intake.app.ROUTES``)."""

    def __init__(
        self,
        settings: CommentsSettings,
        database: Database,
        manifest: Manifest,
        pages: Pages,
        secret: str,
        link_secret: str,
        events: Events | None = None,
        publishes_at_once: bool = False,  # CI is asked to publish (intake.ci_trigger)
    ) -> None:
        self.settings = settings
        self.database = database
        self.manifest = manifest
        self.gettext = pages.gettext
        self.page = pages.template("comments_moderation.html")
        self.secret = secret  # for the client fingerprints
        self.link_secret = link_secret  # signs the links of the mails
        self.secure = self.settings.public_url.startswith("https://")
        self.events = events or Events()
        self.publishes_at_once = publishes_at_once
        self.static_folder = Path(settings.theme_path) / "static"
        self._digests: dict[str, list] = {}  # path -> newsroom.cache.file_digest's record

    def handle(self, request: Request, endpoint: str, values: dict) -> Response:
        """The answer of ``endpoint`` (queue, login, logout, comment, link or static)."""
        if endpoint == "static":
            return self.static(request, **values)
        if endpoint == "link":
            response = self.link(request, **values)
        else:
            session = self.database.editors.session(request.cookies.get(SESSION_COOKIE, ""))
            if endpoint == "login" and request.method == "POST":
                response = self.login(request)
            elif session is None:
                response = self.login_page(request, status=401)
            else:
                response = getattr(self, endpoint)(request, session, **values)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Content-Security-Policy"] = POLICY
        return response

    # --- rendering -------------------------------------------------------------------
    def render(self, view: str, status: int = 200, **values) -> Response:
        _ = self.gettext
        settings = self.settings
        html = self.page.render(
            view=view,
            lang=settings.lang,
            site_url=settings.site_url.rstrip("/"),
            base=BASE,
            asset=self.asset,
            when=lambda value: labels.moment(value, settings.timezone, settings.lang),
            state_label=lambda value: labels.state(value, _),
            action_label=lambda value: labels.action(value, _),
            editor_label=lambda value: labels.editor(value, _),
            detail_label=lambda action, value: labels.detail(action, value, _),
            reason_label=lambda value: labels.spam_reason(value, _),
            publishes_at_once=self.publishes_at_once,
            **values,
        )
        return Response(html, status=status, mimetype="text/html")

    def asset(self, name: str) -> str:
        """The address of a theme file, with its content's hash (cached a year)."""
        return f"{BASE}/static/{name}?v={self._digest(self.static_folder / name)}"

    def _digest(self, path: Path) -> str:
        """Ten hex digits of the file's SHA-256, read again only when it changed."""
        try:
            known, _data = file_digest(path, self._digests.get(str(path)))
        except OSError:
            return "0"
        self._digests[str(path)] = known
        return known[2][:10]

    def static(self, request: Request, name: str) -> Response:
        path = self.static_folder / name
        if not STATIC.match(name) or not path.is_file():
            return Response("Not found", status=404, mimetype="text/plain")
        response = Response(path.read_bytes(), mimetype=TYPES[path.suffix])
        lasting = request.args.get("v") == self._digest(path)
        response.headers["Cache-Control"] = (
            "public, max-age=31536000, immutable" if lasting else "no-cache"
        )
        return response

    def login_page(self, request: Request, status: int = 200, message: str = "") -> Response:
        token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
        target = request.path if request.path.startswith(BASE) else BASE
        response = self.render(
            "login",
            status,
            login_token=token,
            next=target if "/link/" not in target else BASE,
            message=self.gettext(message) if message else "",
        )
        self.set_cookie(response, LOGIN_COOKIE, token, max_age=3600)
        return response

    def set_cookie(self, response: Response, name: str, value: str, max_age: int) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path=BASE,
            secure=self.secure,
            httponly=True,
            samesite="Strict",
        )

    # --- log-in, log-out ---------------------------------------------------------------
    def login(self, request: Request) -> Response:
        form = request.form
        expected = request.cookies.get(LOGIN_COOKIE, "")
        if not expected or not hmac.compare_digest(form.get("login_token", ""), expected):
            return self.login_page(request, 400, N_("The form has expired; please try again."))
        name = " ".join(form.get("name", "").split())
        client = fingerprint(request.remote_addr or "", self.secret)
        window = timedelta(seconds=self.settings.login_window_seconds)
        editors = self.database.editors
        limit = self.settings.login_limit
        # Counted before the (slow) password check, in one step with the count.
        limits = {client: limit, f"name:{name}": 2 * limit}
        attempt = editors.take_attempt(limits, window)
        if not attempt:
            return self.login_page(
                request, 429, N_("Too many failed log-ins; please wait a few minutes.")
            )
        if not editors.verify(name, form.get("password", "")):
            return self.login_page(request, 401, N_("Name or password is not right."))
        editors.forget_attempt(limits, attempt)
        lifetime = timedelta(seconds=self.settings.session_seconds)
        # A new id at every log-in: an id planted in the browser before stays worthless.
        session_id = editors.open_session(name, lifetime, request.cookies.get(SESSION_COOKIE, ""))
        target = form.get("next", BASE)
        response = Response(status=303, headers={"Location": _inside(target)})
        self.set_cookie(response, SESSION_COOKIE, session_id, self.settings.session_seconds)
        response.delete_cookie(LOGIN_COOKIE, path=BASE)
        return response

    def logout(self, request: Request, session: Session) -> Response:
        if request.method != "POST" or not _csrf_ok(request, session):
            return self.render("error", 400, message=self._csrf_message())
        self.database.editors.close_session(request.cookies.get(SESSION_COOKIE, ""))
        response = Response(status=303, headers={"Location": BASE})
        response.delete_cookie(SESSION_COOKIE, path=BASE, secure=self.secure, httponly=True)
        return response

    def _csrf_message(self) -> str:
        return self.gettext("The form has expired; please try again.")

    # --- the queue and one comment --------------------------------------------------------
    def queue(self, request: Request, session: Session) -> Response:
        rows = self.database.comments.rows()
        waiting = [r for r in rows if r.state in (State.PENDING, State.SPAM)]
        others = [r for r in rows if r.state not in (State.PENDING, State.SPAM)][:50]
        by_id = {r.id: r for r in rows}
        done = by_id.get(request.args.get("kommentar", ""))
        return self.render(
            "queue",
            session=session,
            waiting=waiting,
            others=others,
            parents=by_id,
            done=request.args.get("erledigt", "") if done else "",
            done_row=done,
            **self._context(),
        )

    def _context(self) -> dict:
        """What every card needs: the articles and who may reply on each."""
        articles = self.manifest.articles()
        editorial = self.gettext("Editorial team")
        return {
            "articles": articles,
            "voices_of": lambda row: [
                *articles.get(row.article, {}).get("authors", ()),
                editorial,
            ],
        }

    def comment(self, request: Request, session: Session, comment_id: str) -> Response:
        row = self.database.comments.get(comment_id)
        if row is None:
            return self.render("error", 404, session=session, message=self._missing())
        if request.method == "POST":
            return self.act(request, session, row)
        return self.comment_page(session, row, done=request.args.get("erledigt", ""))

    def _missing(self) -> str:
        return self.gettext("There is no such comment.")

    def comment_page(
        self, session: Session, row, done: str = "", status: int = 200, message: str = ""
    ) -> Response:
        return self.render(
            "comment",
            status,
            session=session,
            row=row,
            parents=self._parent_of(row),
            actions=self.database.journal.actions(row.id),
            done=done,
            message=message,
            **self._context(),
        )

    def _parent_of(self, row) -> dict:
        """The comment ``row`` replies to, for its card ("Antwort auf …"), by id."""
        parent = self.database.comments.get(row.reply_to) if row.reply_to else None
        return {parent.id: parent} if parent else {}

    def act(self, request: Request, session: Session, row) -> Response:
        if not _csrf_ok(request, session):
            return self.render("error", 400, session=session, message=self._csrf_message())
        action = request.form.get("action", "")
        reason = " ".join(request.form.get("reason", "").split())[:500]
        if action in STATES:
            self._set_state(row, action, session.editor, reason)
        elif action == "reply":
            text = request.form.get("text", "")[: self.settings.max_text]
            voice = request.form.get("voice", "")
            if not text.strip() or not voice.strip():  # checked before anything changes
                message = self.gettext("Please write a reply.")
                return self.comment_page(session, row, status=400, message=message)
            if row.state != State.APPROVED:  # "approve and reply": a reply needs a parent
                self._set_state(row, "approve", session.editor, "")
            try:
                reply(
                    self.database,
                    None,
                    row.id,
                    text,
                    voice,
                    self.manifest.articles(),
                    editor=session.editor,
                )
            except ModerationError as error:
                return self.comment_page(session, row, status=400, message=str(error))
            self.database.journal.record(row.id, session.editor, "replied")
        else:
            return self.render("error", 400, session=session, message=self._missing())
        self.events.emit(MODERATED, row.id, action)
        if request.form.get("zurueck") == BACK_TO_QUEUE:
            query = urlencode({"erledigt": action, "kommentar": row.id})
            return Response(status=303, headers={"Location": f"{BASE}?{query}#meldung"})
        location = f"{BASE}/kommentar/{quote(row.id)}?erledigt={action}"
        return Response(status=303, headers={"Location": location})

    def _set_state(self, row, action: str, editor: str, reason: str) -> None:
        state, default_reason = STATES[action]
        with self.database.transaction() as connection:
            self.database.comments.set_state_in(
                connection, [row.id], state, reason or default_reason
            )
        self.database.journal.record(row.id, editor, action, reason)

    # --- the links of the notification mail -----------------------------------------------
    def link(self, request: Request, comment_id: str, token: str) -> Response:
        row = self.database.comments.get(comment_id)
        try:
            link = read_token(
                self.link_secret, token, comment_id, self.settings.link_max_age_seconds
            )
        except LinkError as error:
            return self.link_error(error.reason, 403 if error.reason != "expired" else 410)
        if row is None:
            return self.render("error", 404, message=self._missing())
        if row.state not in (State.PENDING, State.SPAM):
            return self.link_error("done", 409, row=row)
        if request.method != "POST":  # mail scanners follow links: a GET only asks
            return self.render(
                "confirm",
                row=row,
                action=link.action,
                parents=self._parent_of(row),
                **self._context(),
            )
        state, reason = STATES[link.action]
        with self.database.transaction() as connection:
            if not self.database.journal.use_link(connection, link.nonce):
                used = True
            else:
                used = False
                self.database.comments.set_state_in(connection, [row.id], state, reason)
        if used:
            return self.link_error("used", 409, row=row)
        self.database.journal.record(row.id, MAIL_LINK_EDITOR, link.action)
        self.events.emit(MODERATED, row.id, link.action)
        row = self.database.comments.get(row.id)
        return self.render(
            "confirmed",
            row=row,
            action=link.action,
            parents=self._parent_of(row),
            **self._context(),
        )

    def link_error(self, reason: str, status: int, row=None) -> Response:
        return self.render("error", status, message=self.gettext(LINK_ERRORS[reason]), row=row)


def _csrf_ok(request: Request, session: Session) -> bool:
    return hmac.compare_digest(request.form.get("csrf", ""), session.csrf)


def _inside(target: str) -> str:
    """Only our own pages after a log-in (never an address elsewhere)."""
    return target if target.startswith(f"{BASE}") and "//" not in target else BASE
