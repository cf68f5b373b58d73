from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from newsroom.dates import iso, long_date, short_date, short_time

BERLIN = ZoneInfo("Europe/Berlin")
MOMENT = datetime(2014, 9, 4, 22, 51, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", "4. September 2014"), ("en", "September 4, 2014")],
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
