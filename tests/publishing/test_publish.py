"""`invoke publish` end to end: build, check, index, deploy — or deploy nothing."""

import dataclasses
import subprocess
from pathlib import Path

import pytest

from conftest import copy_fixture
from publishing.project import Refused
from publishing.publish import publish_site
from site_project import site_project
from tools import require

pytestmark = pytest.mark.slow

ARTICLE = "2025/02/ein-jahr-corporate-blog-bei-nordstahl/index.html"


@pytest.fixture
def project(tmp_path):
    copy_fixture("interviews", tmp_path)
    return tmp_path


@pytest.fixture
def blog(project):
    return site_project(project)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_publish_to_a_folder_with_search_index(blog, project, monkeypatch):
    live = project / "www"
    monkeypatch.setenv("PUBLISHING_DIR", str(live))
    publish_site(blog, target="dir")
    assert (live / ARTICLE).is_file()
    assert (live / "pagefind" / "parts.json").is_file()
    assert (live / "suche" / "index.html").is_file()


def test_broken_content_deploys_nothing_and_the_live_site_stays(blog, project, monkeypatch, capsys):
    live = project / "www"
    monkeypatch.setenv("PUBLISHING_DIR", str(live))
    publish_site(blog, target="dir")
    before = snapshot(live)
    releases = sorted(p.name for p in (project / "www.releases").iterdir())

    article = project / "content" / "2025" / "gast.md"
    article.write_text(article.read_text().replace("Date: 2025-03-10", "Date: 10.03.2025"))
    with pytest.raises(Refused, match="Nothing was deployed"):
        publish_site(blog, target="dir")
    assert '"Date" is "10.03.2025"' in capsys.readouterr().out
    assert snapshot(live) == before
    assert sorted(p.name for p in (project / "www.releases").iterdir()) == releases


def test_a_broken_internal_link_stops_the_deploy(blog, project, monkeypatch):
    monkeypatch.setenv("PUBLISHING_DIR", str(project / "www"))
    article = project / "content" / "2025" / "gast.md"
    article.write_text(article.read_text() + "\n[Frage]({filename}/2025/interview.md#frage-x)\n")
    with pytest.raises(Refused):
        publish_site(blog, target="dir")
    assert not (project / "www").exists()


def test_publish_with_rsync_to_a_local_path(blog, project, monkeypatch):
    require("rsync")
    destination = project / "mirror"
    monkeypatch.setenv("PUBLISHING_RSYNC_DESTINATION", str(destination))
    publish_site(blog, target="rsync")
    assert (destination / ARTICLE).is_file()
    assert (destination / "pagefind" / "parts.json").is_file()


def test_a_failed_rsync_is_a_message_not_a_traceback(blog, project, monkeypatch):
    require("rsync")
    # The tasks turn Refused into a one-line message and exit 1, as for the s3 target.
    monkeypatch.setenv("PUBLISHING_RSYNC_DESTINATION", "/proc/gibt-es-nicht/www")
    with pytest.raises(Refused, match="The deploy failed: rsync to /proc/gibt-es-nicht/www"):
        publish_site(blog, target="rsync")


def test_a_target_without_its_address_is_refused_before_the_build(blog, project, monkeypatch):
    monkeypatch.delenv("PUBLISHING_RSYNC_DESTINATION", raising=False)
    with pytest.raises(Refused, match="Set PUBLISHING_RSYNC_DESTINATION") as refused:
        publish_site(blog, target="rsync")
    assert refused.value.code == 2
    assert not (project / "cache").exists()  # nothing was built


def test_publish_to_gh_pages_of_a_bare_repository(blog, project, monkeypatch):
    bare = project / "site.git"
    subprocess.run(["git", "init", "--bare", "--quiet", str(bare)], check=True)
    checkout = project / "checkout"
    checkout.mkdir()
    subprocess.run(["git", "init", "--quiet"], cwd=checkout, check=True)
    subprocess.run(["git", "remote", "add", "origin", str(bare)], cwd=checkout, check=True)
    publish_site(dataclasses.replace(blog, repository=checkout), target="ghpages")
    files = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "gh-pages"],
        cwd=bare,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert ARTICLE in files and "pagefind/parts.json" in files and ".nojekyll" in files


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Redaktion", "-c", "user.email=r@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_publish_refuses_uncommitted_files_unless_allowed(blog, project, monkeypatch):
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

    with pytest.raises(Refused) as refused:
        publish_site(blog, target="dir")
    message = str(refused.value)
    assert "content/2025/ungeprueft.md" in message
    assert "content/2025/gast.md" in message
    assert "--allow-dirty" in message
    assert not live.exists()

    publish_site(blog, target="dir", allow_dirty=True)
    assert (live / "2025" / "03" / "nie-committet" / "index.html").is_file()

    _git(project, "add", "-A")
    _git(project, "commit", "--quiet", "-m", "Mehr")
    publish_site(blog, target="dir")  # clean again: published without the flag
