"""Author bios on a real build of the `authors` fixture site."""

import json
import logging
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURE_SITES, build_site
from hreflang import alternates_of, sitemap_alternates, walk_reciprocity

JOINT = "2024/05/mitarbeitende-als-botschafter/"
GUEST = "2024/06/lokalredaktionen-lesen-anders/"


@pytest.fixture
def site(fixture_site):
    built = fixture_site("authors")
    assert built.ok, built.stopped
    return built


def test_every_author_gets_a_bio_box_in_byline_order(site):
    page = site.html(JOINT)
    boxes = page.select(".bios .bio")
    assert [box.select_one(".bio__name a").get_text() for box in boxes] == [
        "Katrin Schäfer",
        "Jana Albers",
    ]
    assert page.select_one(".bios__title").get_text() == "Zu den Personen"
    katrin, jana = boxes
    assert katrin.select_one(".bio__role").get_text() == (
        "Beraterin für PR und Krisenkommunikation, Hafenlicht Kommunikation"
    )
    assert "Corporate Publishing" in jana.select_one(".bio__about strong").get_text()
    assert jana.select_one(".bio__name a")["href"] == "../../../autor/jana-albers/"


def test_links_carry_rel_me(site):
    jana = site.html(JOINT).select(".bio")[1]
    links = {a.get_text(): (a["href"], a["rel"]) for a in jana.select(".profile-links a")}
    assert links["Mastodon"] == ("https://social.example/@jana", ["me"])
    assert links["X"] == ("https://x.com/jana_albers", ["me"])
    assert set(links) == {"Website", "X", "LinkedIn", "XING", "Mastodon"}


def test_photo_or_a_generated_initials_avatar_from_the_site_itself(site):
    boxes = site.html(JOINT).select(".bio")
    assert boxes[1].img["src"] == "../../../images/authors/jana-albers.jpg"
    assert boxes[0].img["src"] == "../../../images/avatars/katrin-schaefer.svg"
    avatar = (site.output / "images/avatars/katrin-schaefer.svg").read_text()
    assert ">KS</text>" in avatar and "<title>Katrin Schäfer</title>" in avatar


def test_guest_is_labelled(site):
    box = site.html(GUEST).select_one(".bio")
    assert box.select_one(".badge--guest").get_text() == "Gast"


def test_author_page_has_picture_bio_links_articles_and_person_data(site):
    page = site.html("autor/jana-albers/")
    assert page.h1.get_text() == "Jana Albers"
    assert page.select_one(".profile__picture")["alt"] == "Bild von Jana Albers"
    assert "zwölf Jahren" in page.select_one(".profile__bio").get_text()
    assert len(page.select(".profile-links a[rel=me]")) == 5
    titles = [a.get_text() for a in page.select(".card__title a")]
    assert titles == ["Ein Jahr Corporate Blog bei Nordstahl", "Mitarbeitende als Botschafter"]
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["mainEntity"]["@type"] == "Person"
    assert data["mainEntity"]["name"] == "Jana Albers"


def test_someone_without_own_articles_gets_a_page_with_their_interviews(site):
    page = site.html("autor/lea-sommerfeld/")
    assert page.h1.get_text() == "Lea Sommerfeld"
    assert page.select_one(".intro__kicker").get_text() == "Gast"
    assert "Interviews mit Lea Sommerfeld" in page.select_one(".section-title").get_text()
    assert [a.get_text() for a in page.select(".card__title a")] == [
        "Ein Jahr Corporate Blog bei Nordstahl"
    ]


def test_the_author_page_says_team_or_guest_in_words_for_women_and_men_alike(site):
    # A profile says nothing about gender: no "Autorin/Autor", which reads as a form.
    assert site.html("autor/jana-albers/").select_one(".intro__kicker").get_text() == ("Unser Team")
    assert site.html("autor/tobias-wendt/").select_one(".intro__kicker").get_text() == "Gast"
    slashed = re.compile(r"\w+in/\w+")
    for page in site.pages():
        text = BeautifulSoup(page.read_text("utf-8"), "lxml").get_text(" ")
        assert not slashed.findall(text), (page, slashed.findall(text))


def test_overview_lists_the_team_first_then_guests(site):
    page = site.html("autoren/")
    sections = page.select("section.people")
    assert [s.h2.get_text() for s in sections] == ["Unser Team", "Gäste"]
    assert [a.get_text() for a in sections[0].select(".person__name")] == [
        "Jana Albers",
        "Katrin Schäfer",
    ]
    assert [a.get_text() for a in sections[1].select(".person__name")] == [
        "Lea Sommerfeld",
        "Tobias Wendt",
    ]
    lea = sections[1].select(".person")[0]
    assert " ".join(lea.select_one(".person__count").get_text().split()) == "1 Interview"


def test_paginated_author_pages(fixture_site):
    site = fixture_site("authors", DEFAULT_PAGINATION=1)
    assert site.ok
    assert site.html("autor/jana-albers/seite/2/").select_one(".card__title").get_text() == (
        "Mitarbeitende als Botschafter"
    )


