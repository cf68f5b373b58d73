"""The readers' features end to end through real HTTP on 127.0.0.1 and a local relay
(aiosmtpd), as the issue's tests ask: subscribe, confirm, receive an issue sent by
`invoke newsletter.send` and unsubscribe with a mail client's one-click POST; an
interrupted send resumed without a second copy; a report decided on the moderation
page with both statements of reasons mailed; erasure through the reader's own link; a
reply notification only once the reply is live. Forged, replayed and expired links
are refused."""

import http.cookiejar
import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from intake.moderation_pages import BASE
from intake.store import NewComment
from mail_relay import html_of, text_of
from tests.intake.readers_intake import ARTICLES, IMPRESSUM, link_in

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
INVOKE = Path(sys.executable).parent / "invoke"
PASSWORD = "ein langes Redaktionspasswort"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    body: str
    headers: dict

    @property
    def page(self) -> BeautifulSoup:
        return BeautifulSoup(self.body, "html.parser")


class Browser:
    """A client with its own cookies that follows no redirect (it shows them)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )

    def open(self, path: str, form: dict | None = None, raw: bytes | None = None, headers=None):
        data = raw if raw is not None else None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
        url = path if path.startswith("http") else self.base + path
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode(), dict(error.headers))

    def get(self, path: str) -> Answer:
        return self.open(path)

    def post(self, path: str, form: dict | None = None, **options) -> Answer:
        return self.open(path, form if form is not None else {}, **options)


def now_iso(**delta) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat(timespec="seconds")


def newsletter(desk, *args: str, relay_port: int | None = None, **variables: str):
    """`invoke newsletter.send ARGS` as an operator runs it where the queue is."""
    comments = desk.app.settings
    env = {
        **os.environ,
        "COMMENTS_DB_PATH": comments.db_path,
        "COMMENTS_MANIFEST_PATH": str(desk.manifest),
        "COMMENTS_SITE_URL": comments.site_url,
        "COMMENTS_PUBLIC_URL": comments.public_url,
        "COMMENTS_SMTP_HOST": "127.0.0.1",
        "COMMENTS_SMTP_PORT": str(relay_port or desk.relay.port),
        "COMMENTS_MAIL_FROM": "blog@hafenlicht.example",
        "READERS_IMPRESSUM": IMPRESSUM,
        "READERS_NEWSLETTER_PER_MINUTE": "6000",
        **variables,
    }
    return subprocess.run(
        [str(INVOKE), "newsletter.send", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def subscribe_and_confirm(desk, browser: Browser, email: str) -> None:
    before = len(desk.relay.mails)
    answer = browser.post(
        "/kommentare/newsletter", {"email": email, "lang": "de", "source": "/", "homepage": ""}
    )
    assert answer.status == 200, answer.body
    mail = desk.relay.wait(before + 1)[before]
    assert mail["To"] == email
    link = link_in(mail, "/kommentare/newsletter/bestaetigen", desk.url)
    assert browser.get(link).page.select_one("form[method=post]") is not None
    assert browser.post(link).status == 200
    assert desk.database.subscribers.by_email(email).state == "confirmed"


def published(**more) -> dict:
    """The deployed list after a publish that brought one new article (and one that is
    scheduled for tomorrow, which the build has not published yet)."""
    fresh = {
        **ARTICLES["zu-wem-gehoert"],
        "url": "2026/12/neu-im-blog/",
        "title": "Neu im Blog",
        "date": now_iso(hours=-2),
        "summary": "Was neu ist & warum.",
    }
    return {**ARTICLES, "neu-im-blog": fresh, **more}


def test_subscribe_confirm_receive_and_unsubscribe_with_one_click(make_desk):
    desk = make_desk(served=True)
    browser = Browser(desk.url)
    subscribe_and_confirm(desk, browser, "lea@example.org")
    desk.publish(published())

    dry = newsletter(desk, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Neu im Blog" in dry.stdout and "1 mail would go out" in dry.stdout
    assert len(desk.relay.mails) == 1  # only the confirmation

    preview = newsletter(desk, "--preview", "chefin@hafenlicht.example")
    assert preview.returncode == 0, preview.stderr
    (shown,) = desk.relay.to("chefin@hafenlicht.example")
    assert "Neu im Blog" in text_of(shown)
    assert browser.post(shown["List-Unsubscribe"].strip("<>")).status == 200  # harmless

    sent = newsletter(desk)
    assert sent.returncode == 0, sent.stderr
    assert "1 sent" in sent.stdout
    (issue,) = [
        mail for mail in desk.relay.to("lea@example.org") if "Neu im Blog" in mail["Subject"]
    ]
    assert issue["Subject"] == "Hafenlicht: Neu im Blog"
    assert issue.get_content_type() == "multipart/alternative"
    text, html = text_of(issue), html_of(issue)
    assert "Was neu ist & warum." in text and "Laternenkai 7" in text
    assert "https://blog.example/2026/12/neu-im-blog/" in text
    page = BeautifulSoup(html, "html.parser")
    assert page.find("style") is None and page.select("[style]")  # the CSS is inlined
    assert "Was neu ist &amp; warum." in html and "Laternenkai 7" in html
    links = {a["href"] for a in page.select("a[href]")}
    assert "https://blog.example/2026/12/neu-im-blog/" in links
    assert all("?" not in link or "/abmelden/" in link for link in links)  # no tracking
    assert [img["src"] for img in page.select("img")] == ["https://blog.example/images/satz.jpg"]
    assert issue["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = issue["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(desk.url + "/kommentare/newsletter/abmelden/")
    assert unsubscribe in text and unsubscribe in links

    again = newsletter(desk)  # a second run: nothing new, nothing sent
    assert again.returncode == 0 and "nothing to send" in again.stdout
    assert len(desk.relay.to("lea@example.org")) == 2

    # RFC 8058: the mail client POSTs the body below, without cookies or form tokens.
    client = Browser(desk.url)
    done = client.post(
        unsubscribe,
        raw=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert done.status == 200
    assert desk.database.subscribers.by_email("lea@example.org") is None
    forged = client.post(unsubscribe[:-3] + "xyz", raw=b"List-Unsubscribe=One-Click")
    assert forged.status == 403


def test_a_send_interrupted_midway_is_resumed_and_nobody_gets_two_copies(make_desk):
    desk = make_desk(served=True, newsletter_batch_size=2)
    browser = Browser(desk.url)
    readers = [f"leser{number}@example.org" for number in range(5)]
    for email in readers:
        subscribe_and_confirm(desk, browser, email)
    assert len(desk.relay.mails) == 5
    desk.relay.accept = 7  # two issues go out, then the relay asks to come back later
    desk.publish(published())
    stopped = newsletter(desk)
    assert stopped.returncode == 1
    assert "Run `invoke newsletter.send` again" in stopped.stderr + stopped.stdout
    desk.relay.accept = None
    resumed = newsletter(desk)
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming issue" in resumed.stdout
    issues = [mail for mail in desk.relay.mails if mail["Subject"] == "Hafenlicht: Neu im Blog"]
    assert sorted(mail["To"] for mail in issues) == sorted(readers)  # each exactly once
    assert newsletter(desk).stdout.startswith("No new article")


def test_ci_asks_the_intake_which_sends_once(make_desk):
    """What publish.yml runs after a publish: the intake sends, CI has no subscriber."""
    desk = make_desk(served=True, newsletter_token="geheimes-ci-token")
    subscribe_and_confirm(desk, Browser(desk.url), "lea@example.org")
    desk.publish(published())
    ci = {"COMMENTS_DB_PATH": "/nonexistent/queue.sqlite3", "READERS_NEWSLETTER_SEND": "publish"}
    args = ("--auto", "--intake", desk.url)
    wrong = newsletter(desk, *args, READERS_NEWSLETTER_TOKEN="geraten", **ci)
    assert wrong.returncode == 1 and "401" in wrong.stderr + wrong.stdout
    asked = newsletter(desk, *args, READERS_NEWSLETTER_TOKEN="geheimes-ci-token", **ci)
    assert asked.returncode == 0, asked.stderr
    assert "The intake: sending" in asked.stdout
    assert desk.app.readers.trigger.wait(60)
    assert len(desk.relay.to("lea@example.org")) == 2  # the confirmation and the issue
    again = newsletter(desk, *args, READERS_NEWSLETTER_TOKEN="geheimes-ci-token", **ci)
    assert "The intake: nothing new" in again.stdout
    never = newsletter(desk, *args, READERS_NEWSLETTER_SEND="never")
    assert never.returncode == 0 and "not asked" in never.stdout


def test_forged_replayed_and_expired_links_are_refused(make_desk):
    desk = make_desk(served=True, confirm_max_age_seconds=-1)
    browser = Browser(desk.url)
    browser.post("/kommentare/newsletter", {"email": "lea@example.org", "lang": "de"})
    link = link_in(desk.relay.wait(1)[0], "/kommentare/newsletter/bestaetigen", desk.url)
    expired = browser.post(link)
    assert expired.status == 410 and "abgelaufen" in expired.body
    assert browser.post(link[:-4] + "AAAA").status == 403
    assert browser.post(link.replace("bestaetigen", "abmelden")).status == 403  # other purpose
    # Nothing was confirmed, and the request whose link expired is gone, as its mail said.
    assert desk.database.subscribers.counts() == {"pending": 0, "confirmed": 0}


def comment(desk, author: str, email: str, reply_to: str = "", **changes) -> str:
    return desk.database.comments.add(
        NewComment(
            "zu-wem-gehoert",
            author,
            f"Ein Kommentar von {author}.",
            email=email,
            reply_to=reply_to,
            state="approved",
            **changes,
        )
    )


def log_in(desk, browser: Browser) -> None:
    desk.database.editors.add("Jana Albers", PASSWORD)
    token = browser.get(BASE).page.select_one("input[name=login_token]")["value"]
    answer = browser.post(
        f"{BASE}/anmelden",
        {"login_token": token, "name": "Jana Albers", "password": PASSWORD, "next": BASE},
    )
    assert answer.status == 303, answer.body


def test_a_report_is_decided_on_the_moderation_page_and_both_statements_go_out(make_desk):
    desk = make_desk(served=True, mail_to=("redaktion@hafenlicht.example",))
    target = comment(desk, "Max", "max@example.org")
    desk.publish({"zu-wem-gehoert": {**ARTICLES["zu-wem-gehoert"], "comments": [target]}})
    reader = Browser(desk.url)
    assert reader.get("/kommentare/melden/zu-wem-gehoert/nicht-veroeffentlicht").status == 404
    form = reader.get(f"/kommentare/melden/zu-wem-gehoert/{target}?lang=de")
    assert form.status == 200 and "Max" in form.body
    fields = {
        "lang": "de",
        "article": "zu-wem-gehoert",
        "comment": target,
        "reason": "insult",
        "explanation": "Der Kommentar beleidigt eine namentlich genannte Person.",
        "email": "melderin@example.org",
        "good_faith": "yes",
        "homepage": "",
    }
    assert reader.post("/kommentare/melden", {**fields, "good_faith": ""}).status == 400
    assert reader.post("/kommentare/melden", fields).status == 200
    mails = desk.relay.wait(2)
    assert {mail["To"] for mail in mails} == {
        "redaktion@hafenlicht.example",
        "melderin@example.org",
    }
    (report,) = desk.database.reports.rows()

    editor = Browser(desk.url)
    assert editor.get(f"{BASE}/meldungen").status == 401  # not without logging in
    log_in(desk, editor)
    listed = editor.get(f"{BASE}/meldungen")
    assert listed.status == 200 and "Max" in listed.body
    page = editor.get(f"{BASE}/meldung/{report.id}").page
    # Times as on the moderation page: the site's time zone, in words of its language.
    from intake.labels import moment

    assert moment(report.created, "Europe/Berlin", "de") in page.get_text()
    assert "UTC" not in page.get_text()
    csrf = page.select_one("form input[name=csrf]")["value"]
    decision = {"decision": "remove", "reason": "Beleidigung (§ 185 StGB)."}
    assert editor.post(f"{BASE}/meldung/{report.id}", {**decision, "csrf": "x"}).status == 400
    done = editor.post(f"{BASE}/meldung/{report.id}", {**decision, "csrf": csrf})
    assert done.status == 303
    assert editor.post(f"{BASE}/meldung/{report.id}", {**decision, "csrf": csrf}).status == 409
    statements = desk.relay.wait(4)[2:]
    by_address = {mail["To"]: text_of(mail) for mail in statements}
    assert set(by_address) == {"melderin@example.org", "max@example.org"}
    for text in by_address.values():
        assert "Beleidigung (§ 185 StGB)." in text and "entfernt" in text
    assert desk.database.comments.get(target).state == "rejected"
    assert desk.database.reports.get(report.id).decision == "remove"


def test_each_reader_is_answered_in_their_language(make_desk):
    # Max wrote under the English version; the reporter and the reader who deletes her
    # data chose English or German on their forms.
    english = {
        **ARTICLES["zu-wem-gehoert"],
        "url": "en/2026/02/whose-sentence/",
        "title": "Whose sentence is it?",
        "lang": "en",
    }
    desk = make_desk(served=True, articles={"whose-sentence": english})
    target = desk.database.comments.add(
        NewComment(
            "whose-sentence", "Max", "Rude words.", email="max@example.org", state="approved"
        )
    )
    desk.publish({"whose-sentence": {**english, "comments": [target]}})
    report = desk.database.reports.add(
        "whose-sentence", target, "insult", "Beleidigend.", "Ina", "ina@example.org", "de"
    )
    editor = Browser(desk.url)
    log_in(desk, editor)
    page = editor.get(f"{BASE}/meldung/{report.id}").page
    csrf = page.select_one("form input[name=csrf]")["value"]
    decision = {"decision": "remove", "reason": "Insult.", "csrf": csrf}
    assert editor.post(f"{BASE}/meldung/{report.id}", decision).status == 303
    by_address = {mail["To"]: mail for mail in desk.relay.wait(2)}
    assert by_address["max@example.org"]["Content-Language"] == "en"
    assert "has been removed" in text_of(by_address["max@example.org"])
    assert by_address["ina@example.org"]["Content-Language"] == "de"

    reader = Browser(desk.url)
    reader.post("/kommentare/meine-daten", {"email": "max@example.org", "lang": "en"})
    link = link_in(desk.relay.wait(3)[-1], "/kommentare/meine-daten", desk.url)
    erased = reader.post(link, {"delete": "all"})
    assert "1 comment deleted." in erased.body and "Kommentar" not in erased.body


def test_a_reader_sees_exports_and_erases_their_comments_with_their_link(make_desk):
    desk = make_desk(served=True)
    own = comment(desk, "Lea", "lea@example.org")
    answer = comment(desk, "Tom", "tom@example.org", reply_to=own)
    reader = Browser(desk.url)
    unknown = reader.post("/kommentare/meine-daten", {"email": "nie@example.org", "lang": "de"})
    known = reader.post("/kommentare/meine-daten", {"email": "lea@example.org", "lang": "de"})
    assert unknown.status == known.status == 200 and unknown.page.h1 == known.page.h1
    (mail,) = desk.relay.wait(1)
    assert mail["To"] == "lea@example.org"
    link = link_in(mail, "/kommentare/meine-daten", desk.url)
    page = reader.get(link)
    assert page.status == 200 and "Ein Kommentar von Lea." in page.body
    # Its time as the site shows times: the site's zone, in words of the reader's language.
    from intake.labels import moment

    written = desk.database.comments.get(own).created
    assert moment(written, "Europe/Berlin", "de") in page.page.get_text()
    assert "UTC" not in page.page.get_text()
    assert page.headers["Cache-Control"] == "no-store"
    # Its address is a key: no link on it may tell the next page (the site's own either).
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "Tom" not in page.body
    export = reader.get(link + "/export")
    assert export.headers["Content-Type"] == "application/json"
    assert export.headers["Cache-Control"] == "no-store"
    data = json.loads(export.body)
    assert data["address"] == "lea@example.org"
    assert [row["id"] for row in data["comments"]] == [own]
    assert reader.get(link[:-4] + "AAAA").status == 403
    assert reader.post(link, {"delete": answer}).status == 400  # not hers
    erased = reader.post(link, {"delete": "all"})
    assert erased.status == 200
    assert desk.database.comments.get(own) is None
    assert desk.database.comments.get(answer).reply_to == ""  # Tom's reply stays
    assert reader.get(link).status == 410  # the link cannot be used twice
    assert reader.get(link + "/export").status == 410


def test_the_readers_file_keeps_the_editorial_teams_notes_and_names_out(make_desk):
    # Art. 15 gives the reader their data, not the team's internal note on a rejection
    # (docs/comments.md: it stays in the team) or the log-in name of the editor who
    # decided their report. What they were told, the decision and its reasons, stays in.
    desk = make_desk(served=True)
    rejected = comment(desk, "Lea", "lea@example.org")
    note = "Interne Notiz: nicht freischalten, siehe Redaktionskanal"
    desk.database.comments.set_state([rejected], "rejected", note)
    report = desk.database.reports.add(
        "zu-wem-gehoert", "c1", "insult", "Beleidigend.", "Lea", "lea@example.org", "de"
    )
    desk.database.reports.decide(report.id, "keep", "Zulässige Meinungsäußerung.", "jana")
    desk.database.reports.note_statements(report.id, ["reporter"])
    reader = Browser(desk.url)
    reader.post("/kommentare/meine-daten", {"email": "lea@example.org", "lang": "de"})
    (mail,) = desk.relay.wait(1)
    export = reader.get(link_in(mail, "/kommentare/meine-daten", desk.url) + "/export")
    data = json.loads(export.body)
    (own,) = data["comments"]
    assert (own["id"], own["state"]) == (rejected, "rejected")
    (decided,) = data["reports"]
    assert decided["decision"] == "keep"
    assert decided["decision_reason"] == "Zulässige Meinungsäußerung."
    assert note not in export.body and "Interne Notiz" not in export.body
    assert '"jana"' not in export.body and "editor" not in decided
    assert "client" not in own and "statements" not in decided


@pytest.mark.parametrize(
    ("reply_to", "expected"), [("", None), ("redaktion@hafenlicht.example",) * 2]
)
def test_a_readers_mail_names_no_moderator_only_the_public_reply_address(
    make_desk, reply_to, expected
):
    # COMMENTS_MAIL_TO is the moderators' list (possibly a person's address): anyone who
    # asks for a link must not learn it from the mail's headers.
    desk = make_desk(mail_to=("jana.albers@hafenlicht.example",), reply_to=reply_to)
    comment(desk, "Lea", "lea@example.org")  # an unknown address gets no mail
    desk.client.post("/kommentare/meine-daten", data={"email": "lea@example.org", "lang": "de"})
    (mail,) = desk.relay.wait(1)
    assert mail["Reply-To"] == expected
    assert "jana.albers" not in mail.as_string()


def test_a_reply_address_that_is_no_address_is_refused():
    from newsroom.config import SettingsError
    from readers.settings import from_environment

    with pytest.raises(SettingsError, match="expected one e-mail address") as refused:
        from_environment({"READERS_REPLY_TO": "a@b.example\nBcc: x@y"})
    assert str(refused.value).startswith("READERS_REPLY_TO is 'a@b.example\\nBcc: x@y'")


def test_a_reply_interval_below_zero_or_above_the_mail_logs_two_days_is_refused():
    # The intake remembers a mail for two days: a longer interval would not be kept.
    from intake.store.throttle import KEEP_MAIL_LOG
    from newsroom.config import SettingsError
    from readers.settings import LONGEST_REPLY_INTERVAL_SECONDS, from_environment

    with pytest.raises(SettingsError, match="READERS_REPLY_INTERVAL_SECONDS is -5; expected 0"):
        from_environment({"READERS_REPLY_INTERVAL_SECONDS": "-5"})
    with pytest.raises(SettingsError, match=r"is 172801; expected 0 .* to 172800 seconds"):
        from_environment({"READERS_REPLY_INTERVAL_SECONDS": "172801"})
    assert from_environment({"READERS_REPLY_INTERVAL_SECONDS": "172800"}).reply_interval_seconds
    assert KEEP_MAIL_LOG.total_seconds() >= LONGEST_REPLY_INTERVAL_SECONDS


def test_a_dead_data_link_answers_in_the_browsers_language_with_the_way_back(make_desk):
    desk = make_desk(served=True, data_link_max_age_seconds=-1)
    comment(desk, "Lea", "lea@example.org")
    reader = Browser(desk.url)
    reader.post("/kommentare/meine-daten", {"email": "lea@example.org", "lang": "de"})
    link = link_in(desk.relay.wait(1)[0], "/kommentare/meine-daten", desk.url)
    for path in (link, link + "/export"):
        english = reader.open(path, headers={"Accept-Language": "en-GB,en;q=0.9"})
        assert english.status == 410 and english.page.html["lang"] == "en"
        back = english.page.select_one("main a[href*='/kommentare/meine-daten?lang=en']")
        assert back is not None and back.get_text() == "To the form"
        german = reader.get(path)
        assert german.status == 410 and german.page.html["lang"] == "de"


def test_a_reply_is_notified_only_once_it_is_live_and_once_an_hour(make_desk, form):
    desk = make_desk(served=True)
    reader = Browser(desk.url)
    sent = reader.post("/kommentare/neu", {**form, "notify": "yes"})
    assert sent.status == 303
    (ask,) = desk.relay.wait(1)
    link = link_in(ask, "/kommentare/antworten/bestaetigen", desk.url)
    assert reader.post(link).status == 200
    (own,) = [row.id for row in desk.database.comments.rows() if row.email == form["email"]]
    desk.database.comments.set_state([own], "approved")
    replies = desk.app.readers.replies
    first = comment(desk, "Tom", "tom@example.org", reply_to=own)
    mine = comment(desk, "Lea", form["email"], reply_to=first)  # her own: never notified
    assert replies.check() == 0  # approved, not yet published
    desk.publish({"zu-wem-gehoert": {**ARTICLES["zu-wem-gehoert"], "comments": [own, first, mine]}})
    assert replies.check() == 1
    notice: EmailMessage = desk.relay.wait(2)[1]
    assert notice["To"] == form["email"]
    assert f"#comment-{first}" in text_of(notice) and f"#comment-{mine}" not in text_of(notice)
    second = comment(desk, "Ina", "ina@example.org", reply_to=own)
    desk.publish(
        {"zu-wem-gehoert": {**ARTICLES["zu-wem-gehoert"], "comments": [own, first, mine, second]}}
    )
    assert replies.check() == 0  # within the hour: it waits for the next mail
    assert len(desk.relay.mails) == 2
    off = notice["List-Unsubscribe"].strip("<>")
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Browser(desk.url).post(off, raw=b"List-Unsubscribe=One-Click").status == 200
    assert desk.database.reply_subscriptions.of_email(form["email"]) == []


def _told_of_a_live_reply(desk) -> str:
    """Lea asked to hear of replies to her comment, and Tom's reply is live; its id."""
    subscriptions = desk.database.reply_subscriptions
    own = comment(desk, "Lea", "lea@example.org")
    asked = subscriptions.request(own, "zu-wem-gehoert", "lea@example.org", "de", "h")
    subscriptions.confirm(asked.id, asked.nonce, "h")
    reply = comment(desk, "Tom", "tom@example.org", reply_to=own)
    desk.publish({"zu-wem-gehoert": {**ARTICLES["zu-wem-gehoert"], "comments": [own, reply]}})
    return reply


