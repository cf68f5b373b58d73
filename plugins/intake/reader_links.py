"""Signed links in readers' mails: confirm a subscription, unsubscribe, open "Meine
Kommentare".

A token names one purpose (its own salt: a link for one purpose is forged for every
other, and none opens a moderation link), one row of the queue and that row's nonce,
signed with itsdangerous (HMAC, key ``COMMENTS_SECRET_KEY``) and stamped with its time.
The row's nonce makes a link die with its row: an unsubscribed reader's old
confirmation link confirms nothing, not even when the address subscribes again.
Unsubscribe links name the address instead (its keyed hash, and in place of the nonce
what of it they end: ``intake.subscriptions``, ``intake.replies``), so that they end
whatever the address has when they are used. They never expire (a reader may find the
mail a year later); the others expire after the setting that says how long.
"""

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from intake.tokens import LinkError

PURPOSES = (
    "newsletter-confirm",
    "newsletter-off",
    "replies-confirm",
    "replies-off",
    "replies-off-all",
    "my-data",
)


@dataclass(frozen=True)
class ReaderLink:
    purpose: str
    subject: str  # the row's id, or an unsubscribe link's address (its keyed hash)
    nonce: str


def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(f'"{purpose}" is no purpose of a reader\'s link; expected {PURPOSES}')
    return URLSafeTimedSerializer(secret, salt=f"readers.{purpose}")


def make_token(secret: str, purpose: str, subject: str, nonce: str) -> str:
    return _serializer(secret, purpose).dumps({"s": subject, "n": nonce})


def read_token(secret: str, purpose: str, token: str, max_age: int | None) -> ReaderLink:
    """The link's row and nonce, if it is genuine, for ``purpose`` and not expired
    (``max_age`` None: it never expires). LinkError "expired" or "forged" otherwise."""
    if len(token) > 400:  # ours are about 100 characters
        raise LinkError("forged")
    try:
        data = _serializer(secret, purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkError("expired") from None
    except BadSignature:
        raise LinkError("forged") from None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(key), str) and data.get(key) for key in ("s", "n")
    ):
        raise LinkError("forged")
    return ReaderLink(purpose, data["s"], data["n"])