def _rename_author(site, new_name: str) -> None:
    article = site.content / "2024" / "gastbeitrag.md"
    article.write_text(article.read_text().replace("Author: Tobias Wendt", f"Author: {new_name}"))


def test_missing_profile_warns_in_the_dev_build(fixture_site):
    fixture_site("authors")
    site = fixture_site("authors")
    _rename_author(site, "Tobias Wend")
    rebuilt = build_site(site.root)
    assert rebuilt.ok
    warnings = [m for m in rebuilt.messages(logging.WARNING) if "no profile" in m]
    assert warnings == [
        'content/2024/gastbeitrag.md: "Author" names "Tobias Wend", who has no profile; '
        'expected content/authors/tobias-wend.md with "Name: Tobias Wend"; '
        'did you mean "Tobias Wendt"?'
    ]


def test_missing_profile_stops_the_production_build(fixture_site):
    site = fixture_site("authors")
    _rename_author(site, "Niemand Bekannt")
    rebuilt = build_site(site.root, "publishconf.py")
    assert not rebuilt.ok
    errors = rebuilt.messages(logging.ERROR)
    assert len(errors) == 1
    assert errors[0].startswith('content/2024/gastbeitrag.md: "Author" names "Niemand Bekannt"')


def test_missing_photo_and_duplicate_profiles_are_errors(fixture_site):
    site = fixture_site("authors")
    profile = site.content / "authors" / "katrin-schaefer.md"
    profile.write_text(
        profile.read_text().replace("Guest: no", "Guest: no\nPhoto: images/authors/katrin.jpg")
    )
    (site.content / "authors" / "tobias-wendt-2.md").write_text(
        "Name: Tobias Wendt\n\nNoch einmal.\n"
    )
    rebuilt = build_site(site.root)
    assert not rebuilt.ok
    errors = rebuilt.messages(logging.ERROR)
    assert len(errors) == 2
    assert errors[0].startswith(
        'content/authors/katrin-schaefer.md:5: "Photo" points to images/authors/katrin.jpg'
    )
    assert errors[1].startswith('content/authors/tobias-wendt.md: "Name" is "Tobias Wendt"')
    assert "content/authors/tobias-wendt-2.md" in errors[1]


# --- Author pages of people who write in one language only (fixture site `languages`) --

SITEURL = "https://blog.example"
KATRIN_DE, KATRIN_EN = "autor/katrin-schaefer/", "en/author/katrin-schaefer/"
RUTH_DE, RUTH_EN = "autor/ruth-ellis/", "en/author/ruth-ellis/"
KATRIN_ARTICLE = "2025/04/die-erste-stunde/"
RUTH_ARTICLE = "en/2025/05/plain-words/"
WRITES_IN_ONE_LANGUAGE = {
    # A profile in both languages, articles in German only.
    "authors/katrin-schaefer.md": "Name: Katrin Schäfer\nRole: Beraterin\nGuest: no\n\n"
    "Katrin Schäfer berät in Krisen.\n",
    "authors/katrin-schaefer.en.md": "Name: Katrin Schäfer\nRole: Consultant\nLang: en\n\n"
    "Katrin Schäfer advises in crises.\n",
    "2025/die-erste-stunde.md": "Title: Die erste Stunde\nDate: 2025-04-01 09:00\n"
    "Author: Katrin Schäfer\nCategory: Social Media\nSummary: Was in einer Krise zählt.\n\n"
    "Text.\n",
    # The other way round: a German profile, articles in English only.
    "authors/ruth-ellis.md": "Name: Ruth Ellis\nRole: Lektorin\nGuest: yes\n\n"
    "Ruth Ellis lektoriert.\n",
    "2025/plain-words.md": "Title: Plain words\nDate: 2025-05-01 09:00\nAuthor: Ruth Ellis\n"
    "Category: Social Media\nSummary: Say it plainly.\nLang: en\n\nText.\n",
}


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    project = tmp_path_factory.mktemp("bilingual-authors")
    shutil.copytree(FIXTURE_SITES / "languages" / "content", project / "content")
    for name, text in WRITES_IN_ONE_LANGUAGE.items():
        (project / "content" / name).write_text(text, encoding="utf-8")
    built = build_site(project, "publishconf.py", SITEURL=SITEURL, FEED_DOMAIN=SITEURL)
    assert built.ok, built.stopped
    return built


def test_the_english_page_of_someone_who_writes_in_german_lists_their_german_articles(
    bilingual,
):
    page = bilingual.html(KATRIN_EN)
    assert page.html["lang"] == "en"
    assert "advises in crises" in page.select_one(".profile__bio").get_text()
    assert page.select_one(".intro__kicker").get_text() == "Our team"
    assert page.select_one(".section-title").get_text(" ", strip=True) == (
        "Articles by Katrin Schäfer in German (1)"
    )
    assert page.select_one(".section-note").get_text() == (
        "There are no articles by Katrin Schäfer in English yet."
    )
    assert "No articles yet" not in page.get_text()
    (card,) = page.select(".card")
    title = card.select_one(".card__title")
    # Its words in their language, for screen readers and hyphenation; its links say the
    # language they lead to. The card's own words and date are the page's.
    assert (title["lang"], title.a["hreflang"]) == ("de", "de")
    assert title.a["href"] == f"{SITEURL}/{KATRIN_ARTICLE}"
    assert title.get_text() == "Die erste Stunde"
    assert card.select_one(".card__summary")["lang"] == "de"
    category = card.select_one(".card__kicker a")
    assert (category["lang"], category["hreflang"]) == ("de", "de")
    assert category["href"] == f"{SITEURL}/kategorie/social-media/"
    assert card.select_one("time").get_text() == "1 April 2025"


