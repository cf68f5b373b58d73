"""Comments in built sites: threads, mentions, counts, the form, the manifest, the cache,
and a broken comment file stopping the build with one error naming file and field."""

import json
import logging
import shutil

import pytest

from site_checks import nu_html_checker_errors, resource_urls

ARTICLE_URL = "2025/03/lokalredaktionen-lesen-anders/"
CLOSED_URL = "2025/04/krisen-brauchen-tempo/"
QUIET_URL = "2025/05/ein-ruhiger-beitrag/"
FIRST = "comment-20250311-081500-aa11bb"
REPLY = "comment-20250311-100000-cc22dd"
REPLY_TO_REPLY = "comment-20250311-123000-ee33ff"
LATER = "comment-20250312-080000-gg44hh"
PINGBACK = "comment-20250313-070000-pingback"
SITEURL = "https://blog.example"
PRODUCTION = {"SITEURL": SITEURL, "FEEDS_SITEURL": SITEURL}


@pytest.fixture
def production(project):
    site = project.build("publishconf.py", **PRODUCTION)
    assert site.ok, site.stopped
    return site


def test_the_thread_nests_replies_and_marks_the_articles_author(production):
    section = production.html(ARTICLE_URL).select_one("section#comments")
    assert section.h2.get_text() == "4 Kommentare"
    every = section.select("ol.comment-list li.comment")
    assert [
        li["id"] for li in section.select_one("ol.comment-list").find_all("li", recursive=False)
    ] == [
        FIRST,
        LATER,
    ]
    assert len(every) == 4
    first = section.select_one(f"#{FIRST}")
    reply = first.select_one(f"ol.comment-list--replies > li#{REPLY}")
    assert reply.select_one(".badge--author").get_text() == "Hat den Beitrag geschrieben"
    assert "comment--by-author" in reply["class"]
    assert reply.select_one(f"ol.comment-list--replies > li#{REPLY_TO_REPLY}")
    own = first.find("article", recursive=False)  # without the replies
    assert own.select_one(".badge--author") is None  # a reader
    author = first.select_one(".comment__author a")
    assert (author.get_text(), author["href"], author["rel"]) == (
        "Greta Voß",
        "https://greta.example",
        ["nofollow", "ugc"],
    )
    assert section.select_one(f"#{LATER} .comment__author a") is None  # no website
    assert first.select_one(".comment__text").decode_contents() == (
        "<p>Sehr treffend beobachtet. Ich lese <em>jedes</em> Unternehmensblog zuerst von "
        "hinten.</p>"
    )


def test_dates_are_german_in_the_sites_time_zone(production):
    section = production.html(ARTICLE_URL).select_one("section#comments")
    first = section.select_one(f"#{FIRST} .comment__date")
    assert first["href"] == f"#{FIRST}"
    assert first.time.get_text() == "11. März 2025 um 09:15 Uhr"
    assert first.time["datetime"] == "2025-03-11T09:15:00+01:00"
    later = section.select_one(f"#{LATER} time")  # written with +00:00
    assert later.get_text() == "12. März 2025 um 09:00 Uhr"


def test_pingbacks_and_trackbacks_are_listed_as_mentions(production):
    section = production.html(ARTICLE_URL).select_one("section#comments")
    assert section.select_one(".mentions__title").get_text() == "Erwähnungen"
    (mention,) = section.select(".mentions > li")
    assert mention["id"] == PINGBACK
    link = mention.a
    assert (link.get_text(), link["href"], link["rel"]) == (
        "Medienblog – Presseschau",
        "https://medienblog.example/presseschau/",
        ["nofollow", "ugc"],
    )
    assert "Pingback, 13. März 2025" in mention.get_text()
    assert not section.select(f"ol.comment-list #{PINGBACK}")  # not among the comments


