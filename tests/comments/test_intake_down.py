"""When the intake does not answer, the reader keeps the text and is told so in German."""

import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from chromium import chromium
from conftest import free_port

ARTICLE = "2025/03/lokalredaktionen-lesen-anders/"
UNSENT = (
    "Ihr Kommentar konnte gerade nicht gesendet werden. Ihr Text ist noch da; "
    "bitte versuchen Sie es in einigen Minuten noch einmal."
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _BadGateway(BaseHTTPRequestHandler):
    """What a web server answers when the intake behind it is down: an HTML 502 page."""

    def do_POST(self):
        body = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
        self.send_response(502)
        self.send_header("Content-Type", "text/html")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(server) -> None:
    threading.Thread(target=server.serve_forever, daemon=True).start()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("intake", ["stopped", "502 page"])
def test_the_script_keeps_the_text_when_the_intake_is_down(project, intake):
    site_port, intake_port = free_port(), free_port()
    site_url = f"http://127.0.0.1:{site_port}"
    servers = []
    if intake == "502 page":
        servers.append(ThreadingHTTPServer(("127.0.0.1", intake_port), _BadGateway))
    built = project.build(
        "publishconf.py",
        SITEURL=site_url,
        FEEDS_SITEURL=site_url,
        COMMENTS_INTAKE_URL=f"http://127.0.0.1:{intake_port}/kommentare/neu",
    )
    assert built.ok, built.stopped
    servers.append(
        ThreadingHTTPServer(("127.0.0.1", site_port), partial(_Quiet, directory=str(built.output)))
    )
    for server in servers:
        serve(server)
    try:
        with chromium() as browser:
            page = browser.new_page()
            page.goto(f"{site_url}/{ARTICLE}")
            page.get_by_label("Name", exact=True).fill("Lea Leserin")
            page.get_by_label("E-Mail (wird nicht veröffentlicht)").fill("lea@example.org")
            page.get_by_label("Kommentar", exact=True).fill("Mein langer, wichtiger Text.")
            page.get_by_label("Spamschutz: Wie viel ist drei plus vier?").fill("7")
            page.get_by_label("Ich bin einverstanden", exact=False).check()
            page.get_by_role("button", name="Kommentar absenden").click()
            status = page.locator(".comment-form__status")
            status.filter(has_text="nicht gesendet").wait_for(timeout=30000)
            assert status.inner_text() == UNSENT
            assert page.url == f"{site_url}/{ARTICLE}"
            assert page.get_by_label("Kommentar", exact=True).input_value() == (
                "Mein langer, wichtiger Text."
            )
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def test_the_build_writes_the_page_the_web_server_shows_when_the_intake_is_down(project):
    built = project.build("publishconf.py", COMMENTS_INTAKE_URL="/kommentare/neu")
    assert built.ok, built.stopped
    page = built.html("kommentare/nicht-erreichbar.html")
    assert page.html["lang"] == "de"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert page.h1.get_text() == "Ihr Kommentar konnte gerade nicht gesendet werden"
    text = page.select_one(".intro__text").get_text()
    assert "gehen Sie im Browser zurück: Ihr Text ist noch da" in text
