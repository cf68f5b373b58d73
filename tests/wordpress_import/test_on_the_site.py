"""Exports imported and built into the site: what a reader sees on the new pages is what
the old blog showed (its characters, its pictures, its menu). Each export is written by
the test, with the markup WordPress and its plugins write."""

from urllib.parse import urlsplit

import pytest
from PIL import Image

from conftest import build_site
from site_checks import resource_urls
from wxr_exports import SITE, comment, export, item, meta

pytestmark = [pytest.mark.slow]

UPLOADS = f"{SITE}/wp-content/uploads/2019/03"


def text_of(paragraph) -> str:
    """A paragraph's text as the reader sees it, a line break as a new line."""
    return paragraph.get_text().strip()


def test_a_line_of_hyphens_shows_the_dash_wordpress_showed(project, tmp_path):
    """A line of only "---" is a rule in Markdown; escaped as "\\---" the site showed "-–".
    WordPress showed it as text with its typography (wptexturize): "---" an em dash, a
    lone "--" too; "***" and "___" as they are. A real <hr> stays a rule."""
    classic = "Erster Teil\n---\nZweiter Teil\n--\nDritter Teil\n***\nVierter Teil\n___\nEnde"
    blocks = (
        "<!-- wp:paragraph --><p>Oben</p><!-- /wp:paragraph -->"
        "<!-- wp:paragraph --><p>---</p><!-- /wp:paragraph -->"
        '<!-- wp:separator --><hr class="wp-block-separator"/><!-- /wp:separator -->'
        "<!-- wp:paragraph --><p>***</p><!-- /wp:paragraph -->"
    )
    path = export(
        tmp_path / "striche.xml",
        item(1, "Klassisch", content=classic, name="klassisch", extra=comment(5, "Gut\n---\nJana")),
        item(2, "Mit Blöcken", content=blocks, name="bloecke"),
    )
    assert project.run(path) == 0
    site = build_site(project.root)
    assert site.ok
    html = site.html("2019/03/klassisch/")
    page = html.select_one(".post-body")
    shown = [text_of(p) for p in page.find_all("p")]
    assert "Erster Teil\n—\nZweiter Teil\n—\nDritter Teil\n***\nVierter Teil\n___\nEnde" in shown
    assert "-–" not in page.get_text() and "\\" not in page.get_text()
    assert page.find("hr") is None and page.find("h2", string="Erster Teil") is None
    assert "Gut\n—\nJana" in [text_of(p) for p in html.find_all("p")]  # the comment too
    page = site.html("2019/03/bloecke/").select_one(".post-body")
    assert [text_of(p) for p in page.find_all("p")] == ["Oben", "—", "***"]
    assert len(page.find_all("hr")) == 1  # the separator block


def test_hyphens_in_title_text_and_comments_show_the_dashes_wordpress_showed(project, tmp_path):
    """wptexturize showed " - " as an en dash and " -- " as an em dash; the site's own
    typography leaves " - " a hyphen and makes "--" an en dash. Code keeps its hyphens."""
    text = "<p>Von Hamburg - nach Kiel -- und zurück, 9--17 Uhr.</p><pre>a -- b</pre>"
    path = export(
        tmp_path / "striche.xml",
        item(1, "Hafen - Stadt", content=text, name="hafen", extra=comment(5, "Ja - genau")),
    )
    assert project.run(path) == 0
    site = build_site(project.root)
    assert site.ok
    html = site.html("2019/03/hafen/")
    assert html.select_one("h1").get_text(strip=True) == "Hafen – Stadt"
    page = html.select_one(".post-body")
    assert text_of(page.find("p")) == "Von Hamburg – nach Kiel — und zurück, 9–17 Uhr."
    assert page.find("pre").get_text().strip() == "a -- b"
    assert "Ja – genau" in [text_of(p) for p in html.find_all("p")]


