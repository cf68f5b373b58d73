"""What the invoke tasks editors use do (publishing/new_article.py, server.py, build.py),
run in-process against tmp folders."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import build_site, copy_fixture
from newsroom.headers import Kind, check_header, split_source
from publishing.build import run_build
from publishing.new_article import write_new_article
from publishing.project import Project, Refused
from publishing.server import site_server
from site_project import site_project


@pytest.fixture
def project(tmp_path):
    copy_fixture("basic", tmp_path)
    return tmp_path


def new(project_root, title: str, **options) -> None:
    """`invoke new TITLE …` in ``project_root``: write the draft, print its path."""
    blog = Project(project_root)
    path = write_new_article(blog, title, datetime.now(ZoneInfo(blog.timezone)), **options)
    print(blog.shown(path))


def test_new_writes_a_complete_draft_and_prints_its_path(project, capsys):
    new(project, "Größer denken: Ein Ausblick", author="Jana Albers", category="Social Media")
    year = datetime.now(ZoneInfo("Europe/Berlin")).year
    path = project / "content" / str(year) / "groesser-denken-ein-ausblick.md"
    assert capsys.readouterr().out.strip().endswith(f"{year}/groesser-denken-ein-ausblick.md")

    source = split_source(path.read_text(encoding="utf-8"))
    keys = [line.key for line in source.header]
    assert keys == [
        "Title",
        "Date",
        "Author",
        "Category",
        "Tags",
        "Summary",
        "Image",
        "Type",
        "Comments",
        "Status",
    ]
    header = check_header(Kind.ARTICLE, "new.md", source, project / "content")
    assert header.errors == ()
    assert header.values["status"] == "draft"
    assert header.values["date"].startswith(
        datetime.now(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d")
    )

    site = build_site(project)
    assert site.ok
    assert "Größer denken" not in site.read("")


def test_new_refuses_to_overwrite(project):
    new(project, "Doppelt", author="Jana Albers")
    with pytest.raises(Refused, match="exists already"):
        new(project, "Doppelt", author="Jana Albers")


def test_new_refuses_a_title_without_letters(project):
    with pytest.raises(Refused, match="no usable slug"):
        new(project, "???")


def test_new_refuses_a_title_whose_slug_an_article_has_already(project):
    # The README's own example: the 2024 article of the basic site has this title.
    with pytest.raises(Refused) as refused:
        new(project, "Zu wem gehört der Firmen-Account?", author="Jana Albers")
    assert "content/2024/zu-wem-gehoert.md" in str(refused.value)
    assert "--slug zu-wem-gehoert-der-firmen-account-2" in str(refused.value)
    assert not list((project / "content").glob("20[3-9]*/zu-wem*.md"))
    year = datetime.now(ZoneInfo("Europe/Berlin")).year
    assert not (project / "content" / str(year) / "zu-wem-gehoert-der-firmen-account.md").exists()

    new(
        project,
        "Zu wem gehört der Firmen-Account?",
        author="Jana Albers",
        slug="zu-wem-gehoert-der-firmen-account-2",
    )
    path = project / "content" / str(year) / "zu-wem-gehoert-der-firmen-account-2.md"
    assert "Slug: zu-wem-gehoert-der-firmen-account-2\n" in path.read_text("utf-8")
    assert build_site(project).ok


def test_new_refuses_several_categories(project):
    with pytest.raises(Refused, match="one category"):
        new(project, "Neu", author="Jana Albers", category="Social Media, Recht")


def test_serve_answers_a_missing_page_with_the_404_page_and_serves_the_favicon(project):
    import threading
    import urllib.error
    import urllib.request

    site = build_site(project)
    assert site.ok
    server = site_server(site.output, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/gibt-es-nicht/", timeout=10)
        assert missing.value.code == 404
        assert "Diese Seite gibt es nicht (mehr)" in missing.value.read().decode("utf-8")
        with urllib.request.urlopen(f"{base}/favicon.ico", timeout=10) as icon:
            assert icon.status == 200
            assert icon.read(4) == b"\x00\x00\x01\x00"  # the ICO signature
        with urllib.request.urlopen(f"{base}/impressum/", timeout=10) as page:
            assert "Impressum" in page.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


def test_a_build_ends_with_one_line_per_long_step(tmp_path, capfd):
    copy_fixture("basic", tmp_path)
    blog = site_project(tmp_path)
    assert run_build(blog, blog.settings_publish, tmp_path / "first").ok
    first = capfd.readouterr().out
    assert run_build(blog, blog.settings_publish, tmp_path / "second").ok
    second = capfd.readouterr().out
    cards = [line for line in first.splitlines() if line.startswith("Social cards: ")]
    assert (
        len(cards) == 1
        and cards[0].startswith("Social cards: ")
        and " rendered, 0 from cache" in cards[0]
    )
    drawn = int(cards[0].split()[2])
    assert drawn > 0
    assert f"Social cards: 0 rendered, {drawn} from cache" in second
    assert any(
        line.startswith("Feeds: ") and "files written" in line for line in second.splitlines()
    )
