"""The intake over HTTP (Werkzeug's test client on the real app and a real SQLite file)."""

import json
import urllib.parse
from pathlib import Path

from bs4 import BeautifulSoup

from comments.model import State
from intake.events import NEW_COMMENT
from without_pelican import run_without_pelican

ROOT = Path(__file__).resolve().parents[2]


def post(client, data, **headers):
    return client.post("/kommentare/neu", data=data, headers=headers)


def test_accepted_comment_is_committed_then_the_reader_is_sent_back(make_client, form):
    client, app = make_client()
    response = post(client, form)
    assert response.status_code == 303
    assert response.headers["Location"] == (
        "https://blog.example/2024/02/zu-wem-gehoert/#kommentar-eingegangen"
    )
    (row,) = app.store.rows()
    assert (row.article, row.author, row.email, row.website, row.text, row.state) == (
        "zu-wem-gehoert",
        "Leserin Lea",
        "lea@example.org",
        "https://lea.example",
        "Danke für den Beitrag!",
        State.PENDING,
    )
    assert row.client and "127.0.0.1" not in row.client  # a fingerprint, not the address


def test_a_reply_to_a_published_comment(make_client, form):
    client, app = make_client()
    assert post(client, {**form, "reply_to": "c1"}).status_code == 303
    assert app.store.rows()[0].reply_to == "c1"


def test_json_answers_for_the_script_enhanced_form(make_client, form):
    client, app = make_client()
    response = post(client, form, Accept="application/json")
    assert response.status_code == 201
    answer = response.get_json()
    assert answer["status"] == "pending"
    assert answer["message"] == (
        "Danke! Ihr Kommentar wird von der Redaktion geprüft und innerhalb von 24 Stunden "
        "freigeschaltet."
    )
    assert app.store.get(answer["id"]) is not None
    refused = post(client, {**form, "answer": "8"}, Accept="application/json")
    assert refused.status_code == 400
    assert refused.get_json() == {
        "status": "refused",
        "field": "answer",
        "message": "Die Antwort auf die Spamschutz-Frage stimmt nicht.",
    }


def test_refused_input_keeps_the_readers_text_in_a_translated_page(make_client, form):
    client, app = make_client()
    response = post(
        client,
        {**form, "answer": "acht", "text": "Mein <b>langer</b> Text", "reply_to": "c1"},
    )
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.html["lang"] == "de"
    assert page.select_one("[role=alert]").get_text() == (
        "Die Antwort auf die Spamschutz-Frage stimmt nicht."
    )
    assert page.select_one("textarea[name=text]").get_text() == "Mein <b>langer</b> Text"
    assert page.select_one("input[name=author]")["value"] == "Leserin Lea"
    assert page.select_one("input[name=email]")["value"] == "lea@example.org"
    assert page.select_one("input[name=reply_to]")["value"] == "c1"
    assert page.select_one("input[name=consent]").has_attr("checked")
    assert page.select_one("input[name=answer]")["aria-invalid"] == "true"
    assert page.select_one("form")["action"] == "/kommentare/neu"
    link = page.select_one(".intro__kicker a")
    assert (link["href"], link.get_text()) == (
        "https://blog.example/2024/02/zu-wem-gehoert/",
        "Zu wem gehört?",
    )
    assert app.store.rows() == []


def test_hostile_values_come_back_escaped_in_the_refusal_page(make_client, form):
    client, _app = make_client()
    hostile = '"><script>alert(1)</script>'
    response = post(client, {**form, "author": hostile, "text": hostile, "answer": "x"})
    body = response.get_data(as_text=True)
    assert "<script>alert(1)" not in body
    page = BeautifulSoup(body, "html.parser")
    assert page.select_one("input[name=author]")["value"] == hostile
    assert page.find("script") is None


def test_unknown_closed_and_honeypot(make_client, form):
    client, app = make_client()
    unknown = post(client, {**form, "article": "gibt-es-nicht"})
    assert unknown.status_code == 404
    assert "Diesen Beitrag gibt es nicht." in unknown.get_data(as_text=True)
    assert "Danke für den Beitrag!" in unknown.get_data(as_text=True)  # the text is kept
    closed = post(client, {**form, "article": "geschlossen"}, Accept="application/json")
    assert closed.status_code == 403
    assert closed.get_json()["message"] == "Die Kommentare zu diesem Beitrag sind geschlossen."
    assert post(client, {**form, "homepage": "http://bot.example"}).status_code == 400
    reply = post(client, {**form, "reply_to": "c9"}, Accept="application/json")
    assert (reply.status_code, reply.get_json()["field"]) == (400, "reply_to")
    assert app.store.rows() == []


