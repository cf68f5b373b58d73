import logging

import pelican

from contract import pelican_internals


def test_the_checked_pelican_is_the_locked_one():
    # A Pelican upgrade (invoke lock) must come with a look at pelican_internals.py.
    assert pelican.__version__ == pelican_internals.CHECKED_WITH
    assert pelican_internals.unchecked_internals() == ""


def test_after_forgetting_a_repeated_warning_is_shown_again(caplog):
    from pelican.log import LimitFilter

    log = logging.getLogger("hafenlicht.test")
    added = LimitFilter()  # Pelican's loggers have one already (LimitLogger)
    if not any(isinstance(existing, LimitFilter) for existing in log.filters):
        log.addFilter(added)
    try:
        with caplog.at_level(logging.WARNING):
            log.warning("Zweimal dieselbe Warnung")
            log.warning("Zweimal dieselbe Warnung")  # Pelican drops the repeat
            assert caplog.messages.count("Zweimal dieselbe Warnung") == 1
            pelican_internals.forget_logged_warnings()
            log.warning("Zweimal dieselbe Warnung")
        assert caplog.messages.count("Zweimal dieselbe Warnung") == 2
    finally:
        log.removeFilter(added)


def test_a_build_hashes_each_source_file_once(tmp_path):
    from pelican.readers import Readers
    from pelican.settings import DEFAULT_CONFIG

    from contract.pelican_internals import forget_file_stamps, remember_file_stamps

    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path), "CACHE_CONTENT": True}
    readers = Readers(settings, cache_name="Readers")
    hashed = []
    stamp = readers._filestamp_func
    readers._filestamp_func = lambda name: hashed.append(name) or stamp(name)
    source = tmp_path / "a.md"
    source.write_text("Title: A\n\nText", encoding="utf-8")
    remember_file_stamps(readers)
    remember_file_stamps(readers)  # a second generator of the same readers: no new layer
    for _ in range(3):
        readers._get_file_stamp(str(source))
    assert hashed == [str(source)]
    forget_file_stamps(readers)  # the articles are read: an edit must show again
    readers._get_file_stamp(str(source))
    assert hashed == [str(source)] * 2


def test_the_earlier_links_of_a_tag_are_found_at_every_depth():
    from pelican.contents import Content
    from pelican.settings import DEFAULT_CONFIG

    links = Content("", settings=DEFAULT_CONFIG)._get_intrasite_link_regex()
    html = '<video poster="{static}/a.jpg" data="{attach}b.vtt" src="{static}/c.mp4"><p>x</p>'
    assert list(pelican_internals.earlier_links_markup(html, links)) == [
        '<video poster="{static}/a.jpg" data="{attach}b.vtt" src=',  # holds two
        '<video poster="{static}/a.jpg" data=',  # holds the first
    ]
    assert list(pelican_internals.earlier_links_markup('<img src="{static}/a.jpg">', links)) == []


def test_a_poster_beside_a_source_and_an_attached_file_are_all_resolved(tmp_path):
    """Pelican resolves one link per tag, the last (its issue #3419): the poster kept a
    literal "{static}/…", which the browser cannot load."""
    from conftest import build_site, copy_fixture

    content = copy_fixture("basic", tmp_path) / "content"
    media = content / "media"
    media.mkdir()
    (media / "film.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (content / "2025" / "standbild.svg").write_text(
        (content / "images" / "balken.svg").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (content / "2025" / "film.md").write_text(
        "Title: Ein Film\nDate: 2025-04-01\nAuthors: Jana Albers\n"
        "Category: PR & Krisenkommunikation\nSummary: Ein Film.\n\n"
        '<video controls poster="{attach}standbild.svg" src="{static}/media/film.mp4">'
        "</video>\n\n"
        '<a href="{filename}/2024/zu-wem-gehoert.md" title="x">'
        '<img src="{static}/images/balken.svg" alt="Balken"></a>\n\n'
        # A second such tag: each tag's earlier links are read on their own.
        '<video controls poster="{attach}zweitbild.svg" src="{static}/media/film.mp4">'
        "</video>\n",
        encoding="utf-8",
    )
    (content / "2025" / "zweitbild.svg").write_text(
        (content / "images" / "balken.svg").read_text(encoding="utf-8"), encoding="utf-8"
    )
    site = build_site(tmp_path)
    assert site.ok, site.stopped
    page = site.read("2025/04/ein-film/")
    assert "{static}" not in page and "{attach}" not in page and "{filename}" not in page
    videos = site.html("2025/04/ein-film/").find_all("video")
    assert [video["src"].rsplit("/", 2)[-2:] for video in videos] == [["media", "film.mp4"]] * 2
    # {attach} puts the file beside the article's page, where the poster names it.
    for video, poster in zip(videos, ("standbild.svg", "zweitbild.svg"), strict=True):
        assert video["poster"].endswith(f"/2025/04/ein-film/{poster}")
        assert (site.output / "2025/04/ein-film" / poster).exists()
    assert (site.output / "media/film.mp4").exists()
