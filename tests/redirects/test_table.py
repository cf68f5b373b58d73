"""content/redirects.csv: the table every redirect comes from (contract 1)."""

import pytest

from redirects.table import Redirect, format_redirects, read_redirects


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
