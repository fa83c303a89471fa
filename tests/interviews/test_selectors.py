import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followups.factories import FollowUpStepFactory
from followups.selectors import next_steps_by_application
from interviews import selectors
from interviews.factories import InterviewFactory, JobApplicationFactory
from interviews.models import ApplicationStatus

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


def test_most_urgent_steps_agree_with_the_plans_next_steps(planned):
    ids = [a.pk for a in planned.values() if hasattr(a, "company_name")]
    ours = selectors.most_urgent_steps(ids)
    theirs = next_steps_by_application(ids)
    assert {k: s.pk for k, s in ours.items()} == {k: s.pk for k, s in theirs.items()}
    assert ours[planned["busy"].pk].pk == planned["tie_first"].pk
    assert planned["quiet"].pk not in ours
    assert planned["empty"].pk not in ours


def test_most_urgent_steps_only_for_the_applications_asked(planned):
    steps = selectors.most_urgent_steps([planned["busy"].pk])
    assert list(steps) == [planned["busy"].pk]


def test_most_urgent_steps_of_no_application_reads_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.most_urgent_steps([]) == {}


def test_most_urgent_steps_carry_what_the_next_step_badge_shows(planned):
    """One query in all: the kind, window and status are loaded, in aware UTC times."""
    with CaptureQueriesContext(connection) as captured:
        step = selectors.most_urgent_steps([planned["busy"].pk])[planned["busy"].pk]
        shown = (step.get_kind_display(), step.opens_at, step.due_at, step.status, step.is_open)
    assert len(captured) == 1
    assert shown[0] == "Send a thank-you note"
    assert shown[2] == NOW + dt.timedelta(hours=5)
    assert shown[2].utcoffset() == dt.timedelta(0)
    assert shown[4] is True


def test_application_list_rows_carry_the_shown_columns_and_rounds(user):
    with_rounds = JobApplicationFactory(owner=user, company_name="Acme", location="Lyon")
    InterviewFactory.create_batch(2, application=with_rounds)
    JobApplicationFactory(owner=user, company_name="Globex")
    rows = {r.company_name: r for r in selectors.application_list(user=user, sort="company")}
    assert rows["Acme"].rounds == 2
    assert rows["Acme"].location == "Lyon"
    assert rows["Acme"].pk == with_rounds.pk
    assert rows["Globex"].rounds == 0
    assert set(rows["Acme"]._fields) == {*selectors.LIST_COLUMNS, "rounds"}


@pytest.mark.parametrize("sort", [*selectors.LIST_SORTS, "bogus"])
@pytest.mark.parametrize(
    "filters", [{}, {"query": "acm"}, {"status": "open"}, {"status": "offer", "query": "a"}]
)
def test_application_list_counts_rounds_whatever_the_filters_and_sort(user, sort, filters):
    acme = JobApplicationFactory(owner=user, company_name="Acme", status="offer")
    InterviewFactory.create_batch(3, application=acme)
    InterviewFactory(application__owner=user, application__company_name="Acme Two")
    InterviewFactory(application__company_name="Acme, someone else's")
    rows = selectors.application_list(user=user, sort=sort, **filters)
    assert {r.company_name: r.rounds for r in rows}.get("Acme") == 3


def test_application_list_counts_without_the_rounds_subquery(user):
    JobApplicationFactory(owner=user, company_name="Acme")
    with CaptureQueriesContext(connection) as captured:
        assert selectors.application_list(user=user, query="acm").count() == 1
    assert "interviews_interview" not in captured[0]["sql"]


@pytest.mark.parametrize("status", ["", "open", *ApplicationStatus.values, "nonsense"])
def test_matching_count_agrees_with_the_list(user, other_user, status):
    for index, each in enumerate(ApplicationStatus.values):
        JobApplicationFactory.create_batch(index % 3 + 1, owner=user, status=each)
    JobApplicationFactory(owner=other_user, status="offer")
    counts = selectors.status_counts(user=user)
    expected = selectors.application_list(user=user, status=status).count()
    assert selectors.matching_count(counts, status=status) == expected


def test_matching_count_of_a_status_nobody_has_is_zero():
    assert selectors.matching_count({"applied": 3}, status="offer") == 0


def test_interviews_for_detail_keep_the_owner_without_reading_it_again(
    user, django_assert_num_queries
):
    interview = InterviewFactory(application__owner=user, time_zone="")
    user.time_zone = "Asia/Tokyo"  # only the object in hand has it: proof nothing re-read it
    with django_assert_num_queries(1):
        found = selectors.interviews_for_detail(user=user).get(pk=interview.pk)
        found = selectors.owned_by_user(found, user=user)
        assert found.owner is user
        assert found.zone.key == "Asia/Tokyo"
        assert found.application.pk == interview.application.pk


def test_interviews_for_detail_find_only_the_users_rounds(user, other_user):
    theirs = InterviewFactory(application__owner=other_user)
    assert not selectors.interviews_for_detail(user=user).filter(pk=theirs.pk).exists()
