"""The step of `invoke publish`: off unless MENTIONS_SEND, never fatal for the deploy."""

import json

from mentions.after_publish import send_after_publish
from mentions_blog import OUR_ARTICLE, Page, write_site

SITE = "https://blog.example"


def pelican(tmp_path, **settings) -> dict:
    (tmp_path / "content").mkdir(exist_ok=True)
    return {
        "SITEURL": SITE,
        "PATH": str(tmp_path / "content"),
        "MENTIONS_ALLOW_NETWORKS": ["127.0.0.0/8"],
        **settings,
    }


def test_off_sends_nothing(tmp_path, other_blog, capsys, monkeypatch):
    monkeypatch.delenv("MENTIONS_SEND", raising=False)
    other_blog.pages["/a"] = Page('<link rel="webmention" href="/wm">')
    write_site(tmp_path / "site", [f"{other_blog.url}/a"])
    send_after_publish(tmp_path / "site", pelican(tmp_path, MENTIONS_SEND=False))
    assert "Mentions: not sent (MENTIONS_SEND is off)." in capsys.readouterr().out
    assert other_blog.requests == []


def test_on_sends_records_and_reports(tmp_path, other_blog, capsys, monkeypatch):
    monkeypatch.delenv("MENTIONS_SEND", raising=False)
    other_blog.pages["/a"] = Page('<link rel="webmention" href="/wm">')
    other_blog.pages["/kaputt"] = Page("Wartung", 503)
    write_site(tmp_path / "site", [f"{other_blog.url}/a", f"{other_blog.url}/kaputt"])
    send_after_publish(tmp_path / "site", pelican(tmp_path, MENTIONS_SEND=True))
    out = capsys.readouterr().out
    assert (
        f"not delivered: {SITE}/{OUR_ARTICLE} -> {other_blog.url}/kaputt: the page answers HTTP 503"
        in out
    )
    assert "Mentions: 1 sent, 1 failed (retried next time)" in out
    [post] = other_blog.posts("/wm")
    assert post.form["target"] == f"{other_blog.url}/a"
    record = json.loads((tmp_path / "content" / ".mentions-sent.json").read_text("utf-8"))
    assert record["articles"]["unser-beitrag"]["links"][f"{other_blog.url}/a"]["status"] == "sent"


def test_a_broken_record_does_not_fail_the_deploy(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MENTIONS_SEND", raising=False)
    write_site(tmp_path / "site", [])
    settings = pelican(tmp_path, MENTIONS_SEND=True)
    (tmp_path / "content" / ".mentions-sent.json").write_text("{kaputt", encoding="utf-8")
    send_after_publish(tmp_path / "site", settings)
    assert "is no JSON record of sent mentions" in capsys.readouterr().out
