"""A WordPress blog of 45 posts becomes a site that builds, passes `invoke check`, and keeps
its old URLs: every one lands on the right new page in Chromium."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from chromium import chromium
from conftest import build_site
from publishing.checks import run_checks
from publishing.preview import build_into_place
from redirects.table import read_redirects
from site_project import site_project
from wordpress_import.sample import write_sample
from wxr_exports import attachment, export, item

pytestmark = [pytest.mark.slow]


def read_map(path: Path) -> dict[str, str]:
    """The entries of the generated redirects.map, read the way nginx's map reads them."""
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith('"') and line.endswith(";"):
            old, new = line[:-1].split('" "')
            entries[old[1:].replace('\\"', '"')] = new[:-1].replace('\\"', '"')
    return entries


class _MapServer(SimpleHTTPRequestHandler):
    """Static files, plus nginx's `return 301 $redirect_target` for addresses with a query
    (the HTML pages cannot answer those); everything else must be answered by files."""

    redirects: ClassVar[dict[str, str]] = {}

    def do_GET(self):
        if "?" in self.path and self.path in self.redirects:
            self.send_response(301)
            self.send_header("Location", self.redirects[self.path])
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def imported(project, uploads):
    assert project.run(uploads=str(uploads)) == 1  # the fixture blog has things to report
    more = project.root / "more.xml"
    write_sample(more, 40)
    (uploads / "2020" / "01").mkdir(parents=True)
    for number in range(1000, 1040):
        Image.new("RGB", (640, 400), (200, 120, 40)).save(uploads / f"2020/01/bild-{number}.jpg")
    assert project.run(more, uploads=str(uploads)) == 0
    return project


def test_imported_blog_builds_and_passes_the_checks(imported):
    # `invoke preview`: the production build with its search index, replaced only on success.
    blog = site_project(imported.root)
    assert build_into_place(blog, blog.settings_publish, imported.root / "output", True)
    assert (imported.root / "output" / "pagefind" / "parts.json").is_file()
    # `invoke check`: content files, a production build and its links, and the redirects.
    result = run_checks(blog, imported.root / "checked")
    assert result.build_checked
    assert [f"{f.path}: {f.message}" for f in result.errors] == []
    published = [
        p for p in (imported.content).rglob("*.md") if "Status: draft" not in p.read_text()
    ]
    assert len(list((imported.content / "2020").glob("*.md"))) == 40
    assert len(published) > 45


@pytest.mark.browser
def test_every_old_url_lands_on_its_new_page(imported):
    # The server binds a port of the kernel's choice before the build writes the address
    # into every page, and holds it: a number found free and bound only after the build
    # could be taken meanwhile ("Address already in use" when another pytest run on the
    # host was given the same number). It serves from the start; nothing asks before the
    # build is done.
    handler = type("Handler", (_MapServer,), {"redirects": {}})  # the build's map, below
    output = imported.root / "output"
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    wrong = []
    try:
        site = build_site(imported.root, "publishconf.py", output, SITEURL=base, FEEDS_SITEURL=base)
        assert site.ok, site.stopped
        redirects = read_redirects(imported.content / "redirects.csv")
        assert len(redirects) > 130
        handler.redirects = read_map(site.output / "redirects.map")
        with chromium() as browser:
            tab = browser.new_page()
            for redirect in redirects:
                if redirect.new.endswith(".xml"):
                    continue  # feeds: checked below, Chromium would download them
                tab.goto(base + redirect.old)
                tab.wait_for_url(base + redirect.new, timeout=10_000)
                if urlsplit(tab.url).path != redirect.new or "umgezogen" in tab.title():
                    wrong.append((redirect.old, tab.url))
    finally:
        server.shutdown()
        server.server_close()
    assert wrong == []
    feeds = [r for r in redirects if r.new.endswith(".xml")]
    assert feeds and all((site.output / r.new.lstrip("/")).is_file() for r in feeds)


