"""The intake bounds every request body itself, without a web server in front.

The issue's repro: Webmention, pingback and the log-in read bodies of any size (60 MiB
parsed, +115 MiB of memory). Each endpoint here gets 60 MiB; the test counts how much
of it the intake reads.
"""

import io

import pytest

from intake.app import IntakeApp

SIXTY_MIB = 60 * 1024 * 1024
LIMIT = 64 * 1024  # COMMENTS_MAX_BODY_BYTES
FORM_CAP = 16 * LIMIT  # the comment form reads that far to show the text again

ENDPOINTS = [
    ("/kommentare/webmention", "application/x-www-form-urlencoded"),
    ("/kommentare/pingback", "text/xml"),
    ("/kommentare/moderation/anmelden", "application/x-www-form-urlencoded"),
    ("/kommentare/moderation/abmelden", "application/x-www-form-urlencoded"),
    ("/kommentare/moderation/kommentar/20250101-000000-aaaaaaaa", "multipart/form-data"),
    ("/kommentare/moderation/link/20250101-000000-aaaaaaaa/abcdefgh", "text/plain"),
    ("/kommentare/sync", "application/json"),
    ("/kommentare/health", "text/plain"),
    ("/kommentare/webmention/abcdefgh", "text/plain"),
    ("/kommentare/neu", "application/x-www-form-urlencoded"),
    ("/irgendwo/anders", "application/octet-stream"),
]


class Endless(io.RawIOBase):
    """A request body of ``size`` bytes that counts how many were read."""

    def __init__(self, size: int) -> None:
        self.size, self.read_bytes = size, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.size - self.read_bytes)
        buffer[:count] = b"a" * count
        self.read_bytes += count
        return count


def call(app, path: str, kind: str, body: Endless, length: bool) -> int:
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8090",
        "REMOTE_ADDR": "203.0.113.9",
        "CONTENT_TYPE": kind,
        "wsgi.input": io.BufferedReader(body),
        "wsgi.url_scheme": "http",
        "wsgi.input_terminated": True,  # as waitress says of a body it has read
        "HTTP_COOKIE": "moderation_login=t; moderation_session=s",
    }
    if length:
        environ["CONTENT_LENGTH"] = str(body.size)
    status = []
    b"".join(app(environ, lambda line, headers, *_: status.append(line)))
    return int(status[0].split()[0])


@pytest.mark.parametrize(("path", "kind"), ENDPOINTS)
@pytest.mark.parametrize("length", [True, False], ids=["content-length", "no-length"])
def test_every_endpoint_refuses_a_60_mib_body_without_reading_it(make_settings, path, kind, length):
    app = IntakeApp(make_settings(sync_token="geheim"))
    body = Endless(SIXTY_MIB)
    status = call(app, path, kind, body, length)
    assert status == 413, path
    allowed = FORM_CAP if path == "/kommentare/neu" or path.startswith("/irgendwo") else LIMIT
    assert body.read_bytes <= allowed + 64 * 1024, (path, body.read_bytes)


def test_a_body_within_the_limit_is_still_read(make_settings):
    app = IntakeApp(make_settings())
    body = Endless(1000)
    assert call(app, "/kommentare/webmention", ENDPOINTS[0][1], body, True) == 400
