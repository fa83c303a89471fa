import datetime as dt

import pytest

from references.rules import (
    OVERUSE_MAX_EMPLOYERS,
    OVERUSE_WINDOW_DAYS,
    OveruseWarning,
    employers_in_window,
    overuse_warning,
)

TODAY = dt.date(2026, 3, 31)


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


def test_the_defaults_follow_the_career_rule():
    assert (OVERUSE_MAX_EMPLOYERS, OVERUSE_WINDOW_DAYS) == (3, 30)


@pytest.mark.parametrize(
    ("givings", "expected"),
    [
        ([], 0),
        ([("Acme", days_ago(0))], 1),
        # Day 29 back is the 30th day of the window; day 30 back is outside.
        ([("Acme", days_ago(29))], 1),
        ([("Acme", days_ago(30))], 0),
        # Given "in the future" (a typo) is not counted as recent use.
        ([("Acme", TODAY + dt.timedelta(days=1))], 0),
        # Two roles at one company are one employer, whatever the spelling of its name.
        ([("Acme", days_ago(1)), ("  acme ", days_ago(2))], 1),
        ([("Acme", days_ago(1)), ("Globex", days_ago(2)), ("Initech", days_ago(3))], 3),
    ],
)
def test_employers_in_window(givings, expected):
    assert employers_in_window(givings, today=TODAY) == expected


@pytest.mark.parametrize(
    ("ages", "warns"),
    [
        ([0, 1, 2], False),  # exactly 3: fine
        ([0, 1, 2, 3], True),  # 4 within the window: more than 3
        ([0, 10, 20, 29], True),  # all four inside, the oldest on the window's last day
        ([0, 10, 20, 30], False),  # the oldest just fell out
        ([0, 1, 2, 45, 60], False),  # old history does not count
    ],
)
def test_overuse_warning_boundaries(ages, warns):
    givings = [(f"Company {i}", days_ago(age)) for i, age in enumerate(ages)]
    warning = overuse_warning(givings, today=TODAY)
    assert (warning is not None) is warns


def test_overuse_warning_reports_the_count_and_window():
    givings = [(f"Company {i}", days_ago(i)) for i in range(5)]
    assert overuse_warning(givings, today=TODAY) == OveruseWarning(
        employers=5, window_days=30, limit=3
    )
