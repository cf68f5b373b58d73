"""End to end: our article advertises its endpoints; another blog on 127.0.0.1 links to
it and says so (Webmention, pingback); the editors approve with `invoke comments.approve`,
export with `invoke comments.export`; the rebuilt page shows it under "Erwähnungen"."""

import re
import threading
from pathlib import Path

import pytest
from invoke import Context
from werkzeug.serving import make_server

from comments.settings import CommentsSettings
from conftest import build_site, copy_fixture
from intake import tasks as comment_tasks
from intake.app import IntakeApp
from mentions import tasks as mention_tasks
from mentions.settings import MentionsSettings
from mentions_blog import LOCAL, ROOT, Intake, Page, h_entry, plain_page, settled

pytestmark = pytest.mark.slow

SITE = "https://blog.example"
ARTICLE = "lokalredaktionen-lesen-anders"
ARTICLE_URL = f"{SITE}/2025/03/{ARTICLE}/"
CLOSED = "2025/04/krisen-brauchen-tempo/index.html"


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings = str(root / "testconf.py")
        (root / "testconf.py").write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
            f"PATH = {str(root / 'content')!r}\n"
            f"COMMENTS_DB_PATH = {str(root / 'queue.sqlite3')!r}\n"
            f"COMMENTS_SITE_URL = {SITE!r}\n"
            "MENTIONS_ALLOW_NETWORKS = ['127.0.0.0/8']\n",
            encoding="utf-8",
        )

    def build(self):
        site = build_site(self.root, SITEURL=SITE, COMMENTS_INTAKE_URL="/kommentare/neu")
        assert site.ok, site.stopped
        return site

    def intake(self, mentions: MentionsSettings = LOCAL) -> tuple[Intake, object]:
        settings = CommentsSettings(
            db_path=str(self.root / "queue.sqlite3"),
            manifest_path=str(self.root / "output" / "kommentare" / "artikel.json"),
            site_url=SITE,
            theme_path=str(ROOT / "theme"),
        )
        app = IntakeApp(settings, mentions=mentions)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return Intake(f"http://127.0.0.1:{server.server_port}", app), server

    def task(self, task, *args, **kwargs):
        return task(Context(), *args, settings=self.settings, **kwargs)


@pytest.fixture
def project(tmp_path) -> Project:
    copy_fixture("comments", tmp_path)
    return Project(tmp_path)


def test_mention_received_moderated_exported_built_and_shown(project, other_blog, capsys):
    site = project.build()
    page = site.html(f"2025/03/{ARTICLE}/")
    assert page.select_one('link[rel="webmention"]')["href"] == f"{SITE}/kommentare/webmention"
    assert page.select_one('link[rel="pingback"]')["href"] == f"{SITE}/kommentare/pingback"
    closed = site.html(CLOSED.removesuffix("index.html"))
    assert closed.select('link[rel="webmention"], link[rel="pingback"]') == []

    other_blog.pages["/2025/03/accounts/"] = Page(
        h_entry(ARTICLE_URL, "Was Lokalredaktionen lesen")
    )
    other_blog.pages["/ping"] = Page(plain_page(ARTICLE_URL, "Linkliste KW 11"))
    intake, server = project.intake()
    try:
        source = f"{other_blog.url}/2025/03/accounts/"
        status, headers, _ = intake.webmention(source, ARTICLE_URL)
        assert status == 202
        assert intake.status(headers["Location"], settled)["status"] == "accepted"
        assert "moderation" in intake.pingback(f"{other_blog.url}/ping", ARTICLE_URL)
    finally:
        server.shutdown()

    capsys.readouterr()
    project.task(comment_tasks.list_, state=["pending"])
    listed = capsys.readouterr().out
    assert "Was Lokalredaktionen lesen" in listed and f"webmention from {source}" in listed
    ids = re.findall(r"^(\S+)\s+pending", listed, re.MULTILINE)
    assert len(ids) == 2
    # Nothing appears before the editors approve it.
    project.task(comment_tasks.export)
    before = project.build().html(f"2025/03/{ARTICLE}/")
    assert "Was Lokalredaktionen lesen" not in before.get_text()
    assert "Linkliste KW 11" not in before.get_text()

    project.task(comment_tasks.approve, ids=ids)
    project.task(comment_tasks.export)
    folder = project.root / "content" / "comments" / ARTICLE
    files = {p.stem: p.read_text("utf-8") for p in folder.glob("*.md")}
    mention = next(text for text in files.values() if source in text)
    assert "Author: Was Lokalredaktionen lesen\n" in mention
    assert f"Website: {source}\n" in mention and "Kind: mention\n" in mention
    assert "Date: 2025-03-12T10:30+01:00" in mention
    assert "@" not in mention

    shown = project.build().html(f"2025/03/{ARTICLE}/")
    section = shown.select_one(".mentions")
    assert shown.select_one(".mentions__title").get_text() == "Erwähnungen"
    entries = {li.a.get_text(): li for li in section.select("li")}
    entry = entries["Was Lokalredaktionen lesen"]
    assert entry.a["href"] == source and entry.a["rel"] == ["nofollow", "ugc"]
    assert "127.0.0.1" in entry.select_one(".mentions__site").get_text()
    assert "Webmention" in entry.get_text() and "12. März 2025" in entry.get_text()
    assert "Sehr lesenswert" in entry.get_text()
    assert "Pingback" in entries["Linkliste KW 11"].get_text()


