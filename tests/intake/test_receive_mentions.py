"""Receiving: another blog on 127.0.0.1 tells the real intake (HTTP) that it links to us,
with Webmention and with pingback; the intake verifies outside the request."""

import time
import urllib.error
import urllib.parse
import urllib.request
import xmlrpc.client

import pytest

from comment_sender import send_comment
from comments.model import State
from conftest import free_port
from mail_relay import running_relay
from mentions.settings import MentionsSettings
from mentions_blog import TARGET, Dribbler, Page, h_entry, plain_page, settled


def test_webmention_from_an_h_entry_is_verified_and_queued_for_moderation(other_blog, start_intake):
    other_blog.pages["/2025/03/accounts/"] = Page(h_entry(TARGET))
    intake = start_intake()
    source = f"{other_blog.url}/2025/03/accounts/"
    status, headers, body = intake.webmention(source)
    assert status == 202
    location = headers["Location"]
    assert location.startswith("/kommentare/webmention/")
    assert location in body
    result = intake.status(location, settled)
    assert result["status"] == "accepted", result
    [row] = intake.app.store.rows()
    assert (row.kind, row.state, row.website, row.article) == (
        "mention",
        State.PENDING,
        source,
        "zu-wem-gehoert",
    )
    assert row.author == "Accounts gehören der Firma"
    assert "Sehr lesenswert" in row.text and "Ines Kowalski" in row.text
    assert row.created.startswith("2025-03-12T09:30")  # the source's published date, UTC
    [fetch] = [r for r in other_blog.requests if r.path == "/2025/03/accounts/"]
    assert fetch.headers["User-Agent"].startswith("Hafenlicht-Mentions (+https://blog.example)")


def test_a_plain_html_source_gives_its_title(other_blog, start_intake):
    other_blog.pages["/links"] = Page(plain_page(TARGET.replace("https", "HTTPS") + "index.html"))
    intake = start_intake()
    _, headers, _ = intake.webmention(f"{other_blog.url}/links")
    assert intake.status(headers["Location"], settled)["status"] == "accepted"
    [row] = intake.app.store.rows()
    assert row.author == "Linkliste der Woche"
    assert row.text == "Linkliste der Woche"


def test_a_source_without_the_link_is_refused_with_the_reason(other_blog, start_intake):
    other_blog.pages["/ohne"] = Page(plain_page(f"{TARGET}kommentare/"))
    intake = start_intake()
    _, headers, _ = intake.webmention(f"{other_blog.url}/ohne")
    result = intake.status(headers["Location"], settled)
    assert result == {
        "status": "refused",
        "reason": "The source does not link to the target.",
        "source": f"{other_blog.url}/ohne",
        "target": TARGET,
    }
    assert intake.app.store.rows() == []


@pytest.mark.parametrize(
    ("source", "target", "reason"),
    [
        ("", TARGET, "source is missing."),
        ("https://a.example/x", "", "target is missing."),
        ("ftp://a.example/x", TARGET, "source must be an http or https URL."),
        ("https://a.example/x", "javascript:alert(1)", "target must be an http or https URL."),
        (TARGET + "#x", TARGET, "source and target are the same URL."),
        ("https://a.example/x", "https://blog.example/gibt-es-nicht/", "target is no article"),
        ("https://a.example/x", "https://blog.example/2024/04/geschlossen/", "takes no mentions"),
    ],
)
def test_bad_webmentions_get_400_with_the_reason(start_intake, source, target, reason):
    intake = start_intake()
    status, _, body = intake.webmention(source, target)
    assert status == 400
    assert reason in body
    assert intake.app.database.mentions.claim() is None  # nothing was queued


def test_a_private_source_is_never_fetched_by_default(other_blog, start_intake):
    other_blog.pages["/p"] = Page(plain_page(TARGET))
    intake = start_intake(mentions=MentionsSettings())
    _, headers, _ = intake.webmention(f"{other_blog.url}/p")
    result = intake.status(headers["Location"], settled)
    assert result["status"] == "refused"
    assert "127.0.0.1 is not public" in result["reason"]
    assert other_blog.requests == []


def verified_pingbacks(app, count: int) -> list:
    """The pingback requests of the queue once ``count`` of them are verified."""
    deadline = time.monotonic() + 30
    while True:
        with app.database.connection() as connection:
            rows = connection.execute(
                "SELECT * FROM mentions WHERE protocol = 'pingback' ORDER BY received"
            ).fetchall()
        done = [row for row in rows if row["status"] not in ("queued", "verifying")]
        if len(done) >= count or time.monotonic() > deadline:
            return done
        time.sleep(0.05)


