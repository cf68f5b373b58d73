"""`invoke newsletter.*`: send the newsletter, list its issues and subscribers.

Run where the queue is (the intake's host, or anywhere that reaches its PostgreSQL
database) with the deployed site's list of articles (``COMMENTS_MANIFEST_PATH``);
settings as for `invoke comments.*`, with ``READERS_*`` laid over them. CI, which has
neither the subscribers nor the relay, asks the intake instead (``--intake URL``).
"""

import os
from datetime import UTC, datetime

from invoke import Collection, task

from intake.guard import is_email
from intake.manifest import open_manifest
from intake.newsletter import Recipient, in_language, new_articles
from intake.newsletter_send import Sender
from intake.reader_site import ReaderSite
from intake.readers import forget_expired
from intake.subscriptions import PREVIEW
from intake.workspace import SETTINGS_HELP, Workspace
from newsroom.progress import Progress
from newsroom.report import count_noun
from publishing.cli import refusing
from publishing.project import Refused
from readers.settings import from_environment, from_pelican


def reader_site(workspace: Workspace) -> ReaderSite:
    """The readers' side of the intake, as the project's settings describe it."""
    comments = workspace.comments
    database = workspace.database()
    secret = database.preferences.secret()
    return ReaderSite(
        comments,
        from_environment(base=from_pelican(workspace.pelican)),
        database,
        open_manifest(comments),  # the file, or the deployed list by URL
        secret,
        comments.secret_key or secret,
    )


def _articles_shown(articles) -> None:
    for article in articles:
        print(f"  {article['date'][:10]}  [{article['lang'] or '-'}] {article['title']}")


@task(
    help={
        "dry_run": "say what the next issue carries and to how many readers; send nothing",
        "preview": "send the next issue to this address only (not recorded)",
        "auto": "send only when READERS_NEWSLETTER_SEND says it is due (CI, a timer)",
        "intake": "ask the intake at this address to send (CI); the token comes from "
        "READERS_NEWSLETTER_TOKEN",
        "settings": SETTINGS_HELP,
    }
)
@refusing
def send(c, dry_run=False, preview="", auto=False, intake="", settings=""):
    """Send the newsletter with the articles published since the last issue."""
    workspace = Workspace(settings)
    readers = from_environment(base=from_pelican(workspace.pelican))
    if intake:
        _ask(intake, readers.newsletter_send, readers.newsletter_token)
        return
    site = reader_site(workspace)
    sender = Sender(site)
    if dry_run:
        _dry_run(site, sender)
        return
    if not site.relay.configured:
        raise Refused("COMMENTS_SMTP_HOST is empty: there is no relay to send through", 2)
    if not readers.impressum:
        raise Refused(
            "READERS_IMPRESSUM is empty: every newsletter must name its provider "
            "(company, address, contact; § 5 DDG)",
            2,
        )
    if preview:
        _preview(site, sender, preview)
        return
    forget_expired(site.database, site.readers)  # a timer's send is a round as well
    if auto and not sender.due(readers.newsletter_send):
        print(f"READERS_NEWSLETTER_SEND is {readers.newsletter_send}: not due now.")
        return
    outcome = sender.start(readers.newsletter_send if auto else "manual")
    if outcome is None:
        print("No new article since the last issue: nothing to send.")
        return
    issue = outcome.issue
    if outcome.resumed:
        print(f"Resuming issue {issue.id} (a send stopped in the middle of it).")
        if outcome.doubt:
            print(
                f"  {count_noun(outcome.doubt, 'mail')} were being handed to the relay when it "
                "stopped; they are not sent again."
            )
    _articles_shown(issue.articles)
    open_ = site.database.issues.counts(issue.id)["pending"]
    with Progress(f"Newsletter {issue.id}", open_, unit=" mails") as progress:
        sender.send(outcome, progress)
    counts = outcome.counts
    print(
        f"Issue {issue.id}: {counts['sent']} sent, {counts['failed']} refused by the relay, "
        f"{counts['gone']} unsubscribed meanwhile, {counts['doubt']} in doubt, "
        f"{counts['pending']} still to send"
    )
    if outcome.stopped:
        raise Refused(
            f"The send stopped: {outcome.stopped}. Run `invoke newsletter.send` again to go on.",
            1,
        )


