import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews import selectors
from interviews.factories import InterviewFactory, JobApplicationFactory
from interviews.models import ApplicationStatus

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC)


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
