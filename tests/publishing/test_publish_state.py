"""What the last publish left, read back from every target (publish_state.py)."""

import subprocess
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest

from conftest import free_port
from publishing.deploy import deploy_ghpages
from publishing.publish_state import (
    STATE_FILE,
    PublishState,
    StateUnavailable,
    read_state,
    site_pages,
    write_state,
)
from publishing.settings import PublishingSettings
from s3_local import CREDENTIALS, s3_server
from tools import require

STATE = PublishState({"/": "", "/2025/03/a/": "content/2025/a.md"}, {"mentions": {"x": 1}})


def built(folder, *paths: str):
    for path in paths:
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text("<!DOCTYPE html>", encoding="utf-8")
    return folder


def test_the_pages_of_a_site_are_its_addresses_without_pagination_and_search(tmp_path):
    site = built(
        tmp_path,
        "index.html",
        "404.html",
        "2025/03/a/index.html",
        "alt/seite.html",
        "seite/2/index.html",
        "thema/pr/seite/3/index.html",
        "thema/pr/index.html",
        "pagefind/x.html",
        "theme/t.html",
    )
    assert site_pages(site, {"2025/03/a/index.html": "content/2025/a.md"}) == {
        "/": "",
        "/2025/03/a/": "content/2025/a.md",
        "/alt/seite.html": "",
        "/thema/pr/": "",
    }


def test_the_state_reads_back_and_keeps_what_it_does_not_know(tmp_path):
    again = PublishState.load(STATE.dump(), "x")
    assert again == STATE
    assert STATE.dump() == PublishState(dict(reversed(STATE.pages.items())), STATE.other).dump()
    with pytest.raises(StateUnavailable, match="x is no publish state"):
        PublishState.load(b"<html>", "x")


def test_from_a_folder_and_from_an_rsync_destination(tmp_path):
    require("rsync")
    write_state(tmp_path, STATE)
    assert read_state(PublishingSettings(target="dir", dir=str(tmp_path)), tmp_path) == STATE
    rsync = PublishingSettings(target="rsync", rsync_destination=str(tmp_path))
    assert read_state(rsync, tmp_path) == STATE
    (tmp_path / STATE_FILE).unlink()
    assert read_state(PublishingSettings(target="dir", dir=str(tmp_path)), tmp_path) is None
    assert read_state(rsync, tmp_path) is None  # published before, or never


def test_from_the_gh_pages_branch(tmp_path):
    bare = tmp_path / "site.git"
    subprocess.run(["git", "init", "--bare", "--quiet", str(bare)], check=True)
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    subprocess.run(["git", "init", "--quiet"], cwd=checkout, check=True)
    subprocess.run(["git", "remote", "add", "origin", str(bare)], cwd=checkout, check=True)
    settings = PublishingSettings(target="ghpages")
    assert read_state(settings, checkout) is None  # no gh-pages branch yet
    site = built(tmp_path / "site", "index.html")
    write_state(site, STATE)
    deploy_ghpages(site, "origin", repository=checkout)
    assert read_state(settings, checkout) == STATE
    with pytest.raises(StateUnavailable, match="git fetch nowhere gh-pages failed"):
        read_state(PublishingSettings(target="ghpages", ghpages_remote="nowhere"), checkout)


def test_from_object_storage_and_a_previews_own_prefix(tmp_path, monkeypatch):
    for key, value in CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    with s3_server() as endpoint:
        s3 = boto3.client("s3", endpoint_url=endpoint)
        s3.create_bucket(
            Bucket="blog", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        settings = PublishingSettings(target="s3", s3_bucket="blog", s3_endpoint_url=endpoint)
        assert read_state(settings, tmp_path) is None
        s3.put_object(Bucket="blog", Key=STATE_FILE, Body=STATE.dump())
        assert read_state(settings, tmp_path) == STATE
        assert read_state(settings, tmp_path, preview=7) is None  # previews/pr-7/ is its own
    with pytest.raises(StateUnavailable, match="Cannot reach"):
        read_state(settings, tmp_path)


def test_from_the_live_site_where_the_target_cannot_be_asked(tmp_path):
    write_state(tmp_path, STATE)
    port = free_port()
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{port}/{STATE_FILE}"
    try:
        assert read_state(PublishingSettings(state_url=url), tmp_path) == STATE
        (tmp_path / STATE_FILE).unlink()
        assert read_state(PublishingSettings(state_url=url), tmp_path) is None  # 404
    finally:
        server.shutdown()
        server.server_close()
    with pytest.raises(StateUnavailable, match=f"127.0.0.1:{port}"):
        read_state(PublishingSettings(state_url=url), tmp_path)
    assert read_state(PublishingSettings(), tmp_path) is None  # nothing to ask: not checked
