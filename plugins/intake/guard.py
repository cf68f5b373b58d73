"""Checking a submitted comment: what is refused outright, and what is kept as spam.

Refused (4xx, nothing stored, the reader sees why and keeps the text): missing or
overlong fields, a wrong answer to the spam question, a filled honeypot, no consent,
an unknown article (404), a closed one (403), a reply to a comment that is not
published. Suspicious but stored as spam for the editors
(nothing is silently dropped): too many links, words from the spam list, a text that
was already submitted for the article.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from comments.settings import CommentsSettings
from newsroom.i18n import N_

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_COMMENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_URL = re.compile(r"^https?://[^\s\"'<>]+$")
# Control characters have no place in a comment; line breaks only in the text.
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HONEYPOT = "homepage"  # a field readers never see; bots fill it


@dataclass(frozen=True)
class Submission:
    article: str
    author: str
    email: str
    website: str
    text: str
    reply_to: str
    answer: str
    consent: bool
    honeypot: str
    notify: bool = False  # "Benachrichtigen Sie mich bei Antworten" (intake.replies)

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> "Submission":
        def value(name: str) -> str:
            return (form.get(name) or "").strip()

        return cls(
            value("article"),
            value("author"),
            value("email"),
            value("website"),
            value("text").replace("\r\n", "\n").replace("\r", "\n"),
            value("reply_to"),
            value("answer"),
            bool(form.get("consent")),
            form.get(HONEYPOT) or "",
            bool(form.get("notify")),
        )


@dataclass(frozen=True)
class Verdict:
    ok: bool
    status: int  # HTTP status when not ok
    reason: str = ""  # message id (English), translated for the reader
    field: str = ""  # the form field the reason is about
    values: Mapping[str, object] | None = None  # placeholders of the reason

    @classmethod
    def refuse(cls, status: int, reason: str, field: str = "", **values: object) -> "Verdict":
        return cls(False, status, reason, field, values)


OK = Verdict(True, 200)


def check(
    submission: Submission, settings: CommentsSettings, articles: Mapping[str, Mapping]
) -> Verdict:
    """Whether the submission may go into the queue at all.

    ``articles`` is the build's manifest: slug -> {"open": bool, "comments": [ids]}.
    The checks run in the order a reader can fix them, so the answer names one field:
    the article first, then the fields as typed, then what they refer to and the questions.
    """
    return (
        _article_refusal(submission, articles)
        or _field_refusal(submission, settings)
        or _reference_refusal(submission, articles[submission.article])
        or _question_refusal(submission, settings)
        or OK
    )


def _article_refusal(submission: Submission, articles: Mapping[str, Mapping]) -> Verdict | None:
    """A bot that filled the hidden field, or an article that is gone or closed."""
    if submission.honeypot:
        return Verdict.refuse(400, N_("Your comment could not be accepted."), HONEYPOT)
    article = articles.get(submission.article)
    if article is None:
        return Verdict.refuse(404, N_("This article does not exist."), "article")
    if not article.get("open"):
        return Verdict.refuse(403, N_("Comments on this article are closed."), "article")
    return None


def _field_refusal(submission: Submission, settings: CommentsSettings) -> Verdict | None:
    """A field missing, too long, with control characters, too short or malformed."""
    required = (
        ("author", N_("Please enter your name.")),
        ("email", N_("Please enter your e-mail address; it is not published.")),
        ("text", N_("Please write a comment.")),
    )
    for name, reason in required:
        if not getattr(submission, name):
            return Verdict.refuse(400, reason, name)
    limits = (
        ("author", settings.max_name),
        ("email", settings.max_email),
        ("website", settings.max_website),
        ("text", settings.max_text),
    )
    for name, limit in limits:
        if len(getattr(submission, name)) > limit:
            return Verdict.refuse(
                400, N_("This field is too long (at most %(limit)d characters)."), name, limit=limit
            )
    for name in ("author", "email", "website", "text"):
        pattern = _CONTROL_IN_TEXT if name == "text" else _CONTROL_IN_LINE
        if pattern.search(getattr(submission, name)):
            return Verdict.refuse(
                400, N_("This field contains characters that are not allowed."), name
            )
    if len(submission.text) < settings.min_text:
        return Verdict.refuse(
            400,
            N_("Please write a comment of at least %(limit)d characters."),
            "text",
            limit=settings.min_text,
        )
    if not _EMAIL.match(submission.email):
        return Verdict.refuse(400, N_("Please enter a valid e-mail address."), "email")
    return None


def _reference_refusal(submission: Submission, article: Mapping) -> Verdict | None:
    """A reply to a comment the article does not have, or a website that is no web address."""
    if submission.reply_to and (
        not _COMMENT_ID.match(submission.reply_to)
        or submission.reply_to not in article.get("comments", ())
    ):
        return Verdict.refuse(
            400, N_("The comment you want to reply to does not exist."), "reply_to"
        )
    if submission.website and not _URL.match(submission.website):
        return Verdict.refuse(
            400, N_("The website must start with https:// or http://."), "website"
        )
    return None


def _question_refusal(submission: Submission, settings: CommentsSettings) -> Verdict | None:
    """The spam question answered wrongly, or no consent to storing the data."""
    answers = {a.strip().lower() for a in settings.spam_answers}
    if submission.answer.strip().lower().rstrip(".") not in answers:
        return Verdict.refuse(400, N_("The answer to the spam question is not right."), "answer")
    if not submission.consent:
        return Verdict.refuse(400, N_("Please agree to the storage of your data."), "consent")
    return None


# The spam reason of a text somebody else sent for the same article before; the queue
# looks for that in the insert's own transaction (Comments.add, duplicate_reason=).
DUPLICATE_TEXT = "duplicate text"


def spam_reasons(
    submission: Submission, settings: CommentsSettings, already_submitted: bool
) -> tuple[str, ...]:
    """Why a comment looks like spam (empty when it does not); it is stored either way."""
    reasons = []
    links = len(_LINK.findall(submission.text))
    if links > settings.max_links:
        reasons.append(f"{links} links (more than {settings.max_links})")
    lowered = f"{submission.author} {submission.text}".lower()
    words = [word for word in settings.spam_words if word.lower() in lowered]
    if words:
        reasons.append("spam words: " + ", ".join(words))
    if already_submitted:
        reasons.append(DUPLICATE_TEXT)
    return tuple(reasons)


def is_email(value: str, limit: int) -> bool:
    """Whether ``value`` is one e-mail address of at most ``limit`` characters, without
    control characters (the readers' forms take nothing else)."""
    return len(value) <= limit and not _CONTROL_IN_LINE.search(value) and bool(_EMAIL.match(value))