def test_counts_on_list_pages_and_on_the_article(production):
    home = production.html("")
    cards = {c.select_one(".card__title").get_text(strip=True): c for c in home.select(".card")}
    link = cards["Lokalredaktionen lesen anders"].select_one(".comment-count a")
    assert (link.get_text(), link["href"]) == ("4 Kommentare", f"{SITEURL}/{ARTICLE_URL}#comments")
    assert cards["Krisen brauchen Tempo"].select_one(".comment-count a").get_text() == (
        "1 Kommentar"
    )
    assert cards["Ein ruhiger Beitrag"].select_one(".comment-count") is None
    category = production.html("kategorie/content/")
    assert "4 Kommentare" in category.select_one(".comment-count").get_text()
    header = production.html(ARTICLE_URL).select_one(".post-header .comment-count a")
    assert (header.get_text(), header["href"]) == (
        "4 Kommentare",
        f"{SITEURL}/{ARTICLE_URL}#comments",
    )


def test_the_forms_hint_promises_the_reply_interval_the_settings_give(project):
    # The intake reads READERS_REPLY_INTERVAL_SECONDS from the same settings; the hint
    # said "höchstens eine pro Stunde" whatever they gave.
    site = project.build("publishconf.py", READERS_REPLY_INTERVAL_SECONDS=5400, **PRODUCTION)
    hint = site.html(ARTICLE_URL).select_one("form .comment-form__notify .comment-form__hint")
    assert "; höchstens eine alle 90 Minuten;" in hint.get_text()
    # The intake runs with its own environment: it keeps what the list of articles says.
    listed = json.loads((site.output / "kommentare" / "artikel.json").read_text())
    assert listed["readers"] == {"reply_interval_seconds": 5400}


def test_the_production_form_posts_to_the_intake_with_every_field(production):
    page = production.html(ARTICLE_URL)
    form = page.select_one("form#kommentar-formular")
    assert (form["action"], form["method"]) == ("/kommentare/neu", "post")
    names = {field["name"] for field in form.select("input, textarea, select")}
    assert names == {
        "article",
        "reply_to",
        "author",
        "email",
        "website",
        "text",
        "answer",
        "homepage",
        "consent",
        "notify",  # "Benachrichtigen Sie mich bei Antworten" (readers plugin), not ticked
    }
    assert not form.select_one("input[name=notify]").has_attr("checked")
    hint = form.select_one(".comment-form__notify .comment-form__hint").get_text()
    assert hint == (
        "(per E-Mail, sobald Sie es bestätigt haben; höchstens eine pro Stunde; "
        "mit einem Klick abbestellt)"
    )
    assert form.select_one("input[name=article]")["value"] == "lokalredaktionen-lesen-anders"
    assert form.select_one("label[for=email]").get_text() == "E-Mail (wird nicht veröffentlicht)"
    assert form.select_one("label[for=answer]").get_text() == (
        "Spamschutz: Wie viel ist drei plus vier?"
    )
    assert form.select_one("input#homepage").find_parent("p")["aria-hidden"] == "true"
    consent = form.select_one("label[for=consent] a")
    assert (consent["href"], consent.get_text()) == (
        f"{SITEURL}/datenschutz/",
        "Datenschutzerklärung",
    )
    assert "innerhalb von 24 Stunden freigeschaltet" in form.get_text()
    options = [(o["value"], o.get_text()) for o in form.select("select[name=reply_to] option")]
    assert options[0] == ("", "– neuer Kommentar –")
    assert options[1] == ("20250311-081500-aa11bb", "Greta Voß, 11.03.2025, 09:15")
    assert [value for value, _ in options[1:]] == [
        FIRST.removeprefix("comment-"),
        REPLY.removeprefix("comment-"),
        REPLY_TO_REPLY.removeprefix("comment-"),
        LATER.removeprefix("comment-"),
    ]
    reply = page.select_one(f"#{LATER} .comment__reply")
    assert (reply["href"], reply["data-reply-to"]) == ("#kommentar-formular", LATER[8:])
    assert reply.get_text() == "Antworten auf Henrik Lindqvist"
    assert (
        page.select_one("#kommentar-eingegangen")
        .get_text()
        .startswith("Danke! Ihr Kommentar wird von der Redaktion geprüft")
    )


