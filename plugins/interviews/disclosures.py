"""Disclosure notices: what each `Disclosure:` kind tells the reader, in German and English.

The defaults below can be overridden per kind and language with the setting
``INTERVIEWS_DISCLOSURE_TEXTS = {"partner": {"de": {"title": ..., "text": ...}}}``.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from newsroom.config import SettingsError
from newsroom.headers import DISCLOSURE_KINDS


@dataclass(frozen=True)
class Notice:
    kind: str
    title: str
    text: str


DEFAULT_TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "sponsored": {
        "de": {
            "title": "Anzeige",
            "text": "Dieser Beitrag ist bezahlte Werbung: Ein Auftraggeber hat ihn finanziert. "
            "Wir kennzeichnen ihn deshalb als Anzeige.",
        },
        "en": {
            "title": "Advertisement",
            "text": "This article is paid advertising: a client paid for it, so we label it "
            "as an advertisement.",
        },
    },
    "partner": {
        "de": {
            "title": "Partnerschaft",
            "text": "Im Beitrag genannte Unternehmen oder Personen können Partner oder Sponsoren "
            "unserer Veranstaltungen sein. Auf die redaktionelle Auswahl und Bewertung hat das "
            "keinen Einfluss.",
        },
        "en": {
            "title": "Partnership",
            "text": "Companies or people named in this article may be partners or sponsors of "
            "our events. This does not influence our editorial choices or judgement.",
        },
    },
    "affiliate": {
        "de": {
            "title": "Affiliate-Links",
            "text": "Einige Links in diesem Beitrag sind Affiliate-Links. Kaufen Sie über einen "
            "solchen Link ein, erhalten wir eine Provision; Ihr Preis ändert sich dadurch nicht.",
        },
        "en": {
            "title": "Affiliate links",
            "text": "Some links in this article are affiliate links. If you buy through one, we "
            "receive a commission; your price stays the same.",
        },
    },
    "ai-assisted": {
        "de": {
            "title": "Mit KI-Unterstützung",
            "text": "Bei Recherche, Text oder Grafiken haben uns KI-gestützte Werkzeuge geholfen. "
            "Alle Aussagen hat die Redaktion geprüft; sie beruhen auf eigener Recherche.",
        },
        "en": {
            "title": "AI-assisted",
            "text": "AI tools helped us with research, text or graphics. The editorial team "
            "checked every statement; they rest on our own research.",
        },
    },
    "guest-opinion": {
        "de": {
            "title": "Gastbeitrag",
            "text": "Dieser Beitrag gibt die persönliche Meinung seiner Gastautorin oder seines "
            "Gastautors wieder, nicht unbedingt die der Redaktion.",
        },
        "en": {
            "title": "Guest contribution",
            "text": "This article states the personal opinion of its guest author, not "
            "necessarily that of the editorial team.",
        },
    },
}

SETTING = "INTERVIEWS_DISCLOSURE_TEXTS"


def notices(lang: str, overrides: Mapping) -> dict[str, Notice]:
    """The notice of every kind in ``lang`` (English when a language is unknown)."""
    _check_overrides(overrides)
    result = {}
    for kind in DISCLOSURE_KINDS:
        by_language = {**DEFAULT_TEXTS[kind]}
        for language, texts in overrides.get(kind, {}).items():
            by_language[language] = {**by_language.get(language, {}), **texts}
        texts = by_language.get(lang) or by_language["en"]
        result[kind] = Notice(kind, texts["title"], texts["text"])
    return result


def _check_overrides(overrides: Mapping) -> None:
    for kind, by_language in overrides.items():
        if kind not in DISCLOSURE_KINDS:
            raise SettingsError(
                f'Setting {SETTING} has unknown kind "{kind}"; allowed: '
                + ", ".join(DISCLOSURE_KINDS)
            )
        for language, texts in by_language.items():
            if not isinstance(texts, Mapping) or set(texts) - {"title", "text"}:
                raise SettingsError(
                    f"Setting {SETTING}[{kind!r}][{language!r}] must be a dict with the "
                    f"keys title and text; got {texts!r}"
                )