def test_oversized_and_malformed_requests_get_400_and_change_nothing(make_client, form):
    client, app = make_client(max_body_bytes=2048)
    assert post(client, {**form, "text": "x" * 4000}).status_code == 400
    json_body = client.post(
        "/kommentare/neu", data=json.dumps(form), content_type="application/json"
    )
    assert json_body.status_code == 400
    garbage = client.post(
        "/kommentare/neu", data=b"\xff\xfe%%%", content_type="application/x-www-form-urlencoded"
    )
    assert garbage.status_code == 400
    broken_multipart = client.post(
        "/kommentare/neu",
        data=b"--x\r\nContent-Disposition: form-data; name=\r\n\r\n",
        content_type="multipart/form-data; boundary=x",
    )
    assert broken_multipart.status_code == 400
    assert client.post("/kommentare/neu").status_code == 400  # no body at all
    assert client.get("/kommentare/neu").status_code == 405
    assert app.store.rows() == []


def test_multipart_forms_are_accepted_too(make_client, form):
    client, app = make_client()
    response = client.post("/kommentare/neu", data=form, content_type="multipart/form-data")
    assert response.status_code == 303
    assert len(app.store.rows()) == 1


def test_rate_limit_per_client(make_client, form):
    client, app = make_client(rate_limit=2)
    for number in range(2):
        assert post(client, {**form, "text": f"Kommentar Nummer {number}"}).status_code == 303
    refused = post(client, {**form, "text": "Noch einer"})
    assert refused.status_code == 429
    page = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    assert "bitte warten Sie einige Minuten" in page.select_one("[role=alert]").get_text()
    assert page.select_one("textarea[name=text]").get_text() == "Noch einer"
    other = client.post(
        "/kommentare/neu",
        data={**form, "text": "Von woanders"},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert other.status_code == 303
    assert len(app.store.rows()) == 3


def test_the_rate_limit_holds_across_worker_processes(make_settings, form):
    """Two app instances on one queue (two gunicorn workers) share the fingerprint secret."""
    from werkzeug.test import Client

    from intake.app import IntakeApp

    settings = make_settings(rate_limit=1)
    first, second = Client(IntakeApp(settings)), Client(IntakeApp(settings))
    assert post(first, form).status_code == 303
    assert post(second, {**form, "text": "Gleich noch einer"}).status_code == 429


def test_spam_is_kept_and_marked_never_dropped(make_client, form):
    client, app = make_client()
    post(
        client,
        {
            **form,
            "text": "Günstig: http://a.example http://b.example http://c.example http://d.example",
        },
    )
    post(client, {**form, "text": "Danke für den Beitrag!"})
    # The same text from somebody else (copied): kept, as spam.
    other = {**form, "author": "Kopierer", "email": "kopie@example.org"}
    post(client, {**other, "text": "Danke für den Beitrag!"})
    post(client, {**form, "text": "Bestes Casino im Norden"})
    rows = {r.text[:5]: r for r in app.store.rows()}
    assert len(app.store.rows()) == 4
    assert rows["Günst"].state == State.SPAM
    assert rows["Günst"].spam_reasons == ("4 links (more than 3)",)
    assert rows["Beste"].spam_reasons == ("spam words: casino",)
    states = sorted(r.state for r in app.store.rows() if r.text.startswith("Danke"))
    assert states == [State.PENDING, State.SPAM]


def test_a_reader_who_sends_again_is_told_it_is_there_and_nothing_is_added(make_client, form):
    """A re-send after an error page (or a double click): the same answer with the
    first comment's id, no second row, no second mail to the editors."""
    client, app = make_client()
    mails = []
    app.events.on(NEW_COMMENT, lambda *args: mails.append(args))
    asked = {"headers": {"Accept": "application/json"}}
    first = client.post("/kommentare/neu", data=form, **asked)
    again = client.post("/kommentare/neu", data=form, **asked)
    assert (first.status_code, again.status_code) == (201, 201)
    assert json.loads(again.data)["id"] == json.loads(first.data)["id"]
    assert json.loads(again.data)["message"] == json.loads(first.data)["message"]
    assert len(app.store.rows()) == 1 and app.store.rows()[0].state == State.PENDING
    assert len(mails) == 1
    without_script = client.post("/kommentare/neu", data=form)
    assert without_script.status_code == 303
    assert without_script.headers["Location"].endswith("#kommentar-eingegangen")
    assert len(app.store.rows()) == 1


def test_english_messages_with_the_english_ui(make_client, form):
    client, _app = make_client(lang="en")
    answer = post(client, {**form, "answer": "8"}, Accept="application/json").get_json()
    assert answer["message"] == "The answer to the spam question is not right."


def test_headers_protect_the_answers(make_client, form):
    client, _app = make_client()
    refused = post(client, {**form, "answer": "8"})
    assert refused.headers["Cache-Control"] == "no-store"
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    policy = refused.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src https://blog.example" in policy
    assert "Access-Control-Allow-Origin" not in refused.headers
    own = post(client, form, Origin="https://blog.example", Accept="application/json")
    assert own.headers["Access-Control-Allow-Origin"] == "https://blog.example"
    foreign = post(
        client,
        {**form, "text": "Von fremd"},
        Origin="https://evil.example",
        Accept="application/json",
    )
    assert "Access-Control-Allow-Origin" not in foreign.headers


def test_a_new_build_is_seen_and_a_broken_manifest_keeps_the_last_good_one(
    make_client, form, tmp_path
):
    client, _app = make_client()
    manifest = tmp_path / "artikel.json"
    assert post(client, {**form, "article": "neu"}).status_code == 404
    articles = json.loads(manifest.read_text())["articles"]
    articles["neu"] = {"url": "2026/11/neu/", "title": "Neu", "open": True, "comments": []}
    manifest.write_text(json.dumps({"articles": articles}))
    assert post(client, {**form, "article": "neu"}).status_code == 303
    manifest.write_text('{"articles": {"neu": ')  # caught half-copied
    assert post(client, {**form, "article": "neu", "text": "Noch einer"}).status_code == 303


def test_the_intake_runs_without_pelican(tmp_path):
    # The WSGI app as the web server loads it, asked for the form's address with GET:
    # refused, in German from the theme's catalogue, with Pelican unimportable.
    script = (
        "from werkzeug.test import Client\n"
        "from intake import wsgi\n"
        "answer = Client(wsgi.application).get('/kommentare/neu')\n"
        "print(answer.status_code, answer.get_data(as_text=True))\n"
    )
    printed = run_without_pelican(
        script,
        tmp_path,
        COMMENTS_DB_PATH=str(tmp_path / "q.sqlite3"),
        COMMENTS_THEME_PATH=str(ROOT / "theme"),
    )
    assert printed.strip() == "405 Kommentare werden mit dem Formular unter jedem Beitrag gesendet."


def test_the_old_entry_point_works_for_one_release_and_says_so(tmp_path):
    # A server still started as comments.wsgi:application (the command before the move)
    # answers as before, and its log names the new entry point once.
    script = (
        "import logging\n"
        "from werkzeug.test import Client\n"
        "from comments import wsgi\n"
        "answer = Client(wsgi.application).get('/kommentare/neu')\n"
        "print(answer.status_code)\n"
    )
    printed, log = run_without_pelican(
        script,
        tmp_path,
        with_log=True,
        COMMENTS_DB_PATH=str(tmp_path / "q.sqlite3"),
        COMMENTS_THEME_PATH=str(ROOT / "theme"),
    )
    assert printed.strip() == "405"
    deprecations = [line for line in log.splitlines() if "deprecated" in line]
    assert len(deprecations) == 1
    assert "intake.wsgi:application" in deprecations[0]


def test_behind_a_proxy_the_readers_address_counts(make_settings, form):
    from werkzeug.test import Client

    from intake.app import create_app

    client = Client(create_app(make_settings(rate_limit=1), proxies=1))

    def from_address(address: str, text: str) -> int:
        return post(client, {**form, "text": text}, **{"X-Forwarded-For": address}).status_code

    assert from_address("198.51.100.7", "Erster Kommentar") == 303
    assert from_address("198.51.100.7", "Zweiter Kommentar") == 429
    assert from_address("203.0.113.9", "Von einer anderen Leserin") == 303


def test_an_oversized_comment_comes_back_in_the_form_with_its_text(make_client, form):
    client, app = make_client(max_body_bytes=2048)
    long_text = "Ein sehr langer Leserbrief. " * 150
    response = post(client, {**form, "text": long_text})
    assert response.status_code == 400 and response.mimetype == "text/html"
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.select_one("[role=alert]").get_text() == (
        "Dieses Feld ist zu lang (höchstens 5000 Zeichen)."
    )
    assert page.select_one("textarea[name=text]").get_text() == long_text.strip()
    assert page.select_one("textarea[name=text]")["aria-invalid"] == "true"
    far_too_large = post(client, {**form, "text": "x" * 2048 * 17})
    assert far_too_large.status_code == 413  # not even read
    assert app.store.rows() == []


def test_a_form_that_is_not_utf8_names_the_field_and_keeps_the_text(make_client, form):
    client, app = make_client()
    fields = {**form, "text": "Grüße aus Kiel"}
    body = "&".join(f"{k}={v}" for k, v in fields.items() if k != "author")
    raw = (body + "&author=J\xfcrgen").encode("latin-1")  # a browser sending Latin-1
    response = client.post(
        "/kommentare/neu", data=raw, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400 and response.mimetype == "text/html"
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert "nicht gelesen werden konnten" in page.select_one("[role=alert]").get_text()
    assert page.select_one("textarea[name=text]")["aria-invalid"] == "true"  # the first
    assert page.select_one("textarea[name=text]").get_text() == "Grüße aus Kiel"
    assert page.select_one("input[name=author]")["value"] == "Jürgen"
    assert app.store.rows() == []


def test_percent_encoded_bytes_that_are_not_utf8_are_refused(make_client, form):
    client, app = make_client()
    body = urllib.parse.urlencode({**form, "author": "x"}).replace("author=x", "author=%FF%FE%C3")
    response = client.post(
        "/kommentare/neu",
        data=body,
        content_type="application/x-www-form-urlencoded",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.get_json()["field"] == "author"
    assert "nicht gelesen" in response.get_json()["message"]
    assert app.store.rows() == []


def test_the_rate_limit_counts_an_ipv6_reader_by_the_64_network(make_client, form):
    """One /64 is one subscriber's line: counting full addresses made it an endless supply
    (the issue's repro: seven posts from seven addresses of one /64, all accepted)."""
    client, app = make_client(rate_limit=5)
    statuses = [
        client.post(
            "/kommentare/neu",
            data={**form, "text": f"Kommentar Nummer {number}"},
            environ_base={"REMOTE_ADDR": f"2001:db8:1:2:{number:x}::{number + 1:x}"},
        ).status_code
        for number in range(7)
    ]
    assert statuses == [303] * 5 + [429] * 2
    other = client.post(
        "/kommentare/neu",
        data={**form, "text": "Aus dem Netz nebenan"},
        environ_base={"REMOTE_ADDR": "2001:db8:1:3::1"},
    )
    assert other.status_code == 303
    assert len(app.store.rows()) == 6


FAULT = (
    "Ihr Kommentar konnte wegen eines Fehlers bei uns nicht gespeichert werden. Ihr Text "
    "steht unten: Bitte senden Sie ihn in einigen Minuten noch einmal."
)


def break_the_queue(app) -> None:
    """A queue that fails every write, as a full disk or a damaged file does."""
    with app.database.connection() as connection:
        connection.execute("DROP TABLE comments")


def test_a_fault_of_ours_answers_500_in_german_with_the_readers_text(make_client, form, caplog):
    client, app = make_client()
    break_the_queue(app)
    response = post(client, {**form, "text": "Mein langer, wichtiger Text."})
    assert response.status_code == 500 and response.mimetype == "text/html"
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.html["lang"] == "de"
    assert page.select_one("[role=alert]").get_text() == FAULT
    assert page.select_one("textarea[name=text]").get_text() == "Mein langer, wichtiger Text."
    assert page.select_one("input[name=author]")["value"] == "Leserin Lea"
    assert "Internal Server Error" not in response.get_data(as_text=True)
    assert "The intake failed to answer POST /kommentare/neu" in caplog.text
    scripted = post(client, form, Accept="application/json")
    assert scripted.status_code == 500
    assert scripted.get_json() == {"status": "refused", "field": "", "message": FAULT}


def test_a_fault_elsewhere_is_a_german_sentence(make_client):
    client, app = make_client(sync_token="geheim")
    with app.database.connection() as connection:
        connection.execute("DROP TABLE changes")
    response = client.get("/kommentare/sync", headers={"Authorization": "Bearer geheim"})
    assert response.status_code == 500
    assert response.get_data(as_text=True) == (
        "Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es in einigen Minuten "
        "noch einmal.\n"
    )
