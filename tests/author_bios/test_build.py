"""Author bios on a real build of the `authors` fixture site."""

import json
import logging

import pytest

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
    from conftest import build_site

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
    from conftest import build_site

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
    from conftest import build_site

    rebuilt = build_site(site.root)
    assert not rebuilt.ok
    errors = rebuilt.messages(logging.ERROR)
    assert len(errors) == 2
    assert errors[0].startswith(
        'content/authors/katrin-schaefer.md:5: "Photo" points to images/authors/katrin.jpg'
    )
    assert errors[1].startswith('content/authors/tobias-wendt.md: "Name" is "Tobias Wendt"')
    assert "content/authors/tobias-wendt-2.md" in errors[1]
