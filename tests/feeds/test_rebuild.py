"""Feeds across builds: byte-identical, stable ids, a warm cache, settings that change them."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_site, copy_fixture
from pelicanconf import PLUGINS
from tests.feeds.feedcheck import feeds_of, parse

SITEURL = "https://blog.example"
KRISE = "2024/04/krisenkommunikation-die-erste-stunde/"
PYTHONPATH = (ROOT / "plugins", ROOT, ROOT / "tests")  # as pytest's pythonpath
# "1 article entry", "2 article entries": the nouns agree with their numbers.
STATS = re.compile(
    r"Feeds: (\d+) files? written \((\d+) feeds? rendered, (\d+) from the cache; "
    r"(\d+) article entr(?:y|ies) built, (\d+) from the cache\) in \d+\.\d\d s"
)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_fixture("feeds", tmp_path)


def build(project: Path, output: str, **settings):
    site = build_site(
        project, "publishconf.py", output=project / output, **{"SITEURL": SITEURL, **settings}
    )
    assert site.ok, site.stopped
    return site


def stats(caplog) -> tuple[int, ...]:
    """The numbers of the build's summary line: the last one logged."""
    lines = [r.getMessage() for r in caplog.records if r.name == "feeds.hooks"]
    found = [STATS.match(line) for line in lines if STATS.match(line)]
    assert found, lines
    caplog.clear()
    return tuple(int(number) for number in found[-1].groups())


def test_two_builds_of_the_same_content_give_byte_identical_feeds(project):
    first = build(project, "one", CACHE_PATH=str(project / "cache-one"))
    second = build(project, "two", CACHE_PATH=str(project / "cache-two"))  # cold as well
    third = build(project, "three", CACHE_PATH=str(project / "cache-one"))  # warm
    names = [p.relative_to(first.output) for p in feeds_of(first.output)]
    assert len(names) == 22
    for other in (second, third):
        assert names == [p.relative_to(other.output) for p in feeds_of(other.output)]
        for name in [*names, Path("feeds/feed.css")]:
            assert (first.output / name).read_bytes() == (other.output / name).read_bytes(), name


def test_a_warm_build_renders_nothing_and_an_edit_renders_only_what_it_touches(project, caplog):
    caplog.set_level(logging.INFO, logger="feeds.hooks")
    build(project, "cold")
    files, rendered, reused, built, cached = stats(caplog)
    assert (files, rendered, reused) == (22, 22, 0)
    assert (built, cached) == (3, 0)  # each article's entry once, shared by all its feeds

    build(project, "warm")
    assert stats(caplog) == (22, 0, 22, 0, 3)

    krise = project / "content" / "2024" / "krise.md"
    krise.write_text(krise.read_text().replace("entscheiden.", "entscheiden alles."))
    edited = build(project, "edited")
    # Krise is in the feeds of the site, its category, its two tags and its author.
    assert stats(caplog) == (22, 10, 12, 1, 2)
    assert "entscheiden alles." in (edited.output / "feeds" / "atom.xml").read_text("utf-8")


def test_ids_survive_a_title_edit_a_move_to_https_and_another_host(project):
    before = parse(build(project, "a", SITEURL="http://blog.example").output / "feeds/atom.xml")
    planung = project / "content" / "2025" / "planung.md"
    planung.write_text(planung.read_text().replace("mit Lotsenkarte", "mit der Lotsenkarte"))
    after = parse(build(project, "b").output / "feeds" / "atom.xml")
    staging = parse(
        build(project, "c", SITEURL="https://staging.blog.example").output / "feeds/atom.xml"
    )
    assert [e.id for e in before.entries] == [e.id for e in after.entries]
    assert [e.id for e in staging.entries] == [e.id for e in after.entries]
    assert after.entries[0].title == "Anzeige: Redaktionsplanung mit der Lotsenkarte"
    assert after.entries[0].link == (
        "https://blog.example/2025/04/redaktionsplanung-mit-der-lotsenkarte/"
    )
    assert before.entries[2].link.startswith("http://blog.example/")


