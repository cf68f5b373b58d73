"""Editors' raw HTML: a script merged into an article runs neither on the page nor in a feed."""

import threading

import pytest
from bs4 import BeautifulSoup

from chromium import chromium
from conftest import build_site
from publishing.server import site_server

EVIL = (
    "Title: Ein Beitrag mit fremdem Code\nDate: 2025-02-02\nAuthor: Jana Albers\n"
    "Category: Social Media\nSummary: Harmlos.\n\n"
    "Erster Absatz.\n\n"
    "<script>window.__pwned = 'script';</script>\n\n"
    '<p><img src="/nicht-da.png" alt="x" onerror="window.__pwned = \'onerror\'"></p>\n\n'
    '<p><a id="böse" href="javascript:window.__pwned = \'link\'">Klick</a></p>\n'
)
URL = "2025/02/ein-beitrag-mit-fremdem-code/"


@pytest.fixture
def evil_site(fixture_site):
    site = fixture_site()
    (site.content / "2025" / "fremd.md").write_text(EVIL, encoding="utf-8")
    return site.root


def test_every_page_sends_a_content_security_policy_for_scripts(evil_site):
    site = build_site(evil_site)
    assert site.ok, site.stopped
    for page in ("", URL, "impressum/", "suche/", "404.html"):
        policy = site.html(page).select_one('meta[http-equiv="Content-Security-Policy"]')
        assert "script-src 'self'" in policy["content"], page


@pytest.mark.browser
@pytest.mark.slow
def test_a_merged_script_does_not_run_but_the_sites_own_does(evil_site):
    site = build_site(evil_site)
    assert site.ok, site.stopped
    server = site_server(site.output, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with chromium() as browser:
            tab = browser.new_page()
            violations = []
            tab.on(
                "console", lambda m: "Content Security Policy" in m.text and violations.append(m)
            )
            tab.goto(f"http://127.0.0.1:{server.server_address[1]}/{URL}")
            tab.wait_for_load_state("load")
            tab.click("#böse")
            # The browser says what it blocked; its messages may come a little later.
            for _ in range(300):
                if len(violations) >= 3:  # the script, the onerror handler, the link
                    break
                tab.wait_for_timeout(100)
            assert len(violations) >= 3, [m.text for m in violations]
            assert tab.evaluate("window.__pwned") is None
            assert tab.evaluate("document.documentElement.classList.contains('js')")  # site.js
    finally:
        server.shutdown()
        server.server_close()


def test_feeds_carry_no_script_of_an_article(evil_site):
    site = build_site(evil_site, "publishconf.py", SITEURL="https://blog.example")
    assert site.ok, site.stopped
    feed = BeautifulSoup(site.read("feeds/atom.xml"), "xml")
    (entry,) = [e for e in feed.find_all("entry") if "fremdem Code" in e.title.get_text()]
    html = BeautifulSoup(entry.content.get_text(), "html.parser")
    assert "Erster Absatz." in html.get_text()
    assert not html.find_all("script")
    assert not [tag for tag in html.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert not [a for a in html.find_all("a") if "javascript" in a.get("href", "").lower()]
