"""The intake reads the list of articles from a file or from the site's address."""

import gzip
import hashlib
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from intake.manifest import ManifestURL
from tests.comments.conftest import ARTICLES


class Site:
    """The published site's kommentare/artikel.json over HTTP, with ETag and 304."""

    def __init__(self, articles: dict, compress: bool = False) -> None:
        self.body = b""
        self.set(articles)
        self.compress = compress
        self.requests: list[tuple[str, int]] = []  # (If-None-Match sent, status)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                tag = f'"{hashlib.sha256(site.body).hexdigest()[:16]}"'
                asked = self.headers.get("If-None-Match", "")
                if asked == tag:
                    site.requests.append((asked, 304))
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                site.requests.append((asked, 200))
                body = gzip.compress(site.body) if site.compress else site.body
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("ETag", tag)
                self.send_header("Last-Modified", "Wed, 05 Mar 2025 10:00:00 GMT")
                if site.compress:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/kommentare/artikel.json"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def set(self, articles: dict) -> None:
        self.body = json.dumps({"articles": articles}).encode()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    served = Site(ARTICLES)
    yield served
    served.stop()


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_the_list_is_fetched_once_and_kept_for_its_max_age(site, tmp_path):
    manifest = ManifestURL(site.url, 3600, 900, tmp_path / "kept.json")
    assert manifest.articles() == ARTICLES
    assert manifest.articles() == ARTICLES
    assert site.requests == [("", 200)]
    assert manifest.problem() == ""


def test_an_intake_started_soon_after_boot_asks_at_once(site, tmp_path):
    # The monotonic clock counts from boot: a max_age longer than the machine's uptime
    # made the first request look not due, and the intake knew no article.
    manifest = ManifestURL(site.url, time.monotonic() + 3600, 900, tmp_path / "kept.json")
    assert manifest.articles() == ARTICLES
    assert site.requests == [("", 200)]


def test_later_requests_are_conditional_and_a_change_is_seen(site, tmp_path):
    manifest = ManifestURL(site.url, 0, 900, tmp_path / "kept.json")
    manifest.articles()
    manifest.articles()  # asks again in the background: not modified
    wait_until(lambda: len(site.requests) == 2, "a second request")
    assert site.requests[1][1] == 304 and site.requests[1][0]
    site.set({**ARTICLES, "neu": {"url": "2025/01/neu/", "open": True, "comments": []}})
    wait_until(lambda: not manifest._refreshing, "the refresh to end")
    changed = len(site.requests)
    manifest.articles()
    wait_until(lambda: "neu" in manifest.articles(), "the new article")
    # The first request after the change, conditional still, gets the new list. (Not the
    # last one: each articles() above may ask again, and is answered 304 by then.)
    assert site.requests[changed][1] == 200 and site.requests[changed][0]


def test_the_last_good_list_stays_when_the_site_cannot_be_reached(site, tmp_path):
    kept = tmp_path / "kept.json"
    manifest = ManifestURL(site.url, 0, 900, kept)
    assert manifest.articles() == ARTICLES
    site.stop()
    wait_until(lambda: not manifest._refreshing, "the refresh to end")
    manifest.articles()  # the site is gone: the background refresh fails
    wait_until(lambda: not manifest._refreshing, "the failed refresh to end")
    assert manifest.articles() == ARTICLES
    assert manifest.problem() == ""  # still within the 900 s
    # A restart while the site is away: the list kept beside the queue is used; once no
    # answer came for longer than stale_after, the health check says so.
    old = time.time() - 1000
    os.utime(kept, (old, old))
    restarted = ManifestURL(site.url, 0, 900, kept)
    assert restarted.articles() == ARTICLES
    assert restarted.problem() == "stale"


def test_the_sites_promise_to_readers_is_read_and_kept_with_the_list(tmp_path):
    # The build writes what its pages promise readers beside the articles; an intake
    # started while the site is away still keeps it.
    served = Site(ARTICLES)
    served.body = json.dumps(
        {"articles": ARTICLES, "readers": {"reply_interval_seconds": 1800}}
    ).encode()
    kept = tmp_path / "kept.json"
    try:
        manifest = ManifestURL(served.url, 3600, 900, kept)
        assert manifest.reply_interval(3600) == 1800
    finally:
        served.stop()
    restarted = ManifestURL(served.url, 3600, 900, kept)
    assert restarted.promises() == {"reply_interval_seconds": 1800}
    assert restarted.reply_interval(600) == 1800
    # A list of an older build, or a value that is no interval: the intake's own.
    served = Site(ARTICLES)
    try:
        assert ManifestURL(served.url, 3600, 900, tmp_path / "old.json").reply_interval(600) == 600
        for odd in ("1800", -1, 10**13, True):  # a list from the internet may say anything
            served.body = json.dumps(
                {"articles": ARTICLES, "readers": {"reply_interval_seconds": odd}}
            ).encode()
            kept = tmp_path / f"odd-{odd}.json"
            assert ManifestURL(served.url, 3600, 900, kept).reply_interval(600) == 600
    finally:
        served.stop()


