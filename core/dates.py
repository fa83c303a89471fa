"""The range of dates Afterview stores: one rule for forms, the import and the services.

Python's `datetime` stops at years 1 and 9999, so `9999-12-31T23:59:59Z` shown in Tokyo, or
`0001-01-01T00:00+12:00` read into UTC, raises `OverflowError` — a 500 on every page that
lists the row. Nobody applies for a job or sits an interview outside 1970 to 2100, and with
instants kept inside that range in UTC, converting to any zone (offsets are at most ±14
hours) stays far from the edges. Pure functions; no Django.
"""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources

FIRST_YEAR = 1970
LAST_YEAR = 2100
FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)
LAST_DAY = dt.date(LAST_YEAR, 12, 31)
# Instants: from the first day's start to the last day's end, in UTC.
FIRST_INSTANT = dt.datetime(FIRST_YEAR, 1, 1, tzinfo=dt.UTC)
END_INSTANT = dt.datetime(LAST_YEAR + 1, 1, 1, tzinfo=dt.UTC)

OUT_OF_RANGE = f"Afterview keeps dates between {FIRST_YEAR} and {LAST_YEAR}: check the year."


def day_in_range(day: dt.date) -> bool:
    """True when a calendar day lies within the supported years."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return FIRST_DAY <= day <= LAST_DAY


def instant_in_range(value: dt.datetime) -> bool:
    """True when an aware instant lies within the supported years, in UTC."""
    try:
        utc = value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return False
    return FIRST_INSTANT <= utc < END_INSTANT


def wall_time_in_range(wall: dt.datetime) -> bool:
    """True when a naive wall-clock time (in any zone) can be converted safely."""
    naive = wall.replace(tzinfo=None)
    return FIRST_INSTANT.replace(tzinfo=None) <= naive < END_INSTANT.replace(tzinfo=None)


def range_problem(value: dt.date | dt.datetime) -> str | None:
    """Why a date, an aware instant or a wall-clock time is outside the range, or None."""
    if isinstance(value, dt.datetime):
        ok = instant_in_range(value) if value.tzinfo else wall_time_in_range(value)
    else:
        ok = day_in_range(value)
    return None if ok else OUT_OF_RANGE


def clamp_instant(value: dt.datetime) -> dt.datetime:
    """An aware instant pulled into the supported range (for showing a stored value that
    predates this rule: a page never fails because of one old row)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        utc = value.astimezone(dt.UTC)
    except OverflowError:
        return END_INSTANT if value.year > FIRST_YEAR else FIRST_INSTANT
    return min(max(utc, FIRST_INSTANT), END_INSTANT)


def in_zone(value: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """`value.astimezone(zone)` that cannot overflow (out-of-range values are clamped)."""
    return clamp_instant(value).astimezone(zone)


# Countries where people write 12/31/2026 (month first). Everywhere else a numeric date
# with the year last is read day first (31/12/2026); year-first dates are never ambiguous.
MONTH_FIRST_COUNTRIES = frozenset(
    {"US", "PR", "GU", "VI", "AS", "MP", "UM", "PH", "FM", "MH", "PW", "BZ"}
)


@functools.cache
def _zone_countries() -> dict[str, str]:
    # zone.tab (shipped with tzdata) maps each canonical zone to its ISO 3166 country.
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    countries = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, zone_name, *_ = line.split("\t")
            countries[zone_name] = country
    return countries


def zone_country(zone_name: str) -> str:
    """The ISO country code of a time zone name ("" when it has none, like UTC)."""
    country = _zone_countries().get(zone_name, "")
    if not country and zone_name.startswith("US/"):
        country = "US"
    return country


def day_first_for(date_order: str, zone_name: str) -> bool:
    """Whether 03/11/2026 means 3 November: the user's setting ("dmy"/"mdy"), else the
    custom of their time zone's country."""
    if date_order in ("dmy", "mdy"):
        return date_order == "dmy"
    return zone_country(zone_name) not in MONTH_FIRST_COUNTRIES
