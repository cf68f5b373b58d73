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
    history = [li.get_text() for li in page(client.get(url)).select(".moderation__history li")]
    assert history[0].endswith(" – Jana Albers – Abgelehnt (Off-Topic)")
    assert history[1].endswith(" – Jana Albers – Freigegeben")


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


def queue_card(client, comment_id: str):
    return page(client.get(BASE)).select_one(f"li:has(> h2#kommentar-{comment_id})")


def test_each_waiting_comment_carries_its_actions_in_the_queue(desk):
    client, _app, comment_id = desk()
    log_in(client)
    card = queue_card(client, comment_id)
    assert card.select_one("blockquote").get_text() == "Danke für den Beitrag!"
    forms = {form.select_one("input[name=action]")["value"]: form for form in card.select("form")}
    assert set(forms) == {"approve", "spam", "reject", "reply"}
    for form in forms.values():
        assert form["method"] == "post" and form["action"] == f"{BASE}/kommentar/{comment_id}"
        assert form.select_one("input[name=csrf]")["value"]
        assert form.select_one("input[name=zurueck]")["value"] == "liste"
    assert forms["reject"].find_parent("details").summary.get_text() == "Ablehnen …"
    assert forms["reject"].select_one("label[for^=grund-]").get_text().startswith("Grund")
    assert forms["reply"].find_parent("details").summary.get_text() == ("Freigeben und antworten …")
    assert [b.get_text() for b in card.select("button")] == [
        "Freigeben",
        "Spam",
        "Ablehnen",
        "Freigeben und Antwort veröffentlichen",
    ]


def test_an_action_in_the_queue_comes_back_to_the_queue_and_says_what_was_done(desk, form):
    client, app, comment_id = desk()
    log_in(client)
    csrf = page(client.get(BASE)).select_one("input[name=csrf]")["value"]
    done = client.post(
        f"{BASE}/kommentar/{comment_id}",
        data={"action": "reject", "csrf": csrf, "zurueck": "liste", "reason": "Werbung"},
    )
    assert done.status_code == 303
    assert done.headers["Location"] == f"{BASE}?erledigt=reject&kommentar={comment_id}#meldung"
    queue = page(client.get(done.headers["Location"]))
    assert queue.select_one("#meldung[role=status]").get_text().split() == (
        ["Abgelehnt:", "der", "Kommentar", "von", "Leserin", "Lea.", "Anzeigen"]
    )
    assert queue.select_one("h1").get_text() == "Zu prüfende Kommentare (0)"
    assert app.store.get(comment_id).reject_reason == "Werbung"


def test_approve_and_reply_in_one_step_from_the_queue(desk):
    client, app, comment_id = desk()
    log_in(client)
    csrf = page(client.get(BASE)).select_one("input[name=csrf]")["value"]
    url = f"{BASE}/kommentar/{comment_id}"
    empty = client.post(
        url, data={"action": "reply", "csrf": csrf, "voice": "Redaktion", "text": "  "}
    )
    assert empty.status_code == 400
    assert "Bitte schreiben Sie eine Antwort." in page(empty).select_one("[role=alert]").get_text()
    assert app.store.get(comment_id).state == State.PENDING  # nothing changed
    answer = client.post(
        url,
        data={
            "action": "reply",
            "csrf": csrf,
            "voice": "Redaktion",
            "text": "Danke, gern!",
            "zurueck": "liste",
        },
    )
    assert answer.status_code == 303
    assert app.store.get(comment_id).state == State.APPROVED
    (reply_row,) = [r for r in app.store.rows() if r.reply_to == comment_id]
    assert (reply_row.text, reply_row.state) == ("Danke, gern!", State.APPROVED)
    actions = [a.action for a in app.database.journal.actions(comment_id)]
    assert actions == ["approve", "replied"]
    status = page(client.get(answer.headers["Location"])).select_one("#meldung").get_text()
    assert "Freigegeben und beantwortet: der Kommentar von Leserin Lea." in status
    assert "mit dem nächsten Abgleich" in status  # no CI configured here


