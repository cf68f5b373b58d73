"""What the S3 upload sends and in which order (publishing/s3_plan.py), the CDN hooks
(publishing/s3_invalidate.py), and a hand-made site with hashed and precompressed
assets (contracts 2 and 3) uploaded to a real S3 API."""

import gzip
import json
import threading
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from publishing import s3
from publishing.deploy import DeployError
from publishing.s3_invalidate import invalidate
from publishing.s3_plan import (
    ASSETS,
    CACHE_IMMUTABLE,
    LISTS,
    PAGES,
    Layout,
    Manifest,
    headers_for,
    removals,
    save_as_regex,
    scan,
    url_paths,
)
from redirects.table import Redirect, read_redirects
from s3_local import CREDENTIALS, client, s3_server

LAYOUT = Layout(
    (
        "index.html",
        "kategorie/{slug}/index.html",
        "{date:%Y}/index.html",
        "{base_name}/seite/{number}/index.html",
    )
)


@pytest.mark.parametrize(
    ("path", "phase"),
    [
        ("index.html", LISTS),
        ("kategorie/content/index.html", LISTS),
        ("2025/index.html", LISTS),
        ("seite/2/index.html", LISTS),
        ("kategorie/content/seite/3/index.html", LISTS),
        ("datenschutz/index.html", PAGES),  # one folder, like a year archive, but no year
        ("2025/03/ein-beitrag/index.html", PAGES),
        ("feeds/atom.xml", LISTS),
        ("sitemap.xml", LISTS),
        # The search index's parts: their files, then each part's entry (it names
        # them), then the list of parts (it names the entries).
        ("pagefind/2025/fragment/de_06785a3.pf_fragment", ASSETS),
        ("pagefind/2025/pagefind-entry.json", PAGES),
        ("pagefind/en-2025/pagefind-entry.json", PAGES),
        ("pagefind/parts.json", LISTS),
        ("theme/css/site.3f2a9c1b7d.css", ASSETS),
        ("social-cards/site.jpg", ASSETS),
    ],
)
def test_each_file_goes_in_its_phase(path, phase):
    assert LAYOUT.phase(path) == phase


def test_save_as_patterns_become_regexes():
    assert save_as_regex("{date:%Y}/{date:%m}/{slug}/index.html") == (
        r"\d{4}/\d{2}/[^/]+/index\.html"
    )


def test_cache_control_by_kind():
    assert headers_for("theme/css/site.3f2a9c1b7d.css", True)["CacheControl"] == CACHE_IMMUTABLE
    assert headers_for("theme/fonts/inter.0123456789.woff2", False)["CacheControl"] == (
        CACHE_IMMUTABLE
    )
    assert headers_for("theme/css/site.css", True)["CacheControl"].startswith("public, max-age=300")
    assert headers_for("a/index.html", True)["CacheControl"].startswith("public, max-age=300")
    assert headers_for("feeds/rss.xml", True)["CacheControl"] == "public, max-age=900"
    assert headers_for("pagefind/2025/pagefind.js", True)["CacheControl"] == "public, max-age=900"
    # "site.3f2a9c1b7.css" has nine hex digits: not a hashed name.
    assert headers_for("theme/css/site.3f2a9c1b7.css", True)["CacheControl"] != CACHE_IMMUTABLE


def test_removed_pages_go_now_other_files_after_the_grace_period():
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)
    manifest = Manifest(
        files={"a/index.html": "1", "a.jpg": "2", "keep.html": "3"},
        pending={
            "old.css": (now - timedelta(hours=2)).isoformat(),
            "young.css": (now - timedelta(minutes=10)).isoformat(),
            "back.css": (now - timedelta(hours=5)).isoformat(),
        },
    )
    removal = removals(manifest, {"keep.html", "back.css"}, now, timedelta(hours=1))
    assert removal.now == ["a/index.html"]
    assert removal.due == ["old.css"]
    assert set(removal.marked) == {"a.jpg", "young.css"}  # back.css is in the build again


def test_manifest_round_trip_and_unknown_versions():
    manifest = Manifest({"a.html": "x"}, {"b.css": "2026-12-01T00:00:00+00:00"})
    assert Manifest.parse(manifest.dump()) == manifest
    assert Manifest.parse(json.dumps({"version": 99, "files": {"a": "b"}}).encode()) == Manifest()
    assert Manifest.parse(None) == Manifest()


def test_url_paths_name_folders_as_the_cdn_sees_them():
    assert url_paths(["index.html", "a/index.html", "feeds/atom.xml"], "/pr-3/") == [
        "/pr-3/a/index.html",
        "/pr-3/a/",
        "/pr-3/feeds/atom.xml",
        "/pr-3/index.html",
        "/pr-3/",
    ]


def test_redirects_table_reads_rows_and_names_bad_lines(tmp_path):
    table = tmp_path / "redirects.csv"
    assert read_redirects(table) == []
    table.write_text("old,new\n/?p=1,/2019/03/a/\n/alt/,/neu/\n")
    assert read_redirects(table) == [Redirect("/?p=1", "/2019/03/a/"), Redirect("/alt/", "/neu/")]
    table.write_text("old,new\n/alt/,/neu/\n/kaputt\n")
    with pytest.raises(ValueError, match=r"redirects.csv:3: expected two columns"):
        read_redirects(table)


