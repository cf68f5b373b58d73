"""The moderation page and the mail links, over the real app and a real SQLite file."""

import re

import pytest
from bs4 import BeautifulSoup

from comments.model import State
from intake.app import IntakeApp
from intake.notify import MailNotifier
from tests.comments.conftest import ARTICLES

PASSWORD = "ein-sehr-langes-passwort"
BASE = "/kommentare/moderation"


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def desk(make_client, form):
    """An intake with one pending comment and one editor account."""

    def make(**changes):
        client, app = make_client(**changes)
        answer = client.post("/kommentare/neu", data=form, headers={"Accept": "application/json"})
        assert answer.status_code == 201
        app.database.editors.add("Jana Albers", PASSWORD)
        return client, app, answer.get_json()["id"]

    return make


def mail_links(app: IntakeApp, comment_id: str) -> dict[str, str]:
    row = app.store.get(comment_id)
    body = MailNotifier(app.settings, app.link_secret).message(row, ARTICLES[row.article])
    text = body.get_content()
    found = dict(re.findall(r"^(Freigeben|Ablehnen|Als Spam markieren):\n(\S+)$", text, re.M))
    return {label: url.removeprefix(app.settings.public_url) for label, url in found.items()}


def log_in(client, name="Jana Albers", password=PASSWORD, next_page=BASE):
    login_page = page(client.get(next_page))
    token = login_page.select_one("input[name=login_token]")["value"]
    return client.post(
        f"{BASE}/anmelden",
        data={"login_token": token, "name": name, "password": password, "next": next_page},
    )


def csrf_of(client, comment_id: str) -> str:
    return page(client.get(f"{BASE}/kommentar/{comment_id}")).select_one("input[name=csrf]")[
        "value"
    ]


def test_a_mail_link_asks_first_and_acts_once(desk):
    client, app, comment_id = desk(public_url="https://kommentare.example")
    links = mail_links(app, comment_id)
    assert set(links) == {"Freigeben", "Ablehnen", "Als Spam markieren"}
    assert all(link.startswith(f"{BASE}/link/{comment_id}/") for link in links.values())
    shown = client.get(links["Freigeben"])  # what a mail scanner does
    assert shown.status_code == 200
    assert app.store.get(comment_id).state == State.PENDING
    confirm = page(shown)
    assert confirm.select_one("blockquote").get_text() == "Danke für den Beitrag!"
    assert confirm.select_one("form button").get_text() == "Freigeben"
    assert shown.headers["X-Robots-Tag"].startswith("noindex")
    done = client.post(links["Freigeben"])
    assert done.status_code == 200 and "freigegeben" in page(done).get_text()
    assert app.store.get(comment_id).state == State.APPROVED
    (entry,) = app.database.journal.actions(comment_id)
    assert (entry.editor, entry.action) == ("mail link", "approve")
    replay = client.post(links["Freigeben"])
    assert replay.status_code == 409
    assert "bereits moderiert" in page(replay).select_one("[role=alert]").get_text()
    app.store.set_state([comment_id], State.PENDING)  # someone undoes it on the page
    replay = client.post(links["Freigeben"])
    assert replay.status_code == 409
    assert "bereits verwendet" in page(replay).select_one("[role=alert]").get_text()
    assert app.store.get(comment_id).state == State.PENDING


def test_forged_expired_and_other_comment_links_change_nothing(desk, make_client, form):
    client, app, comment_id = desk()
    other = client.post(
        "/kommentare/neu",
        data={**form, "text": "Ein zweiter Kommentar"},
        headers={"Accept": "application/json"},
    ).get_json()["id"]
    link = mail_links(app, comment_id)["Freigeben"]
    token = link.rsplit("/", 1)[1]
    forged = f"{link[:-3]}{'AAA' if not link.endswith('AAA') else 'BBB'}"
    cases = {
        forged: (403, "ungültig"),
        f"{BASE}/link/{other}/{token}": (403, "anderen Kommentar"),
        f"{BASE}/link/{comment_id}/kein-token": (403, "ungültig"),
    }
    for url, (status, words) in cases.items():
        for method in (client.get, client.post):
            answer = method(url)
            assert answer.status_code == status, url
            assert words in page(answer).select_one("[role=alert]").get_text()
    expired_client, _app = make_client(link_max_age_seconds=-1)  # same queue, same key
    answer = expired_client.post(link)
    assert answer.status_code == 410
    assert "abgelaufen" in page(answer).select_one("[role=alert]").get_text()
    assert {r.state for r in app.store.rows()} == {State.PENDING}
    assert app.database.journal.actions(comment_id) == []


def test_without_a_session_every_moderation_url_shows_only_the_log_in(desk):
    client, app, comment_id = desk()
    requests = [
        ("GET", BASE),
        ("GET", f"{BASE}/kommentar/{comment_id}"),
        ("POST", f"{BASE}/kommentar/{comment_id}"),
        ("POST", f"{BASE}/abmelden"),
    ]
    for method, url in requests:
        answer = client.open(url, method=method, data={"action": "approve", "csrf": "x"})
        assert answer.status_code == 401, url
        html = answer.get_data(as_text=True)
        assert "Danke für den Beitrag" not in html and "Leserin Lea" not in html
        assert page(answer).select_one("input[type=password]")
        assert "noindex" in page(answer).select_one('meta[name="robots"]')["content"]
        policy = answer.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "form-action 'self';" in policy
    assert app.store.get(comment_id).state == State.PENDING