def test_a_pingback_is_answered_at_once_and_verified_later(other_blog, start_intake):
    """Behaviour changed on purpose (issue 32): the answer no longer waits for the
    verification, so a second pingback of the same page is "received" too, and its
    verification ends "unchanged" instead of answering fault 0x0030."""
    other_blog.pages["/ping"] = Page(plain_page(TARGET, "Wochenrückblick"))
    intake = start_intake()
    assert "received" in intake.pingback(f"{other_blog.url}/ping")
    [first] = verified_pingbacks(intake.app, 1)
    assert first["status"] == "accepted"
    [row] = intake.app.store.rows()
    assert (row.kind, row.author, row.source) == ("pingback", "Wochenrückblick", "pingback")
    assert "received" in intake.pingback(f"{other_blog.url}/ping")
    assert [r["status"] for r in verified_pingbacks(intake.app, 2)] == ["accepted", "unchanged"]
    assert len(intake.app.store.rows()) == 1


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("https://blog.example/unbekannt/", 0x0020),
        ("https://blog.example/2024/04/geschlossen/", 0x0021),
        ("ftp://blog.example/2024/02/zu-wem-gehoert/", 0x0020),
    ],
)
def test_pingback_faults_of_what_is_checked_at_once(other_blog, start_intake, target, code):
    other_blog.pages["/ohne-link"] = Page(plain_page(None))
    intake = start_intake()
    with pytest.raises(xmlrpc.client.Fault) as fault:
        intake.pingback(f"{other_blog.url}/ohne-link", target)
    assert fault.value.faultCode == code
    assert intake.app.store.rows() == []


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/ohne-link", "The source does not link to the target."),
        ("/fehlt", "The source answers HTTP 404."),
    ],
)
def test_a_pingback_the_verification_refuses_keeps_the_reason(
    other_blog, start_intake, path, reason
):
    other_blog.pages["/ohne-link"] = Page(plain_page(None))
    intake = start_intake()
    assert "received" in intake.pingback(f"{other_blog.url}{path}")
    [request] = verified_pingbacks(intake.app, 1)
    assert (request["status"], request["reason"]) == ("refused", reason)
    assert intake.app.store.rows() == []


def test_pingback_rate_limit_is_access_denied(other_blog, start_intake):
    other_blog.pages["/ping"] = Page(plain_page(TARGET))
    intake = start_intake(mentions=MentionsSettings(allow_networks=("127.0.0.0/8",), rate_limit=1))
    intake.pingback(f"{other_blog.url}/ping")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        intake.pingback(f"{other_blog.url}/ping")
    assert fault.value.faultCode == 0x0031


def _fault_of(url: str, body: bytes) -> int:
    request = urllib.request.Request(url, data=body)
    with urllib.request.urlopen(request, timeout=30) as answer:
        data = answer.read()
    with pytest.raises(xmlrpc.client.Fault) as fault:
        xmlrpc.client.loads(data)
    return fault.value.faultCode


def test_malformed_xml_rpc_gets_the_standard_faults(start_intake):
    url = f"{start_intake().url}/kommentare/pingback"
    assert _fault_of(url, b"<<<kein xml") == -32700
    assert _fault_of(url, xmlrpc.client.dumps((1,), "x.y").encode()) == -32601
    assert _fault_of(url, xmlrpc.client.dumps(("nur eins",), "pingback.ping").encode()) == -32602


def test_an_updated_source_updates_the_mention_and_waits_again(other_blog, start_intake):
    other_blog.pages["/a"] = Page(h_entry(TARGET))
    intake = start_intake()
    _, headers, _ = intake.webmention(f"{other_blog.url}/a")
    intake.status(headers["Location"], settled)
    [row] = intake.app.store.rows()
    intake.app.store.set_state([row.id], State.APPROVED)
    other_blog.pages["/a"] = Page(h_entry(TARGET, "Nachtrag: Accounts gehören der Firma"))
    _, headers, _ = intake.webmention(f"{other_blog.url}/a")
    assert intake.status(headers["Location"], settled)["status"] == "accepted"
    [updated] = intake.app.store.rows()
    assert (updated.id, updated.author, updated.state) == (
        row.id,
        "Nachtrag: Accounts gehören der Firma",
        State.PENDING,
    )
    _, headers, _ = intake.webmention(f"{other_blog.url}/a")
    assert intake.status(headers["Location"], settled)["status"] == "unchanged"


@pytest.mark.parametrize("gone", [Page("weg", 410), Page(plain_page(None))])
def test_a_source_gone_or_without_link_is_flagged_not_removed_unseen(
    other_blog, start_intake, gone
):
    other_blog.pages["/a"] = Page(plain_page(TARGET))
    intake = start_intake()
    _, headers, _ = intake.webmention(f"{other_blog.url}/a")
    intake.status(headers["Location"], settled)
    [row] = intake.app.store.rows()
    intake.app.store.set_state([row.id], State.APPROVED)
    other_blog.pages["/a"] = gone
    _, headers, _ = intake.webmention(f"{other_blog.url}/a")
    result = intake.status(headers["Location"], settled)
    assert result["status"] == "gone"
    assert "the editors decide" in result["reason"]
    assert intake.app.store.get(row.id).state == State.APPROVED  # until an editor rejects it
    assert intake.app.database.mentions.latest_by_comment()[row.id].status == "gone"


