"""The newsletter's subscription through real HTTP requests to the intake and a local
relay: the form, double opt-in with its proof, unsubscribing (also as a mail client's
one-click POST, RFC 8058), and what the form refuses."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from intake.newsletter_send import Sender
from intake.reader_links import make_token
from mail_relay import text_of, wait_for
from tests.intake.readers_intake import ARTICLES, link_in, one_click

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
    # What it promises is true of this list only: the address may get other mail from us.
    assert (
        "Ohne Ihre Bestätigung schicken wir an diese Adresse keinen Newsletter, und sie wird "
        "nach 3 Tagen aus der Liste gelöscht." in " ".join(text_of(mail).split())
    )
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
    ("purpose", "secret", "max_age_changes", "status", "pending"),
    [
        ("newsletter-confirm", "ein-anderes-geheimnis", {}, 403, 1),  # forged
        ("newsletter-off", None, {}, 403, 1),  # another purpose's link
        ("my-data", None, {}, 403, 1),
        # Expired: the link confirms nothing, and the request is gone, as its mail says.
        ("newsletter-confirm", None, {"confirm_max_age_seconds": -1}, 410, 0),
    ],
)
def test_forged_foreign_and_expired_confirmation_links_change_nothing(
    make_desk, purpose, secret, max_age_changes, status, pending
):
    desk = make_desk(**max_age_changes)
    subscribed(desk)
    desk.relay.wait(1)
    row = desk.database.subscribers.by_email("lea@example.org")
    token = make_token(secret or desk.app.link_secret, purpose, row.id, row.nonce)
    for method in (desk.client.get, desk.client.post):
        answer = method(f"/kommentare/newsletter/bestaetigen/{token}")
        assert answer.status_code == status
    assert desk.database.subscribers.counts() == {"pending": pending, "confirmed": 0}


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


# --- an old issue's unsubscribe link, the same answer for everyone, mails that come -----
def confirmed(desk, form=FORM) -> None:
    """Subscribed through the form and the link of the mail it brings."""
    before = len(desk.relay.mails)
    subscribed(desk, form)
    mail = desk.relay.wait(before + 1)[before]
    assert desk.client.post(link_in(mail, "/kommentare/newsletter/bestaetigen")).status_code == 200


def issue(desk) -> object:
    """An issue sent to every subscriber, as `invoke newsletter.send` sends it; the mail
    to lea@example.org, or None."""
    sender = Sender(desk.app.readers.site)
    outcome = sender.start("manual")
    if outcome is not None:
        sender.send(outcome)
    mails = [mail for mail in desk.relay.mails if "abmelden" in str(mail["List-Unsubscribe"])]
    return mails[-1] if outcome is not None and outcome.counts["sent"] else None


@pytest.fixture
def news_desk(make_desk):
    """An intake whose site has one new article in each language."""
    fresh = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    articles = {
        "neu": {**ARTICLES["zu-wem-gehoert"], "url": "2026/12/neu/", "title": "Neu", "date": fresh},
        "new": {
            **ARTICLES["zu-wem-gehoert"],
            "url": "en/2026/12/new/",
            "title": "New",
            "date": fresh,
            "lang": "en",
        },
    }
    return make_desk(articles)


def test_an_old_issues_one_click_ends_the_subscription_the_reader_has_now(news_desk):
    desk = news_desk
    english = {**FORM, "lang": "en"}
    confirmed(desk, english)
    old = issue(desk)["List-Unsubscribe"].strip("<>").removeprefix("https://blog.example")
    assert page(one_click(desk, old)).h1.get_text() == "The newsletter is cancelled"
    confirmed(desk, english)  # subscribed again, confirmed again
    assert desk.database.subscribers.by_email("lea@example.org").state == "confirmed"
    # Later, the mail program's "unsubscribe" on the old issue:
    done = one_click(desk, old)
    assert done.status_code == 200
    assert page(done).h1.get_text() == "The newsletter is cancelled"
    assert page(done).html["lang"] == "en"
    assert desk.database.subscribers.by_email("lea@example.org") is None
    fresh = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    newer = {**ARTICLES["zu-wem-gehoert"], "url": "en/newer/", "date": fresh, "lang": "en"}
    desk.publish({"newer": newer})
    assert issue(desk) is None  # no further issue reaches her


def test_a_link_that_named_an_ended_subscription_says_so_and_changes_nothing(news_desk):
    """Unsubscribe links mailed before they named the address named the row; once that
    row is gone, the address cannot be known from them."""
    desk = news_desk
    confirmed(desk)
    row = desk.database.subscribers.by_email("lea@example.org")
    earlier = "/kommentare/newsletter/abmelden/" + make_token(
        desk.app.link_secret, "newsletter-off", row.id, row.nonce
    )
    assert page(one_click(desk, earlier)).h1.get_text() == "Der Newsletter ist abbestellt"
    confirmed(desk)
    for answer in (desk.client.get(earlier), one_click(desk, earlier)):
        assert answer.status_code == 200
        text = page(answer).get_text(" ")
        assert "früheren Abonnement" in text and "neuesten Ausgabe" in text
        assert "abbestellt" not in page(answer).h1.get_text()
        assert "gelöscht" not in text and page(answer).select("form") == []
    assert desk.database.subscribers.by_email("lea@example.org").state == "confirmed"
    assert issue(desk)["To"] == "lea@example.org"  # the subscription goes on, truthfully


def test_the_forms_answer_is_made_from_the_request_alone(make_desk):
    desk = make_desk(rate_limit=0)
    confirmed(desk)  # subscribed on the article's page
    subscribed(desk, {**FORM, "email": "ina@example.org"})  # waiting for her confirmation
    answers = [
        subscribed(desk, {**FORM, "email": email, "source": "/impressum/"}).get_data(as_text=True)
        for email in ("lea@example.org", "ina@example.org", "neu@example.org")
    ]
    assert answers[0] == answers[1] == answers[2]  # nobody can tell who subscribed
    assert page(subscribed(desk)).select("a")[-1]["href"] == (
        "https://blog.example/2026/02/zu-wem-gehoert/"
    )
    assert 'href="https://blog.example/impressum/"' in answers[0]


def test_someone_elses_request_does_not_rewrite_a_pending_subscriptions_proof(make_desk):
    desk = make_desk()
    subscribed(desk)  # Lea, on the German article
    (mail,) = desk.relay.wait(1)
    asked = desk.database.subscribers.by_email("lea@example.org")
    # Someone else, within the window, from another page, language and network:
    other = {**FORM, "lang": "en", "source": "/impressum/"}
    desk.client.post(
        "/kommentare/newsletter", data=other, environ_base={"REMOTE_ADDR": "192.0.2.9"}
    )
    assert desk.database.subscribers.by_email("lea@example.org") == asked
    assert len(desk.relay.mails) == 1
    assert desk.client.post(link_in(mail, "/kommentare/newsletter/bestaetigen")).status_code == 200
    row = desk.database.subscribers.by_email("lea@example.org")
    assert (row.lang, row.source, row.request_client) == (
        "de",
        FORM["source"],
        asked.request_client,
    )


def pause_until(moment: float) -> None:
    """Sleep until ``moment`` on the monotonic clock (at once if it has passed)."""
    time.sleep(max(0.0, moment - time.monotonic()))


def test_asking_again_later_renews_the_link_the_new_mail_promises(make_desk):
    """The second mail says its link is valid for the whole time again; the pending
    request lives as long (here seconds stand for the three days)."""
    desk = make_desk(confirm_max_age_seconds=6, resend_window_seconds=0)
    subscribed(desk)
    first = time.monotonic()  # the first request, and its link, are older
    desk.relay.wait(1)
    # Both pauses count from the first request, not from the step before: beside six
    # busy loops a request took up to 2.3 s, and a pause of 2 s after the second
    # request's mail left its link too little of its 4 s (it expired in 1 of 5 such
    # runs). Now she asks again 3 s after the first request, whose 6 s are over at
    # 6.2 s: the last two requests have 2.8 s before the second link's are over too.
    pause_until(first + 3)
    subscribed(desk, {**FORM, "lang": "en"})  # she asks again, on the English page
    second = desk.relay.wait(2)[1]
    assert second["Subject"] == "Please confirm your subscription to the newsletter of Hafenlicht"
    pause_until(first + 6.2)  # the first request's time is over, the second link's is not
    subscribed(desk, {**FORM, "email": "tom@example.org"})  # the intake deletes what expired
    done = desk.client.post(link_in(second, "/kommentare/newsletter/bestaetigen"))
    assert done.status_code == 200, page(done).get_text()
    assert page(done).h1.get_text() == "Thank you: you are subscribed"
    assert desk.database.subscribers.by_email("lea@example.org").lang == "en"


def test_after_unsubscribing_a_new_subscription_gets_its_mail_at_once(make_desk):
    desk = make_desk()  # the window: fifteen minutes
    confirmed(desk)
    off = page(desk.client.get(link_in(desk.relay.mails[0], "/kommentare/newsletter/bestaetigen")))
    link = off.select_one("a[href*=abmelden]")["href"].removeprefix("https://blog.example")
    assert page(one_click(desk, link)).get_text().count("Ihre Adresse wurde gelöscht") == 1
    # Nothing of the address is left, not even the note of the mail it got:
    with desk.database.connection() as connection:
        assert connection.execute("SELECT COUNT(*) FROM mail_log").fetchone()[0] == 0
    subscribed(desk)  # a minute later she changes her mind
    again = desk.relay.wait(2)[1]
    assert again["To"] == "lea@example.org"
    assert desk.client.post(link_in(again, "/kommentare/newsletter/bestaetigen")).status_code == 200


def test_the_mail_log_names_no_address(make_desk):
    desk = make_desk()
    subscribed(desk, {**FORM, "email": "Lea@Example.org"})
    desk.relay.wait(1)
    with desk.database.connection() as connection:
        (key,) = [row[0] for row in connection.execute("SELECT email_key FROM mail_log")]
    assert "lea" not in key.lower() and "@" not in key and len(key) == 32


# --- every page in the reader's language ---------------------------------------------------
ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}


def test_an_english_readers_second_click_is_answered_in_english(news_desk):
    desk = news_desk
    confirmed(desk, {**FORM, "lang": "en"})
    off = issue(desk)["List-Unsubscribe"].strip("<>").removeprefix("https://blog.example")
    assert page(one_click(desk, off)).html["lang"] == "en"
    for answer in (
        one_click(desk, off, **ENGLISH_BROWSER),
        desk.client.get(off, headers=ENGLISH_BROWSER),
    ):
        assert answer.status_code == 200 and page(answer).html["lang"] == "en"
        assert "This address does not receive the newsletter." in page(answer).get_text()


@pytest.mark.parametrize(
    ("path", "changes", "status", "said"),
    [
        ("bestaetigen", {"confirm_max_age_seconds": -1}, 410, "This link has expired."),
        ("bestaetigen", {}, 403, "This link is not valid."),  # forged
    ],
)
def test_a_dead_link_answers_in_the_browsers_language_and_leads_back_to_the_form(
    make_desk, path, changes, status, said
):
    desk = make_desk(**changes)
    subscribed(desk)
    link = link_in(desk.relay.wait(1)[0], "/kommentare/newsletter/bestaetigen")
    if status == 403:
        link = link[:-4] + "AAAA"
    for headers, lang in (
        (ENGLISH_BROWSER, "en"),
        ({"Accept-Language": "de-DE"}, "de"),
        ({}, "de"),
    ):
        answer = desk.client.get(link, headers=headers)
        assert answer.status_code == status and page(answer).html["lang"] == lang
    english = page(desk.client.post(link, headers=ENGLISH_BROWSER))
    assert said in english.get_text()
    back = english.select_one("a[href$='#newsletter-title-footer']")
    assert back.get_text() == "To the newsletter form"
    assert back["href"] == "https://blog.example/#newsletter-title-footer"
    german = page(desk.client.post(link))
    assert german.select_one("a[href$='#newsletter-title-footer']").get_text() == (
        "Zum Newsletter-Formular"
    )


def test_a_previews_link_says_so_in_the_readers_language(make_desk):
    desk = make_desk()
    preview = make_token(desk.app.link_secret, "newsletter-off", "preview", "preview")
    german = one_click(desk, f"/kommentare/newsletter/abmelden/{preview}")
    assert "Das war eine Vorschau." in page(german).get_text()
    english = one_click(desk, f"/kommentare/newsletter/abmelden/{preview}", **ENGLISH_BROWSER)
    assert "This was a preview." in page(english).get_text()


def test_an_issue_without_articles_has_a_german_subject_and_english_dates_are_british(news_desk):
    from intake.newsletter import IssueMail, Recipient

    desk = news_desk
    mail = IssueMail(desk.app.readers.site)
    empty = mail.message("preview", [], Recipient("preview", "x@example.org", "de", "preview", ""))
    assert empty["Subject"] == "Hafenlicht: der Newsletter"
    confirmed(desk, {**FORM, "lang": "en"})
    sent = issue(desk)
    # The days as the fixture and the confirmation stored them, not as the clock reads
    # now: a run across midnight (UTC) would otherwise expect the next day.
    day = datetime.fromisoformat(json.loads(desk.manifest.read_text())["articles"]["new"]["date"])
    since = datetime.fromisoformat(desk.database.subscribers.by_email("lea@example.org").confirmed)
    text = text_of(sent)
    assert f"{day.day} {day:%B} {day.year}" in text  # as the site: "6 December 2026"
    assert f"confirmed it on {since.day} {since:%B} {since.year}" in text
    assert f"{day:%B} {day.day}, {day.year}" not in text


# --- what expires goes, whether or not anybody posts --------------------------------------
def test_what_was_not_confirmed_in_time_is_deleted_without_any_further_request(make_desk, form):
    """The mails promise it: an unconfirmed address is deleted when its link expires
    (seconds stand for the three days), a "Meine Kommentare" request when its link does.
    The intake's own round deletes them; nobody posts a form again."""
    # The rows must still be there when they are counted after the three requests and
    # their mails: 0.4-3.1 s beside six busy loops, too close to a life of 4 s.
    desk = make_desk(
        rate_limit=0, confirm_max_age_seconds=8, data_link_max_age_seconds=8, reply_check_seconds=1
    )
    subscribed(desk)
    asked = {**form, "notify": "yes", "email": "lea@example.org"}
    assert desk.client.post("/kommentare/neu", data=asked).status_code == 303
    desk.client.post("/kommentare/meine-daten", data={"email": "lea@example.org", "lang": "de"})
    desk.relay.wait(3)
    database = desk.database

    def left() -> dict:
        with database.connection() as connection:
            return {
                table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("subscribers", "reply_subscriptions", "data_requests")
            }

    assert left() == {"subscribers": 1, "reply_subscriptions": 1, "data_requests": 1}
    wait_for(lambda: not any(left().values()), 20, "the expired rows to be deleted")
    assert len(database.comments.rows()) == 1  # the comment itself stays