def test_a_lazily_loaded_picture_is_imported_and_its_placeholder_dropped(project, tmp_path):
    """Lazy-load plugins write the picture's address into data-src / data-srcset /
    data-lazy-src and a placeholder into src (a data: URI, a 1x1 GIF, their spinner),
    followed by the picture again in <noscript>: the real picture comes along, once."""
    uploads = tmp_path / "uploads"
    (uploads / "2019" / "03").mkdir(parents=True)
    for name, size in {"hafen.jpg": (900, 600), "hafen-300x200.jpg": (300, 200)}.items():
        Image.new("RGB", size, (20, 80, 120)).save(uploads / "2019" / "03" / name)
    for name in ("team.jpg", "buero.jpg"):
        Image.new("RGB", (800, 500), (200, 120, 40)).save(uploads / "2019" / "03" / name)
    gif = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    svg = (
        "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%20800"
        "%20500'%3E%3C/svg%3E"
    )
    a3 = (  # a3 Lazy Load: its own spinner in src, the sizes in data-srcset
        f'<p><img class="lazy lazy-hidden wp-image-7 size-medium" src="{SITE}/wp-content/'
        'plugins/a3-lazy-load/assets/images/lazy_placeholder.gif" data-lazy-type="image" '
        f'data-src="{UPLOADS}/hafen-300x200.jpg" alt="Der Hafen" width="300" height="200" '
        f'srcset="" data-srcset="{UPLOADS}/hafen-300x200.jpg 300w, {UPLOADS}/hafen.jpg 900w" '
        'sizes="(max-width: 300px) 100vw, 300px" /><noscript><img class="wp-image-7" '
        f'src="{UPLOADS}/hafen-300x200.jpg" alt="Der Hafen" width="300" height="200" />'
        "</noscript></p>"
    )
    rocket = (  # WP Rocket: an empty SVG in src, the picture in data-lazy-src
        f'<figure class="wp-block-image"><img src="{svg}" data-lazy-src="{UPLOADS}/team.jpg" '
        f'alt="Das Team" width="800" height="500"><noscript><img src="{UPLOADS}/team.jpg" '
        'alt="Das Team" width="800" height="500"></noscript><figcaption>Unser Team</figcaption>'
        "</figure>"
    )
    lazysizes = (  # lazysizes (and Smush): a 1x1 GIF in src, the picture in data-src
        f'<p><img class="lazyload" src="{gif}" data-src="{UPLOADS}/buero.jpg" alt="Das Büro"></p>'
    )
    path = export(
        tmp_path / "lazy.xml",
        item(1, "Bilder", content=a3 + rocket + lazysizes, name="bilder"),
    )
    assert project.run(path, uploads=str(uploads)) == 0
    report = project.report()
    assert report["missing_pictures"] == []
    text = (project.content / "2019" / "bilder.md").read_text(encoding="utf-8")
    assert text.count("![") == 3 and "data:" not in text and "lazy_placeholder" not in text
    assert sorted(p.name for p in (project.content / "images" / "2019" / "03").iterdir()) == [
        "buero.jpg",
        "hafen.jpg",  # the largest variant of data-srcset
        "team.jpg",
    ]
    site = build_site(project.root)
    assert site.ok
    page = site.html("2019/03/bilder/").select_one(".post-body")
    pictures = [img for img in page.find_all("img") if img.get("alt") != ""]
    assert [img["alt"] for img in pictures] == ["Der Hafen", "Das Team", "Das Büro"]
    assert all("/images/2019/03/" in img["src"] for img in pictures)
    assert not page.find_all("img", src=lambda src: src.startswith("data:"))
    assert "lazy_placeholder" not in str(page) and "data-src" not in str(page)
    assert page.find("figcaption").get_text(strip=True) == "Unser Team"