def test_a_custom_spam_question(project):
    site = project.build(
        "publishconf.py", **PRODUCTION, COMMENTS_SPAM_QUESTION="Welche Farbe hat der Himmel?"
    )
    label = site.html(QUIET_URL).select_one("label[for=answer]")
    assert label.get_text() == "Spamschutz: Welche Farbe hat der Himmel?"
    assert site.html(QUIET_URL).select_one(".comments .empty").get_text() == (
        "Noch keine Kommentare."
    )


def test_closed_comments_keep_the_thread_and_hide_the_form(production):
    page = production.html(CLOSED_URL)
    assert [li["id"] for li in page.select("li.comment")] == ["comment-20250402-090000-kk55ll"]
    assert page.select_one("form#kommentar-formular") is None
    assert page.select_one(".comment__reply") is None
    assert page.select_one(".comments__closed").get_text() == (
        "Die Kommentare zu diesem Beitrag sind geschlossen."
    )


def test_without_an_intake_there_is_no_form(project):
    site = project.build()  # pelicanconf.py: no COMMENTS_INTAKE_URL
    assert site.ok, site.stopped
    page = site.html(ARTICLE_URL)
    assert page.select_one("form#kommentar-formular") is None  # (the site search is one)
    assert page.select_one(".comment__reply") is None
    assert page.select_one(".comments__closed").get_text() == (
        "Auf dieser Seite können keine Kommentare geschrieben werden."
    )
    assert len(page.select("li.comment")) == 4  # the thread is there all the same


def test_the_comments_feed_is_linked_and_written(production):
    link = production.html(ARTICLE_URL).select_one(".comments__feed a")
    assert link["href"] == f"{SITEURL}/{ARTICLE_URL}kommentare.atom.xml"
    assert (production.output / ARTICLE_URL / "kommentare.atom.xml").is_file()
    assert production.html(QUIET_URL).select_one(".comments__feed") is None


def test_the_build_writes_the_list_of_commentable_articles(production):
    """Also what the newsletter shows of each (date, language, summary as text, picture)
    and the mentions a report may name."""
    manifest = json.loads((production.output / "kommentare" / "artikel.json").read_text())
    assert manifest["readers"] == {"reply_interval_seconds": 3600}  # what the form promises
    newsletter = {"lang": "de", "image": "", "image_alt": "", "mentions": []}
    assert manifest["articles"] == {
        "lokalredaktionen-lesen-anders": {
            "url": ARTICLE_URL,
            "title": "Lokalredaktionen lesen anders",
            "authors": ["Tobias Wendt"],
            "open": True,
            "lang": "de",  # the intake answers in the article's language
            "comments": [
                "20250311-081500-aa11bb",
                "20250311-100000-cc22dd",
                "20250311-123000-ee33ff",
                "20250312-080000-gg44hh",
            ],
            **newsletter,
            "mentions": ["20250313-070000-pingback"],
            "date": "2025-03-10T09:00:00+01:00",
            "summary": "Wie Lokaljournalistinnen Unternehmensblogs lesen.",
        },
        "krisen-brauchen-tempo": {
            "url": CLOSED_URL,
            "title": "Krisen brauchen Tempo",
            "authors": ["Jana Albers"],
            "open": False,
            "lang": "de",
            "comments": ["20250402-090000-kk55ll"],
            **newsletter,
            "date": "2025-04-01T10:00:00+02:00",
            "summary": "Die erste Stunde entscheidet.",
        },
        "ein-ruhiger-beitrag": {
            "url": QUIET_URL,
            "title": "Ein ruhiger Beitrag",
            "authors": ["Jana Albers"],
            "open": True,
            "lang": "de",
            "comments": [],
            **newsletter,
            "date": "2025-05-01T10:00:00+02:00",
            "summary": "Noch hat niemand kommentiert.",
        },
    }


