"""Reply notifications as a reader meets them: ticked under the comment form, confirmed
by the link of a mail, told of published replies, stopped with one click (also with the
link of an old notice, and with what still waits for its confirmation), and ended with
the comment a reader deletes; through the real intake (WSGI app, a real SQLite file, a
local relay)."""

import pytest
from bs4 import BeautifulSoup

from intake.reader_links import make_token, read_token
from intake.store import NewComment
from mail_relay import text_of
from tests.intake.readers_intake import ARTICLES, PUBLIC, link_in, one_click

ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}
WHO_OWNS = {
    **ARTICLES["zu-wem-gehoert"],
    "url": "en/2026/02/who-owns/",
    "title": "Who owns it?",
    "lang": "en",
}
CONFIRM = "/kommentare/antworten/bestaetigen"
OFF = "/kommentare/antworten/abmelden"
EVERY = "/kommentare/antworten/alle-abmelden"
LISTED = {"zu-wem-gehoert": ARTICLES["zu-wem-gehoert"], "who-owns": WHO_OWNS}
STOPPED = "Benachrichtigungen zu diesem Gespräch beendet"
STOPPED_ALL = "Alle Benachrichtigungen bei Antworten beendet"


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def said(response) -> str:
    """The text a reader reads on the page, its lines and spaces as one line."""
    return " ".join(page(response).get_text(" ").split())


def commented(desk, form, text: str, article: str = "zu-wem-gehoert", **more) -> str:
    """A comment sent with the form, "Notify me of replies" ticked; its id."""
    data = {**form, "article": article, "text": text, "notify": "yes", **more}
    answer = desk.client.post("/kommentare/neu", data=data)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    (row,) = [row for row in desk.database.comments.rows() if row.text == text]
    return row.id


def mails_settled(desk) -> list:
    """The mails, once every mail the intake began has reached the relay."""
    desk.app.readers.site.relay.finish()
    return desk.relay.mails


def replied_and_published(desk, *own: str) -> list[str]:
    """Tom replies to each of ``own``; his replies are approved and live."""
    desk.database.comments.set_state(list(own), "approved")
    replies = [
        desk.database.comments.add(
            NewComment(
                "zu-wem-gehoert", "Tom", f"Antwort an {parent}", "tom@example.org", reply_to=parent
            )
        )
        for parent in own
    ]
    desk.database.comments.set_state(replies, "approved")
    listed = {**ARTICLES["zu-wem-gehoert"], "comments": [*own, *replies]}
    desk.publish({"zu-wem-gehoert": listed, "who-owns": WHO_OWNS})
    return replies


def test_every_comment_a_reader_ticks_is_covered_by_one_confirmation(make_desk, form):
    desk = make_desk(rate_limit=0)
    first = commented(desk, form, "Erster Gedanke dazu.")
    (ask,) = desk.relay.wait(1)
    second = commented(desk, form, "Und noch ein zweiter.")  # within the quarter hour
    assert len(mails_settled(desk)) == 1  # the first mail's link covers it
    assert desk.client.post(link_in(ask, CONFIRM)).status_code == 200
    states = {s.comment: s.state for s in desk.database.reply_subscriptions.of_email(form["email"])}
    assert states == {first: "confirmed", second: "confirmed"}
    # Once the address is confirmed, the next ticked comment needs no mail at all.
    third = commented(desk, form, "Ein dritter, später.")
    assert len(mails_settled(desk)) == 1
    replies = replied_and_published(desk, second, third)
    assert desk.app.readers.replies.check() == 2  # one mail per thread
    told = "\n".join(text_of(mail) for mail in desk.relay.mails[1:])
    assert all(f"#comment-{reply}" in told for reply in replies)


def test_a_reader_who_stopped_every_notification_gets_the_mail_of_a_new_request(make_desk, form):
    desk = make_desk(rate_limit=0)
    own = commented(desk, form, "Erster Gedanke dazu.")
    desk.client.post(link_in(desk.relay.wait(1)[0], CONFIRM))
    replied_and_published(desk, own)
    assert desk.app.readers.replies.check() == 1
    every = link_in(desk.relay.wait(2)[1], "/kommentare/antworten/alle-abmelden")
    assert desk.client.post(every).status_code == 200
    assert desk.database.reply_subscriptions.of_email(form["email"]) == []
    commented(desk, form, "Doch wieder dabei.")  # minutes later: a new request
    asked = desk.relay.wait(3)[2]
    assert asked["To"] == form["email"] and CONFIRM in text_of(asked)


