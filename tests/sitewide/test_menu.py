"""content/menu.csv: what editors may write, what they are told when it is wrong, which
entry a page belongs to."""

from pathlib import Path

import pytest

from newsroom.schema import ContentError
from sitewide.menu import MenuEntry, current_marks, default_menu, missing_targets, read_menu

SHOWN = "content/menu.csv"


def menu_file(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "menu.csv"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_entries_in_file_order_with_their_lines(tmp_path):
    path = menu_file(
        tmp_path,
        "\ufefflabel,url\n"
        "Social Media,/kategorie/social-media/\n"
        "\n"
        '"PR, Presse",/kategorie/pr/\n'
        "Jobs, https://jobs.example/hafenlicht \n",
    )
    assert read_menu(path, SHOWN) == (
        MenuEntry("Social Media", "/kategorie/social-media/", 2),
        MenuEntry("PR, Presse", "/kategorie/pr/", 4),
        MenuEntry("Jobs", "https://jobs.example/hafenlicht", 5),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Label;URL\nA;/a/\n", 'content/menu.csv:1: is "Label;URL"; expected the header row'),
        ("", 'content/menu.csv:1: is "nothing"; expected the header row "label,url"'),
        ("label,url\n", "content/menu.csv:1: has no entries"),
        ("label,url\nA,/a/,extra\n", "content/menu.csv:2: has 3 fields; expected two"),
        ("label,url\n,/a/\n", 'content/menu.csv:2: "label" is empty'),
        ("label,url\nA,kategorie/a/\n", 'content/menu.csv:2: "url" is "kategorie/a/"; expected'),
        ("label,url\nA,http://a.example/\n", 'content/menu.csv:2: "url" is "http://a.example/"'),
        ("label,url\nA,//evil.example/\n", 'content/menu.csv:2: "url" is "//evil.example/"'),
        ("label,url\nA,javascript:alert(1)\n", 'content/menu.csv:2: "url" is "javascript:'),
        ("label,url\nA,/a b/\n", 'content/menu.csv:2: "url" is "/a b/"'),
        ("label,url\nA,/a/\nB,/b/\nC,/a/\n", 'content/menu.csv:4: "url" is "/a/", already the url'),
        (f"label,url\n{'Sehr lang ' * 5},/a/\n", 'content/menu.csv:2: "label" is "Sehr lang'),
        (b"label,url\nA,/a/\nB\xe4r,/b/\n", "content/menu.csv:3: is not UTF-8"),
    ],
)
def test_a_broken_menu_names_file_line_and_field(tmp_path, text, message):
    with pytest.raises(ContentError) as raised:
        read_menu(menu_file(tmp_path, text), SHOWN)
    assert str(raised.value).startswith(message), str(raised.value)
    assert raised.value.path == SHOWN


def test_the_default_menu_is_the_biggest_categories_never_all():
    sections = [(f"Rubrik {n}", f"kategorie/r{n}/", n % 4) for n in range(9)]
    entries = default_menu(sections, 3)
    assert [e.label for e in entries] == ["Rubrik 3", "Rubrik 7", "Rubrik 2"]
    assert entries[0].url == "/kategorie/r3/" and not entries[0].external


MENU = (
    MenuEntry("Start", "/"),
    MenuEntry("Social Media", "/kategorie/social-media/"),
    MenuEntry("Interviews", "/interviews/"),
    MenuEntry("Über uns", "/ueber-uns/"),
    MenuEntry("Team", "/ueber-uns/team/"),
    MenuEntry("Jobs", "https://jobs.example/"),
)


@pytest.mark.parametrize(
    ("own", "sections", "marked"),
    [
        ("", [], {"Start": "page"}),
        ("kategorie/social-media/", [], {"Social Media": "page"}),
        ("kategorie/social-media/seite/2/", [], {"Social Media": "true"}),
        ("2025/09/mastodon/", ["kategorie/social-media/"], {"Social Media": "true"}),
        ("2025/03/gespraech/", ["interviews/", "kategorie/social-media/"], {"Interviews": "true"}),
        (
            "2025/03/beitrag/",
            ["kategorie/content/", "kategorie/social-media/"],
            {"Social Media": "true"},
        ),
        ("ueber-uns/team/jana/", [], {"Team": "true"}),  # the longest that holds it
        ("ueber-uns/", [], {"Über uns": "page"}),
        ("impressum/", [], {}),  # the home page's "/" holds only itself
    ],
)
def test_the_current_section_is_marked_once(own, sections, marked):
    marks = current_marks(MENU, own, sections)
    assert {e.label: m for e, m in zip(MENU, marks, strict=True) if m} == marked


def test_missing_targets_are_site_paths_the_build_did_not_write(tmp_path):
    (tmp_path / "kategorie" / "social-media").mkdir(parents=True)
    (tmp_path / "kategorie" / "social-media" / "index.html").write_text("x")
    (tmp_path / "index.html").write_text("x")
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "atom.xml").write_text("x")
    entries = [
        MenuEntry("Start", "/"),
        MenuEntry("Social", "/kategorie/social-media/?utm=menu#top"),
        MenuEntry("Feed", "/feeds/atom.xml"),
        MenuEntry("Tippfehler", "/kategorie/socal-media/", 5),
        MenuEntry("Woanders", "https://example.org/"),
    ]
    assert missing_targets(entries, tmp_path) == [entries[3]]