def test_drafts_and_hidden_articles_are_not_in_the_public_manifest(project):
    draft = project.root / "content" / "2025" / "ruhig.md"
    draft.write_text(draft.read_text().replace("Summary:", "Status: draft\nSummary:"))
    folder = project.comments / "ein-ruhiger-beitrag"
    folder.mkdir()
    (folder / "c1.md").write_text("Author: X\nDate: 2025-05-02\n\nSchon kommentiert.\n")
    hidden = project.root / "content" / "2025" / "krisen.md"
    hidden.write_text(
        hidden.read_text().replace("Comments: closed", "Comments: open\nStatus: hidden")
    )
    site = project.build("publishconf.py", **PRODUCTION)
    assert site.ok, site.stopped
    manifest = json.loads((site.output / "kommentare" / "artikel.json").read_text())
    assert list(manifest["articles"]) == ["lokalredaktionen-lesen-anders"]
    page = site.html(CLOSED_URL)  # hidden: its own page, with its thread, without a form
    assert len(page.select("li.comment")) == 1
    # The footer's newsletter form is on every page; the comment form is not here.
    assert page.select_one("form#kommentar-formular") is None
    assert page.select_one(".comment__reply") is None
    assert page.select_one(".comments__closed").get_text() == (
        "Auf dieser Seite können keine Kommentare geschrieben werden."
    )


def test_a_warm_build_takes_comments_from_the_cache_and_still_sees_new_ones(project, caplog):
    caplog.set_level(logging.INFO, logger="comments.hooks")
    assert project.build().ok
    assert project.build().ok
    assert project.build().ok
    summaries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Comments:")]
    assert summaries == [
        "Comments: 6 files for 2 articles (6 rendered, 0 from the cache)",
        "Comments: 6 files for 2 articles (0 rendered, 6 from the cache)",
        "Comments: 6 files for 2 articles (0 rendered, 6 from the cache)",
    ]
    # Pelican's content cache hands back the article unchanged; the thread is new.
    (project.comments / "lokalredaktionen-lesen-anders" / "neu.md").write_text(
        "Author: Neue Leserin\nDate: 2025-03-20 10:00\n\nFrisch freigegeben.\n"
    )
    caplog.clear()
    site = project.build()
    assert [r.getMessage() for r in caplog.records if r.getMessage().startswith("Comments:")] == [
        "Comments: 7 files for 2 articles (1 rendered, 6 from the cache)"
    ]
    page = site.html(ARTICLE_URL)
    assert page.select_one("#comment-neu .comment__text").get_text() == "Frisch freigegeben."
    assert page.select_one("section#comments h2").get_text() == "5 Kommentare"


