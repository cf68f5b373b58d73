import logging

from conftest import ROOT
from newsroom.i18n import N_, load_translations

THEME = ROOT / "theme"


def test_the_german_catalogue_translates_the_message_ids():
    german = load_translations(THEME, "de")
    assert german.gettext("Advertisement") == "Anzeige"
    assert N_("Advertisement") == "Advertisement"  # marked for extraction, not translated


def test_english_is_the_language_of_the_message_ids_and_needs_no_catalogue(caplog, tmp_path):
    with caplog.at_level(logging.WARNING):
        english = load_translations(tmp_path, "en")
    assert english.gettext("Advertisement") == "Advertisement"
    assert caplog.messages == []


def test_a_language_without_catalogue_stays_english_with_a_warning(caplog, tmp_path):
    with caplog.at_level(logging.WARNING):
        french = load_translations(tmp_path, "fr")
    assert french.gettext("Advertisement") == "Advertisement"
    assert "No UI translation for language 'fr'" in caplog.text


def test_an_edited_catalogue_is_read_again(tmp_path):
    folder = tmp_path / "translations" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = folder / "messages.po"
    catalogue.write_text('msgid "Search"\nmsgstr "Suche"\n', encoding="utf-8")
    assert load_translations(tmp_path, "de").gettext("Search") == "Suche"
    catalogue.write_text('msgid "Search"\nmsgstr "Suchen"\n', encoding="utf-8")
    assert load_translations(tmp_path, "de").gettext("Search") == "Suchen"