def _ask(url: str, mode: str, token: str) -> None:
    from intake.newsletter_trigger import TriggerError, ask_intake

    if mode == "never":
        print("READERS_NEWSLETTER_SEND is never: the intake is not asked.")
        return
    token = os.environ.get("READERS_NEWSLETTER_TOKEN", token)
    if not token:
        raise Refused("Set READERS_NEWSLETTER_TOKEN (the intake's value) to ask it", 2)
    try:
        answer = ask_intake(url, token, mode)
    except TriggerError as error:
        raise Refused(str(error), 1) from None
    details = ", ".join(f"{key} {value}" for key, value in answer.items() if key != "status")
    print(f"The intake: {answer.get('status', '?')}{f' ({details})' if details else ''}")


def _dry_run(site: ReaderSite, sender: Sender) -> None:
    unfinished = site.database.issues.unfinished()
    if unfinished is not None:
        counts = site.database.issues.counts(unfinished.id)
        print(
            f"Issue {unfinished.id} is unfinished ({counts['pending']} mails to send); "
            "the next send resumes it first."
        )
    plan = sender.plan()
    if not plan.articles:
        print("No new article since the last issue: the next send sends nothing.")
        return
    print(f"The next issue carries {count_noun(len(plan.articles), 'article')}:")
    _articles_shown(plan.articles)
    for lang, number in sorted(plan.recipients.items()):
        print(f"  to {count_noun(number, 'reader')} in {lang}")
    print(f"{count_noun(plan.total, 'mail')} would go out; nothing was sent or written.")


def _preview(site: ReaderSite, sender: Sender, address: str) -> None:
    if not is_email(address, site.settings.max_email):
        raise Refused(f'--preview is "{address}"; expected an e-mail address', 2)
    subscriber = site.database.subscribers.by_email(address)
    lang = site.lang(subscriber.lang if subscriber else site.settings.lang)
    articles = in_language(sender.plan().articles, lang, site.settings.lang)
    if not articles:  # nothing new: the newest articles show what an issue looks like
        print("No new article: the preview shows the newest ones.")
        newest = new_articles(site.manifest.articles(), set(), datetime.now(UTC), 36500, 50)
        articles = in_language(newest, lang, site.settings.lang)[:3]
    message = sender.mail.message(
        "preview", articles, Recipient(PREVIEW, address, lang, PREVIEW, "")
    )
    site.relay.send(message)
    print(f"Preview sent to {address}: {message['Subject']}")


@task(help={"settings": SETTINGS_HELP})
@refusing
def issues(c, settings=""):
    """List the newsletter's issues: when, what, and how many went out."""
    database = Workspace(settings).database()
    found = database.issues.all()
    for issue in found:
        counts = database.issues.counts(issue.id)
        done = "open" if issue.state == "open" else f"done {issue.finished[:16]}"
        print(
            f"{issue.id}  {issue.reason:<8} {count_noun(len(issue.articles), 'article')}, "
            f"{counts['sent']} sent, {counts['failed']} refused, {counts['doubt']} in doubt, "
            f"{counts['pending']} to send ({done})"
        )
    print(f"{count_noun(len(found), 'issue')}")


@task(
    help={
        "remove": "delete this subscriber (their address)",
        "settings": SETTINGS_HELP,
    }
)
@refusing
def subscribers(c, remove="", settings=""):
    """Count the newsletter's subscribers by state (--remove ADDRESS deletes one)."""
    workspace = Workspace(settings)
    database = workspace.database()
    # Addresses that were not confirmed in time are gone, as their mail promised, even
    # when no intake ran meanwhile: they are not counted as waiting.
    forget_expired(database, from_environment(base=from_pelican(workspace.pelican)))
    if remove:
        if not database.subscribers.remove_email(remove):
            raise Refused(f"{remove} is no subscriber", 2)
        print(f"{remove}: removed")
    counts = database.subscribers.counts()
    print(f"{counts['confirmed']} confirmed, {counts['pending']} waiting for their confirmation")


newsletter = Collection("newsletter")
for command in (send, issues, subscribers):
    newsletter.add_task(command)
