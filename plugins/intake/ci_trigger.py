"""Asking CI to sync and publish as soon as what the site shows has changed.

Whenever a moderation changes the published comments (an approval, a reply, a
published comment rejected or marked as spam, an erasure), the queue's change log gets a
line (``journal.changes``). The trigger sees the lines CI has not been told of and makes
one call: GitHub's ``repository_dispatch`` API for ``COMMENTS_DISPATCH_REPOSITORY``
(event type ``comments-moderated``, which ``comments.yml`` listens to), or the same JSON
POST to ``COMMENTS_DISPATCH_URL`` for any other CI.

- Never in the editor's request: the page only wakes a thread, which calls.
- Debounced: a call waits until the editors have paused for
  ``COMMENTS_DISPATCH_QUIET_SECONDS`` (10), but never longer than
  ``COMMENTS_DISPATCH_MAX_WAIT_SECONDS`` (60) after the first change it covers, so ten
  approvals one after another make one call and one run.
- One call for all processes: the state lives in the queue (``store/dispatch.py``); a
  process claims the call in a transaction, so gunicorn workers (or the shell tasks,
  whose changes a worker finds on its next look) never call twice for one change.
- Retried: a failed call is made again after 10 s, 20 s, 40 s … (at most 10 minutes
  apart) until CI accepts it; the changes made meanwhile join it.
- The token is sent only in the Authorization header, never logged, never followed to a
  redirect's address; a logged address has no query string or user part.
"""

import contextlib
import json
import logging
import re
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from comments.settings import CommentsSettings
from intake.events import MODERATED, Events
from intake.store import Database
from intake.store.dispatch import Dispatch, Waiting

logger = logging.getLogger(__name__)

EVENT_TYPE = "comments-moderated"  # comments.yml: on repository_dispatch, types
GITHUB_API = "https://api.github.com"
REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
TIMEOUT_SECONDS = 15
LEASE = timedelta(seconds=2 * TIMEOUT_SECONDS)  # a claim outlives one call
IDLE_CHECK_SECONDS = 5.0  # changes of other processes are found this soon
FIRST_RETRY_SECONDS, LAST_RETRY_SECONDS = 10, 600
LOUD_AFTER = 5  # failures in a row before each one is logged as an error


class ConfigurationError(ValueError):
    """A dispatch setting that cannot work; names the setting."""


@dataclass(frozen=True)
class Target:
    url: str
    token: str = field(repr=False)
    github: bool  # GitHub's API: its headers, and 204 as the answer

    @property
    def shown(self) -> str:
        """The address as logs may show it: no user part, no query, no fragment."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname or ''}{_port(parts)}{parts.path}"


def _port(parts) -> str:
    return f":{parts.port}" if parts.port else ""


def target_of(settings: CommentsSettings) -> Target | None:
    """Where to call, from the COMMENTS_DISPATCH_* settings (None: no call is made)."""
    repository, url = settings.dispatch_repository.strip(), settings.dispatch_url.strip()
    if repository and not REPOSITORY.match(repository):
        raise ConfigurationError(
            f'COMMENTS_DISPATCH_REPOSITORY is "{repository}"; expected owner/name, '
            "e.g. hafenlicht/blog"
        )
    if url and urlsplit(url).scheme not in ("https", "http"):
        raise ConfigurationError(
            "COMMENTS_DISPATCH_URL must be an http(s) address, e.g. "
            "https://api.github.com/repos/hafenlicht/blog/dispatches"
        )
    if repository and not url:
        url = f"{GITHUB_API}/repos/{repository}/dispatches"
    if not url:
        return None
    if repository and not settings.dispatch_token:
        raise ConfigurationError(
            "COMMENTS_DISPATCH_REPOSITORY is set but COMMENTS_DISPATCH_TOKEN is empty; "
            "GitHub needs a token that may write the repository's contents"
        )
    return Target(url, settings.dispatch_token, github=bool(repository))


def due_at(waiting: Waiting, quiet: timedelta, max_wait: timedelta) -> datetime:
    """When the call covering ``waiting`` may be made: after a pause of ``quiet``, at
    most ``max_wait`` after the first change, never before a retry's time."""
    due = min(waiting.last + quiet, waiting.first + max_wait)
    if waiting.retry_at:
        due = max(due, datetime.fromisoformat(waiting.retry_at))
    return due


