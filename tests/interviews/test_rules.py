import datetime as dt
import zoneinfo

import pytest

from interviews import rules
from interviews.models import ApplicationStatus as S

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("from_status", "to_status", "allowed"),
    [
        (S.APPLIED, S.INTERVIEWING, True),
        (S.APPLIED, S.OFFER, True),
        (S.APPLIED, S.REJECTED, True),
        (S.APPLIED, S.NO_RESPONSE, True),
        (S.APPLIED, S.ACCEPTED, False),  # an offer comes first
        (S.INTERVIEWING, S.OFFER, True),
        (S.INTERVIEWING, S.REJECTED, True),
        (S.INTERVIEWING, S.WITHDRAWN, True),
        (S.INTERVIEWING, S.APPLIED, False),  # nothing goes back to applied
        (S.INTERVIEWING, S.ACCEPTED, False),
        (S.OFFER, S.ACCEPTED, True),
        (S.OFFER, S.WITHDRAWN, True),  # declining an offer
        (S.OFFER, S.NO_RESPONSE, False),
        (S.ACCEPTED, S.WITHDRAWN, True),
        (S.ACCEPTED, S.REJECTED, False),
        (S.ACCEPTED, S.INTERVIEWING, False),
        (S.REJECTED, S.INTERVIEWING, True),  # reopened
        (S.REJECTED, S.OFFER, False),
        (S.WITHDRAWN, S.INTERVIEWING, True),
        (S.NO_RESPONSE, S.INTERVIEWING, True),  # they came back
        (S.NO_RESPONSE, S.OFFER, True),
        (S.NO_RESPONSE, S.REJECTED, True),
        (S.NO_RESPONSE, S.APPLIED, False),
        (S.APPLIED, "hired", False),
        ("unknown", S.OFFER, False),
    ],
)
def test_can_transition(from_status, to_status, allowed):
    assert rules.can_transition(from_status, to_status) is allowed


def test_no_status_moves_to_itself():
    for status in S.values:
        assert not rules.can_transition(status, status)


def test_no_status_is_a_dead_end():
    for status in S.values:
        assert rules.allowed_next_statuses(status), status


@pytest.mark.parametrize(
    ("from_status", "to_status", "label"),
    [
        (S.INTERVIEWING, S.OFFER, "Got an offer"),
        (S.APPLIED, S.INTERVIEWING, "Interviewing"),
        (S.REJECTED, S.INTERVIEWING, "Reopen (interviewing again)"),
        (S.NO_RESPONSE, S.INTERVIEWING, "Reopen (interviewing again)"),
        (S.OFFER, S.WITHDRAWN, "Withdrew"),
    ],
)
def test_transition_label(from_status, to_status, label):
    assert rules.transition_label(from_status, to_status) == label


@pytest.mark.parametrize(
    ("status", "after"),
    [(S.APPLIED, S.INTERVIEWING), (S.INTERVIEWING, None), (S.OFFER, None), (S.REJECTED, None)],
)
def test_status_after_round_logged(status, after):
    assert rules.status_after_round_logged(status) == after


TODAY = dt.date(2026, 3, 14)


@pytest.mark.parametrize(
    ("date_applied", "problem"),
    [
        (TODAY, None),
        (TODAY - dt.timedelta(days=400), None),
        (TODAY + dt.timedelta(days=1), "The date you applied cannot be in the future."),
        (dt.date(2029, 3, 14), "The date you applied cannot be in the future."),
        (dt.date(1990, 1, 1), "That is more than 10 years ago — check the year."),
    ],
)
def test_date_applied_problem(date_applied, problem):
    assert rules.date_applied_problem(date_applied, TODAY) == problem


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (TODAY, None),
        (dt.date(2021, 3, 14), None),
        (dt.date(2028, 3, 14), None),
        (dt.date(1900, 1, 1), "That is more than 5 years ago — check the year."),
        (dt.date(2090, 6, 1), "That is more than 2 years ahead — check the year."),
        (dt.date(2028, 3, 15), "That is more than 2 years ahead — check the year."),
    ],
)
def test_date_in_window_problem(day, problem):
    assert rules.date_in_window_problem(day, TODAY) == problem


def test_years_before_handles_leap_day():
    assert rules.years_before(dt.date(2024, 2, 29), 1) == dt.date(2023, 2, 28)


@pytest.mark.parametrize(
    ("starts_h", "ends_h", "problem"),
    [
        (9, 10, None),
        (9, 9, None),
        (10, 9, "The end is before the start."),
        (9, 9 + 25, "A round lasts at most 24 hours; log a multi-day onsite as rounds."),
    ],
)
def test_round_times_problem(starts_h, ends_h, problem):
    day = dt.datetime(2026, 3, 14, tzinfo=dt.UTC)
    starts, ends = day + dt.timedelta(hours=starts_h), day + dt.timedelta(hours=ends_h)
    assert rules.round_times_problem(starts, ends) == problem