def test_an_english_reader_stops_notifications_in_english_also_the_second_time(make_desk, form):
    desk = make_desk(rate_limit=0, articles={**ARTICLES, "who-owns": WHO_OWNS})
    own = commented(desk, form, "A thought on ownership.", article="who-owns")
    (ask,) = desk.relay.wait(1)
    assert ask["Subject"] == "Please confirm: replies to your comment on Hafenlicht"
    desk.client.post(link_in(ask, CONFIRM))
    desk.database.comments.set_state([own], "approved")
    reply = desk.database.comments.add(
        NewComment("who-owns", "Tom", "A reply.", "tom@example.org", reply_to=own)
    )
    desk.database.comments.set_state([reply], "approved")
    desk.publish({"who-owns": {**WHO_OWNS, "comments": [own, reply]}})
    assert desk.app.readers.replies.check() == 1
    notice = desk.relay.wait(2)[1]
    off = notice["List-Unsubscribe"].strip("<>").removeprefix("https://blog.example")
    every = link_in(notice, "/kommentare/antworten/alle-abmelden")
    done = desk.client.post(off, data="List-Unsubscribe=One-Click", headers=ENGLISH_BROWSER)
    assert page(done).h1.get_text() == "Notifications about this conversation stopped"
    ended = "You will get no more e-mails about replies in the conversation under “Who owns it?”."
    assert ended in said(done) and "continue" not in said(done)  # she has no other one
    # Clicked again, or the other link afterwards: each page says what its link ended.
    again = desk.client.post(off, headers=ENGLISH_BROWSER)
    assert again.status_code == 200 and page(again).html["lang"] == "en"
    assert page(again).h1.get_text() == "Notifications about this conversation stopped"
    assert ended in said(again)
    asked = desk.client.get(off, headers=ENGLISH_BROWSER)
    assert asked.status_code == 200 and page(asked).html["lang"] == "en"
    assert "No notifications about this conversation are on: nothing was changed." in said(asked)
    again = desk.client.post(every, headers=ENGLISH_BROWSER)
    assert again.status_code == 200 and page(again).html["lang"] == "en"
    assert page(again).h1.get_text() == "All notifications of replies stopped"
    asked = desk.client.get(every, headers=ENGLISH_BROWSER)
    assert asked.status_code == 200 and page(asked).html["lang"] == "en"
    assert "There are no notifications to stop." in said(asked)


