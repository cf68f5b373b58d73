"""Endpoint discovery as the W3C Webmention specification describes it (§3.1.2), against
pages served by another blog on 127.0.0.1, then pingback as the fallback."""

import pytest

from mentions.discovery import discover
from mentions.fetcher import Fetcher
from mentions_blog import LOCAL, Page


def page(head: str = "", body: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>T</title>{head}</head><body>{body}</body></html>"


CASES = [
    # (headers, html, the endpoint relative to the blog, protocol)
    ({"Link": "<{url}/wm/header>; rel=webmention"}, page(), "/wm/header", "webmention"),
    ({"Link": '</wm/relative>; rel="webmention"'}, page(), "/wm/relative", "webmention"),
    (
        {"Link": '<wm/relative-to-page>; rel="webmention"'},
        page(),
        "/post/wm/relative-to-page",
        "webmention",
    ),
    ({"Link": '<{url}/wm/quoted>; rel="webmention"'}, page(), "/wm/quoted", "webmention"),
    ({"Link": '</wm/several>; rel="other webmention"'}, page(), "/wm/several", "webmention"),
    (
        {"Link": '</nope>; rel="pingback", </wm/second-link>; rel="webmention"'},
        page(),
        "/wm/second-link",
        "webmention",
    ),
    (
        {"Link": '</nope>; rel="other"\n</wm/second-header>; rel="webmention"'},
        page(),
        "/wm/second-header",
        "webmention",
    ),
    ({}, page('<link rel="webmention" href="/wm/link">'), "/wm/link", "webmention"),
    ({}, page(body='<a rel="webmention" href="/wm/a">x</a>'), "/wm/a", "webmention"),
    ({}, page('<link rel="webmention" href="wm/rel-path">'), "/post/wm/rel-path", "webmention"),
    ({}, page('<link rel="nofollow webmention" href="/wm/rels">'), "/wm/rels", "webmention"),
    ({}, page('<link rel="webmention" href="/wm/q?version=1">'), "/wm/q?version=1", "webmention"),
    ({}, page('<link rel="webmention" href="">'), "/post/", "webmention"),
    (
        {},
        page('<link rel="webmention">', '<a rel="webmention" href="/wm/has-href">x</a>'),
        "/wm/has-href",
        "webmention",
    ),
    (
        {},
        page(
            body='<!-- <a rel="webmention" href="/wm/comment">x</a> -->'
            '<a rel="webmention" href="/wm/real">x</a>'
        ),
        "/wm/real",
        "webmention",
    ),
    (
        {},
        page(
            '<link rel="webmention" href="/wm/first">', '<a rel="webmention" href="/wm/later">x</a>'
        ),
        "/wm/first",
        "webmention",
    ),
    (
        {"Link": "</wm/header-wins>; rel=webmention"},
        page('<link rel="webmention" href="/wm/html">'),
        "/wm/header-wins",
        "webmention",
    ),
    ({"X-Pingback": "{url}/xmlrpc.php"}, page(), "/xmlrpc.php", "pingback"),
    ({}, page('<link rel="pingback" href="/pingback-html">'), "/pingback-html", "pingback"),
]


@pytest.mark.parametrize(("headers", "html", "endpoint", "protocol"), CASES)
def test_discovery(other_blog, headers, html, endpoint, protocol):
    other_blog.pages["/post/"] = Page(
        html, headers={k: v.format(url=other_blog.url) for k, v in headers.items()}
    )
    found = discover(Fetcher(LOCAL), f"{other_blog.url}/post/")
    assert (found.protocol, found.url) == (protocol, f"{other_blog.url}{endpoint}")


def test_relative_endpoints_resolve_against_the_page_after_redirects(other_blog):
    other_blog.pages["/alt"] = Page("", 301, {"Location": "/neu/ort/"})
    other_blog.pages["/neu/ort/"] = Page(page('<link rel="webmention" href="wm">'))
    found = discover(Fetcher(LOCAL), f"{other_blog.url}/alt")
    assert found.url == f"{other_blog.url}/neu/ort/wm"


def test_no_endpoint(other_blog):
    other_blog.pages["/post/"] = Page(page('<link rel="stylesheet" href="/s.css">'))
    assert discover(Fetcher(LOCAL), f"{other_blog.url}/post/") is None
