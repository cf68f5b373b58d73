"""Fetching other sites without becoming a tool against our own network.

Every URL a stranger names (a Webmention source, a link in an article, an endpoint a
page advertises) is fetched only over http or https, within a time and size bound,
following at most a few redirects. Before each connection, the host name is resolved
and every address it resolves to is checked: private, loopback, link-local, reserved,
multicast and other non-public addresses are refused (no server-side request forgery
against the intake's neighbours or the cloud metadata service). The connection then
goes to exactly the address that was checked, so a name that resolves differently a
moment later (DNS rebinding) cannot slip through. ``MENTIONS_ALLOW_NETWORKS`` lists
networks allowed anyway (tests use 127.0.0.0/8).
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from mentions.addresses import refusal
from mentions.settings import MentionsSettings

REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """The URL could not be fetched; the message says why (shown to the sender)."""


class FetchRefused(FetchError):
    """The URL was not fetched at all: a scheme or an address we never connect to."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    headers: Mapping[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes
    links: tuple[str, ...] = field(default=())  # every HTTP Link header value

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip('"')
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


class Fetcher:
    """One policy for every fetch of the mentions package."""

    def __init__(self, settings: MentionsSettings, site_url: str = "") -> None:
        self.settings = settings
        self.user_agent = settings.user_agent or (
            f"Hafenlicht-Mentions (+{site_url})" if site_url else "Hafenlicht-Mentions"
        )
        self.allowed = tuple(
            ipaddress.ip_network(n, strict=False) for n in settings.allow_networks if n != "*"
        )
        self.allow_all = "*" in settings.allow_networks

    def check_address(self, address: str) -> None:
        """Refuse an address that is not public (mentions.addresses), unless a setting
        allows its network."""
        reason = refusal(address, self.allowed, self.allow_all)
        if reason:
            raise FetchRefused(reason)

    def resolve(self, host: str, port: int, deadline: float | None = None) -> str:
        """The address to connect to: every address of ``host`` must pass the check."""
        try:
            found = _getaddrinfo(host, port, deadline)
        except (socket.gaierror, UnicodeError) as error:
            raise FetchError(f"the host {host} cannot be resolved ({error})") from None
        except TimeoutError:
            raise self._late() from None
        addresses = list(dict.fromkeys(info[4][0] for info in found))
        if not addresses:
            raise FetchError(f"the host {host} has no address")
        for address in addresses:
            self.check_address(address)
        return addresses[0]

    def fetch(
        self,
        url: str,
        method: str = "GET",
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        follow: bool = True,
    ) -> Fetched:
        """``url`` with redirects followed (GET and HEAD only); FetchError when it fails."""
        deadline = time.monotonic() + self.settings.timeout_seconds
        for _hop in range(self.settings.max_redirects + 1):
            answer = self._once(url, method, body, headers or {}, deadline)
            location = answer.headers.get("location", "")
            if not (follow and answer.status in REDIRECTS and location):
                return answer
            url = urljoin(answer.url, location)
            if answer.status == 303 or method not in ("GET", "HEAD"):
                method, body = "GET", None
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    def _once(
        self, url: str, method: str, body: bytes | None, headers: Mapping[str, str], deadline: float
    ) -> Fetched:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused(f"{url!r} is no http or https URL")
        if parts.username or parts.password:
            raise FetchRefused(f"{url!r} carries a user name or password")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchRefused(f"{url!r} has no valid port") from None
        address = self.resolve(parts.hostname, port, deadline)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._late()
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        with _Watchdog(deadline) as watchdog:
            connection = _connection(parts.scheme, parts.hostname, address, port, watchdog)
            try:
                connection.request(
                    method,
                    path,
                    body=body,
                    headers={
                        "User-Agent": self.user_agent,
                        "Accept-Encoding": "identity",
                        **headers,
                    },
                )
                response = connection.getresponse()
                content = self._read(response, watchdog)
            except (OSError, http.client.HTTPException, ssl.SSLError) as error:
                if watchdog.expired:
                    raise self._late() from None
                reason = error or type(error).__name__
                raise FetchError(f"fetching {url} failed ({reason})") from None
            finally:
                connection.close()
        joined: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            joined[key] = f"{joined[key]}, {value}" if key in joined else value
        links = tuple(v for n, v in response.getheaders() if n.lower() == "link")
        return Fetched(url, response.status, joined, content, links)

    def _read(self, response: http.client.HTTPResponse, watchdog: "_Watchdog") -> bytes:
        limit = self.settings.max_bytes
        chunks, size = [], 0
        while True:
            chunk = response.read1(64 * 1024)
            if watchdog.expired:  # the cut ends a read like the end of the answer
                raise self._late()
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise FetchError(f"the answer is larger than {limit} bytes")
            chunks.append(chunk)

    def _late(self) -> FetchError:
        return FetchError(f"no answer within {self.settings.timeout_seconds:g} seconds")