def test_a_notice_the_relay_refused_for_now_goes_out_with_the_next_mail(make_desk, caplog):
    desk = make_desk(relay={"accept": 0}, reply_interval_seconds=0)  # 451, try again later
    reply = _told_of_a_live_reply(desk)
    replies = desk.app.readers.replies
    assert replies.check() == 0 and desk.relay.mails == []
    assert "the thread's next mail carries its replies" in caplog.text
    desk.relay.accept = None  # the relay takes mail again
    assert replies.check() == 1
    (notice,) = desk.relay.mails
    assert notice["To"] == "lea@example.org" and f"#comment-{reply}" in text_of(notice)
    assert replies.check() == 0  # told once


def test_a_notice_the_relay_refused_for_now_waits_for_the_hours_limit(make_desk):
    desk = make_desk(relay={"accept": 0})  # the limit: one mail per thread and hour
    _told_of_a_live_reply(desk)
    replies = desk.app.readers.replies
    assert replies.check() == 0
    desk.relay.accept = None
    assert replies.check() == 0 and desk.relay.mails == []  # no two mails within the hour
    (subscription,) = desk.database.reply_subscriptions.of_email("lea@example.org")
    assert desk.database.reply_subscriptions.noticed(subscription.id) == set()  # still due


def test_a_notice_the_relay_refused_for_good_is_not_sent_again(make_desk, caplog):
    refusal = "550 5.1.1 Mailbox unavailable"
    desk = make_desk(relay={"accept": 0, "refusal": refusal}, reply_interval_seconds=0)
    _told_of_a_live_reply(desk)
    replies = desk.app.readers.replies
    assert replies.check() == 0
    assert "Could not send a reply notification" in caplog.text
    desk.relay.accept = None
    assert replies.check() == 0 and desk.relay.mails == []  # the reply stays marked as told


