"""Reading the comment form from a request without losing the reader's text.

A request over ``COMMENTS_MAX_BODY_BYTES`` is still read (up to a hard cap far above
any form) so that the refusal can show the form with the text; a field whose bytes are
not UTF-8, raw or percent-encoded, is named instead of being stored with U+FFFD.
"""

from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request

HARD_CAP_FACTOR = 16  # a body this many times over the limit is not read at all
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class FormData:
    form: MultiDict | None  # None: the body could not be read as a form at all
    too_large: bool = False  # over the limit, but read to show the form again
    undecodable: str = ""  # the first field that is not UTF-8


def read_form(request: Request, max_body_bytes: int) -> FormData:
    """The posted form, and what is wrong with its bytes."""
    cap = max_body_bytes * HARD_CAP_FACTOR
    request.max_content_length = cap
    request.max_form_memory_size = cap
    try:
        raw = request.get_data(cache=True)
        if request.mimetype == "application/x-www-form-urlencoded":
            form, undecodable = _parse_urlencoded(raw)
        else:
            form = request.form
            undecodable = next(
                (
                    name
                    for name, value in form.items(multi=True)
                    if REPLACEMENT in value and REPLACEMENT.encode() not in raw
                ),
                "",
            )
    except RequestEntityTooLarge:
        return FormData(None, too_large=True)
    too_large = len(raw) > max_body_bytes or (request.content_length or 0) > max_body_bytes
    return FormData(form, too_large, undecodable)


def _parse_urlencoded(raw: bytes) -> tuple[MultiDict, str]:
    """The fields, and the first whose bytes are not UTF-8.

    Werkzeug gives up on the whole body then (and the reader would lose the text); here
    such a value is read as Windows-1252, the usual wrong encoding, to show it again.
    """
    pairs, undecodable = [], ""
    for pair in raw.split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        decoded = []
        for part in (name, value):
            octets = unquote_to_bytes(part.replace(b"+", b" "))
            try:
                decoded.append(octets.decode("utf-8"))
            except UnicodeDecodeError:
                decoded.append(octets.decode("cp1252", "replace"))
                undecodable = undecodable or "?"
        if undecodable == "?":
            undecodable = decoded[0]
        pairs.append((decoded[0], decoded[1]))
    return MultiDict(pairs), undecodable
