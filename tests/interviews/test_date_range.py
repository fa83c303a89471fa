"""Issue 14: a round at year 1 or 9999 made the log, new-round and edit forms answer 500
(reading the wall-clock time in the zone overflowed); the services refuse it too."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import dates
from interviews import services
from interviews.models import Interview

from .helpers import interviewer_rows, round_data

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC)
EDGES = [
    ("Europe/Berlin", "0001-01-01T00:00", "0001-01-01T01:00"),
    ("America/New_York", "9999-12-31T22:00", "9999-12-31T23:00"),
]


@pytest.fixture
def zoned_user(user, request):
    user.time_zone = request.param
    user.save(update_fields=["time_zone"])
    return user


def _round(starts, ends):
    return round_data(starts_at=starts, ends_at=ends) | interviewer_rows([{"name": "Ada"}])


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("zoned_user", "starts", "ends"), EDGES, indirect=["zoned_user"])
def test_the_new_round_form_refuses_years_out_of_range(user_client, zoned_user, starts, ends):
    from interviews.factories import JobApplicationFactory

    application = JobApplicationFactory(owner=zoned_user)
    url = reverse("interviews:interview_create", args=[application.pk])
    response = user_client.post(url, _round(starts, ends))
    assert response.status_code == 200
    assert dates.OUT_OF_RANGE in response.context["form"].errors["starts_at"]
    assert not Interview.objects.exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("zoned_user", "starts", "ends"), EDGES, indirect=["zoned_user"])
def test_the_edit_form_refuses_years_out_of_range(user_client, zoned_user, starts, ends):
    from interviews.factories import InterviewFactory

    interview = InterviewFactory(application__owner=zoned_user)
    before = interview.starts_at
    url = reverse("interviews:interview_update", args=[interview.pk])
    response = user_client.post(url, _round(starts, ends) | interviewer_rows([]))
    assert response.status_code == 200
    assert dates.OUT_OF_RANGE in response.context["form"].errors["starts_at"]
    interview.refresh_from_db()
    assert interview.starts_at == before


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("zoned_user", "starts", "ends"), EDGES, indirect=["zoned_user"])
def test_the_log_form_refuses_years_out_of_range(user_client, zoned_user, starts, ends):
    data = {
        "app-application": "",
        "app-company_name": "Hooli",
        "app-role_title": "Platform Engineer",
    } | _round(starts, ends)
    response = user_client.post(reverse("interviews:log_interview"), data)
    assert response.status_code == 200
    assert not Interview.objects.exists()


@pytest.mark.parametrize(
    "starts",
    [
        dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC),
        dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2101, 1, 1, 0, 0, tzinfo=dt.UTC),
    ],
)
def test_the_services_refuse_a_round_out_of_range(user, starts):
    from interviews.factories import JobApplicationFactory

    application = JobApplicationFactory(owner=user)
    with pytest.raises(ValidationError) as refused:
        services.interview_create(application=application, starts_at=starts, ends_at=starts)
    assert refused.value.message_dict["starts_at"] == [dates.OUT_OF_RANGE]
    assert not Interview.objects.exists()
