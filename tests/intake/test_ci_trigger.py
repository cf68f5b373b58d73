"""The CI trigger: one call to GitHub's repository_dispatch (a local stand-in) per pause
of the editors, shared by every process of one queue, retried, never leaking its token.

Time is handed to ``step(now)``: the tests move the clock instead of sleeping.
"""

import logging
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from comments.model import State
from github_api import GitHubStandIn
from intake.ci_trigger import (
    CITrigger,
    ConfigurationError,
    Target,
    due_at,
    retry_delay,
    start_trigger,
    target_of,
)
from intake.events import Events
from intake.store import Database, NewComment
from intake.store.dispatch import Waiting

TOKEN = "ghp_geheim-nur-fuer-diesen-test-0123456789"
QUIET, MAX_WAIT = timedelta(seconds=10), timedelta(seconds=60)
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def github():
    stand_in = GitHubStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture
def queue(tmp_path) -> Database:
    return Database(tmp_path / "queue.sqlite3")


def trigger_for(queue: Database, github: GitHubStandIn, token: str = TOKEN) -> CITrigger:
    return CITrigger(
        Target(github.dispatches_url(), token, github=True), queue.dispatch, QUIET, MAX_WAIT
    )


def approve(queue: Database, count: int = 1) -> list[str]:
    ids = [queue.comments.add(NewComment("artikel", f"Leser {n}", "Text")) for n in range(count)]
    queue.comments.set_state(ids, State.APPROVED)
    return ids


def newest(queue: Database) -> Waiting:
    waiting = queue.dispatch.waiting()
    assert waiting is not None
    return waiting


# --- the rules ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "last", "retry", "expected"),
    [
        (0, 0, None, 10),  # one change: after the pause
        (0, 8, None, 18),  # a second one 8 s later: the pause starts again
        (0, 55, None, 60),  # a click every few seconds: at most a minute after the first
        (0, 0, 300, 300),  # after a failure: not before the retry
        (0, 0, 5, 10),  # a retry time already past: the pause still counts
    ],
)
def test_when_a_call_is_due(first, last, retry, expected):
    waiting = Waiting(3, at(first), at(last), 0, at(retry).isoformat() if retry else "", "")
    assert due_at(waiting, QUIET, MAX_WAIT) == at(expected)


@pytest.mark.parametrize(
    ("failures", "seconds"), [(1, 10), (2, 20), (3, 40), (6, 320), (7, 600), (40, 600)]
)
def test_retries_back_off_to_ten_minutes(failures, seconds):
    assert retry_delay(failures) == timedelta(seconds=seconds)


def test_where_the_call_goes(make_settings):
    assert target_of(make_settings()) is None
    github = target_of(make_settings(dispatch_repository="hafenlicht/blog", dispatch_token=TOKEN))
    assert (github.url, github.github) == (
        "https://api.github.com/repos/hafenlicht/blog/dispatches",
        True,
    )
    hook = target_of(make_settings(dispatch_url="https://ci.example/hooks/publish?key=abc"))
    assert (hook.github, hook.token, hook.shown) == (False, "", "https://ci.example/hooks/publish")
    assert TOKEN not in repr(github)
    for wrong, named in (
        ({"dispatch_repository": "hafenlicht"}, "COMMENTS_DISPATCH_REPOSITORY"),
        ({"dispatch_repository": "a/b/c", "dispatch_token": "x"}, "COMMENTS_DISPATCH_REPOSITORY"),
        ({"dispatch_repository": "hafenlicht/blog"}, "COMMENTS_DISPATCH_TOKEN"),
        ({"dispatch_url": "ftp://ci.example/"}, "COMMENTS_DISPATCH_URL"),
    ):
        with pytest.raises(ConfigurationError, match=named):
            target_of(make_settings(**wrong))


