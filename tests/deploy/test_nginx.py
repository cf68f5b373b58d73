"""deploy/nginx.conf in Debian's nginx on 127.0.0.1, serving a production build, with the
real comment intake behind it (waitress-serve, as README.md runs it) and without."""

import gzip
import http.client
import json
import re
import urllib.parse

import brotli
import pytest

from chromium import chromium
from deploy_server import DOWN_TEXT, file_size_limit, start_intake
from embeds.providers import PLAYER_HOSTS, recognise

pytestmark = pytest.mark.slow

ARTICLE = "/2024/02/zu-wem-gehoert-der-firmen-account/"  # open for comments


def request(server, method: str, path: str, body: bytes | None = None, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_pages_carry_the_security_headers_and_a_short_cache_lifetime(server):
    status, headers, _body = request(server, "GET", "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["cache-control"] == "public, max-age=300"
    assert "server" not in headers or "/" not in headers["server"]  # no version


def test_hashed_assets_may_be_cached_a_year(server):
    html = server["site"].read("")
    stylesheet = re.search(r'href="[^"]*(/theme/css/site\.[0-9a-f]{10}\.css)"', html)[1]
    status, headers, _body = request(server, "GET", stylesheet)
    assert status == 200 and headers["content-type"].startswith("text/css")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    font = re.search(r'href="[^"]*(/theme/fonts/[^"]+\.woff2)"', html)[1]
    assert request(server, "GET", font)[1]["cache-control"].endswith("immutable")
    # The same file under its plain name is not immutable: its content may change.
    assert request(server, "GET", "/theme/css/site.css")[1]["cache-control"] == (
        "public, max-age=300"
    )


def test_the_precompressed_siblings_are_served_as_they_are(server):
    output = server["site"].output
    status, headers, body = request(server, "GET", ARTICLE, **{"Accept-Encoding": "br, gzip"})
    assert status == 200 and headers["content-encoding"] == "br"
    assert "accept-encoding" in headers["vary"].lower()
    page = output / ARTICLE.strip("/") / "index.html"
    assert body == (page.parent / "index.html.br").read_bytes()  # brotli_static's file
    assert brotli.decompress(body) == page.read_bytes()
    status, headers, body = request(server, "GET", ARTICLE, **{"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == page.read_bytes()
    status, headers, body = request(server, "GET", ARTICLE)
    assert "content-encoding" not in headers and body == page.read_bytes()


def test_a_missing_page_is_the_sites_404_page_with_status_404(server):
    status, headers, body = request(server, "GET", "/gibt-es-nicht/")
    assert status == 404
    assert body == (server["site"].output / "404.html").read_bytes()
    assert headers["x-content-type-options"] == "nosniff"  # error pages too
    status, headers, _body = request(server, "GET", "/2024/02/zu-wem-gehoert-der-firmen-account")
    assert status == 301 and headers["location"] == ARTICLE
    # Below /en/ the English one.
    status, _headers, body = request(server, "GET", "/en/does-not-exist/")
    assert status == 404
    assert body == (server["site"].output / "en" / "404.html").read_bytes()


def test_a_comment_goes_through_nginx_to_the_intake(server):
    form = {
        "article": "zu-wem-gehoert-der-firmen-account",
        "author": "Leserin Lea",
        "email": "lea@example.org",
        "text": "Danke, das kläre ich jetzt mit unserer Personalabteilung.",
        "answer": "7",
        "consent": "yes",
        "homepage": "",
    }
    body = urllib.parse.urlencode(form).encode()
    status, headers, _ = request(
        server,
        "POST",
        "/kommentare/neu",
        body,
        **{"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 303, status
    assert ARTICLE in headers["location"]
    from intake.store import Database

    texts = [row.text for row in Database(server["queue"]).comments.rows()]
    assert form["text"] in texts
    # Too large for the intake: nginx refuses it before it reaches the intake.
    status, _, _ = request(server, "POST", "/kommentare/neu", b"x" * 70_000)
    assert status == 413
    # The readers' pages are the intake's, and no cache keeps them (a reader's data).
    status, headers, _ = request(server, "GET", "/kommentare/meine-daten")
    assert status == 200 and headers["cache-control"] == "no-store"
    # The site's own files below /kommentare/ stay static.
    status, headers, _ = request(server, "GET", "/kommentare/artikel.json")
    assert status == 200 and headers["content-type"].startswith("application/json")


def test_with_the_intake_stopped_the_reader_gets_the_sites_page_and_a_502(server):
    server["intake"].terminate()
    server["intake"].wait(timeout=30)
    try:
        status, headers, body = request(
            server,
            "POST",
            "/kommentare/neu",
            b"author=Lea&text=Hallo",
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 502
        assert DOWN_TEXT in body.decode("utf-8")
        assert "cache-control" not in headers
        assert headers["content-security-policy"].startswith("default-src 'self'")
    finally:
        server["intake"] = start_intake(
            server["site"].output, server["intake_port"], server["queue"]
        )


# Adds one iframe per address (as embeds.js does after the click) and collects what the
# page's Content-Security-Policy refused. The players are not reachable from here; the
# policy decides before anything is fetched.
FRAMES_REFUSED = """async (addresses) => {
  const refused = [];
  document.addEventListener("securitypolicyviolation", event => refused.push(event.blockedURI));
  for (const address of addresses) {
    const frame = document.createElement("iframe");
    frame.src = address;
    document.body.append(frame);
  }
  await new Promise(resolve => setTimeout(resolve, 1000));
  return refused;
}"""


@pytest.mark.browser
def test_the_policy_lets_a_clicked_embed_load_its_player_and_nothing_else(server):
    players = [
        recognise(url).frame
        for url in (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://vimeo.com/76979871",
            "https://x.com/hafenlicht/status/123",
            "https://www.instagram.com/p/Cabc123XYZ/",
            "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
        )
    ]
    assert {urllib.parse.urlsplit(player).hostname for player in players} == set(PLAYER_HOSTS)
    with chromium() as browser:
        tab = browser.new_page()
        tab.goto(f"http://127.0.0.1:{server['port']}{ARTICLE}")
        assert tab.evaluate(FRAMES_REFUSED, players) == []
        refused = tab.evaluate(FRAMES_REFUSED, ["https://tracker.example/frame"])
    assert [urllib.parse.urlsplit(address).hostname for address in refused] == ["tracker.example"]


FAULT = "Ihr Kommentar konnte wegen eines Fehlers bei uns nicht gespeichert werden."
FORM = {
    "article": "zu-wem-gehoert-der-firmen-account",
    "author": "Leserin Lea",
    "email": "lea@example.org",
    "answer": "7",
    "consent": "yes",
    "homepage": "",
}


def post_form(server, text: str):
    body = urllib.parse.urlencode({**FORM, "text": text}).encode()
    return request(
        server,
        "POST",
        "/kommentare/neu",
        body,
        **{"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"},
    )


def test_a_full_disk_gives_the_reader_a_german_page_with_the_text_through_nginx(server, tmp_path):
    """The issue's repro: a full disk answered 500 with waitress's English page, which
    nginx passed on: readers without JavaScript saw "Internal Server Error"."""
    from bs4 import BeautifulSoup

    from intake.store import Database

    queue = tmp_path / "voll.sqlite3"
    Database(queue).preferences.secret()
    server["intake"].terminate()
    server["intake"].wait(timeout=30)
    full = start_intake(
        server["site"].output,
        server["intake_port"],
        queue,
        preexec=file_size_limit(queue.stat().st_size + 8192),
    )
    try:
        for number in range(200):  # a few comments fill the little room there is
            text = f"Mein Kommentar Nummer {number}, lang genug:" + " Hafen" * 150
            status, headers, body = post_form(server, text)
            if status != 303:
                break
    finally:
        full.terminate()
        full.wait(timeout=30)
        server["intake"] = start_intake(
            server["site"].output, server["intake_port"], server["queue"]
        )
    assert status == 500, status
    assert headers["content-type"].startswith("text/html")
    page = BeautifulSoup(body.decode("utf-8"), "html.parser")
    assert FAULT in page.select_one("[role=alert]").get_text()
    assert page.select_one("textarea[name=text]").get_text() == text
    assert "Internal Server Error" not in body.decode("utf-8")


def test_a_fault_of_nginx_itself_is_the_sites_german_page(server):
    """nginx's own 500 (here: its folder for request bodies is gone, as on a full disk)
    is the site's page that says the comment was not sent, with the status kept."""
    import shutil

    bodies = server["folder"] / "body"
    shutil.rmtree(bodies)
    try:
        status, _headers, body = post_form(server, "Ein längerer Text. " * 1500)  # 28 KiB
    finally:
        bodies.mkdir()
    assert status == 500
    assert DOWN_TEXT in body.decode("utf-8")


def test_the_health_check_goes_through_nginx_uncached(server):
    status, headers, body = request(server, "GET", "/kommentare/health")
    assert status == 200, body
    assert json.loads(body) == {"status": "ok", "queue": "ok", "articles": "ok"}
    assert headers["cache-control"] == "no-store"
