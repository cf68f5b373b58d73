"""The pages, nginx map and .htaccess rules written for the redirect table."""

import re

import pytest
from bs4 import BeautifulSoup

from redirects.render import htaccess, nginx_map, page, page_path
from redirects.table import Redirect


@pytest.mark.parametrize(
    ("old", "path"),
    [
        ("/about/team/", "about/team/index.html"),
        ("/about/team", "about/team/index.html"),
        ("/2019/05/%ce%ba%ce%b1/", "2019/05/κα/index.html"),
        ("/alt/seite.html", "alt/seite.html"),
        ("/?p=12", None),
        ("/", None),
        ("/feed.php", None),
        ("/../etc/", None),
    ],
)
def test_where_the_page_for_an_old_path_lives(old, path):
    assert page_path(old) == path


def test_the_page_sends_browsers_and_search_engines_on():
    html = BeautifulSoup(page('/neu/"x"/', "https://blog.example"), "html.parser")
    target = 'https://blog.example/neu/"x"/'
    assert html.find("link", rel="canonical")["href"] == target
    assert html.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert html.find("a")["href"] == target
    assert html.html["lang"] == "de"


def entries(text: str) -> list[tuple[str, str]]:
    return re.findall(r'^"(.+)" "(.+)";$', text, re.MULTILINE)


def test_nginx_map_is_the_entries_deploy_nginx_conf_includes_in_its_two_maps():
    # Changed on purpose (issue 27): entries only, no map block of its own (nginx.conf
    # includes the file inside its maps), keyed as $uri and "$uri?$args" hold them.
    text = nginx_map([Redirect("/?p=12", "/a/"), Redirect("/2019/05/%CE%BA/", "/b/")])
    assert not [line for line in text.splitlines() if line.startswith(("map", "}"))]
    assert entries(text) == [
        ("/?p=12", "/a/"),
        ("/2019/05/κ/", "/b/"),  # $uri is decoded: every spelling of the address finds it
        ("/2019/05/κ", "/b/"),
    ]


def test_nginx_map_writes_each_key_once_whatever_its_case_or_spelling():
    # nginx refuses a map with a key twice, and compares keys without regard to case.
    text = nginx_map(
        [
            Redirect("/Alt/", "/a/"),
            Redirect("/alt", "/b/"),
            Redirect("//greek/%ce%b5/", "/c/"),
            Redirect("/greek/%CE%B5", "/d/"),
        ]
    )
    assert entries(text) == [
        ("/Alt/", "/a/"),
        ("/Alt", "/a/"),
        ("/greek/ε/", "/c/"),
        ("/greek/ε", "/c/"),
    ]


def test_nginx_map_escapes_quotes_and_variables():
    text = nginx_map([Redirect('/a"$x/', "/b/")])
    assert '"/a\\"\\$x/" "/b/";' in text


def test_htaccess_rules_for_paths_and_queries():
    text = htaccess([Redirect("/?p=12", "/a/"), Redirect("/alt/seite.html", "/b/")])
    assert text.splitlines()[1:] == [
        "RewriteEngine On",
        "RewriteCond %{QUERY_STRING} ^p=12$",
        "RewriteRule ^/?$ /a/? [R=301,L]",
        "RewriteRule ^alt/seite\\.html$ /b/ [R=301,L]",
    ]
