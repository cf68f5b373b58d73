"""Reply notifications: "Benachrichtigen Sie mich bei Antworten" under the comment form.

The comment form asks for it (``REPLIES_WANTED``, after the comment is committed); a
mail asks the reader to confirm (double opt-in, as for the newsletter). The opt-in is
per address (``intake.store.reply_subscriptions``): an address that confirmed before
needs no new mail, and one mail's link confirms every comment the address is waiting
for. So a comment whose mail the resend window holds back is covered by the earlier
mail's link, and one that no earlier link covers gets its mail at once. A reader hears
of a reply only once it is **published**: when its id is in the deployed site's list of
articles (``kommentare/artikel.json``, which a publish writes with the comments that
went live). Approved in the queue is not enough: the sync and the next publish bring
it to the site, and the link in the mail must show it. The intake's round
(``intake.readers.Rounds``) looks every ``READERS_REPLY_CHECK_SECONDS``.

Never for the reader's own replies (same address), at most one mail per thread and
address within the interval the site promises (its build's
``READERS_REPLY_INTERVAL_SECONDS``, in the list of articles: ``Manifest.reply_interval``;
what arrives meanwhile goes into the next one), one-click unsubscribe for the thread and
for every thread.

Both unsubscribe links name the address (a keyed hash, as the newsletter's do:
``intake.subscriptions``), the thread's by its first comment, not a row: a reader who
stopped a thread, asked again in it and then uses the link of an old notice ends the
notifications they get now, pending ones included, since withdrawing consent must be as
easy as giving it (GDPR Art. 7(3)) and a mail program's "unsubscribe" means "no more of
these" (RFC 8058). "Every thread" ends the requests still waiting for their confirmation
too: confirmed later (a new request's link confirms every waiting one), they would mail
a reader who said "stop everything". Thread links mailed before named the row; when that
row is gone, the page says so truthfully and points to the link in the latest notice,
since the address cannot be known from them. Every page says what its link ended and what
goes on: a conversation's names its article and counts the address's other conversations
with confirmed notifications (the link found the address's rows anyway), since "no more
mails about replies" would be untrue while those go on.

The replies of a mail are marked as told before it goes, so that two intakes on one
database never tell a reader twice. When the relay surely did not take it (no session
could be opened, or it answered the message with 4xx: ``Relay.deliver``), the marks are
taken back and the thread's next mail carries those replies (after the hour's limit,
which the failed mail took: a reader never gets two mails within it); after a timeout
or a lost connection the relay may hold the mail, and a 5xx refusal stays one: those are
logged, not repeated.
"""

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from werkzeug.wrappers import Request, Response

from comments.model import State
from intake.mail import Handover
from intake.mail_text import one_line
from intake.reader_links import ReaderLink, read_token
from intake.reader_site import ReaderSite
from intake.store import Row
from intake.store.reply_subscriptions import (
    CONFIRM_MAIL,
    CONFIRMED,
    PENDING,
    ReplySubscription,
)
from intake.store.throttle import address_key, email_key
from intake.subscriptions import asked_lang, link_refusal
from intake.tokens import LinkError
from newsroom.text import unquoted
from readers.addresses import REPLIES_CONFIRM, REPLIES_OFF, REPLIES_OFF_ALL

logger = logging.getLogger(__name__)
ALL = "all"  # the nonce of an "every thread" link, whose subject is the address's key
# How the nonce of a "this conversation" link whose subject is the address's key begins;
# the thread's first comment follows. (A row's nonce, which links mailed before name, is
# hexadecimal: it never begins so.)
THREAD = "thread:"


@dataclass(frozen=True)
class Stopping:
    """What an unsubscribe link ends, and what of its address goes on: the page after a
    stopped conversation must not say that every notification ended."""

    ends: list[ReplySubscription]  # pending ones included
    email: str  # the address the link names, when it has a subscription left; else ""
    # How many other conversations of the address have confirmed notifications (pending
    # ones send nothing yet: not "going on" for the reader)
    going_on: int = 0
    article: str = ""  # the conversation's article, when known
    lang: str = ""  # the language of the address's notifications, when it has any


