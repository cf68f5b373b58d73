"""The production command (the systemd unit's), run for real: waitress-serve behind a proxy.

The rate limit must count each reader (the address the web server puts right-most into
X-Forwarded-For), never the web server itself, and a reader who writes a left-most
X-Forwarded-For of their own must not gain a fresh allowance.
"""

import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import free_port
from mail_relay import running_relay
from tests.comments.conftest import FORM, write_manifest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The unit's server: waitress with waitress-serve's flags, stopped gracefully.
SERVER = [sys.executable, "-m", "intake.serve"]


def documented_waitress_flags() -> list[str]:
    """The flags of the production command, the systemd unit's (deploy/), without --listen
    and the body limit (tested with the unit in tests/deploy/test_units.py)."""
    unit = (ROOT / "deploy" / "hafenlicht-intake.service").read_text(encoding="utf-8")
    command = re.search(
        r"^ExecStart=\S*python -m intake\.serve (.*?)intake\.wsgi:application", unit, re.M
    )
    assert command, "deploy/hafenlicht-intake.service starts no python -m intake.serve"
    flags = shlex.split(command.group(1))
    return [flag for flag in flags if not flag.startswith("--listen")]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(url: str, text: str, forwarded: str) -> int:
    data = urllib.parse.urlencode({**FORM, "text": text}).encode()
    request = urllib.request.Request(url, data=data, headers={"X-Forwarded-For": forwarded})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_served(url: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stderr.read()}")
        try:
            urllib.request.urlopen(url, timeout=1)
        except urllib.error.HTTPError:
            return  # 405 for a GET: it answers
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answers at {url}")


@pytest.fixture
def intake_env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT / "plugins"),
        "COMMENTS_DB_PATH": str(tmp_path / "queue.sqlite3"),
        "COMMENTS_MANIFEST_PATH": str(write_manifest(tmp_path)),
        "COMMENTS_SITE_URL": "https://blog.example",
        "COMMENTS_THEME_PATH": str(ROOT / "theme"),
        "COMMENTS_PROXIES": "1",
        "COMMENTS_RATE_LIMIT": "2",
    }


def _as_systemd_starts_it() -> None:
    """The signals' default actions, as systemd gives a service: a test run started in
    the background of a shell without job control ignores SIGINT, the child inherits
    that, and Python then never turns SIGINT into its KeyboardInterrupt (the stop test
    waited in vain for the server to end)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_server(command: list[str], env: dict, cwd: Path, url: str):
    process = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_systemd_starts_it,  # no thread of the test runs while it forks
    )
    try:
        wait_until_served(url, process)
    except BaseException:
        process.kill()
        raise
    return process


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGINT)
    try:
        _out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
    return err


def assert_limit_per_reader(url: str) -> None:
    assert post(url, "Erste Leserin", "203.0.113.1") == 303
    assert post(url, "Zweite Leserin", "203.0.113.2") == 303
    assert post(url, "Dritte Leserin", "203.0.113.3") == 303  # not one limit for everybody
    assert post(url, "Erste Leserin noch einmal", "203.0.113.1") == 303
    assert post(url, "Erste Leserin zum dritten", "203.0.113.1") == 429
    # A forged left-most entry: the web server appends the real address to it.
    assert post(url, "Mit falscher Adresse", "198.51.100.77, 203.0.113.1") == 429
    assert post(url, "Noch eine falsche", "10.1.2.3, 203.0.113.1") == 429


def test_the_documented_waitress_command_limits_each_reader(intake_env, tmp_path):
    flags = documented_waitress_flags()
    assert "--trusted-proxy-count=1" in flags
    port = free_port()
    url = f"http://127.0.0.1:{port}/kommentare/neu"
    command = [
        *SERVER,
        f"--listen=127.0.0.1:{port}",
        *flags,
        "intake.wsgi:application",
    ]
    process = run_server(command, intake_env, tmp_path, url)
    try:
        assert_limit_per_reader(url)
    finally:
        errors = stop(process)
    assert "has no X-Forwarded-For" not in errors


def test_without_the_trusted_proxy_flags_the_intake_says_what_is_wrong(intake_env, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/kommentare/neu"
    command = [str(BIN / "waitress-serve"), f"--listen=127.0.0.1:{port}"]
    process = run_server([*command, "intake.wsgi:application"], intake_env, tmp_path, url)
    try:
        post(url, "Erste Leserin", "203.0.113.1")
    finally:
        errors = stop(process)
    assert "has no X-Forwarded-For" in errors and "--trusted-proxy=127.0.0.1" in errors


def test_invoke_comments_serve_limits_each_reader(project, intake_env):
    port = free_port()
    url = f"http://127.0.0.1:{port}/kommentare/neu"
    env = {**intake_env, "PYTHONPATH": ""}
    command = [
        str(BIN / "invoke"),
        "comments.serve",
        f"--port={port}",
        f"--settings={project.settings}",
    ]
    process = run_server(command, env, ROOT, url)
    try:
        assert_limit_per_reader(url)
    finally:
        stop(process)


def unit_stop_signal() -> signal.Signals:
    """The signal systemd stops the intake with (KillSignal=, else SIGTERM)."""
    unit = (ROOT / "deploy" / "hafenlicht-intake.service").read_text(encoding="utf-8")
    named = re.search(r"^KillSignal=(\w+)", unit, re.M)
    return signal.Signals[named.group(1)] if named else signal.SIGTERM


def test_a_service_stop_first_sends_the_mail_a_reader_was_promised(intake_env, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/kommentare/neu"  # answers a GET with 405
    command = [
        *SERVER,
        f"--listen=127.0.0.1:{port}",
        *documented_waitress_flags(),
        "intake.wsgi:application",
    ]
    # A slow relay: the confirmation is still being handed over when the stop comes.
    with running_relay(delay=2.0) as relay:
        env = {
            **intake_env,
            "COMMENTS_SMTP_HOST": "127.0.0.1",
            "COMMENTS_SMTP_PORT": str(relay.port),
            "READERS_IMPRESSUM": "Hafenlicht Kommunikation GmbH | Laternenkai 7 | 20457 Hamburg",
        }
        process = run_server(command, env, tmp_path, url)
        try:
            form = {"email": "lea@example.org", "lang": "de", "source": "/"}
            request = urllib.request.Request(
                url.replace("/neu", "/newsletter"),
                data=urllib.parse.urlencode(form).encode(),
                headers={"X-Forwarded-For": "203.0.113.1"},
            )
            with urllib.request.urlopen(request, timeout=30) as answer:
                assert answer.status == 200
            assert relay.mails == []  # the reader's page came first
        finally:
            process.send_signal(unit_stop_signal())  # `systemctl stop`
            try:
                _out, errors = process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()  # no server left behind by a failed test
                process.communicate()
                raise
        (mail,) = relay.mails
        assert mail["To"] == "lea@example.org", errors
