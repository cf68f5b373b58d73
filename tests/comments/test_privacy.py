"""Hostile input through every field ends inert in the built site; commenters' e-mail
addresses never reach git, the output, the feeds or the reports."""

import re

import pytest
from bs4 import BeautifulSoup

from intake import tasks as comment_tasks
from site_checks import resource_urls

ARTICLE = "lokalredaktionen-lesen-anders"
ARTICLE_URL = "2025/03/lokalredaktionen-lesen-anders/"
SITEURL = "https://blog.example"
PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">klick</a> [link](javascript:alert(2))',
    "<iframe src=https://evil.example></iframe><style>*{}</style>",
    "<svg onload=alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![bild](https://evil.example/tracker.gif)",
    "<details open ontoggle=alert(1)>",
    "{{ 7*7 }}{% raw %}<b>",
]
FIELDS = ("author", "email", "website", "text", "reply_to", "answer", "article")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href")
TEXT_FILES = (".html", ".xml", ".xsl", ".json", ".md", ".txt", ".js", ".css")
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def hostile_site(project):
    """Every payload through every field of the form, all approved, exported and built."""
    assert project.build().ok
    client = project.intake()
    statuses = {}
    for number, payload in enumerate(PAYLOADS):
        for field in FIELDS:
            form = {
                "article": ARTICLE,
                "author": "Leser",
                "email": f"leser{number}@example.org",
                "website": "https://leser.example",
                "text": f"Ein Kommentar ({number}, {field})",
                "answer": "7",
                "consent": "yes",
            }
            form[field] = {
                "website": f"https://leser.example/{payload}",
                "email": f"{payload}@example.org",
            }.get(field, f"{payload} ({field})")
            statuses[(number, field)] = client.post("/", data=form).status_code
    database = project.database()
    ids = [row.id for row in database.comments.rows()]
    project.run(comment_tasks.approve, ids)
    project.run(comment_tasks.export)
    site = project.build("publishconf.py", SITEURL=SITEURL, FEEDS_SITEURL=SITEURL)
    assert site.ok, site.stopped
    return site, statuses, len(ids)


def test_hostile_input_through_every_field_is_inert(hostile_site):
    site, statuses, accepted = hostile_site
    # Names and texts always get through the guard, to be shown as text; a payload in an
    # address may pass as a path of the website or as an unpublished e-mail address.
    through = [f for (_n, f), status in statuses.items() if status == 303]
    assert through.count("author") == through.count("text") == len(PAYLOADS)
    assert set(through) <= {"author", "text", "website", "email"}
    assert accepted == len(through)
    refused = {status for (_n, f), status in statuses.items() if f in ("answer", "reply_to")}
    assert refused == {400}
    assert {status for (_n, f), status in statuses.items() if f == "article"} == {404}
    section = site.html(ARTICLE_URL).select_one("section#comments")
    assert len(section.select("li.comment")) == accepted + 4
    thread = section.select_one("ol.comment-list")  # the form and its script are ours
    for element in thread.find_all(True):
        assert element.name not in ("script", "iframe", "style", "svg", "img", "details", "form")
        for attribute, value in element.attrs.items():
            assert not attribute.startswith("on"), element
            if attribute in URL_ATTRIBUTES:
                assert not value.strip().lower().startswith(("javascript:", "data:")), element
    for link in section.select(".comment__author a"):
        assert link["href"].startswith(("https://leser.example", "https://greta.example")), link
    names = [a.get_text() for a in section.select(".comment__author")]
    assert "<script>alert('x')</script> (author)" in names  # shown as text, never run
    assert "{{ 7*7 }}{% raw %}<b> (author)" in names
    loaded = resource_urls(site.read(ARTICLE_URL))  # no tracker pixel
    assert loaded and all(u.startswith(f"{SITEURL}/") for u in loaded), loaded


def test_hostile_names_and_texts_are_inert_in_the_feeds(hostile_site):
    site, _statuses, _accepted = hostile_site
    feed = (site.output / ARTICLE_URL / "kommentare.atom.xml").read_text("utf-8")
    soup = BeautifulSoup(feed, "xml")
    for content in soup.find_all("content"):
        inner = BeautifulSoup(content.get_text(), "html.parser")
        assert not inner.find_all(["script", "iframe", "img", "svg", "style"])
        for element in inner.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs)


def test_commenters_addresses_never_reach_git_output_or_reports(hostile_site, project, capsys):
    site, _statuses, _accepted = hostile_site
    project.run(comment_tasks.export, format="csv")
    project.run(comment_tasks.export, format="json")
    project.run(comment_tasks.list_)
    printed = capsys.readouterr().out
    places = [*site.output.rglob("*"), *project.comments.rglob("*")]
    texts = [p.read_text("utf-8") for p in places if p.suffix in TEXT_FILES]
    texts.append(printed)
    for text in texts:
        found = {m for m in ADDRESS.findall(text) if "example.org" in m}
        assert not found, found
