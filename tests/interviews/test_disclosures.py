import pytest

from interviews.disclosures import notices
from newsroom.config import SettingsError
from newsroom.headers import DISCLOSURE_KINDS


def test_every_kind_has_a_german_and_an_english_notice():
    german, english = notices("de", {}), notices("en", {})
    assert set(german) == set(english) == set(DISCLOSURE_KINDS)
    assert german["sponsored"].title == "Anzeige"
    assert english["sponsored"].title == "Advertisement"
    assert all(notice.text for notice in [*german.values(), *english.values()])


def test_an_unknown_language_falls_back_to_english():
    assert notices("fr", {}) == notices("en", {})


def test_an_override_replaces_only_what_it_names():
    changed = notices("de", {"partner": {"de": {"title": "In Partnerschaft"}}})
    assert changed["partner"].title == "In Partnerschaft"
    assert changed["partner"].text == notices("de", {})["partner"].text
    assert changed["sponsored"] == notices("de", {})["sponsored"]


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"werbung": {}}, 'unknown kind "werbung"'),
        ({"partner": {"de": {"titel": "x"}}}, "['partner']['de'] must be a dict"),
        ({"partner": {"de": 3}}, "with the keys title and text; got 3"),
    ],
)
def test_a_wrong_override_is_a_settings_error_naming_it(overrides, named):
    with pytest.raises(SettingsError, match="INTERVIEWS_DISCLOSURE_TEXTS") as refused:
        notices("de", overrides)
    assert named in str(refused.value)
