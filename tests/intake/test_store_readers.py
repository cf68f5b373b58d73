"""The readers' tables of the queue (issue 34) on SQLite and PostgreSQL: subscribers and
their proof, the newsletter's issues and deliveries, reply subscriptions, reports, the
"Meine Kommentare" links and the throttle of forms and mails (the queue on both backends:
the ``database`` fixture of tests/intake/conftest.py)."""

from datetime import timedelta

import pytest

from comments.model import State
from intake.store import NewComment
from intake.store.issues import DOUBT, PENDING, SENDING, SENT
from tests.intake.test_store import at_once


def test_one_row_per_address_whatever_its_spelling(database):
    first = database.subscribers.request("Lea@Example.org ", "de", "/", "hash-1")
    again = database.subscribers.request("lea@example.org", "en", "/2025/", "hash-2")
    assert again == first  # a request that mails nothing rewrites nothing of the proof
    assert database.subscribers.counts() == {"pending": 1, "confirmed": 0}


def test_a_pending_row_is_renewed_with_the_request_its_new_mail_answers(database):
    first = database.subscribers.request("Lea@Example.org ", "de", "/", "hash-1")
    renewed = database.subscribers.renew(first.id, "en", "/2025/", "hash-2")
    assert (renewed.email, renewed.lang, renewed.source, renewed.request_client) == (
        "Lea@Example.org",
        "en",
        "/2025/",
        "hash-2",
    )
    assert renewed.requested > first.requested  # it lives as long as the new link
    assert (renewed.id, renewed.nonce) == (first.id, first.nonce)  # every link confirms it
    confirmed = database.subscribers.confirm(first.id, first.nonce, "hash-3")
    assert database.subscribers.renew(first.id, "de", "/", "hash-4") is None
    assert database.subscribers.get(first.id) == confirmed  # a confirmed proof stays


def test_confirming_keeps_the_first_proof_and_needs_the_rows_nonce(database):
    row = database.subscribers.request("lea@example.org", "de", "/", "hash-1")
    assert database.subscribers.confirm(row.id, "another-nonce", "hash-2") is None
    confirmed = database.subscribers.confirm(row.id, row.nonce, "hash-2")
    assert confirmed.state == "confirmed" and confirmed.confirm_client == "hash-2"
    assert confirmed.confirmed > confirmed.requested
    again = database.subscribers.confirm(row.id, row.nonce, "hash-3")
    assert (again.confirmed, again.confirm_client) == (confirmed.confirmed, "hash-2")
    # A request for a confirmed address changes neither its language nor its proof.
    database.subscribers.request("lea@example.org", "en", "/x/", "hash-4")
    assert database.subscribers.get(row.id) == again


def test_a_removed_address_starts_again_with_a_new_nonce(database):
    row = database.subscribers.request("lea@example.org", "de", "/", "h")
    assert database.subscribers.remove(row.id)
    assert not database.subscribers.remove(row.id)
    new = database.subscribers.request("lea@example.org", "de", "/", "h")
    assert (new.id, new.nonce) != (row.id, row.nonce)
    assert database.subscribers.confirm(row.id, row.nonce, "h") is None


def test_unconfirmed_rows_are_forgotten_confirmed_ones_are_not(database):
    pending = database.subscribers.request("a@example.org", "de", "/", "h")
    kept = database.subscribers.request("b@example.org", "de", "/", "h")
    database.subscribers.confirm(kept.id, kept.nonce, "h")
    assert database.subscribers.forget_unconfirmed(timedelta(days=3)) == 0
    assert database.subscribers.forget_unconfirmed(timedelta(seconds=-1)) == 1
    assert database.subscribers.get(pending.id) is None
    assert [s.email for s in database.subscribers.confirmed()] == ["b@example.org"]


def test_many_requests_for_one_address_at_once_make_one_row(database):
    rows = at_once(8, lambda n: database.subscribers.request("lea@example.org", "de", "/", f"{n}"))
    assert len({row.id for row in rows}) == 1
    assert database.subscribers.counts()["pending"] == 1