class _Watchdog:
    """Cuts the connection when the fetch's deadline passes, whatever it is waiting for.

    A socket timeout bounds each read alone: a source that sends its header line one
    byte per second never trips it and holds the verifier as long as it likes. Shutting
    the socket down from a timer ends the read that waits, in the headers or the body.
    """

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.expired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._cut)
        self._timer.daemon = True

    @property
    def remaining(self) -> float:
        return max(0.001, self.deadline - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._socket = sock
            expired = self.expired
        if expired:
            self._cut()

    def _cut(self) -> None:
        with self._lock:
            self.expired = True
            sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):
                # The plain socket's shutdown, also under TLS: it ends a read in progress
                # without touching the TLS state that the reading thread holds.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def __enter__(self) -> "_Watchdog":
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()


def _getaddrinfo(host: str, port: int, deadline: float | None) -> list:
    """``socket.getaddrinfo`` within the deadline (the resolver has no timeout of its own:
    a thread asks it, and a late answer is left to that thread)."""
    if deadline is None:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    answer: dict[str, object] = {}

    def ask() -> None:
        try:
            answer["found"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            answer["error"] = error

    asking = threading.Thread(target=ask, daemon=True, name=f"resolve {host}")
    asking.start()
    asking.join(max(0.0, deadline - time.monotonic()))
    if "error" in answer:
        raise answer["error"]  # type: ignore[misc]
    if "found" not in answer:
        raise TimeoutError(host)
    return answer["found"]  # type: ignore[return-value]


class _Pinned(http.client.HTTPConnection):
    """HTTP to the checked address, with the URL's host name in the Host header."""

    def __init__(self, host: str, address: str, port: int, watchdog: _Watchdog) -> None:
        super().__init__(host, port, timeout=watchdog.remaining)
        self.address, self.watchdog = address, watchdog

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.watchdog.remaining)
        self.watchdog.watch(self.sock)


class _PinnedTLS(http.client.HTTPSConnection):
    """HTTPS to the checked address; the certificate is checked for the host name."""

    def __init__(self, host: str, address: str, port: int, watchdog: _Watchdog) -> None:
        context = ssl.create_default_context()
        super().__init__(host, port, timeout=watchdog.remaining, context=context)
        self.address, self.watchdog = address, watchdog

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.watchdog.remaining)
        self.watchdog.watch(raw)
        # The handshake after the watchdog knows the TLS socket (wrapping detaches raw).
        self.sock = self._context.wrap_socket(
            raw, server_hostname=self.host, do_handshake_on_connect=False
        )
        self.watchdog.watch(self.sock)
        self.sock.do_handshake()


def _connection(
    scheme: str, host: str, address: str, port: int, watchdog: _Watchdog
) -> http.client.HTTPConnection:
    kind = _PinnedTLS if scheme == "https" else _Pinned
    return kind(host, address, port, watchdog)
