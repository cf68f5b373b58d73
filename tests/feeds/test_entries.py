"""The feed entries' cache key: what shapes every entry besides the article itself."""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from conftest import ROOT
from feeds.entries import EntryBuilder, Site
from interviews.hooks import add_template_helpers
from newsroom import handover
from newsroom.cache import DerivedCache


class _Generator:
    def __init__(self) -> None:
        self.env = Environment(
            loader=FileSystemLoader(ROOT / "theme" / "templates"),
            extensions=["jinja2.ext.i18n"],
            autoescape=True,
        )


def _shaping(env: Environment, tmp_path: Path, **context) -> str:
    site = Site("https://blog.example", "blog.example,2024", tmp_path, True, "", "")
    cache = DerivedCache(tmp_path / "cache", "feeds", "1")
    context = {"THEME": str(ROOT / "theme"), "DEFAULT_LANG": "de", **context}
    return EntryBuilder(site, env, context, cache, lambda text: text).shaping


def test_a_new_interviews_version_changes_every_entrys_key(tmp_path):
    generator = _Generator()
    add_template_helpers(generator)  # the interviews plugin: its filter and version
    assert generator.env.filters[handover.AS_INTERVIEW] is not None
    before = _shaping(generator.env, tmp_path)
    assert _shaping(generator.env, tmp_path) == before  # stable for the same inputs
    generator.env.globals[handover.INTERVIEWS_VERSION] = "a later one"
    assert _shaping(generator.env, tmp_path) != before


def test_disclosure_notices_and_the_transparency_page_are_part_of_the_key(tmp_path):
    env = _Generator().env
    plain = _shaping(env, tmp_path)
    assert _shaping(env, tmp_path, disclosure_notices={"sponsored": "Anzeige"}) != plain
    assert _shaping(env, tmp_path, INTERVIEWS_TRANSPARENCY_URL="/transparenz/") != plain
