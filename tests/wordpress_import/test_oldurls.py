"""Every old address of the fixture blog and where content/redirects.csv sends it."""

from redirects.table import read_redirects
from wxr_exports import SITE, export, item


def table(project) -> dict[str, str]:
    project.run()
    return {r.old: r.new for r in read_redirects(project.content / "redirects.csv")}


def test_posts_by_permalink_id_and_guid(project):
    redirects = table(project)
    assert redirects["/?p=10"] == "/2019/03/pressearbeit-im-wandel/"
    # One spelling of each old address: percent-encoded once, in upper case, as browsers
    # send it (WordPress linked it in lower case; nginx and the table see one address).
    greek = "/2019/05/%CE%BA%CE%B1%CE%BB%CE%B7%CE%BC%CE%AD%CF%81%CE%B1/"
    assert redirects[greek] == "/2019/05/kalemera/"
    assert redirects["/2019/06/gr%C3%B6%C3%9Fer-denken/"] == "/2019/06/groesser-denken/"
    assert redirects["/2019/03/pressearbeit-im-wandel/feed/"] == "/2019/03/pressearbeit-im-wandel/"
    # The same address on both sites needs no redirect (and must not hide the article).
    assert "/2019/04/linkedin-fuer-agenturen/" not in redirects


def test_pages_and_attachment_pages(project):
    redirects = table(project)
    assert redirects["/?page_id=43"] == "/about/team/"
    assert redirects["/?page_id=41"] == "/datenschutz/"
    assert redirects["/2019/03/pressearbeit-im-wandel/hafen/"] == "/2019/03/pressearbeit-im-wandel/"
    assert redirects["/?attachment_id=21"] == "/2019/04/linkedin-fuer-agenturen/"


def test_archives_authors_and_feeds(project):
    redirects = table(project)
    assert redirects["/category/pressearbeit/"] == "/kategorie/pressearbeit/"
    assert redirects["/category/social-media/linkedin/"] == "/kategorie/linkedin/"  # nested
    assert redirects["/category/social-media/"] == "/thema/social-media/"  # a tag now
    assert redirects["/category/pressearbeit/feed/"] == "/kategorie/pressearbeit/atom.xml"
    assert redirects["/tag/medien/"] == "/thema/medien/"
    assert redirects["/author/jana/"] == "/autor/jana-albers/"
    assert redirects["/2019/03/"] == "/2019/"
    assert redirects["/feed/"] == redirects["/?feed=rss2"] == "/feeds/atom.xml"


def test_nothing_points_at_drafts_or_scheduled_posts(project):
    redirects = table(project)
    assert not any(key in redirects for key in ("/?p=15", "/?p=16", "/?p=17", "/?p=18"))
    assert "/author/niemand/" not in redirects
    assert not any(new.startswith("/2099/") for new in redirects.values())


def test_an_editors_row_stays_when_importing_again(project):
    table(project)
    path = project.content / "redirects.csv"
    path.write_text(
        path.read_text().replace("/?p=10,/2019/03/pressearbeit-im-wandel/", "/?p=10,/about/"),
        encoding="utf-8",
    )
    assert table(project)["/?p=10"] == "/about/"


GREEK = "%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2"  # επίπεδο-2, as WordPress stores it


def test_a_child_page_with_a_non_latin_slug_gets_a_row_the_build_accepts(project, tmp_path):
    path = export(
        tmp_path / "greek.xml",
        item(100, "Greek", kind="page", name="greek", link=f"{SITE}/greek/"),
        # WordPress.com wrote this link with a doubled slash; browsers send it so.
        item(101, "Επίπεδο 2", kind="page", name=GREEK, parent=100, link=f"{SITE}//greek/{GREEK}/"),
    )
    project.run(path)
    redirects = {r.old: r.new for r in read_redirects(project.content / "redirects.csv")}
    assert redirects[f"/greek/{GREEK.upper()}/"] == "/greek/epipedo-2/"
    assert not any(old.startswith("//") for old in redirects)
    assert (project.content / "pages" / "greek" / "epipedo-2.md").is_file()


