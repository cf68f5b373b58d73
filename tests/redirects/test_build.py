"""The build keeps the redirects, and `invoke check` checks their targets."""

import logging

from redirects.checks import check_redirects

TABLE = (
    "old,new\n"
    "/?p=7,/2024/09/zu-wem-gehoert-der-firmen-account/\n"
    "/alt/beitrag/,/2024/09/zu-wem-gehoert-der-firmen-account/\n"
    "/impressum/,/2024/09/zu-wem-gehoert-der-firmen-account/\n"
)


def build(fixture_site, table: str, **overrides):
    site = fixture_site("basic")  # copies the fixture; the second build has the table
    (site.content / "redirects.csv").write_text(table, encoding="utf-8")
    return fixture_site("basic", "publishconf.py", SITEURL="https://blog.example", **overrides)


def test_pages_map_and_htaccess_are_written(fixture_site):
    site = build(fixture_site, TABLE)
    assert site.ok, site.stopped
    html = site.read("alt/beitrag/")
    target = "https://blog.example/2024/09/zu-wem-gehoert-der-firmen-account/"
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
    assert f'<link rel="canonical" href="{target}">' in html
    assert '"/?p=7" "/2024/09/zu-wem-gehoert-der-firmen-account/";' in site.read("redirects.map")
    assert "RewriteCond %{QUERY_STRING} ^p=7$" in site.read(".htaccess")


def test_a_redirect_never_overwrites_a_page_of_the_site(fixture_site):
    site = build(fixture_site, TABLE)
    assert "<h1" in site.read("impressum/")
    assert any(
        "/impressum/ is not redirected" in m and "the site has a page there" in m
        for m in site.messages(logging.WARNING)
    )


def test_a_broken_table_stops_the_build(fixture_site):
    site = build(fixture_site, "old,new\n/a/\n")
    assert not site.ok
    assert "Build failed: content/redirects.csv:2: expected two columns" in str(site.stopped)


def test_check_finds_redirects_to_nowhere(fixture_site):
    site = build(fixture_site, TABLE + "/weg/,/gibt-es-nicht/\n")
    result = check_redirects(site.output, site.content / "redirects.csv", site.root)
    assert [(f.path, f.line, f.severity, f.message) for f in result.findings] == [
        (
            "content/redirects.csv",
            5,
            "error",
            "/weg/ redirects to /gibt-es-nicht/, which is no page of the site",
        )
    ]
    ok = check_redirects(site.output, site.content / "missing.csv", site.root)
    assert ok.findings == ()
