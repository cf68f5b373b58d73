"""Two intake hosts on one PostgreSQL database behind nginx (an ``upstream`` of both),
as docs/operations.md sets them up: everything the queue decides holds across hosts.

Log-ins, approvals, the sync, the rate limit, the duplicate check, the mail links and a
load of posts, each through real HTTP; then one host is killed with SIGKILL under load.
"""

import itertools
import json
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup

from comments.model import State
from conftest import free_port
from intake.store import Database
from tests.comments.conftest import FORM
from tools import require
from two_hosts import SYNC_TOKEN, TwoHosts, request

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

BASE = "/kommentare/moderation"
PASSWORD = "ein-sehr-langes-passwort"
ADDRESSES = (f"127.0.5.{n}" for n in itertools.cycle(range(1, 255)))


class Mailbox:
    """aiosmtpd on 127.0.0.1: the editorial team's inbox."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"

    def links_for(self, comment_id: str) -> dict[str, str]:
        """The links of the mail about ``comment_id`` (waits for it, 30 s at most)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for message in list(self.messages):
                text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
                if f"/link/{comment_id}/" in text:
                    found = re.findall(
                        r"^(Freigeben|Ablehnen|Als Spam markieren):\n(\S+)$", text, re.M
                    )
                    return dict(found)
            time.sleep(0.05)
        raise AssertionError(f"no mail about {comment_id}")


@pytest.fixture(scope="module")
def mailbox():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def hosts(postgres_cluster, mailbox, tmp_path_factory):
    """Two hosts with the default limits (5 comments per reader in 10 minutes, 5 failed
    log-ins) and notification mails; one editor account."""
    require("nginx")
    _box, smtp_port = mailbox
    pair = TwoHosts(
        tmp_path_factory.mktemp("two-hosts"),
        postgres_cluster.database(),
        {
            "COMMENTS_SMTP_HOST": "127.0.0.1",
            "COMMENTS_SMTP_PORT": str(smtp_port),
            "COMMENTS_MAIL_TO": "redaktion@hafenlicht.example",
        },
    )
    try:
        pair.start()
        with Database(pair.database_url) as database:
            database.editors.add("Jana Albers", PASSWORD)
        yield pair
    finally:
        pair.stop()
    assert not (pair.folder / "never.sqlite3").exists()  # every table is on the server


@pytest.fixture
def queue(hosts):
    with Database(hosts.database_url) as database:
        yield database


def wait_for(condition, what: str, seconds: float = 120) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``seconds``
    (generous: a loaded 2-core machine answers slowly)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {seconds} s"
        time.sleep(0.01)


def post(hosts: TwoHosts, text: str, source: str, port: int = 0):
    """The reader's form without script, through nginx (or to one host's ``port``)."""
    return request(port or hosts.port, "/kommentare/neu", {**FORM, "text": text}, source=source)


def comment_id(hosts: TwoHosts, text: str, source: str, port: int, **changes: str) -> str:
    """Post as the form's script does (it gets the new comment's id); the id. ``source``
    "" is a new address of 127.0.5.0/24 for each post (the rate limit stays out)."""
    answer = request(
        port,
        "/kommentare/neu",
        {**FORM, "text": text, **changes},
        source=source or next(ADDRESSES),
        headers={"Accept": "application/json"},
    )
    assert answer.status == 201, answer.body
    return json.loads(answer.body)["id"]


def log_in(port: int) -> str:
    """Log in on the host at ``port``; the session cookie."""
    shown = request(port, BASE)
    assert shown.status == 401
    token = BeautifulSoup(shown.body, "html.parser").select_one("input[name=login_token]")["value"]
    cookie = shown.headers["Set-Cookie"].split(";")[0]
    answer = request(
        port,
        f"{BASE}/anmelden",
        {"login_token": token, "name": "Jana Albers", "password": PASSWORD, "next": BASE},
        headers={"Cookie": cookie},
    )
    assert answer.status == 303, answer.body
    return re.search(r"moderation_session=[^;]+", answer.headers["Set-Cookie"])[0]


def act(port: int, session: str, comment: str, action: str):
    """Approve (or reject, or spam) ``comment`` on the moderation page of ``port``."""
    page = request(port, f"{BASE}/kommentar/{comment}", headers={"Cookie": session})
    assert page.status == 200
    csrf = BeautifulSoup(page.body, "html.parser").select_one("input[name=csrf]")["value"]
    return request(
        port,
        f"{BASE}/kommentar/{comment}",
        {"csrf": csrf, "action": action},
        headers={"Cookie": session},
    )


def test_a_log_in_on_one_host_holds_on_the_other(hosts):
    first, second = hosts.ports
    session = log_in(first)
    shown = request(second, BASE, headers={"Cookie": session})
    assert shown.status == 200
    assert "Jana Albers" in shown.body
    page = BeautifulSoup(shown.body, "html.parser")
    csrf = page.select_one("input[name=csrf]")["value"]
    # Logging out on the second ends the session on the first.
    out = request(second, f"{BASE}/abmelden", {"csrf": csrf}, headers={"Cookie": session})
    assert out.status == 303
    assert request(first, BASE, headers={"Cookie": session}).status == 401


