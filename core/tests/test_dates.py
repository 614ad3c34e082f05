import datetime

from django.utils import translation

from core.dates import long_date


def test_first_of_the_month_is_written_1er_in_french():
    with translation.override("fr"):
        assert long_date(datetime.date(2026, 5, 1)) == "1er mai 2026"
        assert long_date(datetime.date(2026, 11, 28)) == "28 novembre 2026"
        assert long_date(None) == ""
    with translation.override("en"):
        assert long_date(datetime.date(2026, 5, 1)) == "May 1, 2026"
