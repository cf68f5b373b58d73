"""Sending an issue: planned from the new articles, sent in batches at the relay's
rate, resumed after an interruption without a second copy for anyone.

``plan()`` says what an issue made now would carry and to whom (nothing written: the
dry run prints it). ``start()`` resumes the issue a send left unfinished, or makes a new
one (``intake.store.issues`` explains how a delivery is claimed before it is handed to
the relay, so that a killed sender never sends it twice). ``send()`` works through the
open deliveries, ``READERS_NEWSLETTER_BATCH_SIZE`` on one connection, no faster than
``READERS_NEWSLETTER_PER_MINUTE``; a relay that asks to wait (4xx) or goes away stops
the run, and the next run goes on where it stopped.
"""

import logging
import smtplib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from intake.newsletter import IssueMail, Recipient, in_language, new_articles
from intake.reader_site import ReaderSite
from intake.store.issues import DOUBT, FAILED, GONE, PENDING, SENT, Issue
from intake.store.subscribers import CONFIRMED
from readers.settings import WEEKDAYS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Plan:
    articles: tuple[dict, ...]
    recipients: dict[str, int]  # language -> confirmed subscribers who get articles

    @property
    def total(self) -> int:
        return sum(self.recipients.values())


@dataclass
class Outcome:
    issue: Issue | None
    counts: Counter = field(default_factory=Counter)
    stopped: str = ""  # why the run stopped before every delivery was done
    resumed: bool = False
    doubt: int = 0  # deliveries a stopped sender left in the relay's hands


class Sender:
    def __init__(
        self,
        site: ReaderSite,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.site = site
        self.mail = IssueMail(site)
        self.sleep = sleep
        self.clock = clock

    # --- what an issue would carry ------------------------------------------------------
    def plan(self, now: datetime | None = None) -> Plan:
        readers = self.site.readers
        articles = new_articles(
            self.site.manifest.articles(),
            self.site.database.issues.sent_slugs(),
            now or datetime.now(UTC),
            readers.newsletter_max_age_days,
            readers.newsletter_max_articles,
        )
        recipients: Counter = Counter()
        for subscriber in self.site.database.subscribers.confirmed():
            lang = self.site.lang(subscriber.lang)
            if in_language(articles, lang, self.site.settings.lang):
                recipients[lang] += 1
        return Plan(tuple(articles), dict(recipients))

    def due(self, mode: str, now: datetime | None = None) -> bool:
        """Whether ``mode`` (READERS_NEWSLETTER_SEND) sends at ``now``: never; after
        every publish; or at the first run on or after the weekday in each week."""
        if mode == "publish":
            return True
        if mode != "weekly":
            return False
        now = now or datetime.now(UTC)
        weekday = WEEKDAYS.index(self.site.readers.newsletter_weekday)
        start = (now - timedelta(days=(now.weekday() - weekday) % 7)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        last = self.site.database.issues.all(limit=1)
        return not last or datetime.fromisoformat(last[0].created) < start

    # --- making or resuming an issue ------------------------------------------------------
    def start(self, reason: str, now: datetime | None = None) -> Outcome | None:
        """The issue to send: the unfinished one, or a new one; None when nothing is new."""
        issues = self.site.database.issues
        unfinished = issues.unfinished()
        if unfinished is not None:
            return Outcome(unfinished, resumed=True, doubt=issues.in_doubt(unfinished.id))
        plan = self.plan(now)
        if not plan.total:
            return None
        site_lang = self.site.settings.lang
        receivers = [
            subscriber.id
            for subscriber in self.site.database.subscribers.confirmed()
            if in_language(plan.articles, self.site.lang(subscriber.lang), site_lang)
        ]
        issue, new = issues.create(list(plan.articles), reason, receivers)
        if issue is None:  # another sender sent these articles meanwhile
            return None
        if not new:  # another sender's issue is open: go on with it, never a second one
            return Outcome(issue, resumed=True)
        logger.info(
            "Newsletter %s: %d articles for %d readers",
            issue.id,
            len(plan.articles),
            len(receivers),
        )
        return Outcome(issue)

    # --- sending --------------------------------------------------------------------------
    def send(self, outcome: Outcome, progress=None) -> Outcome:
        """Send the open deliveries of ``outcome.issue``; the counts say how it ended."""
        issue = outcome.issue
        assert issue is not None
        readers = self.site.readers
        interval = 60.0 / readers.newsletter_per_minute
        last = None
        while not outcome.stopped:
            try:
                with self.site.relay.session() as smtp:
                    for _number in range(readers.newsletter_batch_size):
                        subscriber = self.site.database.issues.claim(issue.id)
                        if subscriber is None:
                            break
                        if last is not None:
                            self.sleep(max(0.0, last + interval - self.clock()))
                        last = self.clock()
                        self.deliver(smtp, issue, subscriber, outcome)
                        if progress is not None:
                            progress.advance(1)
                        if outcome.stopped:
                            break
                    else:
                        continue  # a full batch: a new connection for the next one
                    break  # no delivery left, or stopped
            except (OSError, smtplib.SMTPException) as error:
                outcome.stopped = f"the relay cannot be reached: {error}"
        outcome.counts = self.site.database.issues.counts(issue.id)
        if self.site.database.issues.finish(issue.id):
            logger.info("Newsletter %s sent: %s", issue.id, dict(outcome.counts))
        return outcome

    def deliver(self, smtp: smtplib.SMTP, issue: Issue, subscriber_id: str, outcome) -> None:
        """Hand one mail to the relay and record how that went."""
        issues = self.site.database.issues
        subscriber = self.site.database.subscribers.get(subscriber_id)
        if subscriber is None or subscriber.state != CONFIRMED:
            issues.settle(issue.id, subscriber_id, GONE, "unsubscribed before the send")
            return
        recipient = Recipient(
            subscriber.id, subscriber.email, subscriber.lang, subscriber.nonce, subscriber.confirmed
        )
        lang = self.site.lang(subscriber.lang)
        articles = in_language(issue.articles, lang, self.site.settings.lang)
        try:
            smtp.send_message(self.mail.message(issue.id, articles, recipient))
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()), (550, b""))
            self._refused(issue, subscriber_id, code, text, outcome)
        except smtplib.SMTPResponseException as error:
            self._refused(issue, subscriber_id, error.smtp_code, error.smtp_error, outcome)
        except (OSError, smtplib.SMTPException) as error:
            # The mail may or may not have reached the relay: never sent again.
            issues.settle(issue.id, subscriber_id, DOUBT, f"the relay went away: {error}")
            outcome.stopped = f"the relay went away: {error}"
        else:
            issues.settle(issue.id, subscriber_id, SENT)

    def _refused(self, issue, subscriber_id, code: int, text, outcome) -> None:
        detail = f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
        if 400 <= code < 500:  # the relay asks to come back later: the next run does
            self.site.database.issues.settle(issue.id, subscriber_id, PENDING, detail)
            outcome.stopped = f"the relay asks to wait ({detail})"
        else:
            self.site.database.issues.settle(issue.id, subscriber_id, FAILED, detail)
