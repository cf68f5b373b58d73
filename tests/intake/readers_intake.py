"""The intake with a relay, as the readers' tests use it: a factory that takes the
settings (``COMMENTS_*`` and ``READERS_*``) as keywords, a list of published articles,
and helpers to find the links in the mails."""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pytest
from werkzeug.test import Client

from comments.settings import CommentsSettings
from conftest import free_port
from intake.app import IntakeApp
from mail_relay import Relay, running_relay, text_of
from readers.settings import ReadersSettings
from waitress_thread import served_by_waitress

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://blog.example"
IMPRESSUM = "Hafenlicht Kommunikation GmbH | Laternenkai 7 | 20457 Hamburg"
ARTICLES = {
    "zu-wem-gehoert": {
        "url": "2026/02/zu-wem-gehoert/",
        "title": "Zu wem gehört?",
        "authors": ["Jana Albers"],
        "open": True,
        "comments": ["c1"],
        "mentions": ["m1"],
        "date": "2026-02-10T09:00:00+01:00",
        "lang": "de",
        "summary": "Wem gehört ein Satz, den alle zitieren?",
        "image": "images/satz.jpg",
        "image_alt": "Ein Zitat an einer Wand",
    },
}
READER_FIELDS = {spec.name for spec in fields(ReadersSettings)}


@dataclass
class Desk:
    client: Client
    app: IntakeApp
    relay: Relay
    manifest: Path
    url: str = ""  # the real HTTP server's address, when the desk was served
    promises: dict | None = None  # what the site's build promises readers ("readers")

    @property
    def database(self):
        return self.app.database

    def publish(self, articles: dict) -> None:
        """A new deployed list of articles (what a publish writes)."""
        write_articles(self.manifest, articles, self.promises)


def write_articles(path: Path, articles: dict, promises: dict | None = None) -> Path:
    listed = {"articles": articles, **({"readers": promises} if promises is not None else {})}
    path.write_text(json.dumps(listed, ensure_ascii=False), encoding="utf-8")
    return path


def link_in(mail, path: str, public: str = PUBLIC) -> str:
    """The path of the first link in the mail's text below ``path`` (``/kommentare/…``)."""
    found = re.search(rf"{re.escape(public)}({re.escape(path)}/\S+)", text_of(mail))
    assert found, f"no link to {path} in:\n{text_of(mail)}"
    return found.group(1)


def one_click(desk, link: str, **headers):
    """The POST of RFC 8058, as a mail program sends it (no cookie, no form token)."""
    return desk.client.post(
        link,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )


@pytest.fixture
def make_desk(tmp_path) -> Iterator:
    """``make_desk(**settings)``: the intake on a temporary queue, with a relay."""
    made, servers = [], []

    def make(
        articles: dict | None = None,
        relay: dict | None = None,
        served=False,
        promises: dict | None = None,
        **changes,
    ) -> Desk:
        """``served``: behind a real HTTP server on 127.0.0.1 as well (``Desk.url``),
        whose address is the intake's public one, so the mails' links lead to it.
        ``promises``: what the site's list of articles says it promises readers."""
        context = running_relay(**(relay or {}))
        mail = context.__enter__()
        made.append((context, None))
        url = ""
        if served:
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            changes.setdefault("public_url", url)
        manifest = write_articles(
            tmp_path / f"artikel-{len(made)}.json", articles or ARTICLES, promises
        )
        defaults = {
            "db_path": str(tmp_path / "queue.sqlite3"),
            "manifest_path": str(manifest),
            "site_url": PUBLIC,
            "public_url": PUBLIC,
            "theme_path": str(ROOT / "theme"),
            "smtp_host": "127.0.0.1",
            "smtp_port": mail.port,
            "mail_from": "blog@hafenlicht.example",
        }
        comments = replace(
            CommentsSettings(),
            **{**defaults, **{k: v for k, v in changes.items() if k not in READER_FIELDS}},
        )
        readers = replace(
            ReadersSettings(impressum=IMPRESSUM, reply_check_seconds=0),
            **{k: v for k, v in changes.items() if k in READER_FIELDS},
        )
        app = IntakeApp(comments, readers=readers)
        made[-1] = (context, app)
        if served:
            server = served_by_waitress(app, port)
            server.__enter__()
            servers.append(server)
        return Desk(Client(app), app, mail, manifest, url, promises)

    yield make
    for server in servers:
        server.__exit__(None, None, None)
    for context, app in made:
        if app is not None:
            app.readers.close()
        context.__exit__(None, None, None)