@pytest.fixture
def hashed_site(tmp_path):
    """A build as it looks with asset hashing and precompression (issue 16)."""
    site = tmp_path / "site"
    css = site / "theme" / "css" / "site.3f2a9c1b7d.css"
    css.parent.mkdir(parents=True)
    css.write_text("body { color: #123; }\n")
    (css.parent / (css.name + ".gz")).write_bytes(gzip.compress(css.read_bytes(), mtime=0))
    (css.parent / (css.name + ".br")).write_bytes(b"brotli bytes")
    page = site / "index.html"
    page.write_text("<!DOCTYPE html><title>Start</title>\n")
    (site / "index.html.gz").write_bytes(gzip.compress(page.read_bytes(), mtime=0))
    (site / "download.tar.gz").write_bytes(b"an archive for download, not a sibling")
    (site / ".htaccess").write_text("Redirect 301 /alt/ /neu/\n")
    return site


def test_scan_sends_precompressed_bodies_not_the_siblings(hashed_site):
    uploads = scan(hashed_site, LAYOUT)
    assert set(uploads) == {"theme/css/site.3f2a9c1b7d.css", "index.html", "download.tar.gz"}
    css = uploads["theme/css/site.3f2a9c1b7d.css"]
    assert css.source.name.endswith(".css.gz") and css.headers["ContentEncoding"] == "gzip"
    assert "ContentEncoding" not in uploads["download.tar.gz"].headers


def test_a_hashed_precompressed_site_on_a_real_s3_api(hashed_site, monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    with s3_server() as endpoint:
        bucket = f"assets-{uuid.uuid4().hex[:8]}"
        client(endpoint).create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        target = s3.Target(bucket, "blog/", endpoint_url=endpoint, website=True)
        (hashed_site / "404.html").write_text("<!DOCTYPE html><title>Nicht gefunden</title>\n")
        lines: list[str] = []
        summary = s3.publish(hashed_site, target, LAYOUT, report=lines.append)
        assert sorted(summary.uploaded["assets"]) == [
            "download.tar.gz",
            "theme/css/site.3f2a9c1b7d.css",
        ]
        assert lines[0] == f"s3://{bucket}/blog/: 4 of 4 files to upload."
        storage = client(endpoint)
        listed = storage.list_objects_v2(Bucket=bucket)["Contents"]
        assert not any(item["Key"].endswith((".br", ".css.gz", ".html.gz")) for item in listed)
        css = storage.get_object(Bucket=bucket, Key="blog/theme/css/site.3f2a9c1b7d.css")
        assert css["CacheControl"] == CACHE_IMMUTABLE and css["ContentEncoding"] == "gzip"
        assert gzip.decompress(css["Body"].read()) == b"body { color: #123; }\n"
        website = storage.get_bucket_website(Bucket=bucket)
        assert website["ErrorDocument"] == {"Key": "blog/404.html"}
        assert website["IndexDocument"] == {"Suffix": "index.html"}
        again = s3.publish(hashed_site, target, LAYOUT, report=lines.append)
        assert again.uploaded_paths == [] and again.unchanged == 4
        # An object deleted by hand is sent again, although the manifest knows it.
        storage.delete_object(Bucket=bucket, Key="blog/index.html")
        healed = s3.publish(hashed_site, target, LAYOUT, report=lines.append)
        assert healed.uploaded_paths == ["index.html"]
        assert storage.head_object(Bucket=bucket, Key="blog/index.html")["ContentLength"] > 0


class _Hook(BaseHTTPRequestHandler):
    calls: ClassVar[list] = []
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.calls.append((self.headers.get("Authorization"), json.loads(self.rfile.read(length))))
        self.send_response(self.status)
        self.end_headers()
        self.wfile.write(b'{"success": false, "errors": ["zone not found"]}')

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def hook_server():
    _Hook.calls, _Hook.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/zones/abc/purge_cache"
    server.shutdown()
    server.server_close()


def test_a_url_hook_gets_absolute_urls_in_batches_with_the_token(hook_server):
    paths = [f"2025/03/beitrag-{n}/index.html" for n in range(20)]
    handed = invalidate(hook_server, paths, "https://preview.blog.example/pr-4", "geheim")
    assert handed == 40
    assert [len(body["files"]) for _, body in _Hook.calls] == [30, 10]
    assert {auth for auth, _ in _Hook.calls} == {"Bearer geheim"}
    files = [f for _, body in _Hook.calls for f in body["files"]]
    assert "https://preview.blog.example/pr-4/2025/03/beitrag-0/" in files


def test_a_failing_hook_is_reported(hook_server, tmp_path):
    _Hook.status = 400
    with pytest.raises(DeployError, match=r"answered 400: .*zone not found"):
        invalidate(hook_server, ["index.html"], "https://blog.example")
    with pytest.raises(DeployError, match=r"command failed \(exit 3\): kein Zugang"):
        invalidate("echo kein Zugang >&2; exit 3", ["index.html"], "https://blog.example")
    assert invalidate(hook_server, [], "https://blog.example") == 0