# --- calls -------------------------------------------------------------------------------
def test_one_approval_makes_one_call_after_the_pause(queue, github):
    trigger = trigger_for(queue, github)
    assert trigger.step(at(0)) > 0 and github.calls == []  # nothing changed yet
    approve(queue)
    first = newest(queue).first
    trigger.step(first + timedelta(seconds=9))
    assert github.calls == []  # the editors may still be at it
    trigger.step(first + QUIET)
    [call] = github.calls
    assert call.path == "/repos/hafenlicht/blog/dispatches"
    assert call.body == {"event_type": "comments-moderated", "client_payload": {"changes": 1}}
    assert call.headers["authorization"] == f"Bearer {TOKEN}"
    assert call.headers["accept"] == "application/vnd.github+json"
    assert call.headers["x-github-api-version"] == "2022-11-28"
    assert queue.dispatch.waiting() is None
    trigger.step(first + timedelta(hours=1))
    assert len(github.calls) == 1  # told once


def test_ten_approvals_in_a_minute_make_one_call(queue, github):
    trigger = trigger_for(queue, github)
    for _ in range(10):
        approve(queue)
        trigger.step(newest(queue).last + timedelta(seconds=1))  # each a second later
    trigger.step(newest(queue).last + QUIET)
    [call] = github.calls
    assert call.body["client_payload"] == {"changes": 10}


def test_two_processes_of_one_queue_call_once(tmp_path, github):
    path = tmp_path / "queue.sqlite3"
    one, two = Database(path), Database(path)  # two gunicorn workers
    approve(one, 3)
    due = newest(one).last + QUIET
    trigger_for(one, github).step(due)
    trigger_for(two, github).step(due)
    assert len(github.calls) == 1


def test_a_claim_keeps_a_second_process_out_while_the_first_calls(queue, github):
    approve(queue)
    due = newest(queue).last + QUIET
    assert queue.dispatch.claim(due, lambda w: due_at(w, QUIET, MAX_WAIT), timedelta(30)) == 1
    trigger_for(queue, github).step(due)
    assert github.calls == []


def test_a_rejection_before_approval_changes_nothing_on_the_site_and_calls_nobody(queue, github):
    trigger = trigger_for(queue, github)
    pending = queue.comments.add(NewComment("artikel", "Leser", "Text"))
    queue.comments.set_state([pending], State.REJECTED)
    trigger.step(at(3600))
    assert github.calls == []
    [published] = approve(queue)
    trigger.step(newest(queue).last + QUIET)
    queue.comments.set_state([published], State.SPAM)  # was on the site: it goes
    trigger.step(newest(queue).last + QUIET)
    assert [c.body["client_payload"]["changes"] for c in github.calls] == [1, 2]


def test_a_failed_call_is_retried_and_never_shows_the_token(queue, github, caplog):
    caplog.set_level(logging.DEBUG)
    trigger = trigger_for(queue, github)
    github.answers = [
        (401, f'{{"message": "Bad credentials: {TOKEN}"}}', {"Content-Type": "application/json"}),
        (502, "<html>Bad gateway</html>", {}),
    ]
    approve(queue)
    due = newest(queue).last + QUIET
    trigger.step(due)
    assert queue.dispatch.status().attempts == 1
    trigger.step(due + timedelta(seconds=5))  # before the retry time
    assert len(github.calls) == 1
    retry = datetime.fromisoformat(newest(queue).retry_at)
    trigger.step(retry)
    trigger.step(retry + timedelta(seconds=20))
    assert len(github.calls) == 3
    assert queue.dispatch.waiting() is None and queue.dispatch.status().attempts == 0
    messages = [r.getMessage() for r in caplog.records if r.name == "intake.ci_trigger"]
    assert messages[0] == (
        f"Could not ask CI to publish (failure 1): POST {github.dispatches_url()} answered "
        "HTTP 401: Bad credentials: ***; trying again in 10 s"
    )
    assert "answered HTTP 502: <html>Bad gateway</html>; trying again in 20 s" in messages[1]
    assert messages[2] == (
        f"Asked CI to publish the changes up to 1: POST {github.dispatches_url()} accepted"
    )
    assert TOKEN not in caplog.text
    with queue.connection() as connection:
        stored = connection.execute("SELECT * FROM dispatch").fetchall()
    assert TOKEN not in repr([tuple(row) for row in stored])