def test_a_list_kept_before_the_promise_was_read_is_asked_for_whole_once(site, tmp_path):
    # An intake upgraded after the site: its kept list has no "readers", and a
    # conditional request would be answered 304 until the list next changes.
    site.body = json.dumps(
        {"articles": ARTICLES, "readers": {"reply_interval_seconds": 0}}
    ).encode()
    tag = f'"{hashlib.sha256(site.body).hexdigest()[:16]}"'
    kept = tmp_path / "kept.json"
    kept.write_text(json.dumps({"articles": ARTICLES, "validators": {"etag": tag}}))
    manifest = ManifestURL(site.url, 0, 900, kept)
    assert manifest.promises() == {}  # the kept list, while the site is asked
    wait_until(lambda: site.requests, "the request to the site")
    assert site.requests[0] == ("", 200)
    wait_until(lambda: manifest.promises() == {"reply_interval_seconds": 0}, "the promise")


def test_a_gzip_answer_of_object_storage_is_read(tmp_path):
    served = Site(ARTICLES, compress=True)
    try:
        assert ManifestURL(served.url, 60, 900, tmp_path / "kept.json").articles() == ARTICLES
    finally:
        served.stop()


def test_nothing_known_and_the_site_away_is_missing(tmp_path, caplog):
    manifest = ManifestURL("http://127.0.0.1:9/kommentare/artikel.json", 60, 900, tmp_path / "k")
    assert manifest.articles() == {}
    assert manifest.problem() == "missing"
    assert "http://127.0.0.1:9/kommentare/artikel.json cannot be fetched" in caplog.text


def test_the_intake_takes_comments_for_the_articles_at_the_url(site, make_client, form):
    client, app = make_client(manifest_url=site.url, manifest_path="/nirgends/artikel.json")
    assert client.post("/kommentare/neu", data=form).status_code == 303
    assert len(app.store.rows()) == 1
    assert client.get("/kommentare/health").get_json()["articles"] == "ok"


@pytest.mark.slow
def test_with_the_s3_target_the_intake_reads_the_list_from_the_bucket(
    tmp_path, monkeypatch, make_client, form
):
    """`invoke publish --target s3` puts the site into a bucket; the intake on its own
    machine reads the list from the bucket's address (moto's S3 server on 127.0.0.1)."""
    import uuid

    from conftest import copy_fixture
    from publishing.publish import publish_site
    from s3_local import CREDENTIALS, client, s3_server
    from site_project import site_project

    copy_fixture("comments", tmp_path)
    with s3_server() as endpoint:
        for name, value in CREDENTIALS.items():
            monkeypatch.setenv(name, value)
        bucket = f"blog-{uuid.uuid4().hex[:12]}"
        client(endpoint).create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        # The site's bucket is public, as behind a CDN or as a website.
        public = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
        client(endpoint).put_bucket_policy(Bucket=bucket, Policy=json.dumps(public))
        monkeypatch.setenv("PUBLISHING_S3_BUCKET", bucket)
        monkeypatch.setenv("PUBLISHING_S3_ENDPOINT_URL", endpoint)
        publish_site(site_project(tmp_path), target="s3")
        stored = client(endpoint).head_object(Bucket=bucket, Key="kommentare/artikel.json")
        assert stored["ETag"]
        url = f"{endpoint}/{bucket}/kommentare/artikel.json"
        intake, app = make_client(manifest_url=url, manifest_path="/nirgends/artikel.json")
        article = {**form, "article": "lokalredaktionen-lesen-anders"}
        assert intake.post("/kommentare/neu", data=article).status_code == 303
        closed = {**form, "article": "krisen-brauchen-tempo"}
        assert intake.post("/kommentare/neu", data=closed).status_code == 403
        assert intake.get("/kommentare/health").get_json()["articles"] == "ok"
    [row] = app.store.rows()
    assert row.article == "lokalredaktionen-lesen-anders"


def test_requests_at_the_first_start_wait_for_the_one_question_to_the_site(tmp_path):
    """Ten readers at once on a fresh intake: one request asks the site, the others wait
    for its answer instead of finding no article."""
    from concurrent.futures import ThreadPoolExecutor

    served = Site(ARTICLES)
    try:
        manifest = ManifestURL(served.url, 60, 900, tmp_path / "kept.json")
        with ThreadPoolExecutor(10) as pool:
            answers = list(pool.map(lambda _: manifest.articles(), range(10)))
    finally:
        served.stop()
    assert answers == [ARTICLES] * 10
    assert served.requests == [("", 200)]
