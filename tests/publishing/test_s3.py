"""`invoke publish --target s3` against a real S3 API (moto's server on 127.0.0.1)."""

import gzip
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import copy_fixture
from publishing.checks import index_for_search, run_checks
from publishing.project import Refused
from publishing.publish import publish_site, remove_preview
from s3_local import CREDENTIALS, Relay, RequestLog, client, s3_server
from site_project import site_project

pytestmark = pytest.mark.slow

PAGE = "2025/03/lokalredaktionen-lesen-anders/index.html"
CARD = "social-cards/2025-03-lokalredaktionen-lesen-anders.jpg"
MANIFEST = ".publish-manifest.json"
# Everything that shows the article's title besides its page: the lists, the feeds,
# the comment intake's list of articles, and the search index.
LISTS = {
    "index.html",
    "archiv/index.html",
    "2025/index.html",
    "kategorie/content/index.html",
    "autor/tobias-wendt/index.html",
    "transparenz/index.html",
}
# The other articles' pages: they recommend it under "Weiterlesen" (the sponsored one
# too; only it is never recommended itself).
RECOMMENDING = {
    "2025/02/ein-jahr-corporate-blog-bei-nordstahl/index.html",
    "2025/04/redaktionsplanung-mit-lotsenkarte/index.html",
}
FEEDS = {
    "feeds/atom.xml",
    "feeds/rss.xml",
    "kategorie/content/atom.xml",
    "kategorie/content/rss.xml",
    "autor/tobias-wendt/atom.xml",
    "autor/tobias-wendt/rss.xml",
}


@pytest.fixture(scope="module")
def endpoint():
    with s3_server() as url:
        yield url


@pytest.fixture
def blog(project):
    return site_project(project)


