"""An application whose sending day the user did not remember ("Before this week (I don't
remember exactly)" on the log form) counts in no week of the goal (issue 15)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from interviews import services
from interviews.factories import JobApplicationFactory

BOARD = reverse("pipeline:board")
WEDNESDAY = dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC)


def log_round(user, *, round_day: dt.date, **new_application):
    starts = dt.datetime.combine(round_day, dt.time(14), tzinfo=dt.UTC)
    return services.interview_log(
        owner=user,
        application=None,
        new_application={"company_name": "Hooli", "role_title": "Dev", **new_application},
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    ).application


def weekly_counts(client) -> dict[dt.date, int]:
    return {week.start: week.count for week in client.get(BOARD).context["goal"].weeks}


@pytest.mark.parametrize(
    ("round_day", "applied_on", "known", "counted_week"),
    [
        # Not remembered: a placeholder day before this week, counted nowhere.
        (dt.date(2026, 3, 10), None, False, None),
        (dt.date(2026, 2, 24), None, False, None),  # a round weeks ago: placeholder that day
        # A day given is counted in its week.
        (dt.date(2026, 3, 10), dt.date(2026, 3, 9), True, dt.date(2026, 3, 9)),
        (dt.date(2026, 3, 10), dt.date(2026, 3, 4), True, dt.date(2026, 3, 2)),
    ],
)
def test_only_a_remembered_day_counts_towards_a_week(
    user_client, user, round_day, applied_on, known, counted_week
):
    with time_machine.travel(WEDNESDAY, tick=False):
        extra = {"date_applied": applied_on} if applied_on else {}
        application = log_round(user, round_day=round_day, **extra)
        counts = weekly_counts(user_client)

    assert application.date_applied_known is known
    assert sum(counts.values()) == (1 if counted_week else 0)
    if counted_week:
        assert counts[counted_week] == 1


def test_the_log_form_choice_stores_an_unknown_day(user_client, user):
    with time_machine.travel(WEDNESDAY, tick=False):
        application = log_round(user, round_day=dt.date(2026, 3, 10))
    # The placeholder stays the last day before this week (rules.default_date_applied).
    assert application.date_applied == dt.date(2026, 3, 8)
    assert not application.date_applied_known


def test_giving_the_day_later_counts_it(user_client, user):
    with time_machine.travel(WEDNESDAY, tick=False):
        application = log_round(user, round_day=dt.date(2026, 3, 10))
        services.application_update(application=application, date_applied=dt.date(2026, 3, 3))
        counts = weekly_counts(user_client)

    application.refresh_from_db()
    assert application.date_applied_known
    assert counts[dt.date(2026, 3, 2)] == 1


def test_saving_other_details_keeps_the_day_unknown(user, db):
    with time_machine.travel(WEDNESDAY, tick=False):
        application = log_round(user, round_day=dt.date(2026, 3, 10))
        services.application_update(
            application=application, date_applied=application.date_applied, notes="Met at a fair"
        )
    application.refresh_from_db()
    assert not application.date_applied_known


def test_known_days_still_count_beside_an_unknown_one(user_client, user):
    with time_machine.travel(WEDNESDAY, tick=False):
        JobApplicationFactory(owner=user, date_applied=dt.date(2026, 3, 8))  # last Sunday
        log_round(user, round_day=dt.date(2026, 3, 10))  # placeholder: also last Sunday
        counts = weekly_counts(user_client)
    assert counts[dt.date(2026, 3, 2)] == 1


def test_the_application_page_says_the_day_is_not_remembered(user_client, user):
    with time_machine.travel(WEDNESDAY, tick=False):
        application = log_round(user, round_day=dt.date(2026, 3, 10))
        html = user_client.get(application.get_absolute_url()).content.decode()
    assert "By 8 March 2026" in html and "day not remembered" in html