class Replies:
    def __init__(self, site: ReaderSite) -> None:
        self.site = site

    # --- asking -------------------------------------------------------------------------
    def wanted(self, row: Row, remote_addr: str) -> None:
        """The comment form's reader wants to hear of replies to ``row``: a subscription,
        confirmed at once for an address that confirmed before, else pending with the
        mail that asks to confirm it (held back within the window only while an earlier
        mail's link, which confirms this one too, is still waiting)."""
        site = self.site
        if not site.relay.configured or not row.email:
            return
        article = site.manifest.articles().get(row.article, {})
        lang = site.lang(article.get("lang"))
        address = site.hash_address(remote_addr)
        subscriptions = site.database.reply_subscriptions
        subscription = subscriptions.request(row.id, row.article, row.email, lang, address)
        if subscription.state == CONFIRMED:
            logger.info("Reply notifications for %s: the address confirmed before", row.id)
            return
        covered = any(s.id != subscription.id for s in subscriptions.pending_of(row.email))
        window = timedelta(seconds=site.readers.resend_window_seconds if covered else 0)
        if site.database.throttle.take_mail(row.email, CONFIRM_MAIL, window):
            site.relay.send_later(self.confirmation(subscription), "a reply-notification request")

    def confirmation(self, subscription: ReplySubscription):
        site = self.site
        _ = site.gettext(subscription.lang)
        link = site.link(REPLIES_CONFIRM, "replies-confirm", subscription.id, subscription.nonce)
        values = {
            "title": self.title(subscription.article),
            "days": site.readers.confirm_max_age_seconds // 86400,
            "site": site.readers.site_name,
        }
        body = "\n\n".join(
            [
                _("Hello,"),
                _(
                    "with your comment on “%(title)s” you asked to be told of replies. "
                    "Please confirm it with this link (valid for %(days)d days):"
                )
                % values,
                link,
                # Not "no further mail": the address may get the newsletter, or
                # notifications it confirmed before.
                _(
                    "If you did not ask for it, do nothing: without your confirmation we "
                    "send this address no notifications of replies."
                ),
            ]
        )
        subject = _("Please confirm: replies to your comment on %(site)s") % values
        return site.mail(subscription.email, subject, body, subscription.lang)

    def title(self, slug: str) -> str:
        return unquoted(
            one_line(str(self.site.manifest.articles().get(slug, {}).get("title", slug)))
        )

    # --- the links -----------------------------------------------------------------------
    def confirm(self, request: Request, token: str) -> Response:
        site = self.site
        try:
            link = read_token(
                site.link_secret, "replies-confirm", token, site.readers.confirm_max_age_seconds
            )
        except LinkError as error:
            return link_refusal(site, error.reason, request)
        subscription = site.database.reply_subscriptions.get(link.subject)
        if subscription is None or subscription.nonce != link.nonce:
            return link_refusal(site, "gone", request)
        # One link confirms every request of the address still waiting (the mail named
        # only its own comment), so the page says how many more it turns on.
        waiting = [
            s
            for s in site.database.reply_subscriptions.pending_of(subscription.email)
            if s.id != subscription.id
        ]
        values = {
            "title_of_article": self.title(subscription.article),
            "more_comments": len(waiting) if subscription.state == PENDING else 0,
            "reply_interval_seconds": site.reply_interval_seconds,
        }
        if request.method == "POST":
            confirmed = site.database.reply_subscriptions.confirm(
                link.subject, link.nonce, site.address_hash(request)
            )
            if confirmed is None:
                return link_refusal(site, "gone", request)
            return site.render(confirmed.lang, "replies_confirmed", **values)
        view = "replies_confirmed" if subscription.state == CONFIRMED else "replies_confirm"
        return site.render(subscription.lang, view, **values)

    def unsubscribe(self, request: Request, token: str, scope: str) -> Response:
        """Stop the notifications of one thread (``scope`` "thread") or every thread of
        the address ("all"); a GET asks, a POST (also a mail client's one-click) acts."""
        site = self.site
        purpose = "replies-off-all" if scope == ALL else "replies-off"
        try:
            link = read_token(site.link_secret, purpose, token, None)
        except LinkError as error:
            return link_refusal(site, error.reason, request)
        stopping = self.covered(link, scope)
        found = stopping.ends
        lang = stopping.lang or asked_lang(site, request)
        # A link of the address tells surely that nothing is left to stop; one that named
        # the row of an earlier subscription cannot tell what the address has now.
        earlier = not found and scope != ALL and not link.nonce.startswith(THREAD)
        values = {
            "scope": scope,
            "title_of_article": self.title(stopping.article) if stopping.article else "",
            "other_conversations": stopping.going_on,
            # Where the notifications that go on can be stopped too.
            "every_link": self.every_link(stopping.email) if stopping.going_on else "",
        }
        if request.method != "POST" or earlier:
            return site.render(
                lang, "replies_off", subscribed=bool(found), earlier=earlier, **values
            )
        subscriptions = site.database.reply_subscriptions
        if scope == ALL and found:
            # Every row of the address in one step: also one asked for since the lookup.
            subscriptions.remove_email(found[0].email)
        else:
            for subscription in found:
                subscriptions.remove(subscription.id)
        return site.render(lang, "replies_off_done", **values)

    def covered(self, link: ReaderLink, scope: str) -> Stopping:
        """The subscriptions a link stops, pending ones included: every one of the address
        ("all"), or those of the address in the link's thread, and the address's other
        conversations, which go on. A thread link names the address and the thread's
        first comment; one mailed before names a row, and stops that row's thread while
        the row lives."""
        site = self.site
        subscriptions = site.database.reply_subscriptions
        if scope == ALL:
            mine = subscriptions.of_address_key(link.subject, site.secret)
            return Stopping(mine, mine[0].email, lang=mine[0].lang) if mine else Stopping([], "")
        if link.nonce.startswith(THREAD):
            mine = subscriptions.of_address_key(link.subject, site.secret)
            comment = link.nonce.removeprefix(THREAD)
        else:
            own = subscriptions.get(link.subject)
            if own is None or own.nonce != link.nonce:
                return Stopping([], "")
            mine, comment = subscriptions.of_email(own.email), own.comment
        first = site.database.comments.get(comment)  # names the conversation's article
        article = first.article if first is not None else ""
        if not mine:
            return Stopping([], "", article=article)
        roots = ThreadRoots(site.database.comments.rows())
        root = roots.of(comment)
        ends = [s for s in mine if roots.of(s.comment) == root]
        going_on = {roots.of(s.comment) for s in mine if s.state == CONFIRMED} - {root}
        return Stopping(
            ends,
            mine[0].email,
            len(going_on),
            ends[0].article if ends else article,
            (ends or mine)[0].lang,
        )

    def every_link(self, email: str) -> str:
        """The link that ends every notification of ``email``, pending ones too."""
        key = address_key(email, self.site.secret)
        return self.site.link(REPLIES_OFF_ALL, "replies-off-all", key, ALL)

    def unsubscribe_links(self, email: str, root: str) -> tuple[str, str]:
        """A notice's links for ``email``: no more mails about the thread whose first
        comment is ``root``, and none about any thread. Both name the address by its
        keyed hash, never in plain text, so they end what it has whenever they are used."""
        key = address_key(email, self.site.secret)
        return (
            self.site.link(REPLIES_OFF, "replies-off", key, f"{THREAD}{root}"),
            self.every_link(email),
        )

    # --- telling of published replies ---------------------------------------------------
    def check(self, stop: threading.Event | None = None) -> int:
        """Mail every reader whose thread has new published replies; how many mails.
        Once ``stop`` is set, no further mail is begun (the intake stops)."""
        site = self.site
        subscriptions = [s for s in site.database.reply_subscriptions.confirmed()]
        if not subscriptions or not site.relay.configured:
            return 0
        articles = site.manifest.articles()
        live = {c for article in articles.values() for c in article.get("comments", ())}
        rows = site.database.comments.rows()
        roots = ThreadRoots(rows)
        children: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            if row.reply_to and row.state == State.APPROVED:
                children[row.reply_to].append(row)
        groups: dict[tuple[str, str], list[tuple[ReplySubscription, list[Row]]]] = defaultdict(list)
        for subscription in subscriptions:
            noticed = site.database.reply_subscriptions.noticed(subscription.id)
            new = [
                reply
                for reply in _below(subscription.comment, children)
                if reply.id in live
                and reply.id not in noticed
                and email_key(reply.email) != subscription.email_key
            ]
            if new:
                key = (subscription.email_key, roots.of(subscription.comment))
                groups[key].append((subscription, new))
        interval = timedelta(seconds=site.reply_interval_seconds)
        sent = 0
        for (address, root), found in groups.items():
            if stop is not None and stop.is_set():
                break  # nothing is marked for the threads left: the next round tells them
            if not site.database.throttle.take_mail(address, f"thread:{root}", interval):
                continue  # told within the hour: these wait for the next mail
            replies, marked = {}, []
            for subscription, new in found:
                taken = site.database.reply_subscriptions.note(
                    subscription.id, [reply.id for reply in new]
                )
                marked.append((subscription.id, taken))
                for reply_id in taken:
                    replies[reply_id] = next(r for r in new if r.id == reply_id)
            if not replies:
                continue
            told = sorted(replies.values(), key=lambda r: r.created)
            message = self.notice(found[0][0], told, root)
            handover, detail = site.relay.deliver(message)
            if handover is Handover.SENT:
                sent += 1
            elif handover is Handover.LATER:
                for subscription_id, taken in marked:
                    site.database.reply_subscriptions.unnote(subscription_id, taken)
                logger.warning(
                    "The relay did not take a reply notification (%s); the thread's next "
                    "mail carries its replies",
                    detail,
                )
            else:
                logger.error("Could not send a reply notification (%s): %s", handover.value, detail)
        return sent

    def notice(self, subscription: ReplySubscription, replies: list[Row], root: str):
        """The mail that tells ``replies`` in the thread whose first comment is ``root``."""
        site = self.site
        _ = site.gettext(subscription.lang)
        ngettext = site.ngettext(subscription.lang)
        title = self.title(subscription.article)
        article_url = site.article_url(subscription.article)
        lines = [
            _("Hello,"),
            "",
            ngettext(
                "there is a new reply to your comment on “%(title)s”:",
                "there are %(num)d new replies to your comment on “%(title)s”:",
                len(replies),
            )
            % {"title": title, "num": len(replies)},
            "",
        ]
        for reply in replies:
            lines += [
                _("%(name)s replied:") % {"name": one_line(reply.author)},
                f"{article_url}#comment-{reply.id}",
                "",
            ]
        off, off_all = self.unsubscribe_links(subscription.email, root)
        lines += [
            # The address's confirmation, which may be an earlier comment's: one whose
            # address confirmed before needs none of its own.
            _(
                "You get this e-mail because you asked for it under your comment and "
                "confirmed your e-mail address."
            ),
            _("No more mails about this conversation: %(url)s") % {"url": off},
            _("No more mails about any of your comments: %(url)s") % {"url": off_all},
        ]
        subject = ngettext(
            "A new reply to your comment on “%(title)s”",
            "%(num)d new replies to your comment on “%(title)s”",
            len(replies),
        ) % {"title": title, "num": len(replies)}
        message = site.mail(subscription.email, subject, "\n".join(lines), subscription.lang)
        message["List-Unsubscribe"] = f"<{off}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        return message


class ThreadRoots:
    """The first comment of each comment's thread, by the queue's Reply-To chains."""

    def __init__(self, rows: list[Row]) -> None:
        self.parents = {row.id: row.reply_to for row in rows}

    def of(self, comment_id: str) -> str:
        seen = set()
        while self.parents.get(comment_id) and comment_id not in seen:
            seen.add(comment_id)
            comment_id = self.parents[comment_id]
        return comment_id


def _below(comment_id: str, children: dict[str, list[Row]]) -> list[Row]:
    """Every approved reply below ``comment_id``, replies to replies included."""
    found, todo, seen = [], [comment_id], {comment_id}
    while todo:
        for child in children.get(todo.pop(), ()):
            if child.id not in seen:
                seen.add(child.id)
                found.append(child)
                todo.append(child.id)
    return found