def test_failed_log_ins_count_on_both_hosts(hosts):
    """Five wrong passwords, alternating between the hosts, lock the address out of both."""
    source = "127.0.9.1"
    for attempt in range(5):
        port = hosts.ports[attempt % 2]
        shown = request(port, BASE, source=source)
        token = BeautifulSoup(shown.body, "html.parser").select_one("input[name=login_token]")
        cookie = shown.headers["Set-Cookie"].split(";")[0]
        wrong = request(
            port,
            f"{BASE}/anmelden",
            {"login_token": token["value"], "name": "Jana Albers", "password": "falsch" * 3},
            source=source,
            headers={"Cookie": cookie},
        )
        assert wrong.status == 401
    for port in hosts.ports:
        shown = request(port, BASE, source=source)
        token = BeautifulSoup(shown.body, "html.parser").select_one("input[name=login_token]")
        right = request(
            port,
            f"{BASE}/anmelden",
            {"login_token": token["value"], "name": "Jana Albers", "password": PASSWORD},
            source=source,
            headers={"Cookie": shown.headers["Set-Cookie"].split(";")[0]},
        )
        assert right.status == 429


def test_an_approval_on_either_host_appears_in_one_sync_answer(hosts):
    sync = {"Authorization": f"Bearer {SYNC_TOKEN}"}
    cursor = json.loads(request(hosts.port, "/kommentare/sync", headers=sync).body)
    first, second = hosts.ports
    one = comment_id(hosts, "Freigegeben auf dem ersten Host", "127.0.2.1", first)
    two = comment_id(hosts, "Freigegeben auf dem zweiten Host", "127.0.2.2", second)
    assert act(first, log_in(first), one, "approve").status == 303
    assert act(second, log_in(second), two, "approve").status == 303
    for port in (hosts.port, first, second):  # through nginx, and from each host
        answer = request(port, f"/kommentare/sync?since={cursor['cursor']}", headers=sync)
        assert answer.status == 200
        changes = json.loads(answer.body)
        assert sorted(record["id"] for record in changes["approved"]) == sorted([one, two])
        assert changes["cursor"] == cursor["cursor"] + 2


def test_the_rate_limit_counts_a_reader_s_posts_on_both_hosts(hosts):
    answers = [post(hosts, f"Beitrag Nummer {n} einer Leserin", "127.0.3.1") for n in range(7)]
    assert [a.status for a in answers] == [303] * 5 + [429] * 2
    assert {a.host for a in answers} == {hosts.host(0), hosts.host(1)}  # nginx took turns


def test_posts_of_one_reader_sent_at_once_to_both_hosts_count_exactly(hosts, queue):
    """Twenty posts at the same moment, ten to each host directly: five get in."""

    def send(number: int):
        port = hosts.ports[number % 2]
        return post(hosts, f"Gleichzeitig Nummer {number}", "127.0.3.2", port).status

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(send, range(20)))
    assert Counter(statuses) == {303: 5, 429: 15}
    assert len(queue.comments.rows(search="Gleichzeitig Nummer")) == 5


def test_a_duplicate_is_caught_on_the_other_host(hosts, queue):
    """Somebody else's copy of a text is stored as spam; the same reader's re-send is
    the comment that is there already."""
    first, second = hosts.ports
    text = "Dieser Text kommt zweimal, einmal über jeden Host."
    original = comment_id(hosts, text, "127.0.4.1", first)
    copier = {"author": "Kopierer", "email": "kopie@example.org"}
    copy = comment_id(hosts, text, "127.0.4.2", second, **copier)
    assert queue.comments.get(original).state == State.PENDING
    assert queue.comments.get(copy).state == State.SPAM
    assert "duplicate text" in queue.comments.get(copy).spam_reasons
    assert comment_id(hosts, text, "127.0.4.1", second) == original
    assert len(queue.comments.rows(search=text)) == 2


def test_the_same_comment_sent_to_both_hosts_at_once_is_stored_once(hosts, queue):
    """A reader's form sent to both hosts at the same moment (a retry after a 502 that
    overtook the first), twenty times: each time one pending comment, and both answers
    name it."""

    def send(pair: tuple[int, int]) -> str:
        number, port = pair
        return comment_id(hosts, f"Gleichzeitig an beide Hosts, Fall {number}", "", port)

    for number in range(20):
        with ThreadPoolExecutor(max_workers=2) as pool:
            ids = set(pool.map(send, [(number, port) for port in hosts.ports]))
        assert len(ids) == 1, f"case {number}: stored as {ids}"
        rows = queue.comments.rows(search=f"Fall {number}")
        assert [row.state for row in rows if row.text.endswith(f"Fall {number}")] == [State.PENDING]