def test_lazily_loaded_embeds_and_pictures_show_as_they_do_without_the_plugin(project, tmp_path):
    """The same post twice, as WordPress stored it and as a lazy-load plugin rewrote it
    (iframes with about:blank or no src and the address in data-lazy-src / data-src, a
    <picture> with data-srcset and data-src, copies in <noscript>): the reader sees the
    same page, each embed and picture once, and nothing loads from another host."""
    uploads = tmp_path / "uploads"
    (uploads / "2019" / "03").mkdir(parents=True)
    for name, size in {"hafen.jpg": (900, 600), "hafen-300x200.jpg": (300, 200)}.items():
        Image.new("RGB", size, (20, 80, 120)).save(uploads / "2019" / "03" / name)
    video = "https://www.youtube.com/embed/dQw4w9WgXcQ"
    map_frame = "https://karten.example/einbettung?ort=hafen"
    webp = f"{UPLOADS}/hafen-300x200.webp 300w, {UPLOADS}/hafen.webp 900w"
    jpeg = f"{UPLOADS}/hafen-300x200.jpg 300w, {UPLOADS}/hafen.jpg 900w"
    picture = (
        f'<picture><source type="image/webp" srcset="{webp}"><img src="{UPLOADS}/hafen-300x200'
        f'.jpg" srcset="{jpeg}" alt="Der Hafen am Morgen" width="300" height="200"></picture>'
    )
    stored = (
        f'Ein Rundgang.\n\n<iframe title="Rundgang" src="{video}"></iframe>\n\n'
        f'Die Karte:\n\n<iframe title="Karte" src="{map_frame}"></iframe>\n\n{picture}\n\nEnde.'
    )
    rewritten = (
        "Ein Rundgang.\n\n"  # WP Rocket
        f'<iframe loading="lazy" title="Rundgang" src="about:blank" data-rocket-lazyload='
        f'"fitvidscompatible" data-lazy-src="{video}"></iframe><noscript><iframe '
        f'title="Rundgang" src="{video}"></iframe></noscript>\n\n'
        "Die Karte:\n\n"  # a3 Lazy Load
        f'<iframe class="lazy lazy-hidden" title="Karte" data-lazy-type="iframe" data-src='
        f'"{map_frame}"></iframe><noscript><iframe title="Karte" src="{map_frame}"></iframe>'
        "</noscript>\n\n"  # lazysizes with WebP sources, the whole <picture> again in <noscript>
        f'<picture><source type="image/webp" data-srcset="{webp}"><img class="lazyload" '
        f'src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="{UPLOADS}/hafen-300x200.jpg" '
        f'data-srcset="{jpeg}" alt="Der Hafen am Morgen" width="300" height="200"></picture>'
        f"<noscript>{picture}</noscript>\n\nEnde."
    )
    path = export(
        tmp_path / "lazy.xml",
        item(1, "Direkt", content=stored, name="direkt"),
        item(2, "Verzögert", content=rewritten, name="verzoegert"),
    )
    assert project.run(path, uploads=str(uploads)) == 0
    assert {e["url"] for e in project.report()["unknown_embeds"]} == {map_frame}
    site = build_site(project.root)
    assert site.ok
    page = site.html("2019/03/verzoegert/").select_one(".post-body")
    assert str(page) == str(site.html("2019/03/direkt/").select_one(".post-body"))
    embeds = page.select("figure.embed")
    assert [e["data-embed-frame"] for e in embeds] == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    ]
    assert [a["href"] for a in page.find_all("a", string="Karte")] == [map_frame]
    shown = page.find_all("img")
    assert [img["alt"] for img in shown] == ["Der Hafen am Morgen"]
    assert "/images/2019/03/hafen.jpg" in shown[0]["src"]
    assert page.find("iframe") is None and "about:blank" not in str(page)
    loaded = resource_urls(site.read("2019/03/verzoegert/"))
    assert [url for url in loaded if urlsplit(url).netloc] == []