BROKEN = [
    (
        "lokalredaktionen-lesen-anders/kaputt.md",
        "Author: X\nDate: morgen\n\nText.\n",
        'content/comments/lokalredaktionen-lesen-anders/kaputt.md:2: "Date" is "morgen"; expected',
    ),
    (
        "lokalredaktionen-lesen-anders/ohne-autor.md",
        "Date: 2025-03-11\n\nText.\n",
        'content/comments/lokalredaktionen-lesen-anders/ohne-autor.md: "Author" is missing',
    ),
    (
        "lokalredaktionen-lesen-anders/waise.md",
        "Author: Y\nDate: 2025-03-11\nReply-To: gibt-es-nicht\n\nText.\n",
        'content/comments/lokalredaktionen-lesen-anders/waise.md:3: "Reply-To" is "gibt-es-nicht",'
        " but this article has no comment with that id",
    ),
    (
        "lokalredaktionen-lesen-anders/an-pingback.md",
        "Author: Y\nDate: 2025-03-14\nReply-To: 20250313-070000-pingback\n\nText.\n",
        'content/comments/lokalredaktionen-lesen-anders/an-pingback.md:3: "Reply-To" is '
        '"20250313-070000-pingback", but this article has a pingback with that id',
    ),
    (
        "lokalredaktionen-lesen-anders/kreis.md",
        "Author: Y\nDate: 2025-03-10\nReply-To: kreis\n\nText.\n",
        'content/comments/lokalredaktionen-lesen-anders/kreis.md:3: "Reply-To" is "kreis", but '
        "the replies run in a circle (kreis → kreis)",
    ),
    (
        "lokalredaktionen-lesen-anders/mit leerzeichen.md",
        "Author: Y\nDate: 2025-03-10\n\nText.\n",
        "content/comments/lokalredaktionen-lesen-anders/mit leerzeichen.md: has the name "
        '"mit leerzeichen.md", which is no comment id',
    ),
    (
        "kein-artikel/c1.md",
        "Author: Y\nDate: 2025-03-10\n\nText.\n",
        "content/comments/kein-artikel: is a comment folder, but no article has the slug "
        '"kein-artikel"; expected the slug of an article',
    ),
    (
        "lose.md",
        "Author: Y\nDate: 2025-03-10\n\nText.\n",
        "content/comments/lose.md: is not read: expected each comment at "
        "content/comments/<article-slug>/<comment-id>.md",
    ),
    (
        "lokalredaktionen-lesen-anders/alt/c1.md",
        "Author: Y\nDate: 2025-03-10\n\nText.\n",
        "content/comments/lokalredaktionen-lesen-anders/alt/c1.md: is not read",
    ),
]


@pytest.mark.parametrize(("name", "text", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_comment_file_stops_the_build_with_one_error(project, name, text, message):
    path = project.comments / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    site = project.build()
    assert not site.ok
    (error,) = site.messages(logging.ERROR)
    assert error.startswith(message), error
    assert not (site.output / ARTICLE_URL).exists()  # nothing half-written


def test_a_file_that_is_not_utf8_is_one_error_naming_file_and_line(project):
    path = project.comments / "lokalredaktionen-lesen-anders" / "latin1.md"
    path.write_bytes("Author: Jörg\nDate: 2025-03-10\n\nText.\n".encode("latin-1"))
    site = project.build()
    (error,) = site.messages(logging.ERROR)
    assert error.startswith(
        "content/comments/lokalredaktionen-lesen-anders/latin1.md:1: "
        "has the byte 0xf6, which is not UTF-8"
    ), error


def test_no_comments_folder_at_all(project):
    shutil.rmtree(project.comments)
    site = project.build()
    assert site.ok, site.stopped
    assert site.html(ARTICLE_URL).select_one("section#comments .empty")


@pytest.mark.slow
def test_the_pages_with_threads_and_forms_are_valid_html_and_load_nothing_foreign(production):
    for url in (ARTICLE_URL, CLOSED_URL, QUIET_URL):
        loaded = resource_urls(production.read(url))
        assert loaded and all(u.startswith(f"{SITEURL}/") for u in loaded), loaded
    keep = {ARTICLE_URL, CLOSED_URL, QUIET_URL}
    for page in production.output.rglob("*.html"):
        if not any(page.is_relative_to(production.output / url) for url in keep):
            page.unlink()
    assert nu_html_checker_errors(production.output) == []


def test_a_changed_title_that_moved_the_comments_away_says_how_to_keep_them(project):
    # No Slug line: the slug follows the title, and the comments stay in the old folder.
    article = project.root / "content" / "2025" / "krisen.md"
    article.write_text(
        article.read_text().replace("Title: Krisen brauchen Tempo", "Title: Krisen brauchen Ruhe")
    )
    site = project.build()
    assert not site.ok
    (error,) = site.messages(logging.ERROR)
    assert error.startswith("content/comments/krisen-brauchen-tempo: is a comment folder"), error
    assert (
        'If the title of content/2025/krisen.md changed (its slug is "krisen-brauchen-ruhe" '
        'now), add the line "Slug: krisen-brauchen-tempo" to its header'
    ) in error
