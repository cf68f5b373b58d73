"""The live preview: a saved article's page is written at once, the full build follows."""

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pelican import signals

from conftest import ROOT, copy_fixture, free_port
from publishing import live
from publishing.build import run_build
from site_project import site_project

ARTICLE = Path("2024") / "zu-wem-gehoert.md"


@pytest.fixture
def built(tmp_path):
    """The basic fixture built with the development settings, its generator kept."""
    copy_fixture("basic", tmp_path)
    output = tmp_path / "output"
    kept = {}

    def remember(generators):
        kept["articles"] = live.articles_generator(generators)

    signals.all_generators_finalized.connect(remember, weak=False)
    try:
        blog = site_project(tmp_path)
        outcome = run_build(blog, blog.settings_base, output)
    finally:
        signals.all_generators_finalized.disconnect(remember)
    assert outcome.ok
    return tmp_path, output, kept["articles"]


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def page_of(output: Path) -> Path:
    return next(output.glob("2024/*/zu-wem-gehoert-*/index.html"))


def test_a_saved_article_gets_its_page_at_once_and_nothing_else_changes(built):
    project, output, generator = built
    others = {p: p.read_bytes() for p in output.rglob("*.html") if p != page_of(output)}
    before = page_of(output).read_text(encoding="utf-8")
    source = project / "content" / ARTICLE
    append(source, "Ein frischer Absatz aus der Redaktion.")

    assert live.quick_pass({source}, generator, output) == [page_of(output)]
    after = page_of(output).read_text(encoding="utf-8")
    assert "Ein frischer Absatz aus der Redaktion." in after
    # Everything the plugins attached stays: bio box, share links, the site around it.
    for kept in ('class="bio', 'class="share', 'class="site-header'):
        assert (kept in before) == (kept in after), kept
    assert {p: p.read_bytes() for p in others} == others
    assert not list(output.glob(".quick-*"))


def test_a_second_save_starts_from_the_first(built):
    project, output, generator = built
    source = project / "content" / ARTICLE
    append(source, "Erster Nachtrag.")
    live.quick_pass({source}, generator, output)
    append(source, "Zweiter Nachtrag.")
    live.quick_pass({source}, generator, output)
    page = page_of(output).read_text(encoding="utf-8")
    assert "Erster Nachtrag." in page and "Zweiter Nachtrag." in page


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda t: t.replace("Date: 2024-09-04 10:30", "Date: kaputt"), "a broken header"),
        (lambda t: t.replace("Date: 2024-09-04 10:30", "Date: 2024-10-04 10:30"), "a new URL"),
        (lambda t: t.replace("Title: ", "Status: draft\nTitle: "), "a new status"),
    ],
)
def test_changes_the_quick_page_cannot_show_are_left_to_the_full_build(built, change, why):
    project, output, generator = built
    before = page_of(output).read_bytes()
    source = project / "content" / ARTICLE
    source.write_text(change(source.read_text(encoding="utf-8")), encoding="utf-8")
    assert live.quick_pass({source}, generator, output) == [], why
    assert page_of(output).read_bytes() == before


def test_new_files_and_other_files_need_the_full_build(built):
    project, _output, generator = built
    new = project / "content" / "2025" / "neu.md"
    new.write_text("Title: Neu\nDate: 2025-05-01\nAuthor: Jana Albers\n\nText.\n")
    assert live.quick_articles({new}, generator) == []
    profile = project / "content" / "authors" / "jana-albers.md"
    assert live.quick_articles({project / "content" / ARTICLE, profile}, generator) == []
    assert live.quick_articles({project / "content" / ARTICLE}, None) == []