def test_lazily_loaded_videos_and_audio_play_as_they_do_without_the_plugin(project, tmp_path):
    """The same post twice, as WordPress stored it and as lazy-load plugins rewrote it: a3
    Lazy Load's video block (the address in data-src, its spinner as poster and the poster
    in data-poster, the video again in <noscript>), a video whose <source> elements have
    data-lazy-src (WP Rocket's script), an audio file with data-src (lazysizes). The reader
    sees the same page: each player once, its poster the imported copy (never the plugin's
    spinner), nothing loaded from another host."""
    uploads = tmp_path / "uploads"
    (uploads / "2019" / "03").mkdir(parents=True)
    for name in ("film.mp4", "rede.mp4"):
        (uploads / "2019" / "03" / name).write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (uploads / "2019" / "03" / "ton.mp3").write_bytes(b"ID3\x03")
    for name in ("standbild.jpg", "rednerin.jpg"):
        Image.new("RGB", (640, 360), (20, 80, 120)).save(uploads / "2019" / "03" / name)
    spinner = f"{SITE}/wp-content/plugins/a3-lazy-load/assets/images/lazy_placeholder.gif"
    film = f'<video controls poster="{UPLOADS}/standbild.jpg" src="{UPLOADS}/film.mp4"></video>'
    speech = (
        f'<video controls poster="{UPLOADS}/rednerin.jpg"><source src="{UPLOADS}/rede.mp4" '
        'type="video/mp4"></video>'
    )
    sound = f'<audio controls src="{UPLOADS}/ton.mp3"></audio>'
    lazy_film = (  # a3 Lazy Load
        f'<video class="lazy lazy-hidden" controls poster="{spinner}" data-lazy-type="video" '
        f'data-poster="{UPLOADS}/standbild.jpg" data-lazy-type="video" data-src="'
        f'{UPLOADS}/film.mp4"></video><noscript>{film}</noscript>'
    )
    lazy_speech = (  # WP Rocket
        f'<video class="rocket-lazyload" controls data-poster="{UPLOADS}/rednerin.jpg"><source '
        f'data-lazy-src="{UPLOADS}/rede.mp4" type="video/mp4"></video>'
    )
    lazy_sound = (  # lazysizes
        f'<audio class="lazyload" preload="none" controls data-src="{UPLOADS}/ton.mp3"></audio>'
    )

    def post(video: str, other_video: str, audio: str) -> str:
        return (
            "<!-- wp:paragraph --><p>Der Film:</p><!-- /wp:paragraph -->"
            f'<!-- wp:video --><figure class="wp-block-video">{video}<figcaption>Der Film'
            "</figcaption></figure><!-- /wp:video -->"
            f"<!-- wp:html -->{other_video}<!-- /wp:html -->"
            f"<!-- wp:html -->{audio}<!-- /wp:html -->"
            "<!-- wp:paragraph --><p>Ende.</p><!-- /wp:paragraph -->"
        )

    path = export(
        tmp_path / "lazy.xml",
        item(1, "Direkt", content=post(film, speech, sound), name="direkt"),
        item(2, "Verzögert", content=post(lazy_film, lazy_speech, lazy_sound), name="verzoegert"),
    )
    assert project.run(path, uploads=str(uploads)) == 0
    report = project.report()
    assert report["missing_video_and_audio"] == [] and report["left_out"] == []
    site = build_site(project.root)
    assert site.ok
    page = site.html("2019/03/verzoegert/").select_one(".post-body")
    assert str(page) == str(site.html("2019/03/direkt/").select_one(".post-body"))
    videos = page.find_all("video")
    assert [urlsplit(v.source["src"]).path.rsplit("/media/", 1)[1] for v in videos] == [
        "2019/03/film.mp4",
        "2019/03/rede.mp4",
    ]
    # The poster is the imported copy, not the plugin's spinner, at an address the
    # browser can load (Pelican resolves one {static} per tag: the file has its own).
    posters = [v["poster"].rsplit("/images/", 1) for v in videos]
    assert [name for _, name in posters] == ["2019/03/standbild.jpg", "2019/03/rednerin.jpg"]
    assert not any("{static}" in v["poster"] for v in videos)
    assert all((site.output / "images" / name).is_file() for _, name in posters)
    (audio,) = page.find_all("audio")
    assert audio["src"].endswith("/media/2019/03/ton.mp3")
    assert [c.get_text() for c in page.find_all("figcaption")] == ["Der Film"]
    assert page.find("noscript") is None and "lazy_placeholder" not in str(page)
    loaded = resource_urls(site.read("2019/03/verzoegert/"))
    assert [url for url in loaded if urlsplit(url).netloc] == []


