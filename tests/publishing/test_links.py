"""Broken internal links and anchors in a built tree."""

from pathlib import Path

from publishing.links import check_links

SITE = "https://blog.example"


def page(output: Path, name: str, body: str) -> None:
    path = output / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", "utf-8")


def test_good_links_pass(tmp_path):
    page(
        tmp_path,
        "index.html",
        '<a href="a/">A</a><a href="https://blog.example/a/#x">A#x</a>'
        '<a href="https://other.example/nope">extern</a><a href="mailto:a@b.c">Mail</a>'
        '<img src="img/x.svg" srcset="img/x.svg 1x, img/x.svg 2x" alt="">',
    )
    page(tmp_path, "a/index.html", '<h2 id="x">X</h2><a href="../">zurück</a><a href="#x">x</a>')
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "x.svg").write_text("<svg/>")
    assert check_links(tmp_path, SITE).findings == ()


def test_missing_pages_anchors_and_javascript_urls(tmp_path):
    page(
        tmp_path,
        "index.html",
        '\n<a href="b/">B</a>\n<a href="a/#nope">A</a>\n'
        '<a href="javascript:alert(1)">X</a>\n<img src="/img/weg.png" alt="">',
    )
    page(tmp_path, "a/index.html", "<p>A</p>")
    found = [
        (f.path.rsplit("/", 1)[-1], f.line, f.message) for f in check_links(tmp_path, SITE).findings
    ]
    assert found == [
        ("index.html", 2, "<a> links to b/, which does not exist"),
        ("index.html", 3, '<a> links to a/#nope, but the page has no element with id "nope"'),
        ("index.html", 4, "<a> uses a javascript: URL (javascript:alert(1))"),
        ("index.html", 5, "<img> links to /img/weg.png, which does not exist"),
    ]


def test_every_address_of_a_player_is_checked_its_poster_too(tmp_path):
    # Pelican resolves one {static} link per tag: a poster beside src stayed "{static}/…",
    # a picture the browser cannot load, and the check said nothing.
    page(
        tmp_path,
        "index.html",
        '\n<video controls poster="{static}/images/standbild.jpg" src="media/film.mp4">'
        '</video>\n<video poster="images/da.jpg"><source src="media/weg.mp4">'
        '<track src="media/film.vtt"></video>\n<audio src="media/ton.mp3"></audio>',
    )
    (tmp_path / "media").mkdir()
    (tmp_path / "images").mkdir()
    for name in ("media/film.mp4", "media/film.vtt", "images/da.jpg"):
        (tmp_path / name).write_bytes(b"x")
    found = [(f.line, f.message) for f in check_links(tmp_path, SITE).findings]
    assert found == [
        (2, "<video> links to {static}/images/standbild.jpg, which does not exist"),
        (3, "<source> links to media/weg.mp4, which does not exist"),
        (4, "<audio> links to media/ton.mp3, which does not exist"),
    ]


def test_findings_point_to_the_source_file_and_line(tmp_path):
    output = tmp_path / "output"
    page(output, "2025/01/a/index.html", '<a href="../../02/b/#frage-x">B</a>')
    page(output, "2025/02/b/index.html", "<p>B</p>")
    source = tmp_path / "content" / "a.md"
    source.parent.mkdir()
    source.write_text("Title: A\n\nSiehe [B]({filename}/b.md#frage-x).\n")
    (finding,) = check_links(
        output, SITE, {"2025/01/a/index.html": "content/a.md"}, tmp_path
    ).findings
    assert (finding.path, finding.line) == ("content/a.md", 3)
    assert finding.message.endswith("(in 2025/01/a/index.html)")


def test_one_message_per_file_and_target(tmp_path):
    page(tmp_path, "index.html", '<a href="weg/">1</a><a href="weg/">2</a>')
    assert len(check_links(tmp_path, SITE).findings) == 1


def test_the_services_paths_and_everything_below_them_are_not_files(tmp_path):
    """The intake answers the readers' forms and links ("Kommentar melden" names the
    comment below its path); a page of the site that is missing is still one."""
    page(
        tmp_path,
        "index.html",
        '<form action="/kommentare/newsletter"></form>'
        '<a href="/kommentare/melden/artikel/20250311-123000-ee33ff?lang=de">melden</a>'
        '<a href="/kommentare/meine-daten?lang=de">Meine Kommentare</a>'
        '<a href="/kommentare/newsletterarchiv/">fehlt</a>',
    )
    services = ("/kommentare/newsletter", "/kommentare/melden", "/kommentare/meine-daten")
    findings = check_links(tmp_path, SITE, services=services).findings
    assert [f.message for f in findings] == [
        "<a> links to /kommentare/newsletterarchiv/, which does not exist"
    ]