def test_summaries_instead_of_full_text_a_limit_and_a_websub_hub(project):
    site = build(
        project,
        "out",
        FEEDS_FULL_CONTENT=False,
        FEEDS_MAX_ITEMS=2,
        FEEDS_HUB_URL="https://hub.example/",
    )
    for name in ("atom.xml", "rss.xml"):
        parsed = parse(site.output / "feeds" / name)
        assert [e.title for e in parsed.entries] == [
            "Anzeige: Redaktionsplanung mit Lotsenkarte",
            "Ein Jahr Corporate Blog bei Nordstahl",
        ]
        assert all("content" not in entry for entry in parsed.entries)
        ad = BeautifulSoup(parsed.entries[0].summary, "html.parser")
        assert ad.select_one(".disclosure__title").get_text() == "Anzeige"  # still labelled
        assert "Ein gesponserter Werkzeugvergleich." in ad.get_text()
        hubs = [link.href for link in parsed.feed.links if link.rel == "hub"]
        assert hubs == ["https://hub.example/"]


def test_the_dev_build_writes_feeds_for_the_local_server_and_links_them_relatively(project):
    site = build_site(project)  # pelicanconf.py: SITEURL "", RELATIVE_URLS
    assert site.ok, site.stopped
    parsed = parse(site.output / "feeds" / "atom.xml")
    assert parsed.entries[2].link == f"http://localhost:8000/{KRISE}"
    assert parsed.entries[2].id == "tag:blog.hafenlicht.example,2024-04-22:2024/krise"
    for page in (KRISE, "kategorie/content/", ""):
        links = site.html(page).select('head link[rel="alternate"]')
        assert links, page
        for link in links:
            target = urljoin(f"http://localhost:8000/{page}", link["href"])
            assert (site.output / target.removeprefix("http://localhost:8000/")).is_file(), page


def test_no_feeds_and_no_links_to_them_without_an_absolute_address(fixture_site):
    site = fixture_site("feeds", FEEDS_SITEURL="")
    assert site.ok, site.stopped
    assert feeds_of(site.output) == []
    assert not (site.output / "feeds").exists()
    for page in ("", "kategorie/content/", KRISE):
        html = site.html(page)
        assert not html.select('link[rel="alternate"]'), page
        assert not html.select("a.feed-link"), page


def test_feeds_can_be_switched_off(project):
    site = build(project, "out", FEEDS_ENABLED=False)
    assert feeds_of(site.output) == []
    assert not site.html("").select('link[rel="alternate"]')


def test_without_the_comments_and_cards_plugins_there_are_no_comment_feeds_nor_enclosures(
    project,
):
    # In a process of its own: Pelican never disconnects a plugin it once registered.
    plugins = [name for name in PLUGINS if name not in ("comments", "social_cards")]
    script = (
        "import sys; from pathlib import Path; from conftest import build_site; "
        f"site = build_site(Path({str(project)!r}), 'publishconf.py', "
        f"SITEURL={SITEURL!r}, PLUGINS={plugins!r}); sys.exit(0 if site.ok else 1)"
    )
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, PYTHONPATH))}
    subprocess.run([sys.executable, "-c", script], check=True, env=environment, cwd=ROOT)
    output = project / "output"
    names = {p.relative_to(output).as_posix() for p in feeds_of(output)}
    assert "feeds/atom.xml" in names
    assert not [name for name in names if "kommentare" in name]
    for name in ("atom.xml", "rss.xml"):
        parsed = parse(output / "feeds" / name)
        assert len(parsed.entries) == 3
        assert all(entry.enclosures == [] for entry in parsed.entries)
    page = BeautifulSoup((output / KRISE / "index.html").read_text("utf-8"), "lxml")
    assert len(page.select('head link[rel="alternate"]')) == 2
