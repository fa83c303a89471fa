"""`pipeline.selectors.board`: the board's cards, counts and weekly goal in one query."""

import datetime as dt

import pytest
import time_machine

from followups.factories import FollowUpStepFactory
from followups.models import StepStatus
from interviews.factories import InterviewFactory, JobApplicationFactory
from pipeline import selectors

NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)  # a Monday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def columns_of(board):
    return {column.key: column for column in board.columns}


def card_of(board, application):
    return next(
        card
        for column in board.columns
        for card in column.cards
        if card.application.pk == application.pk
    )


@pytest.mark.parametrize("per_status", [1, 20])
def test_the_board_is_three_queries_whatever_the_number_of_applications(
    user, django_assert_num_queries, per_status
):
    # Counts per status and week, the cards, the cards' next steps.
    statuses = ["applied", "interviewing", "offer", "rejected", "withdrawn"]
    for status in statuses * per_status:
        application = JobApplicationFactory(owner=user, status=status)
        FollowUpStepFactory(interview=InterviewFactory(application=application))

    with django_assert_num_queries(3):
        board = selectors.board(user=user, now=NOW)

    assert board.total == 5 * per_status
    assert sum(len(column.cards) for column in board.columns) == 3 * min(
        per_status, selectors.OPEN_SHOWN
    ) + min(2 * per_status, selectors.CLOSED_SHOWN)


def test_an_empty_account_has_empty_columns_and_no_goal_progress(user):
    board = selectors.board(user=user, now=NOW)

    assert [(c.key, c.total, c.cards) for c in board.columns] == [
        ("wishlist", 0, []),
        ("applied", 0, []),
        ("interviewing", 0, []),
        ("offer", 0, []),
        ("closed", 0, []),
    ]
    assert board.goal.this_week.count == 0
    assert len(board.goal.weeks) == 12


def test_counts_every_application_per_column_and_this_quarters_per_week(user, other_user):
    JobApplicationFactory.create_batch(3, owner=user, status="applied", date_applied=NOW.date())
    JobApplicationFactory(owner=user, status="rejected", date_applied=dt.date(2025, 6, 29))
    JobApplicationFactory(owner=user, status="no_response", date_applied=dt.date(2024, 1, 1))
    JobApplicationFactory(owner=user, status="offer", date_applied=dt.date(2025, 7, 1))  # ahead
    JobApplicationFactory(owner=other_user, status="applied", date_applied=NOW.date())
    # A saved posting is not an application yet: a card, not a count towards the goal.
    JobApplicationFactory(owner=user, status="wishlist", date_applied=NOW.date())

    board = selectors.board(user=user, now=NOW)

    totals = {column.key: column.total for column in board.columns}
    assert totals == {"wishlist": 1, "applied": 3, "interviewing": 0, "offer": 1, "closed": 2}
    assert board.goal.this_week.count == 3  # today's three; not tomorrow's
    assert board.goal.weeks[-2].count == 1  # last Sunday
    assert sum(week.count for week in board.goal.weeks) == 4


def test_each_column_lists_its_most_recently_active_cards_first(user, monkeypatch):
    monkeypatch.setattr(selectors, "OPEN_SHOWN", 2)
    monkeypatch.setattr(selectors, "CLOSED_SHOWN", 1)
    applied = [
        JobApplicationFactory(
            owner=user, status="applied", last_activity_at=NOW - dt.timedelta(days=n)
        )
        for n in range(3)
    ]
    closed = [
        JobApplicationFactory(owner=user, status=status, last_activity_at=NOW - dt.timedelta(n))
        for n, status in enumerate(["withdrawn", "rejected"])
    ]

    columns = columns_of(selectors.board(user=user, now=NOW))
    assert [c.application.pk for c in columns["applied"].cards] == [a.pk for a in applied[:2]]
    assert [c.application.pk for c in columns["closed"].cards] == [closed[0].pk]

    everything = columns_of(selectors.board(user=user, now=NOW, show_all="applied"))
    assert len(everything["applied"].cards) == 3
    assert len(everything["closed"].cards) == 1
    everything = columns_of(selectors.board(user=user, now=NOW, all_closed=True))
    assert len(everything["applied"].cards) == 2
    assert len(everything["closed"].cards) == 2


def test_a_cards_next_step_is_its_earliest_due_open_step(user):
    application = JobApplicationFactory(owner=user, status="interviewing")
    interview = InterviewFactory(application=application, starts_at=NOW - dt.timedelta(days=1))
    soon = NOW + dt.timedelta(days=1)
    FollowUpStepFactory(interview=interview, kind="thank_you", due_at=soon + dt.timedelta(hours=5))
    FollowUpStepFactory(interview=interview, kind="follow_up", due_at=soon)
    FollowUpStepFactory(interview=interview, kind="next_steps", due_at=soon)  # same time, later id
    FollowUpStepFactory(interview=interview, kind="self_evaluation", due_at=None)
    FollowUpStepFactory(interview=interview, kind="thank_you", due_at=NOW, status=StepStatus.DONE)

    step = card_of(selectors.board(user=user, now=NOW), application).next_step

    assert (step.kind, step.due_at, step.label) == (
        "follow_up",
        soon,
        "Follow up with the employer",
    )


def test_closed_cards_show_no_next_step_and_no_waiting_clock(user):
    application = JobApplicationFactory(owner=user, status="rejected")
    FollowUpStepFactory(interview=InterviewFactory(application=application))

    card = card_of(selectors.board(user=user, now=NOW), application)

    assert card.next_step is None
    assert card.days_waiting is None


def test_the_waiting_clock_restarts_at_the_last_interview_that_is_over(user):
    application = JobApplicationFactory(
        owner=user, status="interviewing", date_applied=dt.date(2025, 6, 1)
    )
    InterviewFactory(
        application=application,
        starts_at=NOW - dt.timedelta(days=4, hours=2),
        ends_at=NOW - dt.timedelta(days=4, hours=1),
    )
    InterviewFactory(  # still to come: does not count
        application=application,
        starts_at=NOW + dt.timedelta(days=2),
        ends_at=NOW + dt.timedelta(days=2, hours=1),
    )

    assert card_of(selectors.board(user=user, now=NOW), application).days_waiting == 4


def test_another_users_applications_and_steps_never_show(user, other_user):
    theirs = JobApplicationFactory(owner=other_user, status="applied")
    FollowUpStepFactory(interview=InterviewFactory(application=theirs))

    board = selectors.board(user=user, now=NOW)

    assert board.total == 0
    assert not any(column.cards for column in board.columns)
