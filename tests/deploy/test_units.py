"""deploy/: the systemd units, the intake's environment file and Litestream's, checked as
shipped (only /srv/hafenlicht replaced by this checkout)."""

import dataclasses
import re
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from comments.settings import CommentsSettings
from conftest import ROOT
from deploy_server import DEPLOY, serve_as_the_unit, unit_environment, wait_for_port
from mentions.settings import MentionsSettings
from newsroom import config
from readers.settings import ReadersSettings
from tools import require

UNITS = (
    "hafenlicht-intake.service",
    "hafenlicht-litestream.service",
    "hafenlicht-restore.service",
)
# With replication, beside the intake's unit (systemd-analyze reads it from there).
DROP_IN = "hafenlicht-intake.service.d/replication.conf"
# Settings only the build reads (the intake never does): not in the intake's file.
BUILD_ONLY = {
    "COMMENTS_INTAKE_URL",
    "COMMENTS_PATH",
    "COMMENTS_MANIFEST_SAVE_AS",
    "COMMENTS_UNAVAILABLE_SAVE_AS",
    "MENTIONS_WEBMENTION_URL",
    "MENTIONS_PINGBACK_URL",
    "MENTIONS_SEND",
    "MENTIONS_SENT_PATH",
    "MENTIONS_NEVER_NOTIFY",
}


def unit_here(name: str, folder: Path) -> Path:
    """The unit with this checkout in place of /srv/hafenlicht."""
    text = (DEPLOY / name).read_text(encoding="utf-8")
    assert "/srv/hafenlicht" in text
    target = folder / name
    target.write_text(text.replace("/srv/hafenlicht", str(ROOT)), encoding="utf-8")
    return target


@pytest.mark.slow
def test_systemd_analyze_verify_finds_nothing(tmp_path):
    require("systemd-analyze")
    units = [str(unit_here(name, tmp_path)) for name in UNITS]
    (tmp_path / DROP_IN).parent.mkdir()
    (tmp_path / DROP_IN).write_text((DEPLOY / DROP_IN).read_text(encoding="utf-8"))
    result = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=120
    )
    assert (result.returncode, result.stderr, result.stdout) == (0, "", "")


@pytest.mark.slow
@pytest.mark.parametrize("name", UNITS)
def test_the_units_are_sandboxed(tmp_path, name):
    """systemd's own measure: "OK" is an exposure below 2 (10 is a unit without any)."""
    require("systemd-analyze")
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(unit_here(name, tmp_path))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d)", result.stdout)
    assert found, result.stdout + result.stderr
    assert float(found.group(1)) < 2.0, result.stdout


# Every settings record the intake reads from its environment, by prefix.
SCHEMAS = {
    "COMMENTS_": CommentsSettings,
    "MENTIONS_": MentionsSettings,
    "READERS_": ReadersSettings,
}


def test_the_environment_file_names_every_setting_the_intake_reads():
    text = (DEPLOY / "intake.env").read_text(encoding="utf-8")
    named = set(re.findall(r"^#?((?:COMMENTS|MENTIONS|READERS)_[A-Z_]+)=", text, re.M))
    settings = {
        f"{prefix}{field.name.upper()}"
        for prefix, schema in SCHEMAS.items()
        for field in dataclasses.fields(schema)
    }
    assert sorted(settings - BUILD_ONLY - named) == [], "missing in deploy/intake.env"
    assert named == settings - BUILD_ONLY
    for variable in named:  # each with a comment above it, or in a group that has one
        line = text.index(f"{variable}=")
        assert "\n#" in text[max(0, line - 400) : line], variable


def test_a_setting_left_commented_shows_its_default():
    """The file says "a setting left commented keeps the default shown": each commented
    value, read as the intake reads its environment, is the default the intake runs
    with (the record's, or the unit's Environment= where the unit sets one)."""
    unit = unit_environment("hafenlicht-intake.service")
    wrong = []
    for name, value in re.findall(
        r"^#((?:COMMENTS|MENTIONS|READERS)_[A-Z_]+)=(.*)$",
        (DEPLOY / "intake.env").read_text(encoding="utf-8"),
        re.M,
    ):
        prefix = next(prefix for prefix in SCHEMAS if name.startswith(prefix))
        schema, field = SCHEMAS[prefix], name.removeprefix(prefix).lower()
        shown = getattr(config.from_environment(prefix, schema, {name: value}), field)
        default = getattr(config.from_environment(prefix, schema, unit), field)
        if shown != default:
            wrong.append(f"{name}: the file shows {shown!r}, the intake runs with {default!r}")
    assert wrong == []


@pytest.mark.slow
def test_the_shipped_environment_file_refuses_to_start_until_the_key_is_set(tmp_path):
    process = serve_as_the_unit(tmp_path)
    process.wait(timeout=120)
    errors = process.log.read_text()
    assert process.returncode == 78  # RestartPreventExitStatus: no restart loop
    assert "COMMENTS_SECRET_KEY is not set" in errors and "Traceback" not in errors


@pytest.mark.slow
def test_the_units_command_serves_the_intake_and_its_health(tmp_path):
    process = serve_as_the_unit(tmp_path, COMMENTS_SECRET_KEY="k" * 43)
    try:
        wait_for_port(process.port)
        url = f"http://127.0.0.1:{process.port}/kommentare/health"
        with urllib.request.urlopen(url, timeout=60) as answer:
            assert answer.status == 200
        # waitress's own limit, before the intake: a body declared over 1 MiB is refused
        # from its headers. (Sending the body too races with the server closing the
        # connection: the client may see a broken pipe instead of the answer.)
        with socket.create_connection(("127.0.0.1", process.port), timeout=60) as client:
            client.sendall(
                b"POST /kommentare/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/octet-stream\r\nContent-Length: 2000000\r\n\r\n"
            )
            status_line = client.makefile("rb").readline()
        assert status_line.split()[1] == b"413", status_line
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_every_server_the_manual_gives_a_command_for_is_installed():
    """A command in docs/operations.md for a WSGI server that requirements.txt does not
    install fails on the server as written ("gunicorn works the same way" did)."""
    manual = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    installed = (ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    commands = re.findall(r"`(?:\S*/)?(gunicorn|uwsgi|hypercorn|waitress-serve) [^`]*`", manual)
    package = {"waitress-serve": "waitress"}
    missing = {name for name in commands if f"\n{package.get(name, name)}==" not in installed}
    assert missing == set()