# What each page and mail says ended and what goes on, in the reader's language.
SAID = {
    "de": {
        "article": "zu-wem-gehoert",
        "headers": {},
        "not asked": "Wenn Sie das nicht angefordert haben, tun Sie nichts: Ohne Ihre "
        "Bestätigung schicken wir an diese Adresse keine Benachrichtigungen bei Antworten.",
        "confirms more": "Damit bestätigen Sie auch die Benachrichtigungen, die Sie unter "
        "einem weiteren Kommentar angefordert haben.",
        "on for more": "Auch für einen weiteren Kommentar von Ihnen sind Benachrichtigungen "
        "eingeschaltet.",
        "why": "Sie bekommen diese E-Mail, weil Sie sie unter Ihrem Kommentar angefordert "
        "und Ihre E-Mail-Adresse bestätigt haben.",
        "asks": "Keine Benachrichtigungen mehr zum Gespräch unter „Zu wem gehört?“.",
        "stopped": STOPPED,
        "ended": "Sie bekommen keine E-Mails mehr zu Antworten im Gespräch unter „Zu wem gehört?“.",
        "goes on": "Ihre Benachrichtigungen zu einem anderen Gespräch laufen weiter.",
        "stop all": "Alle Benachrichtigungen bei Antworten beenden",
        "stopped all": STOPPED_ALL,
        "all ended": "Sie bekommen keine E-Mails mehr zu Antworten auf Ihre Kommentare; "
        "auch Anfragen, die noch auf Ihre Bestätigung warteten, sind beendet.",
        "old claim": "Sie bekommen keine E-Mails zu Antworten mehr.",
    },
    "en": {
        "article": "who-owns",
        "headers": ENGLISH_BROWSER,
        "not asked": "If you did not ask for it, do nothing: without your confirmation we "
        "send this address no notifications of replies.",
        "confirms more": "This also confirms the notifications you asked for under one "
        "other comment.",
        "on for more": "Notifications are on for one other comment of yours too.",
        "why": "You get this e-mail because you asked for it under your comment and "
        "confirmed your e-mail address.",
        "asks": "No more notifications about the conversation under “Who owns it?”.",
        "stopped": "Notifications about this conversation stopped",
        "ended": "You will get no more e-mails about replies in the conversation under "
        "“Who owns it?”.",
        "goes on": "Your notifications about one other conversation continue.",
        "stop all": "Stop all notifications of replies",
        "stopped all": "All notifications of replies stopped",
        "all ended": "You will get no more e-mails about replies to any of your comments; "
        "requests still waiting for your confirmation have ended too.",
        "old claim": "You will get no more e-mails about replies.",
    },
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_confirmation_says_what_it_confirms_beside_the_comment_it_names(make_desk, form, lang):
    texts = SAID[lang]
    desk = make_desk(rate_limit=0, articles={**ARTICLES, "who-owns": WHO_OWNS})
    commented(desk, form, "Erster Gedanke dazu.", article=texts["article"])
    (ask,) = desk.relay.wait(1)
    assert texts["not asked"] in " ".join(text_of(ask).split())
    commented(desk, form, "Und noch ein zweiter.", article=texts["article"])  # no mail
    confirm = link_in(ask, CONFIRM)
    asked = desk.client.get(confirm, headers=texts["headers"])
    assert page(asked).html["lang"] == lang and texts["confirms more"] in said(asked)
    confirmed = desk.client.post(confirm, headers=texts["headers"])
    assert texts["on for more"] in said(confirmed)
    states = [s.state for s in desk.database.reply_subscriptions.of_email(form["email"])]
    assert states == ["confirmed", "confirmed"]


@pytest.mark.parametrize(
    ("seconds", "lang", "promise"),
    [
        (3600, "de", "„Zu wem gehört?“ veröffentlicht wird, höchstens eine pro Stunde."),
        (1800, "de", "„Zu wem gehört?“ veröffentlicht wird, höchstens eine alle 30 Minuten."),
        (7200, "en", "on “Who owns it?” is published, at most one every 2 hours."),
        # Not "2 Stunden", as rounding to the largest unit said: that promised fewer mails.
        (5400, "de", "„Zu wem gehört?“ veröffentlicht wird, höchstens eine alle 90 Minuten."),
        (60, "en", "on “Who owns it?” is published, at most one a minute."),
        (0, "de", "„Zu wem gehört?“ veröffentlicht wird, eine je Antwort."),  # no interval
    ],
)
def test_the_confirmed_page_promises_the_interval_the_intake_keeps(
    make_desk, form, seconds, lang, promise
):
    # READERS_REPLY_INTERVAL_SECONDS, not a fixed hour.
    texts = SAID[lang]
    desk = make_desk(reply_interval_seconds=seconds, articles={**ARTICLES, "who-owns": WHO_OWNS})
    commented(desk, form, "Erster Gedanke dazu.", article=texts["article"])
    confirmed = desk.client.post(link_in(desk.relay.wait(1)[0], CONFIRM), headers=texts["headers"])
    assert promise in said(confirmed)


def test_a_refused_form_shown_again_promises_the_interval_the_intake_keeps(make_desk, form):
    desk = make_desk(reply_interval_seconds=1800)
    refused = desk.client.post("/kommentare/neu", data={**form, "notify": "yes", "answer": "5"})
    assert refused.status_code == 400
    notify = page(refused).select_one(".comment-form__notify")
    assert notify.select_one("input#notify").has_attr("checked")  # as the reader left it
    assert "höchstens eine alle 30 Minuten; mit einem Klick abbestellt" in notify.get_text()


def confirmed_then_two_replies(desk, form) -> tuple[str, list[int]]:
    """A reader confirms notifications for her comment; Tom's reply and then Ina's go
    live, each followed by the intake's round. The confirmed page's text, and the mails
    each round sent."""
    own = commented(desk, form, "Erster Gedanke dazu.")
    confirmed = said(desk.client.post(link_in(desk.relay.wait(1)[0], CONFIRM)))
    (first,) = replied_and_published(desk, own)
    sent = [desk.app.readers.replies.check()]
    replied_live(desk, own, [own, first], author="Ina")
    sent.append(desk.app.readers.replies.check())
    return confirmed, sent


def test_the_intake_keeps_the_interval_the_site_promises_not_its_own(make_desk, form, caplog):
    # The pages were built with READERS_REPLY_INTERVAL_SECONDS = 0 ("eine je Antwort");
    # the intake's environment left it at an hour. The build writes its value into the
    # list of articles, and the intake keeps that promise (and says that they differ).
    desk = make_desk(
        rate_limit=0, reply_interval_seconds=3600, promises={"reply_interval_seconds": 0}
    )
    confirmed, sent = confirmed_then_two_replies(desk, form)
    assert "eine je Antwort" in confirmed
    assert sent == [1, 1]  # the second within the intake's own hour
    assert len(desk.relay.wait(3)) == 3
    told = [
        r.getMessage() for r in caplog.records if "Keeping the site's promise" in r.getMessage()
    ]
    assert len(told) == 1 and "every 0 s" in told[0] and "is 3600 s" in told[0]


def test_a_list_of_articles_without_the_promise_leaves_the_intakes_own_interval(make_desk, form):
    # A list written by a build before the promise was in it.
    desk = make_desk(rate_limit=0, reply_interval_seconds=3600)
    confirmed, sent = confirmed_then_two_replies(desk, form)
    assert "höchstens eine pro Stunde" in confirmed
    assert sent == [1, 0]


def test_a_refused_form_promises_the_interval_of_the_site(make_desk, form):
    desk = make_desk(reply_interval_seconds=3600, promises={"reply_interval_seconds": 1800})
    refused = desk.client.post("/kommentare/neu", data={**form, "notify": "yes", "answer": "5"})
    notify = page(refused).select_one(".comment-form__notify")
    assert "höchstens eine alle 30 Minuten; mit einem Klick abbestellt" in notify.get_text()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_stopping_one_conversation_names_it_and_says_that_the_others_go_on(make_desk, form, lang):
    texts = SAID[lang]
    article = texts["article"]
    desk = make_desk(rate_limit=0, articles={**ARTICLES, "who-owns": WHO_OWNS})
    own = commented(desk, form, "Erster Gedanke dazu.", article=article)
    elsewhere = commented(desk, form, "Ein anderer Gedanke.", article=article)  # its own thread
    desk.client.post(link_in(desk.relay.wait(1)[0], CONFIRM))
    replied_live(desk, own, [own, elsewhere], article=article)
    assert desk.app.readers.replies.check() == 1
    notice = desk.relay.wait(2)[1]
    assert texts["why"] in " ".join(text_of(notice).split())
    off = conversation_link(notice)
    asked = desk.client.get(off, headers=texts["headers"])
    assert texts["asks"] in said(asked) and texts["goes on"] in said(asked)
    done = one_click(desk, off, **texts["headers"])
    assert page(done).html["lang"] == lang and page(done).h1.get_text() == texts["stopped"]
    assert texts["ended"] in said(done) and texts["goes on"] in said(done)
    assert texts["old claim"] not in said(done)
    every_on_page = page(done).find("a", string=texts["stop all"])["href"].removeprefix(PUBLIC)
    assert every_on_page.startswith(f"{EVERY}/")
    assert [s.comment for s in desk.database.reply_subscriptions.of_email(form["email"])] == [
        elsewhere
    ]
    # The page's link ends the rest, as the mail's does.
    done = one_click(desk, every_on_page, **texts["headers"])
    assert page(done).h1.get_text() == texts["stopped all"]
    assert texts["all ended"] in said(done) and texts["goes on"] not in said(done)
    assert desk.database.reply_subscriptions.of_email(form["email"]) == []


def test_a_comment_the_reader_deletes_takes_its_notifications_along(make_desk, form):
    desk = make_desk(rate_limit=0)
    own = commented(desk, form, "Das nehme ich zurück.")
    kept = commented(desk, form, "Das bleibt stehen.")
    desk.client.post(link_in(desk.relay.wait(1)[0], CONFIRM))
    desk.client.post("/kommentare/meine-daten", data={"email": form["email"], "lang": "de"})
    mine = link_in(desk.relay.wait(2)[1], "/kommentare/meine-daten")
    assert desk.client.post(mine, data={"delete": own}).status_code == 200
    assert [s.comment for s in desk.database.reply_subscriptions.of_email(form["email"])] == [kept]
    export = desk.client.get(f"{mine}/export").get_json()
    assert [s["comment"] for s in export["reply_notifications"]] == [kept]


# --- the links of an old notice, and what waits for its confirmation ----------------------
def conversation_link(notice) -> str:
    """The path of a notice's "no more mails about this conversation" link, as its
    List-Unsubscribe header names it."""
    return notice["List-Unsubscribe"].strip("<>").removeprefix(PUBLIC)


def replied_live(
    desk, parent: str, listed: list[str], author: str = "Ina", article: str = "zu-wem-gehoert"
) -> str:
    """A reply to ``parent``, approved and published with the comments ``listed``."""
    desk.database.comments.set_state([parent], "approved")
    reply = desk.database.comments.add(
        NewComment(article, author, f"{author} antwortet.", "ina@example.org", reply_to=parent)
    )
    desk.database.comments.set_state([reply], "approved")
    desk.publish({article: {**LISTED[article], "comments": [*listed, reply]}})
    return reply


def test_an_old_notices_link_ends_the_subscription_the_reader_has_now_in_its_thread(
    make_desk, form
):
    desk = make_desk(rate_limit=0, reply_interval_seconds=0)
    subscriptions = desk.database.reply_subscriptions
    own = commented(desk, form, "Erster Gedanke dazu.")
    elsewhere = commented(desk, form, "Ein anderer Gedanke.")  # a thread of its own
    desk.client.post(link_in(desk.relay.wait(1)[0], CONFIRM))
    (tom,) = replied_and_published(desk, own)
    assert desk.app.readers.replies.check() == 1
    off = conversation_link(desk.relay.wait(2)[1])
    assert page(one_click(desk, off)).h1.get_text() == STOPPED
    # She answers Tom in the same thread and asks again; the address confirmed before
    # (her other thread goes on), so the new subscription is on at once.
    again = commented(desk, form, "Noch eine Antwort an Tom.", reply_to=tom)
    states = {s.comment: s.state for s in subscriptions.of_email(form["email"])}
    assert states == {elsewhere: "confirmed", again: "confirmed"}
    # Later, the old notice's link: its page asks for this thread, its POST ends it.
    asked = desk.client.get(off)
    assert asked.status_code == 200 and page(asked).select("form[method=post]")
    assert "Zu wem gehört?" in page(asked).get_text()
    done = one_click(desk, off)
    assert done.status_code == 200 and page(done).h1.get_text() == STOPPED
    assert [s.comment for s in subscriptions.of_email(form["email"])] == [elsewhere]
    replied_live(desk, again, [own, tom, again])
    assert desk.app.readers.replies.check() == 0 and len(desk.relay.mails) == 2


def test_a_link_mailed_before_that_named_an_ended_subscription_says_so_and_changes_nothing(
    make_desk, form
):
    """Notices mailed before their link named the address named the subscription's row:
    while it lives, the link stops its thread as it always did; once the row is gone, the
    address cannot be known from it."""
    desk = make_desk(rate_limit=0, reply_interval_seconds=0)
    subscriptions = desk.database.reply_subscriptions
    own = commented(desk, form, "Erster Gedanke dazu.")
    desk.client.post(link_in(desk.relay.wait(1)[0], CONFIRM))
    (row,) = subscriptions.of_email(form["email"])
    earlier = f"{OFF}/" + make_token(desk.app.link_secret, "replies-off", row.id, row.nonce)
    assert page(desk.client.get(earlier)).select("form[method=post]")
    assert page(one_click(desk, earlier)).h1.get_text() == STOPPED
    assert subscriptions.of_email(form["email"]) == []
    (tom,) = replied_and_published(desk, own)
    again = commented(desk, form, "Doch wieder dabei.", reply_to=tom)
    desk.client.post(link_in(desk.relay.wait(2)[1], CONFIRM))
    for answer in (desk.client.get(earlier), one_click(desk, earlier)):
        assert answer.status_code == 200
        text = page(answer).get_text(" ")
        assert "früheren" in text and "neuesten" in text, text
        assert page(answer).h1.get_text() != STOPPED and page(answer).select("form") == []
    assert [(s.comment, s.state) for s in subscriptions.of_email(form["email"])] == [
        (again, "confirmed")
    ]
    reply = replied_live(desk, again, [own, tom, again])
    assert desk.app.readers.replies.check() == 1  # the subscription goes on, truthfully
    assert f"#comment-{reply}" in text_of(desk.relay.mails[-1])


def test_stopping_every_notification_ends_the_requests_still_waiting_for_confirmation(
    make_desk, form
):
    desk = make_desk(rate_limit=0, reply_interval_seconds=0)
    subscriptions = desk.database.reply_subscriptions
    own = commented(desk, form, "Erster Gedanke dazu.")
    desk.client.post(link_in(desk.relay.wait(1)[0], CONFIRM))
    (tom,) = replied_and_published(desk, own)
    assert desk.app.readers.replies.check() == 1
    notice = desk.relay.wait(2)[1]
    every = link_in(notice, EVERY)
    one_click(desk, conversation_link(notice))  # that thread is stopped
    waiting = commented(desk, form, "Ein neuer Gedanke.")  # she asks under a new comment
    ask = desk.relay.wait(3)[2]
    assert [s.state for s in subscriptions.of_email(form["email"])] == ["pending"]
    # Then she says "no more mails about any of your comments", in the old notice:
    asked = desk.client.get(every)
    assert asked.status_code == 200 and page(asked).select("form[method=post]")
    assert page(one_click(desk, every)).h1.get_text() == STOPPED_ALL
    assert subscriptions.of_email(form["email"]) == []
    # The mail that asked is opened afterwards: its link confirms nothing, no notice comes.
    late = desk.client.post(link_in(ask, CONFIRM))
    assert late.status_code == 410
    replied_live(desk, waiting, [own, tom, waiting])
    assert desk.app.readers.replies.check() == 0 and len(desk.relay.mails) == 3


@pytest.mark.parametrize(
    ("path", "made"),
    [
        (OFF, "tampered"),
        (OFF, "signed with another secret"),
        (OFF, "the every-thread link's purpose"),
        (OFF, "the newsletter's purpose"),
        (OFF, "the confirmation link"),  # replayed on another address
        (EVERY, "the conversation link"),
    ],
)
def test_forged_tampered_and_replayed_unsubscribe_links_change_nothing(make_desk, form, path, made):
    desk = make_desk(rate_limit=0)
    own = commented(desk, form, "Erster Gedanke dazu.")
    (ask,) = desk.relay.wait(1)
    desk.client.post(link_in(ask, CONFIRM))
    replied_and_published(desk, own)
    assert desk.app.readers.replies.check() == 1
    token = conversation_link(desk.relay.wait(2)[1]).rsplit("/", 1)[1]
    secret = desk.app.link_secret
    link = read_token(secret, "replies-off", token, None)
    tokens = {
        "tampered": token[:-4] + ("BBBB" if token.endswith("AAAA") else "AAAA"),
        "signed with another secret": make_token(
            "ein-anderes-geheimnis", "replies-off", link.subject, link.nonce
        ),
        "the every-thread link's purpose": make_token(
            secret, "replies-off-all", link.subject, link.nonce
        ),
        "the newsletter's purpose": make_token(secret, "newsletter-off", link.subject, link.nonce),
        "the confirmation link": link_in(ask, CONFIRM).rsplit("/", 1)[1],
        "the conversation link": token,
    }
    for answer in (
        desk.client.get(f"{path}/{tokens[made]}"),
        one_click(desk, f"{path}/{tokens[made]}"),
    ):
        assert answer.status_code == 403
    assert [s.state for s in desk.database.reply_subscriptions.of_email(form["email"])] == [
        "confirmed"
    ]
