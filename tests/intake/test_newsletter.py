"""The newsletter's issue: which articles are new, the mail (HTML with inlined CSS and
plain text, the one-click unsubscribe headers, nothing that tracks), and the send
through a local relay in batches at a rate, stopped and resumed without a second copy."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from intake.newsletter import in_language, new_articles
from intake.newsletter_send import Sender
from mail_relay import html_of, text_of
from tests.intake.readers_intake import ARTICLES, IMPRESSUM

NOW = datetime(2026, 2, 12, 8, 0, tzinfo=UTC)


def listed(slug: str, date: str, lang: str = "de", **more) -> dict:
    return {
        "url": f"2026/02/{slug}/",
        "title": slug.replace("-", " ").title(),
        "comments": [],
        "date": date,
        "lang": lang,
        "summary": f"Worum es in {slug} geht.",
        "image": "",
        "image_alt": "",
        **more,
    }


@pytest.mark.parametrize(
    ("articles", "sent", "expected"),
    [
        ({"a": listed("a", "2026-02-11T09:00:00+01:00")}, set(), ["a"]),
        ({"a": listed("a", "2026-02-11T09:00:00+01:00")}, {"a"}, []),  # in an earlier issue
        ({"a": listed("a", "2026-02-13T09:00:00+01:00")}, set(), []),  # not yet its day
        ({"a": listed("a", "2026-01-01T09:00:00+01:00")}, set(), []),  # older than 14 days
        ({"a": listed("a", "")}, set(), []),  # a list from before the newsletter
        ({"a": {"title": "ohne Datum"}}, set(), []),
        (
            {
                "b": listed("b", "2026-02-10T09:00:00+01:00"),
                "a": listed("a", "2026-02-11T09:00:00+01:00"),
                "c": listed("c", "2026-02-09T09:00:00"),  # no zone: read as UTC
            },
            set(),
            ["a", "b", "c"],
        ),
    ],
)
def test_new_articles(articles, sent, expected):
    found = new_articles(articles, sent, NOW, 14, 20)
    assert [article["slug"] for article in found] == expected


def test_an_issue_carries_at_most_the_limit_newest_first():
    articles = {f"a{n}": listed(f"a{n}", f"2026-02-{n + 1:02d}T09:00:00+01:00") for n in range(9)}
    assert [a["slug"] for a in new_articles(articles, set(), NOW, 14, 3)] == ["a8", "a7", "a6"]


def test_each_reader_gets_the_articles_in_their_language():
    articles = [
        {"slug": "de", "lang": "de"},
        {"slug": "en", "lang": "en"},
        {"slug": "x", "lang": ""},
    ]
    assert [a["slug"] for a in in_language(articles, "de", "de")] == ["de", "x"]
    assert [a["slug"] for a in in_language(articles, "en", "de")] == ["en"]


def subscribe(desk, *addresses: str, lang: str = "de") -> list:
    """Confirmed subscribers, as the double opt-in leaves them."""
    rows = []
    for address in addresses:
        row = desk.database.subscribers.request(address, lang, "/", "hash")
        rows.append(desk.database.subscribers.confirm(row.id, row.nonce, "hash"))
    return rows


def recent(days_ago: float, **more) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def desk(make_desk):
    articles = {
        **ARTICLES,
        "zu-wem-gehoert": {**ARTICLES["zu-wem-gehoert"], "date": recent(2)},
        "neu-im-maerz": listed("neu-im-maerz", recent(1)),
        "english-note": listed("english-note", recent(1), lang="en"),
        "alt": listed("alt", recent(40)),
    }
    return make_desk(articles, newsletter_batch_size=2, newsletter_per_minute=6000)


def test_the_issue_mail_has_both_parts_the_unsubscribe_headers_and_the_impressum(desk):
    (lea,) = subscribe(desk, "lea@example.org")
    sender = Sender(desk.app.readers.site)
    outcome = sender.send(sender.start("manual"))
    assert outcome.counts == {"sent": 1}
    (mail,) = desk.relay.wait(1)
    assert mail["To"] == "lea@example.org"
    assert mail["From"] == "Hafenlicht <blog@hafenlicht.example>"
    assert mail["Subject"] == "Hafenlicht: Neu Im Maerz und 1 weiterer Beitrag"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = mail["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://blog.example/kommentare/newsletter/abmelden/")
    assert mail["Message-ID"] == f"<{outcome.issue.id}.{lea.id}@newsletter.blog.example>"
    assert mail["Precedence"] == "bulk" and mail["Content-Language"] == "de"
    text = text_of(mail)
    assert text.index("Neu Im Maerz") < text.index("Zu wem gehört?")  # newest first
    assert "https://blog.example/2026/02/zu-wem-gehoert/" in text
    assert "Wem gehört ein Satz, den alle zitieren?" in text
    assert "English Note" not in text and "Alt" not in text.split()
    assert f"Newsletter mit einem Klick abbestellen: {unsubscribe}" in text
    assert "mit dieser Adresse bestellt und am" in text and "bestätigt haben" in text
    for line in IMPRESSUM.split(" | "):
        assert line in text
    assert "Impressum: https://blog.example/impressum/" in text


def test_the_html_part_has_inlined_css_and_nothing_that_tracks(desk):
    subscribe(desk, "lea@example.org")
    sender = Sender(desk.app.readers.site)
    sender.send(sender.start("manual"))
    html = BeautifulSoup(html_of(desk.relay.wait(1)[0]), "html.parser")
    assert html.select("style") == [] and html.select("script") == []
    assert html.select_one("h2.title")["style"]  # the style sheet became attributes
    assert [img["src"] for img in html.select("img")] == ["https://blog.example/images/satz.jpg"]
    assert html.select_one("img")["alt"] == "Ein Zitat an einer Wand"
    for link in html.select("a[href]"):
        address = urlsplit(link["href"])
        assert (address.scheme, address.netloc) == ("https", "blog.example")
        assert not address.query and not address.fragment  # no redirect, no campaign tag
    titles = [link.get_text() for link in html.select("h2.title a")]
    assert titles == ["Neu Im Maerz", "Zu wem gehört?"]
    footer = html.select_one(".footer").get_text(" ")
    assert "Laternenkai 7" in footer and "Impressum" in footer and "abbestellen" in footer


def test_each_language_gets_its_articles_and_a_reader_without_any_gets_nothing(desk):
    subscribe(desk, "lea@example.org")
    subscribe(desk, "ann@example.org", lang="en")
    sender = Sender(desk.app.readers.site)
    plan = sender.plan()
    assert plan.recipients == {"de": 1, "en": 1}
    sender.send(sender.start("manual"))
    english = desk.relay.to("ann@example.org")[0]
    assert english["Subject"] == "Hafenlicht: English Note"
    assert "Cancel the newsletter with one click" in text_of(english)
    assert "Zu wem" not in text_of(english)


def test_batches_on_one_connection_each_at_the_relays_rate(desk):
    subscribe(desk, *[f"leser{n}@example.org" for n in range(5)])
    waits = []
    site = desk.app.readers.site
    site.readers = replace(site.readers, newsletter_per_minute=30)
    sender = Sender(site, sleep=waits.append, clock=lambda: 100.0)
    outcome = sender.send(sender.start("manual"))
    assert outcome.counts == {"sent": 5} and not outcome.stopped
    mails = desk.relay.wait(5)
    assert sorted(mail["To"] for mail in mails) == [f"leser{n}@example.org" for n in range(5)]
    assert len(set(desk.relay.connections)) == 3  # batches of two: 2 + 2 + 1
    assert waits == [2.0] * 4  # 30 a minute: two seconds apart, none before the first
    assert desk.database.issues.unfinished() is None
    assert sender.start("manual") is None  # nothing new since


def test_a_relay_that_asks_to_wait_stops_the_send_and_the_next_run_goes_on(desk):
    subscribe(desk, *[f"leser{n}@example.org" for n in range(7)])
    desk.relay.accept = 3  # then "451 Please try again later"
    sender = Sender(desk.app.readers.site)
    first = sender.send(sender.start("manual"))
    assert "451" in first.stopped
    assert first.counts == {"sent": 3, "pending": 4}
    assert desk.database.issues.unfinished() == first.issue
    desk.relay.accept = None
    again = sender.start("manual")
    assert again.resumed and again.issue.id == first.issue.id and again.doubt == 0
    assert sender.send(again).counts == {"sent": 7}
    addresses = [mail["To"] for mail in desk.relay.mails]
    assert sorted(addresses) == sorted(set(addresses)) and len(addresses) == 7


def test_a_permanently_refused_address_is_recorded_and_the_rest_go_out(desk):
    subscribe(desk, "a@example.org", "b@example.org", "c@example.org")
    desk.relay.accept = 1
    desk.relay.refusal = "550 5.1.1 No such mailbox"
    sender = Sender(desk.app.readers.site)
    outcome = sender.send(sender.start("manual"))
    assert outcome.counts == {"sent": 1, "failed": 2} and not outcome.stopped
    assert desk.database.issues.unfinished() is None


def test_an_interrupted_delivery_is_in_doubt_and_never_sent_again(desk):
    """What a killed sender leaves: one delivery claimed, not settled (the subprocess
    test in test_newsletter_tasks.py kills a real one)."""
    subscribe(desk, "a@example.org", "b@example.org")
    sender = Sender(desk.app.readers.site)
    outcome = sender.start("manual")
    claimed = desk.database.issues.claim(outcome.issue.id)
    resumed = sender.start("manual")
    assert resumed.resumed and resumed.doubt == 1
    assert sender.send(resumed).counts == {"sent": 1, "doubt": 1}
    assert [mail["To"] for mail in desk.relay.mails] != [] and all(
        desk.database.subscribers.get(claimed).email != mail["To"] for mail in desk.relay.mails
    )


def test_a_reader_who_unsubscribes_during_a_send_gets_nothing(desk):
    _lea, tom = subscribe(desk, "lea@example.org", "tom@example.org")
    sender = Sender(desk.app.readers.site)
    outcome = sender.start("manual")
    desk.database.subscribers.remove(tom.id)
    assert sender.send(outcome).counts == {"sent": 1, "gone": 1}
    assert [mail["To"] for mail in desk.relay.mails] == ["lea@example.org"]


@pytest.mark.parametrize(
    ("mode", "weekday", "last_issue_days_ago", "due"),
    [
        ("never", "monday", None, False),
        ("publish", "monday", 0, True),
        ("weekly", "thursday", None, True),  # 2026-02-12 is a Thursday
        ("weekly", "thursday", 0, False),  # sent today already
        ("weekly", "thursday", 7, True),
        ("weekly", "wednesday", 1, False),  # sent yesterday, on the weekday
        ("weekly", "wednesday", 2, True),  # sent before this week's Wednesday
        ("weekly", "friday", 6, False),  # last Friday is this week's start
    ],
)
def test_when_the_automatic_send_is_due(make_desk, mode, weekday, last_issue_days_ago, due):
    desk = make_desk(newsletter_weekday=weekday)
    if last_issue_days_ago is not None:
        issue, _new = desk.database.issues.create([], "weekly", [])
        created = (NOW - timedelta(days=last_issue_days_ago)).isoformat(timespec="microseconds")
        with desk.database.transaction() as connection:
            connection.execute(
                "UPDATE newsletter_issues SET created = ? WHERE id = ?", (created, issue.id)
            )
    assert Sender(desk.app.readers.site).due(mode, NOW) is due
