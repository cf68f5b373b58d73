from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from newsroom.dates import iso, long_date, short_date, short_time

BERLIN = ZoneInfo("Europe/Berlin")
MOMENT = datetime(2014, 9, 4, 22, 51, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("lang", "expected"),
    # English pages follow British conventions, like their og:locale (en_GB).
    [("de", "4. September 2014"), ("en", "4 September 2014")],
)
def test_long_date_uses_babel_not_the_machine_locale(lang, expected):
    assert long_date(MOMENT, lang) == expected


def test_short_date_and_time_in_german():
    assert short_date(MOMENT, "de") == "04.09.2014"
    assert short_time(MOMENT, "de") == "22:51"


def test_german_month_names_with_umlaut():
    assert long_date(datetime(2025, 3, 1, tzinfo=BERLIN), "de") == "1. März 2025"


def test_iso_keeps_the_offset():
    assert iso(MOMENT) == "2014-09-04T22:51:00+02:00"


def test_aware_gives_a_naive_moment_the_zone_and_keeps_an_offset():
    from newsroom.dates import aware

    berlin = ZoneInfo("Europe/Berlin")
    naive = aware(datetime(2026, 6, 1, 10, 30), "Europe/Berlin")
    assert naive.utcoffset().total_seconds() == 2 * 3600
    # 09:00 UTC is after 10:30 in Berlin (08:30 UTC): moments, not wall-clock readings.
    utc = aware(datetime.fromisoformat("2026-06-01T09:00+00:00"), berlin)
    assert utc.utcoffset().total_seconds() == 0
    assert utc > naive
