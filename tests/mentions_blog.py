"""Helpers of the mention tests (tests/mentions/): a second local "blog" on 127.0.0.1
that links to us, announces it and takes our notifications, and the real intake over HTTP."""

import json
import socket
import threading
import time
import urllib.parse
import urllib.request
import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from intake.app import IntakeApp
from mentions.settings import MentionsSettings

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://blog.example"
ARTICLE_URL = "2024/02/zu-wem-gehoert/"
TARGET = f"{SITE}/{ARTICLE_URL}"
ARTICLES = {
    "zu-wem-gehoert": {"url": ARTICLE_URL, "title": "Zu wem gehört?", "open": True, "comments": []},
    "geschlossen": {"url": "2024/04/geschlossen/", "title": "Zu", "open": False, "comments": []},
}
LOCAL = MentionsSettings(allow_networks=("127.0.0.0/8",), timeout_seconds=10)


def h_entry(target: str, title: str = "Accounts gehören der Firma") -> str:
    return (
        "<!DOCTYPE html><html><head><title>Nachbarblog – Startseite</title></head><body>"
        '<article class="h-entry">'
        f'<h1 class="p-name">{title}</h1>'
        '<a class="p-author h-card" href="/">Ines Kowalski</a>'
        '<time class="dt-published" datetime="2025-03-12T10:30:00+01:00">12. März</time>'
        '<div class="e-content"><p>Sehr lesenswert, was Hafenlicht über Firmen-Accounts '
        f'schreibt: <a href="{target}">zum Beitrag</a>.</p></div>'
        "</article></body></html>"
    )


def plain_page(target: str | None, title: str = "Linkliste der Woche") -> str:
    link = f'<p>Gelesen: <a href="{target}">Hafenlicht</a></p>' if target else "<p>Nichts.</p>"
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{link}</body></html>"


@dataclass
class Page:
    body: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.body.decode()))

    @property
    def call(self) -> tuple[tuple, str]:
        return xmlrpc.client.loads(self.body)


class OtherBlog:
    """Another blog: serves ``pages`` (path -> Page) and records every request."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[Received] = []
        self.answers: dict[str, Page] = {}  # answers to POSTs by path
        blog = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, page: Page | None) -> None:
                page = page or Page("nicht da", 404, content_type="text/plain")
                data = page.body.encode()
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in page.headers.items():
                    for one in value.split("\n"):
                        self.send_header(name, one)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def do_GET(self):
                blog.requests.append(Received(self.path, dict(self.headers), b""))
                self._answer(blog.pages.get(self.path))

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                blog.requests.append(Received(self.path, dict(self.headers), body))
                self._answer(blog.answers.get(self.path.split("?")[0], Page("ok", 202)))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def posts(self, path: str = "") -> list[Received]:
        return [r for r in self.requests if r.body and (not path or r.path.startswith(path))]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Intake:
    url: str  # where the intake listens, e.g. http://127.0.0.1:PORT
    app: IntakeApp

    def webmention(self, source: str, target: str = TARGET) -> tuple[int, dict, str]:
        data = urllib.parse.urlencode({"source": source, "target": target}).encode()
        request = urllib.request.Request(f"{self.url}/kommentare/webmention", data=data)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def pingback(self, source: str, target: str = TARGET) -> str:
        proxy = xmlrpc.client.ServerProxy(f"{self.url}/kommentare/pingback")
        return proxy.pingback.ping(source, target)

    def status(self, location: str, until: Callable[[dict], bool] = lambda s: True) -> dict:
        """The Webmention status, polled until ``until`` holds (generous bound)."""
        deadline = time.monotonic() + 30
        while True:
            with urllib.request.urlopen(f"{self.url}{location}", timeout=30) as answer:
                found = json.loads(answer.read())
            if until(found) or time.monotonic() > deadline:
                return found
            time.sleep(0.05)


def settled(status: dict) -> bool:
    return status["status"] not in ("queued", "verifying")


def write_manifest(folder: Path, articles: dict = ARTICLES) -> Path:
    path = folder / "artikel.json"
    path.write_text(json.dumps({"articles": articles}), encoding="utf-8")
    return path


OUR_ARTICLE = "2025/03/unser-beitrag/"
URL = OUR_ARTICLE


def write_site(site: Path, links: list[str], text: str = "Text") -> None:
    manifest = {"articles": {"unser-beitrag": {"url": URL, "title": "T", "open": True}}}
    (site / "kommentare").mkdir(parents=True, exist_ok=True)
    (site / "kommentare" / "artikel.json").write_text(json.dumps(manifest), encoding="utf-8")
    anchors = "".join(f'<a href="{link}">Link</a> ' for link in links)
    (site / URL).mkdir(parents=True, exist_ok=True)
    (site / URL / "index.html").write_text(
        "<!DOCTYPE html><html><body><nav><a href='https://nav.example/'>Menü</a></nav>"
        f'<article class="post"><div class="post-body"><p>{text} {anchors}</p>'
        '<p><a href="/intern/">intern</a> <a href="https://blog.example/anderer/">eigener</a>'
        ' <a href="mailto:a@b.example">Mail</a></p></div>'
        '<ul class="share"><a href="https://share.example/?u=x">Teilen</a></ul></article>'
        "</body></html>",
        encoding="utf-8",
    )


class Dribbler:
    """A source that sends its header line one byte per second (``interval``), for up
    to ``seconds``; ``hung_up`` holds how long each connection lasted until the client
    gave up (or the source did)."""

    def __init__(self, seconds: float = 40, interval: float = 1.0) -> None:
        self.seconds, self.interval = seconds, interval
        self.hung_up: list[float] = []
        self.stop = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._dribble, args=(connection,), daemon=True).start()

    def _dribble(self, connection: socket.socket) -> None:
        started = time.monotonic()
        line = b"HTTP/1.1 200 OK" + b" " * 1000
        with connection:
            for byte in line:
                if time.monotonic() - started > self.seconds or self.stop.wait(self.interval):
                    break
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    break
        self.hung_up.append(time.monotonic() - started)

    def close(self) -> None:
        self.stop.set()
        self.listener.close()
