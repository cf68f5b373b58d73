"""What a reader sees in a real headless Chromium (Debian's /usr/bin/chromium)."""

from urllib.parse import urlsplit

import pytest

from chromium import axe_violations, chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser():
    with chromium() as started:
        yield started


@pytest.fixture
def page(browser, served_demo):
    """A fresh tab that records every request and every console error."""
    context = browser.new_context(locale="de-DE")
    tab = context.new_page()
    tab.requested_hosts = set()
    tab.console_errors = []
    tab.on("request", lambda request: tab.requested_hosts.add(urlsplit(request.url).netloc))
    tab.on(
        "console",
        lambda message: message.type == "error" and tab.console_errors.append(message.text),
    )
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    yield tab
    context.close()


def test_home_page_shows_the_latest_articles(page, served_demo):
    page.goto(served_demo + "/")
    assert page.title().startswith("Hafenlicht")
    # (a label over the lead, set in capitals by the style sheet)
    assert page.locator("h1").text_content().strip() == "Neueste Beiträge"
    cards = page.locator(".card")
    assert cards.count() == 12  # the lead, two beside it, nine below
    assert cards.first.locator(".card__title").is_visible()
    # The web font is our own and was used.
    assert page.evaluate("document.fonts.check('16px Inter')")
    assert page.requested_hosts == {urlsplit(served_demo).netloc}
    assert page.console_errors == []


def test_article_opens_from_the_home_page(page, served_demo):
    page.goto(served_demo + "/")
    first = page.locator(".card__title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert page.locator(".post-body").is_visible()
    assert "Min. Lesezeit" in page.locator(".byline").inner_text()
    assert page.requested_hosts == {urlsplit(served_demo).netloc}
    assert page.console_errors == []


def test_phone_menu_opens_and_closes(browser, served_demo):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="de-DE")
    tab = context.new_page()
    tab.goto(served_demo + "/")
    toggle = tab.locator(".nav-toggle")
    nav_link = tab.locator("#site-nav a").first
    assert toggle.is_visible()
    assert not nav_link.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav_link.is_visible()
    tab.keyboard.press("Escape")
    assert not nav_link.is_visible()
    context.close()


def test_skip_link_is_the_first_tab_stop_and_visible_on_focus(page, served_demo):
    page.goto(served_demo + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_and_article_meet_wcag_aa_in_light_and_dark(browser, served_demo, scheme):
    context = browser.new_context(color_scheme=scheme, locale="de-DE")
    tab = context.new_page()
    tab.goto(served_demo + "/")
    assert axe_violations(tab) == []
    tab.locator(".card__title a").first.click()
    tab.wait_for_load_state()
    assert axe_violations(tab) == []
    context.close()