def test_a_watcher_that_stops_begins_no_further_notice(make_desk):
    desk = make_desk()
    reply = _told_of_a_live_reply(desk)
    replies = desk.app.readers.replies
    stop = threading.Event()
    stop.set()  # the intake stops while the watcher is about to mail
    assert replies.check(stop) == 0 and desk.relay.mails == []
    assert replies.check() == 1  # nothing was marked: the next round (or host) tells her
    assert f"#comment-{reply}" in text_of(desk.relay.mails[0])


def test_the_moderation_page_lists_the_subscribers_and_removes_one(make_desk):
    desk = make_desk(served=True)
    reader = Browser(desk.url)
    subscribe_and_confirm(desk, reader, "lea@example.org")
    reader.post("/kommentare/newsletter", {"email": "tom@example.org", "lang": "de"})
    editor = Browser(desk.url)
    assert editor.get(f"{BASE}/abonnenten").status == 401
    log_in(desk, editor)
    assert "Abonnenten" in editor.get(BASE).body  # linked from the moderation page
    listed = editor.get(f"{BASE}/abonnenten")
    assert "1 bestätigt, 1 warten auf ihre Bestätigung" in listed.body
    from intake.labels import moment

    lea = desk.database.subscribers.by_email("lea@example.org")
    assert moment(lea.requested, "Europe/Berlin", "de") in listed.page.get_text()
    # The moderation page's look and policy: its files come from the intake itself.
    assert listed.headers["Content-Security-Policy"].startswith(
        "default-src 'none'; style-src 'self'"
    )
    sheets = [link["href"] for link in listed.page.select("link[rel=stylesheet]")]
    assert [sheet.split("?")[0] for sheet in sheets] == [
        f"{BASE}/static/css/site.css",
        f"{BASE}/static/css/moderation.css",
    ]
    assert all(editor.get(sheet).status == 200 for sheet in sheets)
    rows = {tr.select("td")[0].get_text(): tr for tr in listed.page.select("tbody tr")}
    assert set(rows) == {"lea@example.org", "tom@example.org"}
    remove = {field["name"]: field["value"] for field in rows["lea@example.org"].select("input")}
    assert editor.post(f"{BASE}/abonnenten", {**remove, "csrf": "falsch"}).status == 400
    assert editor.post(f"{BASE}/abonnenten", remove).status == 303
    assert desk.database.subscribers.by_email("lea@example.org") is None
    found = editor.get(f"{BASE}/abonnenten?suche=tom")
    assert [tr.select("td")[0].get_text() for tr in found.page.select("tbody tr")] == [
        "tom@example.org"
    ]


