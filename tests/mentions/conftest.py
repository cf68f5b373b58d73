"""Fixtures of the mention tests: the other blog and the real intake (tests/mentions_blog.py)."""

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from comments.settings import CommentsSettings
from intake.app import IntakeApp
from mentions.settings import MentionsSettings
from mentions_blog import LOCAL, ROOT, SITE, Intake, OtherBlog, write_manifest


@pytest.fixture
def other_blog() -> Iterator[OtherBlog]:
    blog = OtherBlog()
    yield blog
    blog.close()


@pytest.fixture
def start_intake(tmp_path) -> Iterator[Callable[..., Intake]]:
    servers = []

    def start(
        mentions: MentionsSettings = LOCAL, manifest: Path | None = None, **changes
    ) -> Intake:
        settings = replace(
            CommentsSettings(),
            db_path=str(tmp_path / "queue.sqlite3"),
            manifest_path=str(manifest or write_manifest(tmp_path)),
            site_url=SITE,
            theme_path=str(ROOT / "theme"),
            **changes,
        )
        app = IntakeApp(settings, mentions=mentions)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return Intake(f"http://127.0.0.1:{server.server_port}", app)

    yield start
    for server in servers:
        server.shutdown()
