"""The UI is German by default and complete in German; English is one setting away."""

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from conftest import ROOT

CATALOGUE = ROOT / "theme" / "translations" / "de" / "LC_MESSAGES" / "messages.po"


def template_messages() -> set[str]:
    """Message ids of the templates and of plugins (marked with N_), as `invoke i18n` sees them."""
    found = extract_from_dir(
        str(ROOT),
        method_map=[("theme/templates/**.html", "jinja2"), ("plugins/**.py", "python")],
        options_map={
            "theme/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
        },
        # gettext_in(lang, message): the language switcher's texts (as `invoke i18n` -k).
        keywords={**DEFAULT_KEYWORDS, "gettext_in": (2,)},
    )
    return {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in found
    }


def test_every_ui_text_has_a_german_translation():
    with Path(CATALOGUE).open("rb") as po:
        catalog = read_po(po, locale="de")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = template_messages() - translated
    assert not missing, f"run `invoke i18n` and translate: {sorted(missing)}"


def test_english_ui_is_available(fixture_site):
    site = fixture_site(DEFAULT_LANG="en")
    assert site.ok
    home = site.html("")
    assert home.html["lang"] == "en"
    assert home.h1.get_text() == "Latest articles"
    assert "4 September 2024" in home.get_text()  # British, like og:locale en_GB
    assert home.select_one(".skip-link").get_text() == "Skip to content"


def test_german_ui_by_default(fixture_site):
    home = fixture_site().html("")
    assert home.h1.get_text() == "Neueste Beiträge"
    assert home.select_one(".skip-link").get_text() == "Zum Inhalt springen"
    assert "1\u00a0Min. Lesezeit" in home.get_text()