def test_an_unreachable_ci_is_retried(queue, caplog):
    dead = Target("http://127.0.0.1:9/repos/a/b/dispatches", TOKEN, github=True)
    trigger = CITrigger(dead, queue.dispatch, QUIET, MAX_WAIT)
    approve(queue)
    trigger.step(newest(queue).last + QUIET)
    assert "could not be reached" in queue.dispatch.status().error
    assert queue.dispatch.waiting().retry_at and TOKEN not in caplog.text


def test_a_redirect_is_not_followed_with_the_token(queue, github):
    elsewhere = GitHubStandIn()
    try:
        github.answers = [(307, "", {"Location": elsewhere.dispatches_url()})]
        trigger = trigger_for(queue, github)
        approve(queue)
        trigger.step(newest(queue).last + QUIET)
        assert elsewhere.calls == []
        assert queue.dispatch.status().error == "answered HTTP 307"
    finally:
        elsewhere.close()


# --- the thread, with the intake and the shell tasks ------------------------------------------
def test_the_editors_request_never_waits_for_ci(make_client, form, github):
    github.hold.clear()  # GitHub hangs
    client, app = make_client(
        dispatch_url=github.dispatches_url(),
        dispatch_repository="hafenlicht/blog",
        dispatch_token=TOKEN,
        dispatch_quiet_seconds=0.0,
    )
    try:
        comment = client.post(
            "/kommentare/neu", data=form, headers={"Accept": "application/json"}
        ).get_json()["id"]
        app.database.editors.add("Jana Albers", "ein-sehr-langes-passwort")
        from tests.intake.test_moderation_pages import csrf_of, log_in

        log_in(client)
        url = f"/kommentare/moderation/kommentar/{comment}"
        for _ in range(2):  # the second while the first call still hangs
            answer = client.post(url, data={"action": "approve", "csrf": csrf_of(client, comment)})
            assert answer.status_code == 303
        github.hold.set()
        [call] = github.wait_for_calls(1)
        assert call.body["client_payload"]["changes"] == 1
    finally:
        github.hold.set()
        app.trigger.stop()


def test_a_shell_approval_is_found_by_the_running_intake(project, github, make_settings):
    """`invoke comments.approve` runs in a process of its own; the intake's thread finds
    its change in the queue and calls."""
    settings = make_settings(  # the project's queue (tests/comments/conftest.py)
        dispatch_url=github.dispatches_url(),
        dispatch_quiet_seconds=0.0,
    )
    database = Database(settings.db_path)
    comment = database.comments.add(NewComment("lokalredaktionen-lesen-anders", "Lea", "Text"))
    trigger = start_trigger(settings, database, Events())
    try:
        done = subprocess.run(
            [
                str(Path(sys.executable).parent / "invoke"),
                "comments.approve",
                comment,
                "--settings",
                project.settings,
            ],
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        [call] = github.wait_for_calls(1)
        assert call.body["event_type"] == "comments-moderated"
        assert "authorization" not in call.headers  # a webhook without a token
    finally:
        trigger.stop()


def test_a_wrong_setting_stops_the_intake_with_its_name(project):
    import os

    done = subprocess.run(
        [str(Path(sys.executable).parent / "invoke"), "comments.serve", "-s", project.settings],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "COMMENTS_DISPATCH_REPOSITORY": "hafenlicht"},
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        'COMMENTS_DISPATCH_REPOSITORY is "hafenlicht"; expected owner/name, e.g. hafenlicht/blog'
    )
