"""Share links in a real Chromium: nothing is requested before a click."""

from urllib.parse import parse_qs, urlsplit

import pytest

from chromium import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTICLE = "/2025/09/mastodon-fuer-unternehmen-lohnt-sich-das-fediverse/"


@pytest.fixture(scope="module")
def browser():
    with chromium() as started:
        yield started


def test_article_with_share_block_requests_only_our_own_host(browser, served_demo):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(served_demo + ARTICLE)
    page.wait_for_load_state("networkidle")
    assert hosts == {urlsplit(served_demo).netloc}
    for name in (
        "Auf LinkedIn teilen",
        "Auf XING teilen",
        "Auf X teilen",
        "Auf Facebook teilen",
        "Auf Mastodon teilen",
        "Per WhatsApp teilen",
        "Per E-Mail teilen",
        "Link kopieren",
    ):
        assert page.get_by_role("link", name=name).is_visible()
    context.close()


def test_copy_link_puts_the_address_on_the_clipboard(browser, served_demo):
    context = browser.new_context(locale="de-DE")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_demo)
    page = context.new_page()
    page.goto(served_demo + ARTICLE)
    page.get_by_role("link", name="Link kopieren").click()
    assert page.evaluate("navigator.clipboard.readText()") == served_demo + ARTICLE
    assert page.url == served_demo + ARTICLE  # the click did not navigate
    context.close()


def test_mastodon_share_asks_for_the_instance_and_opens_it(browser, served_demo):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    requested = []
    context.route(
        "https://social.example/**",
        lambda route: (requested.append(route.request.url), route.fulfill(body="ok")),
    )
    page.goto(served_demo + ARTICLE)
    page.get_by_role("link", name="Auf Mastodon teilen").click()
    page.wait_for_load_state()
    assert "Fediverse" in page.get_by_label("Text").input_value()
    page.get_by_label("Ihr Mastodon-Server").fill("https://social.example/")
    page.get_by_role("button", name="Weiter zu Mastodon").click()
    page.wait_for_url("https://social.example/**")
    (url,) = requested
    assert urlsplit(url).path == "/share"
    assert parse_qs(urlsplit(url).query)["text"][0].endswith(served_demo + ARTICLE)
    context.close()
