"""newsroom.urls: every word the site's own URLs begin with is one of RESERVED_WORDS, so
whoever keeps clear of them (the WordPress import's slugs) reads one list."""

import dataclasses
from pathlib import Path

from pelican.settings import read_settings

from comments.settings import from_pelican as comments_settings
from feeds.settings import from_pelican as feeds_settings
from interviews.settings import from_pelican as interviews_settings
from newsroom.urls import PAGE_OF_LIST, RESERVED_WORDS

ROOT = Path(__file__).resolve().parents[2]


def first_words(paths) -> set[str]:
    words = set()
    for path in paths:
        if isinstance(path, str) and path and not path.startswith(("{", "/", "http")):
            first = path.split("/", 1)[0]
            if "/" in path and "{" not in first:
                words.add(first)
    return words


def test_the_words_of_the_sites_urls_are_the_reserved_words():
    settings = read_settings(str(ROOT / "publishconf.py"))
    # What the build writes (an empty *_SAVE_AS writes nothing). Drafts are never written,
    # translations neither: the contract has no Lang key (Pelican's DRAFT_LANG_* remain).
    ours = [
        value
        for key, value in settings.items()
        if key.endswith("_SAVE_AS") and value and not key.startswith("DRAFT_")
    ]
    for record in (
        comments_settings(settings),
        feeds_settings(settings),
        interviews_settings(settings),
    ):
        ours += [
            getattr(record, field.name)
            for field in dataclasses.fields(record)
            if field.name.endswith(("_atom", "_rss", "_save_as", "stylesheet"))
        ]
    ours += [f"{path}/x" for path in settings["STATIC_PATHS"]]
    ours += [f"{settings['THEME_STATIC_DIR']}/x", "pagefind/x"]
    found = first_words(ours)
    assert found <= RESERVED_WORDS, found - RESERVED_WORDS
    assert any(PAGE_OF_LIST in pattern[1] for pattern in settings["PAGINATION_PATTERNS"])
    assert len(found) >= 12  # the check sees the settings, not an empty list
