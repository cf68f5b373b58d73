"""The demo site's threads: German comments, an author's reply, a pingback, a closed thread."""

import json
import re
from pathlib import Path

from conftest import DEMO_SITEURL

ROOT = Path(__file__).resolve().parents[2]
FIRMEN_ACCOUNT = "2024/02/zu-wem-gehoert-der-firmen-account/"
KRISE = "2024/04/krisenkommunikation-die-erste-stunde-entscheidet/"
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def test_demo_thread_with_replies_badge_dates_and_mentions(demo_site):
    section = demo_site.html(FIRMEN_ACCOUNT).select_one("section#comments")
    assert section.h2.get_text() == "4 Kommentare"
    question = section.select_one("#comment-20240213-190244-9b3e07")
    answer = question.select_one("ol.comment-list--replies > li#comment-20240214-083012-c27d51")
    assert answer.select_one(".badge--author").get_text() == "Hat den Beitrag geschrieben"
    assert answer.select_one("#comment-20240214-101530-e8a4f3")  # a reply to the reply
    birte = section.select_one("#comment-20240213-143105-4f1a2c .comment__author a")
    assert (birte["href"], birte["rel"]) == ("https://birte-hansen.example", ["nofollow", "ugc"])
    assert section.select_one("#comment-20240213-143105-4f1a2c time").get_text() == (
        "13. Februar 2024 um 15:31 Uhr"
    )
    assert section.select_one(".mentions__title").get_text() == "Erwähnungen"
    assert [li["id"] for li in section.select(".mentions li")] == ["comment-20240216-120000-pb0001"]
    form = section.select_one("form#kommentar-formular")
    assert form["action"] == "/kommentare/neu"
    assert form.select_one("label[for=consent] a")["href"] == f"{DEMO_SITEURL}/datenschutz/"


def test_every_demo_thread_is_shown_with_its_count(demo_site):
    folders = sorted(p for p in (ROOT / "content" / "comments").iterdir() if p.is_dir())
    assert len(folders) >= 4
    manifest = demo_site.output / "kommentare" / "artikel.json"
    articles = json.loads(manifest.read_text())["articles"]
    for folder in folders:
        comments = [
            p.stem for p in folder.glob("*.md") if "Kind:" not in p.read_text(encoding="utf-8")
        ]
        page = demo_site.html(articles[folder.name]["url"])
        shown = [li["id"].removeprefix("comment-") for li in page.select("li.comment")]
        assert sorted(shown) == sorted(comments), folder.name
        assert sorted(articles[folder.name]["comments"]) == sorted(comments)


def test_closed_demo_article_keeps_its_thread(demo_site):
    page = demo_site.html(KRISE)
    assert len(page.select("li.comment")) == 2
    assert page.select_one("li.comment .badge--author")  # Katrin Schäfer answers
    assert page.select_one("form#kommentar-formular") is None
    assert page.select_one(".comments__closed").get_text() == (
        "Die Kommentare zu diesem Beitrag sind geschlossen."
    )


def test_no_e_mail_address_in_the_demo_comments():
    for path in (ROOT / "content" / "comments").rglob("*.md"):
        assert not ADDRESS.search(path.read_text("utf-8")), path
