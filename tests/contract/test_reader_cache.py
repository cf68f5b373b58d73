"""Pelican's reader cache is dropped when what reading depends on changed, and only then."""

import copy

from pelican.settings import read_settings

from conftest import ROOT, build_site, copy_fixture
from contract.reader_cache import KEY_FILE, drop_stale, reading_key

ARTICLE = "2024/09/zu-wem-gehoert-der-firmen-account/index.html"


def test_a_changed_reader_setting_reads_the_cached_articles_anew(tmp_path):
    # The cache of the first build holds the text with „…“; without the typography
    # extension the same source gives "…", and a build from that cache must show it too,
    # as a clean build does (CI restores cache/ from an older commit).
    project = copy_fixture("basic", tmp_path)
    assert build_site(project).ok
    assert "„Anführungszeichen“" in (project / "output" / ARTICLE).read_text()
    markdown = copy.deepcopy(read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"])
    del markdown["extension_configs"]["newsroom.typography"]
    rebuilt = build_site(project, output=tmp_path / "again", MARKDOWN=markdown)
    assert rebuilt.ok
    assert '"Anführungszeichen"' in (rebuilt.output / ARTICLE).read_text()


def test_the_same_code_and_settings_keep_the_cache(tmp_path):
    project = copy_fixture("basic", tmp_path)
    assert build_site(project).ok
    cache = project / "cache" / "ArticlesGenerator-Readers"
    made = cache.stat().st_ino
    assert build_site(project, output=tmp_path / "again").ok  # the same process, again
    assert cache.stat().st_ino == made  # not dropped (Pelican rewrites it in place)


def test_drop_stale_removes_the_reader_caches_of_another_key_only(tmp_path):
    (tmp_path / "ArticlesGenerator-Readers").write_bytes(b"old")
    (tmp_path / "feeds").mkdir()
    assert [p.name for p in drop_stale(tmp_path, "new")] == ["ArticlesGenerator-Readers"]
    assert (tmp_path / "feeds").is_dir() and (tmp_path / KEY_FILE).read_text() == "new"
    (tmp_path / "ArticlesGenerator-Readers").write_bytes(b"made under new")
    assert drop_stale(tmp_path, "new") == []
    assert (tmp_path / "ArticlesGenerator-Readers").exists()


def test_the_reading_key_follows_the_plugins_code_and_the_settings(tmp_path):
    plugins = tmp_path / "plugins" / "reader"
    plugins.mkdir(parents=True)
    (plugins / "reader.py").write_text("QUOTES = '„“'\n")
    settings = {"PLUGIN_PATHS": [str(tmp_path / "plugins")], "DEFAULT_LANG": "de"}
    first = reading_key(settings)
    assert reading_key(settings) == first
    (plugins / "reader.py").write_text("QUOTES = '“”'\n")
    assert reading_key(settings) != first
    assert reading_key({**settings, "DEFAULT_LANG": "en"}) != reading_key(settings)