def test_one_row_per_address_whatever_its_spelling_and_an_editors_row_stays(project, tmp_path):
    table = project.content / "redirects.csv"
    table.write_text("old,new\n/2019/03/über-uns/,/ueber-uns/\n", encoding="utf-8")
    path = export(
        tmp_path / "spellings.xml",
        item(1, "Über uns", name="%c3%bcber-uns", link=f"{SITE}/2019/03/%c3%bcber-uns/"),
        item(2, "Grüße", name="gr%c3%bc%c3%9fe", link=f"{SITE}/2019/03/gr%C3%BC%C3%9Fe"),
        item(
            3, "Grüße bis bald", name="gruesse-bis-bald", link=f"{SITE}/2019/03/gr%c3%bc%c3%9fe/"
        ),  # the same address as item 2's
    )
    project.run(path)
    rows = read_redirects(table)  # the build's own check: no two rows for one address
    assert rows[0].old == "/2019/03/über-uns/" and rows[0].new == "/ueber-uns/"
    olds = [r.old for r in rows]
    assert "/2019/03/%C3%BCber-uns/" not in olds  # the editor's row spells that address
    grusse = [r for r in rows if r.old.lower().rstrip("/") == "/2019/03/gr%c3%bc%c3%9fe"]
    assert [(r.old, r.new) for r in grusse] == [("/2019/03/gr%C3%BC%C3%9Fe", "/2019/03/gruesse/")]
    project.run(path)
    assert read_redirects(table) == rows  # and the next import adds nothing


UNCATEGORIZED = (
    '<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>'
)


def test_the_uncategorized_archive_goes_to_the_default_category(project, tmp_path):
    path = export(tmp_path / "uncategorized.xml", item(1, "Hallo Welt", extra=UNCATEGORIZED))
    project.run(path)
    assert "Category: Allgemein\n" in (project.content / "2019" / "beitrag-1.md").read_text()
    redirects = {r.old: r.new for r in read_redirects(project.content / "redirects.csv")}
    assert redirects["/category/uncategorized/"] == "/kategorie/allgemein/"
    assert redirects["/category/uncategorized/feed/"] == "/kategorie/allgemein/atom.xml"


def test_a_page_keeps_the_slug_of_a_post_their_addresses_cannot_clash(project, tmp_path):
    path = export(
        tmp_path / "child.xml",
        item(6, "Child post", name="child-post", link=f"{SITE}/?p=6"),
        item(10, "Parent page", kind="page", name="parent-page", link=f"{SITE}/?page_id=10"),
        item(8, "Child page", kind="page", name="child-post", parent=10, link=f"{SITE}/?page_id=8"),
    )
    project.run(path)
    assert (project.content / "2019" / "child-post.md").is_file()
    assert (project.content / "pages" / "parent-page" / "child-post.md").is_file()
    redirects = {r.old: r.new for r in read_redirects(project.content / "redirects.csv")}
    assert redirects["/?page_id=8"] == "/parent-page/child-post/"
    assert not any("child-post" in w for w in project.report()["warnings"])


def test_a_slug_that_must_change_is_reported_and_its_old_path_redirected(project, tmp_path):
    # Two pages "team" below different parents: WordPress had /a/team/ and /b/team/, but
    # the build knows a page by its slug alone, so the second one has to change.
    path = export(
        tmp_path / "team.xml",
        item(1, "A", kind="page", name="a", link=f"{SITE}/?page_id=1"),
        item(2, "B", kind="page", name="b", link=f"{SITE}/?page_id=2"),
        item(3, "Team A", kind="page", name="team", parent=1, link=f"{SITE}/?page_id=3"),
        item(4, "Team B", kind="page", name="team", parent=2, link=f"{SITE}/?page_id=4"),
    )
    project.run(path)
    assert (project.content / "pages" / "a" / "team.md").is_file()
    assert (project.content / "pages" / "b" / "team-2.md").is_file()
    redirects = {r.old: r.new for r in read_redirects(project.content / "redirects.csv")}
    assert redirects["/b/team/"] == "/b/team-2/"
    assert "/a/team/" not in redirects  # that page kept its address
    assert any(
        w.startswith('page 4 has the slug "team" of page 3; it is "team-2" now')
        for w in project.report()["warnings"]
    ), project.report()["warnings"]


def test_an_old_address_with_a_query_is_spelled_the_way_browsers_send_it(project, tmp_path):
    from redirects.render import nginx_map

    # wxr-utf-8-challenges.xml: a guid with emoji and zero-width characters in its query.
    guid = f"{SITE}/?p=5&amp;test=💫\u200c\u200b"
    path = export(tmp_path / "query.xml", item(5, "Abfrage", name="abfrage").replace(
        f"{SITE}/?p=5</guid>", f"{guid}</guid>"
    ))  # fmt: skip
    project.run(path)
    rows = read_redirects(project.content / "redirects.csv")
    redirects = {r.old: r.new for r in rows}
    encoded = "/?p=5&test=%F0%9F%92%AB%E2%80%8C%E2%80%8B"
    assert redirects[encoded] == "/2019/03/abfrage/"
    assert not any(ord(c) > 127 for r in rows for c in r.old)
    # nginx looks the address up as $uri?$args: the query as the browser sent it.
    assert f'"{encoded}" "/2019/03/abfrage/";' in nginx_map(rows).splitlines()
