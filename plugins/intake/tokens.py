"""Signed, expiring links in the notification mail: "Freigeben", "Ablehnen", "Spam".

A token names one comment, one action and a random nonce, signed with itsdangerous
(HMAC, key ``COMMENTS_SECRET_KEY``) and stamped with its time. The link's GET only shows
a confirmation page (mail scanners follow links); the POST acts once: the nonce is
recorded as used in the same transaction that changes the comment.
"""

import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

ACTIONS = ("approve", "reject", "spam")
SALT = "comments.moderation-link"


class LinkError(Exception):
    """A link that cannot act: ``reason`` is "expired", "forged" or "other-comment"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Link:
    comment: str
    action: str
    nonce: str


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def make_token(secret: str, comment: str, action: str) -> str:
    if action not in ACTIONS:
        raise ValueError(f'"{action}" is no moderation action; expected one of {ACTIONS}')
    return _serializer(secret).dumps({"c": comment, "a": action, "n": secrets.token_hex(12)})


def read_token(secret: str, token: str, comment: str, max_age: int) -> Link:
    """The link's content, if it is genuine, not expired and for ``comment``."""
    try:
        data = _serializer(secret).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkError("expired") from None
    except BadSignature:
        raise LinkError("forged") from None
    if not isinstance(data, dict) or data.get("a") not in ACTIONS:
        raise LinkError("forged")
    if data.get("c") != comment:
        raise LinkError("other-comment")
    return Link(data["c"], data["a"], str(data.get("n", "")))


def link_path(secret: str, comment: str, action: str) -> str:
    """The path of a mail link below the intake's public address."""
    return f"/kommentare/moderation/link/{comment}/{make_token(secret, comment, action)}"