def retry_delay(failures: int) -> timedelta:
    """10 s after the first failure, doubling, at most 10 minutes."""
    return timedelta(
        seconds=min(FIRST_RETRY_SECONDS * 2 ** max(failures - 1, 0), LAST_RETRY_SECONDS)
    )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: urllib would send the Authorization header along."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def call(target: Target, newest: int) -> str:
    """POST the dispatch; "" when CI accepted it, else the reason (without the token)."""
    body = json.dumps(
        {"event_type": EVENT_TYPE, "client_payload": {"changes": newest}}, sort_keys=True
    ).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "Hafenlicht-Intake"}
    if target.github:
        headers["Accept"] = "application/vnd.github+json"
        headers["X-GitHub-Api-Version"] = "2022-11-28"
    if target.token:
        headers["Authorization"] = f"Bearer {target.token}"
    request = urllib.request.Request(target.url, data=body, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as answer:
            answer.read(64 * 1024)
            return ""
    except urllib.error.HTTPError as error:
        detail = _message(error.read(64 * 1024))
        reason = f"answered HTTP {error.code}" + (f": {detail}" if detail else "")
    except (urllib.error.URLError, OSError) as error:
        reason = f"could not be reached ({getattr(error, 'reason', error)})"
    return reason.replace(target.token, "***") if target.token else reason


def _message(body: bytes) -> str:
    """GitHub's {"message": …}, or the start of any other answer, on one line."""
    text = body.decode("utf-8", "replace")
    with contextlib.suppress(ValueError, AttributeError):
        text = str(json.loads(text).get("message", text))
    return " ".join(text.split())[:200]


class CITrigger:
    """The thread that makes the calls (one per intake process)."""

    def __init__(
        self,
        target: Target,
        dispatch: Dispatch,
        quiet: timedelta,
        max_wait: timedelta,
    ) -> None:
        self.target = target
        self.dispatch = dispatch
        self.quiet, self.max_wait = quiet, max_wait
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def due(self, waiting: Waiting) -> datetime:
        return due_at(waiting, self.quiet, self.max_wait)

    def step(self, now: datetime | None = None) -> float:
        """Make the call if one is due; the seconds until it is worth looking again."""
        now = now or datetime.now(UTC)
        newest = self.dispatch.claim(now, self.due, LEASE)
        if newest is not None:
            self._call(newest, now)
        waiting = self.dispatch.waiting()
        if waiting is None:
            return IDLE_CHECK_SECONDS
        until = (self.due(waiting) - now).total_seconds()
        return min(max(until, 0.05), IDLE_CHECK_SECONDS)

    def _call(self, newest: int, now: datetime) -> None:
        reason = call(self.target, newest)
        if not reason:
            self.dispatch.handed(newest, now)
            logger.info(
                "Asked CI to publish the changes up to %d: POST %s accepted",
                newest,
                self.target.shown,
            )
            return
        failures = self.dispatch.failed(now, reason, retry_delay)
        level = logging.ERROR if failures >= LOUD_AFTER else logging.WARNING
        logger.log(
            level,
            "Could not ask CI to publish (failure %d): POST %s %s; trying again in %d s",
            failures,
            self.target.shown,
            reason,
            retry_delay(failures).total_seconds(),
        )

    # --- the thread ---------------------------------------------------------------------
    def wake(self, *_event: object) -> None:
        """An editor changed something: look now (the request does not wait)."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True, name="ci-trigger")
            self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=TIMEOUT_SECONDS + 5)

    def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                wait = self.step()
            except Exception:  # a locked or broken queue file: look again later
                logger.exception("The CI trigger could not read the queue")
                wait = IDLE_CHECK_SECONDS
            self._wake.wait(wait)
            self._wake.clear()


def start_trigger(settings: CommentsSettings, database: Database, events: Events):
    """The running trigger of an intake process (None when no call is configured); it
    wakes at every moderation of this process and looks for the others' changes."""
    target = target_of(settings)
    if target is None:
        if settings.sync_token:
            logger.warning(
                "COMMENTS_DISPATCH_REPOSITORY (or COMMENTS_DISPATCH_URL) is not set: approved "
                "comments wait for the comments workflow's schedule"
            )
        return None
    trigger = CITrigger(
        target,
        database.dispatch,
        timedelta(seconds=settings.dispatch_quiet_seconds),
        timedelta(seconds=settings.dispatch_max_wait_seconds),
    )
    events.on(MODERATED, trigger.wake)
    trigger.start()
    return trigger
