"""Publishing twice, and from fresh clones as CI does, notifies each linked site once and
leaves git clean: the record of sent mentions travels with the publish state at the
target (dir, rsync, gh-pages, object storage); a preview notifies nobody.

Another blog on 127.0.0.1 (tests/mentions_blog.py) counts the notifications it gets.
"""

import shutil
import subprocess
import uuid
from dataclasses import replace
from pathlib import Path

import boto3
import pytest

from conftest import ROOT, copy_fixture
from mentions_blog import OtherBlog, Page
from publishing.project import Refused
from publishing.publish import publish_site
from publishing.publish_state import MENTIONS, read_state
from publishing.settings import from_pelican
from s3_local import CREDENTIALS, s3_server
from site_project import site_project
from tools import require

pytestmark = pytest.mark.slow

GUEST = Path("content") / "2025" / "gast.md"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Redaktion", "-c", "user.email=r@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def other_blog():
    blog = OtherBlog()
    blog.pages["/beitrag/"] = Page('<link rel="webmention" href="/wm">Ein Beitrag')
    blog.pages["/zweiter/"] = Page('<link rel="webmention" href="/wm">Noch einer')
    yield blog
    blog.close()


@pytest.fixture(scope="module")
def endpoint():
    with s3_server() as url:
        yield url


