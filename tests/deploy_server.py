"""Debian's nginx with deploy/nginx.conf and the comment intake, started for the tests."""

import os
import re
import resource
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT, free_port
from publishing.toolchain import BROTLI_MODULE
from tests.comments.conftest import write_manifest

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY = ROOT / "deploy"
DOWN_TEXT = "Ihr Kommentar konnte gerade nicht gesendet werden"


def wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


def site_config(site: Path, port: int, intake_port: int) -> str:
    """The shipped file with only the site's folder, the listen line and the intake's
    address replaced (each must be found exactly where the README says)."""
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    for old, new in (
        ("/var/www/blog", str(site)),
        ("    listen 80;\n", f"    listen 127.0.0.1:{port};\n"),
        ("    listen [::]:80;\n", ""),
        ("server 127.0.0.1:8090;", f"server 127.0.0.1:{intake_port};"),
    ):
        assert old in text, f"deploy/nginx.conf no longer contains {old!r}"
        text = text.replace(old, new)
    return text


def main_config(folder: Path, site_conf: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf provides around a site, in a tmp folder."""
    assert BROTLI_MODULE.is_file(), "install libnginx-mod-http-brotli-static (invoke test-tools)"
    temporary = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    return "\n".join(
        [
            f"load_module {BROTLI_MODULE};",
            "daemon off;",
            "worker_processes 1;",
            *(["user root;"] if os.geteuid() == 0 else []),  # the site is in root's tmp
            f"pid {folder / 'nginx.pid'};",
            f"error_log {folder / 'error.log'} warn;",
            "events { worker_connections 64; }",
            "http {",
            "  include /etc/nginx/mime.types;",
            "  default_type application/octet-stream;",
            "  access_log off;",
            f"  client_body_temp_path {temporary['body']};",
            f"  proxy_temp_path {temporary['proxy']};",
            f"  fastcgi_temp_path {temporary['fastcgi']};",
            f"  uwsgi_temp_path {temporary['uwsgi']};",
            f"  scgi_temp_path {temporary['scgi']};",
            f"  include {site_conf};",
            "}",
        ]
    )


def start_nginx(folder: Path, site: Path, port: int, intake_port: int) -> subprocess.Popen:
    """Debian's nginx with deploy/nginx.conf serving ``site`` on 127.0.0.1:``port``, its
    configuration and logs in ``folder``; an AssertionError with nginx's words if it fails."""
    (folder / "site.conf").write_text(site_config(site, port, intake_port), "utf-8")
    (folder / "nginx.conf").write_text(main_config(folder, folder / "site.conf"), "utf-8")
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "e.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port)
    except AssertionError:
        process.kill()
        raise AssertionError(process.communicate()[1].decode()) from None
    return process


def file_size_limit(limit: int) -> Callable[[], None]:
    """For ``preexec_fn``: the process may write no file beyond ``limit`` bytes, so its
    writes fail as on a full disk (the process keeps running: SIGXFSZ is ignored)."""

    def limit_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_files


def start_intake(
    site: Path, port: int, queue: Path, preexec: Callable[[], None] | None = None
) -> subprocess.Popen:
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT / "plugins"),
        "COMMENTS_DB_PATH": str(queue),
        "COMMENTS_MANIFEST_PATH": str(site / "kommentare" / "artikel.json"),
        "COMMENTS_THEME_PATH": str(ROOT / "theme"),
        "COMMENTS_RATE_LIMIT": "0",
        "COMMENTS_PROXIES": "1",
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "waitress-serve"),
            f"--listen=127.0.0.1:{port}",
            "intake.wsgi:application",
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=preexec,
    )
    wait_for_port(port)
    return process


def unit_commands(name: str, key: str = "ExecStart") -> list[list[str]]:
    """The command lines of a shipped unit under ``key``, in order (a oneshot unit runs
    them one after the other), with this checkout in place of /srv/hafenlicht."""
    text = (DEPLOY / name).read_text(encoding="utf-8")
    lines = re.findall(rf"^{key}=(.+)$", text, re.M)
    assert lines, f"deploy/{name} has no {key}= line"
    return [shlex.split(line.replace("/srv/hafenlicht", str(ROOT))) for line in lines]


def unit_command(name: str, key: str = "ExecStart") -> list[str]:
    """The one command line of a shipped unit under ``key`` (see ``unit_commands``)."""
    [command] = unit_commands(name, key)
    return command


def unit_environment(path: str) -> dict[str, str]:
    """The ``Environment=`` assignments of a shipped unit or drop-in (``deploy/`` path),
    with this checkout in place of /srv/hafenlicht."""
    text = (DEPLOY / path).read_text(encoding="utf-8").replace("/srv/hafenlicht", str(ROOT))
    return dict(
        part.split("=", 1)
        for line in re.findall(r"^Environment=(.+)$", text, re.M)
        for part in shlex.split(line)
    )


def environment_file(name: str) -> dict[str, str]:
    """The variables a shipped environment file sets, as systemd reads it."""
    values = {}
    for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def serve_as_the_unit(tmp_path: Path, **changes: str) -> subprocess.Popen:
    """The unit's ExecStart with deploy/intake.env, the site and queue in ``tmp_path``
    unless ``changes`` say otherwise; its log goes to ``process.log`` (a file: a pipe
    nobody reads would stop a busy intake)."""
    port = free_port()
    argv = [
        f"--listen=127.0.0.1:{port}" if part.startswith("--listen=") else part
        for part in unit_command("hafenlicht-intake.service")
    ]
    environment = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT / "plugins"),
        **environment_file("intake.env"),
        "COMMENTS_DB_PATH": str(tmp_path / "comments.sqlite3"),
        "COMMENTS_MANIFEST_PATH": str(write_manifest(tmp_path)),
        "COMMENTS_THEME_PATH": str(ROOT / "theme"),
        **changes,
    }
    log = tmp_path / f"intake-{port}.log"
    with log.open("w") as stream:
        process = subprocess.Popen(
            argv, env=environment, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stream
        )
    process.port, process.log = port, log  # type: ignore[attr-defined]
    return process