WPCOM = "https://altesblog.files.wordpress.com"


def test_verse_code_video_and_pictures_of_wordpress_com_arrive_and_pass_the_check(
    project, tmp_path
):
    uploads = tmp_path / "uploads"
    (uploads / "2013" / "12").mkdir(parents=True)
    (uploads / "2013" / "12" / "film.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (uploads / "2013" / "12" / "ton.mp3").write_bytes(b"ID3\x03")
    for name in ("standbild", "hafen", "ohne"):
        Image.new("RGB", (800, 500), (20, 80, 120)).save(uploads / "2013" / "12" / f"{name}.jpg")
    content = (
        '<!-- wp:verse --><pre class="wp-block-verse">Zeile eins<br>Zeile zwei</pre>'
        "<!-- /wp:verse -->"
        "<!-- wp:preformatted --><pre class=\"wp-block-preformatted\">  (\\_/)<br> (='.'=)"
        "</pre><!-- /wp:preformatted -->"
        f'<!-- wp:video --><figure class="wp-block-video"><video controls '
        f'poster="{WPCOM}/2013/12/standbild.jpg" src="{WPCOM}/2013/12/film.mp4"></video>'
        "<figcaption>Der Film</figcaption></figure><!-- /wp:video -->"
        f'[audio mp3="{WPCOM}/2013/12/ton.mp3"][/audio]'
        f'<img class="wp-image-7" src="https://i0.wp.com/altesblog.files.wordpress.com/2013/12/'
        'hafen.jpg?w=300">'
        f'<img src="{WPCOM}/2013/12/ohne.jpg?w=300" alt="">'
    )
    path = export(
        tmp_path / "wpcom.xml",
        item(1, "Alles dabei", content=content, name="alles-dabei"),
        attachment(7, f"{WPCOM}/2013/12/hafen.jpg", parent=1, alt="Der Hafen am Abend"),
    )
    assert project.run(path, uploads=str(uploads)) == 0
    assert project.report()["pictures_without_alt_text"] == [
        {"file": "2019/alles-dabei.md", "picture": "images/2013/12/ohne.jpg"}
    ]
    (project.content / "pages").mkdir()
    for page in ("Impressum", "Datenschutz"):  # the pages every page links (the report says so)
        (project.content / "pages" / f"{page.lower()}.md").write_text(f"Title: {page}\n\nText.\n")
    blog = site_project(project.root)
    result = run_checks(blog, project.root / "checked")
    assert result.build_checked and [f.message for f in result.errors] == []
    (warning,) = [w for w in result.warnings if "alt text" in w.message]
    assert warning.path == "content/2019/alles-dabei.md"
    assert "image {static}/images/2013/12/ohne.jpg has no alt text" in warning.message
    site = project.root / "checked"
    page = BeautifulSoup(
        (site / "2019" / "03" / "alles-dabei" / "index.html").read_text(), "html.parser"
    )
    assert (site / "media" / "2013" / "12" / "film.mp4").is_file()
    video = page.find("video")
    assert video.source["src"].endswith("/media/2013/12/film.mp4")
    # A poster the browser can load: no "{static}" left (the check passed that before).
    assert video["poster"].endswith("/images/2013/12/standbild.jpg")
    assert "{static}" not in video["poster"]
    assert (site / "images" / "2013" / "12" / "standbild.jpg").is_file()
    assert page.find("audio")["src"].endswith("/media/2013/12/ton.mp3")
    assert "altesblog" not in str(page.find("main") or page)
    verses = [p for p in page.find_all("p") if "Zeile eins" in p.get_text() and p.find("br")]
    assert [v.get_text() for v in verses] == ["Zeile eins\nZeile zwei"]  # <br> between
    assert "  (\\_/)\n (='.'=)" in page.find("pre").get_text()
    assert page.find("img", alt="Der Hafen am Abend") is not None
