"""The supported date range (core.dates): one rule, table-driven."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core import dates

UTC = dt.UTC
TOKYO = ZoneInfo("Asia/Tokyo")
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14, the furthest ahead
BAKER = dt.timezone(dt.timedelta(hours=-12))


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (dt.date(1970, 1, 1), True),
        (dt.date(2100, 12, 31), True),
        (dt.date(1969, 12, 31), False),
        (dt.date(2101, 1, 1), False),
        (dt.date(1, 1, 1), False),
        (dt.date(9999, 12, 31), False),
        (dt.datetime(2026, 11, 4, 9, 30, tzinfo=UTC), True),
        (dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), False),
        (dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=BAKER), False),  # past year 9999 in UTC
        (dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=12))), False),
        (dt.datetime(2100, 12, 31, 23, 59, tzinfo=UTC), True),
        (dt.datetime(2101, 1, 1, 0, 0, tzinfo=UTC), False),
        (dt.datetime(1970, 1, 1, 0, 0, tzinfo=UTC), True),
        (dt.datetime(1970, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=14))), False),
        (dt.datetime(1, 1, 1, 0, 0), False),  # a wall-clock time, read in any zone
        (dt.datetime(9999, 12, 31, 23, 0), False),
        (dt.datetime(2026, 3, 29, 2, 30), True),
    ],
)
def test_the_supported_range(value, ok):
    assert (dates.range_problem(value) is None) is ok


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2100, 12, 31, 23, 59, tzinfo=UTC),
        dt.datetime(1970, 1, 1, 0, 0, tzinfo=UTC),
    ],
)
@pytest.mark.parametrize("zone", [TOKYO, KIRITIMATI, BAKER, ZoneInfo("America/New_York")])
def test_any_value_in_range_converts_to_any_zone(value, zone):
    assert dates.in_zone(value, zone) == value


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), dates.END_INSTANT),
        (dt.datetime(1, 1, 1, tzinfo=UTC), dates.FIRST_INSTANT),
        (dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=12))), dates.FIRST_INSTANT),
    ],
)
def test_a_stored_value_out_of_range_is_shown_clamped_instead_of_crashing(stored, shown):
    assert dates.in_zone(stored, TOKYO) == shown


@pytest.mark.parametrize(
    ("date_order", "zone", "day_first"),
    [
        ("", "America/New_York", False),
        ("", "America/Los_Angeles", False),
        ("", "Asia/Manila", False),
        ("", "Europe/Berlin", True),
        ("", "Europe/London", True),
        ("", "Australia/Sydney", True),
        ("", "UTC", True),
        ("dmy", "America/Chicago", True),
        ("mdy", "Europe/Paris", False),
    ],
)
def test_day_first_comes_from_the_profile_else_the_zones_country(date_order, zone, day_first):
    assert dates.day_first_for(date_order, zone) is day_first
