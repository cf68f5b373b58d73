"""FEEDS_* settings: wrong values are refused with the key and what was expected."""

import pytest

from feeds.settings import FeedsSettings, authority_of, check_files, from_pelican
from newsroom.config import SettingsError


def test_defaults():
    loaded = from_pelican({"SITEURL": ""})
    assert loaded == FeedsSettings()
    assert loaded.paths["site_atom"] == "feeds/atom.xml"
    assert len(loaded.paths) == 14


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("FEEDS_SITEURL", "blog.example", "an absolute address"),
        ("FEEDS_SITEURL", "ftp://blog.example", "an absolute address"),
        ("FEEDS_ID_AUTHORITY", "https://blog.example", "without scheme or port"),
        ("FEEDS_ID_AUTHORITY", "blog.example:8000", "without scheme or port"),
        ("FEEDS_MAX_ITEMS", 0, "at least 1"),
        ("FEEDS_MAX_ITEMS", "20", "expected int"),
        ("FEEDS_FULL_CONTENT", "no", "expected bool"),
        ("FEEDS_HUB_URL", "hub.example", "WebSub hub"),
        ("FEEDS_TAG_ATOM", "thema/atom.xml", "containing {slug}"),
        ("FEEDS_ARTICLE_COMMENTS_RSS", "kommentare.rss.xml", "containing {url}"),
        ("FEEDS_TAG_RSS", "thema/{slug}/{name}.xml", "only placeholder is {slug}"),
        ("FEEDS_SITE_RSS", "/feeds/rss.xml", "below the output folder"),
        ("FEEDS_SITE_RSS", "../rss.xml", "below the output folder"),
        ("FEEDS_SITE_RSS", "feeds/rss", "ending in .xml"),
        ("FEEDS_SITE_RSS", "feeds/atom.xml", "FEEDS_SITE_ATOM has it"),
        ("FEEDS_STYLESHEET", "feeds/feed.xsl", "ending in .css"),
    ],
)
def test_wrong_values_are_refused_naming_the_key(key, value, message):
    with pytest.raises(SettingsError, match=rf"^Setting {key} is .*{message}") as refused:
        from_pelican({key: value})
    assert repr(value) in str(refused.value)


def test_logo_and_icon_must_exist_in_the_theme_or_the_content(tmp_path):
    theme, content = tmp_path / "theme", tmp_path / "content"
    (theme / "static" / "img").mkdir(parents=True)
    (theme / "static" / "img" / "logo.png").write_bytes(b"png")
    (content / "images").mkdir(parents=True)
    (content / "images" / "icon.png").write_bytes(b"png")
    settings = {"THEME": str(theme), "PATH": str(content), "THEME_STATIC_DIR": "theme"}
    check_files(FeedsSettings(logo="theme/img/logo.png", icon="images/icon.png"), settings)
    with pytest.raises(SettingsError, match=r"^Setting FEEDS_ICON is 'theme/img/x.png'; .*exist"):
        check_files(FeedsSettings(logo="theme/img/logo.png", icon="theme/img/x.png"), settings)


@pytest.mark.parametrize(
    ("url", "authority"),
    [
        ("https://blog.example", "blog.example"),
        ("http://localhost:8000", "localhost"),
        ("https://Blog.Example/unter/", "blog.example"),
    ],
)
def test_the_default_authority_is_the_host_without_port(url, authority):
    assert authority_of(url) == authority