def test_the_english_page_of_someone_who_writes_in_german_offers_their_german_feed(
    bilingual,
):
    # No English feed of hers exists: the page offers the feed of what it lists, to feed
    # readers in its head and to readers as a link marked German, as the articles are.
    # (Not so in the head: there, hreflang makes a link a translation of the page.)
    page = bilingual.html(KATRIN_EN)
    atom = f"{SITEURL}/{KATRIN_DE}atom.xml"
    discovery = page.select_one(f'head link[rel="alternate"][href="{atom}"]')
    assert discovery is not None
    assert not discovery.has_attr("hreflang")
    assert discovery["title"] == "Hafenlicht: Katrin Schäfer (Atom)"
    visible = page.select_one(".feed-subscribe a.feed-link")
    assert (visible["href"], visible["hreflang"]) == (atom, "de")
    assert visible.get_text(strip=True) == "Subscribe to the feed of this page"
    rss = page.select_one(".feed-subscribe__alt a")
    assert (rss["href"], rss["hreflang"]) == (f"{SITEURL}/{KATRIN_DE}rss.xml", "de")
    feed = (bilingual.output / KATRIN_DE / "atom.xml").read_text(encoding="utf-8")
    assert "Die erste Stunde" in feed
    # Her German page offers the same feed as its own, with no language mark.
    own = bilingual.html(KATRIN_DE).select_one(".feed-subscribe a.feed-link")
    assert own["href"] == atom
    assert not own.has_attr("hreflang")


def test_a_card_in_the_pages_own_language_carries_no_language_of_its_own(bilingual):
    # The same article's card on German pages: rendered for German, not reused from the
    # English page (cards are rendered once per page language).
    for path in (KATRIN_DE, ""):
        card = next(
            c
            for c in bilingual.html(path).select(".card")
            if c.select_one(".card__title a")["href"].endswith(KATRIN_ARTICLE)
        )
        assert not card.select("[lang], [hreflang]"), path
        assert card.select_one("time").get_text() == "1. April 2025", path
    german = bilingual.html(KATRIN_DE)
    assert not german.select(".section-note")
    assert german.select_one(".section-title").get_text(" ", strip=True) == (
        "Beiträge von Katrin Schäfer (1)"
    )


def test_the_german_page_of_someone_who_writes_in_english_lists_their_english_articles(
    bilingual,
):
    page = bilingual.html(RUTH_DE)
    assert page.select_one(".section-title").get_text(" ", strip=True) == (
        "Beiträge von Ruth Ellis auf Englisch (1)"
    )
    assert page.select_one(".section-note").get_text() == (
        "Auf Deutsch gibt es noch keine Beiträge von Ruth Ellis."
    )
    title = page.select_one(".card__title")
    assert (title["lang"], title.a["hreflang"]) == ("en", "en")
    assert title.a["href"] == f"{SITEURL}/{RUTH_ARTICLE}"


def test_the_overviews_count_the_work_in_the_other_language(bilingual):
    def count(path: str, name: str) -> str:
        person = next(
            p
            for p in bilingual.html(path).select(".person")
            if p.select_one(".person__name").get_text() == name
        )
        return " ".join(person.select_one(".person__count").get_text().split())

    assert count("en/authors/", "Katrin Schäfer") == "1 article in German"
    assert count("autoren/", "Katrin Schäfer") == "1 Beitrag"
    assert count("autoren/", "Ruth Ellis") == "1 Beitrag auf Englisch"
    assert count("en/authors/", "Ruth Ellis") == "1 article"


def test_switcher_hreflang_and_sitemap_pair_the_two_author_pages(bilingual):
    pair = {"de": KATRIN_DE, "en": KATRIN_EN, "x-default": KATRIN_DE}
    for path, other, text in (
        (KATRIN_DE, KATRIN_EN, "This page in English"),
        (KATRIN_EN, KATRIN_DE, "Diese Seite auf Deutsch"),
    ):
        page = bilingual.html(path)
        assert alternates_of(page, SITEURL) == pair, path
        link = page.select_one(".language-switch a")
        assert (link["href"], link.get_text(strip=True)) == (f"{SITEURL}/{other}", text)
    sitemap = sitemap_alternates(bilingual.output / "sitemap.xml", SITEURL)
    assert sitemap[KATRIN_DE] == sitemap[KATRIN_EN] == pair
    assert {KATRIN_EN, RUTH_DE} <= walk_reciprocity(bilingual.output, SITEURL)
