"""`followups.selectors.next_steps_by_application`: the next-step badge of lists and cards."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followups.factories import FollowUpStepFactory
from followups.models import FollowUpStep
from followups.selectors import next_steps_by_application
from interviews.factories import InterviewFactory, JobApplicationFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC)


def _step(interview, *, due_in_hours, **fields):
    due_at = NOW + dt.timedelta(hours=due_in_hours) if due_in_hours is not None else None
    return FollowUpStepFactory(
        interview=interview, opens_at=NOW - dt.timedelta(days=1), due_at=due_at, **fields
    )


@pytest.fixture
def planned(user):
    """Three applications: one with several open steps (a tie on the earliest due time, a
    step without a due time, closed steps due sooner), one with only closed or undated steps,
    one without steps; and another user's application with a step."""
    busy = InterviewFactory(application__owner=user)
    tie_first = _step(busy, due_in_hours=5)
    _step(busy, due_in_hours=5)
    _step(busy, due_in_hours=48)
    _step(busy, due_in_hours=None)
    _step(busy, due_in_hours=1, status="done")
    _step(busy, due_in_hours=-3, status="skipped")
    quiet = InterviewFactory(application__owner=user)
    _step(quiet, due_in_hours=2, status="done")
    _step(quiet, due_in_hours=None)
    empty = JobApplicationFactory(owner=user)
    theirs = InterviewFactory()
    _step(theirs, due_in_hours=1)
    return {
        "busy": busy.application,
        "quiet": quiet.application,
        "empty": empty,
        "theirs": theirs.application,
        "tie_first": tie_first,
    }


def test_next_steps_are_the_pending_steps_due_soonest(planned):
    ids = [a.pk for a in planned.values() if hasattr(a, "company_name")]
    steps = next_steps_by_application(ids)
    # What the rule says, in Python: the pending step with a due time that is due first.
    expected = {}
    for step in FollowUpStep.objects.filter(application_id__in=ids).order_by("due_at", "pk"):
        if step.status == "pending" and step.due_at is not None:
            expected.setdefault(step.application_id, step.pk)
    assert {k: s.pk for k, s in steps.items()} == expected
    assert steps[planned["busy"].pk].pk == planned["tie_first"].pk
    assert planned["quiet"].pk not in steps
    assert planned["empty"].pk not in steps


def test_next_steps_only_for_the_applications_asked(planned):
    steps = next_steps_by_application([planned["busy"].pk])
    assert list(steps) == [planned["busy"].pk]


def test_next_steps_of_no_application_reads_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert next_steps_by_application([]) == {}


def test_next_steps_carry_what_the_next_step_badge_shows(planned):
    """One query in all: the kind, window and status are loaded, in aware UTC times."""
    with CaptureQueriesContext(connection) as captured:
        step = next_steps_by_application([planned["busy"].pk])[planned["busy"].pk]
        shown = (step.get_kind_display(), step.opens_at, step.due_at, step.status, step.is_open)
    assert len(captured) == 1
    assert shown[0] == "Send a thank-you note"
    assert shown[2] == NOW + dt.timedelta(hours=5)
    assert shown[2].utcoffset() == dt.timedelta(0)
    assert shown[4] is True
