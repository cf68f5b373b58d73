"""A moved page never 404s: check and publish compare the site with the last publish."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import copy_fixture, free_port
from newsroom.findings import Finding
from publishing.checks import fix_moved_pages, run_checks
from publishing.project import Refused
from publishing.publish import publish_site
from publishing.publish_state import STATE_FILE
from publishing.vanished import Vanished, findings, vanished
from redirects.table import Redirect, read_redirects
from site_project import site_project

OLD = "/2025/03/lokalredaktionen-lesen-anders/"
NEW = "/2025/03/lokale-leser/"
GUEST = "content/2025/gast.md"


def test_a_page_that_moved_and_one_that_is_gone():
    last = {"/": "", OLD: GUEST, "/2025/03/weg/": "content/2025/weg.md", "/thema/x/": ""}
    current = {"/", NEW}
    gone = vanished(last, current, {GUEST: NEW})
    assert gone == [
        Vanished(OLD, NEW, GUEST),
        Vanished("/2025/03/weg/", "", "content/2025/weg.md"),
        Vanished("/thema/x/", "", ""),
    ]
    moved, deleted, archive = findings(gone, "content/redirects.csv", lambda path: False)
    assert moved == Finding(
        GUEST,
        None,
        "error",
        f"{OLD} was published and moved to {NEW}: its old address would answer 404. "
        f'Add the line "{OLD},{NEW}" to content/redirects.csv: '
        f"invoke redirects.add {OLD} {NEW} (or invoke check --fix)",
    )
    assert deleted.path == "content/redirects.csv"
    assert "(content/2025/weg.md no longer exists)" in deleted.message
    assert "invoke redirects.add /2025/03/weg/ /NEW/ADDRESS/" in deleted.message
    assert "(no page has its address now)" in archive.message


@pytest.fixture
def live(tmp_path, monkeypatch):
    """The interviews fixture site, published once to a folder."""
    copy_fixture("interviews", tmp_path)
    monkeypatch.setenv("PUBLISHING_DIR", str(tmp_path / "www"))
    blog = site_project(tmp_path)
    publish_site(blog, target="dir")
    return blog


def move(blog) -> None:
    """The guest article gets a slug of its own: its page moves."""
    article = Path(blog.overrides["PATH"]) / "2025" / "gast.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Title: ", "Slug: lokale-leser\nTitle: ", 1), "utf-8")


@pytest.mark.slow
def test_check_and_publish_stop_a_move_until_it_is_redirected(live, tmp_path, capsys):
    www = tmp_path / "www"
    assert OLD in (www / STATE_FILE).read_text()
    move(live)
    result = run_checks(live, tmp_path / "checked")
    (error,) = result.errors
    assert error.path == GUEST and f'Add the line "{OLD},{NEW}"' in error.message
    assert result.redirects_to_add == ((OLD, NEW),)
    with pytest.raises(Refused, match="Nothing was deployed"):
        publish_site(live, target="dir")
    assert (www / OLD.strip("/") / "index.html").read_text().count("Lokalredaktionen") > 0

    fix_moved_pages(live, result)
    assert f"added {OLD},{NEW}" in capsys.readouterr().err
    assert read_redirects(tmp_path / "content" / "redirects.csv") == [Redirect(OLD, NEW)]
    publish_site(live, target="dir")
    # The old address is a redirect page now, and the next check is content with it.
    page = (www / OLD.strip("/") / "index.html").read_text()
    assert f'url=https://blog.hafenlicht.example{NEW}"' in page
    assert run_checks(live, tmp_path / "again").errors == []


@pytest.mark.slow
def test_a_deleted_article_needs_a_redirect_chosen_by_an_editor(live, tmp_path):
    (tmp_path / GUEST).unlink()
    result = run_checks(live, tmp_path / "checked")
    (error,) = result.errors
    assert error.path == "content/redirects.csv"
    assert f"{OLD} was published and is gone ({GUEST} no longer exists)" in error.message
    assert result.redirects_to_add == ()


@pytest.mark.slow
def test_a_pull_requests_check_reads_the_pages_of_the_live_site(live, tmp_path, monkeypatch):
    port = free_port()
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path / "www"))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.delenv("PUBLISHING_DIR")  # CI's check job has no deploy settings
    monkeypatch.setenv("PUBLISHING_STATE_URL", f"http://127.0.0.1:{port}/{STATE_FILE}")
    move(live)
    try:
        result = run_checks(live, tmp_path / "checked")
    finally:
        server.shutdown()
        server.server_close()
    assert [e.path for e in result.errors] == [GUEST]
    unreachable = run_checks(live, tmp_path / "checked-again")
    assert unreachable.errors == []
    assert next(w.message for w in unreachable.warnings if w.path == "publish").startswith(
        "the pages of the last publish could not be read"
    )
