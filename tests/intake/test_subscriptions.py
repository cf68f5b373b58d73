"""The newsletter's subscription through real HTTP requests to the intake and a local
relay: the form, double opt-in with its proof, unsubscribing (also as a mail client's
one-click POST, RFC 8058), and what the form refuses."""

import pytest
from bs4 import BeautifulSoup

from intake.reader_links import make_token
from mail_relay import text_of
from tests.intake.readers_intake import link_in

FORM = {"email": "lea@example.org", "lang": "de", "source": "/2026/02/zu-wem-gehoert/"}


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def subscribed(desk, form=FORM):
    answer = desk.client.post("/kommentare/newsletter", data=form)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer


def test_subscribe_confirm_and_the_proof(make_desk):
    desk = make_desk()
    answer = subscribed(desk)
    assert page(answer).h1.get_text() == "Bitte sehen Sie in Ihr Postfach"
    assert page(answer).select_one("a")["href"] == "https://blog.example/"
    (mail,) = desk.relay.wait(1)
    assert mail["To"] == "lea@example.org"
    assert mail["Subject"] == "Bitte bestätigen Sie Ihre Anmeldung zum Newsletter von Hafenlicht"
    assert "Laternenkai 7" in text_of(mail) and "Impressum: https://blog.example/impressum/" in (
        text_of(mail)
    )
    link = link_in(mail, "/kommentare/newsletter/bestaetigen")
    shown = desk.client.get(link)  # what a mail scanner does: nothing changes
    assert shown.status_code == 200 and shown.headers["X-Robots-Tag"].startswith("noindex")
    assert page(shown).select_one("form button").get_text() == "Ja, Newsletter zuschicken"
    assert desk.database.subscribers.counts() == {"pending": 1, "confirmed": 0}
    done = desk.client.post(link, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert done.status_code == 200
    assert page(done).h1.get_text() == "Danke: Sie sind angemeldet"
    row = desk.database.subscribers.by_email("lea@example.org")
    assert row.state == "confirmed" and row.requested < row.confirmed
    assert row.source == "/2026/02/zu-wem-gehoert/"
    # The proof names where each step came from by a keyed hash, never the address.
    assert len(row.request_client) == len(row.confirm_client) == 64
    assert row.request_client != row.confirm_client and "192.0.2.7" not in row.confirm_client
    assert desk.app.readers.site.address_hash(_request("192.0.2.7")) == row.confirm_client
    again = desk.client.post(link)  # confirming twice is harmless and keeps the proof
    assert again.status_code == 200
    assert desk.database.subscribers.by_email("lea@example.org") == row


def _request(address: str):
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    return Request(EnvironBuilder(environ_base={"REMOTE_ADDR": address}).get_environ())


def test_a_second_request_within_the_window_sends_no_second_mail(make_desk):
    desk = make_desk()
    subscribed(desk)
    desk.relay.wait(1)
    second = subscribed(desk, {**FORM, "email": "LEA@example.org "})
    assert page(second).h1.get_text() == "Bitte sehen Sie in Ihr Postfach"  # the same answer
    other = subscribed(desk, {**FORM, "email": "tom@example.org"})
    assert other.status_code == 200
    mails = desk.relay.wait(2)
    assert [mail["To"] for mail in mails] == ["lea@example.org", "tom@example.org"]
    assert desk.database.subscribers.counts()["pending"] == 2


def test_after_the_window_the_same_link_is_mailed_again(make_desk):
    desk = make_desk(resend_window_seconds=0)
    subscribed(desk)
    subscribed(desk)
    first, second = desk.relay.wait(2)  # both links confirm the one subscription
    desk.client.post(link_in(first, "/kommentare/newsletter/bestaetigen"))
    assert (
        desk.client.post(link_in(second, "/kommentare/newsletter/bestaetigen")).status_code == 200
    )
    assert desk.database.subscribers.counts() == {"pending": 0, "confirmed": 1}


def test_a_subscribed_address_gets_no_mail_and_the_same_answer(make_desk):
    desk = make_desk(resend_window_seconds=0)
    subscribed(desk)
    desk.client.post(link_in(desk.relay.wait(1)[0], "/kommentare/newsletter/bestaetigen"))
    answer = subscribed(desk)
    assert page(answer).h1.get_text() == "Bitte sehen Sie in Ihr Postfach"
    assert len(desk.relay.mails) == 1


def test_one_click_unsubscribe_as_a_mail_client_posts_it(make_desk):
    desk = make_desk()
    subscribed(desk)
    confirm = link_in(desk.relay.wait(1)[0], "/kommentare/newsletter/bestaetigen")
    off = page(desk.client.post(confirm)).select_one("a[href*=abmelden]")["href"]
    off = off.removeprefix("https://blog.example")
    asked = desk.client.get(off)
    assert page(asked).select_one("form button").get_text() == "Newsletter abbestellen"
    assert desk.database.subscribers.counts()["confirmed"] == 1
    # RFC 8058: a POST with this body, no cookie, no form token.
    done = desk.client.post(
        off,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert done.status_code == 200
    assert page(done).h1.get_text() == "Der Newsletter ist abbestellt"
    assert desk.database.subscribers.by_email("lea@example.org") is None  # the address is gone
    assert desk.client.post(off, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    # Its confirmation link is dead now, also after the address subscribes again.
    refused = desk.client.post(confirm)
    assert refused.status_code == 410
    assert desk.database.subscribers.counts() == {"pending": 0, "confirmed": 0}
    subscribed(desk, {**FORM, "email": "lea@example.org"})
    assert desk.client.post(confirm).status_code == 410
    assert desk.database.subscribers.counts() == {"pending": 1, "confirmed": 0}


@pytest.mark.parametrize(
    ("purpose", "secret", "max_age_changes", "status"),
    [
        ("newsletter-confirm", "ein-anderes-geheimnis", {}, 403),  # forged
        ("newsletter-off", None, {}, 403),  # another purpose's link
        ("my-data", None, {}, 403),
        ("newsletter-confirm", None, {"confirm_max_age_seconds": -1}, 410),  # expired
    ],
)
def test_forged_foreign_and_expired_confirmation_links_change_nothing(
    make_desk, purpose, secret, max_age_changes, status
):
    desk = make_desk(**max_age_changes)
    subscribed(desk)
    desk.relay.wait(1)
    row = desk.database.subscribers.by_email("lea@example.org")
    token = make_token(secret or desk.app.link_secret, purpose, row.id, row.nonce)
    for method in (desk.client.get, desk.client.post):
        answer = method(f"/kommentare/newsletter/bestaetigen/{token}")
        assert answer.status_code == status
    assert desk.database.subscribers.counts() == {"pending": 1, "confirmed": 0}


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "a" * 2000,
        "..%2F..%2Fetc",
        "eyJzIjoiYSIsIm4iOiJiIn0.ZZZZZZ.YYYYYYYYYYYYYYYYYYYYYYYYYYY",
    ],
)
def test_garbage_in_the_link_is_refused(make_desk, token):
    desk = make_desk()
    for path in ("/kommentare/newsletter/bestaetigen", "/kommentare/newsletter/abmelden"):
        assert desk.client.post(f"{path}/{token}").status_code in (400, 403, 404)
    assert desk.database.subscribers.counts() == {"pending": 0, "confirmed": 0}


@pytest.mark.parametrize(
    ("data", "status", "said"),
    [
        ({**FORM, "email": "keine-adresse"}, 400, "gültige E-Mail-Adresse"),
        ({**FORM, "email": "lea@example.org\r\nBcc: x@evil.example"}, 400, "gültige"),
        ({**FORM, "email": "a" * 300 + "@example.org"}, 400, "gültige"),
        ({**FORM, "homepage": "https://spam.example"}, 400, "nicht angenommen"),
        ({**FORM, "email": ""}, 400, "gültige"),
    ],
)
def test_the_form_refuses_what_is_no_subscription(make_desk, data, status, said):
    desk = make_desk()
    answer = desk.client.post("/kommentare/newsletter", data=data)
    assert answer.status_code == status
    assert said in page(answer).get_text()
    assert desk.database.subscribers.counts() == {"pending": 0, "confirmed": 0}
    assert desk.relay.mails == []


def test_a_refused_address_comes_back_in_the_form(make_desk):
    desk = make_desk()
    answer = desk.client.post("/kommentare/newsletter", data={**FORM, "email": "lea@"})
    field = page(answer).select_one("input[name=email]")
    assert (field["value"], field["aria-invalid"]) == ("lea@", "true")
    assert page(answer).select_one("form")["action"] == "/kommentare/newsletter"


def test_hostile_bodies_are_refused(make_desk):
    desk = make_desk()
    post = desk.client.post
    assert (
        post(
            "/kommentare/newsletter", data=b"\x00\xff" * 10, content_type="application/octet-stream"
        ).status_code
        == 400
    )
    huge = {"email": "lea@example.org", "filler": "x" * 100_000}
    assert post("/kommentare/newsletter", data=huge).status_code == 413
    broken = "email=lea%40example.org&lang=%FF%FE"
    answer = post(
        "/kommentare/newsletter", data=broken, content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 400
    assert desk.database.subscribers.counts()["pending"] == 0


def test_the_rate_limit_holds_per_client(make_desk):
    desk = make_desk(rate_limit=2)
    for number in range(2):
        assert subscribed(desk, {**FORM, "email": f"l{number}@example.org"}).status_code == 200
    third = desk.client.post("/kommentare/newsletter", data={**FORM, "email": "l3@example.org"})
    assert third.status_code == 429
    other = desk.client.post(
        "/kommentare/newsletter",
        data={**FORM, "email": "l4@example.org"},
        environ_base={"REMOTE_ADDR": "192.0.2.99"},
    )
    assert other.status_code == 200


def test_without_a_relay_the_form_says_so(make_desk):
    desk = make_desk(smtp_host="")
    answer = desk.client.post("/kommentare/newsletter", data=FORM)
    assert answer.status_code == 503
    assert "im Moment nicht bestellt" in page(answer).get_text()


def test_an_english_page_gets_english_texts_and_an_english_mail(make_desk):
    desk = make_desk()
    answer = subscribed(desk, {**FORM, "lang": "en"})
    assert page(answer).h1.get_text() == "Please check your inbox"
    assert page(answer).html["lang"] == "en"
    (mail,) = desk.relay.wait(1)
    assert mail["Subject"] == "Please confirm your subscription to the newsletter of Hafenlicht"
    assert desk.database.subscribers.by_email("lea@example.org").lang == "en"
    unknown = subscribed(desk, {**FORM, "email": "x@example.org", "lang": "xx"})
    assert unknown.status_code == 200 and page(unknown).html["lang"] == "de"


def test_the_source_is_a_path_of_the_site_or_nothing(make_desk):
    desk = make_desk()
    for number, source in enumerate(["https://evil.example/", "//evil.example/x", "/ok/\nx"]):
        subscribed(desk, {**FORM, "email": f"s{number}@example.org", "source": source})
        assert desk.database.subscribers.by_email(f"s{number}@example.org").source == ""


def test_an_intake_that_stops_first_hands_over_the_confirmation_it_is_sending(make_desk):
    # A slow relay: the answer to the mail comes after the reader's page.
    desk = make_desk(relay={"delay": 1.0})
    subscribed(desk)
    assert desk.relay.mails == []  # sent from a thread: the reader did not wait for it
    desk.app.close()  # the server stops (waitress returned, Ctrl-C)
    (mail,) = desk.relay.mails
    assert mail["To"] == "lea@example.org"
