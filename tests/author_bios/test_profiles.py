from pathlib import Path

import pytest
from lxml import etree

from author_bios.avatars import avatar_svg, background, initials
from author_bios.profiles import (
    Profile,
    index_profiles,
    missing_profile_message,
    parse_profile,
    person_json_ld,
    team_then_guests,
)

PROFILE = """\
Name: Katrin Schäfer
Role: Beraterin für PR
Organization: Hafenlicht Kommunikation
X: @katrin_s
Mastodon: https://social.example/@katrin
Guest: no

Katrin Schäfer war *Pressesprecherin*.
"""


def parse(text: str, file: str = "content/authors/katrin-schaefer.md", root: Path | None = None):
    return parse_profile(file, text, root, lambda body: f"<p>{body.strip()}</p>")


def make(name: str, guest: bool = False, source: str = "") -> Profile:
    profile, _ = parse(f"Name: {name}\nGuest: {'yes' if guest else 'no'}\n\nBio.", source or "x")
    return profile


def test_profile_fields_links_and_bio():
    profile, problems = parse(PROFILE)
    assert problems == ()
    assert profile.slug == "katrin-schaefer"
    assert profile.role_line == "Beraterin für PR, Hafenlicht Kommunikation"
    assert profile.bio_html == "<p>Katrin Schäfer war *Pressesprecherin*.</p>"
    assert [(link.label, link.url) for link in profile.links] == [
        ("X", "https://x.com/katrin_s"),
        ("Mastodon", "https://social.example/@katrin"),
    ]
    assert profile.guest is False and profile.photo is None


def test_missing_photo_is_an_error_naming_the_file_and_field(tmp_path):
    profile, problems = parse(PROFILE + "", root=tmp_path)
    assert profile is not None
    text = PROFILE.replace("Guest: no", "Guest: no\nPhoto: images/authors/weg.jpg")
    profile, problems = parse(text, root=tmp_path)
    assert profile is None
    (problem,) = problems
    assert str(problem).startswith('content/authors/katrin-schaefer.md:7: "Photo" points to')
    assert "images/authors/weg.jpg, which does not exist" in problem.message


def test_file_name_must_be_the_slug_of_the_name():
    profile, problems = parse(PROFILE, "content/authors/katrin.md")
    assert profile is not None
    (warning,) = problems
    assert "should be named katrin-schaefer.md" in warning.message


def test_two_profiles_for_one_slug_name_both_files():
    first = make("Jana Albers", source="content/authors/jana-albers.md")
    second = make("Jana  Albers", source="content/authors/jana.md")
    index, problems = index_profiles([second, first])
    assert list(index) == ["jana-albers"]
    assert index["jana-albers"].source == "content/authors/jana-albers.md"
    (problem,) = problems
    assert problem.path == "content/authors/jana.md"
    assert "content/authors/jana-albers.md" in problem.message


def test_team_first_then_guests_by_name():
    index, _ = index_profiles(
        [
            make("Zoe Gast", True, "a"),
            make("Bert Team", source="b"),
            make("Anna Gast", True, "c"),
            make("Ute Team", source="d"),
        ]
    )
    assert [p.name for p in team_then_guests(index)] == [
        "Bert Team",
        "Ute Team",
        "Anna Gast",
        "Zoe Gast",
    ]


def test_missing_profile_message_suggests_a_close_name():
    index, _ = index_profiles([make("Jana Albers", source="a")])
    names = [profile.name for profile in index.values()]
    message = missing_profile_message("Jana Albrs", names, "content/authors")
    assert message == (
        'names "Jana Albrs", who has no profile; expected content/authors/jana-albrs.md '
        'with "Name: Jana Albrs"; did you mean "Jana Albers"?'
    )


def test_person_json_ld():
    profile, _ = parse(PROFILE.replace("Guest: no", "Website: https://k.example\nGuest: no"))
    data = person_json_ld(profile, "https://blog.example/autor/katrin-schaefer/", "")
    assert data == {
        "@type": "Person",
        "name": "Katrin Schäfer",
        "url": "https://blog.example/autor/katrin-schaefer/",
        "jobTitle": "Beraterin für PR",
        "worksFor": {"@type": "Organization", "name": "Hafenlicht Kommunikation"},
        "sameAs": ["https://k.example", "https://x.com/katrin_s", "https://social.example/@katrin"],
    }


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("Jana Albers", "JA"),
        ("Dr. Tobias Wendt", "TW"),
        ("Mehmet Yıldız", "MY"),
        ("Cher", "C"),
        ("Anna-Lena von Berg", "AB"),
        ("", "?"),
    ],
)
def test_initials(name, letters):
    assert initials(name) == letters


def test_avatar_is_valid_svg_with_the_name_as_title_and_a_stable_colour():
    svg = avatar_svg("Tobias <Wendt>", "tobias-wendt")
    tree = etree.fromstring(svg.encode())
    namespace = {"s": "http://www.w3.org/2000/svg"}
    assert tree.find("s:title", namespace).text == "Tobias <Wendt>"
    assert tree.find("s:text", namespace).text == "TW"
    assert tree.find("s:rect", namespace).get("fill") == background("tobias-wendt")
    assert avatar_svg("Tobias <Wendt>", "tobias-wendt") == svg
