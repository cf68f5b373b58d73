"""The decisions before anything is written: dates, names, titles."""

from datetime import datetime
from zoneinfo import ZoneInfo

from wordpress_import.plan import clean_name, made_title, parse_date

BERLIN = ZoneInfo("Europe/Berlin")


def test_dates_come_from_gmt_in_the_sites_time_zone():
    assert parse_date("2019-07-01 12:00:00", "2019-07-01 08:00:00", "Europe/Berlin") == datetime(
        2019, 7, 1, 10, 0, tzinfo=BERLIN
    )  # summer time: UTC+2
    assert parse_date("2019-01-01 12:00:00", "2019-01-01 08:00:00", "Europe/Berlin").hour == 9


def test_without_gmt_the_local_date_counts_and_without_any_there_is_none():
    assert parse_date("2019-08-01 08:00:00", "0000-00-00 00:00:00", "Europe/Berlin").hour == 8
    assert parse_date("", "0000-00-00 00:00:00", "Europe/Berlin") is None
    assert parse_date("gestern", "", "Europe/Berlin") is None


def test_names_survive_our_comma_lists():
    assert clean_name("Krisen, Kommunikation; PR") == "Krisen Kommunikation PR"
    assert clean_name("M&amp;A <b>News</b>") == "M&A News"


def test_a_title_from_the_first_words():
    assert made_title("<p>Eins zwei drei</p>") == "Eins zwei drei"
    assert made_title("a b c d e f g h i j") == "a b c d e f g h …"
    assert made_title("") == ""


def test_a_child_pages_parent_must_be_slugs():
    from newsroom.headers import Kind, check_header, split_source

    good = check_header(
        Kind.PAGE, "p.md", split_source("Title: Team\nParent: ueber-uns/leute\n\nx")
    )
    assert good.values["parent"] == "ueber-uns/leute" and good.errors == ()
    bad = check_header(Kind.PAGE, "p.md", split_source("Title: Team\nParent: Über uns\n\nx"))
    assert [str(p) for p in bad.errors] == [
        'p.md:2: "Parent" is "Über uns"; expected the slugs of the parent pages joined by "/", '
        "such as ueber-uns/team"
    ]


def test_a_scheduled_post_whose_date_has_passed_is_a_draft_and_the_report_says_so(
    project, tmp_path
):
    from wxr_exports import export, item

    path = export(
        tmp_path / "geplant.xml",
        item(1, "Verpasst", name="verpasst", status="future", date="2020-01-01 20:00:00",
             date_gmt="2020-01-01 19:00:00"),
        item(2, "Bald", name="bald", status="future", date="2099-01-01 10:00:00",
             date_gmt="2099-01-01 09:00:00"),
    )  # fmt: skip
    assert project.run(path) == 0
    missed = (project.content / "2020" / "verpasst.md").read_text(encoding="utf-8")
    assert "\nStatus: draft\n" in missed and "Date: 2020-01-01 20:00\n" in missed
    assert "Status:" not in (project.content / "2099" / "bald.md").read_text(encoding="utf-8")
    report = project.report()
    assert report["counts"]["post"] == {"draft": 1, "scheduled": 1}
    assert (
        "post 1 was scheduled for 2020-01-01 20:00, which has passed: imported as a draft (line 11)"
        in report["warnings"]
    )
    assert not any("post 2" in w for w in report["warnings"])


def category(term_id: int, slug: str, name: str, parent: str = "") -> str:
    return (
        f"<wp:category><wp:term_id>{term_id}</wp:term_id>"
        f"<wp:category_nicename>{slug}</wp:category_nicename>"
        f"<wp:category_parent>{parent}</wp:category_parent>"
        f"<wp:cat_name><![CDATA[{name}]]></wp:cat_name></wp:category>"
    )


def in_category(slug: str, name: str) -> str:
    return f'<category domain="category" nicename="{slug}"><![CDATA[{name}]]></category>'


def test_two_categories_of_one_name_stay_apart_and_the_report_says_how(project, tmp_path):
    from redirects.table import read_redirects
    from wxr_exports import export, item

    path = export(
        tmp_path / "foo.xml",
        item(1, "Oben", name="oben", extra=in_category("foo", "Foo")),
        item(2, "Unten", name="unten", extra=in_category("foo-bar", "Foo")),
        head=category(3, "foo", "Foo") + category(4, "bar", "Bar")
        + category(5, "foo-bar", "Foo", parent="bar"),
    )  # fmt: skip
    project.run(path)
    assert "Category: Foo\n" in (project.content / "2019" / "oben.md").read_text()
    assert "Category: Bar › Foo\n" in (project.content / "2019" / "unten.md").read_text()
    redirects = {r.old: r.new for r in read_redirects(project.content / "redirects.csv")}
    assert redirects["/category/foo/"] == "/kategorie/foo/"
    assert redirects["/category/bar/foo-bar/"] == "/kategorie/bar-foo/"
    assert redirects["/category/bar/foo-bar/feed/"] == "/kategorie/bar-foo/atom.xml"
    assert (
        'category "Foo" (foo-bar, below "Bar") is "Bar › Foo" now: '
        'the category "Foo" (foo) keeps the name' in project.report()["warnings"]
    )


def test_categories_of_one_name_without_parents_are_merged_and_listed_once(project, tmp_path):
    from wxr_exports import export, item

    path = export(
        tmp_path / "foo.xml",
        item(1, "Eins", name="eins", extra=in_category("haupt", "Haupt")
             + in_category("foo", "Foo") + in_category("foo-2", "Foo")),
        item(2, "Zwei", name="zwei", extra=in_category("foo-2", "Foo")),
    )  # fmt: skip
    project.run(path)
    assert "Tags: Foo\n" in (project.content / "2019" / "eins.md").read_text()
    report = project.report()
    assert report["category_choices"] == [
        {"file": "2019/eins.md", "category": "Haupt", "as_tags": ["Foo"]}
    ]
    assert (
        'the categories foo and foo-2 are both called "Foo": they are one category here'
        in report["warnings"]
    ), report["warnings"]
