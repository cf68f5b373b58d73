"""Deploy targets against real local destinations: a folder, rsync, a bare git repo."""

import subprocess
from pathlib import Path

import pytest

from publishing.deploy import DeployError, deploy_dir, deploy_ghpages, deploy_rsync
from tools import require


def site(root: Path, version: str) -> Path:
    (root / "sub").mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(f"<p>{version}</p>")
    (root / "sub" / f"only-in-{version}.html").write_text(version)
    return root


def test_dir_first_deploy_replaces_a_plain_folder_atomically(tmp_path):
    live = tmp_path / "www"
    live.mkdir()
    (live / "index.html").write_text("<p>old</p>")
    release = deploy_dir(site(tmp_path / "build1", "v1"), live)
    assert live.is_symlink() and live.resolve() == release
    assert (live / "index.html").read_text() == "<p>v1</p>"
    kept = [p.name for p in (tmp_path / "www.releases").iterdir()]
    assert any(name.endswith("-before") for name in kept)  # the old folder is kept


def test_dir_switches_releases_and_keeps_only_the_last_ones(tmp_path):
    live = tmp_path / "www"
    for number in range(1, 6):
        deploy_dir(site(tmp_path / f"build{number}", f"v{number}"), live, keep=2)
    assert (live / "index.html").read_text() == "<p>v5</p>"
    assert not (live / "sub" / "only-in-v4.html").exists()  # a release is never mixed
    assert len([p for p in (tmp_path / "www.releases").iterdir()]) == 2


def test_rsync_mirrors_and_deletes_old_files(tmp_path):
    require("rsync")
    destination = tmp_path / "mirror"
    deploy_rsync(site(tmp_path / "b1", "v1"), str(destination))
    deploy_rsync(site(tmp_path / "b2", "v2"), str(destination))
    assert (destination / "index.html").read_text() == "<p>v2</p>"
    assert not (destination / "sub" / "only-in-v1.html").exists()


def test_rsync_failure_names_the_destination(tmp_path):
    require("rsync")
    with pytest.raises(DeployError, match="rsync to /proc/nope/x failed"):
        deploy_rsync(site(tmp_path / "b", "v1"), "/proc/nope/x")


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A project checkout whose `origin` is a local bare repository."""
    bare = tmp_path / "remote.git"
    git("init", "--bare", "--quiet", str(bare), cwd=tmp_path)
    work = tmp_path / "checkout"
    work.mkdir()
    git("init", "--quiet", cwd=work)
    git("remote", "add", "origin", str(bare), cwd=work)
    return work


def test_ghpages_pushes_commits_with_history_and_leaves_the_checkout_alone(tmp_path, checkout):
    first = deploy_ghpages(site(tmp_path / "b1", "v1"), "origin", repository=checkout).id
    second = deploy_ghpages(site(tmp_path / "b2", "v2"), "origin", repository=checkout).id
    bare = tmp_path / "remote.git"
    assert git("rev-parse", "gh-pages", cwd=bare) == second
    assert git("rev-parse", "gh-pages^", cwd=bare) == first
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).splitlines()
    assert sorted(files) == [".nojekyll", "index.html", "sub/only-in-v2.html"]
    assert git("show", "gh-pages:index.html", cwd=bare) == "<p>v2</p>"
    assert git("status", "--porcelain", cwd=checkout) == ""


def test_ghpages_adds_no_empty_commit_when_nothing_changed(tmp_path, checkout):
    first = deploy_ghpages(site(tmp_path / "b1", "v1"), "origin", repository=checkout)
    again = deploy_ghpages(site(tmp_path / "b2", "v1"), "origin", repository=checkout)
    assert first.changed and not again.changed and again.id == first.id
    assert git("rev-list", "--count", "gh-pages", cwd=tmp_path / "remote.git") == "1"


def test_ghpages_outside_a_checkout_says_so(tmp_path):
    with pytest.raises(DeployError, match="is not a git checkout"):
        deploy_ghpages(site(tmp_path / "b", "v1"), "origin", repository=tmp_path)
