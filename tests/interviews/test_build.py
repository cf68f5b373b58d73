"""Interviews, guest articles, disclosures and calls to action in a real build."""

import logging

import pytest

from conftest import build_site

INTERVIEW = "2025/02/ein-jahr-corporate-blog-bei-nordstahl/"
GUEST = "2025/03/lokalredaktionen-lesen-anders/"
SPONSORED = "2025/04/redaktionsplanung-mit-lotsenkarte/"


@pytest.fixture
def site(fixture_site):
    built = fixture_site("interviews")
    assert built.ok, built.stopped
    return built


def test_interview_questions_are_marked_numbered_and_listed_before_the_first(site):
    page = site.html(INTERVIEW)
    questions = page.select("h3.question")
    assert [q["id"] for q in questions] == [
        "frage-wie-fing-es-an",
        "frage-was-war-schwierig",
        "frage-wer-schreibt-die-texte",
        "frage-wie-messen-sie-erfolg",
        "frage-was-raten-sie-anderen",
    ]
    assert [q.select_one(".question__number").get_text() for q in questions] == list("12345")
    toc = page.select_one(".interview-toc")
    assert toc.h2.get_text() == "Die Fragen im Überblick"
    assert [a["href"] for a in toc.select("a")] == [f"#{q['id']}" for q in questions]
    assert toc.find_next("h3", class_="question") is questions[0]
    for answer in page.select(".answer"):
        assert answer.select_one(".answer__speaker").get_text() == "Antwort von Lea Sommerfeld"


def test_question_ids_are_the_same_on_every_build(fixture_site):
    first = fixture_site("interviews").html(INTERVIEW).select("h3.question")
    second = fixture_site("interviews").html(INTERVIEW).select("h3.question")
    assert [q["id"] for q in first] == [q["id"] for q in second]


def test_interview_label_cta_disclosures_and_both_bios(site):
    page = site.html(INTERVIEW)
    assert page.select_one(".post-kicker .kind-label").get_text() == "Interview"
    cta = page.select_one(".cta a")
    assert cta.get_text() == "Jetzt Ticket für den Kommunikationstag sichern"
    assert cta["href"] == "https://hafenlicht.example/kommunikationstag"
    assert page.select_one(".post-body").find_next("aside") is page.select_one(".cta")
    titles = [h.get_text() for h in page.select(".disclosure__title")]
    assert titles == ["Partnerschaft", "Mit KI-Unterstützung"]
    assert [b.select_one(".bio__name a").get_text() for b in page.select(".bio")] == [
        "Jana Albers",
        "Lea Sommerfeld",
    ]
    assert "Lea Sommerfeld spricht im Mai" in page.select(".interview > p")[-1].get_text()


def test_guest_article_is_labelled_on_page_and_lists(site):
    page = site.html(GUEST)
    assert page.select_one(".post-kicker .kind-label").get_text() == "Gastbeitrag"
    assert page.select_one(".bio .badge--guest").get_text() == "Gast"
    assert page.select_one(".disclosure__title").get_text() == "Gastbeitrag"
    cards = {c.select_one(".card__title").get_text(): c for c in site.html("").select(".card")}
    assert cards["Lokalredaktionen lesen anders"].select_one(".kind-label").get_text() == (
        "Gastbeitrag"
    )
    assert cards["Ein Jahr Corporate Blog bei Nordstahl"].select_one(".kind-label").get_text() == (
        "Interview"
    )


def test_sponsored_article_says_anzeige_once_in_a_band_above_the_title(site):
    # One band above the (tinted) header instead of a kicker label and a notice box: it
    # names the advertisement first and keeps the legal text and its link.
    page = site.html(SPONSORED)
    band = page.select_one(".post-header .sponsor-band")
    assert band.select_one(".disclosure__title").get_text() == "Anzeige"
    assert band.find_next("h1") is page.h1
    assert "bezahlte Werbung" in band.get_text()
    assert band.select_one('a[href$="transparenz/#sponsored"]')
    assert page.select(".post-kicker .kind-label") == []  # said once, not three times
    assert len(page.select(".disclosure--sponsored")) == 1
    assert "page-sponsored" in page.body["class"]
    card = next(c for c in site.html("").select(".card") if "Lotsenkarte" in c.get_text())
    assert card.select_one(".kind-label").get_text() == "Anzeige"


def test_interviews_list_page_and_navigation(site):
    page = site.html("interviews/")
    assert page.h1.get_text() == "Interviews"
    assert [a.get_text() for a in page.select(".card__title a")] == [
        "Ein Jahr Corporate Blog bei Nordstahl"
    ]
    assert site.html("").select_one('.site-nav a[href="./interviews/"]')


