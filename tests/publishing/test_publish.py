"""`invoke publish` end to end: build, check, index, deploy — or deploy nothing."""

import subprocess
from pathlib import Path

import pytest
from invoke import Context, Exit

import tasks
from conftest import copy_fixture

pytestmark = pytest.mark.slow

ARTICLE = "2025/02/ein-jahr-corporate-blog-bei-nordstahl/index.html"


@pytest.fixture
def project(tmp_path, monkeypatch):
    copy_fixture("interviews", tmp_path)
    monkeypatch.setitem(
        tasks.CONFIG,
        "overrides",
        {"PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache")},
    )
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_publish_to_a_folder_with_search_index(project, monkeypatch):
    live = project / "www"
    monkeypatch.setenv("PUBLISHING_DIR", str(live))
    tasks.publish(Context(), target="dir")
    assert (live / ARTICLE).is_file()
    assert (live / "pagefind" / "pagefind.js").is_file()
    assert (live / "suche" / "index.html").is_file()


def test_broken_content_deploys_nothing_and_the_live_site_stays(project, monkeypatch, capsys):
    live = project / "www"
    monkeypatch.setenv("PUBLISHING_DIR", str(live))
    tasks.publish(Context(), target="dir")
    before = snapshot(live)
    releases = sorted(p.name for p in (project / "www.releases").iterdir())

    article = project / "content" / "2025" / "gast.md"
    article.write_text(article.read_text().replace("Date: 2025-03-10", "Date: 10.03.2025"))
    with pytest.raises(Exit, match="Nothing was deployed"):
        tasks.publish(Context(), target="dir")
    assert '"Date" is "10.03.2025"' in capsys.readouterr().out
    assert snapshot(live) == before
    assert sorted(p.name for p in (project / "www.releases").iterdir()) == releases


def test_a_broken_internal_link_stops_the_deploy(project, monkeypatch):
    monkeypatch.setenv("PUBLISHING_DIR", str(project / "www"))
    article = project / "content" / "2025" / "gast.md"
    article.write_text(article.read_text() + "\n[Frage]({filename}/2025/interview.md#frage-x)\n")
    with pytest.raises(Exit):
        tasks.publish(Context(), target="dir")
    assert not (project / "www").exists()


def test_publish_with_rsync_to_a_local_path(project, monkeypatch):
    destination = project / "mirror"
    monkeypatch.setenv("PUBLISHING_RSYNC_DESTINATION", str(destination))
    tasks.publish(Context(), target="rsync")
    assert (destination / ARTICLE).is_file()
    assert (destination / "pagefind" / "pagefind.js").is_file()


def test_publish_to_gh_pages_of_a_bare_repository(project, monkeypatch):
    bare = project / "site.git"
    subprocess.run(["git", "init", "--bare", "--quiet", str(bare)], check=True)
    checkout = project / "checkout"
    checkout.mkdir()
    subprocess.run(["git", "init", "--quiet"], cwd=checkout, check=True)
    subprocess.run(["git", "remote", "add", "origin", str(bare)], cwd=checkout, check=True)
    monkeypatch.setitem(tasks.CONFIG, "repository", checkout)
    tasks.publish(Context(), target="ghpages")
    files = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "gh-pages"],
        cwd=bare,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert ARTICLE in files and "pagefind/pagefind.js" in files and ".nojekyll" in files


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Redaktion", "-c", "user.email=r@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_publish_refuses_uncommitted_files_unless_allowed(project, monkeypatch):
    live = project / "www"
    monkeypatch.setenv("PUBLISHING_DIR", str(live))
    _git(project, "init", "--quiet")
    (project / ".gitignore").write_text("cache/\n")
    _git(project, "add", "-A")
    _git(project, "commit", "--quiet", "-m", "Inhalt")
    (project / "content" / "2025" / "ungeprueft.md").write_text(
        "Title: Nie committet\nDate: 2025-03-01\nAuthor: Jana Albers\nCategory: Interviews\n"
        "Summary: Ungeprüft.\n\nText.\n",
        encoding="utf-8",
    )
    guest = project / "content" / "2025" / "gast.md"
    guest.write_text(guest.read_text() + "\nNoch ein Satz.\n")

    with pytest.raises(Exit) as refused:
        tasks.publish(Context(), target="dir")
    message = str(refused.value)
    assert "content/2025/ungeprueft.md" in message
    assert "content/2025/gast.md" in message
    assert "--allow-dirty" in message
    assert not live.exists()

    tasks.publish(Context(), target="dir", allow_dirty=True)
    assert (live / "2025" / "03" / "nie-committet" / "index.html").is_file()

    _git(project, "add", "-A")
    _git(project, "commit", "--quiet", "-m", "Mehr")
    tasks.publish(Context(), target="dir")  # clean again: published without the flag
