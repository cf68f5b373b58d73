"""nginx with deploy/nginx.conf in front of a production build and a running intake."""

import signal

import pytest

from built_sites import build_production
from conftest import free_port
from deploy_server import DOWN_TEXT, start_intake, start_nginx
from tools import require


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """nginx with deploy/nginx.conf in front of a production build and a running intake."""
    require("nginx")
    folder = tmp_path_factory.mktemp("nginx")
    port, intake_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    site = build_production(folder / "project", base)
    # The comments plugin writes this page (issue 20); until it does, the test puts the
    # same words there, so that what nginx serves for a failed post can be checked.
    down = site.output / "kommentare" / "nicht-erreichbar.html"
    if not down.exists():
        down.write_text(f"<!DOCTYPE html><title>Fehler</title><p>{DOWN_TEXT}.</p>", "utf-8")
    intake = start_intake(site.output, intake_port, folder / "queue.sqlite3")
    nginx = start_nginx(folder, site.output, port, intake_port)
    state = {"port": port, "site": site, "intake": intake, "intake_port": intake_port}
    state["queue"] = folder / "queue.sqlite3"
    state["folder"] = folder
    yield state
    nginx.send_signal(signal.SIGQUIT)
    nginx.wait(timeout=30)
    state["intake"].terminate()
    state["intake"].wait(timeout=30)