def test_invoke_mentions_verify_works_the_queue_without_a_worker(project, other_blog, capsys):
    project.build()
    other_blog.pages["/p"] = Page(plain_page(ARTICLE_URL, "Ohne Worker"))
    other_blog.pages["/ohne"] = Page(plain_page(None))
    intake, server = project.intake(MentionsSettings(allow_networks=("127.0.0.0/8",), worker=False))
    try:
        _, ok, _ = intake.webmention(f"{other_blog.url}/p", ARTICLE_URL)
        _, refused, _ = intake.webmention(f"{other_blog.url}/ohne", ARTICLE_URL)
        assert intake.status(ok["Location"])["status"] == "queued"
        project.task(mention_tasks.verify)
        assert intake.status(ok["Location"])["status"] == "accepted"
        assert intake.status(refused["Location"])["reason"] == (
            "The source does not link to the target."
        )
    finally:
        server.shutdown()
    assert "2 mentions verified" in capsys.readouterr().out
    [row] = intake.app.store.rows(["pending"])
    assert row.author == "Ohne Worker"


def test_a_gone_source_is_removed_only_when_an_editor_rejects_it(project, other_blog, capsys):
    project.build()
    other_blog.pages["/a"] = Page(plain_page(ARTICLE_URL, "Bald weg"))
    intake, server = project.intake()
    try:
        _, headers, _ = intake.webmention(f"{other_blog.url}/a", ARTICLE_URL)
        intake.status(headers["Location"], settled)
        [row] = intake.app.store.rows(["pending"])
        project.task(comment_tasks.approve, ids=[row.id])
        project.task(comment_tasks.export)
        path = project.root / "content" / "comments" / ARTICLE / f"{row.id}.md"
        assert path.is_file()
        other_blog.pages["/a"] = Page("Gelöscht", 410)
        _, headers, _ = intake.webmention(f"{other_blog.url}/a", ARTICLE_URL)
        assert intake.status(headers["Location"], settled)["status"] == "gone"
    finally:
        server.shutdown()
    project.task(comment_tasks.export)
    assert path.is_file()  # still shown: nobody has looked at it yet
    capsys.readouterr()
    project.task(comment_tasks.list_)
    listed = capsys.readouterr().out
    assert "gone" in listed and f"`invoke comments.reject {row.id}` removes it" in listed
    project.task(comment_tasks.reject, ids=[row.id], reason="Quelle gelöscht")
    project.task(comment_tasks.export)
    assert not path.exists()
    assert "Bald weg" not in project.build().html(f"2025/03/{ARTICLE}/").get_text()
