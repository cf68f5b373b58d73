"""What an author page lists in a language the person published nothing in."""

from dataclasses import dataclass
from datetime import datetime

from author_bios.work import Elsewhere, work_elsewhere


@dataclass(frozen=True)
class Article:
    title: str
    date: datetime


OLD, NEW = Article("Alt", datetime(2024, 1, 1)), Article("Neu", datetime(2025, 1, 1))
TALK = Article("Gespräch", datetime(2025, 3, 1))


def test_someone_with_work_in_the_pages_language_gets_nothing_else():
    written = {"de": {"katrin": [OLD]}, "en": {"katrin": [NEW]}}
    assert work_elsewhere("en", ["katrin"], written, {}) == {}
    interviews = {"en": {"katrin": [TALK]}}
    assert work_elsewhere("en", ["katrin"], {"de": {"katrin": [OLD]}}, interviews) == {}


def test_what_they_wrote_elsewhere_newest_first_before_their_interviews_there():
    written = {"de": {"katrin": [OLD, NEW]}, "en": {}}
    interviews = {"de": {"katrin": [TALK]}, "en": {}}
    found = work_elsewhere("en", ["katrin"], written, interviews)
    assert found == {"katrin": Elsewhere((NEW, OLD), True, ("de",))}


def test_someone_only_interviewed_elsewhere_gets_those_interviews():
    found = work_elsewhere("en", ["lea"], {"de": {}, "en": {}}, {"de": {"lea": [TALK]}})
    assert found == {"lea": Elsewhere((TALK,), False, ("de",))}


def test_the_languages_are_named_in_the_sites_order_and_nobody_is_left_with_nothing():
    written = {"de": {"ruth": [OLD]}, "en": {}, "fr": {"ruth": [NEW]}}
    found = work_elsewhere("en", ["ruth", "tobias"], written, {})
    assert found == {"ruth": Elsewhere((NEW, OLD), True, ("de", "fr"))}