MENU = (
    "<wp:term><wp:term_id>50</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>"
    "<wp:term_slug>hauptmenue</wp:term_slug><wp:term_name>Hauptmenü</wp:term_name></wp:term>"
    "<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>uncategorized"
    "</wp:category_nicename><wp:category_parent></wp:category_parent>"
    "<wp:cat_name><![CDATA[Uncategorized]]></wp:cat_name></wp:category>"
)


def menu_entry(number: int, order: int, title: str = "") -> str:
    """A menu entry of "hauptmenue" pointing at the category with the term id 1."""
    return item(
        number,
        title,
        kind="nav_menu_item",
        name=str(number),
        extra='<category domain="nav_menu" nicename="hauptmenue">Hauptmenü</category>'
        + meta("_menu_item_type", "taxonomy")
        + meta("_menu_item_object", "category")
        + meta("_menu_item_object_id", "1")
        + meta("_menu_item_menu_item_parent", "0"),
    ).replace("<wp:menu_order>0</wp:menu_order>", f"<wp:menu_order>{order}</wp:menu_order>")


def test_a_menu_entry_for_uncategorized_leads_where_its_old_archive_redirects(project, tmp_path):
    """WordPress's "Uncategorized" is our default category: the menu entry for it leads
    to that category's archive, the page /category/uncategorized/ redirects to."""
    uncategorized = '<category domain="category" nicename="uncategorized">Uncategorized</category>'
    path = export(
        tmp_path / "menu.xml",
        item(1, "Ohne Kategorie", name="ohne-kategorie", extra=uncategorized),
        menu_entry(10, 1),
        # The same category again, labelled by the editors: the site takes each address
        # once in its menu (a second stops the build), so it is left out and listed.
        menu_entry(11, 2, "Sonstiges"),
        head=MENU,
    )
    assert project.run(path) == 0
    assert (project.content / "menu.csv").read_text(encoding="utf-8") == (
        "label,url\nAllgemein,/kategorie/allgemein/\n"
    )
    assert project.report()["menu"]["lines"][1:] == [
        'entry "Sonstiges" left out: it leads to /kategorie/allgemein/, like "Allgemein"'
    ]
    redirects = (project.content / "redirects.csv").read_text(encoding="utf-8")
    assert "/category/uncategorized/,/kategorie/allgemein/\n" in redirects
    site = build_site(project.root)
    assert site.ok
    links = site.html("2019/03/ohne-kategorie/").select("#site-nav a")
    assert [a.get_text() for a in links] == ["Allgemein"]
    target = site.output / "2019" / "03" / "ohne-kategorie" / links[0]["href"] / "index.html"
    assert target.resolve() == (site.output / "kategorie" / "allgemein" / "index.html")
    assert "Ohne Kategorie" in site.html("kategorie/allgemein/").get_text()


def test_a_menu_entry_for_an_empty_uncategorized_is_left_out_with_a_line(project, tmp_path):
    """No imported post is in the default category: there is no archive to lead to, so the
    entry is left out, and the report says so."""
    path = export(
        tmp_path / "menu.xml",
        item(
            1,
            "Pressearbeit",
            name="pressearbeit",
            extra='<category domain="category" nicename="presse">Presse</category>',
        ),
        menu_entry(10, 1),
        head=MENU,
    )
    assert project.run(path) == 0
    assert not (project.content / "menu.csv").exists()
    assert project.report()["menu"]["lines"] == [
        '"hauptmenue" with 0 entries is content/menu.csv',
        'entry "Uncategorized" left out: no imported post is in that category or tag',
    ]