def test_log_in_renews_the_session_and_sets_a_strict_cookie(desk):
    client, app, _comment_id = desk(public_url="https://kommentare.example")
    client.set_cookie("moderation_session", "planted-by-an-attacker", path=BASE)
    answer = log_in(client)
    assert answer.status_code == 303 and answer.headers["Location"] == BASE
    cookie = next(
        h for h in answer.headers.getlist("Set-Cookie") if h.startswith("moderation_session=")
    )
    assert "planted-by-an-attacker" not in cookie
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Strict" in cookie
    assert app.database.editors.session("planted-by-an-attacker") is None
    queue = page(client.get(BASE))
    assert "Leserin Lea" in queue.get_text()
    assert queue.select_one("form[action$=abmelden] input[name=csrf]")


def test_no_secure_cookie_on_a_plain_http_development_intake(desk):
    client, _app, _id = desk(public_url="http://localhost:8090")
    cookie = next(
        h
        for h in log_in(client).headers.getlist("Set-Cookie")
        if h.startswith("moderation_session=")
    )
    assert "Secure" not in cookie and "HttpOnly" in cookie


def test_log_in_attempts_are_limited(desk):
    client, _app, _id = desk(login_limit=3)
    for _ in range(3):
        assert log_in(client, password="falsch-falsch-falsch").status_code == 401
    blocked = log_in(client)  # even the right password waits now
    assert blocked.status_code == 429
    assert "Zu viele" in page(blocked).select_one("[role=alert]").get_text()
    missing_token = client.post(
        f"{BASE}/anmelden", data={"name": "Jana Albers", "password": PASSWORD}
    )
    assert missing_token.status_code == 400


def test_actions_need_the_csrf_token_and_are_recorded(desk):
    client, app, comment_id = desk()
    log_in(client)
    url = f"{BASE}/kommentar/{comment_id}"
    refused = client.post(url, data={"action": "approve"})
    assert refused.status_code == 400
    refused = client.post(url, data={"action": "approve", "csrf": "geraten"})
    assert refused.status_code == 400
    assert app.store.get(comment_id).state == State.PENDING
    csrf = csrf_of(client, comment_id)
    done = client.post(url, data={"action": "reject", "csrf": csrf, "reason": "Off-Topic"})
    assert done.status_code == 303
    row = app.store.get(comment_id)
    assert (row.state, row.reject_reason) == (State.REJECTED, "Off-Topic")
    assert client.post(url, data={"action": "approve", "csrf": csrf}).status_code == 303
    history = [(a.editor, a.action, a.detail) for a in app.database.journal.actions(comment_id)]
    assert history == [("Jana Albers", "reject", "Off-Topic"), ("Jana Albers", "approve", "")]
    shown = page(client.get(url)).get_text()
    assert "Jana Albers – Ablehnen (Off-Topic)" in shown


def test_a_reply_as_the_articles_author_carries_the_role(desk, tmp_path):
    client, app, comment_id = desk()
    log_in(client)
    csrf = csrf_of(client, comment_id)
    url = f"{BASE}/kommentar/{comment_id}"
    client.post(url, data={"action": "approve", "csrf": csrf})
    voices = [o.get_text() for o in page(client.get(url)).select("select[name=voice] option")]
    assert voices == ["Redaktion"]  # the test manifest names no authors
    answer = client.post(
        url, data={"action": "reply", "csrf": csrf, "voice": "Redaktion", "text": "Danke!"}
    )
    assert answer.status_code == 303
    (reply_row,) = [r for r in app.store.rows() if r.reply_to == comment_id]
    assert (reply_row.role, reply_row.author, reply_row.state) == (
        "editorial",
        "Redaktion",
        State.APPROVED,
    )
    assert app.database.journal.actions(reply_row.id)[0].editor == "Jana Albers"


def test_log_out_ends_the_session(desk):
    client, _app, _id = desk()
    log_in(client)
    csrf = page(client.get(BASE)).select_one("input[name=csrf]")["value"]
    assert client.post(f"{BASE}/abmelden", data={"csrf": csrf}).status_code == 303
    assert client.get(BASE).status_code == 401


@pytest.mark.slow
def test_parallel_wrong_log_ins_check_at_most_the_limit_of_passwords(make_settings):
    """The issue's repro: 24 wrong log-ins at once from one address had 8 passwords
    checked with a limit of 5 (the lock was read before and counted after the check)."""
    import threading
    import urllib.error
    import urllib.parse
    import urllib.request

    from conftest import free_port
    from waitress_thread import served_by_waitress

    app = IntakeApp(make_settings(login_limit=5))
    app.database.editors.add("Jana Albers", PASSWORD)
    port = free_port()
    body = urllib.parse.urlencode(
        {"login_token": "t" * 32, "name": "Jana Albers", "password": "falsch-falsch-falsch"}
    ).encode()
    start, statuses = threading.Barrier(24), []

    def attempt() -> None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{BASE}/anmelden",
            data=body,
            headers={"Cookie": f"moderation_login={'t' * 32}"},
        )
        start.wait()
        try:
            urllib.request.urlopen(request, timeout=120)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    with served_by_waitress(app, port, threads=24):
        threads = [threading.Thread(target=attempt) for _ in range(24)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    checked = statuses.count(401)
    assert (checked, statuses.count(429)) == (5, 19), f"{checked} passwords checked"


def test_a_right_password_is_no_failed_attempt(desk):
    from werkzeug.test import Client

    client, app, _id = desk(login_limit=2)
    assert log_in(client, password="falsch-falsch-falsch").status_code == 401
    for _ in range(4):  # counted while checked, forgotten once right
        assert log_in(Client(app)).status_code == 303
    assert log_in(client, password="falsch-falsch-falsch").status_code == 401
    assert log_in(client).status_code == 429