def test_a_mail_to_an_address_waits_for_its_window(database):
    window = timedelta(minutes=15)
    assert database.throttle.take_mail("Lea@example.org", "newsletter-confirm", window)
    assert not database.throttle.take_mail("lea@example.org", "newsletter-confirm", window)
    assert database.throttle.take_mail("lea@example.org", "my-data", window)  # another kind
    assert database.throttle.take_mail("lea@example.org", "newsletter-confirm", timedelta(0))
    database.throttle.forget_mail("lea@example.org")
    assert database.throttle.take_mail("lea@example.org", "my-data", window)


def test_only_one_of_many_simultaneous_mails_passes_the_window(database):
    passed = at_once(
        8, lambda n: database.throttle.take_mail("a@b.example", "x", timedelta(hours=1))
    )
    assert passed.count(True) == 1


def test_forms_are_counted_per_client_and_form(database):
    window = timedelta(minutes=10)
    assert [database.throttle.take_post("c1", "newsletter", 2, window) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert database.throttle.take_post("c1", "report", 2, window)
    assert database.throttle.take_post("c2", "newsletter", 2, window)
    assert database.throttle.take_post("c1", "newsletter", 0, window)  # 0: no limit


def test_an_issue_is_claimed_delivery_by_delivery_and_closed_when_none_is_open(database):
    issue, new = database.issues.create([{"slug": "a", "title": "A"}], "manual", ["s2", "s1"])
    assert new
    assert database.issues.unfinished() == issue and issue.slugs == {"a"}
    assert database.issues.claim(issue.id) == "s1"
    assert database.issues.counts(issue.id) == {SENDING: 1, PENDING: 1}
    assert not database.issues.finish(issue.id)
    database.issues.settle(issue.id, "s1", SENT)
    assert database.issues.claim(issue.id) == "s2"
    assert database.issues.in_doubt(issue.id) == 1  # a sender stopped while handing it over
    assert database.issues.claim(issue.id) is None
    assert database.issues.finish(issue.id)
    assert database.issues.unfinished() is None
    assert database.issues.counts(issue.id) == {SENT: 1, DOUBT: 1}
    assert database.issues.sent_slugs() == {"a"}
    assert database.issues.deliveries_of("s2")[0][:2] == (issue.id, DOUBT)


def test_no_delivery_is_claimed_twice_by_senders_at_once(database):
    issue, _new = database.issues.create([], "manual", [f"s{n:02d}" for n in range(40)])
    claimed = []

    def work(_number):
        while (subscriber := database.issues.claim(issue.id)) is not None:
            claimed.append(subscriber)

    at_once(4, work)
    assert sorted(claimed) == [f"s{n:02d}" for n in range(40)]


def test_senders_that_planned_at_once_make_one_issue_and_never_repeat_an_article(database):
    """Both planned articles a and b before either made its issue."""
    planned = [{"slug": "a", "title": "A"}, {"slug": "b", "title": "B"}]
    made = at_once(4, lambda _n: database.issues.create(planned, "manual", ["s1"]))
    assert sorted(new for _issue, new in made) == [False, False, False, True]
    assert len({issue.id for issue, _new in made}) == 1  # the others go on with it
    (issue, _new) = made[0]
    database.issues.settle(issue.id, database.issues.claim(issue.id), SENT)
    assert database.issues.finish(issue.id)
    assert database.issues.create(planned, "manual", ["s1"]) == (None, False)
    later = [*planned, {"slug": "c", "title": "C"}]
    (newer, new) = database.issues.create(later, "manual", ["s1"])
    assert new and newer.slugs == {"c"}


def test_a_reply_is_noted_once_for_a_subscription(database):
    subscription = database.reply_subscriptions.request("c1", "a", "Lea@example.org", "de", "h")
    assert database.reply_subscriptions.confirm(subscription.id, "wrong", "h") is None
    database.reply_subscriptions.confirm(subscription.id, subscription.nonce, "h2")
    assert database.reply_subscriptions.note(subscription.id, ["r1", "r2"]) == ["r1", "r2"]
    assert database.reply_subscriptions.note(subscription.id, ["r2", "r3"]) == ["r3"]
    assert database.reply_subscriptions.noticed(subscription.id) == {"r1", "r2", "r3"}
    database.reply_subscriptions.unnote(subscription.id, ["r3"])  # that mail did not go
    assert database.reply_subscriptions.noticed(subscription.id) == {"r1", "r2"}
    assert database.reply_subscriptions.note(subscription.id, ["r3"]) == ["r3"]
    other = database.reply_subscriptions.request("c2", "a", "lea@EXAMPLE.org", "de", "h")
    assert len(database.reply_subscriptions.of_email("LEA@example.org")) == 2
    assert database.reply_subscriptions.remove_email("lea@example.org") == 2
    assert database.reply_subscriptions.get(other.id) is None
    assert database.reply_subscriptions.noticed(subscription.id) == set()


def test_a_report_is_decided_once_and_its_reporter_can_be_forgotten(database):
    report = database.reports.add(
        "a", "c1", "insult", "Das ist eine Beleidigung.", "Ina", "ina@example.org", "de"
    )
    assert database.reports.open_count() == 1 and database.reports.rows() == [report]
    assert database.reports.decide(report.id, "remove", "Beleidigung", "Jana Albers")
    assert not database.reports.decide(report.id, "keep", "doch nicht", "Tobias Wendt")
    decided = database.reports.get(report.id)
    assert (decided.decision, decided.editor) == ("remove", "Jana Albers")
    assert database.reports.rows() == [] and database.reports.rows(decided=True) == [decided]
    with pytest.raises(ValueError, match="no decision"):
        database.reports.decide(report.id, "maybe", "", "x")
    assert database.reports.forget_reporter("INA@example.org") == 1
    assert database.reports.get(report.id).reporter_email == ""
    assert database.reports.of_comment("c1")[0].decision == "remove"


def test_a_data_request_needs_its_nonce_and_ends_with_the_address(database):
    request = database.data_requests.add("lea@example.org", "de", timedelta(hours=24))
    assert database.data_requests.get(request.id, request.nonce) == request
    assert database.data_requests.get(request.id, "other") is None
    database.data_requests.remove_email("LEA@example.org")
    assert database.data_requests.get(request.id, request.nonce) is None


def test_deleting_a_published_comment_by_id_tells_the_sync(database):
    published = database.comments.add(
        NewComment("a", "Lea", "Veröffentlicht", email="lea@example.org", state=State.APPROVED)
    )
    waiting = database.comments.add(NewComment("a", "Lea", "Wartet", email="LEA@example.org"))
    assert [row.id for row in database.comments.of_email("lea@example.org")] == [published, waiting]
    cursor, _ = database.journal.changes_since(0)
    deleted = database.comments.delete_ids([published, waiting, "unknown"])
    assert [row.id for row in deleted] == [published, waiting]
    _, changes = database.journal.changes_since(cursor)
    assert changes == {published: ("a", False)}  # only the published one was on the site


def test_the_reply_opt_in_holds_for_the_address(database):
    subscriptions = database.reply_subscriptions
    first = subscriptions.request("c1", "a", "Lea@example.org", "de", "h1")
    second = subscriptions.request("c2", "a", "lea@example.org", "de", "h2")
    other = subscriptions.request("c3", "a", "tom@example.org", "de", "h3")
    assert (first.state, second.state) == ("pending", "pending")
    confirmed = subscriptions.confirm(first.id, first.nonce, "h4")
    assert subscriptions.get(second.id).state == "confirmed"  # one link covers both
    assert subscriptions.get(second.id).confirm_client == "h4"
    assert subscriptions.get(other.id).state == "pending"  # another address's is its own
    later = subscriptions.request("c4", "a", "LEA@example.org", "en", "h5")
    assert later.state == "confirmed" and later.request_client == "h5"
    assert (later.confirmed, later.confirm_client) == (confirmed.confirmed, "h4")  # its proof
    assert [s.comment for s in subscriptions.pending_of("tom@example.org")] == ["c3"]


def test_a_deleted_comment_takes_its_reply_subscription_along(database):
    own = database.comments.add(NewComment("a", "Lea", "Meins.", "lea@example.org"))
    kept = database.comments.add(NewComment("a", "Lea", "Auch meins.", "lea@example.org"))
    gone = database.reply_subscriptions.request(own, "a", "lea@example.org", "de", "h")
    database.reply_subscriptions.confirm(gone.id, gone.nonce, "h")
    database.reply_subscriptions.note(gone.id, ["r1"])
    database.reply_subscriptions.request(kept, "a", "lea@example.org", "de", "h")
    database.comments.delete_ids([own])
    assert database.reply_subscriptions.get(gone.id) is None
    assert database.reply_subscriptions.noticed(gone.id) == set()
    assert [s.comment for s in database.reply_subscriptions.of_email("lea@example.org")] == [kept]


def test_an_address_leaves_the_mail_log_with_its_subscription_and_is_never_there_in_plain(
    database,
):
    window = timedelta(minutes=15)
    lea = database.subscribers.request("lea@example.org", "de", "/", "h")
    assert database.throttle.take_mail("Lea@example.org", "newsletter-confirm", window)
    assert database.throttle.take_mail("lea@example.org", "my-data", window)
    with database.connection() as connection:
        keys = [row["email_key"] for row in connection.execute("SELECT email_key FROM mail_log")]
    assert len(keys) == 2 and not any("lea" in key or "@" in key for key in keys)
    assert database.subscribers.remove(lea.id)
    # The confirmation's note went with the row; the other kind of mail is still counted.
    assert database.throttle.take_mail("lea@example.org", "newsletter-confirm", window)
    assert not database.throttle.take_mail("lea@example.org", "my-data", window)
    database.subscribers.request("lea@example.org", "de", "/", "h")
    assert database.subscribers.remove_email("LEA@example.org")
    assert database.throttle.take_mail("lea@example.org", "newsletter-confirm", window)


def test_an_address_key_finds_the_subscription_of_now(database):
    from intake.store.throttle import address_key

    first = database.subscribers.request("lea@example.org", "de", "/", "h")
    key = address_key("Lea@Example.org", "secret")
    assert database.subscribers.by_address_key(key, "secret") == first
    database.subscribers.remove(first.id)
    assert database.subscribers.by_address_key(key, "secret") is None
    again = database.subscribers.request("lea@example.org", "en", "/", "h")
    assert database.subscribers.by_address_key(key, "secret") == again
    assert database.subscribers.by_address_key(key, "another secret") is None


def test_what_expired_is_deleted_in_one_step(database):
    database.subscribers.request("lea@example.org", "de", "/", "h")
    kept = database.subscribers.request("tom@example.org", "de", "/", "h")
    database.subscribers.confirm(kept.id, kept.nonce, "h")
    database.reply_subscriptions.request("c1", "a", "ina@example.org", "de", "h")
    database.data_requests.add("lea@example.org", "de", timedelta(hours=24))
    database.throttle.take_mail("lea@example.org", "newsletter-confirm", timedelta(minutes=15))
    with database.transaction() as connection:  # a row a queue of before the keyed log left
        connection.execute(
            "INSERT INTO mail_log (email_key, kind, sent) VALUES (?, ?, ?)",
            ("old@example.org", "my-data", "2026-12-07T08:00:00.000000+00:00"),
        )
    kept_all = database.forget_expired(timedelta(days=3), timedelta(hours=24))
    assert kept_all == {
        "subscribers": 0,
        "reply_subscriptions": 0,
        "data_requests": 0,
        "mail_log": 1,
    }
    gone = database.forget_expired(timedelta(seconds=-1), timedelta(seconds=-1))
    assert gone == {"subscribers": 1, "reply_subscriptions": 1, "data_requests": 1, "mail_log": 0}
    assert [s.email for s in database.subscribers.confirmed()] == ["tom@example.org"]


def test_an_address_key_finds_every_reply_subscription_of_the_address_also_pending_ones(
    database,
):
    from intake.store.throttle import address_key

    subscriptions = database.reply_subscriptions
    first = subscriptions.request("c1", "a", "Lea@example.org", "de", "h")
    second = subscriptions.request("c2", "b", "lea@example.org", "en", "h")
    subscriptions.request("c3", "a", "tom@example.org", "de", "h")
    key = address_key("LEA@example.org", "secret")
    assert subscriptions.of_address_key(key, "secret") == [first, second]  # both pending
    confirmed = subscriptions.confirm(first.id, first.nonce, "h")
    assert [s.state for s in subscriptions.of_address_key(key, "secret")] == ["confirmed"] * 2
    assert subscriptions.of_address_key(key, "another secret") == []
    subscriptions.remove_email("lea@example.org")
    assert subscriptions.of_address_key(key, "secret") == []
    again = subscriptions.request("c4", "a", "lea@example.org", "de", "h")  # a new row
    assert subscriptions.of_address_key(key, "secret") == [again] and again.id != confirmed.id