@pytest.mark.parametrize(
    ("wall", "zone", "expected_utc"),
    [
        (dt.datetime(2026, 1, 15, 9, 30), BERLIN, dt.datetime(2026, 1, 15, 8, 30, tzinfo=dt.UTC)),
        (dt.datetime(2026, 7, 15, 9, 30), BERLIN, dt.datetime(2026, 7, 15, 7, 30, tzinfo=dt.UTC)),
        # Clocks go back at 03:00 CEST: 02:30 happens twice; the first one is meant.
        (dt.datetime(2026, 10, 25, 2, 30), BERLIN, dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)),
        (dt.datetime(2026, 3, 8, 14, 0), NEW_YORK, dt.datetime(2026, 3, 8, 18, 0, tzinfo=dt.UTC)),
    ],
)
def test_resolve_local_time(wall, zone, expected_utc):
    resolved = rules.resolve_local_time(wall, zone)
    assert resolved.problem is None
    assert resolved.instant == expected_utc
    assert resolved.instant.tzinfo == dt.UTC


@pytest.mark.parametrize(
    ("wall", "zone", "suggestion"),
    [
        (dt.datetime(2026, 3, 29, 2, 30), BERLIN, "Did you mean 03:30?"),
        (dt.datetime(2026, 3, 8, 2, 15), NEW_YORK, "Did you mean 03:15?"),
    ],
)
def test_resolve_local_time_refuses_a_time_skipped_by_dst(wall, zone, suggestion):
    resolved = rules.resolve_local_time(wall, zone)
    assert resolved.instant is None
    assert "does not exist" in resolved.problem
    assert suggestion in resolved.problem


@pytest.mark.parametrize(
    ("today", "round_day", "applied_on", "expected"),
    [
        # TODAY is Saturday 14 March 2026; its week starts on Monday 9 March.
        (TODAY, TODAY - dt.timedelta(days=3), None, dt.date(2026, 3, 8)),
        (TODAY, TODAY + dt.timedelta(days=3), None, dt.date(2026, 3, 8)),
        (TODAY, dt.date(2026, 2, 20), None, dt.date(2026, 2, 20)),
        (dt.date(2026, 3, 9), dt.date(2026, 3, 9), None, dt.date(2026, 3, 8)),  # a Monday
        (dt.date(2026, 3, 15), dt.date(2026, 3, 15), None, dt.date(2026, 3, 8)),  # a Sunday
        (TODAY, TODAY, dt.date(2026, 3, 11), dt.date(2026, 3, 11)),  # the day they gave
    ],
)
def test_default_date_applied(today, round_day, applied_on, expected):
    assert (
        rules.default_date_applied(today=today, round_day=round_day, applied_on=applied_on)
        == expected
    )


@pytest.mark.parametrize(
    ("next_steps", "date", "instructions", "expected"),
    [
        ("", False, False, ""),
        ("", True, False, "given"),
        ("", False, True, "given"),
        ("not_given", False, True, "not_given"),
        ("given", False, False, "given"),
    ],
)
def test_inferred_next_steps(next_steps, date, instructions, expected):
    assert (
        rules.inferred_next_steps(next_steps, has_decision_date=date, has_instructions=instructions)
        == expected
    )


ROUND_DAY = dt.date(2026, 3, 12)


@pytest.mark.parametrize(
    ("next_steps", "decision", "not_before", "fields"),
    [
        ("given", dt.date(2026, 3, 20), dt.date(2026, 3, 16), set()),
        ("given", ROUND_DAY, None, set()),
        ("not_given", dt.date(2026, 3, 20), None, {"expected_decision_on"}),
        ("given", dt.date(2026, 3, 1), None, {"expected_decision_on"}),
        ("given", None, dt.date(2026, 3, 1), {"do_not_contact_before"}),
        ("not_given", None, None, set()),
    ],
)
def test_next_steps_problems(next_steps, decision, not_before, fields):
    problems = rules.next_steps_problems(
        next_steps=next_steps,
        expected_decision_on=decision,
        do_not_contact_before=not_before,
        round_day=ROUND_DAY,
    )
    assert set(problems) == fields


@pytest.mark.parametrize(
    ("next_steps", "decision", "instructions", "not_before", "stored", "fields"),
    [
        # A blank answer is filled in from what else was recorded.
        ("", None, "", None, "", set()),
        ("", dt.date(2026, 3, 20), "", None, "given", set()),
        ("", None, "Email Priya after Friday.", None, "given", set()),
        # An explicit answer stays, and is checked against the dates.
        ("not_given", None, "Call the recruiter.", None, "not_given", set()),
        ("not_given", dt.date(2026, 3, 20), "", None, "not_given", {"expected_decision_on"}),
        # An inferred "given" is checked too: a date before the round is refused.
        ("", dt.date(2026, 3, 1), "", None, "given", {"expected_decision_on"}),
        ("", None, "", dt.date(2026, 3, 1), "", {"do_not_contact_before"}),
    ],
)
def test_next_steps_answer(next_steps, decision, instructions, not_before, stored, fields):
    answer = rules.next_steps_answer(
        next_steps=next_steps,
        expected_decision_on=decision,
        follow_up_instructions=instructions,
        do_not_contact_before=not_before,
        round_day=ROUND_DAY,
    )
    assert (answer.next_steps, set(answer.problems)) == (stored, fields)
