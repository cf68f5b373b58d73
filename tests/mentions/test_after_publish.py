"""The step of `invoke publish`: off unless MENTIONS_SEND, never fatal for the deploy; the
record goes to the publish state through ``save`` (publishing/publish_state.py)."""

import json

from mentions.after_publish import send_after_publish
from mentions_blog import OUR_ARTICLE, Page, write_site
from publishing.publish_state import MENTIONS, PublishState, StateUnavailable

SITE = "https://blog.example"
STATE = PublishState({"/": ""}, {"other": "kept"})


def pelican(tmp_path, **settings) -> dict:
    (tmp_path / "content").mkdir(exist_ok=True)
    return {
        "SITEURL": SITE,
        "PATH": str(tmp_path / "content"),
        "MENTIONS_ALLOW_NETWORKS": ["127.0.0.0/8"],
        **settings,
    }


class Target:
    """Where the publish state goes: keeps what was saved, or refuses."""

    def __init__(self, refuse: bool = False) -> None:
        self.saved: list[PublishState] = []
        self.refuse = refuse

    def save(self, state: PublishState) -> str:
        if self.refuse:
            raise StateUnavailable("Cannot write s3://blog/.publish-state.json: AccessDenied")
        self.saved.append(state)
        return "s3://blog/.publish-state.json"


def test_off_sends_nothing(tmp_path, other_blog, capsys, monkeypatch):
    monkeypatch.delenv("MENTIONS_SEND", raising=False)
    other_blog.pages["/a"] = Page('<link rel="webmention" href="/wm">')
    write_site(tmp_path / "site", [f"{other_blog.url}/a"])
    target = Target()
    send_after_publish(
        tmp_path / "site", pelican(tmp_path, MENTIONS_SEND=False), STATE, target.save
    )
    assert "Mentions: not sent (MENTIONS_SEND is off)." in capsys.readouterr().out
    assert other_blog.requests == [] and target.saved == []


def test_on_sends_records_and_reports(tmp_path, other_blog, capsys, monkeypatch):
    monkeypatch.delenv("MENTIONS_SEND", raising=False)
    other_blog.pages["/a"] = Page('<link rel="webmention" href="/wm">')
    other_blog.pages["/kaputt"] = Page("Wartung", 503)
    write_site(tmp_path / "site", [f"{other_blog.url}/a", f"{other_blog.url}/kaputt"])
    target = Target()
    send_after_publish(tmp_path / "site", pelican(tmp_path, MENTIONS_SEND=True), STATE, target.save)
    out = capsys.readouterr().out
    assert (
        f"not delivered: {SITE}/{OUR_ARTICLE} -> {other_blog.url}/kaputt: the page answers HTTP 503"
        in out
    )
    assert "Mentions: 1 sent, 1 failed (retried next time)" in out
    assert "recorded with the publish state: s3://blog/.publish-state.json" in out
    [post] = other_blog.posts("/wm")
    assert post.form["target"] == f"{other_blog.url}/a"
    [state] = target.saved
    assert state.pages == STATE.pages and state.other["other"] == "kept"
    links = state.other[MENTIONS]["articles"]["unser-beitrag"]["links"]
    assert links[f"{other_blog.url}/a"]["status"] == "sent"
    assert list(tmp_path.joinpath("content").iterdir()) == []  # nothing in the checkout


def test_a_record_that_cannot_be_kept_does_not_fail_the_deploy(
    tmp_path, other_blog, capsys, monkeypatch
):
    monkeypatch.delenv("MENTIONS_SEND", raising=False)
    other_blog.pages["/a"] = Page('<link rel="webmention" href="/wm">')
    write_site(tmp_path / "site", [f"{other_blog.url}/a"])
    send_after_publish(
        tmp_path / "site", pelican(tmp_path, MENTIONS_SEND=True), STATE, Target(True).save
    )
    out = capsys.readouterr().out
    assert "Mentions: 1 sent" in out
    assert (
        "Mentions: the record could not be kept (Cannot write s3://blog/.publish-state.json: "
        "AccessDenied); the next publish notifies these sites again." in out
    )


def test_a_broken_old_record_does_not_fail_the_deploy(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MENTIONS_SEND", raising=False)
    write_site(tmp_path / "site", [])
    settings = pelican(tmp_path, MENTIONS_SEND=True)
    (tmp_path / "content" / ".mentions-sent.json").write_text("{kaputt", encoding="utf-8")
    send_after_publish(tmp_path / "site", settings, PublishState({}), Target().save)
    assert "is no JSON record of sent mentions" in capsys.readouterr().out


def test_the_state_is_sent_from_and_an_old_file_ignored_once_it_has_a_record(
    tmp_path, other_blog, capsys, monkeypatch
):
    monkeypatch.delenv("MENTIONS_SEND", raising=False)
    other_blog.pages["/a"] = Page('<link rel="webmention" href="/wm">')
    write_site(tmp_path / "site", [f"{other_blog.url}/a"])
    settings = pelican(tmp_path, MENTIONS_SEND=True)
    legacy = tmp_path / "content" / ".mentions-sent.json"
    legacy.write_text(json.dumps({"articles": {}}), encoding="utf-8")
    first = Target()
    send_after_publish(tmp_path / "site", settings, PublishState({}), first.save)
    assert "is read once from" in capsys.readouterr().out
    [state] = first.saved
    again = Target()
    send_after_publish(tmp_path / "site", settings, state, again.save)
    out = capsys.readouterr().out
    assert "Mentions: 0 sent" in out and ".mentions-sent.json is no longer read" in out
    assert again.saved == [] and len(other_blog.posts("/wm")) == 1
    assert json.loads(legacy.read_text(encoding="utf-8")) == {"articles": {}}