def test_one_link_stops_the_notifications_of_every_thread_and_only_the_readers(make_desk):
    desk = make_desk(served=True)
    subscriptions = desk.database.reply_subscriptions
    mine = [comment(desk, "Lea", "lea@example.org") for _ in range(2)]
    other = comment(desk, "Tom", "tom@example.org")
    for comment_id, email in [
        (mine[0], "lea@example.org"),
        (mine[1], "LEA@example.org"),
        (other, "tom@example.org"),
    ]:
        asked = subscriptions.request(comment_id, "zu-wem-gehoert", email, "de", "h")
        subscriptions.confirm(asked.id, asked.nonce, "h")
    reply = comment(desk, "Ina", "ina@example.org", reply_to=mine[0])
    listed = {**ARTICLES["zu-wem-gehoert"], "comments": [*mine, other, reply]}
    desk.publish({"zu-wem-gehoert": listed})
    assert desk.app.readers.replies.check() == 1
    text = text_of(desk.relay.wait(1)[0])
    every = link_in(desk.relay.mails[0], "/kommentare/antworten/alle-abmelden", desk.url)
    assert every in text
    reader = Browser(desk.url)
    asked = reader.get(every)  # the page asks; nothing changes yet
    assert asked.status == 200 and len(subscriptions.of_email("lea@example.org")) == 2
    assert reader.post(every[:-3] + "abc").status == 403
    assert reader.post(every).status == 200
    assert subscriptions.of_email("lea@example.org") == []
    assert [s.comment for s in subscriptions.of_email("tom@example.org")] == [other]


