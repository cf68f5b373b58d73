"""The fetcher refuses what would turn the intake against its own network (SSRF)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mentions.fetcher import Fetcher, FetchError, FetchRefused
from mentions.settings import MentionsSettings
from mentions_blog import LOCAL, Dribbler, Page

ONLY_127_0_0_1 = MentionsSettings(allow_networks=("127.0.0.1/32",), timeout_seconds=5)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # the cloud metadata service
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "192.0.2.1",  # documentation
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_non_public_addresses_are_refused(address):
    with pytest.raises(FetchRefused, match="is not public"):
        Fetcher(MentionsSettings()).check_address(address)


def test_public_addresses_pass_and_a_setting_allows_a_network():
    Fetcher(MentionsSettings()).check_address("93.184.215.14")
    Fetcher(MentionsSettings()).check_address("2a00:1450:4001:82a::200e")
    Fetcher(LOCAL).check_address("127.0.0.5")
    with pytest.raises(FetchRefused):
        Fetcher(ONLY_127_0_0_1).check_address("127.0.0.2")


def test_loopback_is_refused_before_connecting_and_after_dns(other_blog):
    other_blog.pages["/"] = Page("hallo")
    port = other_blog.url.rsplit(":", 1)[1]
    fetcher = Fetcher(MentionsSettings())
    with pytest.raises(FetchRefused, match=r"127\.0\.0\.1 is not public"):
        fetcher.fetch(f"{other_blog.url}/")
    # A host name is checked by the addresses it resolves to.
    with pytest.raises(FetchRefused, match="is not public"):
        fetcher.fetch(f"http://localhost:{port}/")
    assert other_blog.requests == []
    assert Fetcher(LOCAL).fetch(f"http://localhost:{port}/").body == b"hallo"


@pytest.mark.parametrize(
    "location",
    [
        "http://10.0.0.1/intern",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.2:{port}/",
        "http://[::1]:{port}/",
        "file:///etc/passwd",
        "ftp://127.0.0.1/",
    ],
)
def test_every_redirect_is_checked_again(other_blog, location):
    port = other_blog.url.rsplit(":", 1)[1]
    other_blog.pages["/weiter"] = Page("", 302, {"Location": location.format(port=port)})
    with pytest.raises(FetchRefused):
        Fetcher(ONLY_127_0_0_1).fetch(f"{other_blog.url}/weiter")
    assert [r.path for r in other_blog.requests] == ["/weiter"]


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "gopher://a.example/", "http://user:pw@127.0.0.1/", "http:///x"],
)
def test_only_plain_http_and_https_urls(url):
    with pytest.raises(FetchRefused):
        Fetcher(LOCAL).fetch(url)


def test_redirects_are_limited_and_relative_ones_resolved(other_blog):
    for number in range(8):
        other_blog.pages[f"/r{number}"] = Page("", 301, {"Location": f"r{number + 1}"})
    other_blog.pages["/r8"] = Page("angekommen")
    limited = MentionsSettings(allow_networks=("127.0.0.0/8",), max_redirects=3)
    with pytest.raises(FetchError, match="more than 3 redirects"):
        Fetcher(limited).fetch(f"{other_blog.url}/r0")
    answer = Fetcher(LOCAL).fetch(f"{other_blog.url}/r3")
    assert (answer.url, answer.body) == (f"{other_blog.url}/r8", b"angekommen")


def test_size_is_bounded(other_blog):
    other_blog.pages["/gross"] = Page("x" * 5000)
    small = MentionsSettings(allow_networks=("127.0.0.0/8",), max_bytes=4096)
    with pytest.raises(FetchError, match="larger than 4096 bytes"):
        Fetcher(small).fetch(f"{other_blog.url}/gross")


def test_time_is_bounded():
    release = threading.Event()

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self):
            release.wait(30)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        quick = MentionsSettings(allow_networks=("127.0.0.0/8",), timeout_seconds=0.5)
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"timed out|no answer"):
            Fetcher(quick).fetch(f"http://127.0.0.1:{server.server_address[1]}/")
        assert time.monotonic() - started < 25  # bounded, long before the server answers
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def test_user_agent_names_the_site(other_blog):
    other_blog.pages["/"] = Page("hallo")
    Fetcher(LOCAL, "https://blog.example").fetch(f"{other_blog.url}/")
    assert other_blog.requests[0].headers["User-Agent"] == (
        "Hafenlicht-Mentions (+https://blog.example)"
    )


def test_one_deadline_for_the_whole_fetch_headers_included():
    """The issue's repro: a header line at one byte per second took 40 s with a 5 s
    timeout (every single byte came within the socket's timeout)."""
    source = Dribbler(seconds=40)
    settings = MentionsSettings(allow_networks=("127.0.0.0/8",), timeout_seconds=5)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="no answer within 5 seconds"):
            Fetcher(settings).fetch(f"{source.url}/")
        took = time.monotonic() - started
    finally:
        source.close()
    assert took < 5 + 3  # the deadline, plus the slack of a loaded machine
