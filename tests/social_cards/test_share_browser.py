"""Share links in a real Chromium: nothing is requested before a click, with and without JS."""

from urllib.parse import parse_qs, urlsplit

import pytest

from chromium import axe_violations, chromium, read_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# In the order of SOCIAL_CARDS_SHARE_LINKS: the first four are shown, the rest behind
# "Mehr".
NAMES = [
    "Auf LinkedIn teilen",
    "Auf Mastodon teilen",
    "Per E-Mail teilen",
    "Link kopieren",
    "Auf XING teilen",
    "Per WhatsApp teilen",
    "Auf X teilen",
    "Auf Facebook teilen",
]


@pytest.fixture(scope="module")
def browser():
    with chromium() as started:
        yield started


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="de-DE")
    yield context
    context.close()


def first_article(page, served_demo: str) -> str:
    """The address of the newest article, as a reader would find it."""
    page.goto(served_demo + "/")
    page.locator(".card__title a").first.click()
    page.wait_for_load_state("networkidle")
    return page.url


def test_an_article_with_its_share_block_requests_only_our_own_host(context, served_demo):
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    article = first_article(page, served_demo)
    page.goto(article)
    page.wait_for_load_state("networkidle")
    page.locator(".share").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert hosts == {urlsplit(served_demo).netloc}
    share = page.get_by_role("region", name="Beitrag teilen")
    for name in NAMES[:4]:
        assert share.get_by_role("link", name=name, exact=True).is_visible()
    share.locator("summary").click()  # "Mehr"
    for name in NAMES:
        assert share.get_by_role("link", name=name, exact=True).is_visible()
    linkedin = share.get_by_role("link", name="Auf LinkedIn teilen").get_attribute("href")
    assert parse_qs(urlsplit(linkedin).query) == {"url": [article]}


def test_copy_link_puts_the_address_on_the_clipboard_and_says_so(context, served_demo):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_demo)
    page = context.new_page()
    article = first_article(page, served_demo)
    page.get_by_role("link", name="Link kopieren").click()
    assert page.evaluate("navigator.clipboard.readText()") == article
    assert page.url == article  # the click did not navigate
    assert page.get_by_role("status").inner_text() == "Link kopiert"


@pytest.mark.parametrize(
    "typed", ["https://social.example/", "social.example", "@jana@social.example"]
)
def test_mastodon_share_asks_for_the_instance_and_opens_it(context, served_demo, typed):
    page = context.new_page()
    requested = []
    context.route(
        "https://social.example/**",
        lambda route: (requested.append(route.request.url), route.fulfill(body="ok")),
    )
    article = first_article(page, served_demo)
    title = read_text(page.locator("h1"))
    page.get_by_role("link", name="Auf Mastodon teilen").click()
    page.wait_for_load_state()
    assert page.get_by_label("Text").input_value() == f"{title} {article}"
    page.get_by_label("Ihr Mastodon-Server").fill(typed)
    page.get_by_role("button", name="Weiter zu Mastodon").click()
    page.wait_for_url("https://social.example/**")
    (url,) = requested
    assert urlsplit(url).path == "/share"
    assert parse_qs(urlsplit(url).query)["text"] == [f"{title} {article}"]


def test_a_server_that_is_no_address_is_refused_in_place(context, served_demo):
    page = context.new_page()
    page.goto(served_demo + "/teilen/mastodon/?text=Hallo")
    field = page.get_by_label("Ihr Mastodon-Server")
    field.fill("kein server")
    page.get_by_role("button", name="Weiter zu Mastodon").click()
    assert page.url.startswith(served_demo)
    assert field.evaluate("element => element.validationMessage") == (
        "Bitte geben Sie die Adresse eines Mastodon-Servers ein, zum Beispiel mastodon.social."
    )


def test_without_javascript_every_share_link_still_works(browser, served_demo):
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    article = first_article(page, served_demo)
    share = page.get_by_role("region", name="Beitrag teilen")
    share.locator("summary").click()  # "Mehr" opens without JavaScript too
    hrefs = {name: share.get_by_role("link", name=name).get_attribute("href") for name in NAMES}
    assert hrefs["Link kopieren"] == article
    assert hrefs["Per E-Mail teilen"].startswith("mailto:?subject=")
    assert urlsplit(hrefs["Auf X teilen"]).netloc == "x.com"
    share.get_by_role("link", name="Auf Mastodon teilen").click()
    page.wait_for_load_state()
    # The form needs JavaScript to reach the reader's server: it is hidden, and the
    # page explains the manual way instead.
    assert not page.locator("form.mastodon-share").is_visible()
    assert "Ohne JavaScript" in page.locator("main").inner_text()
    assert hosts == {urlsplit(served_demo).netloc}
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_mastodon_page_meets_wcag_aa(browser, served_demo, scheme):
    context = browser.new_context(color_scheme=scheme, locale="de-DE")
    page = context.new_page()
    page.goto(served_demo + "/teilen/mastodon/?text=Hallo")
    assert axe_violations(page) == []
    context.close()