def test_the_watcher_reports_added_changed_and_removed_files(tmp_path):
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "__pycache__").mkdir()
    settings = tmp_path / "pelicanconf.py"
    settings.write_text("A = 1\n")
    watcher = live.ChangeWatcher([tmp_path / "a.md", tmp_path, settings]).start()
    try:
        assert watcher.settled_changes(timeout=0.5) == set()
        (tmp_path / "a.md").write_text("a, länger")
        (tmp_path / "b.md").unlink()
        (tmp_path / "c.md").write_text("c")
        (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"ignored")
        changed = set()
        deadline = time.monotonic() + 60
        while len(changed) < 3 and time.monotonic() < deadline:
            changed |= watcher.settled_changes(timeout=1)
        assert changed == {tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.md"}
        assert watcher.settled_changes(timeout=0.5) == set()
    finally:
        watcher.stop()


def test_the_watcher_skips_a_missing_folder_and_refuses_when_it_can_watch_nothing(tmp_path):
    # A plugin path not made yet stopped the whole watcher (in its thread, unseen): the
    # live preview then never rebuilt. Now the others are watched; with none, it says so.
    watcher = live.ChangeWatcher([tmp_path / "plugins", tmp_path]).start()
    try:
        (tmp_path / "a.md").write_text("a")
        changed = set()
        deadline = time.monotonic() + 60
        while not changed and time.monotonic() < deadline:
            changed |= watcher.settled_changes(timeout=1)
        assert changed == {tmp_path / "a.md"}
    finally:
        watcher.stop()
    with pytest.raises(OSError, match=r"Cannot watch .*weg for changes: none of them exists"):
        live.ChangeWatcher([tmp_path / "weg"]).start()


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


class _Lines:
    """The lines a process prints, collected by a thread, so a test can wait for one."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for raw in iter(stream.readline, b""):
            self.lines.append(raw.decode("utf-8", "replace"))

    def wait_for(self, prefix: str, after: int, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(line.startswith(prefix) for line in self.lines[after:]):
                return True
            time.sleep(0.05)
        return False


@contextlib.contextmanager
def live_preview(tmp_path: Path):
    """`invoke livereload` on a copy of the basic site, in its own process, until the
    article's page is served; yields the port and the printed lines."""
    copy_fixture("basic", tmp_path)
    theme = shutil.copytree(ROOT / "theme", tmp_path / "theme")
    port = free_port()
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1] + '/plugins'); "
        "from publishing.project import Project; from publishing.server import serve_live; "
        "project = Project(Path(sys.argv[1])); "
        "serve_live(project, project.settings_base, Path(sys.argv[2]), "
        "int(sys.argv[3]), PATH=sys.argv[4], CACHE_PATH=sys.argv[5], THEME=sys.argv[6])"
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            script,
            str(ROOT),
            str(tmp_path / "output"),
            str(port),
            str(tmp_path / "content"),
            str(tmp_path / "cache"),
            str(theme),
        ],
        cwd=ROOT,
        # Shown, so that Python 3.12's warning about forking beside threads is seen.
        env={**os.environ, "PYTHONWARNINGS": "default::DeprecationWarning"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    printed = _Lines(process.stdout)
    try:
        deadline = time.monotonic() + 180
        while not list((tmp_path / "output").glob("2024/*/zu-wem-gehoert-*/index.html")):
            assert process.poll() is None and time.monotonic() < deadline, printed.lines
            time.sleep(0.1)
        yield process, port, printed
    finally:
        process.terminate()
        process.wait(timeout=60)


def served(process, printed, url: str, text: str, seconds: float = 180) -> None:
    """Wait until the page at ``url`` shows ``text`` (generous: a shared, loaded host)."""
    deadline = time.monotonic() + seconds
    while text not in fetch(url):
        assert process.poll() is None and time.monotonic() < deadline, printed.lines
        time.sleep(0.1)


@pytest.mark.slow
def test_invoke_livereload_writes_the_edited_article_page_first(tmp_path):
    """Behaviour, not speed (the bench measures that): after a save, the quick pass
    writes the article's page ("Fresh: ...") and the page shows the edit. Bounds are
    generous for a loaded shared machine; the theme is a copy, so that no other test
    touching the project's theme starts a full build that takes the edit first."""
    with live_preview(tmp_path) as (process, port, printed):
        url = (
            f"http://127.0.0.1:{port}/"
            + page_of(tmp_path / "output").parent.relative_to(tmp_path / "output").as_posix()
            + "/"
        )
        served(process, printed, url, "Zu wem gehört der Firmen-Account?")

        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/gibt-es-nicht/", timeout=30)
        assert missing.value.code == 404
        assert "Diese Seite gibt es nicht (mehr)" in missing.value.read().decode("utf-8")

        before = len(printed.lines)
        append(tmp_path / "content" / ARTICLE, "Live gespeichert.")
        assert printed.wait_for("Fresh: 2024/", before, 120), printed.lines
        served(process, printed, url, "Live gespeichert.", 120)


@pytest.mark.slow
def test_invoke_livereload_follows_a_branch_switch(tmp_path):
    """A `git switch` changes, adds and removes many files at once: the preview builds
    the whole site again (its reading and drawing pools start beside the watcher's
    thread) and serves the new state; a later save is still taken."""
    with live_preview(tmp_path) as (process, port, printed):
        content = tmp_path / "content"
        (content / "2025" / "zweiter-beitrag.md").unlink()
        for number in range(30):
            (content / "2026").mkdir(exist_ok=True)
            (content / "2026" / f"zweig-{number}.md").write_text(
                f"Title: Vom Zweig Nummer {number}\nDate: 2026-01-05 10:{number:02d}\n"
                "Author: Jana Albers\nCategory: Social Media\nSummary: Ein Beitrag vom Zweig.\n\n"
                f"Text des Zweigs {number}.\n",
                encoding="utf-8",
            )
        append(content / ARTICLE, "Auf dem Zweig geändert.")
        home = f"http://127.0.0.1:{port}/"
        served(process, printed, home, "Vom Zweig Nummer 29")
        assert "zweiter-beitrag" not in fetch(home)
        append(content / ARTICLE, "Danach noch einmal gespeichert.")
        page = page_of(tmp_path / "output").parent.relative_to(tmp_path / "output").as_posix()
        served(process, printed, f"{home}{page}/", "Danach noch einmal gespeichert.")
    # No pool was forked while the watcher's and the server's threads ran (Python 3.12
    # and later say so when it happens: such a worker can hang; newsroom.workers).
    assert not [line for line in printed.lines if "use of fork()" in line], printed.lines