@pytest.fixture
def project(tmp_path, monkeypatch, endpoint):
    copy_fixture("interviews", tmp_path)
    article = tmp_path / "content" / "2025" / "gast.md"
    # A fixed slug: the edit below changes the title, not the address.
    article.write_text(
        article.read_text().replace("Date:", "Slug: lokalredaktionen-lesen-anders\nDate:")
    )
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = f"blog-{uuid.uuid4().hex[:12]}"
    client(endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    monkeypatch.setenv("PUBLISHING_S3_BUCKET", bucket)
    monkeypatch.setenv("PUBLISHING_S3_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("PUBLISHING_S3_GRACE_HOURS", "0")
    return tmp_path


def bucket() -> str:
    import os

    return os.environ["PUBLISHING_S3_BUCKET"]


def keys(endpoint: str, prefix: str = "") -> set[str]:
    pages = (
        client(endpoint).get_paginator("list_objects_v2").paginate(Bucket=bucket(), Prefix=prefix)
    )
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


def body(endpoint: str, key: str) -> bytes:
    answer = client(endpoint).get_object(Bucket=bucket(), Key=key)
    data = answer["Body"].read()
    return gzip.decompress(data) if answer.get("ContentEncoding") == "gzip" else data


def retitle(project: Path) -> None:
    article = project / "content" / "2025" / "gast.md"
    article.write_text(
        article.read_text().replace(
            "Title: Lokalredaktionen lesen anders", "Title: Lokale Leser lesen anders"
        )
    )


def publish_logged(blog, **arguments) -> list[str]:
    """Publish; the keys the server stored, in the order it stored them."""
    with RequestLog().listening() as log:
        publish_site(blog, target="s3", **arguments)
    return log.puts(bucket())


def test_a_changed_article_uploads_its_page_lists_feeds_and_card_only(
    blog, project, endpoint, capsys, monkeypatch
):
    first = publish_logged(blog)
    built = {k for k in keys(endpoint) if k != MANIFEST}
    assert PAGE in built and CARD in built and "pagefind/site/pagefind.js" in built
    assert "pagefind/parts.json" in built
    assert set(first) == built | {MANIFEST}
    assert not any(k.endswith((".gz", ".br")) for k in built)
    out = capsys.readouterr().out
    assert f"{len(built)} uploaded" in out and "0 unchanged" in out

    calls = project / "invalidated.txt"
    monkeypatch.setenv("PUBLISHING_S3_INVALIDATE", f"cat > {calls}")
    retitle(project)
    second = publish_logged(blog)
    uploaded = set(second) - {MANIFEST}
    search = {k for k in uploaded if k.startswith("pagefind/")}
    assert uploaded - search == {
        PAGE,
        CARD,
        "kommentare/artikel.json",
        *LISTS,
        *RECOMMENDING,
        *FEEDS,
    }
    # The search index anew: its entry, and the new text's fragment (content-hashed
    # names: the other pages' fragments are the same files and stay).
    assert "pagefind/site/pagefind-entry.json" in search
    fragments = {k for k in search if "/fragment/" in k}
    assert fragments and len(fragments) < len([k for k in built if "/fragment/" in k])
    assert "Lokale Leser lesen anders" in body(endpoint, "index.html").decode()
    # Assets first, then the page, then the lists; the manifest after each phase.
    order = [k for k in second if k != MANIFEST]
    assert order.index(CARD) < order.index(PAGE) < min(order.index(k) for k in LISTS)
    summary = capsys.readouterr().out
    assert (
        f"{len(uploaded)} uploaded" in summary
        and f"{len(built) - len(uploaded)} unchanged" in summary
    )
    # The CDN hears of every overwritten address, the folder form of pages included.
    told = calls.read_text().split()
    assert "/2025/03/lokalredaktionen-lesen-anders/" in told and "/" in told
    assert "/feeds/atom.xml" in told and "/" + CARD in told

    assert publish_logged(blog) == [MANIFEST]  # nothing changed: nothing but the manifest


def test_headers_of_every_kind_of_object(blog, project, endpoint):
    publish_site(blog, target="s3")
    s3 = client(endpoint)

    def head(key: str) -> dict:
        return s3.head_object(Bucket=bucket(), Key=key)

    page = head(PAGE)
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["ContentEncoding"] == "gzip"
    assert page["CacheControl"] == "public, max-age=300, must-revalidate"
    assert body(endpoint, PAGE).decode().startswith("<!DOCTYPE html>")
    feed = head("feeds/atom.xml")
    assert (feed["ContentType"], feed["ContentEncoding"]) == (
        "application/xml; charset=utf-8",
        "gzip",
    )
    assert feed["CacheControl"] == "public, max-age=900"
    for key in ("pagefind/parts.json", "pagefind/site/pagefind-entry.json"):
        index = head(key)
        assert (
            index["ContentType"].startswith("application/json")
            and index["CacheControl"] == "public, max-age=900"
        )
    card = head(CARD)
    assert card["ContentType"] == "image/jpeg" and "ContentEncoding" not in card
    assert card["CacheControl"] == "public, max-age=86400"
    font = head("theme/fonts/inter-regular.woff2")
    assert font["ContentType"] == "font/woff2" and "ContentEncoding" not in font
    css = head("theme/css/site.css")
    assert css["ContentType"] == "text/css; charset=utf-8" and css["ContentEncoding"] == "gzip"
    assert css["CacheControl"] == "public, max-age=300, must-revalidate"  # no hash in the name
    assert head("sitemap.xml")["ContentEncoding"] == "gzip"
    assert head("404.html")["ContentType"] == "text/html; charset=utf-8"
    assert head(MANIFEST)["CacheControl"] == "no-store"
    assert len(page["Metadata"]["sha256"]) == 64


def test_an_interrupted_upload_leaves_the_old_site_and_a_rerun_finishes_it(
    blog, project, endpoint, monkeypatch
):
    publish_site(blog, target="s3")
    before = {k: body(endpoint, k) for k in keys(endpoint) if k != MANIFEST}
    retitle(project)
    relay = Relay(endpoint)
    monkeypatch.setenv("PUBLISHING_S3_ENDPOINT_URL", relay.endpoint)
    log = RequestLog()

    def break_the_line(method: str, path: str) -> None:
        if method == "PUT" and path == f"{bucket()}/{PAGE}":
            relay.cut()  # the line breaks once the first page is stored

    log.on_request = break_the_line
    with log.listening(), pytest.raises(Refused, match="run the publish again"):
        publish_site(blog, target="s3")
    assert relay.cut_done
    # The lists were not reached: the old home page is served, and every old object is there.
    now = {k: body(endpoint, k) for k in keys(endpoint) if k != MANIFEST}
    assert set(before) <= set(now)
    assert now["index.html"] == before["index.html"]
    assert b"Lokale Leser" in now[PAGE]

    monkeypatch.setenv("PUBLISHING_S3_ENDPOINT_URL", endpoint)
    rerun = set(publish_logged(blog)) - {MANIFEST}
    assert CARD not in rerun and not any("/fragment/" in k for k in rerun)
    assert {*LISTS, *FEEDS} <= rerun
    site = project / "rebuilt"
    run_checks(blog, site)
    index_for_search(blog, site)
    for path in (PAGE, "index.html", "feeds/atom.xml", CARD):
        assert body(endpoint, path) == (site / path).read_bytes()


def test_a_removed_article_disappears_its_assets_a_publish_later(blog, project, endpoint):
    publish_site(blog, target="s3")
    (project / "content" / "2025" / "gast.md").unlink()
    # The publish reads what the last one left (gzip-encoded in the bucket) and refuses
    # to let a published address answer 404: the editor redirects it.
    with pytest.raises(Refused, match="Nothing was deployed"):
        publish_site(blog, target="s3")
    (project / "content" / "redirects.csv").write_text(
        "old,new\n/2025/03/lokalredaktionen-lesen-anders/,/\n", encoding="utf-8"
    )
    publish_site(blog, target="s3")
    present = keys(endpoint)
    # No reader reaches the page any more: its key holds the redirect to the home page.
    answer = client(endpoint).head_object(Bucket=bucket(), Key=PAGE)
    assert answer["WebsiteRedirectLocation"] == "/"
    assert CARD in present  # a page a CDN still holds may show it for a while
    home = BeautifulSoup(body(endpoint, "index.html"), "lxml")
    assert not home.select('a[href*="lokalredaktionen"]')
    publish_site(blog, target="s3")
    assert CARD not in keys(endpoint)


def test_redirects_become_redirect_objects(blog, project, endpoint, capsys):
    (project / "content" / "redirects.csv").write_text(
        "old,new\n/alt/lokalredaktionen/,/2025/03/lokalredaktionen-lesen-anders/\n"
        "/?p=17,/2025/03/lokalredaktionen-lesen-anders/\n"
        "/%CE%B5%CE%BB%CE%BB%CE%AC%CE%B4%CE%B1/,/2025/03/lokalredaktionen-lesen-anders/\n"
    )
    publish_site(blog, target="s3")
    # A non-Latin old address is stored under the key its request names, decoded.
    greek = client(endpoint).head_object(Bucket=bucket(), Key="ελλάδα/index.html")
    assert greek["WebsiteRedirectLocation"] == "/2025/03/lokalredaktionen-lesen-anders/"
    answer = client(endpoint).get_object(Bucket=bucket(), Key="alt/lokalredaktionen/index.html")
    assert answer["WebsiteRedirectLocation"] == "/2025/03/lokalredaktionen-lesen-anders/"
    page = BeautifulSoup(gzip.decompress(answer["Body"].read()), "lxml")
    # The build's redirect page (redirects plugin) names the new page by its full address.
    refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
    assert urlsplit(refresh.split("url=", 1)[1]).path == "/2025/03/lokalredaktionen-lesen-anders/"
    assert "Redirect /?p=17 has a query" in capsys.readouterr().out


def test_a_broken_redirects_table_deploys_nothing(blog, project, endpoint):
    (project / "content" / "redirects.csv").write_text("old,new\nalt/,/neu/\n")
    with pytest.raises(Refused, match=r'redirects.csv:2: "old" is "alt/"; expected a site path'):
        publish_site(blog, target="s3")
    assert keys(endpoint) == set()


def test_a_pull_request_preview_is_noindex_without_comment_form_and_goes_when_closed(
    blog, project, endpoint, monkeypatch, capsys
):
    publish_site(blog, target="s3")
    site_keys = keys(endpoint)
    monkeypatch.setenv("PUBLISHING_PREVIEW_BASE_URL", "https://preview.blog.example/")
    job_summary = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(job_summary))
    publish_site(blog, target="s3", preview=7)
    assert "Preview: https://preview.blog.example/pr-7/" in capsys.readouterr().out
    assert (
        job_summary.read_text()
        == "Preview of this pull request: https://preview.blog.example/pr-7/\n"
    )
    preview = keys(endpoint, "previews/pr-7/")
    assert f"previews/pr-7/{PAGE}" in preview and "previews/pr-7/" + MANIFEST in preview
    page = BeautifulSoup(body(endpoint, f"previews/pr-7/{PAGE}"), "lxml")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert page.select_one('link[rel="canonical"]')["href"].startswith(
        "https://preview.blog.example/pr-7/"
    )
    assert (
        page.select_one("#comments") is not None and page.select_one("#kommentar-formular") is None
    )
    live = BeautifulSoup(body(endpoint, PAGE), "lxml")
    assert live.select_one('meta[name="robots"]') is None and live.select_one("#kommentar-formular")

    remove_preview(blog, 7)
    assert keys(endpoint, "previews/") == set()
    assert keys(endpoint) == site_keys  # the site itself is untouched


def test_a_missing_bucket_is_named(blog, project, endpoint, monkeypatch):
    monkeypatch.setenv("PUBLISHING_S3_BUCKET", "no-such-bucket-here")
    with pytest.raises(Refused, match="Bucket 'no-such-bucket-here' does not exist"):
        publish_site(blog, target="s3")


def test_the_upload_tells_how_far_it_is_and_ends_with_one_summary_line(
    blog, project, endpoint, monkeypatch, capfd
):
    # In a log a progress line comes every 10 s; here every file gets one.
    monkeypatch.setattr("newsroom.progress.LINE_INTERVAL_SECONDS", 0.0)
    monkeypatch.setenv("NEWSROOM_PROGRESS", "lines")
    publish_site(blog, target="s3")
    said = capfd.readouterr()
    uploaded = len(keys(endpoint)) - 1  # all but the manifest
    where = f"s3://{bucket()}/"
    assert f"Uploading to {where}: {uploaded:,} of {uploaded:,} files (100 %)" in said.err
    summaries = [line for line in said.out.splitlines() if line.startswith("Published to ")]
    assert len(summaries) == 1 and f"{uploaded} uploaded" in summaries[0]
