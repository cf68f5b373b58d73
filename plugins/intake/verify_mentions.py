"""Verifying queued mentions, outside the request that announced them.

For each queued request: fetch the source (mentions.fetcher), check that it links to
the target, read what it says (mentions.source) and put it into the comments'
moderation queue, with the spam rules and the notification of comments:

- a new source becomes a comment row of kind ``mention`` (Webmention) or ``pingback``,
  pending (or spam), and the editors get the usual mail;
- a known source whose title or text changed gets the new text and waits for approval
  again (until then the export leaves it out: nothing appears unseen);
- a known source that answers 410 or no longer links is marked ``gone``; the row stays
  as it is until an editor rejects it (nothing disappears unseen either);
- a source that does not link to the target is refused with that reason.

A worker thread of the intake runs :func:`verify_next` whenever a request arrives;
`invoke mentions.verify` runs the same loop by hand or from a timer.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from comments.model import State
from comments.settings import CommentsSettings
from intake.guard import Submission, spam_reasons
from intake.store import Database, NewComment
from intake.store.mentions import ACCEPTED, GONE, REFUSED, UNCHANGED, Request
from mentions.fetcher import Fetcher, FetchError
from mentions.source import describe, links_to

logger = logging.getLogger(__name__)

KIND = {"webmention": "mention", "pingback": "pingback"}


@dataclass(frozen=True)
class Outcome:
    status: str  # accepted, unchanged, refused, gone
    reason: str
    comment_id: str = ""


class Verifier:
    """Verifies requests of one queue; ``notify(row, article)`` is told of every new row."""

    def __init__(
        self,
        database: Database,
        comments: CommentsSettings,
        fetcher: Fetcher,
        articles: Callable[[], dict],
        notify: Callable[[object, dict], None] = lambda row, article: None,
    ) -> None:
        self.database = database
        self.comments = comments
        self.fetcher = fetcher
        self.articles = articles
        self.notify = notify

    def verify_next(self) -> tuple[Request, Outcome] | None:
        """Claim and verify the oldest queued request; None when the queue is empty."""
        request = self.database.mentions.claim()
        if request is None:
            return None
        try:
            outcome = self.verify(request)
        except Exception:  # never leave a request claimed forever; it is retried later
            logger.exception("Verifying the mention %s failed", request.token)
            raise
        self.database.mentions.finish(
            request.token, outcome.status, outcome.reason, outcome.comment_id
        )
        logger.info(
            "Mention %s from %s: %s %s",
            request.token,
            request.source,
            outcome.status,
            outcome.reason,
        )
        return request, outcome

    def verify_all(self) -> list[tuple[Request, Outcome]]:
        done = []
        while (result := self.verify_next()) is not None:
            done.append(result)
        return done

    def verify(self, request: Request) -> Outcome:
        known = self.database.mentions.known_comment(request.source, request.article)
        try:
            page = self.fetcher.fetch(request.source, headers={"Accept": "text/html, */*;q=0.5"})
        except FetchError as error:
            return Outcome(REFUSED, f"The source could not be fetched: {error}", known)
        if page.status == 410 and known:
            return self.gone(known, "the source answers 410 Gone")
        if page.status >= 400:
            return Outcome(REFUSED, f"The source answers HTTP {page.status}.", known)
        text = page.text()
        if not links_to(text, page.content_type, page.url, request.target):
            if known:
                return self.gone(known, "the source no longer links to the article")
            return Outcome(REFUSED, "The source does not link to the target.")
        info = describe(text, page.url)
        body = info.excerpt + (f"\n\n— {info.author}" if info.author else "")
        body = body.strip() or info.title
        submission = Submission(
            request.article, info.title, "", request.source, body, "", "", True, ""
        )
        reasons = spam_reasons(submission, self.comments, False)
        state = State.SPAM if reasons else State.PENDING
        published = info.published if info.published and info.published < _now() else None
        if known:
            row = self.database.comments.get(known)
            if row is not None and (row.author, row.text) == (info.title, body):
                return Outcome(UNCHANGED, "The mention is known and unchanged.", known)
            self.database.mentions.update_comment(known, info.title, body, state, reasons, None)
            self._tell(known, request)
            return Outcome(ACCEPTED, "The mention was updated and waits for moderation.", known)
        comment_id = self.database.comments.add(
            NewComment(
                article=request.article,
                author=info.title,
                text=body,
                website=request.source,
                kind=KIND[request.protocol],
                state=state,
                spam_reasons=reasons,
                source=request.protocol,
                created=published,
            )
        )
        self._tell(comment_id, request)
        return Outcome(ACCEPTED, "The mention waits for moderation.", comment_id)

    def gone(self, comment_id: str, why: str) -> Outcome:
        row = self.database.comments.get(comment_id)
        if row is not None and row.state == State.APPROVED:
            self.notify_gone(row, why)
        return Outcome(
            GONE,
            f"{why[0].upper()}{why[1:]}; the editors decide whether the mention is removed.",
            comment_id,
        )

    def notify_gone(self, row, why: str) -> None:
        logger.warning(
            "The source of mention %s %s; `invoke comments.reject %s` removes it",
            row.id,
            why,
            row.id,
        )

    def _tell(self, comment_id: str, request: Request) -> None:
        row = self.database.comments.get(comment_id)
        article = dict(self.articles().get(request.article, {}))
        article["url"] = f"{self.comments.site_url.rstrip('/')}/{article.get('url', '')}"
        try:
            self.notify(row, article)
        except Exception:  # the mention is stored; a failing mail must not undo that
            logger.exception("Could not notify the editors of mention %s", comment_id)


def _now() -> datetime:
    return datetime.now(UTC)


class Worker:
    """A thread that verifies queued requests whenever it is woken.

    Nobody waits for it: a Webmention is answered 202 with its status URL, a pingback
    with "received" (Pingback 1.0 lets a server do what it likes with a request), so a
    slow source never holds one of the intake's request threads.
    """

    def __init__(self, verifier: Verifier) -> None:
        self.verifier = verifier
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def wake(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, daemon=True, name="mentions")
                self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            while True:
                try:
                    result = self.verifier.verify_next()
                except Exception:  # noqa: BLE001 (logged by verify_next; the next one still runs)
                    continue
                if result is None:
                    break
