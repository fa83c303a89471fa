import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pipeline import rules
from pipeline.rules import Staleness, WeekCount

UTC = dt.UTC
NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "column"),
    [
        ("applied", "applied"),
        ("interviewing", "interviewing"),
        ("offer", "offer"),
        ("accepted", "closed"),
        ("rejected", "closed"),
        ("withdrawn", "closed"),
        ("no_response", "closed"),
    ],
)
def test_column_for_status(status, column):
    assert rules.column_for_status(status) == column


def test_column_for_unknown_status_is_an_error():
    with pytest.raises(ValueError, match="unknown"):
        rules.column_for_status("hired")


@pytest.mark.parametrize(
    ("status", "quiet", "expected"),
    [
        ("applied", dt.timedelta(days=13, hours=23), Staleness.FRESH),
        ("applied", dt.timedelta(days=14), Staleness.STALE),
        ("interviewing", dt.timedelta(days=29, hours=23), Staleness.STALE),
        ("interviewing", dt.timedelta(days=30), Staleness.NO_RESPONSE),
        ("applied", dt.timedelta(days=90), Staleness.NO_RESPONSE),
        # An offer waits on the candidate and a closed application on nobody.
        ("offer", dt.timedelta(days=40), Staleness.FRESH),
        ("rejected", dt.timedelta(days=40), Staleness.FRESH),
        ("no_response", dt.timedelta(days=400), Staleness.FRESH),
    ],
)
def test_staleness(status, quiet, expected):
    assert rules.staleness(status=status, last_activity_at=NOW - quiet, now=NOW) is expected


@pytest.mark.parametrize(
    ("status", "applied", "interview_end", "zone", "expected"),
    [
        ("applied", dt.date(2025, 6, 20), None, "UTC", 10),
        # The last interview that has ended restarts the clock.
        ("interviewing", dt.date(2025, 6, 1), dt.datetime(2025, 6, 27, 15, tzinfo=UTC), "UTC", 3),
        # An interview still to come does not.
        ("interviewing", dt.date(2025, 6, 25), dt.datetime(2025, 7, 2, 9, tzinfo=UTC), "UTC", 5),
        # Days count in the user's zone: 12:00 UTC is already the next day in Auckland.
        ("applied", dt.date(2025, 6, 30), None, "Pacific/Auckland", 1),
        ("applied", dt.date(2025, 6, 30), None, "America/Los_Angeles", 0),
        ("offer", dt.date(2025, 6, 1), None, "UTC", None),
        ("rejected", dt.date(2025, 6, 1), None, "UTC", None),
    ],
)
def test_days_waiting(status, applied, interview_end, zone, expected):
    assert (
        rules.days_waiting(
            status=status,
            date_applied=applied,
            last_interview_end=interview_end,
            now=NOW,
            zone=ZoneInfo(zone),
        )
        == expected
    )


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (dt.date(2025, 6, 30), dt.date(2025, 6, 30)),  # a Monday
        (dt.date(2025, 7, 6), dt.date(2025, 6, 30)),  # the Sunday after
        (dt.date(2025, 1, 1), dt.date(2024, 12, 30)),  # across a year
    ],
)
def test_week_starts_on_monday(day, monday):
    assert rules.week_start(day) == monday


def test_weekly_counts_bucket_by_monday_weeks_oldest_first():
    today = dt.date(2025, 7, 2)  # Wednesday
    dates = [
        dt.date(2025, 6, 30),
        dt.date(2025, 7, 2),
        dt.date(2025, 6, 29),  # Sunday: previous week
        dt.date(2025, 4, 6),  # 13 weeks back: outside the chart
    ]
    weeks = rules.weekly_counts(dates, today=today, target=2)
    assert len(weeks) == 12
    assert weeks[-1] == WeekCount(start=dt.date(2025, 6, 30), count=2, met=True)
    assert weeks[-2] == WeekCount(start=dt.date(2025, 6, 23), count=1, met=False)
    assert weeks[0].start == dt.date(2025, 4, 14)
    assert sum(w.count for w in weeks) == 3


