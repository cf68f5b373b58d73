"""The editorial team's loop with the real invoke tasks: list, show, approve, reject, spam,
reply, export into git (and out again), reports, erase."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from invoke import Exit

from intake import tasks as comment_tasks
from intake.store import Database

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "lokalredaktionen-lesen-anders"
ARTICLE_URL = "2025/03/lokalredaktionen-lesen-anders/"
FIRST = "20250311-081500-aa11bb"  # Greta's comment, in git only (not in the queue)


@pytest.fixture
def loop(project, capsys):
    """The project after a build, with the intake taking comments for it."""
    assert project.build().ok
    capsys.readouterr()  # Pelican's summary
    client = project.intake()

    def submit(**changes) -> str:
        data = {
            "article": ARTICLE,
            "author": "Leserin Lea",
            "email": "lea@example.org",
            "website": "https://lea.example",
            "text": "Danke für den Beitrag!",
            "answer": "7",
            "consent": "yes",
            **changes,
        }
        answer = client.post("/", data=data, headers={"Accept": "application/json"})
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()["id"]

    def out() -> str:
        return capsys.readouterr().out

    return project, submit, out


def test_submit_list_approve_reply_export_build(loop):
    project, submit, out = loop
    first = submit()
    second = submit(author="Zweite", email="zwei@example.org", text="Noch ein Gedanke dazu.")
    spam = submit(author="Spammer", text="Bestes Casino im Norden")
    out()
    project.run(comment_tasks.list_)
    listing = out().splitlines()
    assert listing[-1] == "3 comments, 2 pending"
    assert [line.split()[:2] for line in listing[:-1]] == [
        [second, "pending"],
        [first, "pending"],
        [spam, "spam"],
    ]
    assert "[spam words: casino]" in listing[2]
    project.run(comment_tasks.list_, state=["spam"])
    assert out().splitlines()[-1] == "1 comment, 0 pending"
    project.run(comment_tasks.list_, search="Gedanke")
    assert out().splitlines()[0].startswith(second)

    project.run(comment_tasks.approve, [first])
    assert out().startswith(f"{first}: approved\nNext: `invoke comments.export`")
    project.run(comment_tasks.reject, [second], reason="Off-Topic")
    project.run(comment_tasks.reply, first, "Danke, Lea!", author="Tobias Wendt")
    reply_id = out().splitlines()[-1].split(":")[0]

    project.run(comment_tasks.export)
    assert "2 comment files written, 0 removed, 0 unchanged" in out()
    files = project.files()
    assert files[first] == (
        "Author: Leserin Lea\n"
        f"Date: {files[first].splitlines()[1][6:]}\n"
        "Website: https://lea.example\n\nDanke für den Beitrag!\n"
    )
    assert files[reply_id].startswith("Author: Tobias Wendt\nDate: ")
    assert f"Reply-To: {first}\n" in files[reply_id]
    assert second not in files and spam not in files
    assert all("@" not in text for text in files.values())  # no e-mail address in git

    project.run(comment_tasks.export)  # idempotent
    assert "0 comment files written, 0 removed, 2 unchanged" in out()
    assert project.files() == files

    site = project.build()
    page = site.html(ARTICLE_URL)
    assert page.select_one(f"#comment-{first} .comment__text").get_text() == (
        "Danke für den Beitrag!"
    )
    assert page.select_one(f"#comment-{first} #comment-{reply_id} .badge--author")
    assert page.select_one("section#comments h2").get_text() == "6 Kommentare"


def test_a_reply_to_a_comment_that_is_only_in_git(loop):
    project, _submit, out = loop
    project.run(comment_tasks.reply, FIRST, "Gern geschehen.", author="Tobias Wendt")
    reply_id = out().split(":")[0]
    project.run(comment_tasks.export)
    assert f"Reply-To: {FIRST}\n" in project.files()[reply_id]
    page = project.build().html(ARTICLE_URL)
    assert page.select_one(f"#comment-{FIRST} #comment-{reply_id}")


def test_replies_need_a_published_parent_text_and_author(loop):
    project, submit, _out = loop
    pending = submit()
    with pytest.raises(Exit, match="is pending; approve it first"):
        project.run(comment_tasks.reply, pending, "Danke", author="Jana Albers")
    with pytest.raises(Exit, match="There is no comment nope"):
        project.run(comment_tasks.reply, "nope", "Danke", author="Jana Albers")
    with pytest.raises(Exit, match="A reply needs a text and --author"):
        project.run(comment_tasks.reply, FIRST, "  ", author="Jana Albers")


def test_rejecting_an_exported_comment_removes_it_and_its_replies_move_up(loop):
    project, submit, out = loop
    parent = submit(text="Erst freigegeben, dann doch nicht.", reply_to=FIRST)
    project.run(comment_tasks.approve, [parent])
    project.run(comment_tasks.export)
    assert project.build().ok  # the manifest now names the parent
    answer = submit(author="Antwort", text="Eine Antwort darauf.", reply_to=parent)
    project.run(comment_tasks.approve, [answer])
    project.run(comment_tasks.export)
    assert f"Reply-To: {parent}\n" in project.files()[answer]
    out()

    project.run(comment_tasks.reject, [parent], reason="Nachträglich abgelehnt")
    project.run(comment_tasks.export)
    report = out()
    assert f"removed: content/comments/{ARTICLE}/{parent}.md" in report
    files = project.files()
    assert parent not in files
    assert f"Reply-To: {FIRST}\n" in files[answer]  # moved up to the grandparent
    site = project.build()
    assert site.ok, site.stopped
    assert site.html(ARTICLE_URL).select_one(f"#comment-{FIRST} #comment-{answer}")

    project.run(comment_tasks.export)
    assert "0 comment files written, 0 removed, 1 unchanged" in out()


def test_spam_show_and_reports(loop):
    project, submit, out = loop
    comment_id = submit(text='=HYPERLINK("https://evil.example")', author="@Formel")
    project.run(comment_tasks.spam, [comment_id])
    out()
    project.run(comment_tasks.show, comment_id)
    shown = out()
    assert "state: spam" in shown and "email: lea@example.org" in shown
    assert shown.endswith('=HYPERLINK("https://evil.example")\n')

    project.run(comment_tasks.export, format="json")
    (record,) = json.loads(out())
    assert {k: record[k] for k in ("status", "article", "author", "text", "spam_reasons")} == {
        "status": "spam",
        "article": ARTICLE,
        "author": "@Formel",
        "text": '=HYPERLINK("https://evil.example")',
        "spam_reasons": [],
    }
    assert record["date"].endswith(("+01:00", "+02:00"))  # local time
    assert "email" not in record and "lea@example.org" not in json.dumps(record)

    project.run(comment_tasks.export, format="csv")
    (row,) = csv.DictReader(io.StringIO(out()))
    assert row["status"] == "spam"
    # A spreadsheet must not run a commenter's formula.
    assert (row["author"], row["text"]) == ("'@Formel", '\'=HYPERLINK("https://evil.example")')

    target = project.root / "bericht.csv"
    project.run(comment_tasks.export, format="csv", output=str(target))
    assert target.read_text().startswith("id,status,article,author,date,")
    with pytest.raises(Exit, match='--format is "xml"; expected csv or json'):
        project.run(comment_tasks.export, format="xml")


def test_spam_words_are_reported_with_their_reasons(loop):
    project, submit, out = loop
    submit(text="Kredit ohne Schufa, jetzt!")
    out()
    project.run(comment_tasks.export, format="json")
    (record,) = json.loads(out())
    assert record["spam_reasons"] == ["spam words: kredit ohne schufa"]


def test_erase_removes_a_person_from_queue_and_git_and_keeps_other_replies(loop):
    project, submit, out = loop
    own = [submit(text=text) for text in ("Erster Kommentar von Lea", "Zweiter von Lea")]
    project.run(comment_tasks.approve, own)
    project.run(comment_tasks.export)
    assert project.build().ok
    other = submit(
        email="andere@example.org", author="Andere", text="Antwort an Lea", reply_to=own[0]
    )
    project.run(comment_tasks.approve, [other])
    project.run(comment_tasks.export)
    out()

    project.run(comment_tasks.erase, email="LEA@example.org")
    report = out()
    assert "Deleted 2 comments from the queue and 2 files:" in report
    files = project.files()
    assert not set(own) & set(files)
    assert "Reply-To" not in files[other]  # moved up: Lea's comment was top-level
    assert not any("Lea" in text and "Antwort an Lea" not in text for text in files.values())
    assert project.database().comments.get(other).reply_to == ""
    project.run(comment_tasks.list_)
    assert "lea@example.org" not in out()
    site = project.build()
    assert site.ok, site.stopped
    project.run(comment_tasks.export)
    assert "0 comment files written, 0 removed, 1 unchanged" in out()
    with pytest.raises(Exit, match="expected an e-mail address"):
        project.run(comment_tasks.erase, email="Lea")


def test_erase_also_ends_the_persons_subscriptions_and_their_contact_in_reports(project, capsys):
    database = project.database()
    database.subscribers.request("lea@example.org", "de", "/", "h")
    database.reply_subscriptions.request("c1", "a", "Lea@example.org", "de", "h")
    database.reports.add(
        "a", "c2", "insult", "Das ist beleidigend.", "Lea", "lea@example.org", "de"
    )
    database.subscribers.request("tom@example.org", "de", "/", "h")
    project.run(comment_tasks.erase, email="LEA@example.org")
    said = capsys.readouterr().out
    assert "Newsletter: unsubscribed; 1 reply notification ended; " in said
    assert "the address removed from 1 report" in said
    assert database.subscribers.by_email("lea@example.org") is None
    assert database.reply_subscriptions.of_email("lea@example.org") == []
    (report,) = database.reports.rows()
    assert (report.reporter_name, report.reporter_email) == ("", "")
    assert report.explanation == "Das ist beleidigend."  # the report itself stays
    assert database.subscribers.by_email("tom@example.org") is not None


def test_unknown_ids_and_states_are_named(project):
    Database(project.queue)  # the intake's queue, made at its first start
    with pytest.raises(Exit, match="No such comment: nope"):
        project.run(comment_tasks.approve, ["nope"])
    with pytest.raises(Exit, match='"offen" is no state; choose from: pending'):
        project.run(comment_tasks.list_, state=["offen"])
    with pytest.raises(Exit, match="There is no comment nope"):
        project.run(comment_tasks.show, "nope")


def test_settings_from_the_environment(monkeypatch):
    from comments.settings import CommentsSettings, from_environment

    monkeypatch.setenv("COMMENTS_RATE_LIMIT", "12")
    monkeypatch.setenv("COMMENTS_MAIL_TO", "a@example.org, b@example.org")
    monkeypatch.setenv("COMMENTS_SMTP_STARTTLS", "true")
    settings = from_environment()
    assert settings.rate_limit == 12
    assert settings.mail_to == ("a@example.org", "b@example.org")
    assert settings.smtp_starttls is True
    assert from_environment({}) == CommentsSettings()


def test_a_mistyped_setting_is_named(project, caplog):
    site = project.build(COMMENTS_RATE_LIMTI=3)
    assert site.ok
    (warning,) = [r.getMessage() for r in caplog.records if "COMMENTS_RATE_LIMTI" in r.getMessage()]
    assert (
        warning
        == "Unknown setting COMMENTS_RATE_LIMTI is ignored; did you mean COMMENTS_RATE_LIMIT?"
    )


def test_the_command_line_takes_several_ids(loop):
    """`invoke comments.approve ID1,ID2` as an editor types it, in a real invoke process;
    `--help` tells how to name several."""
    project, submit, _out = loop
    first, second, third = submit(text="Eins eins"), submit(text="Zwei zwei"), submit(text="Drei")
    invoke = Path(sys.executable).parent / "invoke"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(invoke), *args, "--settings", project.settings],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )

    shown = subprocess.run(
        [str(invoke), "--help", "comments.approve"], cwd=ROOT, capture_output=True, text=True
    )
    assert "several separated by commas" in shown.stdout, shown.stderr
    approved = run("comments.approve", f"{first},{second}")
    assert approved.returncode == 0, approved.stderr
    assert approved.stdout.startswith(f"{first}: approved\n{second}: approved\n")
    rejected = run("comments.reject", third, "--reason", "Doppelt gepostet")
    assert rejected.returncode == 0, rejected.stderr
    states = {row.id: row.state for row in project.database().comments.rows()}
    assert states == {first: "approved", second: "approved", third: "rejected"}
    assert project.database().comments.get(third).reject_reason == "Doppelt gepostet"
    missing = run("comments.spam", "gibt-es-nicht")
    assert missing.returncode == 2
    assert "No such comment: gibt-es-nicht" in missing.stderr


def test_a_setting_of_the_wrong_type_is_named(project, monkeypatch):
    from comments.settings import from_environment
    from newsroom.config import SettingsError

    with pytest.raises(SettingsError, match="Setting COMMENTS_RATE_LIMIT is '5'; expected int"):
        project.build(COMMENTS_RATE_LIMIT="5")
    monkeypatch.setenv("COMMENTS_MAX_TEXT", "viel")
    with pytest.raises(ValueError, match="COMMENTS_MAX_TEXT is 'viel'; expected a whole number"):
        from_environment()


def test_a_reader_using_the_authors_name_gets_no_badge(loop):
    project, submit, out = loop
    claimed = submit(author="Tobias Wendt", text="Ich bin der Autor, ehrlich!")
    project.run(comment_tasks.approve, [claimed])
    project.run(comment_tasks.reply, claimed, "Wir prüfen das.", author="Redaktion")
    editorial = out().splitlines()[-1].split(":")[0]
    project.run(comment_tasks.export)
    files = project.files()
    assert "Role:" not in files[claimed]
    assert "Role: editorial\n" in files[editorial]
    page = project.build().html(ARTICLE_URL)
    assert not page.select_one(f"#comment-{claimed} > article .badge")
    assert page.select_one(f"#comment-{editorial} .badge--editorial").get_text() == "Redaktion"


def test_editor_accounts_as_the_manual_shows_them(loop):
    """`invoke comments.editor add NAME` with the password from COMMENTS_EDITOR_PASSWORD (for
    automation), `invoke comments.editors`, `invoke comments.editor remove NAME`: real
    invoke processes, as an operator types them."""
    project, _submit, _out = loop
    invoke = Path(sys.executable).parent / "invoke"

    def run(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(invoke), *args, "--settings", project.settings],
            cwd=ROOT,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
            env={**{k: v for k, v in os.environ.items() if k != "COMMENTS_EDITOR_PASSWORD"}, **env},
        )

    added = run("comments.editor", "add", "jana", COMMENTS_EDITOR_PASSWORD="lang-genug-1234")
    assert (added.returncode, added.stdout) == (0, "jana: account created\n"), added.stderr
    assert project.database().editors.verify("jana", "lang-genug-1234")
    short = run("comments.editor", "add", "tobias", COMMENTS_EDITOR_PASSWORD="kurz")
    assert short.returncode == 2
    assert short.stderr == "The password is too short; expected at least 12 characters\n"
    assert run("comments.editors").stdout == "jana\n"
    removed = run("comments.editor", "remove", "jana")
    assert removed.stdout == "jana: account removed, sessions ended\n", removed.stderr
    assert project.database().editors.names() == []
    again = run("comments.editor", "remove", "jana")
    assert again.returncode == 2
    assert "There is no account 'jana'" in again.stderr
    # The first account of a set-up script: the password piped in, as the manual shows.
    piped = run("comments.editor", "add", "jana", stdin="aus-der-pipe-1234\n")
    assert (piped.returncode, piped.stdout) == (0, "jana: account created\n"), piped.stderr
    assert project.database().editors.verify("jana", "aus-der-pipe-1234")
    empty = run("comments.editor", "add", "tobias", stdin="")
    assert empty.returncode == 2 and "too short" in empty.stderr


def test_a_mistyped_id_refuses_the_whole_command(loop):
    project, submit, out = loop
    spam_like = submit(text="Billige Uhren!")
    with pytest.raises(Exit, match="No such comment: nope"):
        project.run(comment_tasks.approve, [spam_like, "nope"])
    out()
    project.run(comment_tasks.show, spam_like)
    shown = out()
    assert "state: pending" in shown  # nothing was approved
    # Times in the site's zone, as comments.list shows them (Europe/Berlin: CET or CEST).
    assert " UTC" not in shown and ("CET" in shown or "CEST" in shown)


def test_approving_an_approved_comment_again_says_so_and_adds_no_history(loop):
    project, submit, out = loop
    first, second = submit(), submit(text="Noch ein Gedanke dazu.")
    project.run(comment_tasks.approve, [first])
    out()
    project.run(comment_tasks.approve, [f"{first},{second}"])  # exit status 0
    assert out().startswith(f"{first}: already approved\n{second}: approved\n")
    project.run(comment_tasks.show, first)
    history = [line for line in out().splitlines() if line.lstrip().startswith("history:")]
    assert len(history) == 1 and history[0].endswith(": approve")
    project.run(comment_tasks.reject, [second], reason="Doppelt")
    project.run(comment_tasks.reject, [second], reason="Doppelt")
    project.run(comment_tasks.reject, [second], reason="Werbung")  # a new reason is a change
    assert out().splitlines() == [
        f"{second}: rejected",
        f"{second}: already rejected",
        f"{second}: rejected",
    ]
    project.run(comment_tasks.show, second)
    history = [line for line in out().splitlines() if line.lstrip().startswith("history:")]
    assert [line.rsplit(": ", 1)[1] for line in history] == [
        "approve",
        "reject (Doppelt)",
        "reject (Werbung)",
    ]


def test_erasing_twice_says_plainly_that_nothing_was_left(loop):
    project, submit, out = loop
    submit()
    project.run(comment_tasks.erase, email="lea@example.org")
    out()
    project.run(comment_tasks.erase, email="lea@example.org")
    said = out().splitlines()
    assert said[0] == "Deleted 0 comments from the queue and 0 files."
    assert not any(line.endswith(":") for line in said)


def test_the_subscriber_count_leaves_out_whom_the_promise_deleted(project, capsys, monkeypatch):
    from intake import newsletter_tasks

    database = project.database()
    database.subscribers.request("lea@example.org", "de", "/", "h")
    kept = database.subscribers.request("tom@example.org", "de", "/", "h")
    database.subscribers.confirm(kept.id, kept.nonce, "h")
    project.run(newsletter_tasks.subscribers)
    assert capsys.readouterr().out == "1 confirmed, 1 waiting for their confirmation\n"
    # Its link has expired (no intake ran since): she is no longer waiting, she is gone.
    monkeypatch.setenv("READERS_CONFIRM_MAX_AGE_SECONDS", "0")
    project.run(newsletter_tasks.subscribers)
    assert capsys.readouterr().out == "1 confirmed, 0 waiting for their confirmation\n"
    assert database.subscribers.by_email("lea@example.org") is None
