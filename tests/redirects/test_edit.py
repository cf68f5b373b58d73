"""`invoke redirects.add` and `check --fix`: rows checked, normalised, never chained."""

import pytest
from invoke import Context, Exit

from conftest import copy_fixture
from redirects import tasks as redirect_tasks
from redirects.edit import add_rows
from redirects.table import Redirect, read_redirects
from redirects.tasks import add
from site_project import site_project


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "redirects.csv"
    path.write_text("old,new\n/?p=1,/alt/\n/aelter/,/alt/\n", encoding="utf-8")
    return path


def test_a_row_in_its_normal_spelling(table):
    assert add_rows(table, [("/2019/05/%ce%ba/", "/2019/05/ka/")], "t.csv") == [
        "t.csv: added /2019/05/%CE%BA/,/2019/05/ka/"
    ]
    assert read_redirects(table)[-1] == Redirect("/2019/05/%CE%BA/", "/2019/05/ka/")


def test_a_redirected_address_passes_its_redirects_on_without_a_chain(table):
    lines = add_rows(table, [("/alt/", "/neu/")], "t.csv")
    assert read_redirects(table) == [
        Redirect("/?p=1", "/neu/"),
        Redirect("/aelter/", "/neu/"),
        Redirect("/alt/", "/neu/"),
    ]
    assert "t.csv: /?p=1 now goes to /neu/ directly (not via /alt/)" in lines
    add_rows(table, [("/noch-aelter/", "/aelter/")], "t.csv")  # a target that moved on
    assert read_redirects(table)[-1] == Redirect("/noch-aelter/", "/neu/")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("alt/", "/neu/", '"old" is "alt/"; expected a site path'),
        ("/x/", "https://elsewhere.example/", '"new" is "https://elsewhere.example/"'),
        ("/x/", "/neu/?a=1", "without query or fragment"),
        ("/x/", "/X", "one address"),
        ("/aelter", "/anders/", '/aelter is redirected already ("/aelter/,/alt/" in t.csv)'),
    ],
)
def test_a_row_that_cannot_be_is_refused_and_nothing_is_written(table, old, new, message):
    before = table.read_text()
    with pytest.raises(ValueError) as raised:
        add_rows(table, [(old, new)], "t.csv")
    assert message in str(raised.value)
    assert table.read_text() == before


def test_the_same_row_again_changes_nothing(table):
    assert add_rows(table, [("/aelter/", "/alt/")], "t.csv") == ["t.csv has /aelter/,/alt/ already"]


def test_the_task_writes_the_row_and_refuses_an_address_that_is_a_page(tmp_path, monkeypatch):
    copy_fixture("interviews", tmp_path)
    monkeypatch.setattr(redirect_tasks, "PROJECT", site_project(tmp_path))
    add(Context(), "/?p=12", "/2025/03/lokalredaktionen-lesen-anders/")
    table = tmp_path / "content" / "redirects.csv"
    assert read_redirects(table) == [Redirect("/?p=12", "/2025/03/lokalredaktionen-lesen-anders/")]
    with pytest.raises(Exit) as refused:
        add(Context(), "/2025/03/lokalredaktionen-lesen-anders", "/2025/")
    assert refused.value.code == 2
    assert refused.value.message == (
        "Nothing was added: /2025/03/lokalredaktionen-lesen-anders is the address of "
        "content/2025/gast.md; a redirect there would hide that page (change its Slug first)"
    )
    assert len(read_redirects(table)) == 1
