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

import http.client
import ipaddress
import socket
import ssl
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

    def resolve(self, host: str, port: int) -> str:
        """The address to connect to: every address of ``host`` must pass the check."""
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise FetchError(f"the host {host} cannot be resolved ({error})") from None
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
        address = self.resolve(parts.hostname, port)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"no answer within {self.settings.timeout_seconds:g} seconds")
        connection = _connection(parts.scheme, parts.hostname, address, port, remaining)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "identity", **headers},
            )
            response = connection.getresponse()
            content = self._read(response, deadline)
        except (OSError, http.client.HTTPException, ssl.SSLError) as error:
            raise FetchError(f"fetching {url} failed ({error or type(error).__name__})") from None
        finally:
            connection.close()
        joined: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            joined[key] = f"{joined[key]}, {value}" if key in joined else value
        links = tuple(v for n, v in response.getheaders() if n.lower() == "link")
        return Fetched(url, response.status, joined, content, links)

    def _read(self, response: http.client.HTTPResponse, deadline: float) -> bytes:
        limit = self.settings.max_bytes
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                raise FetchError(f"no answer within {self.settings.timeout_seconds:g} seconds")
            chunk = response.read1(64 * 1024)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise FetchError(f"the answer is larger than {limit} bytes")
            chunks.append(chunk)


class _Pinned(http.client.HTTPConnection):
    """HTTP to the checked address, with the URL's host name in the Host header."""

    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    """HTTPS to the checked address; the certificate is checked for the host name."""

    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def _connection(
    scheme: str, host: str, address: str, port: int, timeout: float
) -> http.client.HTTPConnection:
    kind = _PinnedTLS if scheme == "https" else _Pinned
    return kind(host, address, port, timeout)
