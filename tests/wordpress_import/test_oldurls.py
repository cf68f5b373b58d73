"""Every old address of the fixture blog and where content/redirects.csv sends it."""

from redirects.table import read_redirects


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
