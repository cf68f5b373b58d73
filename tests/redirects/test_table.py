"""content/redirects.csv: the table every redirect comes from (contract 1)."""

import pytest

from redirects.table import (
    Redirect,
    format_redirects,
    merge_redirects,
    normalise_old,
    old_problem,
    read_redirects,
    redirect_key,
)


def write(tmp_path, text: str):
    path = tmp_path / "redirects.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_table_has_no_redirects(tmp_path):
    assert read_redirects(tmp_path / "redirects.csv") == []


def test_rows_in_file_order_with_queries_allowed_in_old(tmp_path):
    path = write(tmp_path, "old,new\n/?p=123,/2019/03/mein-beitrag/\n\n/alt/,/neu/\n")
    assert read_redirects(path) == [
        Redirect("/?p=123", "/2019/03/mein-beitrag/"),
        Redirect("/alt/", "/neu/"),
    ]
    assert read_redirects(path)[0].has_query and not read_redirects(path)[1].has_query


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("alt,neu\n/a/,/b/\n", ':1: expected the header line "old,new"'),
        (
            "old,new\n/a/,/b/,/c/\n",
            ":2: expected two columns, the old path and the new path; found 3",
        ),
        ("old,new\n/a/,b/\n", ':2: "new" is "b/"; expected a site path starting with "/"'),
        ("old,new\nhttp://x/a/,/b/\n", ':2: "old" is "http://x/a/"; expected a site path'),
        ("old,new\n/a/,/b/?x=1\n", ':2: "/b/?x=1" is not allowed here'),
        ("old,new\n/a/,/b/\n/a/,/c/\n", ':3: "/a/" is redirected already on line 2'),
    ],
)
def test_a_bad_line_names_file_line_and_expectation(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ValueError, match="redirects") as raised:
        read_redirects(path)
    assert str(raised.value).startswith(str(path))
    assert message in str(raised.value)


def test_format_reads_back(tmp_path):
    redirects = [Redirect("/?p=1", "/a/"), Redirect('/x,"y"/', "/b/")]
    assert read_redirects(write(tmp_path, format_redirects(redirects))) == redirects


@pytest.mark.parametrize(
    ("old", "normal"),
    [
        ("/2019/05/%ce%ba%ce%b1/", "/2019/05/%CE%BA%CE%B1/"),
        ("/2019/05/κα/", "/2019/05/%CE%BA%CE%B1/"),
        ("//greek/%ce%b5//x/", "/greek/%CE%B5/x/"),
        ("/a%2db/", "/a-b/"),  # an unreserved character is no escape
        ("/a b/", "/a%20b/"),
        ("/?p=12&x=%c3%bc", "/?p=12&x=%C3%BC"),
        ("/%ff%fe/", "/%FF%FE/"),  # no UTF-8: kept as bytes
        # A query as browsers send it: what is not ASCII (a WordPress guid has it raw).
        ("/?p=1&test=💫\u200c", "/?p=1&test=%F0%9F%92%AB%E2%80%8C"),
        ("/?s=a&b=c%2fd", "/?s=a&b=c%2Fd"),
    ],
)
def test_one_spelling_of_an_old_address(old, normal):
    assert normalise_old(old) == normal
    assert redirect_key(old) == redirect_key(normal)


def test_the_key_ignores_case_and_the_trailing_slash_as_nginx_does():
    assert redirect_key("/Ueber-Uns/") == redirect_key("/ueber-uns")
    assert redirect_key("/%C3%BC/") == redirect_key("/%c3%bc")
    assert redirect_key("/?p=1") != redirect_key("/?p=12")


@pytest.mark.parametrize(
    ("old", "problem"),
    [
        ("/a/../b/", 'no "." or ".." segments'),
        ("/a/%2e%2e/b/", 'no "." or ".." segments'),
        ("/a%0ab/", "no spaces or control characters"),
        ("/a/#x", "without a fragment"),
        ("/" + "a" * 1000, "is 1001 bytes long"),
    ],
)
def test_an_old_address_nginx_or_a_browser_could_not_use_is_named(tmp_path, old, problem):
    assert problem in old_problem(old)
    with pytest.raises(ValueError, match=r"redirects\.csv:2") as raised:
        read_redirects(write(tmp_path, f"old,new\n{old},/b/\n"))
    assert problem in str(raised.value)
    assert old_problem("/" + "a" * 999) == ""  # 1000 bytes: the map holds it


def test_two_spellings_of_one_address_are_one_row_too_many(tmp_path):
    path = write(tmp_path, "old,new\n/2019/05/κα/,/a/\n/2019/05/%CE%BA%CE%B1,/b/\n")
    with pytest.raises(ValueError) as raised:
        read_redirects(path)
    assert str(raised.value) == (
        f'{path}:3: "/2019/05/%CE%BA%CE%B1" is redirected already on line 2 '
        '(as "/2019/05/κα/": the same address to a browser)'
    )


def test_merging_adds_new_addresses_once_in_their_normal_spelling():
    table, added = merge_redirects(
        [Redirect("/alt/", "/a/")],
        [("/ALT", "/x/"), ("/b%c3%bc/", "/b/"), ("/B%C3%BC", "/c/"), ("/a/../x/", "/y/")],
    )
    assert added == [Redirect("/b%C3%BC/", "/b/")]
    assert table == [Redirect("/alt/", "/a/"), Redirect("/b%C3%BC/", "/b/")]
