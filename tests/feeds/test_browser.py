"""A reader finds the feeds in a real Chromium and sees a readable page when opening one."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import feedparser
import pytest

from chromium import chromium, read_text
from conftest import build_site, copy_fixture, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The `feeds` fixture site, production build, served at http://127.0.0.1:<port>."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    project = copy_fixture("feeds", tmp_path_factory.mktemp("served-feeds"))
    site = build_site(project, "publishconf.py", SITEURL=base)
    assert site.ok, site.stopped
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_Quiet, directory=str(site.output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(served):
    with chromium() as browser:
        context = browser.new_context(locale="de-DE")
        tab = context.new_page()
        tab.hosts = set()
        tab.failed = []
        tab.on("request", lambda request: tab.hosts.add(urlsplit(request.url).netloc))
        tab.on(
            "response",
            lambda response: response.status >= 400 and tab.failed.append(response.url),
        )
        yield tab
        context.close()


def shown(tab, selector: str) -> list[str]:
    """Text of the elements matching ``selector`` that take up space on the screen."""
    return tab.evaluate(
        """selector => [...document.querySelectorAll(selector)]
            .filter(element => element.getBoundingClientRect().height > 0)
            .map(element => element.textContent.trim())""",
        selector,
    )


def test_the_footer_link_opens_the_feed_as_a_readable_page(page, served):
    page.goto(served + "/")
    link = page.get_by_role("link", name="Feed abonnieren")
    assert link.get_attribute("href") == f"{served}/feeds/atom.xml"
    link.click()
    page.wait_for_load_state()
    assert page.url == f"{served}/feeds/atom.xml"
    assert page.evaluate("document.documentElement.localName") == "feed"
    assert shown(page, "feed > title") == ["Hafenlicht"]
    # Each entry: its title as a link to the article, its date in German words.
    assert shown(page, "entry > a") == [
        "Anzeige: Redaktionsplanung mit Lotsenkarte",
        "Ein Jahr Corporate Blog bei Nordstahl",
        "Krisenkommunikation: Die erste Stunde",
    ]
    assert shown(page, "entry > time") == ["2. April 2025", "1. Februar 2025", "22. April 2024"]
    published = page.evaluate(
        "getComputedStyle(document.querySelector('entry > time'), '::before').content"
    )
    assert published == '"Veröffentlicht: "'
    hidden = "entry > title, entry > published, entry > content, entry > id, feed > link"
    assert shown(page, hidden) == []  # for feed readers only
    notice = page.evaluate(
        "getComputedStyle(document.querySelector('feed > subtitle'), '::after').content"
    )
    assert notice.startswith('"Dies ist ein Feed. Kopieren Sie die Adresse dieser Seite')
    # CSS, not XSLT: Chromium covers XSLT pages with a banner about its removal.
    assert page.evaluate("document.querySelector('xslt-warning-banner')") is None
    assert page.hosts == {urlsplit(served).netloc}
    assert set(page.failed) <= {f"{served}/favicon.ico"}  # browsers ask for it on XML
    page.locator("entry > a", has_text="Ein Jahr Corporate Blog bei Nordstahl").click()
    page.wait_for_load_state()
    assert read_text(page.locator("h1")) == "Ein Jahr Corporate Blog bei Nordstahl"


def test_an_rss_feed_reads_the_same(page, served):
    page.goto(served + "/kategorie/content/rss.xml")
    assert shown(page, "channel > title") == ["Hafenlicht: Content"]
    assert shown(page, "item > a") == [
        "Anzeige: Redaktionsplanung mit Lotsenkarte",
        "Ein Jahr Corporate Blog bei Nordstahl",
    ]
    assert shown(page, "item > time") == ["2. April 2025", "1. Februar 2025"]
    assert shown(page, "item > title, item > pubDate") == []


def test_a_list_page_offers_its_feed_to_readers_and_their_browsers(page, served):
    page.goto(served + "/thema/werkzeuge/")
    alternates = page.eval_on_selector_all(
        'head link[rel="alternate"]', "links => links.map(link => [link.type, link.href])"
    )
    assert alternates == [
        ["application/atom+xml", f"{served}/feeds/atom.xml"],
        ["application/rss+xml", f"{served}/feeds/rss.xml"],
        ["application/atom+xml", f"{served}/thema/werkzeuge/atom.xml"],
        ["application/rss+xml", f"{served}/thema/werkzeuge/rss.xml"],
    ]
    for _type, url in alternates:
        response = page.request.get(url)
        assert response.status == 200, url
        parsed = feedparser.parse(response.body())
        assert not parsed.bozo and parsed.entries, url
    subscribe = page.get_by_role("link", name="Feed dieser Seite abonnieren")
    assert subscribe.is_visible()
    subscribe.click()
    page.wait_for_load_state()
    assert shown(page, "feed > title") == ["Hafenlicht: Werkzeuge"]
