"""CI's way to send the newsletter after a publish: ``POST /kommentare/newsletter/senden``
with ``Authorization: Bearer <READERS_NEWSLETTER_TOKEN>`` and ``mode=publish`` or
``mode=weekly``; `invoke newsletter.send --auto --intake URL` sends it.

The intake sends from a thread of its own, because it is where the subscribers and
the company's relay are (CI has neither). It first resumes an issue left unfinished,
then makes a new one when the mode says it is due and the deployed list has new
articles. The answer says what it started, as JSON, never an address.
"""

import hmac
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable

from werkzeug.wrappers import Request, Response

from intake.newsletter_send import Sender
from intake.reader_site import ReaderSite
from readers.addresses import NEWSLETTER_SEND

MODES = ("publish", "weekly")


class SendTrigger:
    def __init__(self, site: ReaderSite, sender: Callable[[ReaderSite], Sender] = Sender) -> None:
        self.site = site
        self.make_sender = sender
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def handle(self, request: Request) -> Response:
        token = self.site.readers.newsletter_token
        if not token:
            return _json(404, status="off")
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            return _json(401, status="unauthorised")
        if request.method != "POST":
            return _json(405, status="post only")
        mode = request.args.get("mode") or request.form.get("mode", "")
        if mode not in MODES:
            return _json(400, status=f"mode: expected one of {', '.join(MODES)}")
        if not self.site.relay.configured or not self.site.readers.impressum:
            return _json(
                503, status="no relay or no impressum (COMMENTS_SMTP_HOST, READERS_IMPRESSUM)"
            )
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return _json(409, status="busy")
            sender = self.make_sender(self.site)
            if self.site.database.issues.unfinished() is None and not sender.due(mode):
                return _json(200, status="not due")
            outcome = sender.start(mode)
            if outcome is None:
                return _json(200, status="nothing new")
            self._thread = threading.Thread(
                target=sender.send, args=(outcome,), daemon=True, name="newsletter"
            )
            self._thread.start()
        issue = outcome.issue
        counts = self.site.database.issues.counts(issue.id)
        return _json(
            202,
            status="resumed" if outcome.resumed else "sending",
            issue=issue.id,
            articles=len(issue.articles),
            recipients=sum(counts.values()),
        )

    def wait(self, seconds: float) -> bool:
        """Whether the running send ended within ``seconds`` (tests, shutdown)."""
        thread = self._thread
        if thread is not None:
            thread.join(seconds)
        return thread is None or not thread.is_alive()


def _json(code: int, /, **values) -> Response:
    """A JSON answer with HTTP status ``code`` (its "status" field says it in words)."""
    return Response(
        json.dumps(values, ensure_ascii=False), status=code, mimetype="application/json"
    )


class TriggerError(Exception):
    """The intake could not be asked; the message says why."""


def ask_intake(url: str, token: str, mode: str, timeout: float = 60) -> dict:
    """Ask the intake at ``url`` to send the newsletter in ``mode``; its JSON answer."""
    address = f"{url.rstrip('/')}{NEWSLETTER_SEND}?mode={mode}"
    request = urllib.request.Request(
        address,
        data=b"",
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        try:
            said = json.loads(error.read().decode("utf-8")).get("status", "")
        except (ValueError, AttributeError):
            said = ""
        raise TriggerError(f"{address} answered {error.code} {said or error.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise TriggerError(f"{address} could not be reached: {error}") from None