def test_times_in_the_sites_time_zone_and_words_in_its_language(desk):
    client, app, comment_id = desk(timezone="America/New_York")
    log_in(client)
    row = app.store.get(comment_id)
    shown = page(client.get(BASE)).select_one(f"time[datetime='{row.created}']").get_text()
    from datetime import datetime
    from zoneinfo import ZoneInfo

    local = datetime.fromisoformat(row.created).astimezone(ZoneInfo("America/New_York"))
    assert shown.endswith(f", {local:%H:%M}") and str(local.year) in shown
    app.store.set_state([comment_id], State.SPAM, "")
    app.database.journal.record(comment_id, "mail link", "spam")
    app.database.journal.record(comment_id, "jana (shell)", "approve")
    history = page(client.get(f"{BASE}/kommentar/{comment_id}")).select(".moderation__history li")
    assert history[0].get_text().endswith(" – ein Link in der E-Mail – Als Spam markiert")
    assert history[1].get_text().endswith(" – jana (Kommandozeile) – Freigegeben")


def test_an_english_site_gets_an_english_moderation_page(desk):
    client, _app, comment_id = desk(lang="en")
    assert page(client.get(BASE)).select_one("h1").get_text() == "Log in to moderate comments"
    log_in(client)
    queue = page(client.get(BASE))
    assert queue.select_one("html")["lang"] == "en"
    assert queue.select_one("h1").get_text() == "Comments to check (1)"
    card = queue_card(client, comment_id)
    assert [b.get_text() for b in card.select("button")][:2] == ["Approve", "Spam"]
    assert card.select_one(".moderation__state").get_text() == "pending"


def test_the_pages_load_the_themes_files_from_the_intake_itself(desk):
    client, _app, _comment_id = desk(site_url="http://localhost:8000")
    login = page(client.get(BASE))
    sheets = [link["href"] for link in login.select("link[rel=stylesheet]")]
    assert [s.split("?")[0] for s in sheets] == [
        f"{BASE}/static/css/site.css",
        f"{BASE}/static/css/moderation.css",
    ]
    fonts = [link["href"] for link in login.select("link[rel=preload][as=font]")]
    assert fonts and all(f.startswith(f"{BASE}/static/fonts/") for f in fonts)
    for address in sheets + fonts:
        answer = client.get(address)
        assert answer.status_code == 200, address
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    css = client.get(sheets[0])
    assert css.headers["Content-Type"] == "text/css; charset=utf-8"
    assert 'url("../fonts/inter-regular.woff2")' in css.get_data(as_text=True)
    assert client.get(f"{BASE}/static/fonts/inter-bold.woff2").headers["Content-Type"] == (
        "font/woff2"
    )
    assert client.get(f"{BASE}/static/css/site.css").headers["Cache-Control"] == "no-cache"
    policy = client.get(BASE).headers["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "font-src 'self'" in policy
    for hostile in (
        "../templates/comments_moderation.html",
        "css/../../templates/base.html",
        "%2e%2e/%2e%2e/pelicanconf.py",
        "js/site.js",
        "css/nojs.css",
        "fonts/../../../etc/passwd",
        "fonts/OFL.txt",
    ):
        answer = client.get(f"{BASE}/static/{hostile}")
        assert answer.status_code == 404, hostile


def test_every_action_is_announced_for_the_ci_trigger(desk):
    from intake.events import MODERATED

    client, app, comment_id = desk(public_url="https://kommentare.example")
    heard = []
    app.events.on(MODERATED, lambda *event: heard.append(event))
    client.post(mail_links(app, comment_id)["Ablehnen"])
    log_in(client)
    csrf = csrf_of(client, comment_id)
    client.post(f"{BASE}/kommentar/{comment_id}", data={"action": "approve", "csrf": csrf})
    client.post(f"{BASE}/kommentar/{comment_id}", data={"action": "approve"})  # no CSRF
    assert heard == [(comment_id, "reject"), (comment_id, "approve")]


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


def test_the_mail_links_of_a_reply_show_what_it_answers(desk, form):
    # A reply's card says "Antwort auf …": the link's pages need what the others pass.
    client, app, _comment_id = desk()
    answer = client.post(
        "/kommentare/neu",
        data={**form, "text": "Stimme zu!", "reply_to": "c1"},  # c1: published on the site
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 201, answer.get_json()
    reply_id = answer.get_json()["id"]
    link = mail_links(app, reply_id)["Freigeben"]
    shown = client.get(link)
    assert shown.status_code == 200
    assert "c1" in page(shown).select_one(".moderation__context").get_text(" ", strip=True)
    done = client.post(link)
    assert done.status_code == 200 and "freigegeben" in page(done).get_text()
    assert app.store.get(reply_id).state == State.APPROVED
