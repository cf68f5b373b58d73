"""Reply notifications as a reader meets them: ticked under the comment form, confirmed
by the link of a mail, told of published replies, stopped with one click (also what still
waits for its confirmation), and ended with the comment a reader deletes; through the real
intake (WSGI app, a real SQLite file, a local relay)."""

from bs4 import BeautifulSoup

from intake.store import NewComment
from mail_relay import text_of
from tests.intake.readers_intake import ARTICLES, PUBLIC, link_in

ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}
WHO_OWNS = {
    **ARTICLES["zu-wem-gehoert"],
    "url": "en/2026/02/who-owns/",
    "title": "Who owns it?",
    "lang": "en",
}
CONFIRM = "/kommentare/antworten/bestaetigen"
EVERY = "/kommentare/antworten/alle-abmelden"
STOPPED = "Benachrichtigungen beendet"


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


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
    assert page(done).h1.get_text() == "Notifications stopped"
    for link in (off, every):  # clicked again, or the other link afterwards
        again = desk.client.post(link, headers=ENGLISH_BROWSER)
        assert again.status_code == 200 and page(again).html["lang"] == "en"
        assert page(again).h1.get_text() == "Notifications stopped"
        asked = desk.client.get(link, headers=ENGLISH_BROWSER)
        assert asked.status_code == 200 and page(asked).html["lang"] == "en"
        assert "There are no notifications to stop." in page(asked).get_text()


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


# --- what waits for its confirmation ---------------------------------------------------
def one_click(desk, link: str, **headers):
    """The POST of RFC 8058, as a mail program sends it (no cookie, no form token)."""
    return desk.client.post(
        link,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )


def conversation_link(notice) -> str:
    """The path of a notice's "no more mails about this conversation" link, as its
    List-Unsubscribe header names it."""
    return notice["List-Unsubscribe"].strip("<>").removeprefix(PUBLIC)


def replied_live(desk, parent: str, listed: list[str], author: str = "Ina") -> str:
    """A reply to ``parent``, approved and published with the comments ``listed``."""
    desk.database.comments.set_state([parent], "approved")
    reply = desk.database.comments.add(
        NewComment(
            "zu-wem-gehoert", author, f"{author} antwortet.", "ina@example.org", reply_to=parent
        )
    )
    desk.database.comments.set_state([reply], "approved")
    desk.publish({"zu-wem-gehoert": {**ARTICLES["zu-wem-gehoert"], "comments": [*listed, reply]}})
    return reply


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
    assert page(one_click(desk, every)).h1.get_text() == STOPPED
    assert subscriptions.of_email(form["email"]) == []
    # The mail that asked is opened afterwards: its link confirms nothing, no notice comes.
    late = desk.client.post(link_in(ask, CONFIRM))
    assert late.status_code == 410
    replied_live(desk, waiting, [own, tom, waiting])
    assert desk.app.readers.replies.check() == 0 and len(desk.relay.mails) == 3