def test_status_of_an_unknown_token_is_404_and_get_on_the_endpoint_405(start_intake):
    intake = start_intake()
    for path, code in (
        ("/kommentare/webmention/unbekannt123", 404),
        ("/kommentare/webmention", 405),
    ):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(f"{intake.url}{path}", timeout=30)
        assert error.value.code == code


def test_the_spam_rules_of_comments_apply(other_blog, start_intake):
    other_blog.pages["/spam"] = Page(plain_page(TARGET, "Bestes Casino ohne Limit"))
    intake = start_intake()
    _, headers, _ = intake.webmention(f"{other_blog.url}/spam")
    assert intake.status(headers["Location"], settled)["status"] == "accepted"
    [row] = intake.app.store.rows()
    assert row.state == State.SPAM
    assert row.spam_reasons == ("spam words: casino",)


def test_the_editors_get_the_notification_mail_of_comments(other_blog, start_intake):
    with running_relay() as relay:
        other_blog.pages["/a"] = Page(h_entry(TARGET))
        intake = start_intake(
            smtp_host="127.0.0.1", smtp_port=relay.port, mail_to=("redaktion@hafenlicht.example",)
        )
        _, headers, _ = intake.webmention(f"{other_blog.url}/a")
        intake.status(headers["Location"], settled)
        [message] = relay.wait(1, seconds=30)
    [row] = intake.app.store.rows()
    assert message["Subject"] == "Neue Erwähnung von „Zu wem gehört?“"
    text = message.get_content()
    assert text.startswith("Eine neue Erwähnung (Webmention) wartet auf Ihre Entscheidung.")
    assert "Accounts gehören der Firma" in text
    assert f"invoke comments.approve {row.id}" in text
    assert f"{other_blog.url}/a" in text


def test_a_source_dribbling_its_header_does_not_hold_the_good_mention_behind_it(
    other_blog, start_intake
):
    """The issue's repro: the good mention waited 41 s behind one byte per second."""
    slow = Dribbler(seconds=40)
    other_blog.pages["/gut"] = Page(h_entry(TARGET))
    intake = start_intake(MentionsSettings(allow_networks=("127.0.0.0/8",), timeout_seconds=5))
    try:
        assert intake.webmention(f"{slow.url}/langsam")[0] == 202
        started = time.monotonic()
        status, headers, _ = intake.webmention(f"{other_blog.url}/gut")
        assert status == 202
        verified = intake.status(headers["Location"], settled)
        waited = time.monotonic() - started
    finally:
        slow.close()
    assert verified["status"] == "accepted"
    assert waited < 5 + 5  # one deadline of the slow source, and slack


def test_the_mention_rate_limit_counts_an_ipv6_sender_by_the_64_network(make_settings):
    from werkzeug.test import Client

    from intake.app import IntakeApp

    app = IntakeApp(make_settings(), mentions=MentionsSettings(worker=False, rate_limit=2))
    statuses = [
        Client(app)
        .post(
            "/kommentare/webmention",
            data={"source": f"https://quelle.example/{number}", "target": TARGET},
            environ_base={"REMOTE_ADDR": f"2001:db8:7:7::{number + 1:x}"},
        )
        .status_code
        for number in range(3)
    ]
    assert statuses == [202, 202, 429]


@pytest.mark.slow
def test_eight_pingbacks_at_once_do_not_delay_a_readers_comment(make_settings, form):
    """The issue's repro: every pingback held one of waitress's four threads for up to
    8 s waiting for its verification; eight at once delayed a reader's comment by 15 s."""
    from concurrent.futures import ThreadPoolExecutor

    from intake.app import IntakeApp
    from waitress_thread import served_by_waitress

    slow = Dribbler(seconds=60)
    mentions = MentionsSettings(allow_networks=("127.0.0.0/8",), timeout_seconds=30)
    app = IntakeApp(make_settings(rate_limit=0), mentions=mentions)
    port = free_port()
    url = f"http://127.0.0.1:{port}/kommentare"

    def ping(number: int) -> str:
        proxy = xmlrpc.client.ServerProxy(f"{url}/pingback")
        return proxy.pingback.ping(f"{slow.url}/{number}", TARGET)

    try:
        with served_by_waitress(app, port, threads=4), ThreadPoolExecutor(8) as pool:
            pings = [pool.submit(ping, number) for number in range(8)]
            deadline = time.monotonic() + 30
            while _queued(app) < 4:  # four threads busy with pingbacks
                assert time.monotonic() < deadline, "the pingbacks never arrived"
                time.sleep(0.05)
            started = time.monotonic()
            assert send_comment(f"{url}/neu", form)["status"] == "pending"
            waited = time.monotonic() - started
            answers = [ping.result(timeout=60) for ping in pings]
    finally:
        slow.close()
    assert waited < 5  # the issue measured 15 s
    assert all("verified" in answer for answer in answers)


def _queued(app) -> int:
    with app.database.connection() as connection:
        return connection.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