def test_an_old_notices_one_click_ends_the_subscription_of_now_in_its_thread(make_desk, form):
    """Unsubscribed with the notice's button, asked again in the same thread and
    confirmed: the mail program's button on the old notice ends the new subscription."""
    desk = make_desk(served=True)
    subscriptions = desk.database.reply_subscriptions
    reader = Browser(desk.url)
    confirm = "/kommentare/antworten/bestaetigen"
    assert reader.post("/kommentare/neu", {**form, "notify": "yes"}).status == 303
    assert reader.post(link_in(desk.relay.wait(1)[0], confirm, desk.url)).status == 200
    (own,) = [row.id for row in desk.database.comments.rows() if row.email == form["email"]]
    desk.database.comments.set_state([own], "approved")
    tom = comment(desk, "Tom", "tom@example.org", reply_to=own)
    desk.publish({"zu-wem-gehoert": {**ARTICLES["zu-wem-gehoert"], "comments": [own, tom]}})
    assert desk.app.readers.replies.check() == 1
    notice = desk.relay.wait(2)[1]
    off = notice["List-Unsubscribe"].strip("<>")
    assert off.startswith(f"{desk.url}/kommentare/antworten/abmelden/")
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Browser(desk.url).post(off, raw=b"List-Unsubscribe=One-Click").status == 200
    assert subscriptions.of_email(form["email"]) == []
    again = {**form, "text": "Noch etwas für Tom.", "reply_to": tom, "notify": "yes"}
    assert reader.post("/kommentare/neu", again).status == 303
    assert reader.post(link_in(desk.relay.wait(3)[2], confirm, desk.url)).status == 200
    assert [s.state for s in subscriptions.of_email(form["email"])] == ["confirmed"]
    done = Browser(desk.url).post(off, raw=b"List-Unsubscribe=One-Click")
    assert (
        done.status == 200
        and done.page.h1.get_text() == "Benachrichtigungen zu diesem Gespräch beendet"
    )
    assert subscriptions.of_email(form["email"]) == []
