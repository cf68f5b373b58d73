"""SOCIAL_CARDS_* settings: defaults, and a clear refusal naming the key for bad values."""

import logging

import pytest

from conftest import ROOT, build_site, copy_fixture
from newsroom.config import SettingsError
from social_cards.settings import SocialCardsSettings, check_files, from_pelican

THEME = ROOT / "theme"


def test_defaults_are_the_documented_ones():
    cards = from_pelican({})
    assert cards == SocialCardsSettings()
    assert cards.format == "jpeg" and cards.share_links[0] == "linkedin"
    check_files(cards, THEME)  # the shipped fonts and logo exist


def test_lists_from_the_settings_file_become_tuples():
    cards = from_pelican({"SOCIAL_CARDS_SHARE_LINKS": ["mastodon", "email"]})
    assert cards.share_links == ("mastodon", "email")


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("ACCENT", "gelb", "expected a colour like #0b2545"),
        ("BACKGROUND", "#0b254", "expected a colour like #0b2545"),
        ("FORMAT", "webp", 'expected "jpeg" or "png"'),
        ("JPEG_QUALITY", 100, "expected a number from 1 to 95"),
        ("WORKERS", -1, "expected 0 (one per core) or a positive number"),
        ("TWITTER_SITE", "https://x.com/hafenlicht", 'expected an X handle like "@hafenlicht"'),
        ("OUTPUT_PATH", "../karten", "expected a folder below the output folder"),
        ("MASTODON_SHARE_URL", "/teilen/", "expected a folder below the output folder"),
        ("WORKERS", "2", "expected int"),  # the type check of newsroom.config
    ],
)
def test_a_bad_value_is_refused_naming_the_key(key, value, expected):
    with pytest.raises(SettingsError) as refused:
        from_pelican({f"SOCIAL_CARDS_{key}": value})
    message = str(refused.value)
    assert message.startswith(f"Setting SOCIAL_CARDS_{key} is {value!r}; ")
    assert expected in message


def test_an_unknown_share_link_is_named():
    with pytest.raises(SettingsError) as refused:
        from_pelican({"SOCIAL_CARDS_SHARE_LINKS": ["linkedin", "myspace"]})
    assert str(refused.value) == (
        "Setting SOCIAL_CARDS_SHARE_LINKS names 'myspace'; expected one of: "
        "linkedin, xing, x, facebook, mastodon, whatsapp, email, copy"
    )


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("logo", "img/logo.png", "expected a picture below the theme's static/ folder"),
        ("logo", "static/img/fehlt.png", "expected a file below the theme folder"),
        ("fonts", ("fonts/Fehlt.otf",), "expected a file below the theme folder"),
        ("name_fonts", (), "expected at least one font file"),
    ],
)
def test_missing_theme_files_are_refused_naming_the_key(key, value, expected):
    cards = SocialCardsSettings(**{key: value})
    with pytest.raises(SettingsError, match=f"^Setting SOCIAL_CARDS_{key.upper()} is ") as refused:
        check_files(cards, THEME)
    assert expected in str(refused.value)


def test_a_typo_in_a_key_is_one_warning_with_a_suggestion(caplog):
    with caplog.at_level(logging.WARNING):
        from_pelican({"SOCIAL_CARDS_TWITER_SITE": "@x"})
    (record,) = caplog.records
    assert record.getMessage() == (
        "Unknown setting SOCIAL_CARDS_TWITER_SITE is ignored; "
        "did you mean SOCIAL_CARDS_TWITTER_SITE?"
    )


def test_a_bad_setting_stops_the_build_before_anything_is_written(tmp_path):
    project = copy_fixture("social_cards", tmp_path)
    with pytest.raises(SettingsError, match=r"^Setting SOCIAL_CARDS_FONTS is 'fonts/Fehlt\.otf'"):
        build_site(project, SOCIAL_CARDS_FONTS=["fonts/Fehlt.otf"])
    assert not (project / "output").exists()
