"""The live preview: a saved article's page is written at once, the full build follows."""

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pelican import signals

import tasks
from conftest import ROOT, copy_fixture
from publishing import live

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
        outcome = tasks.run_build(
            ROOT / "pelicanconf.py",
            output,
            PATH=str(tmp_path / "content"),
            CACHE_PATH=str(tmp_path / "cache"),
        )
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
    watcher = live.ChangeWatcher([tmp_path])
    assert watcher.changes() == set()
    (tmp_path / "a.md").write_text("a, länger")
    (tmp_path / "b.md").unlink()
    (tmp_path / "c.md").write_text("c")
    assert watcher.changes() == {tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.md"}
    assert watcher.changes() == set()


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


@pytest.mark.slow
def test_invoke_livereload_writes_the_edited_article_page_first(tmp_path):
    """Behaviour, not speed (the bench measures that): after a save, the quick pass
    writes the article's page ("Fresh: ...") and the page shows the edit. Bounds are
    generous for a loaded shared machine; the theme is a copy, so that no other test
    touching the project's theme starts a full build that takes the edit first."""
    copy_fixture("basic", tmp_path)
    theme = shutil.copytree(ROOT / "theme", tmp_path / "theme")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import tasks; "
        "tasks.serve_live(Path(sys.argv[1]) / 'pelicanconf.py', Path(sys.argv[2]), "
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
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    printed = _Lines(process.stdout)
    try:
        deadline = time.monotonic() + 180
        while not list((tmp_path / "output").glob("2024/*/zu-wem-gehoert-*/index.html")):
            assert process.poll() is None and time.monotonic() < deadline, printed.lines
            time.sleep(0.1)
        url = (
            f"http://127.0.0.1:{port}/"
            + page_of(tmp_path / "output").parent.relative_to(tmp_path / "output").as_posix()
            + "/"
        )
        while "Zu wem gehört der Firmen-Account?" not in fetch(url):
            assert process.poll() is None and time.monotonic() < deadline, printed.lines
            time.sleep(0.1)

        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/gibt-es-nicht/", timeout=30)
        assert missing.value.code == 404
        assert "Diese Seite gibt es nicht (mehr)" in missing.value.read().decode("utf-8")

        before = len(printed.lines)
        append(tmp_path / "content" / ARTICLE, "Live gespeichert.")
        assert printed.wait_for("Fresh: 2024/", before, 120), printed.lines
        deadline = time.monotonic() + 120
        while "Live gespeichert." not in fetch(url):
            assert process.poll() is None and time.monotonic() < deadline, printed.lines
            time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=60)