def test_weekly_counts_by_day_adds_each_days_applications_to_its_week():
    today = dt.date(2025, 7, 2)  # Wednesday
    per_day = [
        (dt.date(2025, 6, 30), 2),
        (dt.date(2025, 7, 2), 1),
        (dt.date(2025, 6, 29), 3),  # Sunday: previous week
        (dt.date(2025, 4, 6), 5),  # 13 weeks back: outside the chart
    ]
    weeks = rules.weekly_counts_by_day(per_day, today=today, target=3)
    assert len(weeks) == 12
    assert weeks[-1] == WeekCount(start=dt.date(2025, 6, 30), count=3, met=True)
    assert weeks[-2] == WeekCount(start=dt.date(2025, 6, 23), count=3, met=True)
    assert sum(w.count for w in weeks) == 6


def test_weekly_counts_without_target_never_meet():
    weeks = rules.weekly_counts([dt.date(2025, 7, 1)], today=dt.date(2025, 7, 1), target=0)
    assert not any(w.met for w in weeks)


def _weeks(*met):
    start = dt.date(2025, 1, 6)
    return [
        WeekCount(start=start + dt.timedelta(weeks=i), count=int(m), met=m)
        for i, m in enumerate(met)
    ]


@pytest.mark.parametrize(
    ("met", "expected"),
    [
        ((True, True, False), 2),  # this week not met yet: the streak still stands
        ((True, True, True), 3),
        ((True, False, True, False), 1),
        ((False, False), 0),
        ((), 0),
    ],
)
def test_streak(met, expected):
    assert rules.streak(_weeks(*met)) == expected


def test_chart_geometry_scales_to_the_goal_and_tallest_bar():
    weeks = _weeks(True, False)
    weeks[0] = WeekCount(start=weeks[0].start, count=6, met=True)
    chart = rules.streak_chart_geometry(weeks, target=3, width=200, height=118)
    tall, empty = chart.bars
    assert tall.height == pytest.approx(88)  # 118 - 12 above - 18 for the labels
    assert empty.height == 0
    assert tall.y + tall.height == chart.baseline_y
    assert chart.goal_y == pytest.approx(chart.baseline_y - 44)
    assert tall.x < empty.x < 200


def test_chart_without_goal_has_no_goal_line():
    assert rules.streak_chart_geometry(_weeks(False), target=0).goal_y is None


@pytest.mark.parametrize(
    ("days", "shown"),
    [(None, False), (0, False), (6, False), (7, True), (40, True)],
)
def test_days_waiting_show_from_a_week_on(days, shown):
    assert rules.waiting_worth_showing(days) is shown


@pytest.mark.parametrize(
    ("company", "initial"),
    [("Acme", "A"), ("  globex", "G"), ("3M", "3"), ("(Stealth) startup", "S"), ("", "?")],
)
def test_a_companys_avatar_letter(company, initial):
    assert rules.company_initial(company) == initial


@pytest.mark.parametrize(
    ("one", "other"),
    [("Acme", "acme"), ("Acme  Corp", "acme corp"), ("Globex", " GLOBEX ")],
)
def test_a_company_keeps_its_colour_whatever_the_case_and_spacing(one, other):
    assert rules.company_colour(one) == rules.company_colour(other)
    assert 0 <= rules.company_colour(one) < rules.AVATAR_COLOURS


def test_company_colours_spread_over_the_palette():
    colours = {rules.company_colour(f"Company {n}") for n in range(40)}
    assert len(colours) == rules.AVATAR_COLOURS


@pytest.mark.parametrize(
    ("status", "column"),
    [
        ("wishlist", "wishlist"),
        ("applied", "applied"),
        ("interviewing", "interviewing"),
        ("offer", "offer"),
        ("accepted", "closed"),
        ("no_response", "closed"),
    ],
)
def test_each_status_has_its_column(status, column):
    assert rules.column_for_status(status) == column