def test_transparency_page_explains_every_kind_and_lists_articles(site):
    page = site.html("transparenz/")
    kinds = [s["id"] for s in page.select("section.transparency-kind")]
    assert kinds == ["sponsored", "partner", "affiliate", "ai-assisted", "guest-opinion"]
    sponsored = page.select_one("#sponsored")
    assert [a.get_text() for a in sponsored.select("a")] == ["Redaktionsplanung mit Lotsenkarte"]
    assert page.select_one("#affiliate .empty")
    assert site.html(INTERVIEW).select_one('.disclosure a[href="../../../transparenz/#partner"]')


def test_english_notices_with_the_english_ui(fixture_site):
    site = fixture_site("interviews", DEFAULT_LANG="en")
    page = site.html(SPONSORED)
    assert page.select_one(".sponsor-band .disclosure__title").get_text() == "Advertisement"
    assert site.html("").select_one(".card .kind-label").get_text() == "Advertisement"


BAD_INPUT = [
    ("Interviewee: Lea Sommerfeld\n", "", '"Interviewee" is missing'),
    ("\n### ", "\n## ", '"Type" is "interview", but the text has no'),
    (
        "Disclosure: partner, ai-assisted",
        "Disclosure: partner, paid",
        'has unknown kind "paid"; allowed: sponsored, partner, affiliate, ai-assisted, '
        "guest-opinion",
    ),
    ("CTA-URL: https://hafenlicht.example/kommunikationstag\n", "", '"CTA-URL" is missing'),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD_INPUT)
def test_bad_interview_input_stops_the_build(fixture_site, old, new, message):
    site = fixture_site("interviews")
    article = site.content / "2025" / "interview.md"
    text = article.read_text(encoding="utf-8")
    assert old in text
    article.write_text(text.replace(old, new), encoding="utf-8")
    broken = build_site(site.root)
    assert not broken.ok
    errors = broken.messages(logging.ERROR)
    assert len(errors) == 1
    assert errors[0].startswith("content/2025/interview.md")
    assert message in errors[0]


def test_missing_interviewee_profile_is_an_error_in_production(fixture_site):
    site = fixture_site("interviews")
    (site.content / "authors" / "lea-sommerfeld.md").unlink()
    broken = build_site(site.root, "publishconf.py")
    assert not broken.ok
    assert broken.messages(logging.ERROR) == [
        'content/2025/interview.md: "Interviewee" names "Lea Sommerfeld", who has no profile; '
        'expected content/authors/lea-sommerfeld.md with "Name: Lea Sommerfeld"'
    ]


def test_two_interviewees_under_one_question_are_each_attributed_in_page_and_feed(
    fixture_site,
):
    from bs4 import BeautifulSoup

    site = fixture_site("interviews")
    article = site.content / "2025" / "interview.md"
    text = article.read_text("utf-8").replace(
        "Interviewee: Lea Sommerfeld", "Interviewee: Lea Sommerfeld, Tobias Wendt"
    )
    text = text.replace(
        "Mit einem Workshop und viel Skepsis.\n\nDer zweite Absatz der Antwort.",
        "**Lea Sommerfeld:** Mit einem Workshop und viel Skepsis.\n\n"
        "Der zweite Absatz der Antwort.\n\n**Tobias Wendt:** Ich kam erst später dazu.",
    )
    article.write_text(text, "utf-8")
    site = build_site(site.root, "publishconf.py", SITEURL="https://blog.example")
    assert site.ok, site.stopped
    first = site.html(INTERVIEW).select_one("section.qa")
    answers = [
        (a.select_one(".answer__speaker").get_text(), a.get_text(" ", strip=True))
        for a in first.select(".answer")
    ]
    assert [speaker for speaker, _text in answers] == [
        "Antwort von Lea Sommerfeld",
        "Antwort von Tobias Wendt",
    ]
    assert "Der zweite Absatz" in answers[0][1] and "später" not in answers[0][1]
    assert "Ich kam erst später dazu." in answers[1][1]

    feed = site.read("interviews/atom.xml")
    entry = BeautifulSoup(BeautifulSoup(feed, "xml").find("content").get_text(), "html.parser")
    names = [em.get_text() for em in entry.find_all("em") if em.get_text().startswith("Antwort")]
    assert names[:2] == ["Antwort von Lea Sommerfeld", "Antwort von Tobias Wendt"]
    assert (
        "Ich kam" in entry.find("em", string="Antwort von Tobias Wendt").find_next("p").get_text()
    )