def test_a_mail_link_works_once_across_both_hosts(hosts, mailbox, queue):
    box, _port = mailbox
    first, second = hosts.ports
    one = comment_id(hosts, "Bitte per Mail freigeben", "127.0.5.1", first)
    link = box.links_for(one)["Freigeben"].removeprefix(f"http://127.0.0.1:{hosts.port}")
    assert request(first, link).status == 200  # asks first
    assert request(second, link, method="POST").status == 200
    assert queue.comments.get(one).state == State.APPROVED
    assert request(first, link, method="POST").status == 409  # used on the other host
    # Clicked at the same moment on both hosts: one acts, the other says it is used.
    two = comment_id(hosts, "Zweimal gleichzeitig geklickt", "127.0.5.2", second)
    link = box.links_for(two)["Ablehnen"].removeprefix(f"http://127.0.0.1:{hosts.port}")
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(
            pool.map(lambda port: request(port, link, method="POST").status, hosts.ports)
        )
    assert sorted(statuses) == [200, 409]
    assert queue.comments.get(two).state == State.REJECTED
    used = [a for a in queue.journal.actions(two) if a.editor == "mail link"]
    assert len(used) == 1


def test_200_posts_at_once_spread_over_both_hosts_land_exactly_once(hosts, queue):
    """40 readers (each from an address of its own) send five comments each, 50 at a time."""
    texts = [f"Lasttest Leser {n // 5} Kommentar {n % 5}" for n in range(200)]

    def send(number: int):
        return post(hosts, texts[number], f"127.1.{number // 5}.1")

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(send, range(200)))
    seconds = time.monotonic() - started
    assert [a.status for a in answers] == [303] * 200
    served = Counter(a.host for a in answers)
    assert set(served) == {hosts.host(0), hosts.host(1)}
    stored = [row.text for row in queue.comments.rows(search="Lasttest Leser")]
    assert sorted(stored) == sorted(texts)  # 0 lost, 0 doubled
    print(f"200 posts over two hosts: {seconds:.1f} s, per host {dict(served)}")  # -rP shows it


def test_killing_one_host_under_load_loses_no_acknowledged_comment(postgres_cluster, tmp_path):
    """30 readers post through nginx; one host gets SIGKILL mid-load, the other goes on.
    Every post answered with 303 is in the queue once; nothing appears nobody sent."""
    require("nginx")
    pair = TwoHosts(tmp_path, postgres_cluster.database(), {"COMMENTS_RATE_LIMIT": "0"})
    answered: dict[str, int] = {}
    by_host: Counter = Counter()
    killed = threading.Event()
    stop = threading.Event()
    after_kill = Counter()
    try:
        pair.start()

        def reader(number: int) -> None:
            for attempt in range(200):
                if stop.is_set():
                    return
                text = f"Leser {number}, Kommentar {attempt}"
                answer = post(pair, text, f"127.2.{number}.{attempt % 250 + 1}")
                answered[text] = answer.status
                by_host[answer.host] += 1
                if killed.is_set():
                    after_kill[answer.status] += 1

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(30)]
        for thread in threads:
            thread.start()
        # ``answered`` grows while this counts: a copy of its values is counted.
        wait_for(lambda: Counter(list(answered.values()))[303] >= 150, "150 answered posts")
        pair.kill(0)
        killed.set()
        wait_for(lambda: after_kill[303] >= 150, "150 answered posts after the kill")
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        stop.set()
        pair.stop()
    accepted = {text for text, status in answered.items() if status == 303}
    with Database(pair.database_url) as database:
        stored = [row.text for row in database.comments.rows()]
    assert len(stored) == len(set(stored))  # nothing twice
    assert accepted <= set(stored)  # nothing acknowledged lost
    assert set(stored) <= set(answered)  # nothing nobody sent
    failed = Counter(status for status in answered.values() if status != 303)
    assert set(failed) <= {0, 502}  # the ones in flight on the killed host, if any
    print(  # -rP shows it
        f"SIGKILL of one host: {len(answered)} sent, {len(accepted)} acknowledged "
        f"({after_kill[303]} after the kill), {len(stored)} stored, failed {dict(failed)}"
    )


def test_a_host_that_cannot_reach_the_database_stops_with_one_line(tmp_path):
    """No traceback: the reason, the server's address without its password, exit 1."""
    port = free_port()  # nothing listens there
    pair = TwoHosts(tmp_path, f"postgresql://intake:geheim@127.0.0.1:{port}/hafenlicht")
    pair.site.mkdir()
    stopped = pair._start_intake(0, free_port())
    assert stopped.wait(timeout=60) == 1
    log = pair.log(0)
    assert f"The comment queue at postgresql://intake@127.0.0.1:{port}/hafenlicht cannot be" in log
    assert "Traceback" not in log and "geheim" not in log
