"""Sending: our built articles notify the pages they link to on another blog (127.0.0.1),
once per change, again for removed links; failures are retried next time."""

import json
import xmlrpc.client
from pathlib import Path

import pytest

from mentions.fetcher import Fetcher
from mentions.send import article_links, send_all
from mentions_blog import LOCAL, Page, write_site
from mentions_blog import OUR_ARTICLE as URL

SITE = "https://blog.example"
SOURCE = f"{SITE}/{URL}"


@pytest.fixture
def linked(other_blog):
    """Three pages of the other blog: Webmention by header, by <link>, pingback only."""
    other_blog.pages["/a"] = Page(
        "<p>a</p>", headers={"Link": '</wm-header?from=header>; rel="webmention"'}
    )
    other_blog.pages["/b"] = Page('<html><head><link rel="webmention" href="/wm"></head></html>')
    other_blog.pages["/c"] = Page('<html><head><link rel="pingback" href="/xmlrpc"></head></html>')
    other_blog.pages["/d"] = Page("<p>kein Endpunkt</p>")
    thanks = xmlrpc.client.dumps(("Danke",), methodresponse=True)
    other_blog.answers["/xmlrpc"] = Page(thanks, content_type="text/xml")
    return [f"{other_blog.url}/{name}" for name in "abcd"]


def run(site: Path, record: Path, never=()):
    """One send with the record kept in ``record`` between runs (as the publish state
    keeps it at the target)."""
    kept = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    report = send_all(site, SITE, Fetcher(LOCAL, SITE), kept, never)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(kept), encoding="utf-8")
    return report


def test_links_of_the_article_text_only():
    site_html = (
        '<nav><a href="https://nav.example/">x</a></nav><div class="post-body"><p>'
        '<a href="https://a.example/x#teil">a</a><br><img src="/i.png"><a href="https://a.example/x">'
        'again</a><div><a href="https://sub.nie.example/">nie</a></div></p></div>'
        '<footer><a href="https://footer.example/">f</a></footer>'
    )
    links, text = article_links(site_html, SITE, ("nie.example",))
    assert links == ["https://a.example/x"]
    assert text == "a again nie"


def test_sends_webmentions_and_pingbacks_once(tmp_path, other_blog, linked):
    site, record = tmp_path / "site", tmp_path / "content" / ".mentions-sent.json"
    write_site(site, linked)
    report = run(site, record)
    assert sorted(report.sent) == sorted(
        [
            (SOURCE, linked[0], "webmention"),
            (SOURCE, linked[1], "webmention"),
            (SOURCE, linked[2], "pingback"),
        ]
    )
    assert report.without_endpoint == [(SOURCE, linked[3])]
    [header] = other_blog.posts("/wm-header?from=header")
    assert header.form == {"source": SOURCE, "target": linked[0]}
    assert [p.form for p in other_blog.posts("/wm") if p.path == "/wm"] == [
        {"source": SOURCE, "target": linked[1]}
    ]
    [ping] = other_blog.posts("/xmlrpc")
    assert ping.call == ((SOURCE, linked[2]), "pingback.ping")
    assert not [r for r in other_blog.requests if "nav.example" in r.path]
    saved = json.loads(record.read_text(encoding="utf-8"))["articles"]["unser-beitrag"]
    assert {t: v["status"] for t, v in saved["links"].items()} == {
        linked[0]: "sent",
        linked[1]: "sent",
        linked[2]: "sent",
        linked[3]: "no endpoint",
    }
    before = len(other_blog.requests)
    again = run(site, record)
    assert (again.sent, again.failed, again.unchanged) == ([], [], 1)
    assert len(other_blog.requests) == before  # nothing fetched, nothing sent twice


def test_a_changed_article_notifies_again_also_the_removed_link(tmp_path, other_blog, linked):
    site, record = tmp_path / "site", tmp_path / ".mentions-sent.json"
    write_site(site, linked[:2])
    run(site, record)
    write_site(site, linked[1:2], "Neuer Text")
    report = run(site, record)
    assert sorted(report.sent) == sorted(
        [(SOURCE, linked[1], "webmention"), (SOURCE, linked[0], "webmention")]
    )
    assert [p.form["target"] for p in other_blog.posts("/wm-header?from=header")] == [linked[0]] * 2
    saved = json.loads(record.read_text(encoding="utf-8"))["articles"]["unser-beitrag"]
    assert list(saved["links"]) == [linked[1]]  # the removed link was told and is done


def test_failures_are_reported_and_retried_next_time(tmp_path, other_blog, linked):
    site, record = tmp_path / "site", tmp_path / ".mentions-sent.json"
    write_site(site, linked[:2])
    other_blog.answers["/wm"] = Page("kaputt", 500)
    report = run(site, record)
    assert report.sent == [(SOURCE, linked[0], "webmention")]
    assert report.failed == [(SOURCE, linked[1], "the endpoint answered HTTP 500")]
    del other_blog.answers["/wm"]
    retried = run(site, record)
    assert retried.sent == [(SOURCE, linked[1], "webmention")]
    assert len(other_blog.posts("/wm-header?from=header")) == 1  # the delivered one is not resent
    assert run(site, record).unchanged == 1


def test_hosts_never_to_notify(tmp_path, other_blog, linked):
    site, record = tmp_path / "site", tmp_path / ".mentions-sent.json"
    write_site(site, linked[:1])
    report = run(site, record, never=("127.0.0.1",))
    assert report.sent == [] and other_blog.requests == []


def test_private_targets_are_not_contacted_without_the_setting(tmp_path, other_blog, linked):
    site = tmp_path / "site"
    write_site(site, linked[:1])
    from mentions.settings import MentionsSettings

    report = send_all(site, SITE, Fetcher(MentionsSettings(), SITE), {})
    assert report.failed == [
        (SOURCE, linked[0], "the address 127.0.0.1 is not public; it is never fetched")
    ]
    assert other_blog.requests == []


def test_a_pingback_already_registered_counts_as_sent_other_faults_fail(
    tmp_path, other_blog, linked
):
    site, record = tmp_path / "site", tmp_path / ".mentions-sent.json"
    other_blog.pages["/e"] = Page('<link rel="pingback" href="/xmlrpc-kaputt">')
    write_site(site, [linked[2], f"{other_blog.url}/e"])
    registered = xmlrpc.client.dumps(xmlrpc.client.Fault(0x0030, "schon da"), methodresponse=True)
    other_blog.answers["/xmlrpc"] = Page(registered, content_type="text/xml")
    refused = xmlrpc.client.dumps(xmlrpc.client.Fault(0x0011, "kein Link"), methodresponse=True)
    other_blog.answers["/xmlrpc-kaputt"] = Page(refused, content_type="text/xml")
    report = run(site, record)
    assert report.sent == [(SOURCE, linked[2], "pingback")]
    assert report.failed == [(SOURCE, f"{other_blog.url}/e", "pingback fault 17: kein Link")]
