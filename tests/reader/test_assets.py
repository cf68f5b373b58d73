"""Hashed names and precompressed siblings (README, "Reader"; contracts 2 and 3)."""

import gzip
import re

import brotli

from assets.compress import compress_all, compress_file
from assets.hashing import HASHED_NAME, hash_assets

CONTRACT = re.compile(r"\.[0-9a-f]{10}\.(css|js|woff2|svg|png|jpg|jpeg|webp|avif)$")


def _static(tmp_path, font=b"font one"):
    (tmp_path / "css").mkdir(exist_ok=True)
    (tmp_path / "fonts").mkdir(exist_ok=True)
    (tmp_path / "fonts" / "a.woff2").write_bytes(font)
    (tmp_path / "css" / "site.css").write_text(
        '@font-face { src: url("../fonts/a.woff2") format("woff2"); }\n'
        "a { background: url(https://example.org/x.png); }\n",
        encoding="utf-8",
    )
    return tmp_path


def test_a_stylesheet_names_its_fonts_by_their_hashed_names(tmp_path):
    assets = hash_assets(_static(tmp_path))
    font, css = assets["fonts/a.woff2"], assets["css/site.css"]
    assert CONTRACT.search(font.name) and CONTRACT.search(css.name)
    assert f'url("../{font.name}")' in css.data.decode()
    assert "url(https://example.org/x.png)" in css.data.decode()  # not ours: unchanged


def test_a_changed_font_changes_the_stylesheets_name_too(tmp_path):
    before = hash_assets(_static(tmp_path))
    after = hash_assets(_static(tmp_path, font=b"font two"))
    assert before["fonts/a.woff2"].name != after["fonts/a.woff2"].name
    assert before["css/site.css"].name != after["css/site.css"].name
    assert hash_assets(_static(tmp_path, font=b"font two")) == after  # deterministic


def test_siblings_hold_the_same_content_and_come_from_the_cache_the_second_time(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<p>Grüße aus dem Hafen</p>" * 100, encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    assert compress_file(page, (6, 5), cache)[1] is False
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()) == page.read_bytes()
    (tmp_path / "index.html.gz").unlink()
    assert compress_file(page, (6, 5), cache)[1] is True
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == page.read_bytes()


def test_what_the_site_no_longer_holds_leaves_the_compression_cache(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    pages = [site / f"{name}.html" for name in ("a", "b")]
    for number, page in enumerate(pages):
        page.write_text(f"<p>Seite {number}</p>" * 100, encoding="utf-8")
    assert compress_all(pages, (6, 5), cache, workers=1) == (2, 0, 0)
    assert len(list(cache.glob("*.[gb][zr]"))) == 4
    pages[0].write_text("<p>Seite a, bearbeitet</p>" * 100, encoding="utf-8")
    assert compress_all(pages, (6, 5), cache, workers=1) == (1, 1, 2)  # a's old pair
    again = compress_all(pages, (6, 5), cache, workers=1)
    assert again == (0, 2, 0) and len(list(cache.glob("*.[gb][zr]"))) == 4


def test_the_production_site_uses_hashed_assets_and_has_siblings(demo_site):
    output = demo_site.output
    html = demo_site.read("")
    linked = re.findall(r'(?:href|src)="[^"]*/(theme/[^"]+)"', html)
    assert any(path.endswith(".css") for path in linked)
    for path in linked:
        assert HASHED_NAME.search(path), path
        assert (output / path).is_file(), path
    stylesheet = next(p for p in linked if p.endswith(".css"))
    for font in re.findall(r'url\("\.\./(fonts/[^"]+)"\)', (output / stylesheet).read_text()):
        assert HASHED_NAME.search(font) and (output / "theme" / font).is_file()
    for name in ("index.html", stylesheet, "sitemap.xml", "kommentare/artikel.json"):
        original = (output / name).read_bytes()
        assert gzip.decompress((output / f"{name}.gz").read_bytes()) == original, name
        assert brotli.decompress((output / f"{name}.br").read_bytes()) == original, name
    assert not list(output.glob("pagefind/**/*.gz"))
    assert not list(output.rglob("*.woff2.gz")), "fonts are compressed already"


def test_the_dev_build_writes_no_siblings(fixture_site):
    site = fixture_site("basic")
    assert site.ok
    assert not list(site.output.rglob("*.gz")) and not list(site.output.rglob("*.br"))
    assert re.search(r'href="[^"]*theme/css/site\.[0-9a-f]{10}\.css"', site.read(""))


def test_a_file_compressed_last_time_is_not_read_again(tmp_path):
    from assets.compress import compress_all

    cache, site = tmp_path / "cache", tmp_path / "site"
    site.mkdir()
    kept = tmp_path / "feed.xml"  # like a feed: kept elsewhere, linked into the site
    kept.write_text("<feed>" + "Eintrag " * 100 + "</feed>", encoding="utf-8")
    page = site / "feed.xml"
    page.hardlink_to(kept)
    assert compress_all([page], (5, 4), cache, 1) == (1, 0, 0)

    again = tmp_path / "again"
    again.mkdir()
    (again / "feed.xml").hardlink_to(kept)
    kept.chmod(0o000)  # reading it now would fail: only its stamp may be used
    try:
        assert compress_all([again / "feed.xml"], (5, 4), cache, 1) == (0, 1, 0)
    finally:
        kept.chmod(0o644)
    assert (again / "feed.xml.gz").read_bytes() == (page.parent / "feed.xml.gz").read_bytes()
    assert (again / "feed.xml.br").exists()