@pytest.fixture
def newsroom(tmp_path, monkeypatch, other_blog, endpoint):
    """A committed newsroom whose guest article links to the other blog, its bare remote
    (as on GitHub), and every target configured in the environment."""
    checkout = tmp_path / "checkout"
    copy_fixture("interviews", checkout)
    shutil.copy(ROOT / ".gitignore", checkout / ".gitignore")
    guest = checkout / GUEST
    guest.write_text(
        guest.read_text(encoding="utf-8")
        + f"\nSiehe [diesen Beitrag]({other_blog.url}/beitrag/).\n",
        encoding="utf-8",
    )
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    git(checkout, "init", "--quiet", "--initial-branch=main")
    git(checkout, "remote", "add", "origin", str(remote))
    git(checkout, "add", "-A")
    git(checkout, "commit", "--quiet", "-m", "Inhalt")
    git(checkout, "push", "--quiet", "origin", "main")
    monkeypatch.setenv("MENTIONS_SEND", "1")
    monkeypatch.setenv("MENTIONS_ALLOW_NETWORKS", "127.0.0.0/8")
    monkeypatch.setenv("PUBLISHING_DIR", str(tmp_path / "www"))
    monkeypatch.setenv("PUBLISHING_RSYNC_DESTINATION", str(tmp_path / "mirror"))
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = f"blog-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    monkeypatch.setenv("PUBLISHING_S3_BUCKET", bucket)
    monkeypatch.setenv("PUBLISHING_S3_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("PUBLISHING_S3_GRACE_HOURS", "0")
    return {"checkout": checkout, "remote": remote, "tmp": tmp_path}


def publish(folder: Path, target: str, capsys, **options) -> str:
    """`invoke publish --target TARGET` in ``folder``, a checkout of the newsroom."""
    capsys.readouterr()
    project = replace(site_project(folder), repository=folder)
    publish_site(project, target=target, **options)
    return capsys.readouterr().out


def fresh_clone(newsroom, name: str) -> Path:
    clone = newsroom["tmp"] / name
    git(newsroom["tmp"], "clone", "--quiet", str(newsroom["remote"]), str(clone))
    return clone


def clean(folder: Path) -> bool:
    return git(folder, "status", "--porcelain", "--untracked-files=all") == ""


def state_at(folder: Path, target: str):
    project = site_project(folder)
    settings = project.read_settings(project.settings_publish)
    return read_state(from_pelican({**settings, "PUBLISHING_TARGET": target}), folder)


@pytest.mark.parametrize("target", ["dir", "rsync", "ghpages", "s3"])
def test_publish_twice_and_from_two_fresh_clones_notifies_once(
    newsroom, other_blog, target, capsys
):
    if target == "rsync":
        require("rsync")
    checkout = newsroom["checkout"]
    first = publish(checkout, target, capsys)
    assert "Mentions: 1 sent, 0 failed" in first and "recorded with the publish state" in first
    assert len(other_blog.posts("/wm")) == 1 and clean(checkout)

    again = publish(checkout, target, capsys)  # the second publish succeeds, sends nothing
    assert "Mentions: 0 sent, 0 failed" in again and "recorded" not in again
    assert len(other_blog.posts("/wm")) == 1 and clean(checkout)

    for name in ("ci-1", "ci-2"):  # every CI run starts from a fresh checkout
        clone = fresh_clone(newsroom, name)
        assert "Mentions: 0 sent" in publish(clone, target, capsys)
        assert len(other_blog.posts("/wm")) == 1 and clean(clone)

    # An edit in a fresh clone: the edited article tells each page it links to once more
    # (Webmention's rule for an update), the new one included; then nothing again.
    clone = fresh_clone(newsroom, "ci-3")
    guest = clone / GUEST
    guest.write_text(
        guest.read_text(encoding="utf-8") + f"Und [noch einer]({other_blog.url}/zweiter/).\n",
        encoding="utf-8",
    )
    git(clone, "commit", "--quiet", "-am", "Ein Link mehr")
    git(clone, "push", "--quiet", "origin", "main")
    publish(clone, target, capsys)
    targets = [post.form["target"] for post in other_blog.posts("/wm")]
    first_link, second_link = f"{other_blog.url}/beitrag/", f"{other_blog.url}/zweiter/"
    assert targets == [first_link, first_link, second_link]
    assert clean(clone)
    assert "Mentions: 0 sent" in publish(fresh_clone(newsroom, "ci-4"), target, capsys)
    assert len(other_blog.posts("/wm")) == 3
    record = state_at(clone, target).other[MENTIONS]
    article = record["articles"]["lokalredaktionen-lesen-anders"]
    assert {link: entry["status"] for link, entry in article["links"].items()} == {
        first_link: "sent",
        second_link: "sent",
    }


def test_a_record_in_the_content_folder_is_read_once_and_never_written(
    newsroom, other_blog, capsys
):
    checkout = newsroom["checkout"]
    first = publish(checkout, "dir", capsys)
    assert len(other_blog.posts("/wm")) == 1
    # A checkout of an older version kept the record in git: take it there and start over.
    record = state_at(checkout, "dir").other[MENTIONS]
    legacy = checkout / "content" / ".mentions-sent.json"
    import json

    legacy.write_text(json.dumps(record), encoding="utf-8")
    git(checkout, "add", "-A")
    git(checkout, "commit", "--quiet", "-m", "Alter Stand")
    (newsroom["tmp"] / "www").unlink()  # a new server: nothing published there yet
    shutil.rmtree(newsroom["tmp"] / "www.releases")
    kept = legacy.read_bytes()

    migrated = publish(checkout, "dir", capsys)
    assert "read once from" in migrated and ".mentions-sent.json" in migrated
    assert "Mentions: 0 sent" in migrated and "recorded with the publish state" in migrated
    assert len(other_blog.posts("/wm")) == 1 and first
    assert legacy.read_bytes() == kept and clean(checkout)
    assert state_at(checkout, "dir").other[MENTIONS]["articles"] == record["articles"]

    later = publish(checkout, "dir", capsys)
    assert "read once" not in later and "is no longer read" in later
    assert legacy.read_bytes() == kept and len(other_blog.posts("/wm")) == 1


def test_a_preview_notifies_nobody(newsroom, other_blog, capsys, monkeypatch):
    monkeypatch.setenv("PUBLISHING_PREVIEW_BASE_URL", "https://preview.blog.example")
    out = publish(newsroom["checkout"], "s3", capsys, preview=7)
    assert "Mentions" not in out
    assert other_blog.requests == []
    assert clean(newsroom["checkout"])


def test_a_state_that_cannot_be_read_stops_the_publish_while_sending_is_on(
    newsroom, other_blog, capsys, monkeypatch
):
    monkeypatch.setenv("PUBLISHING_GHPAGES_REMOTE", "nirgendwo")
    with pytest.raises(Refused, match="the publish state at the target could not be read"):
        publish(newsroom["checkout"], "ghpages", capsys)
    assert other_blog.requests == []
    monkeypatch.setenv("MENTIONS_SEND", "0")
    with pytest.raises(Refused, match="The deploy failed"):  # read or not, the push fails
        publish(newsroom["checkout"], "ghpages", capsys)


def test_a_state_as_object_storage_keeps_it_reads_back():
    import gzip

    from publishing.publish_state import PublishState, StateUnavailable

    state = PublishState({"/": ""}, {MENTIONS: {"articles": {}}})
    assert PublishState.load(gzip.compress(state.dump()), "s3://blog/x") == state
    with pytest.raises(StateUnavailable, match="s3://blog/x is no publish state"):
        PublishState.load(b"\x1f\x8b kaputt", "s3://blog/x")
