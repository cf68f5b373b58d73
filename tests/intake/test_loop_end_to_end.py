"""The whole loop without a shell on the server and without a timer, in headless Chromium.

A reader comments on a locally served build; the intake mails the editors (aiosmtpd
catches the mail); the editor opens the "Freigeben" link and confirms; the intake asks
"GitHub" to run the comments workflow (a local stand-in for the repository_dispatch API,
tests/github_api.py), which runs what comments.yml runs: `invoke comments.sync --commit`
in a clone whose remote is a local bare repository, and the push; a rebuild of the clone
shows the comment. The time from the click to the commit in the remote is printed
(docs/comments.md, "Moderating"), with the intake's default pause of 10 s.
"""

import re
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from email.policy import default as default_policy
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from chromium import axe_violations, chromium
from comments.settings import CommentsSettings
from conftest import build_site, free_port
from github_api import GitHubStandIn
from intake.app import IntakeApp
from intake.store import NewComment
from waitress_thread import served_by_waitress

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ARTICLE = "2025/03/lokalredaktionen-lesen-anders/"
ARTICLE_SLUG = "lokalredaktionen-lesen-anders"
TOKEN = "ein-langes-sync-token-fuer-den-test"
DISPATCH_TOKEN = "github_pat_nur-fuer-den-test"
TEXT = "Ein Kommentar, der ganz ohne Shell auf die Website kommt."


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def settings_file(root: Path) -> Path:
    path = root / "ciconf.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = {str(root / 'content')!r}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def newsroom(project, tmp_path):
    """The served build, the intake with mail, and a CI clone of a bare remote."""
    remote, clone = tmp_path / "remote.git", tmp_path / "ci"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(remote), cwd=tmp_path)
    git("init", "--quiet", "--initial-branch=main", cwd=project.root)
    git("add", "content", cwd=project.root)
    identity = ["-c", "user.name=Redaktion", "-c", "user.email=redaktion@example.org"]
    git(*identity, "commit", "--quiet", "-m", "Site", cwd=project.root)
    git("push", "--quiet", str(remote), "main", cwd=project.root)
    git("clone", "--quiet", str(remote), str(clone), cwd=tmp_path)
    git("config", "user.name", "github-actions[bot]", cwd=clone)
    git("config", "user.email", "bot@users.noreply.example", cwd=clone)

    site_port, intake_port, smtp_port = free_port(), free_port(), free_port()
    site_url, intake_url = f"http://127.0.0.1:{site_port}", f"http://127.0.0.1:{intake_port}"
    built = project.build(
        "publishconf.py",
        SITEURL=site_url,
        FEEDS_SITEURL=site_url,
        COMMENTS_INTAKE_URL=f"{intake_url}/kommentare/neu",
    )
    assert built.ok, built.stopped
    mails = []

    class Mailbox:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
            mails.append(message_from_bytes(envelope.content, policy=default_policy))
            return "250 OK"

    smtp = Controller(Mailbox(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    github, runs = GitHubStandIn(), []
    # What comments.yml does when GitHub starts it: sync, commit, push.
    github.on_dispatch = lambda call: runs.append(sync_as_the_workflow_does(clone, intake_url))
    app = IntakeApp(
        CommentsSettings(
            db_path=str(tmp_path / "server" / "comments.sqlite3"),
            manifest_path=str(built.output / "kommentare" / "artikel.json"),
            site_url=site_url,
            public_url=intake_url,
            theme_path=str(ROOT / "theme"),
            smtp_host="127.0.0.1",
            smtp_port=smtp_port,
            mail_to=("redaktion@hafenlicht.example",),
            sync_token=TOKEN,
            dispatch_repository="hafenlicht/blog",
            dispatch_token=DISPATCH_TOKEN,
            dispatch_url=github.dispatches_url(),
        )
    )
    static = ThreadingHTTPServer(
        ("127.0.0.1", site_port), partial(_Quiet, directory=str(built.output))
    )
    threading.Thread(target=static.serve_forever, daemon=True).start()
    with served_by_waitress(app, intake_port), chromium() as browser:
        yield {
            "browser": browser,
            "site": site_url,
            "intake": intake_url,
            "mails": mails,
            "app": app,
            "remote": remote,
            "clone": clone,
            "github": github,
            "runs": runs,
        }
    app.trigger.stop()
    github.close()
    static.shutdown()
    static.server_close()
    smtp.stop()


def wait_for(condition, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


def sync_as_the_workflow_does(clone: Path, intake_url: str) -> str:
    result = subprocess.run(
        [
            str(BIN / "invoke"),
            "comments.sync",
            f"--from={intake_url}",
            "--commit",
            f"--settings={settings_file(clone)}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "COMMENTS_SYNC_TOKEN": TOKEN, "HOME": str(clone.parent)},
        check=True,
    )
    git("push", "--quiet", "origin", "HEAD:main", cwd=clone)
    return result.stdout


def test_a_comment_reaches_git_and_the_site_from_one_click_in_the_mail(newsroom, capsys):
    browser, mails = newsroom["browser"], newsroom["mails"]
    reader = browser.new_context(locale="de-DE").new_page()
    reader.goto(f"{newsroom['site']}/{ARTICLE}")
    reader.get_by_label("Name", exact=True).fill("Lea Leserin")
    reader.get_by_label("E-Mail (wird nicht veröffentlicht)").fill("lea@example.org")
    reader.get_by_label("Kommentar", exact=True).fill(TEXT)
    reader.get_by_label("Spamschutz: Wie viel ist drei plus vier?").fill("7")
    reader.get_by_label("Ich bin einverstanden", exact=False).check()
    reader.get_by_role("button", name="Kommentar absenden").click()
    reader.locator(".comment-form__status").filter(has_text="geprüft").wait_for()

    wait_for(lambda: mails, "the notification mail")
    body = mails[0].get_content().replace("\r\n", "\n")
    assert "lea@example.org" not in body
    approve = re.search(r"^Freigeben:\n(\S+)$", body, re.M).group(1)
    assert approve.startswith(f"{newsroom['intake']}/kommentare/moderation/link/")

    editor = browser.new_context(locale="de-DE", bypass_csp=True).new_page()
    editor.goto(approve)
    assert editor.locator("blockquote").inner_text() == TEXT
    assert axe_violations(editor) == []
    assert git("ls-tree", "-r", "--name-only", "main", cwd=newsroom["remote"]).count(".md")
    clicked = time.monotonic()
    editor.get_by_role("button", name="Freigeben").click()
    editor.get_by_role("heading", name="Erledigt.").wait_for()
    assert "Die Website wird in wenigen Minuten aktualisiert." in editor.inner_text("main")

    (comment_id,) = [row.id for row in newsroom["app"].store.rows()]
    path = f"content/comments/lokalredaktionen-lesen-anders/{comment_id}.md"
    in_remote = lambda: path in git("ls-tree", "-r", "--name-only", "main", cwd=newsroom["remote"])  # noqa: E731
    wait_for(in_remote, "the comment in the remote's main", seconds=60)
    seconds = time.monotonic() - clicked
    [call] = newsroom["github"].calls
    assert call.path == "/repos/hafenlicht/blog/dispatches"
    assert call.headers["authorization"] == f"Bearer {DISPATCH_TOKEN}"
    assert call.body["event_type"] == "comments-moderated"
    files = git("show", "--name-only", "--format=%s%n%b", "main", cwd=newsroom["remote"])
    assert files.startswith("Comments from the intake: 1 comment added, 0 changed, 0 removed")
    wait_for(lambda: newsroom["runs"], "the end of the workflow's run")
    [output] = newsroom["runs"]
    assert "1 comment added" in output
    with capsys.disabled():
        print(f"\nFrom the click on Freigeben to the commit in the remote: {seconds:.1f} s")

    again = sync_as_the_workflow_does(newsroom["clone"], newsroom["intake"])
    assert "0 comments added, 0 changed, 0 removed" in again and "Committed" not in again
    committed = newsroom["clone"] / "content" / "comments" / "lokalredaktionen-lesen-anders"
    written = (committed / f"{comment_id}.md").read_text(encoding="utf-8")
    assert written.startswith("Author: Lea Leserin\nDate: ") and "@" not in written

    site = build_site(newsroom["clone"], "publishconf.py", SITEURL=newsroom["site"])
    assert site.ok, site.stopped
    thread = site.html(ARTICLE).select_one(f"#comment-{comment_id}")
    assert TEXT in thread.get_text()


def test_ten_approvals_in_a_row_start_one_run(newsroom):
    app, github = newsroom["app"], newsroom["github"]
    folder = "content/comments/lokalredaktionen-lesen-anders/"
    before = git("ls-tree", "-r", "--name-only", "main", cwd=newsroom["remote"]).count(folder)
    app.database.editors.add("Jana Albers", "ein-sehr-langes-passwort")
    for number in range(10):
        app.store.add(
            NewComment(ARTICLE_SLUG, f"Leserin {number}", f"Kommentar {number}.", email="l@x.org")
        )
    tab = newsroom["browser"].new_context(locale="de-DE", viewport={"width": 390, "height": 800})
    tab = tab.new_page()
    tab.goto(f"{newsroom['intake']}/kommentare/moderation")
    tab.get_by_label("Name").fill("Jana Albers")
    tab.get_by_label("Passwort").fill("ein-sehr-langes-passwort")
    tab.get_by_role("button", name="Anmelden").click()
    for left in range(9, -1, -1):
        tab.locator(".moderation__card").first.get_by_role("button", name="Freigeben").click()
        tab.get_by_role("heading", name=f"Zu prüfende Kommentare ({left})").wait_for()
    wait_for(lambda: newsroom["runs"], "the workflow's run", seconds=120)
    files = git("ls-tree", "-r", "--name-only", "main", cwd=newsroom["remote"])
    assert files.count(folder) == before + 10
    assert len(github.calls) == 1 and app.database.dispatch.waiting() is None
    assert "10 comments added" in newsroom["runs"][0]


def test_the_moderation_pages_meet_wcag_aa(newsroom):
    app = newsroom["app"]
    app.database.editors.add("Jana Albers", "ein-sehr-langes-passwort")
    app.store.add(
        NewComment(ARTICLE_SLUG, "Lea Leserin", TEXT, email="lea@example.org"),
    )
    tab = newsroom["browser"].new_context(locale="de-DE", bypass_csp=True).new_page()
    tab.goto(f"{newsroom['intake']}/kommentare/moderation")
    assert tab.evaluate("document.scripts.length") == 0  # plain HTML, before axe's own
    assert axe_violations(tab) == []
    tab.get_by_label("Name").fill("Jana Albers")
    tab.get_by_label("Passwort").fill("ein-sehr-langes-passwort")
    tab.get_by_role("button", name="Anmelden").click()
    tab.get_by_role("heading", name="Zu prüfende Kommentare").wait_for()
    assert axe_violations(tab) == []
    tab.get_by_role("link", name="Lea Leserin zu „Lokalredaktionen lesen anders“").click()
    tab.get_by_role("heading", name="Kommentar von Lea Leserin").wait_for()
    assert axe_violations(tab) == []
    tab.get_by_role("button", name="Freigeben").click()
    tab.get_by_role("status").filter(has_text="Status: freigegeben").wait_for()
    assert tab.get_by_role("button", name="Antwort veröffentlichen").is_visible()  # open
    assert axe_violations(tab) == []
