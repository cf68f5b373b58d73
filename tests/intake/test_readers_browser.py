"""The readers' forms of the built site in headless Chromium, posting to the real intake
on 127.0.0.1 with a local relay: subscribe under an article and confirm from the mail,
report a published comment, ask for the reply notification in the comment form, open
"Meine Kommentare" from the footer; axe finds nothing on any of these pages."""

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from chromium import axe_violations, chromium
from conftest import free_port
from tests.intake.readers_intake import link_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTICLE = "2025/03/lokalredaktionen-lesen-anders/"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # In production the site and its intake share one origin; here they are two, and
        # a font is fetched from another origin only with CORS.
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


def test_a_reader_subscribes_confirms_and_reports_a_comment_in_the_browser(project, make_desk):
    site_port = free_port()
    site_url = f"http://127.0.0.1:{site_port}"
    desk = make_desk(served=True, site_url=site_url, rate_limit=0)
    built = project.build(
        "publishconf.py",
        SITEURL=site_url,
        FEEDS_SITEURL=site_url,
        COMMENTS_INTAKE_URL=f"{desk.url}/kommentare/neu",
    )
    assert built.ok, built.stopped
    listed = json.loads((built.output / "kommentare" / "artikel.json").read_text())
    desk.publish(listed["articles"])
    site = ThreadingHTTPServer(
        ("127.0.0.1", site_port), partial(_Quiet, directory=str(built.output))
    )
    threading.Thread(target=site.serve_forever, daemon=True).start()
    hosts = set()
    try:
        with chromium() as browser:
            page = browser.new_page(locale="de-DE")
            page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
            # What the pages' Content-Security-Policy refused to load (the site's fonts on
            # the intake's pages were). axe's own fetches of the stylesheets ("Connecting
            # to …") are the test's, not the page's.
            refused = []
            page.on(
                "console",
                lambda message: (
                    refused.append(message.text)
                    if "Content Security Policy" in message.text
                    and not message.text.startswith("Connecting to")
                    else None
                ),
            )
            page.goto(f"{site_url}/{ARTICLE}")
            notify = page.get_by_label("Benachrichtigen Sie mich bei Antworten", exact=False)
            assert notify.count() == 1 and not notify.is_checked()
            assert axe_violations(page) == []  # the page with the three readers' forms

            form = page.locator("form.newsletter-form--article")
            form.locator("input[name=email]").fill("lea@example.org")
            form.get_by_role("button", name="Abonnieren").click()
            page.wait_for_url(f"{desk.url}/kommentare/newsletter")
            assert page.locator("h1").inner_text() == "Bitte sehen Sie in Ihr Postfach"
            assert axe_violations(page) == []
            (mail,) = desk.relay.wait(1)
            page.goto(desk.url + link_in(mail, "/kommentare/newsletter/bestaetigen", desk.url))
            assert axe_violations(page) == []
            page.locator("form[method=post] button").click()
            page.locator("h1", has_text="angemeldet").wait_for(timeout=30000)
            subscriber = desk.database.subscribers.by_email("lea@example.org")
            assert subscriber.state == "confirmed" and subscriber.source == f"/{ARTICLE}"

            page.goto(f"{site_url}/{ARTICLE}")
            first = page.locator("li.comment a.comment__report").first
            assert first.inner_text().startswith("Kommentar melden")
            first.click()
            page.wait_for_load_state()
            assert axe_violations(page) == []  # the report form
            page.locator("input[name=reason][value=privacy]").check()
            page.locator("textarea[name=explanation]").fill(
                "Der Kommentar nennt die Privatadresse einer Kollegin."
            )
            page.locator("input[name=good_faith]").check()
            page.get_by_role("button", name="Meldung absenden").click()
            page.locator("h1", has_text="Meldung").wait_for(timeout=30000)

            page.goto(f"{site_url}/{ARTICLE}")  # "Meine Kommentare" from the footer
            page.locator(".my-comments-link a").click()
            page.locator("input[name=email]").fill("lea@example.org")
            page.locator("form.comment-form button[type=submit]").click()
            page.wait_for_load_state()
            link = link_in(desk.relay.wait(2)[-1], "/kommentare/meine-daten", desk.url)
            page.goto(desk.url + link)
            assert "abonniert" in page.locator("main").inner_text()
            assert axe_violations(page) == []
            # The intake's pages show the site's typeface, as its own pages do.
            assert page.evaluate(
                "document.fonts.ready.then(() => document.fonts.check('1em Inter'))"
            )
            assert page.evaluate(
                "[...document.fonts].some(f => f.family.includes('Inter') && f.status == 'loaded')"
            )
    finally:
        site.shutdown()
    (report,) = desk.database.reports.rows()
    assert report.reason == "privacy" and report.article == "lokalredaktionen-lesen-anders"
    assert refused == []
    # Nothing but the site and its intake was asked for anything.
    assert hosts == {urlsplit(site_url).netloc, urlsplit(desk.url).netloc}
